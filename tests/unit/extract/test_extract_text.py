"""The fast text helpers agree with the plain regular-expression scans they replace."""

import re
from contextlib import ExitStack
from datetime import date
from itertools import pairwise
from unittest.mock import patch

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.extract import dates, numbers, quotes
from pipeline.extract._text import Covered, matches_at, words_of

pytestmark = pytest.mark.unit

_WORD = re.compile(r"[\w\u200c]+")

# Pieces that open (or nearly open) every pattern scanned by matches_at, and the
# separators that make or break a match.
PIECES = (  # noqa: SIM905
    "سه شنبه سه‌شنبه جمعه ۵ ۱۵ ۵م ام آبان مهر مهر‌ماه مه می دی ربیع الاول ۱۴۰۲ 2023 سال "
    "ماه امروز روز گذشته پس‌فردا فردا ۱۴۰۲/۰۸/۱۵ 2023-11-06 ۱۲٬۵۰۰ ۲٫۵ 2.5 سه هزار میلیون "
    "و بیست نه درصد ٪ گفت گفتند اظهار داشت اظهار‌داشت خاطر نشان کرد می‌گوید a1 _"
).split() + [":", "/", ".", ",", "٬", "،", "\n", "\u200c", "  ", "\t"]
texts = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", "\u200c", "\n"])),
    max_size=30,
).map(lambda parts: "".join(piece + gap for piece, gap in parts))


@settings(max_examples=300, deadline=None)
@given(text=texts | st.text(max_size=60))
def test_words_of_matches_the_word_scan(text):
    words = words_of(text)
    expected = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    assert list(zip(words.words, words.starts, words.ends, strict=True)) == expected
    gaps_are_spaces = [not text[a[2] : b[1]].strip() for a, b in pairwise(expected)]
    assert list(words.joined) == [*gaps_are_spaces, False]


def _every_offset(pattern, text, starts):
    return pattern.finditer(text)


@settings(max_examples=300, deadline=None)
@given(text=texts)
@example(text="دیروز سه شنبه ۵ ام آبان ۱۴۰۲، جمعه ۱۵م مهر\u200cماه سال ۱۴۰۲ و ربیع الاول ۱۴۴۵")
@example(text="وی اظهار داشت: ۱۲٬۵۰۰ هزار و ۲۰ درصد در ۱۴۰۲/۰۸/۱۵ «روز گذشته» خاطر نشان کرد :")
def test_trying_patterns_at_word_openings_misses_no_match(text):
    def run():
        return (
            dates.find_dates(text, date(2023, 11, 6)),
            numbers.find_numbers(text, []),
            quotes.find_quotes(text, []),
        )

    found = run()
    with ExitStack() as stack:
        for module in (dates, numbers, quotes):
            stack.enter_context(patch.object(module, "matches_at", _every_offset))
        assert found == run()


def test_matches_at_every_offset_is_finditer():
    text = "یک دو\u200cسه، چهار"
    assert [m.span() for m in matches_at(_WORD, text, range(len(text)))] == [
        m.span() for m in _WORD.finditer(text)
    ]


def test_no_reporting_verb_of_several_words_opens_with_a_short_word():
    # quotes tries only words whose first four letters open a verb (see _OPENING).
    for verb in quotes.REPORTING_VERBS:
        first, *rest = verb.split()
        assert not rest or len(first) >= quotes._OPENING.stop, verb


spans = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=20,
)


@settings(max_examples=500, deadline=None)
@given(added=spans, asked=spans)
def test_covered_answers_like_a_scan_of_every_span_added(added, asked):
    covered = Covered()
    for start, end in added:
        covered.add(start, end)
    for start, end in asked:
        expected = any(s < end and start < e for s, e in added)
        assert covered.overlaps(start, end) == expected, (start, end)
