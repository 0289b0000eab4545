"""The numbers stage: numbers in digits and in words, with their values.

«۲۰ هزار» → 20000, «سه میلیون و ۲۰۰ هزار» → 3200000, «۲٫۵ میلیون» → 2500000,
«۱۲٬۵۰۰» → 12500, «بیست و پنج» → 25, «یک‌هزار و ۵۹۱» → 1591; «۱۵ درصد» and «۱۵٪»
carry ``unit="percent"``, «۵/ ۱۵ میلیارد دلار» ``unit="دلار"``; «بیست و ششم» and «۷۵امین»
are ordinals. Numbers inside the dates found by the dates stage are not repeated here,
nor those in an organisation's name or a name like «کووید ۱۹», and a lone «یک» («یک
روز») is the indefinite article, not a number.
"""

from __future__ import annotations

import re
from itertools import compress
from typing import NamedTuple

from pipeline.doc import Doc
from pipeline.extract._text import (
    RANGE_JOINER,
    ZWNJ,
    Covered,
    matches_at,
    to_ascii_digits,
    words_of,
)
from pipeline.models import NumberMention, NumberUnit

_UNITS = {
    "صفر": 0, "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6, "هفت": 7,
    "هشت": 8, "نه": 9, "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14,
    "پانزده": 15, "پونزده": 15, "شانزده": 16, "هفده": 17, "هجده": 18, "هیجده": 18,
    "نوزده": 19, "بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70,
    "هشتاد": 80, "نود": 90, "نیم": 0.5, "صد": 100, "یکصد": 100, "دویست": 200, "سیصد": 300,
    "چهارصد": 400, "پانصد": 500, "ششصد": 600, "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
}  # fmt: skip
_SCALES = {"هزار": 10**3, "میلیون": 10**6, "میلیارد": 10**9, "بیلیون": 10**9, "تریلیون": 10**12}
NUMBER_WORDS = frozenset({*_UNITS, *_SCALES})
# Ordinals, «ششم» and «ششمین», by the cardinal they are made of. «اول» and «نخست» are
# left out: mostly "at first" and "prime" («نخست وزیر»).
_ORDINAL_STEMS = {
    word + "م": word for word in (*_UNITS, *_SCALES) if word not in ("صفر", "نیم", "سه", "سی")
} | {"سوم": "سه", "سی\u200cام": "سی", "سیام": "سی"}
ORDINALS = _ORDINAL_STEMS | {ordinal + "ین": word for ordinal, word in _ORDINAL_STEMS.items()}
# A unit word joined to its scale, with or without a ZWNJ: «یک‌هزار», «یکهزار», «صدهزار».
_JOINED_SCALES = {
    unit + joint + scale: (unit, scale)
    for unit in _UNITS
    if unit not in ("صفر", "نیم")
    for scale in _SCALES
    for joint in ("", ZWNJ)
}
_SPELLED = frozenset({*NUMBER_WORDS, *ORDINALS, *_JOINED_SCALES})
# Words that are numbers only in company: «نه» is also "no", «سی» "thirty" or a name,
# «دهم» "I give", «یکم» "a little", «یک صدم» a fraction.
_AMBIGUOUS_ALONE = frozenset({"یک", "نه", "سی", "ده", "صد", "صفر", "نیم", "یکم", "دهم", "صدم"})

# The currency a number counts, as spelled → as reported; «دلاری», «یورویی» and
# «روپیه‌ای» («اسکناس ۱۰۰ هزار تومانی») count it too.
_CURRENCIES: dict[str, NumberUnit] = {
    "ریال": "ریال", "تومان": "تومان", "تومن": "تومان", "دلار": "دلار", "یورو": "یورو",
    "پوند": "پوند", "درهم": "درهم", "روپیه": "روپیه",
}  # fmt: skip
_CURRENCY = "|".join(_CURRENCIES)
_CURRENCY_END = r"(?:ی|یی|\u200cای)?(?![\w\u200c])"
_UNIT = re.compile(
    rf"\s*(?:(?P<percent>درصد(?![\w\u200c])|[%٪])|(?P<currency>{_CURRENCY}){_CURRENCY_END})"
)
# Persian writers also put «/» for the decimal point («۲/۳۸ درصد», «۵/ ۱۵ میلیارد»):
# taken so only before a percent, a scale or a currency, as «۱۲/۵» alone may be a day
# and month or a fraction.
_SLASH_DECIMAL = (
    rf"/ ?\d+(?=\s*(?:(?:[٪%]|درصد|هزار|میلیون|میلیارد)(?![\w\u200c])"
    rf"|(?:{_CURRENCY}){_CURRENCY_END}))"
)
_DIGITS = rf"\d+(?:[٬,]\d{{3}})*(?:[٫.]\d+|{_SLASH_DECIMAL})?"
_WORDS = "|".join(sorted(_SPELLED, key=len, reverse=True))
# «۲۶ ام», «۷۵امین», «۹۰ مین»: digits made ordinal («۲۰۲۰م» is a year of the Christian era).
_PART = re.compile(
    rf"(?<![\w\u200c/٫.,٬])(?:(?P<digits>{_DIGITS})(?P<suffix>[ \u200c]?(?:ا?مین|ام))?|{_WORDS})"
    r"(?![\w\u200c])"
)
_JOINER = re.compile(r"\s+(?:و\s+)?")
# A number right after these names a thing: «کووید ۱۹», «کووید-۱۹», «جی ۷», «اس ۴۰۰»,
# «پژو ۴۰۵»; after «گروه» only a group of countries («گروه ۲۰»): «گروه ۶ نفره» counts.
# Not «اف» («اف-۱۴»): it ends surnames too («عبدالله اف ۷۲ ساله»).
_NAMES = (
    "کووید", "کوید", "جی", "اس", "میگ", "سوخو", "پژو", "پراید", "بوئینگ", "بویینگ", "ایرباس",
)  # fmt: skip
_GROUP = "گروه"
_COUNTRY_GROUPS = frozenset({7, 8, 20, 77})
_NAME_BEFORE = re.compile(
    rf"(?<![\w\u200c])(?P<name>{'|'.join((*_NAMES, _GROUP))})[\s\u200c]*[-–]?[\s\u200c]*\Z"
)
_NAME_REACH = 16  # characters back from a number where its name may start


def _part_value(part: str) -> int | float:
    if part in _UNITS:
        return _UNITS[part]
    return float(to_ascii_digits(part).replace(",", "").replace(" ", "").replace("/", "."))


def number_value(parts: list[str]) -> int | float:
    """The value of a number phrase's parts: digits, number words and scales."""
    total: float = 0
    current: float = 0
    after_scale = 0  # the last scale, while it ends the number so far
    for part in parts:
        scale = _SCALES.get(part)
        if scale is not None:
            current = (current or 1) * scale  # «هزار میلیارد» multiplies on
            after_scale = scale
            continue
        if part == "نیم" and after_scale:  # «دو میلیون و نیم»: half the scale
            current += after_scale / 2
            continue
        if after_scale:  # «سه میلیون و ۲۰۰ هزار»: the millions are done
            total += current
            current = 0
            after_scale = 0
        current += _part_value(part)
    total += current
    return int(total) if float(total).is_integer() else total


def _joins(previous: str, joiner: str, part: str) -> bool:
    """Whether ``part`` continues the number ending in ``previous``.

    A scale always continues («۲۰ هزار»); after «و» a number continues a scale
    («میلیون و ۲۰۰») or a larger number word («بیست و پنج»), but «۱۰ و ۳۰» are two.
    """
    if part in _SCALES:
        return previous not in _SCALES or _SCALES[part] > _SCALES[previous]
    if "و" not in joiner:
        return False
    if previous in _SCALES or part == "نیم":  # «۹ و نیم میلیون», «ساعت ۱۰ و نیم»
        return True
    return previous in _UNITS and part in _UNITS and _UNITS[previous] > _UNITS[part]


class _Phrase(NamedTuple):
    start: int
    end: int
    parts: list[str]  # digits and cardinal number words, «ششم» as «شش»
    ordinal: bool


def _is_candidate(word: str) -> bool:
    return word[:1].isdecimal() or word in _SPELLED


def _pieces(part: re.Match[str]) -> list[str]:
    """A matched part as the digits or cardinal words it stands for: «یک‌هزار» → «یک»,
    «هزار»; «ششم» → «شش»."""
    if part["digits"]:
        return [part["digits"]]
    word = part.group()
    if word in _JOINED_SCALES:
        return list(_JOINED_SCALES[word])
    return [ORDINALS.get(word, word)]


def _phrases(text: str) -> list[_Phrase]:
    """Each run of number parts that make one number; an ordinal ends its run."""
    phrases: list[_Phrase] = []
    # A part is a whole word (the lookbehind and lookahead): digits (perhaps made
    # ordinal), or a number word; only those words are tried.
    words = words_of(text)
    for match in matches_at(_PART, text, compress(words.starts, map(_is_candidate, words.words))):
        pieces = _pieces(match)
        ordinal = bool(match["suffix"]) or match.group() in ORDINALS
        if phrases and not phrases[-1].ordinal:
            start, end, parts, _ = phrases[-1]
            joiner = _JOINER.fullmatch(text, end, match.start())
            if joiner and _joins(parts[-1], joiner.group(), pieces[0]):
                phrases[-1] = _Phrase(start, match.end(), parts + pieces, ordinal)
                continue
        phrases.append(_Phrase(match.start(), match.end(), pieces, ordinal))
    return phrases


def find_numbers(text: str, skip: list[tuple[int, int]]) -> list[NumberMention]:
    """Numbers in ``text`` outside the ``skip`` spans."""
    skipped = Covered()
    for start, end in skip:
        skipped.add(start, end)
    mentions = []
    phrases = _phrases(text)
    for (start, end, parts, ordinal), following in zip(phrases, [*phrases[1:], None]):
        if (
            text[start:end] in _AMBIGUOUS_ALONE
            or skipped.overlaps(start, end)
            or _names_a_thing(text, start, parts)
        ):
            continue
        value = number_value(parts)
        unit = _UNIT.match(text, end)
        if unit:
            end = unit.end()
        elif (
            following is not None
            and RANGE_JOINER.fullmatch(text, end, following.start)
            and _opens_range(parts, following.parts)
        ):
            value *= _shared_scale(parts, following.parts)
            unit = _UNIT.match(text, following.end)
        mentions.append(
            NumberMention(
                start=start,
                end=end,
                value=value,
                unit=_unit_of(unit),
                ordinal=ordinal,
            )
        )
    return mentions


def _unit_of(unit: re.Match[str] | None) -> NumberUnit | None:
    if unit is None:
        return None
    return "percent" if unit["percent"] else _CURRENCIES[unit["currency"]]


def _names_a_thing(text: str, start: int, parts: list[str]) -> bool:
    """Whether the number at ``start`` is part of a name («کووید ۱۹», «گروه ۲۰»)."""
    name = _NAME_BEFORE.search(text, max(0, start - _NAME_REACH), start)
    return name is not None and (name["name"] != _GROUP or number_value(parts) in _COUNTRY_GROUPS)


def _opens_range(first: list[str], second: list[str]) -> bool:
    """Whether ``first`` opens a range to ``second``, and so takes its scale and unit:
    only when it leads with a number no larger than the second's («۲ تا ۲ و نیم میلیون
    تومان», «۲ میلیون تا ۳ میلیون تومان»); in «۸۰۰ تا ۱ هزار» and «سال ۲۰۳۰ تا ۲۰
    میلیارد دلار» the first is whole."""
    return number_value(first[:1]) <= number_value(second[:1])


def _shared_scale(first: list[str], second: list[str]) -> int:
    """The scale a range's bare first number takes from its second («۴ تا ۶ هزار
    میلیارد»: 10¹²), or 1."""
    if len(first) != 1 or first[0] in _SCALES or len(second) < 2 or second[0] in _SCALES:
        return 1
    scale = 1
    for part in second[1:]:
        if part == "نیم":
            continue
        if part not in _SCALES:
            return 1  # «۶ هزار و ۵۰۰»: not a plain scale
        scale *= _SCALES[part]
    return scale


def find_numbers_stage(doc: Doc) -> None:
    """Set ``article.numbers``, leaving out the dates already found and the names of
    organisations («ورزش سه», «گروه ۲۰»): no quantity is meant there. Needs the dates
    and entities stages before it."""
    article = doc.article
    skip = [(mention.start, mention.end) for mention in article.dates]
    skip += [
        (mention.start, mention.end)
        for entity in article.entities
        if entity.type == "ORG"
        for mention in entity.mentions
    ]
    article.numbers = find_numbers(doc.text, skip)
