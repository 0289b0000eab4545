"""Where a Persian sentence ends: one rule for every stage that splits text into sentences
(quote attribution, the sentence count, the fingerprint's opening sentence)."""

from __future__ import annotations

import re

# A run of . ! ? ؟ before whitespace or the text's end ends a sentence, and so does a
# line break. A mark inside a token does not («irna.ir», «3.5»), nor one after a single
# letter (the abbreviations «ج.ا. ایران», «A.P.»), nor one that a closing
# quotation mark follows: «او گفت: «آماده‌ایم.» و رفت.» is one sentence, the quotation a
# part of it. Nor does «…»: news writes it for "and so on" mid-sentence («نیروها و…»).
SENTENCE_END = re.compile(r"(?<!\b\w)[.!?؟]+(?=\s|\Z)|\n")
# A sentence end and the spaces after it: the next sentence starts where this match ends.
_END_AND_SPACES = re.compile(rf"(?:{SENTENCE_END.pattern})[^\S\n]*")


def sentence_starts(text: str) -> list[int]:
    """Where each sentence after the first starts, in order."""
    return [match.end() for match in _END_AND_SPACES.finditer(text)]


def count_sentences(text: str) -> int:
    """How many non-blank sentences ``text`` has (counted in C, no match objects)."""
    return sum(map(bool, map(str.strip, SENTENCE_END.split(text))))
