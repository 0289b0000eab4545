"""The quotes stage: direct speech after a reporting verb and a colon.

«… اظهار داشت: این مواضع غیراصولی است.» gives the quote «این مواضع غیراصولی است.»,
the verb «اظهار داشت», the speaker and the role the quote is attributed by. The
speaker is the subject, which a Persian sentence opens with (after a reporting verb
and a comma, its last clause's: «روزنامه کیهان نوشت، علی رضایی … گفت» is Rezaei's;
after «و» and a finite verb, the new clause's). «وی», «او», «این مقام» stand for the
speaker of the quote before unless someone is named since, else for the subject of the
latest sentence naming someone. A role («وزیر دفاع صربستان نیز …») is the person named
in or beside it, or given that role elsewhere in the story, or the one person who has
spoken so far (agency copy names its speaker once, then the role) unless the role is
another party; else nobody: the quote keeps its role and no speaker. A person named in a
lead-in clause («با اشاره به سفر ترامپ») is spoken of; an organisation opening the
sentence («سازمان ملل … نوشت») speaks. A quote runs to the end of its paragraph, or to
the guillemet that closes it when it opens with one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import compress, repeat
from operator import getitem

from pipeline.doc import Doc
from pipeline.extract._text import matches_at, verb_forms, words_of
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
# «این مقام مسئول افزود»: an official pointed back to, like a pronoun.
_OFFICIALS = frozenset(("مقام", "مسئول", "مسؤول", "مقام‌مسئول"))
# What opens a clause about something the speaker speaks of, not who speaks.
_LEAD_IN = re.compile(r"(?<![\w\u200c])(?:با اشاره به|با بیان|با تاکید بر|با تأکید بر|در پاسخ به"
                      r"|درباره|در مورد|در خصوص|در رابطه با|در ارتباط با|با انتقاد از|ضمن)(?![\w\u200c])")
# «یکی دیگر از کارشناسان گفت», «دیگر عضو شورا …»: someone else, not the one before.
_ANOTHER = frozenset(("دیگر", "یکی"))
MAX_ROLE_WORDS = 8


_NESTING = {"«": 1, "»": -1}
# What follows a closed quote when the writer goes on narrating: «و افزود», «، سپس …».
_NARRATION = ("و ", "،", "؛")


def _unquote(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the quote without trailing spaces; a quote in guillemets ends at the
    one that closes it when only a mark or the narration follows («… گفت: «X» و افزود
    …», «… گفت: «X.» سپس …»), not when it opened with a quoted word («… گفت: «برجام»
    مرده است»)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    if text[start] != "«":
        return start, end
    depth = 0
    for position in range(start, end):
        depth += _NESTING.get(text[position], 0)
        if depth == 0:
            after = text[position + 1 : end].strip()
            closed = (
                not after.strip(".،؛!؟")  # only a mark after it
                or text[position - 1] in ".!؟?"  # its last sentence ended inside
                or after.startswith(_NARRATION)
            )
            if position > start + 1 and closed:
                return start + 1, position
            break
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
    """Who says a quote, from the people and organisations the entities stage found."""

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
        self.people = frozenset(self.person_names)
        self.organisations = {
            mention.start: entity.canonical
            for entity in entities
            if entity.type == "ORG"
            for mention in entity.mentions
        }
        # A role takes a following organisation or place whole («رئیس شورای اسلامی
        # شهر قدس») and ends with it: «وزیر دفاع جمهوری اسلامی ایران | سپاه …».
        self.name_ends = {
            mention.start: mention.end
            for entity in entities
            if entity.type in ("ORG", "LOC")
            for mention in entity.mentions
        }
        self.breaks = _Breaks(text)
        self.holders = self._role_holders(entities)

    def _role_holders(self, entities: list[Entity]) -> dict[str, str]:
        """Role → the person the story names in it, from a role right before a name
        («وزیر نیرو علی رضایی») or right after it («علی رضایی، وزیر نیرو»): a later quote
        given only by that role («وزیر نیرو افزود») is that person's. A role the story
        gives two people is nobody's."""
        words, starts, joined = self.words.words, self.words.starts, self.words.joined
        found: dict[str, set[str]] = {}
        for entity in entities:
            if entity.type != "PER":
                continue
            for mention in entity.mentions:
                name = bisect_left(starts, mention.start)
                after = bisect_left(starts, mention.end)
                before = next((i for i in range(name - 1, max(name - MAX_ROLE_WORDS, 0) - 1, -1)
                               if words[i] in lexicon().role_heads), None)
                # The role must end where the name starts: «وزیر نیرو علی رضایی», not
                # «سخنگوی وزارت خارجه با اشاره به سفر ترامپ».
                if (before is not None and all(joined[before:name])
                        and self._role_end(before, name + 1) == name):
                    found.setdefault(_role_key(self.text[starts[before] : mention.start]), set()).add(
                        entity.canonical)
                role_end = self._role_end(after, len(words)) if after < len(words) else None
                if role_end is not None and self.text[mention.end : starts[after]].strip() in ("", "،"):
                    role = self.text[starts[after] : self.words.ends[role_end - 1]]
                    found.setdefault(_role_key(role), set()).add(entity.canonical)
        return {role: next(iter(people)) for role, people in found.items() if len(people) == 1}

    def speaker(
        self, region_start: int, region_end: int, earlier: list[Quote]
    ) -> tuple[str | None, str | None]:
        """The speaker named in ``text[region_start:region_end]``, the sentence up to
        its reporting verb, and the role the quote is given by; ``earlier`` are the
        story's quotes before it.

        After a reporting verb and a comma the last clause is asked first, for a
        subject opening it: in «روزنامه کیهان نوشت، علی رضایی در این باره گفت» the
        paper is only the source."""
        clause = max(self.text.rfind(mark, region_start, region_end) for mark in "،؛") + 1
        # Only a clause after a reporting verb has a subject of its own: after a name it
        # is an apposition («سرگئی لاوروف، وزیر خارجه روسیه گفت»), elsewhere a list or an
        # object («… با انتقاد از دولت، حسن روحانی را مسئول دانست و گفت»).
        before = self.text[region_start : max(clause - 1, region_start)].rstrip()
        if clause > region_start and before.endswith(REPORTING_VERBS):
            found = self._subject(clause, region_end, earlier, opening_only=True)
            if found is not None:
                return found
        return self._subject(region_start, region_end, earlier, opening_only=False) or (None, None)

    def _subject(
        self, start: int, end: int, earlier: list[Quote], opening_only: bool
    ) -> tuple[str | None, str | None] | None:
        """The subject of ``text[start:end]`` and the role it is named by: a pronoun's
        antecedent («وی», «این مقام»), a role (and the person holding it) or an
        organisation opening it, else a person opening it (after a title) or, unless
        ``opening_only``, the person the clause holding the verb opens with. None when
        it names no one."""
        words, starts = self.words.words, self.words.starts
        first = bisect_left(starts, start)
        last = bisect_left(starts, end)
        if first >= last:
            return None
        if words[first] in PRONOUNS or (
            words[first] == "این" and first + 1 < last and words[first + 1] in _OFFICIALS
        ):
            antecedent = self._antecedent(start, earlier)
            # «سخنگوی دولت گفت: … وی افزود: …»: the same role goes on speaking.
            role = earlier[-1].role if earlier and antecedent == earlier[-1].speaker else None
            return antecedent, role
        person = bisect_left(self.person_starts, start)
        named = person < len(self.person_starts) and self.person_starts[person] < end
        role_end = self._role_end(first, last)
        if role_end is not None:
            role = self.text[starts[first] : self.words.ends[role_end - 1]]
            # The role's holder is named in it or right after it: «وزیر نیرو علی رضایی».
            holder_before = starts[role_end] + 1 if role_end < last else end
            if named and self.person_starts[person] < holder_before:
                return self.person_names[person], role
            holder = self.holders.get(_role_key(role))
            # «یکی دیگر از …», «وزیر دفاع صربستان نیز …»: another party than the one before.
            another = (first and words[first - 1] in _ANOTHER) or (
                role_end < last and words[role_end] == "نیز")
            if holder is None and not another:
                holder = _sole_speaker(earlier, self.people)
            return holder, role
        organisation = self.organisations.get(starts[first])
        if organisation is not None:
            return organisation, None
        if not named:
            return None
        title = lexicon().titles.match(words, self.words.joined, first)
        opening = first + (title[0] if title else 0)
        if opening_only and (opening >= last or self.person_starts[person] != starts[opening]):
            return None
        subject = self._clause_subject(person, end)
        lead_in = _LEAD_IN.search(self.text, start, end)
        if lead_in is not None and self.person_starts[subject] > lead_in.start():
            # «خطیب جمعه با اشاره به اینکه بوش … حمایت کرده، گفت»: Bush is spoken of; what
            # opens the sentence names the speaker, by a role the lexicon may not know.
            role = self.text[start : lead_in.start()].strip() or None
            return (_sole_speaker(earlier, self.people) if role else None), role
        return self.person_names[subject], None

    def _clause_subject(self, person: int, end: int) -> int:
        """The person opening the clause that holds the verb: «قلعه‌نویی در نشست شرکت
        نکرد و مجید صالح … گفت» is Saleh's. A later person opens a clause of their own
        when «و» after a finite verb comes right before them."""
        words, starts = self.words.words, self.words.starts
        verbs = verb_forms()
        chosen = person
        for index in range(person + 1, bisect_left(self.person_starts, end)):
            word = bisect_left(starts, self.person_starts[index])
            if word >= 2 and words[word - 1] == "و" and words[word - 2] in verbs:
                chosen = index
        return chosen

    def _antecedent(self, before: int, earlier: list[Quote]) -> str | None:
        """Who «وی» is: the subject of the latest sentence before ``before`` that names
        a person outside the quotes (a name inside a quote is spoken of, not speaking),
        the first person it names («حرف‌های گودرزی روشن است که او از حسینی صحبت کرده»
        is Goudarzi's). The person who spoke the quote before goes on talking unless
        someone is named after it («رضایی با اشاره به سفر ترامپ گفت: …. وی افزود:» is
        Rezaei)."""
        index = bisect_left(self.person_starts, before) - 1
        while index >= 0 and self._quoted(self.person_starts[index], earlier):
            index -= 1
        previous = earlier[-1].speaker if earlier else None
        if index < 0:
            return previous
        if previous in self.people and self.person_starts[index] < earlier[-1].end:
            return previous
        sentence = self.breaks.sentence_start(self.person_starts[index])
        first = bisect_left(self.person_starts, sentence)
        while first < index and self._quoted(self.person_starts[first], earlier):
            first += 1
        return self.person_names[first]

    @staticmethod
    def _quoted(position: int, earlier: list[Quote]) -> bool:
        return any(quote.start <= position < quote.end for quote in earlier)

    def _role_end(self, first: int, last: int) -> int | None:
        """The word index after the role that words ``first`` up to ``last``
        (exclusive) open with («وزیر دفاع صربستان» in «وزیر دفاع صربستان نیز در این
        دیدار …»), or None."""
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
        return end


def _sole_speaker(earlier: list[Quote], people: frozenset[str]) -> str | None:
    """The one person who has spoken so far, if one has. Agency copy names its
    speaker once and then gives the role («معاون توسعه آموزش و پرورش هرمزگان تأکید
    کرد»): with a single speaker before, the role is theirs; with two, it could be
    either, and the quote keeps no speaker rather than a guess."""
    speakers = {quote.speaker for quote in earlier if quote.speaker in people}
    return next(iter(speakers)) if len(speakers) == 1 else None


def _role_key(role: str) -> str:
    """A role as a key: its words, spaces and ZWNJs folded, «دستیارش» read as
    «دستیار». Whole, since «وزیر دفاع ایران» and «وزیر دفاع صربستان» are two people."""
    return " ".join(part.removesuffix("ش") if part[:-1] in lexicon().role_heads else part
                    for part in role.replace("\u200c", " ").split())


def _joins_role(words: tuple[str, ...], index: int, last: int, stop: frozenset[str]) -> bool:
    """«و» inside a role: «مدیرکل فرهنگ و ارشاد اسلامی»."""
    return words[index] == "و" and index + 1 < last and words[index + 1] not in stop


def find_quotes(
    text: str, entities: list[Entity], dateline: tuple[int, int] | None = None
) -> list[Quote]:
    """Direct quotes in ``text`` with their speakers and reporting verbs.

    A quote runs to the end of its paragraph, or to the sentence where the next
    one is introduced («… گفت: X. وی افزود: Y»). The speaker is looked for after the
    ``dateline`` («خبرگزاری فارس: مدیرکل … گفت:» is the director's).
    """
    words = words_of(text)
    openings = map(getitem, words.words, repeat(_OPENING))
    verb_starts = compress(words.starts, map(_VERB_OPENINGS.__contains__, openings))
    introductions = list(matches_at(_VERB_COLON, text, verb_starts))
    if not introductions:
        return []  # most stories: no need to find their sentences and speakers
    speakers = SpeakerFinder(text, entities)
    breaks = speakers.breaks
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
        if dateline is not None and region_start < dateline[1] <= intro.start("verb"):
            region_start = dateline[1]
        speaker, role = speakers.speaker(region_start, intro.start("verb"), quotes)
        quotes.append(
            Quote(
                speaker=speaker,
                text=text[start:end],
                verb=re.sub(r"\s+", " ", intro.group("verb")),
                start=start,
                end=end,
                role=role,
            )
        )
    return quotes


def find_quotes_stage(doc: Doc) -> None:
    """Set ``article.quotes``; needs the entities stage before it."""
    doc.article.quotes = find_quotes(doc.text, doc.article.entities, doc.dateline)
