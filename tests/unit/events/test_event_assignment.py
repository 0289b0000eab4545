"""How a story is assigned to an event: one behaviour a test (issue 20)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.events.index as index_module
from pipeline.events import EventIndex, EventSettings, StorySignals
from pipeline.events.scoring import join_bound, other_figures, tehran_day
from tests.unit.events.event_stories import (
    CARPET_FAIR,
    DAY_MS,
    FIRE,
    FIRE_MENTION,
    FIRE_OUT,
    FIRE_REACTION,
    FIRE_SHIRAZ,
    HOUR_MS,
    LIBRARY,
    QUAKE,
    QUAKE_DEBRIS,
    QUAKE_SUBTITLED,
    QUAKE_TOLL,
    QUAKE_VILLAGES,
    RESIGNS,
    RESIGNS_WHY,
    ROUNDUP,
    T0,
    article,
    gold,
    market,
    signals,
)

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]


def test_a_story_sharing_rare_names_and_words_joins_the_earlier_story_s_event():
    index = EventIndex({})
    first = index.assign("q-1", T0, QUAKE, "irna")
    index.assign("l-1", T0 + HOUR_MS, LIBRARY, "isna")
    toll = index.assign("q-2", T0 + 5 * HOUR_MS, QUAKE_TOLL, "mehr")
    assert toll.event_id == first.event_id and not toll.new
    assert toll.decision["via"] == "q-1"


def test_a_story_with_nothing_in_common_starts_an_event():
    index = EventIndex({})
    quake = index.assign("q-1", T0, QUAKE)
    library = index.assign("l-1", T0 + HOUR_MS, LIBRARY)
    assert library.new and library.event_id != quake.event_id
    assert library.decision == {"story": "l-1", "joined": False, "roundup": False}


def test_the_decision_says_which_signals_matched_with_their_scores():
    index = EventIndex({})
    index.assign("q-1", T0, QUAKE)
    signals_ = {s["signal"]: s for s in index.assign("q-2", T0 + HOUR_MS, QUAKE_TOLL).decision["signals"]}
    assert set(signals_) == {"entities", "keywords", "words", "places", "dates", "gap"}
    assert "سی‌سخت" in signals_["entities"]["matched"]
    assert signals_["entities"]["score"] > 0 and signals_["places"]["score"] == 1.0


def test_a_story_after_the_window_starts_a_new_event_and_the_old_one_is_forgotten():
    store: dict[str, bytes] = {}
    index = EventIndex(store, EventSettings(window_days=3))
    first = index.assign("q-1", T0, QUAKE)
    later = index.assign("q-2", T0 + 3 * DAY_MS + HOUR_MS, QUAKE_TOLL)
    assert later.new and later.event_id != first.event_id
    assert len(index) == 1 and len([k for k in store if k != "#"]) == 1


def test_a_follow_up_the_next_day_joins_within_the_window():
    index = EventIndex({})
    first = index.assign("q-1", T0, QUAKE)
    assert index.assign("q-2", T0 + DAY_MS, QUAKE_TOLL).event_id == first.event_id


def test_another_day_of_a_recurring_series_is_another_event():
    index = EventIndex({})
    monday = index.assign("g-1", T0, gold(18, "۵۸", "افزایش قیمت در آغاز هفته"))
    tuesday = index.assign("g-2", T0 + DAY_MS, gold(19, "۵۹", "سکه گران‌تر شد"))
    assert tuesday.new and tuesday.decision["refused_series"] == [monday.event_id]


def test_two_days_of_a_price_report_are_two_events_whatever_their_titles():
    index = EventIndex({})
    monday = index.assign("m-1", T0, market(
        "دلار در بازار آزاد به ۱۵۴۰۰ تومان رسید", "۱۵۴۰۰", "۱۷۱۲۰", "۵۸۲۰"))
    tuesday = index.assign("m-2", T0 + DAY_MS, market(
        "کاهش قیمت یورو و سکه در بازار تهران", "۱۵۲۵۰", "۱۶۹۸۰", "۵۷۹۰"))
    assert tuesday.new and tuesday.decision["refused_series"] == [monday.event_id]


def test_a_follow_up_the_next_day_repeating_the_toll_stays_in_its_event():
    index = EventIndex({})
    toll = index.assign("q-1", T0, QUAKE_VILLAGES)
    assert index.assign("q-2", T0 + DAY_MS, QUAKE_DEBRIS).event_id == toll.event_id


def test_a_follow_up_opening_on_the_same_person_is_no_other_day_of_a_series():
    index = EventIndex({})
    resigned = index.assign("p-1", T0, RESIGNS)
    why = index.assign("p-2", T0 + DAY_MS, RESIGNS_WHY)
    assert why.event_id == resigned.event_id and "refused_series" not in why.decision


def _fire(index: EventIndex) -> str:
    """The fire and the report of it put out, five hours later: one event."""
    fire = index.assign("f-1", T0, FIRE)
    index.assign("f-2", T0 + 5 * HOUR_MS, FIRE_OUT)
    return fire.event_id


def test_a_reaction_sharing_names_with_the_event_more_than_with_any_story_joins_it():
    index = EventIndex({})
    fire = _fire(index)
    reaction = index.assign("f-3", T0 + DAY_MS, FIRE_REACTION)
    assert reaction.event_id == fire
    # Matched against the event as a whole: known by its id.
    assert reaction.decision["via"] == fire


def test_a_match_with_the_event_as_a_whole_says_what_its_title_shares():
    index = EventIndex({})
    _fire(index)
    signals_ = {s["signal"]: s for s in index.assign("f-3", T0 + DAY_MS, FIRE_REACTION)
                .decision["signals"]}
    assert "بازار تبریز" in signals_["entities"]["matched"]
    assert set(signals_["title"]["matched"]) == {"بازار", "تبریز"} and signals_["title"]["score"] > 0


def test_a_reaction_matches_no_single_story_of_its_event_enough():
    index = EventIndex({}, EventSettings(profile_threshold=2.0))  # no match on the whole
    fire = _fire(index)
    assert index.assign("f-3", T0 + DAY_MS, FIRE_REACTION).event_id != fire


def test_a_story_whose_title_says_nothing_of_the_event_joins_it_not_as_a_whole():
    index = EventIndex({})
    fire = _fire(index)
    assert index.assign("f-3", T0 + DAY_MS, FIRE_MENTION).event_id != fire


def test_words_title_and_a_place_in_common_without_names_do_not_join_the_event():
    index = EventIndex({})
    fire = _fire(index)
    assert index.assign("c-1", T0 + DAY_MS, CARPET_FAIR).event_id != fire


def test_an_event_quiet_for_more_than_a_day_is_no_longer_matched_as_a_whole():
    index = EventIndex({})
    fire = _fire(index)
    assert index.assign("f-3", T0 + 5 * HOUR_MS + 30 * HOUR_MS, FIRE_REACTION).event_id != fire


def test_a_fire_in_another_city_s_bazaar_joins_no_event_of_the_first():
    index = EventIndex({})
    fire = index.assign("f-1", T0, FIRE)
    index.assign("f-2", T0 + 5 * HOUR_MS, FIRE_OUT)
    index.assign("f-3", T0 + DAY_MS, FIRE_REACTION)
    shiraz = index.assign("s-1", T0 + DAY_MS + HOUR_MS, FIRE_SHIRAZ)
    assert shiraz.new and shiraz.event_id != fire.event_id


def test_a_report_with_details_no_other_story_has_still_joins_the_first():
    index = EventIndex({})
    fire = index.assign("f-1", T0, FIRE)
    assert index.assign("f-2", T0 + 5 * HOUR_MS, FIRE_OUT).event_id == fire.event_id


def test_a_lead_s_unseen_words_counted_whole_keep_the_report_apart():
    index = EventIndex({}, EventSettings(unseen_words=1.0))
    fire = index.assign("f-1", T0, FIRE)
    assert index.assign("f-2", T0 + 5 * HOUR_MS, FIRE_OUT).event_id != fire.event_id


def test_a_report_s_figures_are_its_title_s_and_lead_s_of_two_digits_or_more():
    assert QUAKE_VILLAGES.figures == ("12", "42")  # folded; «۵.۶» of QUAKE is no figure
    assert QUAKE.figures == ()


def test_reports_of_mostly_other_figures_are_other_editions_not_a_follow_up():
    monday = market("قیمت دلار", "۱۵۴۰۰", "۱۷۱۲۰", "۵۸۲۰")
    assert other_figures(monday, market("قیمت دلار", "۱۵۲۵۰", "۱۶۹۸۰", "۵۸۲۰"))
    assert not other_figures(QUAKE_VILLAGES, QUAKE_DEBRIS)  # the toll and villages again
    assert not other_figures(QUAKE, QUAKE_TOLL)  # one figure is no report of figures


def test_an_untitled_story_is_known_by_its_lead_s_first_sentence():
    untitled = StorySignals.of(article(
        None, "شمار مصدومان زلزله سی‌سخت به ۴۲ نفر رسید. امدادگران در روستاها مستقرند."))
    assert untitled.opening == ("شمار", "مصدومان", "زلزله", "سیسخت", "نفر", "رسید")


def test_a_story_without_a_lead_is_known_by_its_first_paragraph():
    """Article schema 2.0: the paragraph is read from its offsets into the text."""
    story = article("آتش‌سوزی در بازار تبریز", "آتش‌سوزی انبار فرش در بازار تبریز مهار شد.")
    story.lead = None
    assert StorySignals.of(story).lead == ("آتشسوزی", "انبار", "فرش", "بازار", "تبریز", "مهار")


def test_a_roundup_gathers_no_story():
    index = EventIndex({})
    roundup = index.assign("r-1", T0, ROUNDUP)
    quake = index.assign("q-1", T0 + HOUR_MS, QUAKE)
    assert roundup.decision["roundup"] and quake.new


def test_a_roundup_title_is_recognised():
    assert ROUNDUP.roundup and not QUAKE.roundup


def test_a_title_with_two_subtitles_is_a_story_not_a_roundup():
    assert not QUAKE_SUBTITLED.roundup


def test_a_report_joins_the_earlier_report_under_a_subtitled_title():
    index = EventIndex({})
    subtitled = index.assign("q-1", T0, QUAKE_SUBTITLED)
    assert index.assign("q-2", T0 + HOUR_MS, QUAKE_VILLAGES).event_id == subtitled.event_id


def test_a_name_in_every_story_does_not_join_stories():
    index = EventIndex({})
    for n in range(12):  # «ایران» in every story of the window: it says nothing
        index.assign(f"x-{n}", T0 + n * 60_000, signals(
            f"خبر شماره {n} درباره موضوع {n}", f"متن کوتاه {n}", ["LOC:ایران", f"PER:فرد {n}"]))
    minister = signals("سفر وزیر خارجه به پکن", "وزیر خارجه ایران امروز وارد پکن شد.",
                       ["LOC:ایران", "LOC:پکن"])
    assert index.assign("m-1", T0 + HOUR_MS, minister).new


def test_on_a_busy_topic_only_the_stories_sharing_most_are_compared(monkeypatch):
    compared = []

    def counting_bound(new, old, *args, **kwargs):
        compared.append(old.id)
        return join_bound(new, old, *args, **kwargs)

    # Every candidate is weighed first by the most it could score.
    monkeypatch.setattr(index_module, "join_bound", counting_bound)
    index = EventIndex({}, EventSettings(candidate_cap=8))
    first = index.assign("q-1", T0, QUAKE)
    # Forty stories of the day, each sharing one word with the next report, none more
    # than eight times (a word in more stories brings no candidates at all).
    shared = ["رئیس", "جمعیت", "امدادگران", "مستقر", "اطراف"]
    for n in range(40):
        index.assign(f"x-{n}", T0 + (n + 1) * 60_000, signals(
            f"گزارش شماره {n}", f"{shared[n % 5]} در گزارش {n}", [f"PER:فرد {n}"]))
    compared.clear()
    toll = index.assign("q-2", T0 + HOUR_MS, QUAKE_TOLL)
    assert len(compared) == 8 and toll.event_id == first.event_id


def test_an_archived_summer_story_has_its_day_on_tehran_s_summer_time():
    # 2020-06-15 19:45 UTC: 00:15 of the 16th in Tehran, on UTC+4:30 until 2022.
    assert tehran_day(1_592_250_300_000) == "2020-06-16"


def _decisions_under_hash_seed(seed: str) -> str:
    script = (
        "import orjson\n"
        "from pipeline.events import EventIndex\n"
        "from tests.unit.events.event_stories import HOUR_MS, LIBRARY, QUAKE, QUAKE_TOLL, T0\n"
        "index = EventIndex({})\n"
        "stories = [('q-1', QUAKE), ('l-1', LIBRARY), ('q-2', QUAKE_TOLL)]\n"
        "print(orjson.dumps([index.assign(i, T0 + n * HOUR_MS, s).decision\n"
        "                    for n, (i, s) in enumerate(stories)]).decode())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, check=True, cwd=ROOT).stdout


def test_a_decision_and_what_it_lists_do_not_depend_on_the_process_s_string_hashing():
    assert _decisions_under_hash_seed("1") == _decisions_under_hash_seed("2")
