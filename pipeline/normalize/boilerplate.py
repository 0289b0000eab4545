"""Page furniture of Persian news sites: agency end markers, comment headers, news codes,
share/print links, tag lines and related-story boxes.

Bare furniture words («چاپ», «نظرات», «انتهای پیام») are furniture only as whole lines
at the head or the tail of a story: the same words inside a sentence («در انتهای پیام خود
گفت») or as a subheading are text and stay. Lines that cannot be story text go wherever
they stand: a label with its link («لینک کوتاه: https://…»), a news code with its date,
a tag list, and a related-stories box (a header such as «بیشتر بخوانید:» and the headlines
after it, or «بیشتر بخوانید: <headline>» on one line). An attribution («منبع: ایسنا») is
not furniture: later stages read it. Lines are compared by their letters and digits
only, so «اشتراک گذاری», «اشتراک‌گذاری» and «اشتراك گذاري» match alike.
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
        # most read
        "پربازدیدترینها",
        "پربیننده",
        "پربینندهترینها",
    }
)
# Headers of a box whose next lines are headlines (related stories) or tags.
_BOX_HEADERS = frozenset(
    {
        "اخبارمرتبط",
        "مطالبمرتبط",
        "مطلبمرتبط",
        "خبرهایمرتبط",
        "اخبارپیشنهادی",
        "مطالبپیشنهادی",
        "بیشتربخوانید",
        "اینجابخوانید",
        "بخوانید",
        "پیشنهادما",
        "برچسبها",
        "کلیدواژهها",
        "تگها",
    }
)
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
_URL = re.compile(r"(?:https?://|www\.)\S+")

# A related-stories list holds headlines: lines without a final full stop, as long as a
# headline gets (99% of the titles in ../shared's news have at most 40 words: two-part
# titles joined by «/» are long).
_HEADLINE_WORDS = 40
_SENTENCE_END = (".", "!", "؟", "?", ":")
# A box header alone on its line is short («مطالب پیشنهادی سردبیر:»): longer lines are
# not keyed at all, which keeps the scan of a long story cheap.
_HEADER_CHARS = 40


def _words(*words: str) -> str:
    """A regex for words as a scraper may write them: Arabic «ي»/«ك», a ZWNJ, a missing
    or doubled space (the lines are matched before normalization)."""
    spelled = [word.replace("ی", "[یيى]").replace("ک", "[کك]") for word in words]
    return r"[\s\u200c]*".join(spelled)


# «بیشتر بخوانید» is a label when a colon follows it, a headline is glued on to it
# («بیشتر بخوانیدتحریم …», as crawlers join a link to its box) or it stands in brackets;
# «بیشتر بخوانید تا بدانید» is a sentence. Not before a clitic: «بخوانیدش» is a word.
_READ_MORE = f"(?:{_words('بیشتر')}|{_words('اینجا')})" + r"[\s\u200c]*" + _words("بخوانید")
_LABEL_END = rf"(?:\s*[:؛]|(?=[{LETTER}])(?!(?:ش|م|ت)(?![{LETTER}])|(?:شان|مان|تان)))"
# A box's label inside a line cuts the line: what follows it is headlines.
_INLINE_LABEL = re.compile(
    rf"(?:>+\s*)?(?:{_words('در', 'همین', 'رابطه')}\s*)?{_READ_MORE}{_LABEL_END}"
)
# «خوان» of «بخوانید»/«بخوانيد»: lines without it need no label search.
_READ = "خوان"
_LINK_MARKER = re.compile(rf"\s*\(\s*{_READ_MORE}\s*\)")
# Labels that begin a one-line box only: «مطالب مرتبط: <headline>», «برچسب‌ها: الف، ب».
_LINE_LABEL = re.compile(
    rf"^\W*(?:{_words('بخوانید')}|(?:{_words('مطالب')}|{_words('مطلب')}|{_words('اخبار')}"
    rf"|{_words('خبرهای')})[\s\u200c]*{_words('مرتبط')})\s*:"
)
_TAG_LABEL = re.compile(
    rf"^\W*(?:{_words('برچسب')}|{_words('کلید', 'واژه')}|{_words('تگ')})(?:[\s\u200c]*ها)?\s*:"
)
# «کد خبر: ۱۲۳۴۵۶ | تاریخ انتشار: ۱۴۰۲/۰۱/۰۱»: a news code and the page's metadata after it.
_CODE_LINE = re.compile(
    rf"^\W*(?:{_words('کد')}|شناسه|شماره)\s*(?:{_words('خبر')}|{_words('مطلب')})\s*:?\s*"
    r"[0-9۰-۹٠-٩]+\s*(?:[|•·–—-][^.!؟?]{0,100})?$"
)
# «منبع: ایسنا» stays, but furniture after it at the tail of a story still goes.
_ATTRIBUTION = re.compile(rf"^\W*{_words('منبع')}\s*:[^.!؟?]{{0,60}}$")


def _key(part: str) -> str:
    return _DIGITS.sub("0", _NOT_KEY.sub("", unify_characters(part)[0]))


def _is_furniture(line: str) -> bool:
    """Whether a line is made of nothing but furniture items («چاپ | ارسال به دوستان»),
    links aside («لینک کوتاه: https://…»)."""
    line = _URL.sub("|", line)
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
    return len(stripped.split()) <= _HEADLINE_WORDS and not stripped.endswith(_SENTENCE_END)


def _is_labelled_furniture(line: str) -> bool:
    """Furniture that cannot be story text wherever it stands: a link with its label,
    a news code with its metadata, a tag list."""
    if _CODE_LINE.match(line):
        return True
    if _TAG_LABEL.match(line):
        return _is_headline(line)
    # Substring tests first: a regex search of every line of a story costs more than all
    # the rest of this module.
    return ("://" in line or "www." in line) and _is_furniture(line)


def _related_label(line: str) -> tuple[str, str] | None:
    """The text before and after a related-stories label in a line, ``None`` without one."""
    if label := _LINE_LABEL.match(line):
        return "", line[label.end() :]
    if _READ in line and (label := _INLINE_LABEL.search(line)):
        return line[: label.start()].rstrip(), line[label.end() :]
    return None


def _box_end(lines: list[str], header: int) -> int:
    """Where the headlines after a box header end (blank lines between them included)."""
    end = index = header + 1
    while index < len(lines) and (not lines[index].strip() or _is_headline(lines[index])):
        index += 1
        if lines[index - 1].strip():
            end = index
    return end


def remove_boilerplate(text: str) -> tuple[str, int]:
    """Remove page furniture from a story.

    Returns the text and the number of non-blank lines removed or cut short. Blank lines
    at the head and tail go, and a blank line next to a removed block stands for it;
    other line breaks are untouched.
    """
    lines = text.split("\n")
    dropped = [False] * len(lines)
    cut = 0
    index = 0
    while index < len(lines):
        line, step = lines[index], 1
        if _READ in line:
            line = _LINK_MARKER.sub("", line)
        label = _related_label(line)
        if label or (len(line) <= _HEADER_CHARS and _key(line) in _BOX_HEADERS):
            before, after = label or ("", "")
            if _key(before):
                line = before
            else:
                dropped[index] = True
            # A label ending its line («…زیاد! بیشتر بخوانید:») or followed by one
            # headline heads a box: the headlines on the next lines go with it.
            if _is_headline(after):
                step = _box_end(lines, index) - index
                dropped[index + 1 : index + step] = [True] * (step - 1)
        elif _is_labelled_furniture(line):
            dropped[index] = True
        if line != lines[index] and not dropped[index]:
            lines[index] = line
            cut += 1
        index += step
    _drop_edges(lines, dropped)
    if not cut and not any(dropped):
        return text, 0
    removed = sum(1 for line, gone in zip(lines, dropped, strict=True) if gone and line.strip())
    return "\n".join(_kept_lines(lines, dropped)), removed + cut


def _drop_edges(lines: list[str], dropped: list[bool]) -> None:
    """Mark the blank and furniture lines of the head and the tail; at the tail an
    attribution line is kept and passed over."""
    for index, line in enumerate(lines):
        if line.strip() and not dropped[index] and not _is_furniture(line):
            break
        dropped[index] = True
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if _ATTRIBUTION.match(line):
            continue
        if line.strip() and not dropped[index] and not _is_furniture(line):
            break
        dropped[index] = True


def _kept_lines(lines: list[str], dropped: list[bool]) -> list[str]:
    """The lines left, a run of removed and blank lines inside the text becoming one blank
    line when it held one (paragraph breaks survive), none otherwise."""
    kept: list[str] = []
    gap = blank = False
    for line, gone in zip(lines, dropped, strict=True):
        if gone or not line.strip():
            gap = gap or gone
            blank = blank or not line.strip()
            if not gap and not line.strip():
                kept.append(line)
            continue
        if gap and blank and kept and kept[-1].strip():
            kept.append("")
        kept.append(line)
        gap = blank = False
    return kept
