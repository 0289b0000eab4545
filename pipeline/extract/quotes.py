"""The quotes stage: direct speech after a reporting verb and a colon.

«… اظهار داشت: این مواضع غیراصولی است.» gives the quote «این مواضع غیراصولی است.»,
the verb «اظهار داشت» and the speaker. The speaker is, in order: the person the
sentence names before the verb; for a sentence opening with «وی» or «او», the
person named last before it; for a sentence opening with a role («وزیر دفاع
صربستان نیز …»), that role; otherwise None. A quote runs to the end of its
paragraph; guillemets around it are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import compress, repeat
from operator import getitem

from pipeline.doc import Doc
from pipeline.extract._text import matches_at, words_of
from pipeline.extract.entities import lexicon
from pipeline.models import Entity, Quote
from pipeline.sentences import sentence_starts

_SINGULAR_VERBS = (
    "اظهار داشت", "اظهار کرد", "اظهارداشت", "تاکید کرد", "تأکید کرد", "تاکید داشت",
    "خاطرنشان کرد", "خاطر نشان کرد", "خاطرنشان ساخت", "گفت", "افزود", "بیان کرد",
    "بیان داشت", "عنوان کرد", "عنوان داشت", "تصریح کرد", "ادامه داد", "اعلام کرد",
    "یادآور شد", "یادآوری کرد", "اضافه کرد", "توضیح داد", "متذکر شد", "نوشت",
    "ابراز داشت", "ابراز کرد", "اذعان کرد", "تشریح کرد", "هشدار داد",
    "پاسخ داد", "مدعی شد", "گفته است", "می‌گوید", "اعلام داشت",
)  # fmt: skip
# «گفتند», «تاکید کردند»: the plural adds «ند» to the last word.
REPORTING_VERBS = tuple(
    sorted({*_SINGULAR_VERBS, *(v + "ند" for v in _SINGULAR_VERBS if v[-1] != "د")}, key=len)
)[::-1]
_VERB_PATTERN = "|".join(re.escape(verb).replace(r"\ ", r"[\s\u200c]*") for verb in REPORTING_VERBS)
_VERB_COLON = re.compile(rf"(?<![\w\u200c])(?P<verb>{_VERB_PATTERN})\s*:\s*")
# A reporting verb starts a word: only words opening like one are tried. A word
# holds a verb's first four letters, or the whole verb when it is one shorter word
# («گفت»); no verb of several words opens with a shorter one (tested).
_OPENING = slice(0, 4)
_VERB_OPENINGS = frozenset(verb[_OPENING] for verb in REPORTING_VERBS)
_LINE_END = re.compile(r"\n")
PRONOUNS = frozenset(("وی", "او", "ایشان"))
MAX_ROLE_WORDS = 8


def _unquote(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the quote without trailing spaces or guillemets around it all."""
    while end > start and text[end - 1].isspace():
        end -= 1
    closing = {"«": "»", '"': '"'}.get(text[start])
    if closing:
        close = text.rfind(closing, start + 1, end)
        # Only when the closing mark ends the quote (a final period may follow).
        if close > start and not text[close + 1 : end].strip(" .،"):
            return start + 1, close
    return start, end


class _Breaks:
    """Where the sentences of a text start and its paragraphs end, found once.

    Searching back and forth from every quote made a long paragraph with many
    quotes quadratic; here each question is a bisection.
    """

    def __init__(self, text: str) -> None:
        self.sentence_starts = sentence_starts(text)
        self.line_ends = [match.start() for match in _LINE_END.finditer(text)]
        self.length = len(text)

    def sentence_start(self, position: int) -> int:
        """Where the sentence holding ``position`` starts."""
        before = bisect_right(self.sentence_starts, position)
        return self.sentence_starts[before - 1] if before else 0

    def paragraph_end(self, position: int) -> int:
        """The line break ending the paragraph that holds ``position``, or the text end."""
        after = bisect_left(self.line_ends, position)
        return self.line_ends[after] if after < len(self.line_ends) else self.length


class SpeakerFinder:
    """Who says a quote, from the people found by the entities stage."""

    def __init__(self, text: str, entities: list[Entity]) -> None:
        self.text = text
        self.words = words_of(text)
        people = sorted(
            (mention.start, entity.canonical)
            for entity in entities
            if entity.type == "PER"
            for mention in entity.mentions
        )
        self.person_starts = [start for start, _ in people]
        self.person_names = [name for _, name in people]
        # A role takes a following organisation or place whole («رئیس شورای اسلامی
        # شهر قدس») and ends with it: «وزیر دفاع جمهوری اسلامی ایران | سپاه …».
        self.name_ends = {
            mention.start: mention.end
            for entity in entities
            if entity.type in ("ORG", "LOC")
            for mention in entity.mentions
        }

    def speaker(self, region_start: int, region_end: int) -> str | None:
        """The speaker named in ``text[region_start:region_end]``, the sentence up to
        its reporting verb."""
        first = bisect_left(self.words.starts, region_start)
        last = bisect_left(self.words.starts, region_end)
        if first >= last:
            return None
        person = bisect_left(self.person_starts, region_start)
        if self.words.words[first] in PRONOUNS:
            return self.person_names[person - 1] if person else None
        if person < len(self.person_starts) and self.person_starts[person] < region_end:
            return self.person_names[person]
        return self._role(first, last)

    def _role(self, first: int, last: int) -> str | None:
        """«وزیر دفاع صربستان» from «وزیر دفاع صربستان نیز در این دیدار …», the words
        ``first`` up to ``last`` (exclusive)."""
        lex = lexicon()
        words, starts = self.words.words, self.words.starts
        if words[first] not in lex.role_heads:
            return None
        end = first + 1
        while end < min(last, first + MAX_ROLE_WORDS) and (
            words[end] not in lex.stop or _joins_role(words, end, last, lex.stop)
        ):
            name_end = self.name_ends.get(starts[end])
            if name_end is not None:
                end = min(bisect_left(starts, name_end, end), last)
                break
            end += 1
        return self.text[starts[first] : self.words.ends[end - 1]]


def _joins_role(words: tuple[str, ...], index: int, last: int, stop: frozenset[str]) -> bool:
    """«و» inside a role: «مدیرکل فرهنگ و ارشاد اسلامی»."""
    return words[index] == "و" and index + 1 < last and words[index + 1] not in stop


def find_quotes(text: str, entities: list[Entity]) -> list[Quote]:
    """Direct quotes in ``text`` with their speakers and reporting verbs.

    A quote runs to the end of its paragraph, or to the sentence where the next
    one is introduced («… گفت: X. وی افزود: Y»).
    """
    words = words_of(text)
    openings = map(getitem, words.words, repeat(_OPENING))
    verb_starts = compress(words.starts, map(_VERB_OPENINGS.__contains__, openings))
    introductions = list(matches_at(_VERB_COLON, text, verb_starts))
    if not introductions:
        return []  # most stories: no need to find their sentences and speakers
    speakers = SpeakerFinder(text, entities)
    breaks = _Breaks(text)
    quotes = []
    for intro, following in zip(introductions, [*introductions[1:], None]):
        end = breaks.paragraph_end(intro.end())
        if following is not None and following.start() < end:
            end = max(intro.end(), breaks.sentence_start(following.start()))
        if intro.end() >= end:
            continue
        start, end = _unquote(text, intro.end(), end)
        if start >= end:
            continue
        region_start = breaks.sentence_start(intro.start("verb"))
        quotes.append(
            Quote(
                speaker=speakers.speaker(region_start, intro.start("verb")),
                text=text[start:end],
                verb=re.sub(r"\s+", " ", intro.group("verb")),
                start=start,
                end=end,
            )
        )
    return quotes


def find_quotes_stage(doc: Doc) -> None:
    """Set ``article.quotes``; needs the entities stage before it."""
    doc.article.quotes = find_quotes(doc.text, doc.article.entities)
