"""Folding and shingling: the view of a text that deduplication compares.

Normalization upstream may leave spellings inconsistent between two copies of
one story: a republisher strips ZWNJs or turns them into spaces, types Arabic
ي/ك or Arabic-Indic digits. Persian word boundaries are therefore unreliable
(«می‌شود», «می شود», «میشود»; «گفت‌وگو», «گفت وگو»), so shingles are
character n-grams of the text with everything but letters and digits removed:
every spacing variant gives the same grams. Digits are kept, so one day's
figures do not look like the next day's.
"""

from __future__ import annotations

import re

import numpy as np

_FOLD = {
    "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و",
    **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
    **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
}


def _fold_table() -> np.ndarray:
    """Code point -> folded code point, 0 for everything that is not a letter or digit.

    One table lookup per character in numpy is ~30x faster than ``str.translate``
    plus a regular expression.
    """
    table = np.zeros(0x10000, dtype=np.uint32)
    for code in range(0x10000):
        char = chr(code)
        if char.isalnum():
            folded = _FOLD.get(char, char.lower())
            table[code] = ord(folded) if len(folded) == 1 else code
    return table


_TABLE = _fold_table()
_NUMBER = re.compile(r"[0-9]+")

_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_BASE = np.uint64(0x100000001B3)


def compact_codes(text: str) -> np.ndarray:
    """Folded letters and digits only, as code points: spacing, ZWNJ, harakat and
    punctuation fold away (characters outside the BMP are dropped)."""
    # surrogatepass: a lone surrogate (legal in JSON input) must not stop a story.
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    codes = _TABLE[codes[codes < 0x10000]]
    return codes[codes != 0]


def gram_hashes(codes: np.ndarray, size: int) -> np.ndarray:
    """64-bit hashes of every ``size``-character gram, in text order.

    A polynomial rolling hash computed column by column in numpy (``size``
    vector operations instead of one Python call per gram), then the
    splitmix64 finalizer so that the bits are well mixed.
    """
    codes = codes.astype(np.uint64)
    if len(codes) == 0:
        return np.empty(0, np.uint64)
    size = min(size, len(codes))
    count = len(codes) - size + 1
    hashes = np.zeros(count, np.uint64)
    for offset in range(size):
        hashes = hashes * _BASE + codes[offset : offset + count]
    hashes ^= hashes >> np.uint64(30)
    hashes *= _MIX1
    hashes ^= hashes >> np.uint64(27)
    hashes *= _MIX2
    hashes ^= hashes >> np.uint64(31)
    return hashes


def distinct_numbers(compacted: str, count: int) -> list[str]:
    """The first ``count`` different digit runs of the text, in order of first use.

    Distinct, not leading: a copy that repeats a paragraph, drops a line or adds an
    introduction with a date keeps the same figures, in another sequence.
    """
    found: dict[str, None] = {}
    for match in _NUMBER.finditer(compacted):
        found.setdefault(match.group())
        if len(found) == count:
            break
    return list(found)


# «در بخشی از گفت‌وگو با …», «بخش‌هایی از این سخنان», «قسمتی از این مصاحبه», as
# :func:`compact_codes` leaves them: letters only, every spacing and ZWNJ variant alike.
_EXCERPT = re.compile(
    "(?:بخشی|بخشهایی|قسمتی|گزیدهای|گزیده)از(?:این|آن)?"
    "(?:گفتوگو|گفتگو|مصاحبه|سخنان|سخنرانی|نشستخبری)"
)


def declares_excerpt(compacted: str) -> bool:
    """Whether a text (its letters and digits, :func:`compact_codes`) says it is part of
    an interview or a speech: an excerpt run under a lead of its own, which a roundup
    quoting several stories never says."""
    return _EXCERPT.search(compacted) is not None
