"""Persian punctuation and its spacing.

Rules of Persian typography, as virastar applies them: no space before . ، ؛ : ! ؟ … and
closing » ) ] }, one space after them before a word; none inside « » and brackets. Latin
? , ; become ؟ ، ؛ after Persian text. Straight double quotes around Persian text become
« ». Never joins lines; idempotent.
"""

from __future__ import annotations

import re

from pipeline.normalize.characters import LETTER, MARK

# Digits of either script count as Persian context: numbers get Persian digits only
# after punctuation, and a second pass must decide the same way.
_PERSIAN_BEFORE = f"(?<=[{LETTER}{MARK}0-9۰-۹«»؟!\u200c])"

_ELLIPSIS = re.compile(r"(?:…|\.(?: *\.){2,})(?: *(?:…|\.))*")
_DASHES = (re.compile(r"(?<!-)---(?!-)"), re.compile(r"(?<!-)--(?!-)"))

# Latin marks typed in Persian text; the spaces before them go too.
_LATIN_QUESTION = re.compile(f"{_PERSIAN_BEFORE} *\\?+")
_LATIN_COMMA = re.compile(f"(?<=[{LETTER}{MARK}0-9۰-۹«»؟!)\\]}}]) *,(?![0-9۰-۹])")
_LATIN_SEMICOLON = re.compile(f"(?<=[{LETTER}{MARK}0-9۰-۹«»؟!)\\]}}]) *;")

_REPEATED_MARKS = (
    (re.compile(r"[؟!]*(?:؟!|!؟)[؟!]*"), "؟!"),
    (re.compile(r"!{2,}"), "!"),
    (re.compile(r"؟{2,}"), "؟"),
)

# "…" and “…” around text that starts with a Persian letter become « ».
_QUOTED = re.compile(f"[\"“]([^\"“”«»\\n]*[{LETTER}][^\"“”«»\\n]*)[\"”]")

_SPACE_BEFORE_MARK = re.compile(r"(?<=\S) +(?=[.،؛:!؟…])")
_NO_SPACE_AFTER_MARK = re.compile(
    f"(?<=[،؛؟!…])(?=[{LETTER}0-9۰-۹«])|(?<=[.:])(?=[{LETTER}«])"
)

_PAIRS = {"«": "»", "(": ")", "[": "]", "{": "}"}
_ENCLOSED = re.compile(r"([«(\[{]) *([^«»()\[\]{}\n]*?) *([»)\]}])")
_WORD_CHAR = re.compile(r"\w")


def _tight_pair(match: re.Match[str]) -> str:
    opening, inner, closing = match.groups()
    if _PAIRS[opening] != closing or not inner:
        return match.group()
    text = match.string
    start, end = match.start(), match.end()
    before = " " if start and _WORD_CHAR.match(text[start - 1]) else ""
    after = " " if end < len(text) and _WORD_CHAR.match(text[end]) else ""
    return f"{before}{opening}{inner}{closing}{after}"


def fix_punctuation(text: str) -> tuple[str, int]:
    """Persian punctuation marks and spacing. Returns the text and the changes made.

    Marks are rewritten from the shape the text has once quotes, ellipses and brackets are
    settled, so that a second pass finds nothing left to do.
    """
    count = 0
    if '"' in text or "“" in text:
        text, n = _QUOTED.subn(r"«\1»", text)
        count += n
    if ".." in text or "…" in text:
        text, n = _ELLIPSIS.subn("…", text)
        count += n
    if "--" in text:
        text, a = _DASHES[0].subn("—", text)
        text, b = _DASHES[1].subn("–", text)
        count += a + b
    tightened = _ENCLOSED.sub(_tight_pair, text)
    if tightened != text:
        count += 1
        text = tightened
    text, n = _SPACE_BEFORE_MARK.subn("", text)
    count += n
    for pattern, mark, probe in (
        (_LATIN_QUESTION, "؟", "?"),
        (_LATIN_COMMA, "،", ","),
        (_LATIN_SEMICOLON, "؛", ";"),
    ):
        if probe in text:
            text, n = pattern.subn(mark, text)
            count += n
    if "!!" in text or "؟" in text:
        for pattern, mark in _REPEATED_MARKS:
            text, n = pattern.subn(mark, text)
            count += n
    text, n = _NO_SPACE_AFTER_MARK.subn(" ", text)
    return text, count + n
