"""Digit policy: Persian digits in Persian text, Latin digits kept inside Latin tokens."""

import pytest

from pipeline.normalize import normalize_text

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
