"""Persian punctuation and its spacing.

Rules of Persian typography, as virastar applies them: no space before . ، ؛ : ! ؟ … and
closing » ) ] }, one space after them before a word; none inside « » and brackets. Latin
? , ; become ؟ ، ؛ after Persian text. Straight double quotes around Persian text become
« ». Never joins lines; idempotent.
"""

from __future__ import annotations

import re

from pipeline.normalize.characters import LETTER, MARK

# What counts as Persian before a Latin mark. Digits of either script do: numbers get
# Persian digits only after punctuation, and a second pass must decide the same way.
_PERSIAN = f"{LETTER}{MARK}0-9۰-۹«»؟!"

_ELLIPSIS = re.compile(r"(?:…|\.(?: *\.){2,})(?: *(?:…|\.))*")
_DASHES = (re.compile(r"(?<!-)---(?!-)"), re.compile(r"(?<!-)--(?!-)"))

# Latin marks typed in Persian text, the spaces before them included. Patterns start at
# the mark (found fast; a leading lookbehind would be tried at every position) and the
# callback checks the character before. «?» goes first: a comma or semicolon after it
# must see the «؟» it becomes.
_LATIN_QUESTION = re.compile(r"(?: *\?)+")
_LATIN_LIST = re.compile(r" *(?:,(?![0-9۰-۹])|;)")
_PERSIAN_MARK = {"?": "؟", ",": "،", ";": "؛"}
_QUESTION_CONTEXT = re.compile(f"[{_PERSIAN}\u200c]")
_LIST_CONTEXT = re.compile(f"[{_PERSIAN})\\]}}]")

_REPEATED_MARKS = re.compile("(?!؟!(?![؟!]))[؟!]{2,}")  # «؟!» itself is right

# "…" and “…” around text that starts with a Persian letter become « ».
_QUOTED = re.compile(f'["“]([^"“”«»\\n]*[{LETTER}][^"“”«»\\n]*)["”]')

# No space before these; one after them when a word (or, for the first five, a number)
# follows. One pattern per mark, each starting with its mark: found at memory speed.
_CLOSING_MARKS = ".،؛:!؟…"
_NEEDS_SPACE_AFTER = {
    mark: re.compile(re.escape(mark) + f"(?=[{LETTER}{'0-9۰-۹' if mark in '،؛؟!…' else ''}«])")
    for mark in _CLOSING_MARKS
}

_PAIRS = {"«": "»", "(": ")", "[": "]", "{": "}"}
_ENCLOSED = re.compile(r"([«(\[{]) *([^«»()\[\]{}\n]*?) *([»)\]}])")
_WORD_CHAR = re.compile(r"\w")
# Only a pair with a space inside or a word against it needs work: most texts have none.
_LOOSE_PAIR = re.compile(
    r"[«»()\[\]{}](?:(?<=[«(\[{])(?: |(?<=\w.))|(?<=[»)\]}])(?:(?<= .)|(?=\w)))"
)


def _tight_pair(match: re.Match[str]) -> str:
    opening, inner, closing = match.groups()
    if _PAIRS[opening] != closing or not inner:
        return match.group()
    text = match.string
    start, end = match.start(), match.end()
    before = " " if start and _WORD_CHAR.match(text[start - 1]) else ""
    after = " " if end < len(text) and _WORD_CHAR.match(text[end]) else ""
    return f"{before}{opening}{inner}{closing}{after}"


def _persian_mark(match: re.Match[str]) -> str:
    latin = match.group()
    mark = latin.lstrip(" ")[0]
    context = _QUESTION_CONTEXT if mark == "?" else _LIST_CONTEXT
    start = match.start()
    if start and context.match(match.string, start - 1):
        return _PERSIAN_MARK[mark]
    return latin


def _one_mark(match: re.Match[str]) -> str:
    run = match.group()
    return "؟!" if "!" in run and "؟" in run else run[0]


def fix_punctuation(text: str) -> tuple[str, int]:
    """Persian punctuation marks and spacing. Returns the text and the changes made.

    Marks are rewritten from the shape the text has once quotes, ellipses and brackets are
    settled, so that a second pass finds nothing left to do.
    """
    count = 0
    if '"' in text or "“" in text:
        text, n = _QUOTED.subn(r"«\1»", text)
        count += n
    if ".." in text or ". ." in text or "…" in text:  # spaced dots are an ellipsis too
        text, n = _ELLIPSIS.subn("…", text)
        count += n
    if "--" in text:
        text, a = _DASHES[0].subn("—", text)
        text, b = _DASHES[1].subn("–", text)
        count += a + b
    if _LOOSE_PAIR.search(text):
        tightened = _ENCLOSED.sub(_tight_pair, text)
        count += tightened != text
        text = tightened
    # Spaces are single here (collapsed before punctuation), so a replace is exact.
    for mark in _CLOSING_MARKS:
        if mark in text and f" {mark}" in text:
            count += text.count(f" {mark}")
            text = text.replace(f" {mark}", mark)
    for pattern, probes in ((_LATIN_QUESTION, "?"), (_LATIN_LIST, ",;")):
        if any(probe in text for probe in probes):
            converted = pattern.sub(_persian_mark, text)
            count += sum(converted.count(mark) - text.count(mark) for mark in "؟،؛")
            text = converted
    if ("!" in text or "؟" in text) and any(pair in text for pair in ("!!", "؟؟", "؟!", "!؟")):
        text, n = _REPEATED_MARKS.subn(_one_mark, text)
        count += n
    for mark, pattern in _NEEDS_SPACE_AFTER.items():
        if mark in text:
            text, n = pattern.subn(f"{mark} ", text)
            count += n
    return text, count
