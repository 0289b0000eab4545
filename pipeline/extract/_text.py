"""Small text helpers shared by the extraction stages: words with offsets, claimed
spans, lines, and the tables derived from the word lists (``pipeline.wordlists``) and
the gazetteer, loaded once."""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from itertools import accumulate
from typing import Any

from pipeline import wordlists

ZWNJ = "\u200c"

# A word is a run of letters, marks, digits and ZWNJ («می‌شود» stays one word),
# captured: ``split`` then yields gap, word, gap, …, word, gap.
_WORD_SPLIT = re.compile(r"([\w\u200c]+)")
_LINE = re.compile(r"[^\n]+")

FINAL_PUNCTUATION = ".!?؟…:؛;»\"'"
# A letter of any script: a word character but a digit or «_».
LETTER = re.compile(r"[^\W\d_]")
# Between the two ends of a range: «۴ تا ۶ هزار», «۱۵ اردیبهشت تا ۱۵ شهریور».
RANGE_JOINER = re.compile(r"\s*(?:تا|الی|[-–])\s*")


@dataclass(frozen=True, slots=True)
class Words:
    """The words of a text as parallel tuples, index ``i`` for the ``i``-th word."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    # joined[i]: only spaces between word i and i+1, so a name or phrase may run on;
    # False after the last word.
    joined: tuple[bool, ...]


@lru_cache(maxsize=4)
def words_of(text: str) -> Words:
    """The words of the whole ``text`` with their offsets, computed once per text:
    the entities, keywords and stats stages all read the same article text."""
    # One split and a running sum of the parts' lengths, all in C: a Python step
    # (a match object, a tuple) per word was the top of the profile.
    parts = _WORD_SPLIT.split(text)
    bounds = tuple(accumulate(map(len, parts)))
    # Words never touch (a word is a maximal run), so the gaps between them are
    # never empty and "only spaces" is str.isspace.
    return Words(
        words=tuple(parts[1::2]),
        starts=bounds[0:-1:2],
        ends=bounds[1::2],
        joined=(*map(str.isspace, parts[2:-1:2]), False),
    )


def matches_at(
    pattern: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, given (ascending) every offset where a match may
    start: ``pattern`` must not match the empty string.

    A pattern that opens with a lookbehind gets no fast scan from ``re``, which then
    tries it at every offset; the few words that can open a match (a month name, a
    number word) are found far faster with a set lookup over :func:`words_of`.
    """
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)) is not None:
            end = match.end()
            yield match


class Covered:
    """The offsets already claimed by some span, asked whether a new span overlaps them.

    Spans are merged into sorted, disjoint runs, so a question is a bisection; the
    scan of every span taken so far made a story of a few thousand dates quadratic
    (a 1.2 MB paragraph of dates took nine minutes).
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``start:end`` shares an offset with a span added before."""
        # The last run starting before ``end`` has the greatest end of those runs.
        before = bisect_left(self._starts, end)
        return before > 0 and self._ends[before - 1] > start

    def add(self, start: int, end: int) -> None:
        """Claim ``start:end``, merged with the runs it overlaps."""
        first = bisect_right(self._ends, start)
        last = bisect_left(self._starts, end)
        if first < last:
            start = min(start, self._starts[first])
            end = max(end, self._ends[last - 1])
        self._starts[first:last] = [start]
        self._ends[first:last] = [end]


def lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, surrounding spaces excluded."""
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + (len(line) - len(line.lstrip()))
            yield start, start + len(stripped)


@cache
def gazetteer() -> dict[str, Any]:
    """``data/gazetteer.json``: places, organisations, titles, roles and names."""
    return json.loads(files("pipeline.extract").joinpath("data/gazetteer.json").read_text("utf-8"))


stopwords = wordlists.stopwords  # hazm's 389 Persian stopwords


@cache
def word_frequencies() -> dict[str, int]:
    """hazm's lexicon: word → corpus frequency (0 for listed but unseen words)."""
    return {entry.word: entry.frequency for entry in wordlists.hazm_words()}


_PERSONAL_ENDINGS = ("", "م", "ی", "یم", "ید", "ند")
# Verbs used without a prefix in news prose: auxiliaries and modals.
_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
# Verbs used bare, without «می» or «ب», in every person: «هستم», «دارم», «باشیم».
_BARE_VERB_STEMS = (
    "هست", "نیست", "دار", "ندار", "باش", "نباش", "خواه", "نخواه", "کن", "نکن", "شو", "نشو",
    "توان", "نتوان",
)  # fmt: skip
# Without the second person in «ی», which is a noun as often («داری» in «خزانه داری»,
# «هستی»).
_BARE_VERBS = frozenset(
    {"است", "بود", "باید", "نباید", "هست", "نیست"}
    | {stem + ending for stem in _BARE_VERB_STEMS for ending in _PRESENT_ENDINGS if ending != "ی"}
)


def prefixed(prefix: str, stem: str) -> str:
    """A verb stem after «ن» or «ب»: a stem in «آ» opens as «یا» after either («نیامد»,
    «بیاورید»)."""
    if prefix in ("ن", "ب") and stem.startswith("آ"):
        return prefix + "یا" + stem[1:]
    return prefix + stem


@cache
def verb_forms() -> frozenset[str]:
    """Common finite and participle forms of hazm's verb stems («گفت», «کرده‌اند»,
    «می‌شود», «نخواهد»), to tell where a name ends."""
    forms: set[str] = set()
    for past, present in wordlists.verb_stems():
        for negation in ("", "ن"):
            if past:
                stem = prefixed(negation, past)
                forms.update(stem + ending for ending in _PERSONAL_ENDINGS)
                forms.update((stem + "ه", stem + "ه‌اند", stem + "ه‌است", stem + "ن"))
            if present:
                # Bare present stems («میری», «گیری») are mostly nouns and names; only
                # the prefixed forms are verbs beyond doubt.
                for prefix in ("می" + ZWNJ, negation + "می" + ZWNJ, "ب"):
                    forms.update(prefixed(prefix, present) + ending for ending in _PRESENT_ENDINGS)
    forms.update(_BARE_VERBS)
    return frozenset(forms)


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬", "01234567890123456789.,")


def to_ascii_digits(text: str) -> str:
    """«۱۴۰۲/۰۸/۱۵» → «1402/08/15»; the Arabic decimal and thousands marks become . and ,."""
    return text.translate(_DIGITS)
