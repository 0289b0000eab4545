"""Digit policy: Persian digits in Persian text, Latin digits left alone inside Latin tokens.

A "Latin token" is a run of printable ASCII containing a Latin letter or «@»: a URL, an
email address, a product or model name («ATM74», «IBM-96», «H5N1»), a format string
(«%1$s»). Its digits stay Latin because they are part of an identifier that must keep
working (or keep being searchable) as written. Any other run of Latin digits becomes
Persian, with its decimal point «٫», thousands separator «٬» and percent sign «٪».
Arabic-Indic digits are unified earlier, in :mod:`characters`.
"""

from __future__ import annotations

import re

from pipeline.normalize.characters import LATIN_TO_PERSIAN_DIGITS, LETTER, PERSIAN_DIGITS

# From a run's first Latin digit to its end; the callback looks left for the rest of the
# ASCII run (a pattern starting with a digit is scanned for fast). Runs are taken after
# punctuation has settled, so a second pass sees the same runs.
_FROM_FIRST_DIGIT = re.compile(r"[0-9][!-~]*")
_LATIN_IDENTIFIER = re.compile(r"[A-Za-z@]")

# By Persian digits (Latin ones are converted first); the digit before is consumed, not
# looked behind, which is faster.
_PERSIAN_DECIMAL = re.compile(r"([۰-۹])\.(?=[۰-۹])")
_PERSIAN_THOUSANDS = re.compile(r"([۰-۹]),(?=[۰-۹]{3}(?![۰-۹]))")
_PERSIAN_PERCENT = re.compile(r"([۰-۹])%")
_HAS_LATIN_DIGIT = re.compile(r"[0-9]")

# A number glued to a word («۹کیلومتر», «مسافت۹») gets a space, as hazm does; ordinal
# endings («۲۰م», «۵ام», «۳مین», «۱۰امین») stay attached.
# Both start with a digit, which the regex engine scans for quickly.
_NUMBER_THEN_WORD = re.compile(f"([۰-۹])(?=[{LETTER}])(?!ا?م(?:ین)?(?![{LETTER}]))")
_WORD_THEN_NUMBER = re.compile(f"[۰-۹](?<=[{LETTER}][۰-۹])")


def _persian_number(match: re.Match[str]) -> str:
    chunk, text, start = match.group(), match.string, match.start()
    while start and "!" <= text[start - 1] <= "~":
        start -= 1
    if _LATIN_IDENTIFIER.search(text, start, match.end()):
        return chunk
    return chunk.translate(LATIN_TO_PERSIAN_DIGITS)  # separators: number_separators


def persian_digits(text: str) -> tuple[str, int]:
    """Write numbers with Persian digits and separators; leave Latin tokens alone.

    Returns the text and the number of Latin digits rewritten.
    """
    if not _HAS_LATIN_DIGIT.search(text):
        return text, 0
    latin = len(_HAS_LATIN_DIGIT.findall(text))
    text = _FROM_FIRST_DIGIT.sub(_persian_number, text)
    return text, latin - len(_HAS_LATIN_DIGIT.findall(text))


def number_separators(text: str) -> tuple[str, int]:
    """Persian decimal point, thousands separator and percent sign by Persian digits."""
    count = 0
    for pattern, separator, probe in (
        (_PERSIAN_DECIMAL, r"\1٫", "."),
        (_PERSIAN_THOUSANDS, r"\1٬", ","),
        (_PERSIAN_PERCENT, r"\1٪", "%"),
    ):
        if probe in text:
            text, n = pattern.subn(separator, text)
            count += n
    return text, count


def space_glued_numbers(text: str) -> tuple[str, int]:
    """Separate a Persian number from a word written against it."""
    text, after = _NUMBER_THEN_WORD.subn(r"\1 ", text)
    text, before = _WORD_THEN_NUMBER.subn(r" \g<0>", text)
    return text, after + before


# A sentence splitter that breaks at every period cuts decimals in two lines: «به مبلغ
# ۱.⏎۵۷ میلیارد دلار», «به ۶.⏎۵ درصد» (every decimal of ir-news's crawl). Rejoined only
# when a scale, percent, currency or unit follows, as a sentence ending in a number
# and the next opening with one («… ۱۲.⏎۳۰ نفر زخمی شدند») must stay apart.
_SPLIT_DECIMAL = re.compile(
    r"\.\n(?=[۰-۹]+ ?(?:[٪%]|(?:درصد|هزار|میلیون|میلیارد|تریلیون"
    r"|دلار|تومان|ریال|یورو|بشکه|کیلومتر|متر|کیلوگرم|تن|ریشتر|درجه)(?![\w\u200c])))"
)
_PERSIAN_DIGIT = frozenset(PERSIAN_DIGITS)


# «۱۲.⏎۵۵۰ تومان»: three digits before a currency after a period are thousands.
_THOUSANDS_OF_MONEY = re.compile(r"[۰-۹]{3} ?(?:تومان|ریال)(?![\w\u200c])")


def _separator(text: str, digits: int) -> str:
    """The mark a split number takes back: «٬» for thousands of money, else «٫»."""
    return "٬" if _THOUSANDS_OF_MONEY.match(text, digits) else "٫"


def rejoin_split_decimals(text: str) -> tuple[str, int]:
    """«۱.⏎۵۷ میلیارد» → «۱٫۵۷ میلیارد» («۱۲.⏎۵۵۰ تومان» → «۱۲٬۵۵۰ تومان»), in normalized
    text (a story-level repair: it joins two lines)."""
    if ".\n" not in text:
        return text, 0
    out, cursor = [], 0
    for match in _SPLIT_DECIMAL.finditer(text):
        # The period ends a number of one to three digits (a year ends a sentence).
        digits = match.start()
        while digits > 0 and text[digits - 1] in _PERSIAN_DIGIT:
            digits -= 1
        if 1 <= match.start() - digits <= 3:
            out += [text[cursor : match.start()], _separator(text, match.end())]
            cursor = match.end()
    return ("".join([*out, text[cursor:]]), len(out) // 2) if out else (text, 0)
