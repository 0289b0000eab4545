"""The dates stage: when the story was published, and the dates it mentions.

``article.published_at`` is ISO-8601 with a time zone, read from the producer's
``published_at`` (epoch seconds or milliseconds, ISO, RFC 2822, Jalali «۱۴۰۲/۰۸/۱۵
۱۰:۳۰» or «۱۵ آبان ۱۴۰۲», Hijri «۲۲ ربیع‌الثانی ۱۴۴۵», Gregorian «۶ نوامبر ۲۰۲۳») or
else the page's date, else the day a Fars URL was filed on; times without a zone are
in Asia/Tehran.

``article.dates`` lists the absolute dates in the text (day month year, day month,
the day in digits or words «دهم شهریور»; month year, numeric) and the relative days
«امروز», «دیروز», «فردا»…; ``value`` is the Gregorian ISO date when it can be known (a
missing year or a relative day is resolved against the publication date), else None.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from itertools import compress
from math import ceil
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jdatetime

from pipeline.doc import Doc
from pipeline.extract._text import (
    RANGE_JOINER,
    Covered,
    matches_at,
    to_ascii_digits,
    words_of,
)
from pipeline.extract.agency import agency_table
from pipeline.extract.numbers import ORDINALS, number_value
from pipeline.models import DateMention


def _tehran() -> tzinfo:
    try:
        return ZoneInfo("Asia/Tehran")
    except ZoneInfoNotFoundError:  # no tz database: Iran has kept +03:30 since 2022
        return timezone(timedelta(hours=3, minutes=30))


TEHRAN = _tehran()

_JALALI_MONTHS = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]
_GREGORIAN_MONTHS = (
    ("ژانویه",),
    ("فوریه",),
    ("مارس",),
    ("آوریل",),
    ("مه", "می"),
    ("ژوئن",),
    ("ژوئیه", "جولای"),
    ("اوت", "آگوست"),
    ("سپتامبر",),
    ("اکتبر",),
    ("نوامبر",),
    ("دسامبر",),
)
_HIJRI_MONTHS = (
    ("محرم",),
    ("صفر",),
    ("ربیع‌الاول", "ربیع الاول"),
    ("ربیع‌الثانی", "ربیع الثانی", "ربیع‌الآخر"),
    ("جمادی‌الاول", "جمادی‌الاولی", "جمادی الاول"),
    ("جمادی‌الثانی", "جمادی‌الثانیه", "جمادی الثانی", "جمادی‌الآخر"),
    ("رجب",),
    ("شعبان",),
    ("رمضان",),
    ("شوال",),
    ("ذی‌القعده", "ذیقعده", "ذی القعده"),
    ("ذی‌الحجه", "ذیحجه", "ذی الحجه"),
)

# Month name → (calendar, month number).
MONTHS: dict[str, tuple[str, int]] = {
    **{name: ("jalali", number) for number, name in enumerate(_JALALI_MONTHS, 1)},
    **{
        name: ("gregorian", number)
        for number, names in enumerate(_GREGORIAN_MONTHS, 1)
        for name in names
    },
    **{name: ("hijri", number) for number, names in enumerate(_HIJRI_MONTHS, 1) for name in names},
}

_MONTH = "|".join(re.escape(name) for name in sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:یک|دو|سه|چهار|پنج)[\u200c ]?شنبه|شنبه|جمعه)"
_END = r"(?![\w\u200c])"
_START = r"(?<![\w\u200c/])"

# News writes the year in full («۱۳۹۸», «۲۰۱۹») or by its last two digits («۲۴ فروردین
# ۹۷»); two digits before a scale, a percent or a counted unit count something instead
# («۲۰ اسفند ۴۹ نفر», «تا اسفند ۴۳ میلیارد دلار», «ژانویه ۱۸ درصد»).
_COUNTED = ("میلیارد", "میلیون", "تریلیون", "دستگاه", "هزار", "درصد", "واحد", "نفر", "تن")
_YEAR = (
    r"(?P<year>(?:[1۱][34۳۴9۹]|[2۲][0۰])\d{2}|\d{2}"
    rf"(?!\s*[%٪]|\s+(?:{'|'.join(_COUNTED)})(?![\w\u200c])))"
)
# «آبان», «آبان ماه», «آبان‌ماه», «آبانماه».
_MONTH_WORD = rf"(?P<month>{_MONTH})(?:[\u200c ]?ماه)?"
# A year said by its distance from the story's: «۱۳ اسفند سال گذشته», «پارسال».
_YEARS_AWAY = {"سال گذشته": -1, "سال قبل": -1, "پارسال": -1, "سال آینده": 1, "سال بعد": 1}
# A day written out: «دهم», «اول», «بیست و ششم», «سی‌ام» (not «ششمین», which ranks).
_DAY_ORDINALS: dict[str, int] = {"اول": 1} | {
    ordinal: value
    for ordinal, word in ORDINALS.items()
    if not ordinal.endswith("ین") and (value := number_value([word])) <= 31
}
_DAY_WORDS = (
    _DAY_ORDINALS
    | {"سی ام": 30}
    | {
        f"{tens} و {ordinal}": tens_value + value
        for tens, tens_value in (("بیست", 20), ("سی", 30))
        for ordinal, value in _DAY_ORDINALS.items()
        if ordinal != "اول" and value < 10 and tens_value + value <= 31
    }
)
_DAY_WORD = "|".join(
    r"\s+".join(map(re.escape, day.split())) for day in sorted(_DAY_WORDS, key=len, reverse=True)
)
# «نیمه دوم دی», «دهه اول فروردین», «هفته سوم خرداد»: a part of the month, not its day.
_PART_OF_MONTH = re.compile(r"(?<![\w\u200c])(?:نیمه|دهه|هفته)(?:ٔ|\u200c?ی)?\s+\Z")
_PART_OF_MONTH_REACH = 8  # characters back from the day where such a word may start
_DAY_MONTH_YEAR = re.compile(
    rf"{_START}(?:{_WEEKDAY}\s+)?(?:(?P<day>\d{{1,2}})(?:\s*ام|م)?|(?P<day_word>{_DAY_WORD}))"
    rf"\s+{_MONTH_WORD}"
    rf"(?:\s+(?:سال\s+)?{_YEAR}|\s+(?P<away>{'|'.join(_YEARS_AWAY)}))?{_END}"
)
_MONTH_YEAR = re.compile(rf"{_START}{_MONTH_WORD}\s+(?:سال\s+)?{_YEAR}{_END}")
_NUMERIC = re.compile(
    rf"{_START}(?P<year>\d{{4}})(?P<sep>[/\-.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}}){_END}"
)
_CLOCK = re.compile(r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?")
_RELATIVE_DAYS = {
    "پریروز": -2,
    "دیروز": -1,
    "روز گذشته": -1,
    "دیشب": -1,
    "امروز": 0,
    "امشب": 0,
    "فردا": 1,
    "پس‌فردا": 2,
}
_RELATIVE = re.compile(
    rf"{_START}(?:{'|'.join(sorted(_RELATIVE_DAYS, key=len, reverse=True))}){_END}"
)

# Every match starts a word (the lookbehind), so it is only tried where the words allow
# one. A month name is a word of its own or followed by «‌ماه»; a «day month» date
# starts at most five words before its month: «سه شنبه بیست و ششم آبان».
_MONTH_WORDS = frozenset(
    word
    for name in MONTHS
    for word in (name.split()[0], name.split()[0] + "\u200cماه", name.split()[0] + "ماه")
)
_WORDS_BEFORE_MONTH = 5
_RELATIVE_WORDS = frozenset(name.split()[0] for name in _RELATIVE_DAYS)


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The tabular (arithmetical) Islamic calendar; may differ by a day from sighting."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError("not a Hijri date")
    ordinal = day + ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 227014
    return date.fromordinal(ordinal)


def to_gregorian(calendar: str, year: int, month: int, day: int) -> date:
    """A day of the Jalali, Hijri or Gregorian calendar as a Gregorian date."""
    if calendar == "jalali":
        return jdatetime.date(year, month, day).togregorian()
    if calendar == "hijri":
        return hijri_to_gregorian(year, month, day)
    return date(year, month, day)


def _numeric_calendar(year: int) -> str | None:
    if 1300 <= year <= 1499:
        return "jalali"
    if 1900 <= year <= 2100:
        return "gregorian"
    return None


def _year_of(calendar: str, reference: date) -> int:
    if calendar == "jalali":
        return jdatetime.date.fromgregorian(date=reference).year
    if calendar == "hijri":
        # Hijri years are 354 days; count from the epoch (1 Muharram 1 = ordinal 227015).
        return int((reference.toordinal() - 227015) / 354.367) + 1
    return reference.year


# When the story's date does not tell, two-digit years up to this one are of the
# 1400s (Jalali and Hijri) and the 2000s, the others of the century before.
_LATEST_SHORT_YEAR = 10
_CENTURIES = {"jalali": 1300, "gregorian": 1900, "hijri": 1300}


def _full_year(calendar: str, short: int, reference: date | None) -> int:
    """«۹۷» → 1397: the latest century that puts the year no later than the one after
    the story's (a story may announce next year's dates)."""
    century = _CENTURIES[calendar]
    if reference is not None:
        later = century + 100 + short
        return later if later <= _year_of(calendar, reference) + 1 else century + short
    return century + (100 if short <= _LATEST_SHORT_YEAR else 0) + short


def _day_number(match: re.Match[str]) -> int:
    """The day of the month of a «day month [year]» match: «۱۰» or «دهم» → 10."""
    if match["day"]:
        return int(match["day"])
    return _DAY_WORDS[" ".join(match["day_word"].split())]


def _after_part_of_month(text: str, start: int) -> bool:
    """Whether «نیمه», «دهه» or «هفته» comes right before ``start``."""
    return bool(_PART_OF_MONTH.search(text, max(0, start - _PART_OF_MONTH_REACH), start))


def _day_of(match: re.Match[str], reference: date | None) -> date | None:
    """The Gregorian date of a «day month [year]» match, None if unknowable or invalid.

    Without a year, the day is the one nearest the story's date: in a story of early
    Farvardin «۲۵ اسفند» is the one just past, not the one eleven months ahead."""
    calendar, month = MONTHS[match.group("month")]
    day = _day_number(match)
    year_text = match.group("year")
    if year_text:
        year = int(year_text)
        years = [_full_year(calendar, year, reference) if len(year_text) == 2 else year]
    elif reference is not None and match.group("away"):
        years = [_year_of(calendar, reference) + _YEARS_AWAY[match.group("away")]]
    elif reference is not None:
        year = _year_of(calendar, reference)
        years = [year - 1, year, year + 1]
    else:
        return None
    days = []
    for year in years:
        try:
            days.append(to_gregorian(calendar, year, month, day))
        except ValueError:
            continue
    if not days or reference is None:
        return days[0] if days else None
    return min(days, key=lambda found: abs(found - reference))


def _range_start(
    text: str, first: re.Match[str], second: re.Match[str] | None, reference: date | None
) -> date | None:
    """The first day of «۱۵ اردیبهشت تا ۱۵ شهریور ۱۳۹۸», which takes the year written
    on the second (the one before when its month comes later: «۱۵ اسفند تا ۱۵ فروردین
    ۱۳۹۹»), or None when ``first`` opens no such range."""
    if (
        second is None
        or first.group("year")
        or first.group("away")
        or not second.group("year")
        or not RANGE_JOINER.fullmatch(text, first.end(), second.start())
    ):
        return None
    calendar, month = MONTHS[first.group("month")]
    second_calendar, second_month = MONTHS[second.group("month")]
    end = _day_of(second, reference)
    if calendar != second_calendar or end is None:
        return None
    year = _year_of(calendar, end) - (1 if month > second_month else 0)
    try:
        return to_gregorian(calendar, year, month, _day_number(first))
    except ValueError:
        return None


def parse_published(value: str | float | None) -> datetime | None:
    """A producer's or page's publication time as an aware datetime, or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    text = to_ascii_digits(value).strip()
    if not text:
        return None
    if text.isdigit() and len(text) >= 9:
        return _from_epoch(float(text))
    for parse in (_parse_iso, _parse_rfc2822, _parse_numeric, _parse_named):
        parsed = parse(text)
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=TEHRAN)
    return None


def _from_epoch(seconds: float) -> datetime | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, UTC).astimezone(TEHRAN)
    except (OverflowError, OSError, ValueError):
        return None


def _parse_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _parse_rfc2822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _clock(text: str) -> time:
    match = _CLOCK.search(text)
    if match is None:
        return time()
    try:
        return time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    except ValueError:
        return time()


def _numeric_day(match: re.Match[str]) -> date | None:
    """The Gregorian date of a numeric match («۱۴۰۲/۰۸/۱۵»), None if it is no date."""
    calendar = _numeric_calendar(int(match["year"]))
    if calendar is None:
        return None
    try:
        return to_gregorian(calendar, int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def _parse_numeric(text: str) -> datetime | None:
    match = _NUMERIC.search(text)
    if match is None:
        return None
    day = _numeric_day(match)
    return datetime.combine(day, _clock(text[match.end() :])) if day else None


def _parse_named(text: str) -> datetime | None:
    match = _DAY_MONTH_YEAR.search(text)
    if match is None or not match["year"]:
        return None
    day = _day_of(match, None)
    return datetime.combine(day, _clock(text[match.end() :])) if day else None


def find_dates(text: str, reference: date | None) -> list[DateMention]:
    """Every date mentioned in ``text``, with values where they can be known."""
    mentions: list[DateMention] = []
    taken = Covered()

    def add(match: re.Match[str], value: date | None) -> None:
        if taken.overlaps(*match.span()):
            return
        taken.add(*match.span())
        iso = value.isoformat() if value else None
        mentions.append(DateMention(match.start(), match.end(), iso))

    words = words_of(text)
    months = list(compress(range(len(words.words)), map(_MONTH_WORDS.__contains__, words.words)))
    day_starts = sorted(
        {
            words.starts[i]
            for month in months
            for i in range(max(0, month - _WORDS_BEFORE_MONTH), month)
        }
    )
    day_months = [
        match
        for match in matches_at(_DAY_MONTH_YEAR, text, day_starts)
        if not (match["day_word"] and _after_part_of_month(text, match.start()))
    ]
    for match, following in zip(day_months, [*day_months[1:], None]):
        start = _range_start(text, match, following, reference)
        add(match, start or _day_of(match, reference))
    year_starts = compress(words.starts, map(str.isdecimal, words.words))  # \d is isdecimal
    for match in matches_at(_NUMERIC, text, year_starts):
        day = _numeric_day(match)
        if day is not None:
            add(match, day)
    for match in matches_at(_MONTH_YEAR, text, [words.starts[i] for i in months]):
        add(match, None)
    relative_starts = compress(words.starts, map(_RELATIVE_WORDS.__contains__, words.words))
    for match in matches_at(_RELATIVE, text, relative_starts):
        offset = _RELATIVE_DAYS[match.group()]
        add(match, reference + timedelta(days=offset) if reference else None)
    mentions.sort(key=lambda mention: mention.start)
    return mentions


# Story ids that open with the Jalali day they were filed, by agency: Fars's
# «/news/8707060255» is 1387/07/06 (a serial of four digits follows), and
# «/news/13911222000865» 1391/12/22 (a serial of six).
_URL_DAYS = {
    "fars": re.compile(r"/news/(?:(?P<short>\d{6})\d{4}|(?P<long>1[34]\d{6})\d{6})(?!\d)"),
}


def url_day(url: str | None) -> datetime | None:
    """The start of the Tehran day an agency's URL says the story was filed on."""
    if not url:
        return None
    agency = agency_table().by_url(url)
    pattern = _URL_DAYS.get(agency.code) if agency else None
    match = pattern.search(url) if pattern else None
    if match is None:
        return None
    digits = match["long"] or match["short"]
    year = int(digits[:-4])
    if match["short"]:
        year = _full_year("jalali", year, None)
    try:
        day = to_gregorian("jalali", year, int(digits[-4:-2]), int(digits[-2:]))
    except ValueError:
        return None
    return datetime.combine(day, time(), TEHRAN)


def find_dates_stage(doc: Doc) -> None:
    """Set ``article.published_at`` and ``article.dates``. Needs the agency stage
    before it (which takes the URL from the page when the producer sent none)."""
    article = doc.article
    published = (
        parse_published(doc.raw.published_at)
        or parse_published(doc.html_metadata.get("date"))
        or url_day(article.url)
    )
    article.published_at = published.isoformat(timespec="seconds") if published else None
    reference = published.astimezone(TEHRAN).date() if published else None
    article.dates = find_dates(doc.text, reference)
