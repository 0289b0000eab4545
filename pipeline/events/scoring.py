"""How much a story resembles an earlier one, signal by signal."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from pipeline.events.settings import EventSettings
from pipeline.events.signals import StorySignals
from pipeline.extract.dates import TEHRAN  # news days turn at Tehran's midnight, old DST too

# What a decision shows of each signal's matches: the rarest first.
SHOWN = 5


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
        """Enough in all, and carried by names, or on the same day by words: dates,
        places and a short gap are what unrelated stories of one day share, and the
        words of a template what a series repeats day after day."""
        parts = {e.signal: e.score for e in self.evidence}
        carried = parts["entities"] >= settings.entity_floor or (
            same_day and parts["words"] >= settings.words_floor)
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


class Weights(dict[str, float]):
    """Each term's rarity weight, looked up once per decision."""

    def __init__(self, rarity: Rarity) -> None:
        super().__init__()
        self.rarity = rarity

    def __missing__(self, term: str) -> float:
        self[term] = weight = self.rarity.weight(term)
        return weight


@dataclass(frozen=True, slots=True)
class Profile:
    """A story's signals as term sets, each signal in its own term space (the keys of
    :class:`Rarity`), with its time."""

    id: str
    time_ms: int
    signals: StorySignals
    entities: frozenset[str]
    keywords: frozenset[str]
    words: frozenset[str]

    @classmethod
    def of(cls, story_id: str, time_ms: int, signals: StorySignals) -> Profile:
        return cls(story_id, time_ms, signals, frozenset(signals.entities),
                   frozenset(f"k:{k}" for k in signals.keywords),
                   frozenset(f"w:{w}" for w in signals.words))

    def terms(self) -> frozenset[str]:
        return self.entities | self.keywords | self.words


def overlap(mine: frozenset[str], theirs: frozenset[str], weights: Weights,
            floor: float) -> Evidence | None:
    """Rarity-weighted share of what two stories have in common, of the one with less
    to say (a brief against a long report), but never of less than ``floor``: one
    common name alone is no match."""
    shared = mine & theirs
    if not shared:
        return None
    mass = min(sum(weights[t] for t in mine), sum(weights[t] for t in theirs))
    score = min(1.0, sum(weights[t] for t in shared) / max(mass, floor))
    return Evidence("", round(score, 3), tuple(sorted(shared, key=lambda t: -weights[t]))[:SHOWN])


def compare(new: Profile, old: Profile, weights: Weights, settings: EventSettings) -> Match:
    """``new`` against the earlier ``old``: every signal's score and the weighted sum,
    lowered with the time between them."""
    # Two rare names' worth: a single name shared, however rare, is not all of a story.
    floor = 2 * weights.rarity.rare()
    parts: list[Evidence] = []
    for signal, mine, theirs in (("entities", new.entities, old.entities),
                                 ("keywords", new.keywords, old.keywords),
                                 ("words", new.words, old.words)):
        found = overlap(mine, theirs, weights, floor)
        parts.append(Evidence(signal, found.score, tuple(t.split(":", 1)[1] for t in found.matched))
                     if found else Evidence(signal, 0.0))
    places = new.signals.places & old.signals.places
    parts.append(Evidence("places", 1.0 if places else 0.0,
                          tuple(sorted(p.split(":", 1)[1] for p in places))[:SHOWN]))
    dates = set(new.signals.dates) & set(old.signals.dates)
    parts.append(Evidence("dates", 1.0 if dates else 0.0, tuple(sorted(dates))[:SHOWN]))
    gap = abs(new.time_ms - old.time_ms) / settings.window_ms
    parts.append(Evidence("gap", round(min(gap, 1.0), 3)))
    weighted = (settings.entity_weight * parts[0].score + settings.keyword_weight * parts[1].score
                + settings.words_weight * parts[2].score + settings.place_weight * parts[3].score
                + settings.date_weight * parts[4].score)
    score = weighted * (1 - settings.gap_penalty * min(gap, 1.0))
    return Match(old.id, round(score, 3), tuple(parts))


def tehran_day(time_ms: int) -> str:
    return datetime.fromtimestamp(time_ms / 1000, TEHRAN).date().isoformat()


def iso(time_ms: int) -> str:
    return datetime.fromtimestamp(time_ms / 1000, UTC).isoformat(timespec="seconds")


def same_template(a: StorySignals, b: StorySignals, settings: EventSettings) -> bool:
    """Two titles of one recurring series: they open on the same words, and the rest
    or the figures differ («قیمت دلار و یورو امروز ۱۹ اسفند / افزایش …» and «… ۲۰ اسفند /
    بازگشت …», «طرز تهیه سالاد بلغور» and «طرز تهیه کوفته بلغور»)."""
    opening_a, opening_b = set(a.opening), set(b.opening)
    if not opening_a or not opening_b:
        return False
    similar = (len(opening_a & opening_b) / len(opening_a | opening_b)
               >= settings.template_similarity)
    return similar and (a.numbers != b.numbers or set(a.title) != set(b.title))
