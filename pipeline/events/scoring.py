"""How much a story resembles an earlier one, signal by signal."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from itertools import repeat

from pipeline.events.settings import EventSettings
from pipeline.events.signals import StorySignals, content_words
from pipeline.extract.dates import TEHRAN  # news days turn at Tehran's midnight, old DST too

# What a decision shows of each signal's matches: the rarest first.
SHOWN = 5
# Figures in title and lead that make a story a report of figures.
FIGURES = 2


@dataclass(frozen=True, slots=True)
class Evidence:
    """One signal's share in a decision: its score in [0, 1] and what matched."""

    signal: str
    score: float
    matched: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """A story against one earlier story: the weighted sum and each signal's part."""

    other: str  # the earlier story's id
    score: float
    evidence: tuple[Evidence, ...]

    def joins(self, settings: EventSettings, threshold: float, same_day: bool) -> bool:
        """Enough in all, and carried by names, or on the same day by words with a name
        in common: dates, places and a short gap are what unrelated stories of one day
        share, and the words of a template what a series repeats day after day."""
        # The evidence is in compare's order: entities, keywords, words, places, dates, gap.
        entities, words = self.evidence[0].score, self.evidence[2].score
        carried = entities >= settings.entity_floor or (
            same_day and words >= settings.words_floor and entities > 0)
        return self.score >= threshold and carried


class Rarity:
    """Document frequencies over the window: a name in every story says little, a rare
    one much. Counts each term once a story."""

    def __init__(self) -> None:
        self.frequency: Counter[str] = Counter()
        self.stories = 0

    def add(self, terms: Iterable[str]) -> None:
        self.frequency.update(set(terms))
        self.stories += 1

    def remove(self, terms: Iterable[str]) -> None:
        self.frequency.subtract(set(terms))
        self.stories -= 1

    def weight(self, term: str) -> float:
        return math.log(1 + (self.stories + 1) / (self.frequency[term] + 1))

    def rare(self) -> float:
        """The weight of a term only one other story has."""
        return math.log(1 + (self.stories + 1) / 2)

    def common(self, term: str, share: float, at_least: int) -> bool:
        """In more than ``share`` of the stories, and in more than ``at_least``: a
        window of a few stories has no common terms yet."""
        return self.frequency[term] > max(share * self.stories, at_least)


class _ByFrequency(dict[int, float]):
    """A weight for each document frequency: the weight depends on nothing else."""

    def __init__(self, stories: int) -> None:
        super().__init__()
        self.stories = stories + 1

    def __missing__(self, frequency: int) -> float:
        self[frequency] = weight = math.log(1 + self.stories / (frequency + 1))
        return weight


class Weights:
    """Each term's rarity weight, and each story's sum of them per signal, for one
    decision: the new story is weighed against every candidate, and the window does not
    change while it is. Terms are looked up by frequency, in C loops: a decision weighs
    hundreds of terms."""

    def __init__(self, rarity: Rarity, story: str = "", unseen_words: float = 1.0) -> None:
        self.rarity = rarity
        # The story being decided, and the share of its mass its words no other story of
        # the window has keep.
        self.story, self.unseen_words = story, unseen_words
        # Two rare names' worth: a single name shared, however rare, is not all of a story.
        self.rare = rarity.rare()
        self.floor = 2 * self.rare
        self._frequency = rarity.frequency
        self._by_frequency = _ByFrequency(rarity.stories)
        self._masses: dict[tuple[str, int], float] = {}

    def __getitem__(self, term: str) -> float:
        return self._by_frequency[self._frequency.get(term, 0)]

    def total(self, terms: Iterable[str]) -> float:
        # fsum: exact, so the same in any order of a set's terms.
        return math.fsum(map(self._by_frequency.__getitem__, map(self._frequency.get, terms, repeat(0))))

    def mass(self, profile: Profile, signal: int) -> float:
        key = (profile.id, signal)
        mass = self._masses.get(key)
        if mass is None:
            terms = profile.sets[signal]
            mass = self.total(terms)
            if profile.id == self.story and signal == WORDS:
                # A title or lead word no other story of the window has (a detail, a
                # spelling) is shared by none, and weighs most: counted whole, it makes
                # a long lead unlike every earlier story.
                unseen = [t for t in terms if not self._frequency.get(t)]
                mass -= (1 - self.unseen_words) * self.total(unseen)
            self._masses[key] = mass
        return mass


@dataclass(frozen=True, slots=True)
class Profile:
    """A story's signals as term sets, each signal in its own term space (the keys of
    :class:`Rarity`), with its time; ``sets`` the three weighed ones, in the order of
    :data:`WEIGHED`."""

    id: str
    time_ms: int
    signals: StorySignals
    entities: frozenset[str]
    keywords: frozenset[str]
    words: frozenset[str]
    places: frozenset[str]
    dates: frozenset[str]

    @classmethod
    def of(cls, story_id: str, time_ms: int, signals: StorySignals) -> Profile:
        return cls(story_id, time_ms, signals, frozenset(signals.entities),
                   frozenset(f"k:{k}" for k in signals.keywords),
                   frozenset(f"w:{w}" for w in signals.words),
                   signals.places, frozenset(signals.dates))

    @property
    def titles(self) -> tuple[str, ...]:
        """The title's words, in the term space of ``words``."""
        return tuple(f"w:{w}" for w in self.signals.title)

    @property
    def sets(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        return self.entities, self.keywords, self.words

    def terms(self) -> frozenset[str]:
        return self.entities | self.keywords | self.words


# The signals weighed by rarity, in the order of Profile.sets.
WEIGHED = ("entities", "keywords", "words")
WORDS = WEIGHED.index("words")


def overlap(new: Profile, old: Profile, signal: int, weights: Weights, explain: bool = True
            ) -> Evidence:
    """Rarity-weighted share of what two stories have in common, of the one with less
    to say (a brief against a long report), but never of less than the floor: one
    common name alone is no match. What matched only when ``explain``."""
    shared = new.sets[signal] & old.sets[signal]
    if not shared:
        return Evidence(WEIGHED[signal], 0.0)
    mass = min(weights.mass(new, signal), weights.mass(old, signal))
    score = min(1.0, weights.total(shared) / max(mass, weights.floor))
    if not explain:
        return Evidence(WEIGHED[signal], round(score, 3))
    # Ties by the term itself: a set's order changes with each process's string hashing.
    matched = sorted(shared, key=lambda t: (-weights[t], t))[:SHOWN]
    return Evidence(WEIGHED[signal], round(score, 3), tuple(t.split(":", 1)[-1] for t in matched))


def compare(new: Profile, old: Profile, weights: Weights, settings: EventSettings,
            explain: bool = True) -> Match:
    """``new`` against the earlier ``old``: every signal's score and the weighted sum,
    lowered with the time between them; what each signal matched only when ``explain``
    (the decision shows the best match's alone, and most comparisons lose)."""
    entities, keywords, words = (overlap(new, old, signal, weights, explain)
                                 for signal in range(3))
    places = new.places & old.places
    dates = new.dates & old.dates
    gap = min(abs(new.time_ms - old.time_ms) / settings.window_ms, 1.0)
    parts = (entities, keywords, words,
             Evidence("places", 1.0 if places else 0.0,
                      tuple(sorted(p.split(":", 1)[1] for p in places))[:SHOWN] if explain else ()),
             Evidence("dates", 1.0 if dates else 0.0,
                      tuple(sorted(dates))[:SHOWN] if explain else ()),
             Evidence("gap", round(gap, 3)))
    scores = [e.score for e in parts]
    return Match(old.id, _weighted(*scores[:5], gap, settings), parts)


def join_bound(new: Profile, old: Profile, weights: Weights, settings: EventSettings,
               same_day: bool) -> float:
    """The most :func:`compare`'s score could be, from the names alone and the most the
    other signals could add; 0 when the names could not carry a match
    (:meth:`Match.joins`). Most candidates are ruled out here, before their keywords and
    words are weighed."""
    entities = overlap(new, old, 0, weights, explain=False).score
    if entities < settings.entity_floor and not (same_day and entities > 0):
        return 0.0
    gap = min(abs(new.time_ms - old.time_ms) / settings.window_ms, 1.0)
    places = 0.0 if new.places.isdisjoint(old.places) else 1.0
    dates = 0.0 if new.dates.isdisjoint(old.dates) else 1.0
    # Keywords and words at their most: the sum, rounded, is monotone in each score.
    return _weighted(entities, 1.0, 1.0, places, dates, gap, settings)


@dataclass(frozen=True, slots=True)
class EventProfile:
    """An event as a whole, accumulated from its articles (roundups left out): how many
    of them hold each term and each date, and when its latest one was. A reaction
    shares one or two names with each story, and several signals with the event."""

    id: str
    articles: int
    latest_ms: int
    terms: Mapping[str, int]  # in the term spaces of Profile.terms
    dates: Mapping[str, int]

    def support(self, count: int, settings: EventSettings) -> float:
        """A term's weight in the profile: whole when ``profile_support`` articles hold
        it and ``profile_share`` of them, less when fewer do (what one story adds, a
        detail, is not the event's; nor, in a large event, what a few of its stories add,
        or the event would gather everything its stories ever touched)."""
        return min(1.0, count / max(settings.profile_support, settings.profile_share * self.articles))


def compare_event(new: Profile, event: EventProfile, weights: Weights, settings: EventSettings,
                  explain: bool = True) -> tuple[Match, tuple[str, ...]]:
    """``new`` against the event as a whole: each weighed signal the rarity-weighted share
    of the story's terms the event holds (each by its support), of the story's terms or
    of ``profile_evidence`` rare terms' worth, whichever is less; places and dates the
    event holds whole; the gap to its latest article. And the signals that agree: a
    weighed one from ``profile_floor`` (names only with ``profile_names`` names: one
    famous name is no agreement), places and dates when held whole."""
    parts: list[Evidence] = []
    agreeing: list[str] = []
    for signal, name in enumerate(WEIGHED):
        support = {t: event.support(event.terms[t], settings)
                   for t in new.sets[signal] if t in event.terms}
        # A reaction brings many terms of its own: they take nothing from what it shares.
        enough = min(weights.mass(new, signal), settings.profile_evidence * weights.rare)
        score = min(1.0, math.fsum(weights[t] * w for t, w in support.items())
                    / max(enough, weights.floor))
        if score >= settings.profile_floor and (signal or len(support) >= settings.profile_names):
            agreeing.append(name)
        matched: tuple[str, ...] = ()
        if explain:
            ranked = sorted(support, key=lambda t: (-weights[t] * support[t], t))
            matched = tuple(t.split(":", 1)[-1] for t in ranked[:SHOWN])
        parts.append(Evidence(name, round(score, 3), matched))
    held = title_held(new, event, settings)
    title_score = title_share(new, held, weights)
    if title_score >= settings.profile_title:
        agreeing.append("title")
    parts.append(Evidence("title", round(title_score, 3),
                          tuple(t[2:] for t, w in held.items() if w)[:SHOWN] if explain else ()))
    places = sorted(p.split(":", 1)[1] for p in new.places
                    if event.support(event.terms.get(p, 0), settings) >= 1)
    dates = sorted(d for d in new.dates if event.support(event.dates.get(d, 0), settings) >= 1)
    agreeing += ["places"] * bool(places) + ["dates"] * bool(dates)
    gap = min(abs(new.time_ms - event.latest_ms) / settings.window_ms, 1.0)
    parts += [Evidence("places", 1.0 if places else 0.0, tuple(places[:SHOWN]) if explain else ()),
              Evidence("dates", 1.0 if dates else 0.0, tuple(dates[:SHOWN]) if explain else ()),
              Evidence("gap", round(gap, 3))]
    # The title, read against an event only, is a condition, not a weight: its words are
    # among the words.
    scores = [e.score for e in parts if e.signal != "title"]
    return Match(event.id, _weighted(*scores[:5], gap, settings), tuple(parts)), tuple(agreeing)


def joins_event(match: Match, agreeing: tuple[str, ...], settings: EventSettings,
                threshold: float) -> bool:
    """A story joins an event as a whole when ``profile_signals`` independent signals
    agree, names and title among them, and the sum reaches the profile's threshold: one
    famous name, or the words of a topic, are what unrelated stories share with a large
    event."""
    return ({"entities", "title"} <= set(agreeing) and len(agreeing) >= settings.profile_signals
            and match.score >= max(threshold, settings.profile_threshold))


def title_held(new: Profile, event: EventProfile, settings: EventSettings) -> dict[str, float]:
    """Each title word of the story, with its support in the event (0 when it has none)."""
    return {t: event.support(event.terms.get(t, 0), settings) for t in new.titles}


def title_share(new: Profile, held: dict[str, float], weights: Weights) -> float:
    """The rarity-weighted share of the story's title the event holds: what the story
    says it is about. A page of several stories, or one that only mentions the
    happening, shares names and words with the event, not its title. Checked first: it
    is the cheapest part of a comparison with an event, and most fail it."""
    shared = sum(weights[t] * w for t, w in held.items() if w)
    return min(1.0, shared / max(weights.total(new.titles), weights.floor)) if shared else 0.0


def _weighted(entities: float, keywords: float, words: float, places: float, dates: float,
              gap: float, settings: EventSettings) -> float:
    """The signals' weighted sum, lowered with the time between."""
    weighted = (settings.entity_weight * entities + settings.keyword_weight * keywords
                + settings.words_weight * words + settings.place_weight * places
                + settings.date_weight * dates)
    return round(weighted * (1 - settings.gap_penalty * gap), 3)


@lru_cache(maxsize=1 << 16)
def tehran_day(time_ms: int) -> str:
    return datetime.fromtimestamp(time_ms / 1000, TEHRAN).date().isoformat()


def iso(time_ms: int) -> str:
    return datetime.fromtimestamp(time_ms / 1000, UTC).isoformat(timespec="seconds")


def same_template(a: StorySignals, b: StorySignals, settings: EventSettings) -> bool:
    """Two stories of one recurring series: titles that open on the same words, the rest
    or the figures differing («قیمت دلار و یورو امروز ۱۹ اسفند / افزایش …» and «… ۲۰ اسفند /
    بازگشت …», «طرز تهیه سالاد بلغور» and «طرز تهیه کوفته بلغور»), or two reports of
    mostly other figures."""
    opening_a, opening_b = set(a.opening), set(b.opening)
    if not opening_a or not opening_b:
        return False
    similar = (len(opening_a & opening_b) / len(opening_a | opening_b)
               >= settings.template_similarity)
    return (similar and (a.numbers != b.numbers or set(a.title) != set(b.title))
            and not opens_on_a_person(a, b)) or other_figures(a, b)


def opens_on_a_person(a: StorySignals, b: StorySignals) -> bool:
    """Titles that open alike on a person both stories name («ماهاتیر محمد استعفا کرد»,
    «ماهاتیر محمد: …»): what one person did and said next, no template of a series, whose
    openings are words of every day («قیمت», «طرز تهیه»)."""
    shared = set(a.opening) & set(b.opening)
    people = {e for e in a.entities if e.startswith("PER:")} & set(b.entities)
    return any(not shared.isdisjoint(content_words(p.split(":", 1)[1])) for p in people)


def other_figures(a: StorySignals, b: StorySignals) -> bool:
    """Two reports of figures with mostly other figures: a day's Covid counts, prices or
    market indices against another day's, whatever their titles say. A follow-up of a
    happening rarely leads with figures, or repeats them (the magnitude, the toll)."""
    if len(a.figures) < FIGURES or len(b.figures) < FIGURES:
        return False
    return 2 * len(set(a.figures) & set(b.figures)) < min(len(a.figures), len(b.figures))
