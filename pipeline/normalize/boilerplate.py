"""Page furniture of Persian news sites: agency end markers, comment headers, news codes,
share/print links and related-story lists.

Only whole lines at the head or the tail of a story are furniture; the same words inside
a sentence («در انتهای پیام خود گفت») are text and stay. Lines are compared by their
letters and digits only, so «اشتراک گذاری», «اشتراک‌گذاری» and «اشتراك گذاري» match alike.
"""

from __future__ import annotations

import re

from pipeline.normalize.characters import LETTER, unify_characters

# Keys: the letters of a line, no spaces, ZWNJ or punctuation, digits as «0».
_FURNITURE = frozenset(
    {
        # comments
        "نظرات",
        "نظرشما",
        "ارسالنظر",
        "دیدگاهها",
        "نظراتکاربران",
        "نظربدهید",
        "دیدگاهخودرابنویسید",
        # share, print, send
        "اشتراکگذاری",
        "اشتراکدر",
        "اشتراک",
        "چاپ",
        "نسخهچاپی",
        "چاپخبر",
        "ارسالبهدوستان",
        "ارسالبهدوست",
        "ارسال",
        "ذخیره",
        "لینککوتاه",
        "کپیلینک",
        "کپیشد",
        "بازگشتبهبالا",
        # related stories
        "اخبارمرتبط",
        "مطالبمرتبط",
        "خبرهایمرتبط",
        "اخبارپیشنهادی",
        "مطالبپیشنهادی",
        "پربازدیدترینها",
        "پربیننده",
        "پربینندهترینها",
    }
)
_RELATED = frozenset({"اخبارمرتبط", "مطالبمرتبط", "خبرهایمرتبط", "اخبارپیشنهادی", "مطالبپیشنهادی"})
# «انتهای پیام», «پایان خبر», «/انتهای پیام/م», «انتهای پیام/86011/ح40/ض1002»: agency
# end markers and their desk codes (digits are 0 in a line's key).
_CODE_LETTER = "[a-zA-Z" + LETTER + "]"
_END_MARKER = re.compile(
    f"^(?:انتهای|پایان)(?:پیام|خبر)(?:{_CODE_LETTER}{{0,2}}0)*(?:{_CODE_LETTER}|0){{0,4}}$"
)
# «کد خبر: ۱۲۳۴», «شناسه خبر ۱۲۳», «کد مطلب: 98»
_NEWS_CODE = re.compile("^(?:کد|شناسه|شماره)(?:خبر|مطلب)0+$")
_SEPARATORS = re.compile(r"[|•·\-–—/،,:؛*]+")
_NOT_KEY = re.compile(f"[^{LETTER}0-9۰-۹]+")
_DIGITS = re.compile(r"[0-9۰-۹]+")

# A related-stories list holds headlines: short lines without a final full stop.
_HEADLINE_WORDS = 16


def _key(part: str) -> str:
    return _DIGITS.sub("0", _NOT_KEY.sub("", unify_characters(part)[0]))


def _is_furniture(line: str) -> bool:
    """Whether a line is made of nothing but furniture items («چاپ | ارسال به دوستان»)."""
    whole = _key(line)
    if not whole:
        return False
    if whole in _FURNITURE or _END_MARKER.match(whole) or _NEWS_CODE.match(whole):
        return True
    keys = [_key(part) for part in _SEPARATORS.split(line)]
    keys = [key for key in keys if key]
    return len(keys) > 1 and all(key in _FURNITURE or _NEWS_CODE.match(key) for key in keys)


def _is_headline(line: str) -> bool:
    stripped = line.strip()
    return len(stripped.split()) <= _HEADLINE_WORDS and not stripped.endswith((".", "!", "؟"))


def _related_block_start(lines: list[str], end: int) -> int:
    """Where a trailing «اخبار مرتبط» header followed by headlines only begins, else ``end``."""
    for index in range(end - 1, -1, -1):
        line = lines[index]
        if _key(line) in _RELATED:
            return index
        if line.strip() and not _is_headline(line):
            break
    return end


def remove_boilerplate(text: str) -> tuple[str, int]:
    """Remove furniture lines from the head and tail of a story.

    Returns the text and the number of non-blank lines removed. Blank lines next to the
    removed ones go too; line breaks inside the kept text are untouched.
    """
    lines = text.split("\n")
    start, end = 0, len(lines)
    while start < end and (not lines[start].strip() or _is_furniture(lines[start])):
        start += 1
    while True:
        while end > start and (not lines[end - 1].strip() or _is_furniture(lines[end - 1])):
            end -= 1
        related = _related_block_start(lines, end)
        if related == end or related <= start:
            break
        end = related
    if start == 0 and end == len(lines):
        return text, 0
    removed = sum(1 for line in lines[:start] + lines[end:] if line.strip())
    return "\n".join(lines[start:end]), removed
