"""The quotes stage: direct speech after a reporting verb and a colon, and reported speech.

«… اظهار داشت: این مواضع غیراصولی است.» gives the quote «این مواضع غیراصولی است.»,
the verb «اظهار داشت», the speaker and the role the quote is attributed by. Reported
speech (``Quote.reported``) is the clause of «X با بیان اینکه Y، گفت …» (and «با اشاره
به اینکه», «با تاکید بر اینکه» …), of «X تصریح کرد که Y», of «به گفته X، Y», and the
sentence of «Y، وی افزود.». The speaker is the subject, which a Persian sentence opens
with (after a reporting verb and a comma, its last clause's: «روزنامه کیهان نوشت، علی
رضایی … گفت» is Rezaei's; after «و» and a finite verb, the new clause's); a person after
a preposition or inside a relative clause is spoken of («پس از پیروزی امین قاسمی‌پور»).
«وی», «او», «این مقام», «این مربی …» stand for the speaker of the quote before unless
someone is named since, else for the first person opening a clause of the latest
sentence naming someone (nobody when none does). A role («وزیر دفاع صربستان نیز …») is the person
named in or beside it (not the one a subordinate's role names: «نماینده آیت‌الله سیستانی»),
or given that role elsewhere in the story or by an earlier quote, or the one person who
has spoken so far in a roundup's item (agency copy names its speaker once, then the role)
unless the role is another party; else nobody: the quote keeps its role and no speaker,
unless the very next sentence names the speaker going on with their own quote («دبیر
هیئت فوتبال گفت: …» «احمد هاشمیه … افزود: …»). A person named in a lead-in clause («با
اشاره به سفر ترامپ») is spoken of; an organisation opening the sentence («سازمان ملل …
نوشت») speaks. A direct quote runs to
the end of its paragraph, on over the next ones while they speak in the first person
and introduce no one, or to the guillemet that closes it when it opens with one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
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
    "پاسخ داد", "مدعی شد", "گفته است", "می‌گوید", "اعلام داشت", "اذعان داشت",
    "ابراز امیدواری کرد", "اظهار امیدواری کرد",
)  # fmt: skip
# «گفتند», «تاکید کردند»: the plural adds «ند» to the last word.
REPORTING_VERBS = tuple(
    sorted({*_SINGULAR_VERBS, *(v + "ند" for v in _SINGULAR_VERBS if v[-1] != "د")}, key=len)
)[::-1]
_VERB_PATTERN = "|".join(re.escape(verb).replace(r"\ ", r"[\s\u200c]*") for verb in REPORTING_VERBS)
_VERB_COLON = re.compile(rf"(?<![\w\u200c])(?P<verb>{_VERB_PATTERN})\s*:\s*")
_VERB_WORD = re.compile(rf"(?<![\w\u200c])(?:{_VERB_PATTERN})(?![\w\u200c])")
# Reported speech. «… تصریح کرد که X», «… ابراز امیدواری کرد X», «… می‌گوید X»: the
# clause after.
_VERB_THAT = re.compile(
    rf"(?<![\w\u200c])(?P<verb>{_VERB_PATTERN})(?:\s+که|(?<=امیدواری کرد)|(?<=می‌گوید)|(?<=می‌گویند))\s+(?=[\w«])")
# «X با بیان اینکه Y، گفت …»: Y is X's, whatever the sentence's verb.
_LEAD_IN_THAT = re.compile(
    r"با\s+(?:بیان|اشاره\s+به|ت[اأ]کید\s+بر|اعلام|اذعان\s+به|قبول|یادآوری|طرح|ابراز)\s+"
    r"(?:این[\s\u200c]*که|این\s+(?:مطلب|نکته|موضوع|پرسش|سوال|سؤال)\s+که)\s*")
# «به گفته وی، Y»: Y is theirs.
_ACCORDING_TO = re.compile(r"به\s+گفته\s+")
# «Y، وی افزود.»: a reporting verb that ends its sentence.
_CLOSING_VERB = re.compile(rf"(?P<verb>{_VERB_PATTERN})[^\S\n]*(?:[.!?؟]|$)", re.MULTILINE)
# A reporting verb starts a word: only words opening like one are tried. A word
# holds a verb's first four letters, or the whole verb when it is one shorter word
# («گفت»); no verb of several words opens with a shorter one (tested).
_OPENING = slice(0, 4)
_VERB_OPENINGS = frozenset(verb[_OPENING] for verb in REPORTING_VERBS)
_LINE_END = re.compile(r"\n")
# A heading line: marked with «*» or «•», or a few words with no closing mark.
_HEADING = re.compile(r"^[^\S\n]*(?:[*•][^\n]*|(?:[^\s.!?؟:»\"]+[^\S\n]+){0,7}[^\s.!?؟:»\"]+)[^\S\n]*$",
                      re.MULTILINE)
PRONOUNS = frozenset(("وی", "او", "ایشان"))
# «این مقام مسئول افزود»: an official pointed back to, like a pronoun.
_OFFICIALS = frozenset(("مقام", "مسئول", "مسؤول", "مقام‌مسئول"))
# What opens a clause about something the speaker speaks of, not who speaks.
_LEAD_IN = re.compile(r"(?<![\w\u200c])(?:با اشاره به|با بیان|با تاکید بر|با تأکید بر|در پاسخ به"
                      r"|با اعلام|با قبول|با طرح|با اذعان به|با یادآوری|با ابراز"
                      r"|درباره|در مورد|در خصوص|در رابطه با|در ارتباط با|با انتقاد از|ضمن)(?![\w\u200c])")
# «همچنین وزیر دفاع … گفت»: words linking the sentence to the one before, not its subject.
_CONNECTIVES = frozenset(("همچنین", "سپس", "اما", "ولی", "همچنان", "ضمنا", "ضمناً", "البته", "بنابراین"))
# «یکی دیگر از کارشناسان گفت», «دیگر عضو شورا …»: someone else, not the one before.
_ANOTHER = frozenset(("دیگر", "یکی"))
# A word that makes the name after it an object («از», «به» …), not the subject.
_PREPOSITIONS = frozenset(("از", "به", "با", "در", "بر", "برای", "تا", "که", "و", "چون", "مانند",
                           "درباره", "علیه", "نزد", "بی", "جز"))
# Phrases linking a sentence to the one before, ahead of its subject.
_LINKS = (("از", "سوی", "دیگر"), ("از", "طرف", "دیگر"), ("در", "همین", "راستا"), ("در", "این", "راستا"),
          ("در", "همین", "حال"), ("در", "این", "حال"), ("در", "عین", "حال"), ("با", "این", "حال"),
          ("با", "این", "وجود"), ("به", "هر", "حال"), ("در", "ادامه"), ("در", "پایان"), ("در", "ابتدا"))
# «در این مراسم», «در همین زمینه», «در آن جلسه»: where or when, ahead of the subject.
_THIS_PLACES = frozenset((("در", "این"), ("در", "همین"), ("در", "آن")))
# What may open a linking phrase («در ادامه», «با این حال»), a place («در این مراسم») or a time.
_LINK_OPENERS = frozenset({phrase[0] for phrase in _LINKS} | {"در"})
# A time before the subject: «صبح امروز», «عصر روز گذشته», «روز سه‌شنبه», «مدتی بعد».
_WHEN = frozenset(("صبح", "ظهر", "عصر", "شب", "بامداد", "امروز", "دیروز", "امشب", "دیشب", "روز",
                   "گذشته", "هفته", "پیش", "اخیرا", "اخیراً", "اکنون", "هم‌اکنون", "شنبه", "یکشنبه",
                   "یک‌شنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "پنج‌شنبه", "جمعه", "مدتی",
                   "ساعتی", "دقایقی", "لحظاتی", "بعد", "قبل"))
_TIMES_AND_CONNECTIVES = _WHEN | _CONNECTIVES
# What joins titles before a name: «حجت الاسلام و المسلمین», «آیت الله سید».
_TITLE_LINKS = frozenset(("و", "المسلمین", "والمسلمین", "سید", "سیده", "پاسدار"))
# «پدر رومینا می‌گوید»: the name after is a relative's, not the speaker's.
_RELATIVES = frozenset(("پدر", "مادر", "برادر", "خواهر", "همسر", "فرزند", "پسر", "دختر", "عموی",
                        "عمه", "دایی", "خاله", "وکیل", "خانواده", "دوست", "همکار", "تیم"))
# A source opening the sentence before its subject: «به گزارش فارس …», «به نقل از …».
_SOURCES = frozenset((("به", "گزارش"), ("به", "نقل"), ("بنا", "بر")))
MAX_ROLE_WORDS = 8


_NESTING = {"«": 1, "»": -1}
_MODALS = frozenset(("می‌توان", "نمی‌توان", "بتوان", "باید", "نباید"))
_LAST_WORD = re.compile(r"([\w\u200c]+)\s*$")
_SOME = frozenset(("برخی", "بعضی", "عده‌ای", "گروهی", "کسی", "کسانی", "همه", "دیگران", "مردم"))
_SAID = frozenset(("دروغ", "راست", "مطالبی", "سخنانی", "حرف", "سخن", "چیزی"))
_FIRST_PERSON = frozenset(("من", "ما", "بنده", "مان", "ماست"))
# What may stand between a quote and the next sentence.
_BETWEEN_SENTENCES = " \n.!?؟»\"'"
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
        self.text = text

    @cached_property
    def headings(self) -> list[int]:
        """Where the heading lines start, found when first asked."""
        return [match.start() for match in _HEADING.finditer(self.text)]

    def item_start(self, position: int) -> int:
        """Where the roundup's item holding ``position`` starts: its heading, or 0."""
        before = bisect_right(self.headings, position)
        return self.headings[before - 1] if before else 0

    def new_item_between(self, start: int, end: int) -> bool:
        """Whether a heading line («*تیم‌های لیگ استان مشخص شدند») lies between ``start``
        and ``end``: a roundup's next item, whose speakers are not the one before's."""
        return bisect_left(self.headings, start) < bisect_left(self.headings, end)

    def sentence_start(self, position: int) -> int:
        """Where the sentence holding ``position`` starts."""
        before = bisect_right(self.sentence_starts, position)
        return self.sentence_starts[before - 1] if before else 0

    def paragraph_end(self, position: int) -> int:
        """The line break ending the paragraph that holds ``position``, or the text end."""
        after = bisect_left(self.line_ends, position)
        return self.line_ends[after] if after < len(self.line_ends) else self.length

    def sentence_end(self, position: int) -> int:
        """Where the sentence holding ``position`` ends: its mark, or its line's end."""
        after = bisect_right(self.sentence_starts, position)
        end = self.sentence_starts[after] if after < len(self.sentence_starts) else self.length
        return min(end, self.paragraph_end(position))


class SpeakerFinder:
    """Who says a quote, from the people and organisations the entities stage found."""

    def __init__(self, text: str, entities: list[Entity]) -> None:
        self.text = text
        self.words = words_of(text)
        people = sorted(
            (mention.start, entity.canonical)
            for entity in entities
            if _is_person(entity)
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
        self.speaker_ends = {
            mention.start: mention.end
            for entity in entities
            if _is_person(entity) or entity.type == "ORG"
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
            if not _is_person(entity):
                continue
            for mention in entity.mentions:
                name = bisect_left(starts, mention.start)
                after = bisect_left(starts, mention.end)
                before = next((i for i in range(name - 1, max(name - MAX_ROLE_WORDS, 0) - 1, -1)
                               if words[i] in _role_heads()), None)
                # The role must end where the name starts: «وزیر نیرو علی رضایی», not
                # «سخنگوی وزارت خارجه با اشاره به سفر ترامپ».
                if (before is not None and all(joined[before:name]) and not self._serves(before, mention.start)
                        and self._role_end(before, name + 1) == name):
                    found.setdefault(_role_key(self.text[starts[before] : mention.start]), set()).add(
                        entity.canonical)
                role_end = self._role_end(after, len(words)) if after < len(words) else None
                # «علی رضایی، وزیر نیرو», «"علی رضایی" وزیر نیرو»
                if role_end is not None and self.text[mention.end : starts[after]].strip(" «»\"") in ("", "،"):
                    role = self.text[starts[after] : self.words.ends[role_end - 1]]
                    found.setdefault(_role_key(role), set()).add(entity.canonical)
        return {role: next(iter(people)) for role, people in found.items() if len(people) == 1}

    def is_speaker(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is a speaker and nothing more (but «نیز»): a
        pronoun, «این مقام»/«این مربی …», a person's or an organisation's whole name,
        or a role. «…، رهبر جریان صدر بر لزوم … تأکید کرد» is narration."""
        words, starts, ends = self.words.words, self.words.starts, self.words.ends
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        last = _end_before_also(words, first, last)
        if first >= last:
            return False
        if words[first] in PRONOUNS:
            return last == first + 1
        if words[first] == "این" and first + 1 < last:
            return words[first + 1] in _OFFICIALS or self._role_end(first + 1, last) == last
        name_end = self.speaker_ends.get(starts[first])
        if name_end is not None:
            return name_end >= ends[last - 1]
        return self._role_end(first, last) == last

    def may_have_subject(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]``, what comes before a reporting clause, may name
        who speaks: it opens with no preposition, or holds a pronoun, «این مقام», a
        role, or a person's or an organisation's name. «در این گزارش با اشاره به
        اینکه …» is a paper's, no one's."""
        words = self.words.words[bisect_left(self.words.starts, start) : bisect_left(self.words.starts, end)]
        return bool(words) and (
            words[0] not in _PREPOSITIONS
            or not PRONOUNS.isdisjoint(words) or not _OFFICIALS.isdisjoint(words)
            or not _role_heads().isdisjoint(words)
            or bisect_left(self.person_starts, start) < bisect_left(self.person_starts, end)
            or any(start <= position < end for position in self.organisations))

    def speaker(
        self, region_start: int, region_end: int, earlier: list[Quote]
    ) -> tuple[str | None, str | None]:
        """The speaker named in ``text[region_start:region_end]``, the sentence up to
        its reporting verb, and the role the quote is given by; ``earlier`` are the
        story's quotes before it.

        After a reporting verb and a comma the last clause is asked first, for a
        subject opening it: in «روزنامه کیهان نوشت، علی رضایی در این باره گفت» the
        paper is only the source."""
        # «به گزارش روابط عمومی …، وی تصریح کرد»: the source is not who speaks; nor
        # the writer's «گفتنی است،», «خاطرنشان می‌شود،».
        words, starts = self.words.words, self.words.starts
        opening = bisect_left(starts, region_start)
        source = words[opening : opening + 2] in _SOURCES
        if source or opening < len(words) and words[opening] in _WRITERS_OPENINGS:
            comma = self.text.find("،", region_start, region_end) + 1
            after = bisect_left(starts, comma)
            if comma and (source and after < len(words) and words[after] in ("وی", "او")
                          or _WRITERS.match(self.text, region_start, comma)):
                region_start = comma
        clause = max(self.text.rfind(mark, region_start, region_end) for mark in "،؛") + 1
        # Only a clause after a reporting verb has a subject of its own: after a name it
        # is an apposition («سرگئی لاوروف، وزیر خارجه روسیه گفت»), elsewhere a list or an
        # object («… با انتقاد از دولت، حسن روحانی را مسئول دانست و گفت»).
        before = self.text[region_start : max(clause - 1, region_start)].rstrip()
        if clause > region_start and before.endswith(REPORTING_VERBS):
            found = self._subject(clause, region_end, earlier, opening_only=True)
            if found is not None:
                return found
        found = self._subject(region_start, region_end, earlier, opening_only=False)
        if found is None and self.text.startswith(_ANSWERS, region_end):
            # «وقتی از این بازیکن سوال شد که …، پاسخ داد»: the one asked, who was speaking.
            return self._antecedent(region_start, earlier), None
        return found or (None, None)

    def name_later(self, quotes: list[Quote], whos: list[tuple[int, int]]) -> None:
        """Give the quotes told by a role or a pronoun and no name («دبیر هیئت فوتبال
        استان گفت: …», «او گفت: …») the speaker whom the very next sentence names as it
        goes on with a quote of theirs («احمد هاشمی امروز … افزود: …»): agency copy often
        gives the role first and the name after. Not across a roundup's heading, nor to
        someone who speaks as another party («علی رضایی نیز گفت»); another quote of the
        story's item by that role («دبیر هیئت افزود») is then theirs too."""
        waiting: list[Quote] = []
        for quote, who in zip(quotes, whos, strict=True):
            if quote.speaker is None:
                if quote.role is not None and self._another(*who):
                    waiting.clear()  # «مدیرعامل منطقه آزاد نیز … گفت»: not the one before
                if quote.role is not None or self._refers(*who):
                    waiting.append(quote)
                else:
                    waiting.clear()
                continue
            if waiting and self._names(quote.speaker, *who) and (
                    not self.text[waiting[-1].end : who[0]].strip(_BETWEEN_SENTENCES)
                    and not self.breaks.new_item_between(waiting[0].start, who[0])):
                roles = {_role_key(waiting_quote.role) for waiting_quote in waiting if waiting_quote.role}
                if roles and self._roles_of(quote.speaker, quotes) - roles:  # named in another role
                    waiting.clear()
                    continue
                for waiting_quote in waiting:
                    waiting_quote.speaker = quote.speaker
                for later in quotes:
                    if (later.speaker is None and later.role and _role_key(later.role) in roles
                            and not self.breaks.new_item_between(*sorted((quote.start, later.start)))):
                        later.speaker = quote.speaker
            waiting.clear()

    def _roles_of(self, name: str, quotes: list[Quote]) -> set[str]:
        """The roles the story gives ``name``, as keys: in apposition or by their quotes."""
        return ({role for role, holder in self.holders.items() if holder == name}
                | {_role_key(quote.role) for quote in quotes if quote.speaker == name and quote.role})

    def _refers(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` opens (after its connectives) with a pronoun,
        which may point forward («او در پاسخ … گفت: …» before the story names him);
        «این مقام …» points back only."""
        words = self.words.words[bisect_left(self.words.starts, start) : bisect_left(self.words.starts, end)]
        return next((word for word in words if word not in _CONNECTIVES), None) in PRONOUNS

    def _names(self, name: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` names the person ``name`` as one who speaks alone,
        not as another party («… نیز گفت»)."""
        first, last = bisect_left(self.person_starts, start), bisect_left(self.person_starts, end)
        return name in self.person_names[first:last] and not self._another(start, end)

    def _another(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` speaks as another party: «… نیز گفت»."""
        starts = self.words.starts
        return _says_too(self.words.words, bisect_left(starts, start), bisect_left(starts, end))

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
        while first < last - 1 and words[first] in _CONNECTIVES:
            first += 1
        if first >= last:
            return None
        # «در این مراسم فرمانده سپاه … گفت»: the role after the linking phrase.
        linked = self._after_links(first, last)
        if first < linked < last and self._role_end(linked, last) is not None:
            first = linked
        if words[first].replace("\u200c", "") in PRONOUNS or (
            words[first] == "این" and first + 1 < last and words[first + 1] in _OFFICIALS
        ):
            antecedent = self._antecedent(start, earlier)
            # «سخنگوی دولت گفت: … وی افزود: …»: the same role goes on speaking.
            role = earlier[-1].role if earlier and antecedent == earlier[-1].speaker else None
            return antecedent, role
        person = bisect_left(self.person_starts, start)
        named = person < len(self.person_starts) and self.person_starts[person] < end
        if words[first] == "این" and first + 1 < last and (
                words[first + 1] in _role_heads() or not named and _describes_a_person(words[first + 1])):
            # «این مربی برزیلی افزود», «این هنرمند نقاش افزود»: the one just spoken of,
            # by a role or a description; not «این در حالی است که علی رضایی … گفت».
            role_end = self._role_end(first + 1, last, any_head=True) or first + 2
            return self._antecedent(start, earlier), self.text[starts[first + 1] : self.words.ends[role_end - 1]]
        role_end = self._role_end(first, last)
        if role_end is not None:
            role = self.text[starts[first] : self.words.ends[role_end - 1]]
            # The role's holder is named in it or right after it: «وزیر نیرو علی رضایی»;
            # not the one a subordinate serves («نماینده آیت الله سیستانی در کربلا»).
            holder_before = starts[role_end] + 1 if role_end < last else end
            if named and self._serves(first, self.person_starts[person]):
                person += 1
                named = person < len(self.person_starts) and self.person_starts[person] < end
            if named and self.person_starts[person] < holder_before:
                return self.person_names[person], role
            return self._holder(role, first, role_end, last, earlier, start), role
        organisation = self.organisations.get(starts[first])
        if organisation is not None:
            return organisation, None
        if not named:
            role_end = self._description_end(first, last, end)
            if role_end is None:
                return None
            role = self.text[starts[first] : self.words.ends[role_end - 1]]
            return self._holder(role, first, role_end, last, earlier, start), role
        opening = self._after_titles(first, last)
        if opening_only and (opening >= last or self.person_starts[person] != starts[opening]):
            return None
        subject = self._clause_subject(person, end)
        lead_in = _LEAD_IN.search(self.text, start, end)
        if lead_in is not None and self.person_starts[subject] > lead_in.start():
            # «خطیب جمعه با اشاره به اینکه بوش … حمایت کرده، گفت»: Bush is spoken of; what
            # opens the sentence names the speaker, by a role the lexicon may not know.
            role = self.text[start : lead_in.start()].strip() or None
            return (self._sole_speaker(earlier, role, start) if role else None), role
        if not self._opens_clause(subject, start):
            return None
        return self.person_names[subject], None

    def _holder(self, role: str, first: int, role_end: int, last: int, earlier: list[Quote],
                start: int) -> str | None:
        """Who holds ``role``, words ``first`` to ``role_end`` of a clause ending at word
        ``last``: the person the story names in that role, or the one earlier quotes gave
        it, else the one speaker so far unless the role is another party."""
        words = self.words.words
        key = _role_key(role)
        holder = self.holders.get(key) or _only(
            {quote.speaker for quote in earlier if quote.role and _role_key(quote.role) == key
             and quote.speaker in self.people})
        # «یکی دیگر از …», «وزیر دفاع صربستان نیز …», «مسئول اتحادیه در اسدآباد نیز
        # … گفت»: another party than the one before.
        another = (first and words[first - 1] in _ANOTHER) or _says_too(words, role_end, last)
        if holder is None and not another:
            holder = self._sole_speaker(earlier, role, start)
        return holder

    def _description_end(self, first: int, last: int, end: int) -> int | None:
        """The word after a description of a person the lexicon knows no role for,
        opening the clause before a lead-in («آنالیزور استقلال در ادامه با اشاره به …»,
        «برنامه‌ریز سازمان اوقاف با اشاره به …»), or None: no function word, pronoun,
        organisation or thing opens it, and only linking words («در ادامه») follow it, or
        a relative clause up to a comma («… که در المپیک پکن ششم شد، با اشاره به …»)."""
        words, starts = self.words.words, self.words.starts
        lead_in = _LEAD_IN.search(self.text, starts[first], end)
        if lead_in is None or not _describes_a_person(words[first]) or words[first] in _ROLE_OPENERS_NOT:
            return None
        verb = _VERB_WORD.match(self.text, end)
        if verb is not None and verb.group().endswith("ند"):
            return None  # «فعالان بازار با اشاره به … گفتند»: several people
        lead_word = bisect_left(starts, lead_in.start())
        role_end = self._role_end(first, lead_word, any_head=True)
        if role_end is None or role_end - first < 2:
            return None  # one word may be a name the tagger missed («شنیشل در پاسخ …»)
        after = role_end
        if words[after] == "که":  # «وزنه‌بردار سابق تیم ملی که در المپیک … ایستاد، با اشاره به …»
            after = bisect_left(starts, self.text.rfind("،", starts[role_end], lead_in.start()) + 1, role_end + 1)
        if not set(words[after:lead_word]) <= _LINKING_WORDS:
            return None
        # Nor the rest of a name the tagger cut short («ناصر پایه گذار» found as «ناصر»).
        description = " " + self.text[starts[first] : self.words.ends[role_end - 1]]
        if any(self.text.startswith(description, self.speaker_ends[position]) for position in self.person_starts):
            return None
        return role_end

    def _serves(self, head: int, position: int) -> bool:
        """Whether the role opening at word ``head`` is a subordinate's («نماینده»,
        «سخنگوی», «مشاور», «معاون» …) and the person named at ``position`` is whom it
        serves, named right after the head and its titles: «نماینده آیت‌الله سیستانی»
        is the representative, not Sistani. «معاون وزیر نیرو علی رضایی» is Rezaei."""
        if self.words.words[head] not in _SUBORDINATES:
            return False
        after = self._after_titles(head + 1, len(self.words.words))
        return after < len(self.words.starts) and self.words.starts[after] == position

    def _lists_a_person(self, index: int) -> bool:
        """Whether word ``index`` is «و» before a person: «سید رضا افتخاری سرپرست کمیته
        فوتسال و محمدرضا حیدریان …» lists the next one, the role has ended."""
        words, starts = self.words.words, self.words.starts
        return (words[index] == "و" and index + 1 < len(starts)
                and _insorted(self.person_starts, starts[index + 1]))

    def _opens_clause(self, person: int, start: int) -> bool:
        """Whether the person at ``person_starts[person]`` opens its clause (after
        ``start``, a comma, a colon, or «و» after a finite verb): right there, after a
        linking phrase or a time («در ادامه», «از سوی دیگر», «در این مراسم», «صبح
        امروز»), a title or a
        role, after one word that is no preposition nor a relation (a first name the
        tagger left out; not «پدر رومینا»), or after a source («به گزارش فارس از
        کرمانشاه علی رضایی …»). «پس از پیروزی امین قاسمی‌پور …، اظهار داشت» and «لمان
        که … شاگردان یوآخیم لو …» speak of them."""
        words, starts = self.words.words, self.words.starts
        position = self.person_starts[person]
        word = bisect_left(starts, position)
        if word >= 2 and words[word - 1] == "و" and words[word - 2] in verb_forms():
            return True
        boundary = max(start, max(self.text.rfind(mark, start, position) for mark in "،؛:") + 1)
        first = bisect_left(starts, boundary)
        if words[first:word][:2] in _SOURCES and verb_forms().isdisjoint(words[first:word]):
            return True
        first = self._after_links(first, word)
        # Titles, then at most a first name the tagger left out («سید رضا افتخاری»).
        between = words[self._after_titles(first, word) : word]
        if len(between) <= 1 and _PREPOSITIONS.isdisjoint(between) and _RELATIVES.isdisjoint(between):
            return True
        return self._role_end(first, word + 1) == word

    def _after_links(self, first: int, last: int) -> int:
        """The word after a linking phrase or a time opening at ``first`` («در ادامه»,
        «از سوی دیگر», «در این مراسم», «صبح امروز»), before ``last``."""
        words = self.words.words
        if first < last and words[first] in _LINK_OPENERS:
            first += next((len(phrase) for phrase in _LINKS if words[first : first + len(phrase)] == phrase), 0)
            if words[first : first + 2] in _THIS_PLACES and first + 3 <= last:
                first += 3  # «در این مراسم علی رضایی …», «در همین زمینه …»
        while first < last and words[first] in _TIMES_AND_CONNECTIVES:
            first += 1
        return first

    def _after_titles(self, index: int, last: int) -> int:
        """The word after the titles opening at ``index``, one after another
        («حجت الاسلام و المسلمین», «سردار سرلشکر پاسدار»), before ``last``."""
        words = self.words.words
        while index < last:
            title = lexicon().titles.match(words, self.words.joined, index)
            if title:
                index += title[0]
            elif words[index] in _TITLE_LINKS:
                index += 1
            else:
                break
        return index

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
        the first person opening a clause of it («حرف‌های گودرزی روشن است که او از
        حسینی صحبت کرده» is Goudarzi's). The person who spoke the quote before goes on talking unless
        someone is named after it («رضایی با اشاره به سفر ترامپ گفت: …. وی افزود:» is
        Rezaei). Nobody when no one the sentence names opens a clause of it («پس از
        پیروزی امین قاسمی‌پور …»: the subject is left out)."""
        index = bisect_left(self.person_starts, before) - 1
        while index >= 0 and self._quoted(self.person_starts[index], earlier):
            index -= 1
        previous = earlier[-1].speaker if earlier else None
        if index < 0:
            return previous
        if previous in self.people and self.person_starts[index] < earlier[-1].end:
            return previous
        sentence = self.breaks.sentence_start(self.person_starts[index])
        return next((self.person_names[person]
                     for person in range(bisect_left(self.person_starts, sentence), index + 1)
                     if not self._quoted(self.person_starts[person], earlier)
                     and self._opens_clause(person, sentence)), None)

    @staticmethod
    def _quoted(position: int, earlier: list[Quote]) -> bool:
        return any(quote.start <= position < quote.end for quote in earlier)

    def _sole_speaker(self, earlier: list[Quote], role: str, position: int) -> str | None:
        """The one person who has spoken so far (since the heading of a roundup's item
        before ``position``), if one has. Agency copy names its
        speaker once and then gives the role («معاون توسعه آموزش و پرورش هرمزگان تأکید
        کرد»): with a single speaker before, the role is theirs; with two, it could be
        either, and the quote keeps no speaker rather than a guess. Nor for an office one
        person holds («رئیس‌جمهور آمریکا», «وزیر …», «سخنگوی …») when the story names that
        speaker in roles of other heads only («کیلی مک‌اننی، دبیر مطبوعاتی کاخ سفید» …
        «رئیس‌جمهور آمریکا گفت» is someone else); a member or an MP is described by
        several roles («نماینده …» is also «عضو کمیسیون …»)."""
        item = self.breaks.item_start(position)
        earlier = [quote for quote in earlier if quote.end > item]
        speaker = _only({quote.speaker for quote in earlier if quote.speaker in self.people})
        key = _role_key(role)
        if not earlier:
            speaker = self._protagonist(position, key)
        if key.startswith(_SINGLE_OFFICES):
            heads = {held.split()[0] for held, holder in self.holders.items() if holder == speaker}
            if heads and key.split()[0] not in heads:
                return None
        return speaker

    def _protagonist(self, position: int, key: str) -> str | None:
        """Before the story's first quote, the one person its narration has opened a
        clause with («یونس شاکری که … به جمع گل گهر اضافه شده، …» … «مهاجم گل گهر گفت»);
        not when the narration names the role apart («… با وزیر خارجه دیدار کرد») or it is
        an office one person holds, a head's («وزیر خارجه ژاپن»: «رضایی با همتای ژاپنی
        خود دیدار کرد» names no one else; «رئیس دادگاه …»), nor across a roundup's
        heading; nor one the narration names as an object («مهدی قائدی را …»)."""
        item = self.breaks.item_start(position)
        opening = {self.person_names[person]
                   for person in range(bisect_left(self.person_starts, item), bisect_left(self.person_starts, position))
                   if self._opens_clause(person, self.breaks.sentence_start(self.person_starts[person]))
                   and not self._object(person)}
        if any(" " not in name or name.split()[0] in _role_heads() for name in opening):
            return None  # a thing or a role the tagger took for a person («یلدا», «رهبر مخالفان»)
        speaker = _only(opening)
        if speaker is None or key.startswith((*_SINGLE_OFFICES, "رییس")):
            return None
        return None if key in self.text[item:position].replace("\u200c", " ").translate(_HAMZA) else speaker

    def _object(self, person: int) -> bool:
        """Whether the person at ``person_starts[person]`` is an object, «را» after the
        name: «سایتی … مهدی قائدی را نزدیک به فولام معرفی کرد»."""
        after = bisect_left(self.words.starts, self.speaker_ends[self.person_starts[person]])
        return after < len(self.words.words) and self.words.words[after] == "را"

    def _role_end(self, first: int, last: int, any_head: bool = False) -> int | None:
        """The word index after the role that words ``first`` up to ``last``
        (exclusive) open with («وزیر دفاع صربستان» in «وزیر دفاع صربستان نیز در این
        دیدار …»), or None; with ``any_head``, whatever word opens it («کارگزار معاملات
        آتی» after «این»)."""
        lex = lexicon()
        words, starts = self.words.words, self.words.starts
        if not any_head and words[first] not in _role_heads():
            return None
        end = first + 1
        while end < min(last, first + MAX_ROLE_WORDS) and (
            words[end] not in lex.stop or _joins_role(words, end, last, lex.stop)
        ) and not self._lists_a_person(end):
            name_end = self.name_ends.get(starts[end])
            if name_end is not None:
                end = min(bisect_left(starts, name_end, end), last)
                break
            end += 1
        return end


@cache
def _role_heads() -> frozenset[str]:
    """The lexicon's role heads, and the words that open a role in attribution only
    («مسئول واحد تشکیلات …», «امام جمعه …», «خطیب نماز جمعه …»)."""
    return lexicon().role_heads | {"مسئول", "مسؤول", "امام", "خطیب", "سخنگو", "استاد"}


# The writer's own formulas before a comma: «گفتنی است،», «خاطرنشان می‌شود،».
_WRITERS = re.compile(r"\s*(?:گفتنی\s+است|خاطر[\s\u200c]*نشان\s+می[\s\u200c]*شود|یادآور\s+می[\s\u200c]*شود"
                      r"|لازم\s+به\s+(?:ذکر|یادآوری)\s+است|شایان\s+ذکر\s+است)\s*،")
_WRITERS_OPENINGS = frozenset(("گفتنی", "خاطر", "خاطرنشان", "یادآور", "لازم", "شایان"))
# Verbs that answer: with no subject, the one asked answers.
_ANSWERS = ("پاسخ داد", "جواب داد")
# Words that may stand between a description of the speaker and a lead-in: «در ادامه».
_LINKING_WORDS = frozenset(("در", "ادامه", "پایان", "ابتدا", "همچنین", "سپس"))
# Openings that describe no one speaking: a pronoun, «این …», unnamed people.
_ROLE_OPENERS_NOT = PRONOUNS | {"این", "آن", "همین", "همان"} | _SOME
# «این منبع», «این پایگاه», «این تیم»: a thing pointed back to, not a person.
_THINGS = frozenset(("منبع", "منابع", "سایت", "پایگاه", "تیم", "کشور", "وزارتخانه", "نشریه", "رسانه", "نهاد",
                     "گروه", "حزب", "کتاب", "مقاله", "بیانیه", "نامه", "اطلاعیه", "خبر", "تحقیق", "مطالعه",
                     "پژوهش", "دولت", "مجلس", "شورا", "کمیته", "اداره", "مرکز", "دفتر", "مجموعه", "هیئت",
                     "فدراسیون", "دانشگاه", "ستاد", "جلسه", "مراسم", "برنامه", "طرح", "قانون", "شهر", "استان",
                     "منطقه", "روزنامه", "هفته‌نامه", "ماهنامه", "فیلم", "سند", "مساله", "مسئله", "موضوع",
                     "امر", "اقدام", "تصمیم", "اتفاق", "ماجرا", "رویداد", "مسابقه", "رقابت", "جشنواره",
                     "نمایشگاه", "همایش", "نشست", "کنفرانس"))


def _describes_a_person(word: str) -> bool:
    """Whether «این» + ``word`` may point back at a person: a role («این مربی») or a
    word that is no function word, no organisation's head and no thing («این هنرمند»,
    not «این در حالی است», «این روزنامه», «این منبع»)."""
    return word in _role_heads() or (
        word not in lexicon().stop and word not in lexicon().org_heads and word not in _THINGS)


def _says_too(words: tuple[str, ...], first: int, last: int) -> bool:
    """Whether words ``first`` to ``last`` (exclusive) hold «نیز», "too": who says them is
    another party than the one before («وزیر دفاع صربستان نیز … گفت»). «همچنین», "also",
    is no such sign («وی همچنین افزود»)."""
    return "نیز" in words[first:last]


def _end_before_also(words: tuple[str, ...], first: int, last: int) -> int:
    """``last`` moved back over the «نیز» and «همچنین» ending words ``first`` to ``last``:
    «علی رضایی نیز» names «علی رضایی»."""
    while last > first and words[last - 1] in ("نیز", "همچنین"):
        last -= 1
    return last


def _insorted(values: list[int], value: int) -> bool:
    """Whether ``value`` is in the sorted ``values``."""
    at = bisect_left(values, value)
    return at < len(values) and values[at] == value


def _only(names: set[str | None]) -> str | None:
    """The one person ``names`` name, in their fullest name: «احمدی منش» is «احمد احمدی
    منش», and «محمدجواد …» «محمد جواد …», when the tagger linked them apart; None when
    there are none or several."""
    spaced = {name: " ".join(name.replace("\u200c", " ").split()) for name in names if name}
    whole = {name for name, words in spaced.items()
             if not any(other.endswith(" " + words) for other in spaced.values())}
    if len({spaced[name].replace(" ", "") for name in whole}) != 1:
        return None
    return max(whole, key=lambda name: (len(spaced[name].split()), name))


def _is_person(entity: Entity) -> bool:
    """A person the tagger found, unless its name opens like an organisation's: «استاد
    دانشگاه تهران» is no professor named «دانشگاه»."""
    return entity.type == "PER" and entity.canonical.split()[0] not in lexicon().org_heads


# Roles that name whom they serve: «نماینده/سخنگوی/مشاور/معاون X» is X's subordinate.
_SUBORDINATES = frozenset(("نماینده", "سخنگوی", "سخنگو", "مشاور", "معاون", "دستیار", "جانشین",
                           "قائم‌مقام", "وکیل"))
# Offices one person holds, as role keys: a speaker named in another role is not them.
_SINGLE_OFFICES = ("رییس جمهور", "نخست وزیر", "وزیر", "سخنگوی", "دبیرکل", "دبیر کل")
# «رئیس»/«رییس», «مسئول»/«مسؤول»: one role however the hamza is written.
_HAMZA = str.maketrans({"ئ": "ی", "ؤ": "ی", "أ": "ا"})


@lru_cache(maxsize=1024)
def _role_key(role: str) -> str:
    """A role as a key: its words, spaces, ZWNJs and hamzas folded, «دستیارش» read as
    «دستیار». Whole, since «وزیر دفاع ایران» and «وزیر دفاع صربستان» are two people."""
    return " ".join(part.removesuffix("ش") if part[:-1] in _role_heads() else part
                    for part in role.replace("\u200c", " ").split() if part != "جدید").translate(_HAMZA)


def _joins_role(words: tuple[str, ...], index: int, last: int, stop: frozenset[str]) -> bool:
    """«و» inside a role: «مدیرکل فرهنگ و ارشاد اسلامی»; the Friday of «امام جمعه»,
    «خطیب جمعه», «خطیب نماز جمعه»; «مدیر کل …» written apart, «سرپرست جدید …»."""
    if words[index] == "جمعه":
        return words[index - 1] in ("امام", "خطیب", "نماز")
    if words[index] in ("کل", "جدید"):
        return words[index - 1] in _role_heads()
    return words[index] == "و" and index + 1 < last and words[index + 1] not in stop


@dataclass(slots=True)
class _Span:
    """A quote found before its speaker is known: its offsets, reporting verb, and
    where in the text its speaker is named (``text[who[0]:who[1]]``)."""

    start: int
    end: int
    verb: str
    who: tuple[int, int]
    reported: bool


def _asking(text: str, sentence_start: Callable[[int], int], verb: int) -> int:
    """Where the subject of the reporting verb at ``verb`` is looked for: its sentence,
    or the one before when a question ends right before the verb («مربی تیم در پاسخ به
    این سوال که آیا شانس صعود دارد یا نه؟ گفت: …»)."""
    start = sentence_start(verb)
    if text[start:verb].strip():
        return start
    end = start  # back over the spaces before the sentence, without copying the text
    while end and text[end - 1].isspace():
        end -= 1
    if end and text[end - 1] in "؟?":
        asked = sentence_start(end - 1)
        if ":" not in text[asked:start]:  # not a question quoted («گفتم: … چه بوده است؟ گفت: …»)
            return asked
    return start


def _trimmed(text: str, start: int, end: int) -> int:
    """``end`` moved back over spaces and a sentence's closing mark."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?؟،؛"):
        end -= 1
    return end


def _speaks_on(text: str, breaks: _Breaks, paragraph: int) -> bool:
    """Whether the paragraph starting at ``paragraph`` goes on with the speech before
    it: its first sentence speaks in the first person («… ثابت کردیم که تیم بزرگی
    هستیم»), which the story's narration never does."""
    first = text[paragraph : breaks.sentence_end(paragraph)]
    if ":" in first or _VERB_WORD.search(first):
        return False  # a speech of its own, introduced («… حرف‌هایش را خاتمه داد: …»)
    sentence = words_of(first).words
    return any(word in _FIRST_PERSON or word[-1] == "م" and word in verb_forms() for word in sentence)


def _to_closing_mark(text: str, breaks: _Breaks, start: int, end: int) -> int:
    """``end``, or past the guillemet closing one that opened in ``text[start:end]``
    («به گفته او Y چرا که «لو … خواهد داشت. اگر …»»: the sentence ended inside it)."""
    depth = sum(_NESTING.get(char, 0) for char in text[start:end])
    limit = breaks.paragraph_end(start)
    while depth > 0 and end < limit:
        depth += _NESTING.get(text[end], 0)
        end += 1
    return end


def _lead_in_clause(text: str, breaks: _Breaks, mark: re.Match[str], sentence: int) -> _Span | None:
    """«X با بیان اینکه Y، افزود: …»: Y, up to the earliest comma before the sentence's
    reporting verb (a colon's first, else its last) with no verb after it («…، در عین
    حال گفت»), else up to the verb; with no reporting verb, up to the first comma
    after a verb («…، از … خبر داد»), else the first comma."""
    start, end = mark.end(), breaks.sentence_end(mark.end())
    verbs = list(_VERB_WORD.finditer(text, start, end))
    main = next((v for v in verbs if text[v.end() : v.end() + 2].strip().startswith(":")),
                verbs[-1] if verbs else None)
    if main is not None:
        # The earliest comma with no verb after it: «Y، در خصوص نمایشگاه، گفت» is Y.
        end = main.start()
        for comma in reversed(_commas(text, start, main.start())):
            if not verb_forms().isdisjoint(words_of(text[comma + 1 : main.start()]).words):
                break
            end = comma
    else:
        commas = _commas(text, start, end)
        if not commas:
            return None
        end = next((comma for comma in commas
                    if (before := words_of(text[start:comma]).words) and before[-1] in verb_forms()), commas[0])
    verb = re.sub(r"\s+", " ", mark.group().strip())
    # The speaker as the sentence's reporting verb has it, the same as its direct quote's.
    who = (sentence, main.start() if main is not None else mark.start())
    return _Span(start, _trimmed(text, start, end), verb, who, reported=True)


def _commas(text: str, start: int, end: int) -> list[int]:
    return [i for i in range(start, end) if text[i] == "،"]


def _according_to(text: str, breaks: _Breaks, mark: re.Match[str]) -> _Span | None:
    """«به گفته وی، Y» or «به گفته وی Y», «به گفته رئیس پلیس راه، Y»: Y, to the
    sentence's end; the speaker is named between."""
    who, end = mark.end(), breaks.sentence_end(mark.end())
    comma = text.find("،", who, end)
    words = words_of(text[who:end]).words
    if comma != -1 and len(words_of(text[who:comma]).words) <= MAX_ROLE_WORDS:
        start = comma + 1
    elif words and words[0] in PRONOUNS:
        start = text.index(words[0], who) + len(words[0])
    else:
        return None
    if _VERB_WORD.search(text, start, end):
        return None  # «به گفته تلویزیون چین، شی … هشدار داد و افزود که …»: a source, Xi speaks
    start = len(text) - len(text[start:].lstrip())
    end = _to_closing_mark(text, breaks, start, end)
    return _Span(start, _trimmed(text, start, end), "به گفته", (who, start), reported=True)


def _that_clause(text: str, breaks: _Breaks, clause: re.Match[str], sentence: int) -> _Span:
    """«X تصریح کرد که Y»: Y to the sentence's end, or to «و» and the next reporting
    verb («… که Y و توضیح داد …»)."""
    start, end = clause.end(), breaks.sentence_end(clause.end())
    more = re.search(rf"\sو\s+(?:{_VERB_PATTERN})(?![\w\u200c])", text[start:end])
    if more is not None:
        end = start + more.start()
    end = _to_closing_mark(text, breaks, start, end)
    verb = re.sub(r"\s+", " ", clause.group("verb"))
    # «همانطور که برخی می‌گویند …»: some unnamed people say it, not the sentence's subject.
    some = _LAST_WORD.search(text, sentence, clause.start())
    who = (some.start(), clause.start()) if some and some.group(1) in _SOME else (sentence, clause.start())
    return _Span(start, _trimmed(text, start, end), verb, who, reported=True)


def _closing_verb(text: str, speakers: SpeakerFinder, match: re.Match[str], sentence: int) -> _Span | None:
    """«Y، وی افزود.»: Y, when the words between the last comma and the verb are a
    speaker (a pronoun, «این مقام», a role, a person or an organisation) and no more."""
    comma = text.rfind("،", sentence, match.start())
    if comma <= sentence or not speakers.is_speaker(comma + 1, match.start()):
        return None
    verb = re.sub(r"\s+", " ", match.group("verb"))
    return _Span(sentence, _trimmed(text, sentence, comma), verb, (comma + 1, match.start()), reported=True)


def find_quotes(
    text: str, entities: list[Entity], dateline: tuple[int, int] | None = None
) -> list[Quote]:
    """Quotes in ``text``, direct and reported, with their speakers and reporting verbs.

    A direct quote runs to the end of its paragraph, or to the sentence where the next
    quote is introduced («… گفت: X. وی افزود: Y»). The speaker is looked for after the
    ``dateline`` («خبرگزاری فارس: مدیرکل … گفت:» is the director's).
    """
    words = words_of(text)
    openings = map(getitem, words.words, repeat(_OPENING))
    verb_starts = list(compress(words.starts, map(_VERB_OPENINGS.__contains__, openings)))
    introductions = list(matches_at(_VERB_COLON, text, verb_starts))
    lead_ins = list(matches_at(_LEAD_IN_THAT, text, compress(words.starts, map("با".__eq__, words.words))))
    according = list(matches_at(_ACCORDING_TO, text, compress(words.starts, map("به".__eq__, words.words))))
    that_clauses = list(matches_at(_VERB_THAT, text, verb_starts))
    closings = list(matches_at(_CLOSING_VERB, text, verb_starts))
    if not (introductions or lead_ins or according or that_clauses or closings):
        return []  # most stories: no need to find their sentences and speakers
    speakers = SpeakerFinder(text, entities)
    breaks = speakers.breaks

    def sentence_start(position: int) -> int:
        start = breaks.sentence_start(position)
        if dateline is not None and start < dateline[1] <= position:
            return dateline[1]
        return start

    reported = [span for span in (
        *(_lead_in_clause(text, breaks, mark, sentence_start(mark.start())) for mark in lead_ins
          if speakers.may_have_subject(sentence_start(mark.start()), mark.start())),
        *(_according_to(text, breaks, mark) for mark in according),
        *(_closing_verb(text, speakers, match, sentence_start(match.start())) for match in closings),
    ) if span is not None]
    # A direct quote ends where the next quote's sentence starts.
    cuts = sorted([*(sentence_start(intro.start("verb")) for intro in introductions),
                   *(sentence_start(min(span.start, span.who[0])) for span in reported)])
    spans = []
    for intro in introductions:
        end = breaks.paragraph_end(intro.end())
        later = bisect_right(cuts, intro.start("verb"))
        cut = cuts[later] if later < len(cuts) else len(text)
        if cut < end:
            end = max(intro.end(), cut)
        while end < len(text) and breaks.paragraph_end(end + 1) <= cut and _speaks_on(text, breaks, end + 1):
            end = breaks.paragraph_end(end + 1)
        if intro.end() >= end:
            continue
        start, end = _unquote(text, intro.end(), end)
        if start < end:
            verb = re.sub(r"\s+", " ", intro.group("verb"))
            who = (_asking(text, sentence_start, intro.start("verb")), intro.start("verb"))
            spans.append(_Span(start, end, verb, who, reported=False))
    # «گفت که …» inside someone's speech, or inside a clause already reported («… مدعی
    # شد که دربار به متحدانش گفته است که …»), is reported by them, not by the story.
    taken = sorted((span.start, span.end) for span in (*spans, *filter(None, reported)))
    for clause in that_clauses:
        inside = bisect_right(taken, (clause.start(), len(text))) - 1
        sentence = sentence_start(clause.start())
        before = words_of(text[sentence : clause.start()]).words
        # «می‌توان گفت که …»: one may say so, nobody says it; «دروغ می‌گوید», «مطالبی
        # می‌گوید که …», «… داوران را هشت نفر اعلام کرد که …»: the verb has its object
        # and «که» opens a relative clause about it.
        impersonal = bool(before) and before[-1] in _MODALS | _SAID
        has_object = "را" in before[-4:]
        if (inside < 0 or taken[inside][1] <= clause.start()) and not (has_object or impersonal) and (
                speakers.may_have_subject(sentence, clause.start())):
            span = _that_clause(text, breaks, clause, sentence)
            reported.append(span)
            insort(taken, (span.start, span.end))
    spans.extend(span for span in reported if span is not None and span.start < span.end)
    spans.sort(key=lambda span: span.start)
    quotes: list[Quote] = []
    for span in spans:
        speaker, role = speakers.speaker(span.who[0], span.who[1], quotes)
        quotes.append(Quote(speaker=speaker, verb=span.verb,
                            start=span.start, end=span.end, role=role, reported=span.reported))
    speakers.name_later(quotes, [span.who for span in spans])
    return quotes


def find_quotes_stage(doc: Doc) -> None:
    """Set ``article.quotes``; needs the entities stage before it."""
    doc.article.quotes = find_quotes(doc.text, doc.article.entities, doc.dateline)
