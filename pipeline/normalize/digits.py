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

from pipeline.normalize.characters import LATIN_TO_PERSIAN_DIGITS, LETTER

# ASCII runs that hold a digit; the ones without a Latin letter or @ are numbers. Runs
# are taken after punctuation has settled, so a second pass sees the same runs.
_ASCII_WITH_DIGIT = re.compile(r"[!-~]*[0-9][!-~]*")
_LATIN_IDENTIFIER = re.compile(r"[A-Za-z@]")

_PERSIAN_DECIMAL = re.compile(r"(?<=[۰-۹])\.(?=[۰-۹])")
_PERSIAN_THOUSANDS = re.compile(r"(?<=[۰-۹]),(?=[۰-۹]{3}(?![۰-۹]))")
_PERSIAN_PERCENT = re.compile(r"(?<=[۰-۹])%")
_LATIN_DECIMAL = re.compile(r"(?<=[0-9])\.(?=[0-9])")
_LATIN_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
_LATIN_PERCENT = re.compile(r"(?<=[0-9])%")
_HAS_LATIN_DIGIT = re.compile(r"[0-9]")

# A number glued to a word («۹کیلومتر», «مسافت۹») gets a space, as hazm does; ordinal
# endings («۲۰م», «۵ام», «۳مین», «۱۰امین») stay attached.
_GLUED_NUMBER = re.compile(
    f"(?<=[۰-۹])(?=[{LETTER}])(?!ا?م(?:ین)?(?![{LETTER}]))|(?<=[{LETTER}])(?=[۰-۹])"
)


def _persian_number(match: re.Match[str]) -> str:
    chunk = match.group()
    if _LATIN_IDENTIFIER.search(chunk):
        return chunk
    chunk = _LATIN_PERCENT.sub("٪", _LATIN_THOUSANDS.sub("٬", _LATIN_DECIMAL.sub("٫", chunk)))
    return chunk.translate(LATIN_TO_PERSIAN_DIGITS)


def persian_digits(text: str) -> tuple[str, int]:
    """Write numbers with Persian digits and separators; leave Latin tokens alone.

    Returns the text and the number of Latin digits rewritten.
    """
    count = 0
    if _HAS_LATIN_DIGIT.search(text):
        latin = len(_HAS_LATIN_DIGIT.findall(text))
        text = _ASCII_WITH_DIGIT.sub(_persian_number, text)
        count = latin - len(_HAS_LATIN_DIGIT.findall(text))
    return text, count


def number_separators(text: str) -> tuple[str, int]:
    """Persian decimal point, thousands separator and percent sign between Persian digits.

    """
    if "." not in text and "," not in text and "%" not in text:
        return text, 0
    text, decimal = _PERSIAN_DECIMAL.subn("٫", text)
    text, thousands = _PERSIAN_THOUSANDS.subn("٬", text)
    text, percent = _PERSIAN_PERCENT.subn("٪", text)
    return text, decimal + thousands + percent


def space_glued_numbers(text: str) -> tuple[str, int]:
    """Separate a Persian number from a word written against it."""
    return _GLUED_NUMBER.subn(" ", text)
