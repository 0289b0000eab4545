"""Persian punctuation and the spacing rules of Persian typography."""

import pytest

from pipeline.normalize import normalize_text

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("وزیر گفت : جلسه تمام شد .", "وزیر گفت: جلسه تمام شد."),
        ("تهران ، مشهد و تبریز", "تهران، مشهد و تبریز"),
        ("نخست ؛ دوم", "نخست؛ دوم"),
        ("آیا آمد ؟", "آیا آمد؟"),
        ("چه خبر !", "چه خبر!"),
    ],
)
def test_no_space_before_punctuation(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("وزیر گفت:جلسه تمام شد.", "وزیر گفت: جلسه تمام شد."),
        ("تهران،مشهد،تبریز", "تهران، مشهد، تبریز"),
        ("جلسه تمام شد.نشست بعدی فردا است", "جلسه تمام شد. نشست بعدی فردا است"),
    ],
)
def test_one_space_after_punctuation_before_a_word(raw, expected):
    assert normalize_text(raw) == expected


def test_no_space_inside_guillemets_one_outside():
    assert normalize_text("او گفت« جلسه تمام شد »و رفت") == "او گفت «جلسه تمام شد» و رفت"


def test_no_space_inside_brackets():
    assert normalize_text("سازمان ملل ( UN ) بیانیه داد") == "سازمان ملل (UN) بیانیه داد"


def test_straight_quotes_around_persian_become_guillemets():
    assert normalize_text('او گفت "جلسه تمام شد" و رفت') == "او گفت «جلسه تمام شد» و رفت"


def test_latin_comma_semicolon_question_after_persian_become_persian():
    raw = "تهران, مشهد; تبریز و شیراز?"
    assert normalize_text(raw) == "تهران، مشهد؛ تبریز و شیراز؟"


def test_latin_punctuation_in_latin_text_is_kept():
    assert normalize_text("Reuters, AP; AFP?") == "Reuters, AP; AFP?"


def test_three_dots_become_an_ellipsis_without_space_before():
    assert normalize_text("و اما ... ادامه دارد") == "و اما… ادامه دارد"


def test_spaced_dots_become_an_ellipsis_at_once():
    # Not «...» first and «…» on a second pass: normalizing is idempotent.
    assert normalize_text("او گفت . . . و رفت") == "او گفت… و رفت"


def test_repeated_marks_are_reduced():
    assert normalize_text("واقعا؟؟؟!!!") == "واقعا؟!"
    assert normalize_text("عالی بود!!!") == "عالی بود!"
