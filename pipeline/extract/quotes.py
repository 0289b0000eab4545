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
from itertools import compress, repeat
from operator import getitem

from pipeline.doc import Doc
from pipeline.extract._text import Token, matches_at, tokens, words_of
from pipeline.extract.entities import lexicon
from pipeline.models import Entity, Quote

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
_SENTENCE_ENDS = (". ", "! ", "? ", "؟ ", "\n")
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


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding ``position`` starts."""
    starts = (text.rfind(end, 0, position) for end in _SENTENCE_ENDS)
    return max(
        (found + len(end) for found, end in zip(starts, _SENTENCE_ENDS) if found >= 0), default=0
    )


class SpeakerFinder:
    """Who says a quote, from the people found by the entities stage."""

    def __init__(self, text: str, entities: list[Entity]) -> None:
        self.text = text
        self.people = sorted(
            (mention.start, entity.canonical)
            for entity in entities
            if entity.type == "PER"
            for mention in entity.mentions
        )
        # A role takes a following organisation or place whole («رئیس شورای اسلامی
        # شهر قدس») and ends with it: «وزیر دفاع جمهوری اسلامی ایران | سپاه …».
        self.name_ends = {
            mention.start: mention.end
            for entity in entities
            if entity.type in ("ORG", "LOC")
            for mention in entity.mentions
        }

    def speaker(self, region_start: int, region_end: int) -> str | None:
        words = tokens(self.text, region_start, region_end)
        if not words:
            return None
        if words[0].text in PRONOUNS:
            before = [name for start, name in self.people if start < region_start]
            return before[-1] if before else None
        named = [name for start, name in self.people if region_start <= start < region_end]
        if named:
            return named[0]
        return self._role(words)

    def _role(self, words: list[Token]) -> str | None:
        """«وزیر دفاع صربستان» from «وزیر دفاع صربستان نیز در این دیدار …»."""
        lex = lexicon()
        if words[0].text not in lex.role_heads:
            return None
        end = 1
        while end < min(len(words), MAX_ROLE_WORDS) and (
            words[end].text not in lex.stop or _joins_role(words, end, lex.stop)
        ):
            name_end = self.name_ends.get(words[end].start)
            if name_end is not None:
                end = next((i for i, w in enumerate(words) if w.start >= name_end), len(words))
                break
            end += 1
        return self.text[words[0].start : words[end - 1].end]


def _joins_role(words: list[Token], index: int, stop: frozenset[str]) -> bool:
    """«و» inside a role: «مدیرکل فرهنگ و ارشاد اسلامی»."""
    return words[index].text == "و" and index + 1 < len(words) and words[index + 1].text not in stop


def find_quotes(text: str, entities: list[Entity]) -> list[Quote]:
    """Direct quotes in ``text`` with their speakers and reporting verbs.

    A quote runs to the end of its paragraph, or to the sentence where the next
    one is introduced («… گفت: X. وی افزود: Y»).
    """
    speakers = SpeakerFinder(text, entities)
    words = words_of(text)
    openings = map(getitem, words.words, repeat(_OPENING))
    verb_starts = compress(words.starts, map(_VERB_OPENINGS.__contains__, openings))
    introductions = list(matches_at(_VERB_COLON, text, verb_starts))
    quotes = []
    for intro, following in zip(introductions, [*introductions[1:], None]):
        paragraph_end = text.find("\n", intro.end())
        end = len(text) if paragraph_end < 0 else paragraph_end
        if following is not None and following.start() < end:
            end = max(intro.end(), _sentence_start(text, following.start()))
        if intro.end() >= end:
            continue
        start, end = _unquote(text, intro.end(), end)
        if start >= end:
            continue
        region_start = _sentence_start(text, intro.start("verb"))
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
