"""What counts as the same story: exact copies, trims, briefs; and what does not."""

from dataclasses import replace

import pytest

from pipeline.dedupe import DedupIndex, fingerprint
from tests.unit.dedupe.dedup_stories import (
    DAM,
    DIGEST_INTRO,
    FESTIVAL,
    HOSPITAL,
    ROAD,
    ZAYANDEH,
    arabic_letters,
    cut_dateline,
    rates,
    story,
    strip_zwnj,
)

pytestmark = pytest.mark.unit

T0 = 1_790_000_000_000
MINUTE = 60_000


def judge_pair(first: str, second: str):
    """Index ``first``, then judge ``second`` a few minutes later."""
    index = DedupIndex({})
    assert not index.judge("a", T0, fingerprint(cut_dateline(first)), "irna").is_duplicate
    return index.judge("b", T0 + 5 * MINUTE, fingerprint(cut_dateline(second)), "isna")


def test_republication_with_another_dateline_and_stripped_zwnj_is_exact():
    original = story(DAM, "به گزارش ایرنا، ")
    copy = arabic_letters(strip_zwnj(story(DAM, "به گزارش خبرگزاری ایسنا، ")))
    verdict = judge_pair(original, copy)
    assert (verdict.duplicate_of, verdict.match, verdict.similarity) == ("a", "exact", 1.0)


def test_zwnj_turned_into_spaces_is_exact():
    verdict = judge_pair(story(DAM), story(DAM).replace("\u200c", " "))
    assert verdict.match == "exact"


def test_trimmed_last_paragraph_is_near():
    verdict = judge_pair(story(DAM), story(DAM[:-1]))
    assert (verdict.duplicate_of, verdict.match) == ("a", "near")


def test_brief_of_the_first_paragraphs_is_a_duplicate_by_containment():
    verdict = judge_pair(story(DAM), story(DAM[:2]))
    assert verdict.duplicate_of == "a"
    assert verdict.similarity < 0.5
    assert verdict.containment >= 0.8


# A flash and its story: the flash is the story's first sentence, far shorter than
# the lead MinHash's 40 grams, so only the opening key finds the story.
FLASH = "بارش سنگین برف از بامداد امروز تردد در جاده هراز را متوقف کرد."
SNOWFALL = [
    (
        FLASH + " رئیس پلیس راه استان مازندران گفت که ارتفاع برف در گردنه امامزاده هاشم به "
        "۸۰ سانتی‌متر رسیده و ۲۰۰ خودرو در مسیر گرفتار شده‌اند."
    ),
    (
        "وی افزود: راهداران از ساعت ۴ صبح مشغول برف‌روبی هستند و پیش‌بینی می‌شود محور تا عصر "
        "امروز یک‌طرفه بازگشایی شود؛ تا آن زمان رانندگان از جاده فیروزکوه استفاده کنند."
    ),
    (
        "هواشناسی استان نیز برای دو روز آینده بارش پراکنده و کاهش دما تا ۱۰ درجه زیر صفر را "
        "پیش‌بینی کرده و از مسافران خواسته است زنجیر چرخ همراه داشته باشند."
    ),
]
OPENING = "سخنگوی وزارت امور خارجه در نشست خبری هفتگی خود در تهران به پرسش خبرنگاران پاسخ داد. "


@pytest.mark.parametrize("flash_first", [False, True])
def test_a_one_sentence_flash_of_the_lead_is_a_duplicate_in_either_order(flash_first):
    full = story(SNOWFALL)
    verdict = judge_pair(FLASH, full) if flash_first else judge_pair(full, FLASH)
    assert verdict.duplicate_of == "a"


def test_a_flash_and_its_story_share_their_opening_and_only_the_flash_is_one_sentence():
    flash, full = fingerprint(FLASH), fingerprint(story(SNOWFALL))
    assert flash.opening == full.opening != 0
    assert (flash.one_sentence, full.one_sentence) == (True, False)


def test_a_first_sentence_too_short_to_tell_stories_apart_has_no_opening():
    # 16 letters, under opening_chars: «برف جاده هراز را بست.» may open many stories.
    assert fingerprint("برف جاده هراز را بست. " + story(SNOWFALL)).opening == 0


def test_a_flash_after_a_line_break_keeps_its_opening():
    assert fingerprint("\n" + FLASH).opening == fingerprint(FLASH).opening != 0


def test_stories_that_share_only_their_first_sentence_are_not_duplicates():
    # Neither is a single sentence: a shared formula is no flash.
    assert not judge_pair(OPENING + story(DAM), OPENING + story(ZAYANDEH)).is_duplicate


def test_a_flash_whose_opening_key_meets_a_band_key_of_another_story_is_not_its_duplicate():
    # 24-bit LSH keys collide by chance in a large window; the 32-bit opening decides.
    index = DedupIndex({})
    index.judge("a", T0, fingerprint(story(DAM)), "irna")
    band_key = index._load(0).keys[0]
    colliding = replace(fingerprint(FLASH), opening=band_key | 1 << 24)
    assert not index.judge("b", T0 + 5 * MINUTE, colliding, "isna").is_duplicate


@pytest.mark.parametrize("digest_first", [False, True])
def test_digest_quoting_a_short_story_is_not_that_story(digest_first):
    digest = story([DIGEST_INTRO, *FESTIVAL, *ROAD, *HOSPITAL])
    short = story(ROAD)
    verdict = judge_pair(digest, short) if digest_first else judge_pair(short, digest)
    assert not verdict.is_duplicate


def test_daily_figures_on_the_same_template_are_not_duplicates():
    monday = rates(10, 420_150, 455_300, 530_900, 114_400, 61_250)
    tuesday = rates(11, 421_700, 457_050, 532_100, 114_820, 61_900)
    assert not judge_pair(monday, tuesday).is_duplicate


def test_another_story_on_the_same_topic_is_not_a_duplicate():
    assert not judge_pair(story(DAM), story(ZAYANDEH)).is_duplicate


def test_duplicate_verdict_names_the_update_of_the_canonical_story():
    index = DedupIndex({})
    index.judge("a", T0, fingerprint(story(DAM)), "irna", "https://irna.example/1")
    verdict = index.judge("b", T0 + MINUTE, fingerprint(strip_zwnj(story(DAM))), "isna", "https://isna.example/2")
    verdict = index.judge("c", T0 + 2 * MINUTE, fingerprint(story(DAM[:-1])), "mehr", "https://mehr.example/3")
    assert verdict.update.story_id == "a"
    assert verdict.update.revision == 2
    assert [r["agency"] for r in verdict.update.republished_by] == ["isna", "mehr"]
    assert verdict.notice("mehr").duplicate_of == "a"


def test_judging_an_id_again_changes_nothing():
    index = DedupIndex({})
    index.judge("a", T0, fingerprint(story(DAM)))
    index.judge("b", T0 + MINUTE, fingerprint(story(DAM[:-1])))
    before = dict(index.store)
    again = index.judge("b", T0 + MINUTE, fingerprint(story(DAM[:-1])))
    assert (again.repeated, again.duplicate_of) == (True, "a")
    assert index.store == before


def test_texts_shorter_than_a_gram_are_never_duplicates():
    index = DedupIndex({})
    index.judge("a", T0, fingerprint("عکس"))
    assert not index.judge("b", T0 + MINUTE, fingerprint("عکس")).is_duplicate


def test_two_stories_on_one_template_about_other_people_and_places_stay_apart():
    # A provincial desk's template: the same sentences around another official, city
    # and sum. The second story's first sentence is the template's too, so it is no
    # line of its own before the first story.
    yazd = (
        "به گزارش ایرنا، علی کریمی همچنین از برگزاری نشست مشترک با مسئولان اراک در تیر ماه خبر داد.\n"
        "کارشناسان معتقدند ورزشگاه سرپوشیده می‌تواند ۸۵۰۹ فرصت شغلی تازه در یزد ایجاد کند.\n"
        "علی کریمی در پاسخ به پرسش خبرنگاران گفت: هزینه ورزشگاه سرپوشیده از محل درآمد ۸۵۰۹ میلیاردی استان تامین شد.\n"
        "در مراسم امروز یزد که با حضور علی کریمی برگزار شد، ۸۵۰۹ طرح عمرانی افتتاح شد.\n"
        "علی کریمی معاون استاندار در یزد از آغاز عملیات اجرایی ورزشگاه سرپوشیده با اعتبار ۹ میلیارد تومان خبر داد."
    )
    sari = (
        "به گزارش ایسنا، مهدی صفری معاون استاندار در ساری از آغاز عملیات اجرایی ورزشگاه سرپوشیده با اعتبار ۹ میلیارد تومان خبر داد.\n"
        "مهدی صفری در پاسخ به پرسش خبرنگاران گفت: هزینه ورزشگاه سرپوشیده از محل درآمد ۷۶۷۲ میلیاردی استان تامین شد.\n"
        "مهدی صفری همچنین از برگزاری نشست مشترک با مسئولان اراک در تیر ماه خبر داد.\n"
        "کارشناسان معتقدند ورزشگاه سرپوشیده می‌تواند ۷۶۷۲ فرصت شغلی تازه در ساری ایجاد کند."
    )
    assert not judge_pair(yazd, sari).is_duplicate
