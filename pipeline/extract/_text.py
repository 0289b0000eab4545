"""Small text helpers shared by the extraction stages: tokens with offsets, lines,
sentences, and hazm's word lists loaded once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import NamedTuple

from hazm.utils import default_stopwords, default_verbs, default_words

ZWNJ = "\u200c"

# A word is a run of letters, marks, digits and ZWNJ; «می‌شود» stays one token.
_WORD = re.compile(r"[\w\u200c]+")
_LINE = re.compile(r"[^\n]+")
# A sentence ends at . ! ? ؟ or … (not inside a number like ۲٫۵), or at a line end.
_SENTENCE = re.compile(r"[^.!?؟…\n]+(?:[.!?؟…]+|$)", re.MULTILINE)

FINAL_PUNCTUATION = ".!?؟…:؛;»\"'"


class Token(NamedTuple):
    text: str
    start: int
    end: int


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of ``text[start:end]`` with offsets into ``text``."""
    if start == 0 and end is None:
        return list(_all_tokens(text))
    end = len(text) if end is None else end
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


@lru_cache(maxsize=4)
def _all_tokens(text: str) -> tuple[Token, ...]:
    # Several stages tokenize the same article text; do it once. tuple.__new__
    # skips the NamedTuple's generated constructor, the top entry of the profile.
    make = tuple.__new__
    return tuple([make(Token, (m.group(), m.start(), m.end())) for m in _WORD.finditer(text)])


def lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, surrounding spaces excluded."""
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + (len(line) - len(line.lstrip()))
            yield start, start + len(stripped)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, surrounding spaces excluded."""
    for match in _SENTENCE.finditer(text):
        sentence = match.group()
        stripped = sentence.strip()
        if stripped:
            start = match.start() + (len(sentence) - len(sentence.lstrip()))
            yield start, start + len(stripped)


@cache
def stopwords() -> frozenset[str]:
    """hazm's 389 Persian stopwords."""
    with open(default_stopwords, encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


@cache
def word_frequencies() -> dict[str, int]:
    """hazm's lexicon: word → corpus frequency (0 for listed but unseen words)."""
    frequencies: dict[str, int] = {}
    with open(default_words, encoding="utf-8") as handle:
        for line in handle:
            word, _, rest = line.partition("\t")
            count = rest.partition("\t")[0]
            frequencies[word] = int(count) if count.isdigit() else 0
    return frequencies


_PERSONAL_ENDINGS = ("", "م", "ی", "یم", "ید", "ند")
# Verbs used without a prefix in news prose: auxiliaries and modals.
_BARE_VERBS = frozenset(
    "است هست نیست بود خواهد خواهند باید نباید دارد دارند ندارد ندارند کند کنند نکند "  # noqa: SIM905
    "شود شوند نشود باشد باشند نباشد تواند توانند نتواند".split()
)
_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")


@cache
def verb_forms() -> frozenset[str]:
    """Common finite and participle forms of hazm's verb stems («گفت», «کرده‌اند»,
    «می‌شود», «نخواهد»), to tell where a name ends."""
    forms: set[str] = set()
    with open(default_verbs, encoding="utf-8") as handle:
        for line in handle:
            past, _, present = line.strip().partition("#")
            for negation in ("", "ن"):
                if past:
                    stem = negation + past
                    forms.update(stem + ending for ending in _PERSONAL_ENDINGS)
                    forms.update((stem + "ه", stem + "ه‌اند", stem + "ه‌است", stem + "ن"))
                if present:
                    # Bare present stems («میری», «گیری») are mostly nouns and names; only
                    # the prefixed forms are verbs beyond doubt.
                    for prefix in ("می" + ZWNJ, negation + "می" + ZWNJ, "ب"):
                        forms.update(prefix + present + ending for ending in _PRESENT_ENDINGS)
    forms.update(_BARE_VERBS)
    return frozenset(forms)


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬", "01234567890123456789.,")


def to_ascii_digits(text: str) -> str:
    """«۱۴۰۲/۰۸/۱۵» → «1402/08/15»; the Arabic decimal and thousands marks become . and ,."""
    return text.translate(_DIGITS)
