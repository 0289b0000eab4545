"""The numbers stage: numbers in digits and in words, with their values.

«۲۰ هزار» → 20000, «سه میلیون و ۲۰۰ هزار» → 3200000, «۲٫۵ میلیون» → 2500000,
«۱۲٬۵۰۰» → 12500, «بیست و پنج» → 25; «۱۵ درصد» and «۱۵٪» carry ``unit="percent"``.
Numbers inside the dates found by the dates stage are not repeated here, nor those
in an organisation's name, and a lone «یک» («یک روز») is the indefinite article, not
a number.
"""

from __future__ import annotations

import re
from itertools import compress
from operator import or_

from pipeline.doc import Doc
from pipeline.extract._text import RANGE_JOINER, Covered, matches_at, to_ascii_digits, words_of
from pipeline.models import NumberMention

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
# Words that are numbers only in company: «نه» is also "no", «سی» "thirty" or a name.
_AMBIGUOUS_ALONE = frozenset({"یک", "نه", "سی", "ده", "صد", "صفر", "نیم"})

# Persian writers also put «/» for the decimal point («۲/۳۸ درصد»): taken so only before
# a percent or a scale, as «۱۲/۵» alone may be a day and month or a fraction.
_SLASH_DECIMAL = r"/\d+(?=\s*(?:[٪%]|درصد|هزار|میلیون|میلیارد)(?![\w\u200c]))"
_DIGITS = rf"\d+(?:[٬,]\d{{3}})*(?:[٫.]\d+|{_SLASH_DECIMAL})?"
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_PART = re.compile(rf"(?<![\w\u200c/٫.,٬])(?:{_DIGITS}(?![\w\u200c])|(?:{_WORDS})(?![\w\u200c]))")
_JOINER = re.compile(r"\s+(?:و\s+)?")
_PERCENT = re.compile(r"\s*(?:درصد(?![\w\u200c])|[%٪])")


def _part_value(part: str) -> int | float:
    if part in _UNITS:
        return _UNITS[part]
    return float(to_ascii_digits(part).replace(",", "").replace("/", "."))


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


def _phrases(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, parts) of each run of number parts that make one number."""
    phrases: list[tuple[int, int, list[str]]] = []
    # A part is a whole word (the lookbehind and lookahead): digits only, or a number
    # word; only those words are tried.
    words = words_of(text)
    numeric = map(or_, map(str.isdecimal, words.words), map(NUMBER_WORDS.__contains__, words.words))
    for match in matches_at(_PART, text, compress(words.starts, numeric)):
        part = match.group()
        if phrases:
            start, end, parts = phrases[-1]
            joiner = _JOINER.fullmatch(text, end, match.start())
            if joiner and _joins(parts[-1], joiner.group(), part):
                parts.append(part)
                phrases[-1] = (start, match.end(), parts)
                continue
        phrases.append((match.start(), match.end(), [part]))
    return phrases


def find_numbers(text: str, skip: list[tuple[int, int]]) -> list[NumberMention]:
    """Numbers in ``text`` outside the ``skip`` spans."""
    skipped = Covered()
    for start, end in skip:
        skipped.add(start, end)
    mentions = []
    phrases = _phrases(text)
    for (start, end, parts), following in zip(phrases, [*phrases[1:], None]):
        if (len(parts) == 1 and parts[0] in _AMBIGUOUS_ALONE) or skipped.overlaps(start, end):
            continue
        value = number_value(parts)
        percent = _PERCENT.match(text, end)
        if percent:
            end = percent.end()
        elif following is not None and RANGE_JOINER.fullmatch(text, end, following[0]):
            value *= _shared_scale(parts, following[2])
            percent = _PERCENT.match(text, following[1])
        mentions.append(
            NumberMention(
                text=text[start:end],
                start=start,
                end=end,
                value=value,
                unit="percent" if percent else None,
            )
        )
    return mentions


def _shared_scale(first: list[str], second: list[str]) -> int:
    """The scale a range's bare first number takes from its second («۴ تا ۶ هزار
    میلیارد»: 10¹²), or 1. Only a first number no larger than the second's shares it
    («۲ تا ۲ و نیم میلیون»): in «۸۰۰ تا ۱ هزار» and «سال ۲۰۲۲ تا ۲۰ میلیارد» the first
    is whole."""
    if len(first) != 1 or first[0] in _SCALES or len(second) < 2 or second[0] in _SCALES:
        return 1
    if number_value(first) > number_value(second[:1]):
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
