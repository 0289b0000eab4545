"""The public API: what it returns, what it keeps, and that it is total and idempotent."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import NormalizedText, normalize, normalize_lines, normalize_text

pytestmark = pytest.mark.unit

# Persian and Arabic letters, marks, tatweel, digits of three scripts, Latin, punctuation,
# every kind of space and line break, ZWNJ, controls and bidi overrides.
_ALPHABET = (
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئءأؤيكىةۀھےٱ"
    "\u064b\u064e\u0650\u0651\u0652\u0654\u0670ـ"
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
    "abcXYZ@/:-_%"
    ".,;:!?؟،؛«»\"'()[]{}…–—*|"
    " \t\u00a0\u2009\n\r\u2028\x85\x0b\x0c"
    "\u200c\u200b\u200d\u200e\u200f\u202a\u202b\u202e\u2066\ufeff\x00\x07\u00ad"
    "\ufefb\ufe8e\ufdf2\ufdfa"
)
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_PIECES = st.sampled_from(["می ", "ها", "های", "ای", "ترین", " ", "ه", "بی", "انتهای پیام", "..."])
_TEXT = st.lists(st.one_of(st.text(alphabet=_ALPHABET, max_size=12), _PIECES), max_size=30).map(
    "".join
)


def test_normalize_returns_text_and_counts_of_what_changed():
    result = normalize("علي 12 كتاب خريد")
    assert isinstance(result, NormalizedText)
    assert result.text == "علی ۱۲ کتاب خرید"
    assert result.counts["chars_unified"] == 3
    assert result.counts["digits"] == 2


def test_each_run_of_spaces_fixed_is_counted():
    # Two doubled spaces, a tab run, a space before a line break and one at the end.
    result = normalize("وزیر  امروز  در\t\t جلسه \nگفت ")
    assert result.text == "وزیر امروز در جلسه\nگفت"
    assert result.counts["spaces_fixed"] == 5


@pytest.mark.parametrize(("raw", "runs"), [("وزیر  \nگفت", 1), ("  سلام", 1), ("خبر \n خوب", 2)])
def test_each_run_of_spaces_at_a_line_end_is_counted_once(raw, runs):
    assert normalize(raw).counts["spaces_fixed"] == runs


def test_counts_hold_only_what_changed():
    assert normalize("این متن درست است.").counts == {}


def test_normalized_text_is_frozen():
    with pytest.raises(AttributeError):
        normalize("متن").text = "دیگر"


def test_empty_and_blank_text():
    assert normalize_text("") == ""
    assert normalize_text("   ") == ""
    assert normalize_text("\n\n") == "\n\n"


def test_normalize_lines_gives_one_line_per_line():
    lines = ["علي آمد\n", "کتاب ها\r\n", "", "خط\u2028درون خط\n"]
    assert list(normalize_lines(lines)) == ["علی آمد", "کتاب‌ها", "", "خط درون خط"]


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_never_raises_keeps_line_count_and_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert once.count("\n") == len(_LINE_BREAKS.findall(text))
