"""The entities stage: people, organisations, places and events, offline.

No Persian NER model ships as a wheel, so this is rules over gazetteers, read
left to right over the tokens:

* PER: a title or rank («امیر سرتیپ», «آیت‌الله», «ژنرال», «دکتر») followed by a
  name; a role («وزیر امور خارجه», «سرمربی تیم») running into a known first or
  family name; a known first name («الکساندر») or family name («ترامپ»); two rare
  words opening a sentence before a role («اوسمار ویرا سرمربی …»). The canonical
  form drops the title, which goes to ``Entity.title``.
* ORG, EVENT: whole names from the gazetteer («سپاه پاسداران انقلاب اسلامی»), or a
  head word («وزارت», «دانشگاه», «کنفرانس», «جام») and the words after it up to a
  stopword, verb, role word or punctuation («کنفرانس امنیتی مسکو»).
* LOC: CLDR Persian names of countries, regions and cities, Iran's provinces and
  cities, other spellings («جمهوری اسلامی ایران» → ایران), and the name after
  «استان», «شهرستان», «روستای» … Places inside an ORG or EVENT name («مسکو» in
  «کنفرانس امنیتی مسکو») are reported as LOC mentions too, except in the agencies'
  names and a few others that a place word names («خبرگزاری فارس», «نیروی قدس»).

Mentions of one thing are merged: «حاتمی» later in the story joins «امیر سرتیپ
حاتمی», «ترامپ» joins «دونالد ترامپ». Offsets are into ``article.text`` and span
the name only, never the title.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from itertools import compress
from operator import not_, or_
from typing import Generic, Literal, TypeVar

from pipeline.doc import Doc
from pipeline.extract._text import (
    Covered,
    gazetteer,
    stopwords,
    verb_forms,
    word_frequencies,
    words_of,
)
from pipeline.extract.agency import agency_table
from pipeline.extract.ner import shipped_tagger
from pipeline.extract.numbers import NUMBER_WORDS
from pipeline.models import Entity, Span

EntityType = Literal["PER", "ORG", "LOC", "EVENT"]
Value = TypeVar("Value")
Step = Callable[[int], int | None]  # a scan step: the index after what it found, or None

MAX_HEAD_EXTENSION = 5
MAX_ROLE_WORDS = 6
# Words that make a following head word generic: «این سازمان», «هر باشگاه».
DETERMINERS = frozenset(
    "این آن همین همان هر چند یک دو سه برخی بعضی کدام چه همه سایر دیگر".split()  # noqa: SIM905
)
# Light verbs of compound verbs («تجمع کردند», «منتقل شد»): the word before them is
# part of the verb, not of a name.
LIGHT_VERBS = frozenset(
    "کرد کردند کرده کند کنند می‌کند می‌کنند شد شدند شده شود شوند می‌شود می‌شوند "  # noqa: SIM905
    "نمود نمودند داد دادند می‌دهد گرفت گرفتند می‌گیرد داشت داشتند".split()
)
# hazm corpus frequency above which an unlisted word is a common word, not a place.
COMMON_WORD_FREQUENCY = 1_000_000
PLACE_HEADS = frozenset(("استان", "شهرستان", "روستای", "بندر", "جزیره"))
_CONVERSATION = frozenset(("گفت\u200cوگو", "گفتگو", "مصاحبه"))
# «یورو ۱۳۲۰ تومان»: a price, not the championship of a year.
_CURRENCIES = frozenset(("تومان", "ریال", "دلار"))
# «مقابله با», «مبارزه با»: «با» inside an organisation's name.
_AGAINST = frozenset(("مقابله", "مبارزه"))
# Endings of family names, written apart after a space as often as joined.
_SURNAME_ENDINGS = frozenset(("زاده", "پور", "نژاد", "فر", "نیا", "راد", "وند", "کیا"))


def _phrase_keys(phrase: str) -> set[tuple[str, ...]]:
    """Token tuples a phrase may appear as: with and without «ٔ», ZWNJ or space."""
    base = phrase.replace("هٔ", "ه").replace("\u0654", "")
    spellings = {phrase, base, base.replace("\u200c", " "), base.replace("\u200c", "")}
    spellings |= {spelling.replace("آ", "ا") for spelling in spellings}  # «امریکا»
    return {words_of(spelling).words for spelling in spellings}


class PhraseTable(Generic[Value]):
    """Multi-word phrases → a value, matched longest first from a given token.

    Indexed by first word, so a lookup costs one dict access plus a few tuple
    comparisons: cheap enough to try at every token.
    """

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], Value]]] = {}

    def add(self, phrase: str, value: Value) -> None:
        for key in _phrase_keys(phrase):
            if key:
                self._by_first.setdefault(key[0], []).append((key, value))

    def freeze(self) -> PhraseTable[Value]:
        for candidates in self._by_first.values():
            candidates.sort(key=lambda candidate: len(candidate[0]), reverse=True)
        return self

    def match(
        self, words: Sequence[str], joined: Sequence[bool], index: int
    ) -> tuple[int, Value] | None:
        """(number of tokens, value) of the longest phrase starting at ``index``."""
        for key, value in self._by_first.get(words[index], ()):
            end = index + len(key)
            if (
                end <= len(words)
                and tuple(words[index:end]) == key
                and all(joined[index : end - 1])
            ):
                return len(key), value
        return None

    def __contains__(self, word: str) -> bool:
        return word in self._by_first

    def first_words(self) -> frozenset[str]:
        return frozenset(self._by_first)


@dataclass(slots=True)
class Lexicon:
    """Every list the entity stage uses, loaded once."""

    names: PhraseTable[tuple[EntityType, str]]  # whole names → (type, canonical)
    titles: PhraseTable[str]
    first_names: frozenset[str]
    name_particles: frozenset[str]
    # «فون در لاین»: particles that may follow another particle.
    particle_pairs: dict[str, frozenset[str]]
    # «سعودی», «روسی»: adjectives of countries, never a person's name.
    demonyms: frozenset[str]
    surnames: frozenset[str]
    role_heads: frozenset[str]
    org_heads: PhraseTable[str]
    event_heads: PhraseTable[str]
    org_generic: frozenset[str]
    event_generic: frozenset[str]
    event_need_specific: frozenset[str]
    # «یورو ۲۰۲۴»: heads that name an event only with its year («یورو» is a currency too).
    event_need_year: frozenset[str]
    # Listed names whose place word names them, not where they are: the agencies
    # («خبرگزاری فارس»), «نیروی قدس», «آستان قدس رضوی».
    names_without_places: frozenset[str]
    stop: frozenset[str] = field(default_factory=frozenset)
    # Every word that can open a mention; the scan skips all others at once.
    starters: frozenset[str] = field(default_factory=frozenset)
    # The words that can open a listed or headed name, or a bare person's name.
    name_starters: frozenset[str] = field(default_factory=frozenset)
    person_starters: frozenset[str] = field(default_factory=frozenset)


@cache
def lexicon() -> Lexicon:
    data_dir = files("pipeline.extract").joinpath("data")
    lists = gazetteer()
    cldr = json.loads(data_dir.joinpath("cldr_places.json").read_text("utf-8"))
    names: PhraseTable[tuple[EntityType, str]] = PhraseTable()
    places = [
        *cldr["territories"],
        *cldr["cities"],
        *lists["iran_provinces"],
        *lists["iran_cities"],
        *lists["world_places"],
    ]
    # CLDR's «ماهه» (Mahé), «دیلی» (Dili) and «چک» are everyday words here: «سه ماهه»,
    # «دیلی میل», «فقره چک»; the Czech Republic keeps «جمهوری چک».
    words_not_places = frozenset(lists["words_not_places"])
    for place in places:
        if place in words_not_places:
            continue
        canonical = place.replace("هٔ", "ه").replace("\u0654", "")
        canonical = lists["place_aliases"].get(canonical, canonical)
        names.add(place, ("LOC", canonical))
        if " " in place:  # also written as one word: «کره‌جنوبی», «آذربایجان‌غربی»
            names.add(place.replace(" ", "\u200c"), ("LOC", canonical))
    for alias, canonical in lists["place_aliases"].items():
        names.add(alias, ("LOC", canonical))
    for org in lists["orgs"]:
        names.add(org, ("ORG", org))
    # Outside datelines, «مهر» is a month and «انتخاب» a choice: such names count
    # only in a dateline (see agency_spans) or with «خبرگزاری» before them.
    common = set(lists["common_word_agency_names"])
    for agency in agency_table().agencies:
        for alias in agency.aliases:
            if alias not in common:
                names.add(alias, ("ORG", agency.name))
    for event in lists["events"]:
        names.add(event, ("EVENT", event))
    titles: PhraseTable[str] = PhraseTable()
    for title in lists["titles"]:
        titles.add(title, title)
    org_heads: PhraseTable[str] = PhraseTable()
    event_heads: PhraseTable[str] = PhraseTable()
    for head in lists["org_heads"]:
        org_heads.add(head, head)
    for head in lists["event_heads"]:
        event_heads.add(head, head)
    role_heads = frozenset(lists["role_heads"])
    first_names = frozenset(lists["first_names"])
    surnames = frozenset(lists["known_surnames"])
    tables = (names, titles, org_heads, event_heads)
    return Lexicon(
        names=names.freeze(),
        titles=titles.freeze(),
        first_names=first_names,
        name_particles=frozenset(lists["name_particles"]),
        particle_pairs={
            first: frozenset(
                pair.split()[1] for pair in lists["name_particle_pairs"] if pair.split()[0] == first
            )
            for first in {pair.split()[0] for pair in lists["name_particle_pairs"]}
        },
        demonyms=frozenset(
            place + ending
            for place in (*cldr["territories"], *lists["world_places"])
            for ending in ("ی", "یی", "\u200cای")
        )
        | frozenset(lists["demonyms_extra"]),
        surnames=surnames,
        role_heads=role_heads,
        org_heads=org_heads.freeze(),
        event_heads=event_heads.freeze(),
        org_generic=frozenset(lists["org_generic_followers"]),
        event_generic=frozenset(lists["event_generic_followers"]),
        event_need_specific=frozenset(lists["event_need_specific"]),
        event_need_year=frozenset(lists["event_need_year"]),
        names_without_places=frozenset(lists["names_without_places"])
        | {agency.name for agency in agency_table().agencies},
        stop=stopwords() | verb_forms() | role_heads | frozenset(lists["boundary_words"]),
        starters=frozenset().union(
            *(table.first_words() for table in tables), first_names, surnames, role_heads
        )
        | PLACE_HEADS,
        name_starters=frozenset().union(
            names.first_words(), org_heads.first_words(), event_heads.first_words(), PLACE_HEADS
        ),
        person_starters=first_names | surnames,
    )


def _is_year(word: str) -> bool:
    """«۱۴۰۰», «۲۰۲۴»: four digits of a Jalali or Gregorian year."""
    return len(word) == 4 and word.isdigit() and int(word) // 100 in (13, 14, 19, 20)


@dataclass(slots=True)
class Mention:
    type: EntityType
    canonical: str
    start: int
    end: int
    title: str | None = None
    # Found by evidence the learned tagger does not overrule: a listed name of several
    # words, an event closed by its year, a person after a title.
    certain: bool = False


class EntityFinder:
    """Finds entity mentions in one text; create one per text."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        spans = words_of(text)
        self.words, self.starts, self.ends = spans.words, spans.starts, spans.ends
        self.joined = spans.joined
        self.mentions: list[Mention] = []
        self._listed_cache: dict[int, tuple[int, tuple[EntityType, str]] | None] = {}

    # -- helpers -------------------------------------------------------------

    def _listed(self, index: int) -> tuple[int, tuple[EntityType, str]] | None:
        """The listed name starting at token ``index`` (asked often, looked up once)."""
        if index not in self._listed_cache:
            self._listed_cache[index] = self.lex.names.match(self.words, self.joined, index)
        return self._listed_cache[index]

    def _slice(self, first: int, last: int) -> str:
        return self.text[self.starts[first] : self.ends[last]]

    def _is_name_word(self, index: int) -> bool:
        word = self.words[index]
        return (
            word not in self.lex.stop
            and not word.isdigit()
            and word not in self.lex.titles
            and word not in self.lex.demonyms
            and self._listed(index) is None
        )

    def _add(
        self, kind: EntityType, canonical: str, first: int, last: int, title: str | None = None,
        certain: bool = False,
    ) -> None:
        start, end = self.starts[first], self.ends[last]
        self.mentions.append(Mention(kind, canonical, start, end, title, certain))

    # -- people --------------------------------------------------------------

    def _is_first_name(self, word: str) -> bool:
        """«محمد», and compounds of first names «علی‌محمد»."""
        return word in self.lex.first_names or (
            "\u200c" in word and all(part in self.lex.first_names for part in word.split("\u200c"))
        )

    def _name_end(self, index: int) -> int | None:
        """Last token of a person's name starting at ``index``, or None."""
        words, count = self.words, len(self.words)
        end = index
        if self._is_first_name(words[index]):
            while end + 1 < count and self.joined[end] and self._is_first_name(words[end + 1]):
                end += 1
            end = self._particles_end(end)
            if end + 1 < count and self.joined[end] and words[end + 1] in _SURNAME_ENDINGS:
                return end + 1  # «محمد تقی زاده»: «تقی» began the family name
            if end + 1 < count and self.joined[end] and self._is_name_word(end + 1):
                end = self._nisba_end(end + 1)
            elif words[end] not in self.lex.surnames and end == index:
                return None  # a lone first name is too often a common word
            return end
        if words[index] in self.lex.surnames or self._is_name_word(index):
            return self._nisba_end(index)
        return None

    def _particles_end(self, end: int) -> int:
        """Past «بن», «فون در» … when a name word follows: «فیصل بن فرحان»."""
        particle = end + 1
        while (
            particle < len(self.words)
            and self.joined[particle - 1]
            and (
                self.words[particle] in self.lex.name_particles
                or self.words[particle] in self.lex.particle_pairs.get(self.words[particle - 1], ())
            )
        ):
            particle += 1
        if (
            end + 1 < particle < len(self.words)
            and self.joined[particle - 1]
            and self._is_name_word(particle)
        ):
            return particle - 1
        return end

    def _nisba_end(self, surname: int) -> int:
        """Take a second family name that is a nisba, as in «مکارم شیرازی», or a family
        name's ending written apart («تقی زاده», «حسین پور»)."""
        following = surname + 1
        if (
            following < len(self.words)
            and self.joined[surname]
            and self.words[following] in _SURNAME_ENDINGS
        ):
            return following
        if (
            following < len(self.words)
            and self.joined[surname]
            and self.words[following].endswith("ی")
            and len(self.words[following]) > 3
            and self._is_name_word(following)
            and not self._is_common(self.words[following])
            and self.words[following] not in self.lex.surnames
        ):
            return following
        return surname

    def _person_after_title(self, index: int) -> int | None:
        found = self.lex.titles.match(self.words, self.joined, index)
        if found is None:
            return None
        length, _ = found
        name = index + length
        if name >= len(self.words) or not self.joined[name - 1]:
            return None
        end = self._name_end(name)
        if end is None:
            return None
        self._add("PER", self._slice(name, end), name, end, self._slice(index, name - 1), True)
        return end + 1

    def _person_after_role(self, index: int) -> int | None:
        if self.words[index] not in self.lex.role_heads:
            return None
        for name in range(index + 1, min(index + 1 + MAX_ROLE_WORDS, len(self.words))):
            if not self.joined[name - 1] or self.words[name] in stopwords():
                return None
            word = self.words[name]
            if self._is_first_name(word) or word in self.lex.surnames:
                end = self._name_end(name)
                if end is None:
                    return None
                self._add("PER", self._slice(name, end), name, end, self._slice(index, name - 1))
                return end + 1
        return None

    def _person_before_role(self, index: int) -> int | None:
        """«اوسمار ویرا سرمربی پرسپولیس …»: two rare name-like words opening a sentence
        and followed by a role are a person's name, even with an unknown first name."""
        words, joined = self.words, self.joined
        role = index + 2
        if role >= len(words) or (index > 0 and joined[index - 1]):
            return None
        if self._interviewed(role):
            return self._person_interviewed(index, role)
        if words[role] not in self.lex.role_heads or not (joined[index] and joined[index + 1]):
            return None
        for name in (index, index + 1):
            word = words[name]
            if not self._is_name_word(name) or self._is_common(word) or _is_plural(word):
                return None
        self._add("PER", self._slice(index, index + 1), index, index + 1)
        return role

    def _interviewed(self, index: int) -> bool:
        """Whether words from ``index`` say the sentence's subject spoke to a reporter
        («… امروز در گفت‌وگو با خبرنگار فارس …»), as agency copy introduces a speaker."""
        words = self.words[index : index + 5]
        if words[:1] == ("امروز",):
            words = words[1:]
        return len(words) >= 3 and words[0] == "در" and words[1] in _CONVERSATION and words[2] == "با"

    def _person_interviewed(self, index: int, after: int) -> int | None:
        """«نیکنام جدیدی امروز در گفت‌وگو با خبرنگار فارس …»: the two words opening the
        sentence are the name of whom the reporter spoke to, however common they are
        («نیکنام», «جدیدی»), unless they are a role, a title, the start of a listed or
        headed name, or a stopword."""
        if not all(self.joined[index : after]):
            return None
        for name in range(index, after):
            word = self.words[name]
            if (word in self.lex.role_heads or word in self.lex.name_starters
                    or not self._is_name_word(name) or _is_plural(word)):
                return None
        self._add("PER", self._slice(index, after - 1), index, after - 1, certain=True)
        return after

    def _is_common(self, word: str) -> bool:
        return (
            word_frequencies().get(word, 0) > COMMON_WORD_FREQUENCY
            or word in self.lex.org_heads
            or word in self.lex.event_heads
        )

    def _person(self, index: int) -> int | None:
        word = self.words[index]
        if word not in self.lex.first_names and word not in self.lex.surnames:
            return None
        end = self._name_end(index)
        if end is None:
            return None
        self._add("PER", self._slice(index, end), index, end)
        return end + 1

    # -- organisations, events, places -----------------------------------------

    def _headed_name(self, index: int, heads: PhraseTable[str], kind: EntityType) -> int | None:
        """Last token of a name opened by a head word («وزارت دفاع»), or None."""
        found = heads.match(self.words, self.joined, index)
        if found is None or (index > 0 and self.words[index - 1] in DETERMINERS):
            return None
        length, head = found
        generic = self.lex.org_generic if kind == "ORG" else self.lex.event_generic
        head_end = end = index + length - 1
        while (
            end < head_end + MAX_HEAD_EXTENSION and end + 1 < len(self.words) and self.joined[end]
        ):
            listed = self._listed_after(end, ("LOC", "ORG"))
            if listed is not None:
                end = listed  # a place or known name closes it: «شرکت ملی نفت ایران»
                break
            following = end + 1
            word = self.words[following]
            if kind == "EVENT" and word.isdigit():
                end = following  # a number closes an event: «انتخابات ۱۴۰۰», «گروه ۲۰»
                break
            if not self._extends(following) or word in generic:
                break
            end = following
        if end > head_end and end + 1 < len(self.words) and self._verb_after(end, head_end):
            end -= 1  # «بیمارستان منتقل شدند», «حزب توده رد کرد»: that word is the verb's
        if end == head_end:
            return None
        if kind == "EVENT" and head in self.lex.event_need_specific:
            need_year = head in self.lex.event_need_year
            has_proper = any(
                _is_year(self.words[i]) and not self._money_after(i)
                if need_year
                else self.words[i].isdigit() or self._listed(i) is not None
                for i in range(index + length, end + 1)
            )
            if not has_proper:
                return None
        return end

    def _closed(self, first: int, last: int) -> bool:
        """Whether a headed name ends on a year or number («انتخابات ۱۴۰۰») or on a
        listed place («کنفرانس امنیتی مسکو»): its end is then no guess."""
        if self.words[last].isdigit():
            return True
        return any((found := self._listed(i)) is not None and found[1][0] == "LOC"
                   and i + found[0] - 1 == last for i in range(first + 1, last + 1))

    def _money_after(self, index: int) -> bool:
        """«یورو ۱۳۲۰ تومان»: the number after «یورو» is a price, not a year."""
        return index + 1 < len(self.words) and self.words[index + 1] in _CURRENCIES

    def _verb_after(self, end: int, head_end: int) -> bool:
        """Whether the word after ``end`` makes it part of a compound verb: always
        before a light verb, before any verb when the name would keep a word."""
        following = self.words[end + 1]
        return following in LIGHT_VERBS or (end - head_end > 1 and following in verb_forms())

    def _listed_after(self, last: int, kinds: tuple[EntityType, ...]) -> int | None:
        """Last token of a listed name of one of ``kinds`` right after ``last``."""
        following = last + 1
        if following >= len(self.words) or not self.joined[last]:
            return None
        listed = self._listed(following)
        if listed is None or listed[1][0] not in kinds:
            return None
        return following + listed[0] - 1

    def _extends(self, index: int) -> bool:
        word = self.words[index]
        if word == "با":  # «ستاد ملی مقابله با کرونا», «ستاد مبارزه با مواد مخدر»
            return (
                self.words[index - 1] in _AGAINST
                and index + 1 < len(self.words)
                and self._extends(index + 1)
            )
        return (
            word not in self.lex.stop
            and not word.isdigit()
            and word not in self.lex.titles
            and word not in self.lex.first_names
            and word not in DETERMINERS
            and word not in NUMBER_WORDS
        )

    def _named(self, index: int) -> int | None:
        """A gazetteer name, else the longest ORG or EVENT opened by a head word, else
        a place after «استان»/«شهرستان»…; places nested in a name become LOC mentions."""
        found = self._listed(index)
        candidates: list[tuple[int, EntityType, str | None]] = []  # (end, type, canonical)
        places_from = index + 1
        certain = False
        if found is not None:  # a listed name is trusted over a head word's guess
            length, (kind, listed) = found
            canonical: str | None = listed
            end = index + length - 1
            certain = length > 1
            if listed in self.lex.names_without_places:
                places_from = end + 1  # «فارس» in «خبرگزاری فارس» is no place
            place = self._listed_after(end, ("LOC",)) if kind == "ORG" else None
            if place is not None:  # «پلیس راهور تهران»: the place is part of the name
                end, canonical = place, None
            candidates.append((end, kind, canonical))
        else:
            headed: tuple[tuple[PhraseTable[str], EntityType], ...] = (
                (self.lex.org_heads, "ORG"),
                (self.lex.event_heads, "EVENT"),
            )
            for heads, head_kind in headed:
                head_end = self._headed_name(index, heads, head_kind)
                if head_end is not None:
                    candidates.append((head_end, head_kind, None))
                    certain = certain or (head_kind == "EVENT" and self._closed(index, head_end))
        if not candidates:
            return self._place_after_head(index)
        end, kind, canonical = max(candidates, key=lambda candidate: candidate[0])
        name = self._slice(index, end)
        self._add(kind, canonical or re.sub(r"\s+", " ", name), index, end, certain=certain)
        if kind != "LOC":
            self._nested_places(places_from, end)
        return end + 1

    def _nested_places(self, first: int, last: int) -> None:
        index = first
        while index <= last:
            found = self._listed(index)
            if found is not None and found[1][0] == "LOC" and index + found[0] - 1 <= last:
                length, (_, canonical) = found
                self._add("LOC", canonical, index, index + length - 1)
                index += length
            else:
                index += 1

    def _place_after_head(self, index: int) -> int | None:
        """«شهرستان گلبهار»: an unlisted place after a place word, unless the word is
        an adjective («استان اجرایی»), part of a verb («شهرستان دستگیر شدند») or a
        frequent common word («هشدار»)."""
        if self.words[index] not in PLACE_HEADS:
            return None
        place = index + 1
        if place >= len(self.words) or not self.joined[index] or not self._is_name_word(place):
            return None
        word = self.words[place]
        following = self.words[place + 1] if place + 1 < len(self.words) else ""
        if (
            word.endswith("ی")
            or _is_plural(word)
            or following in LIGHT_VERBS
            or self._is_common(word)
        ):
            return None
        self._add("LOC", word, place, place)
        return place + 1

    # -- the scan ------------------------------------------------------------

    def find(self, agency_spans: list[tuple[int, int, str]]) -> list[Mention]:
        in_agency: set[int] = set()
        for start, end, name in agency_spans:
            self.mentions.append(Mention("ORG", name, start, end))
            in_agency.update(range(*self._indices_within(start, end)))
        # Each step but _person_before_role (which needs a sentence opening) finds
        # nothing unless the word is one of its openers, so it is called only then.
        lex = self.lex
        steps: tuple[tuple[PhraseTable[str] | frozenset[str] | None, Step], ...] = (
            (lex.titles, self._person_after_title),
            (lex.role_heads, self._person_after_role),
            (None, self._person_before_role),
            (lex.name_starters, self._named),
            (lex.person_starters, self._person),
        )
        # Every step needs its first word to be a starter, except _person_before_role,
        # which needs it to open a sentence: only those words are tried, found in C.
        opens_sentence = (True, *map(not_, self.joined[:-1]))
        may_open = map(or_, map(lex.starters.__contains__, self.words), opens_sentence)
        index = 0
        for candidate in compress(range(len(self.words)), may_open):
            if candidate < index or candidate in in_agency:
                continue
            index = candidate
            word = self.words[index]
            for openers, step in steps:
                if openers is None or word in openers:
                    next_index = step(index)
                    if next_index is not None:
                        index = next_index
                        break
            else:
                index += 1
        return self.mentions

    def rule_mentions(self, outlets: list[tuple[int, int, str]]) -> list[Mention]:
        """What the rules find, the cited outlets first and people linked to their full
        names: the learned tagger's features, in training as in the stage."""
        self.find(outlets)
        self.link_people()
        return self.mentions

    def _indices_within(self, start: int, end: int) -> tuple[int, int]:
        """The range of the tokens starting within ``start:end`` (offsets)."""
        return bisect_left(self.starts, start), bisect_left(self.starts, end)

    def link_people(self) -> None:
        """Give a bare family name the full name seen elsewhere, and find the other
        bare mentions of every person («حاتمی» … «حاتمی») whose family name may stand
        alone (:meth:`_named_alone`)."""
        people = [m for m in self.mentions if m.type == "PER"]
        full_by_last: dict[str, str] = {}
        for person in people:
            family = _family_name(person.canonical)
            if family != person.canonical:
                full_by_last.setdefault(family, person.canonical)
        for person in people:
            person.canonical = full_by_last.get(person.canonical, person.canonical)
        taken = Covered()
        for mention in self.mentions:
            taken.add(mention.start, mention.end)
        # Bare mentions are looked for word by word: a family name of two words
        # («روحانی زاده») is linked when found whole, not looked for.
        by_last = {
            family: person.canonical
            for person in people
            if " " not in (family := _family_name(person.canonical)) and self._named_alone(family)
        }
        for index in compress(range(len(self.words)), map(by_last.__contains__, self.words)):
            start, end = self.starts[index], self.ends[index]
            if not taken.overlaps(start, end):
                self.mentions.append(Mention("PER", by_last[self.words[index]], start, end))

    def _named_alone(self, family_name: str) -> bool:
        """Whether a family name standing alone names its person: a known one, a nisba
        («حسینی») or a rare word. A frequent word after a first name was often no name
        at all («مسلم امام», «حمزه مقام»), and every «امام» would become that person."""
        return (
            family_name in self.lex.surnames
            or family_name.endswith("ی")
            or not self._is_common(family_name)
        )


def _family_name(name: str) -> str:
    """The last word of a person's name, with the one before it when it is an ending
    written apart («حامد روحانی زاده» → «روحانی زاده»)."""
    parts = name.split()
    if len(parts) > 2 and parts[-1] in _SURNAME_ENDINGS:
        return " ".join(parts[-2:])
    return parts[-1]


def _is_plural(word: str) -> bool:
    """«قطب‌های», «کشورها»: a name is never plural."""
    return word.endswith(("ها", "های", "هایی"))


def merge(mentions: list[Mention]) -> list[Entity]:
    """One :class:`Entity` per (type, canonical), mentions in text order."""
    entities: dict[tuple[str, str], Entity] = {}
    # (type, canonical, start, end) already in an entity: a set, not a scan of its
    # list of Spans.
    seen: set[tuple[str, str, int, int]] = set()
    for mention in sorted(mentions, key=lambda m: (m.start, m.end)):
        key = (mention.type, mention.canonical)
        entity = entities.get(key)
        if entity is None:
            entity = entities[key] = Entity(mention.type, mention.canonical, [], mention.title)
        entity.title = entity.title or mention.title
        if (*key, mention.start, mention.end) not in seen:
            seen.add((*key, mention.start, mention.end))
            entity.mentions.append(Span(mention.start, mention.end))
    return list(entities.values())


def agency_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """The agency named in the dateline and every outlet the story cites as a source
    («به گزارش فارس», «خبرنگار مهر»): ORGs even when their name is a place («فارس»)."""
    spans = []
    if doc.agency_span is not None and doc.article.agency is not None:
        spans.append((*doc.agency_span, doc.article.agency.name))
    for start, end, agency in agency_table().cited(doc.text):
        if not any(start < taken_end and taken_start < end for taken_start, taken_end, _ in spans):
            spans.append((start, end, agency.name))
    return sorted(spans)


def learned_mentions(text: str, rules: list[Mention], agencies: int) -> list[Mention]:
    """The mentions the learned tagger finds, the rules' readings kept where they agree.

    The first ``agencies`` rule mentions are the cited outlets and, with the rules'
    certain mentions, stand as they are: the tagger's spans that overlap them go. A
    tagged span the rules found too keeps their canonical name and title with the
    tagger's type; the places the rules find inside a tagged name stay reported.
    """
    tagged = shipped_tagger().spans(text, [(m.type, m.start, m.end) for m in rules])
    found = [m for index, m in enumerate(rules)
             if index < agencies or (m.certain and not _extended(m, tagged))]
    taken = Covered()
    for mention in found:
        taken.add(mention.start, mention.end)
    # One name, one reading in a story: a certain name is certain wherever it recurs.
    for mention in [m for m in found if m.certain]:
        surface = text[mention.start : mention.end]
        for start in _word_occurrences(text, surface):
            if not taken.overlaps(start, start + len(surface)):
                found.append(Mention(mention.type, mention.canonical, start, start + len(surface),
                                     mention.title, True))
                taken.add(start, start + len(surface))
    by_span = {(m.start, m.end): m for m in rules[agencies:]}
    tagged = [span for span in tagged if not taken.overlaps(span[1], span[2])]
    for kind, start, end in tagged:
        rule = by_span.get((start, end))
        if rule is not None and rule.type == "LOC" and kind == "ORG" and text[start:end] in _outlet_names():
            kind = "LOC"  # «فارس» not cited as an outlet here (that span is taken): the province
        if rule is not None:
            found.append(Mention(kind, rule.canonical, start, end, rule.title if kind == "PER" else None))
        else:
            found.append(Mention(kind, _canonical(text[start:end], kind), start, end))
    names = [(m.start, m.end) for m in found if m.type in ("ORG", "EVENT")]
    found.extend(m for m in rules[agencies:] if m.type == "LOC" and not m.certain
                 and any(start <= m.start and m.end <= end and (start, end) != (m.start, m.end)
                         for start, end in names))
    return found


def _extended(mention: Mention, tagged: list[tuple[str, int, int]]) -> bool:
    """Whether the tagger read ``mention``, an organisation or event the rules are
    certain of, as the start or middle of a longer name of the same type: «لیگ برتر» of
    «لیگ برتر انگلیس». The longer name is the name."""
    return mention.type in ("ORG", "EVENT") and any(
        kind == mention.type and start <= mention.start and mention.end <= end
        and (start, end) != (mention.start, mention.end)
        for kind, start, end in tagged
    )


def _canonical(name: str, kind: str) -> str:
    """A tagged name as its entity is known: a place without the word that says what
    it is («شهرستان گلبهار» is «گلبهار», as the rules and every later mention call it)."""
    head, _, rest = name.partition(" ")
    return rest if kind == "LOC" and head in PLACE_HEADS and rest else name


@cache
def _outlet_names() -> frozenset[str]:
    return frozenset(alias for agency in agency_table().agencies for alias in (agency.name, *agency.aliases))


def _word_occurrences(text: str, surface: str) -> Iterator[int]:
    """Where ``surface`` stands in ``text`` as whole words."""
    for match in re.finditer(rf"(?<![\w\u200c]){re.escape(surface)}(?![\w\u200c])", text):
        yield match.start()


def find_entities(
    text: str, outlets: list[tuple[int, int, str]] | None = None
) -> list[Entity]:
    """The merged entities of ``text``: the learned tagger's mentions (the rules are
    among its features), people linked to their full names."""
    finder = EntityFinder(text, lexicon())
    agencies = outlets or []
    finder.mentions = learned_mentions(text, finder.rule_mentions(agencies), len(agencies))
    finder.link_people()
    return merge(finder.mentions)


def find_entities_stage(doc: Doc) -> None:
    """Set ``article.entities``."""
    doc.article.entities = find_entities(doc.text, agency_spans(doc))
