"""What deduplication must decide, one edit kind at a time (issue 15).

Each test judges an invented Persian story (``republications.py``) and one text derived
from it, the way real sites republish or merely resemble a story, through the public
API only. Where arrival order matters both orders are judged: the copy may reach the
index before the original, and then the original, earlier by timestamp, must become
the canonical story and the copy's verdict be corrected.

``a`` is always the earlier story by timestamp, ``b`` the later one; the outcome is
what a consumer keeping the last record per id ends up with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from pipeline.dedupe import Correction, DedupIndex, Verdict, fingerprint
from tests.unit.dedupe.republications import (
    BANK,
    BANK_REWRITTEN,
    COURT,
    COURT_FOLLOW_UP,
    COVID_MONDAY,
    COVID_TUESDAY,
    DATELINES,
    FIGURED_LEADS,
    FURNITURE,
    GOLD_SATURDAY,
    GOLD_SUNDAY,
    HEADLINES,
    INTERVIEW,
    OWN_LEADS,
    RECIPE_GHEIMEH,
    RECIPE_KUKU,
    SHORT,
    STORIES,
    WATER,
    WATER_REWRITTEN_LEAD,
    arabic_letters,
    brief,
    first_half,
    interview_excerpt,
    latin_digits,
    middle_sentence,
    own_lead_and_trimmed,
    roundup,
    sentences,
    strip_zwnj,
    text,
    trimmed,
    with_dateline,
    with_furniture,
    with_own_lead,
    without_middle_sentence,
    zwnj_to_space,
)

pytestmark = pytest.mark.unit

T0 = 1_790_000_000_000
MINUTE = 60_000
DAY = 24 * 60 * MINUTE
SAME = {"a": None, "b": "a"}
APART = {"a": None, "b": None}
ORDERS = pytest.mark.parametrize("b_first", [False, True], ids=["in_order", "b_arrives_first"])
EACH_STORY = pytest.mark.parametrize("name", sorted(STORIES))


@dataclass
class Outcome:
    canonical: dict[str, str | None]  # id -> its canonical story after all records
    last: dict[str, Verdict | Correction]  # id -> the last record about it
    first: Verdict  # the verdict of the story that arrived first


def judge(a: str, b: str, b_first: bool = False, later: int = 40 * MINUTE) -> Outcome:
    """Judge ``a`` (timestamp T0, IRNA) and ``b`` (``later`` ms after it, ISNA) in the
    given arrival order; replay their verdicts and corrections like a consumer."""
    index = DedupIndex({})
    arrivals = [
        ("a", T0, a, "irna", "https://www.irna.example/news/85012345/"),
        ("b", T0 + later, b, "isna", "https://www.isna.example/news/1403081207411/"),
    ]
    if b_first:
        arrivals.reverse()
    canonical: dict[str, str | None] = {}
    last: dict[str, Verdict | Correction] = {}
    verdicts = []
    for story_id, ingest_ms, body, agency, url in arrivals:
        verdict = index.judge(story_id, ingest_ms, fingerprint(body), agency=agency, url=url)
        verdicts.append(verdict)
        canonical[story_id], last[story_id] = verdict.duplicate_of, verdict
        for correction in verdict.corrections:
            canonical[correction.story_id] = correction.duplicate_of
            last[correction.story_id] = correction
    return Outcome(canonical, last, verdicts[0])


def story(name: str) -> str:
    return text(STORIES[name])


def figures(body: str) -> set[str]:
    return set(re.findall("[۰-۹]+", body))


# -- the same story, whatever the republisher did --------------------------------------------


@ORDERS
@EACH_STORY
def test_a_copy_under_another_outlets_dateline_is_the_same_story(name, b_first):
    copy = with_dateline(story(name), DATELINES[name])
    assert judge(story(name), copy, b_first).canonical == SAME


@ORDERS
@EACH_STORY
def test_a_copy_with_a_lead_sentence_of_its_own_is_the_same_story(name, b_first):
    copy = with_own_lead(story(name), OWN_LEADS[name])
    assert judge(story(name), copy, b_first).canonical == SAME


@ORDERS
@EACH_STORY
@pytest.mark.parametrize("cut", [1, 2])
def test_a_copy_with_its_last_paragraphs_cut_is_the_same_story(name, cut, b_first):
    assert judge(story(name), trimmed(story(name), cut), b_first).canonical == SAME


@ORDERS
@EACH_STORY
@pytest.mark.parametrize("keep", [1, 2])
def test_a_brief_of_the_first_paragraphs_is_the_same_story(name, keep, b_first):
    assert judge(story(name), brief(story(name), keep), b_first).canonical == SAME


@ORDERS
@EACH_STORY
def test_a_copy_that_is_the_first_half_of_the_story_is_the_same_story(name, b_first):
    assert judge(story(name), first_half(story(name)), b_first).canonical == SAME


@ORDERS
@EACH_STORY
def test_a_copy_with_one_sentence_dropped_from_the_middle_is_the_same_story(name, b_first):
    copy = without_middle_sentence(story(name))
    assert middle_sentence(story(name)) not in copy
    assert judge(story(name), copy, b_first).canonical == SAME


@ORDERS
@EACH_STORY
def test_a_copy_with_page_furniture_appended_is_the_same_story(name, b_first):
    copy = with_furniture(story(name))
    assert copy.endswith(FURNITURE)
    assert "کد خبر: ۱۲۳۴۵۶" in copy and "لینک کوتاه:" in copy
    assert judge(story(name), copy, b_first).canonical == SAME


@EACH_STORY
@pytest.mark.parametrize(
    "spell",
    [strip_zwnj, zwnj_to_space, arabic_letters, latin_digits,
     lambda body: latin_digits(arabic_letters(strip_zwnj(body)))],
    ids=["zwnj_stripped", "zwnj_as_space", "arabic_yeh_kaf", "latin_digits", "all_of_them"],
)
def test_a_copy_spelled_differently_is_an_exact_copy(name, spell):
    copy = spell(story(name))
    assert copy != story(name)
    outcome = judge(story(name), copy)
    assert outcome.canonical == SAME
    assert (outcome.last["b"].match, outcome.last["b"].similarity) == ("exact", 1.0)


@ORDERS
@EACH_STORY
def test_a_copy_with_its_own_lead_and_its_end_trimmed_is_the_same_story(name, b_first):
    copy = own_lead_and_trimmed(story(name), OWN_LEADS[name])
    assert judge(story(name), copy, b_first).canonical == SAME


@ORDERS
@EACH_STORY
def test_a_brief_whose_own_lead_brings_a_figure_of_its_own_is_the_same_story(name, b_first):
    lead = FIGURED_LEADS[name]
    assert figures(lead) and not figures(lead) & figures(story(name))
    copy = with_own_lead(brief(story(name), 2), lead)
    assert judge(story(name), copy, b_first).canonical == SAME


@ORDERS
@EACH_STORY
def test_a_brief_under_a_lead_of_its_own_is_the_same_story(name, b_first):
    copy = with_own_lead(brief(story(name), 1), OWN_LEADS[name])
    assert judge(story(name), copy, b_first).canonical == SAME


@ORDERS
def test_a_short_story_with_one_sentence_dropped_is_the_same_story(b_first):
    copy = without_middle_sentence(SHORT)
    assert middle_sentence(SHORT) not in copy
    assert judge(SHORT, copy, b_first).canonical == SAME


@ORDERS
def test_a_short_story_cut_to_its_first_two_sentences_is_the_same_story(b_first):
    copy = " ".join(sentences(SHORT)[0][:2])
    assert judge(SHORT, copy, b_first).canonical == SAME


@ORDERS
def test_a_copy_whose_lead_and_quotes_another_outlet_rewrote_within_hours_is_the_same_story(b_first):
    outcome = judge(text(WATER), text(WATER_REWRITTEN_LEAD), b_first, later=90 * MINUTE)
    assert WATER[0] not in text(WATER_REWRITTEN_LEAD)
    assert figures(text(WATER_REWRITTEN_LEAD)) == figures(text(WATER))
    assert outcome.canonical == SAME
    assert outcome.last["b"].rule == "same-hours"


@ORDERS
def test_an_excerpt_that_says_it_is_part_of_an_interview_is_the_same_story(b_first):
    # A third of the interview under a sentence of the outlet's own: a digest item's
    # figures, but the excerpt says what it is («در بخشی از گفت‌وگو با ایسنا گفت»).
    outcome = judge(text(INTERVIEW), interview_excerpt(declared=True), b_first, later=2 * 60 * MINUTE)
    assert outcome.canonical == SAME
    assert outcome.last["b"].rule == "excerpt"


# -- other stories, however much text they share ----------------------------------------------


@ORDERS
@EACH_STORY
def test_a_roundup_quoting_the_story_whole_among_other_items_is_not_the_story(name, b_first):
    digest = roundup(story(name), HEADLINES[name])
    assert story(name) in digest
    assert digest.count("\n") >= 2 * 8
    assert judge(story(name), digest, b_first).canonical == APART


@ORDERS
def test_answers_of_an_interview_under_a_lead_that_does_not_say_so_are_not_the_same_story(b_first):
    # The same answers, without the line that calls them part of the interview: the
    # shape of a roundup's item, which stays apart.
    outcome = judge(text(INTERVIEW), interview_excerpt(declared=False), b_first, later=2 * 60 * MINUTE)
    assert outcome.canonical == APART


@ORDERS
@pytest.mark.parametrize(
    ("day_one", "day_two"),
    [(COVID_MONDAY, COVID_TUESDAY), (GOLD_SATURDAY, GOLD_SUNDAY)],
    ids=["covid_bulletin", "gold_and_currency_prices"],
)
def test_the_next_day_of_a_daily_series_is_not_the_same_story(day_one, day_two, b_first):
    assert judge(day_one, day_two, b_first, later=DAY).canonical == APART


@ORDERS
def test_a_follow_up_repeating_a_background_paragraph_is_not_the_same_story(b_first):
    follow_up = text(COURT_FOLLOW_UP)
    assert COURT[2] in follow_up
    assert judge(text(COURT), follow_up, b_first, later=DAY).canonical == APART


@ORDERS
def test_a_story_sharing_as_much_with_one_of_the_day_before_is_a_follow_up_not_a_copy(b_first):
    assert judge(text(WATER), text(WATER_REWRITTEN_LEAD), b_first, later=DAY).canonical == APART


@ORDERS
def test_a_follow_up_within_the_hour_repeating_a_background_paragraph_is_not_the_same_story(b_first):
    assert judge(text(COURT), text(COURT_FOLLOW_UP), b_first, later=30 * MINUTE).canonical == APART


@ORDERS
def test_an_independent_write_up_of_the_same_event_is_not_the_same_story(b_first):
    assert judge(text(BANK), text(BANK_REWRITTEN), b_first, later=25 * MINUTE).canonical == APART


@ORDERS
def test_recipe_pages_sharing_a_boilerplate_introduction_are_not_the_same_story(b_first):
    assert judge(RECIPE_KUKU, RECIPE_GHEIMEH, b_first, later=3 * DAY).canonical == APART


# -- the verdict explains itself ----------------------------------------------------------------


def test_an_exact_copy_is_explained_as_exact_with_full_similarity_and_containment():
    verdict = judge(story("court"), strip_zwnj(story("court"))).last["b"]
    assert (verdict.match, verdict.similarity, verdict.containment) == ("exact", 1.0, 1.0)
    notice = verdict.notice("isna", "https://www.isna.example/news/1403081207411/")
    assert (notice.duplicate_of, notice.match, notice.similarity, notice.containment) == (
        "a", "exact", 1.0, 1.0)


@ORDERS
@EACH_STORY
def test_a_trimmed_copy_is_explained_as_near_with_high_containment(name, b_first):
    record = judge(story(name), trimmed(story(name), 1), b_first).last["b"]
    assert record.duplicate_of == "a"
    assert record.match == "near"
    assert 0.5 <= record.similarity < 1.0
    assert 0.7 <= record.containment <= 1.0
    assert record.similarity <= record.containment


@EACH_STORY
def test_a_brief_is_explained_by_its_containment_not_its_similarity(name):
    verdict = judge(story(name), brief(story(name), 1)).last["b"]
    assert verdict.match == "near"
    assert verdict.similarity < 0.5
    assert verdict.containment >= 0.5
    assert verdict.notice("isna").containment == verdict.containment


@EACH_STORY
def test_a_copy_judged_before_its_original_is_corrected_with_its_explanation(name):
    outcome = judge(story(name), with_furniture(story(name)), b_first=True)
    assert not outcome.first.is_duplicate
    correction = outcome.last["b"]
    assert isinstance(correction, Correction)
    notice = correction.notice()
    assert (notice.id, notice.duplicate_of, notice.correction, notice.match) == ("b", "a", True, "near")
    assert notice.agency == "isna"
    assert notice.containment >= 0.7


def test_a_story_that_matches_nothing_has_no_explanation():
    verdict = judge(story("water"), story("transfer")).last["b"]
    assert (verdict.duplicate_of, verdict.match, verdict.containment) == (None, None, None)
    assert verdict.notice("isna") is None


def test_two_stories_ending_in_the_same_page_furniture_stay_apart():
    outcome = judge(with_furniture(story("bank")), with_furniture(story("court")))
    assert outcome.canonical == APART
