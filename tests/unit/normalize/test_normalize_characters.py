"""Character unification: letters, digits, marks, controls, tatweel, spaces."""

import pytest

from pipeline.normalize import normalize, normalize_text

pytestmark = pytest.mark.unit

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي به كلاس رفت", "علی به کلاس رفت"),  # Arabic yeh and kaf
        ("مصطفى آمد", "مصطفی آمد"),  # alef maksura
        ("جامعة المصطفی", "جامعه المصطفی"),  # teh marbuta
        ("دیر آمدے", "دیر آمدی"),  # Urdu yeh barree
        ("خانۀ ملت", "خانه\u0654 ملت"),  # heh with yeh above: heh + hamza above
        ("ﺳﻼﻡ ﺑﺮ ﺷﻤﺎ", "سلام بر شما"),  # presentation forms, lam-alef ligature
    ],
)
def test_arabic_letters_become_persian(raw, expected):
    assert normalize_text(raw) == expected


def test_diacritics_are_removed_hamza_stays():
    assert normalize_text("حَذفِ اِعرابِ کلمه و مسئلهٔ تأثیر") == "حذف اعراب کلمه و مسئلهٔ تأثیر"


def test_tatweel_inside_a_word_is_removed():
    assert normalize_text("ســــلام بر ایـــران") == "سلام بر ایران"


def test_standalone_tatweel_between_words_becomes_en_dash():
    assert normalize_text("روابط تهران ـ مسکو") == "روابط تهران – مسکو"


def test_tatweel_between_numbers_becomes_en_dash():
    assert normalize_text("سال‌های ۱۳۹۰ـ۱۳۹۵") == "سال‌های ۱۳۹۰–۱۳۹۵"


def test_kashida_dashes_are_counted():
    assert normalize("روابط تهران ـ مسکو ـ پکن").counts["kashida_dashes"] == 2


def test_controls_and_bidi_overrides_are_removed_zwnj_kept():
    raw = "\u202bمی\u200cخواهم\u202c \u200eبروم\u200f\x07 \ufeffامروز"
    assert normalize_text(raw) == "می\u200cخواهم بروم امروز"


def test_controls_removed_are_counted():
    assert normalize("\u202bسلام\u202c\u200f").counts["controls_removed"] == 3


def test_soft_hyphen_between_letters_is_a_zwnj():
    assert normalize_text("کتاب\u00adها") == f"کتاب{ZWNJ}ها"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"کاروان{ZWNJ}{ZWNJ}سرا", f"کاروان{ZWNJ}سرا"),
        (f"{ZWNJ}خانه{ZWNJ} بزرگ", "خانه بزرگ"),
        (f"سلام {ZWNJ}دنیا", "سلام دنیا"),
    ],
)
def test_doubled_and_stray_zwnj_are_cleaned(raw, expected):
    assert normalize_text(raw) == expected


def test_a_zwnj_after_a_letter_that_never_joins_the_next_is_dropped():
    # One site writes a ZWNJ after every «د»: «د‌ولت» is «دولت» on screen and in words.
    raw = f"نمایند{ZWNJ}گان د{ZWNJ}ولت د{ZWNJ}ر جلسه امروز بود{ZWNJ}ند"
    assert normalize_text(raw) == "نمایندگان دولت در جلسه امروز بودند"


def test_a_zwnj_after_a_joining_letter_stays():
    assert normalize_text(f"کتاب{ZWNJ}ها و نامه{ZWNJ}ها") == f"کتاب{ZWNJ}ها و نامه{ZWNJ}ها"


def test_letter_repeated_three_times_is_reduced():
    assert normalize_text("خیلییییی خوب بود") == "خیلی خوب بود"


def test_whitespace_is_collapsed_to_one_space():
    assert normalize_text("  وزیر\t\u00a0 امروز   گفت  ") == "وزیر امروز گفت"


def test_line_breaks_are_kept_one_output_line_per_input_line():
    raw = "خط اول\r\nخط دوم\r\n\nخط چهارم\u2028خط پنجم\n"
    assert normalize_text(raw) == "خط اول\nخط دوم\n\nخط چهارم\nخط پنجم\n"
