"""Digit policy: Persian digits in Persian text, Latin digits kept inside Latin tokens."""

import pytest

from pipeline.normalize import normalize_story, normalize_text

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ساعت 18 جلسه آغاز شد", "ساعت ۱۸ جلسه آغاز شد"),
        ("ساعت ١٨ جلسه آغاز شد", "ساعت ۱۸ جلسه آغاز شد"),  # Arabic-Indic
        ("تورم 12.5 درصد شد", "تورم ۱۲٫۵ درصد شد"),  # decimal point
        ("رشد 96% بود", "رشد ۹۶٪ بود"),
        ("جمعیت 1,250,000 نفر است", "جمعیت ۱٬۲۵۰٬۰۰۰ نفر است"),
        ("ساعت 12:30 روز 1398/01/15", "ساعت ۱۲:۳۰ روز ۱۳۹۸/۰۱/۱۵"),
    ],
)
def test_numbers_in_persian_text_get_persian_digits(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "latin",
    ["https://www.isna.ir/news/98012345", "info2@irna.ir", "H5N1", "F-14", "COVID-19", "%1$s"],
)
def test_digits_inside_latin_tokens_urls_and_emails_stay_latin(latin):
    assert normalize_text(f"نشانی {latin} را ببینید") == f"نشانی {latin} را ببینید"


def test_number_glued_to_a_word_gets_a_space():
    assert normalize_text("مسافت۹کیلومتر است") == "مسافت ۹ کیلومتر است"


def test_ordinal_ending_stays_on_its_number():
    assert normalize_text("در ۲۰امین سالگرد") == "در ۲۰امین سالگرد"


@pytest.mark.parametrize(
    ("story", "rejoined"),
    [
        ("بودجه ۱.\n۵۷ میلیارد دلار است.", "بودجه ۱٫۵۷ میلیارد دلار است."),
        ("تولید به 29.\n59 میلیون بشکه رسید.", "تولید به ۲۹٫۵۹ میلیون بشکه رسید."),
        ("رشد اقتصادی ۶.\n۵ درصد بود.", "رشد اقتصادی ۶٫۵ درصد بود."),
    ],
)
def test_a_decimal_a_crawler_split_over_two_lines_is_rejoined_in_a_story(story, rejoined):
    assert normalize_story(story).text == rejoined


@pytest.mark.parametrize(
    "story",
    ["شمار کشته‌ها به ۱۲.\n۳۰ نفر زخمی شدند.", "در سال ۱۳۹۸.\n۲۰ درصد رشد کرد."],
)
def test_a_sentence_ending_in_a_number_stays_apart_from_the_next(story):
    assert normalize_story(story).text == story


def test_khabar_normalize_keeps_its_lines_and_does_not_rejoin_decimals():
    assert normalize_text("بودجه ۱.\n۵۷ میلیارد") == "بودجه ۱.\n۵۷ میلیارد"


def test_three_digits_of_money_after_a_split_period_are_thousands():
    assert normalize_story("قیمت یورو: 12.\n550 تومان").text == "قیمت یورو: ۱۲٬۵۵۰ تومان"
