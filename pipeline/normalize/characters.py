"""Character-level unification: letters, digits, marks, controls, tatweel and spaces.

Every function takes text whose only line break is "\n", never joins lines, is
idempotent, and returns the new text with the number of changes it made, for metrics.
"""

from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"
# Letters that join the following letter: only after these is a ZWNJ visible.
JOINING = frozenset("بپتثجچحخسشصضطظعغفقکگلمنهیئ")

# Letters an Arabic keyboard or an old CMS produces, written the Persian way.
# «ۀ» (heh with yeh above) becomes heh + hamza above, the decomposed form Persian
# typesetting (and virastar) uses for the ezafe; «ة» becomes «ه» as hazm does.
_LETTERS = {
    "ي": "ی",
    "ى": "ی",
    "ې": "ی",
    "ۍ": "ی",
    "ێ": "ی",
    "ے": "ی",
    "ك": "ک",
    "ڪ": "ک",
    "ػ": "ک",
    "ة": "ه",
    "ۃ": "ه",
    "ہ": "ه",
    "ە": "ه",
    "ھ": "ه",
    "ۀ": "ه\u0654",
    "ٱ": "ا",
}

# Arabic-Indic (٠-٩) and Extended (۰-۹) share one Persian policy: Persian digits.
_ARABIC_INDIC_DIGITS = {chr(0x0660 + i): chr(0x06F0 + i) for i in range(10)}
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
LATIN_TO_PERSIAN_DIGITS = str.maketrans("0123456789", PERSIAN_DIGITS)

# Harakat, tanwin, shadda, sukun and Quranic marks are dropped; hamza above and below
# (U+0654, U+0655) and maddah (U+0653) stay because they are part of the spelling.
_DIACRITICS = [chr(c) for c in range(0x064B, 0x0653)] + [
    chr(c) for c in (*range(0x0656, 0x0660), 0x0670, *range(0x06D6, 0x06EE))
]

# Invisible format characters that scrapers leave behind; ZWNJ (U+200C) is not among them.
_CONTROLS = (
    [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r\x0b\x0c\x1c\x1d\x1e"]
    + [chr(c) for c in range(0x7F, 0xA0) if c != 0x85]
    + ["\u200b", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u2060", "\u180e"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

# Presentation forms (contextual glyphs pasted from PDFs and old pages) decompose to
# their letters, already unified and unmarked: str.translate does not apply its table
# to its own output, and a second pass must find nothing left to do.
_CONTROL = re.compile("[" + re.escape("".join(_CONTROLS)) + "]")
_DROPPED = frozenset(_DIACRITICS + _CONTROLS)
_PRESENTATION = {}
for _code in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)):
    _char = chr(_code)
    _plain = unicodedata.normalize("NFKC", _char)
    if _plain != _char and unicodedata.category(_char) != "Cn":
        _PRESENTATION[_char] = "".join(
            _LETTERS.get(c, c) for c in _plain if c not in _DROPPED
        ).strip()
_PRESENTATION["\ufdfd"] = "بسم الله الرحمن الرحیم"  # a ligature with no decomposition

# A soft hyphen between Persian letters is a ZWNJ typed on some keyboards (virastar agrees).
_SOFT_HYPHEN = "\u00ad"

UNIFY_TABLE = str.maketrans(
    {
        **_PRESENTATION,
        **_LETTERS,
        **_ARABIC_INDIC_DIGITS,
        **dict.fromkeys(_DIACRITICS),
        _SOFT_HYPHEN: ZWNJ,
    }
)
# Speed: str.translate looks every character up in a dict, while str.replace and
# str.count scan at memory speed. The common Arabic letters, digits and marks are
# replaced one by one; the rare rest (presentation forms, controls …) by a regex.
_COMMON = {
    char: UNIFY_TABLE[ord(char)] or ""
    for char in "يكىةۀ\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
    + "".join(_ARABIC_INDIC_DIGITS)
}
_RARE = re.compile(
    "[" + re.escape("".join(sorted({chr(code) for code in UNIFY_TABLE} - set(_COMMON)))) + "]"
)

# Letters of the Arabic script as they stand after unification (no tatweel, no marks).
LETTER = "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff"
MARK = "\u0653-\u0655"

_TATWEEL_INSIDE = re.compile(f"([{LETTER}{MARK}])\u0640+(?=[{LETTER}])")
_TATWEEL_DASH = re.compile("\u0640+")
DASH = "\u2013"  # en dash, as virastar writes a kashida used as a dash

# ZWNJ belongs only between two letters of the script, once.
_ZWNJ_RUN = re.compile(f"{ZWNJ}{{2,}}")
_STRAY_ZWNJ = re.compile(f"{ZWNJ}(?:(?<![{LETTER}{MARK}]{ZWNJ})|(?![{LETTER}]))")
# After a letter that never joins the next («د», «ر», «و», «ا» …) a ZWNJ changes nothing on
# screen; some sites put one after every «د» («د‌ولت»), and words then split in two.
# Virastar drops these too.
_ZWNJ_AFTER_NON_JOINER = re.compile(f"(?<=[اآأإدذرزژوؤة]){ZWNJ}")

# The ezafe after a final «ه» written with a hamza letter («خانهء», «خانه ء») or as an old
# «یی» («خانه‌یی» for «خانه‌ای», virastar agrees) gets its modern form.
_EZAFE_HAMZA = re.compile(f"ه ?ء+(?![{LETTER}])")  # «ء+»: repeats are shortened later
_OLD_INDEFINITE = re.compile(f"ه{ZWNJ}[یئ]ی(?![{LETTER}])")

# Three or more of the same Persian letter never occur in a word: «اعلاممممم» → «اعلام»;
# except «ههه» before «ا»: a word in «ه» with its plural, its ZWNJ lost («دهه‌ها»).
_REPEATED_LETTER = re.compile(f"(?!ههه(?!ه)ا)([{LETTER}])\\1{{2,}}")

# Every kind of space becomes one ASCII space; tab included. A single ASCII space needs
# nothing, so only runs holding another space or two of them are matched.
_OTHER_SPACE = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(f"(?: ?[{_OTHER_SPACE}]| {{2}})[{_OTHER_SPACE} ]*")
_ODD_SPACE = re.compile(f"[{_OTHER_SPACE}]")
_LINE_END_SPACES = re.compile(" *\n *")
# The runs of space that collapse_spaces changes, each counted once: at a line's start
# or end, or holding another space or two of them.
_SPACE_RUN_FIXED = re.compile(
    f"^[{_OTHER_SPACE} ]+|[{_OTHER_SPACE} ]+$|[ ]*[{_OTHER_SPACE}][{_OTHER_SPACE} ]*| {{2,}}",
    re.MULTILINE,
)

# Line separators other than "\n" (CR, CRLF, VT, FF, NEL, LS, PS ...), as str.splitlines
# knows them: each one ends a line, so each becomes one "\n".
LINE_SEPARATORS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
LINE_BREAK = re.compile(f"\r\n|[{LINE_SEPARATORS}]")
INNER_LINE_BREAK = re.compile(f"[{LINE_SEPARATORS}]+")  # inside a line of a stream


def remove_controls(text: str) -> tuple[str, int]:
    """Drop control and bidi characters (ZWNJ is not one). Returns the text and how many."""
    return _CONTROL.subn("", text)


def unify_characters(text: str) -> tuple[str, int]:
    """Map letters, Arabic-Indic digits and presentation forms to Persian; drop marks.
    Returns the text and how many characters changed."""
    text, changed = _RARE.subn(lambda match: UNIFY_TABLE[ord(match.group())] or "", text)
    for char, unified in _COMMON.items():
        if char in text:
            changed += text.count(char)
            text = text.replace(char, unified)
    return text, changed


def fix_tatweel(text: str) -> tuple[str, int, int]:
    """Drop tatweel inside words; turn a free-standing one into a dash.

    Returns the text, the tatweels removed and the dashes made. A tatweel is inside a
    word only with a letter on both sides; «تهران ـ تاشکند» and «۱۱ـ۲۳» keep a dash.
    """
    if "\u0640" not in text:
        return text, 0, 0
    text, removed = _TATWEEL_INSIDE.subn(r"\1", text)
    text, dashes = _TATWEEL_DASH.subn(DASH, text)
    return text, removed, dashes


def fix_zwnj(text: str) -> tuple[str, int]:
    """Collapse doubled ZWNJs and drop those not standing between two letters or after
    a letter that does not join the next."""
    if ZWNJ not in text:
        return text, 0
    text, doubled = _ZWNJ_RUN.subn(ZWNJ, text)
    text, stray = _STRAY_ZWNJ.subn("", text)
    text, idle = _ZWNJ_AFTER_NON_JOINER.subn("", text)
    return text, doubled + stray + idle


def modernise_ezafe(text: str) -> tuple[str, int]:
    """«خانهء» → «خانهٔ», «خانه‌یی» → «خانه‌ای»."""
    text, hamza = _EZAFE_HAMZA.subn("ه\u0654", text) if "ء" in text else (text, 0)
    text, old = _OLD_INDEFINITE.subn(f"ه{ZWNJ}ای", text) if ZWNJ in text else (text, 0)
    return text, hamza + old


def reduce_repeated_letters(word: str) -> str:
    """Shorten a run of three or more identical letters to one (applied word by word)."""
    return _REPEATED_LETTER.sub(r"\1", word)


def collapse_spaces(text: str) -> tuple[str, int]:
    """One ASCII space between words, none at the ends of a line; and how many runs of
    space were fixed."""
    collapsed = text
    # Substring tests first: most texts need none of the substitutions.
    if "  " in collapsed or _ODD_SPACE.search(collapsed):
        collapsed = _SPACES.sub(" ", collapsed)
    if " \n" in collapsed or "\n " in collapsed:
        collapsed = _LINE_END_SPACES.sub("\n", collapsed)
    collapsed = collapsed.strip(" ")
    if collapsed == text:
        return text, 0
    return collapsed, len(_SPACE_RUN_FIXED.findall(text))
