"""The event index: each story assigned online to an event, state in the caller's store.

Layout of the ``MutableMapping[str, bytes]`` (a Faust table, a dict): ``#`` the layout,
written once; ``e<n>`` one record per decision, written once, in arrival order (``n`` a
sequence number in base-64 digits): the story's id, time, agency, title, signals, the
event it went to and why. Everything else is derived from those records and kept in
memory: events, their members and their terms counted (each event's profile), the
document frequencies over the window, the postings from terms to stories. A store refilled under the index (changelog recovery,
a rebalance) is noticed and the memory derived again, as in :mod:`pipeline.dedupe`.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from typing import Any

import orjson
import xxhash

from pipeline.events.scoring import (
    EventProfile,
    Match,
    Profile,
    Rarity,
    Weights,
    compare,
    compare_event,
    iso,
    join_bound,
    joins_event,
    same_template,
    tehran_day,
    title_held,
    title_share,
)
from pipeline.events.settings import EventSettings
from pipeline.events.signals import StorySignals, content_words
from pipeline.keys import b64, unb64
from pipeline.models import EventRecord

LAYOUT_KEY = "#"
LAYOUT = b"events/1"
# A term in more than this share of the window's stories finds no candidates: every
# story would be one («ایران», «کرونا» in March 2020). It still counts in the scores.
COMMON_SHARE, COMMON_COUNT = 0.1, 8
# An event is compared as a whole from this many articles on.
PROFILE_MEMBERS = 2
# Members whose titles vote for the label, and names and places an event shows.
LABEL_VOTERS = 24
SHOWN = 5


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where a story went and why: the event as it stands now, and the decision
    (``record.decision`` when the story is the event's latest)."""

    story_id: str
    event_id: str
    new: bool
    decision: dict[str, Any]
    record: EventRecord
    repeated: bool = False


@dataclass(slots=True)
class _Story:
    seq: int
    id: str
    time_ms: int
    agency: str | None
    title: str | None
    event: str
    decision: dict[str, Any]
    profile: Profile | None  # None for a republication: it follows its original

    def pack(self) -> bytes:
        signals = self.profile.signals.to_json() if self.profile else None
        return orjson.dumps({"i": self.id, "t": self.time_ms, "a": self.agency, "h": self.title,
                             "e": self.event, "x": self.decision, "s": signals})

    @classmethod
    def unpack(cls, seq: int, data: bytes) -> _Story:
        row = orjson.loads(data)
        signals = row["s"]
        profile = None if signals is None else Profile.of(row["i"], row["t"],
                                                          StorySignals.from_json(signals))
        return cls(seq, row["i"], row["t"], row["a"], row["h"], row["e"], row["x"], profile)


@dataclass(slots=True)
class _Event:
    id: str
    members: list[int] = field(default_factory=list)
    first_ms: int = 0
    latest_ms: int = 0
    # Its articles' terms and dates, each counted once an article (roundups left out:
    # nothing joins through one): the event as a whole, its profile.
    articles: int = 0
    latest_article_ms: int = 0
    terms: Counter[str] = field(default_factory=Counter)
    dates: Counter[str] = field(default_factory=Counter)
    # What its record shows, kept as members come (an event never loses one): names and
    # places of every story read, the stories, and the titles that vote for the label.
    names: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    shown: list[dict[str, Any]] = field(default_factory=list)
    voters: list[tuple[str, set[str]]] = field(default_factory=list)
    # The Tehran day and signals of each member read (not a republication), for the
    # series rule: read for every candidate event of every decision.
    days: list[tuple[str, StorySignals]] = field(default_factory=list)

    def show(self, story: _Story) -> None:
        """Count a new member in what the record shows."""
        self.shown.append({"id": story.id, "agency": story.agency, "at": iso(story.time_ms)})
        if story.profile is not None:
            self.days.append((tehran_day(story.time_ms), story.profile.signals))
            for name in story.profile.signals.entities:
                (self.places if name.startswith("LOC:") else self.names)[name] += 1
        if story.title and len(self.members) <= LABEL_VOTERS:
            self.voters.append((story.title, set(content_words(story.title))))

    @property
    def label(self) -> str:
        """Read when a record is published, not at each member: a recovery replays
        every member and publishes nothing."""
        return _label(self.voters) if self.voters else ""

    def add(self, profile: Profile) -> None:
        self.articles += 1
        self.latest_article_ms = max(self.latest_article_ms, profile.time_ms)
        self.terms.update(profile.terms())
        self.dates.update(profile.dates)

    def profile(self) -> EventProfile | None:
        """The event as a whole; None while it has one article (that one is compared
        as a story)."""
        if self.articles < PROFILE_MEMBERS:
            return None
        return EventProfile(self.id, self.articles, self.latest_article_ms, self.terms,
                            self.dates)


class EventIndex:
    """Assigns each article to an event, and each republication to its original's.

    ``assign`` decides and records an article; ``follow`` puts a duplicate where its
    original went. Deciding the same id again (a redelivery) changes nothing and
    returns the decision as first made, with the event as it stands.
    """

    def __init__(self, store: MutableMapping[str, bytes], settings: EventSettings | None = None
                 ) -> None:
        self.store = store
        self.settings = settings or EventSettings()
        # Nothing is read here: a Faust table is filled by its recovery, after the
        # worker starts; the first decision derives the memory.
        self._derived = False
        self._forget_derived()

    # -- decisions ----------------------------------------------------------------------

    def assign(self, story_id: str, time_ms: int, signals: StorySignals,
               agency: str | None = None, title: str | None = None) -> Assignment:
        """The event of a new article: that of the earlier story or the event as a whole
        it matches best, if the match is enough and no series divides them; else a new
        event. ``decision["via"]`` is the story matched, or the event's id for the event
        as a whole."""
        self._sync()
        if (seq := self._by_id.get(story_id)) is not None:
            return self._assignment(self._stories[seq], repeated=True)
        self._advance(time_ms)
        profile = Profile.of(story_id, time_ms, signals)
        match, refused = self._best_match(profile)
        if match is None:
            event = _event_id(story_id)
        else:  # matched an earlier story, or an event as a whole
            held = self._by_id.get(match.other)
            event = match.other if held is None else self._stories[held].event
        decision: dict[str, Any] = {"story": story_id, "joined": match is not None,
                                    "roundup": signals.roundup}
        if match is not None:
            decision |= {"via": match.other, "score": match.score,
                         "signals": [{"signal": e.signal, "score": e.score, "matched": list(e.matched)}
                                     for e in match.evidence]}
        if refused:
            decision["refused_series"] = refused
        return self._record(_Story(self._next, story_id, time_ms, agency, title, event,
                                   decision, profile))

    def follow(self, story_id: str, original_id: str, time_ms: int, agency: str | None = None,
               title: str | None = None) -> Assignment | None:
        """A republication joins its original's event; None when the original is not
        held (never seen, or its event closed)."""
        self._sync()
        if (seq := self._by_id.get(story_id)) is not None:
            return self._assignment(self._stories[seq], repeated=True)
        self._advance(time_ms)
        original = self._by_id.get(original_id)
        if original is None:
            return None
        event = self._stories[original].event
        decision = {"story": story_id, "joined": True, "follows": original_id}
        return self._record(_Story(self._next, story_id, time_ms, agency, title, event, decision,
                                   None))

    def _record(self, story: _Story) -> Assignment:
        # One write a decision: the layout key only goes with the very first.
        if LAYOUT_KEY not in self.store:
            self.store[LAYOUT_KEY] = LAYOUT
        self.store[_key(story.seq)] = story.pack()
        self._apply(story)
        return self._assignment(story)

    def _best_match(self, profile: Profile) -> tuple[Match | None, list[str]]:
        settings = self.settings
        weights = Weights(self._rarity, profile.id, settings.unseen_words)
        # Each earlier story a term brings weighs what it shares; only the heaviest are
        # compared: on a busy topic every story shares a few names with hundreds.
        shared: defaultdict[int, float] = defaultdict(float)  # a Counter, its misses in C
        # In sorted order: a set's order changes with each process's string hashing, and
        # the sums' order and the ties at the cap must not.
        for term in sorted(profile.terms()):
            postings = self._postings.get(term)  # None: a term no article held
            if postings is not None and not self._rarity.common(term, COMMON_SHARE, COMMON_COUNT):
                weight = weights[term]
                for seq in islice(reversed(postings), settings.term_cap):
                    shared[seq] += weight
        by_event: dict[str, list[_Story]] = {}
        # Counter.most_common's order: the heaviest, ties in the order first brought.
        for seq, _ in heapq.nlargest(settings.candidate_cap, shared.items(), key=itemgetter(1)):
            story = self._stories[seq]
            by_event.setdefault(story.event, []).append(story)
        threshold = settings.roundup_threshold if profile.signals.roundup else settings.threshold
        best: Match | None = None
        best_other: Profile | EventProfile | None = None
        refused = []
        day = tehran_day(profile.time_ms)

        def consider(match: Match, other: Profile | EventProfile) -> None:
            nonlocal best, best_other
            if best is None or match.score > best.score:
                best, best_other = match, other

        for event_id, members in by_event.items():
            event = self._events[event_id]
            if self._divided_by_series(profile, event, day):
                refused.append(event_id)
                continue
            for member in members:
                assert member.profile is not None  # only articles are in the postings
                same_day = tehran_day(member.profile.time_ms) == day
                # Only a match above the threshold and the best so far counts.
                bound = join_bound(profile, member.profile, weights, settings, same_day)
                if bound < threshold or (best is not None and bound <= best.score):
                    continue
                match = compare(profile, member.profile, weights, settings, explain=False)
                if match.joins(settings, threshold, same_day):
                    consider(match, member.profile)
            # A reaction shares a few names with each story and several signals with the
            # event as a whole, if the event is still going on.
            whole = event.profile()
            if (whole is not None and profile.time_ms - whole.latest_ms <= settings.profile_gap_ms
                    and title_share(profile, title_held(profile, whole, settings), weights)
                    >= settings.profile_title):  # the cheap part first: most fail it
                match, agreeing = compare_event(profile, whole, weights, settings, explain=False)
                if joins_event(match, agreeing, settings, threshold):
                    consider(match, whole)
        if isinstance(best_other, Profile):  # the winner again, with what matched
            best = compare(profile, best_other, weights, settings)
        elif best_other is not None:
            best = compare_event(profile, best_other, weights, settings)[0]
        return best, sorted(refused)

    def _divided_by_series(self, profile: Profile, event: _Event, day: str) -> bool:
        """Another day of a recurring series: an event member of another day whose
        title is on the same template with other figures."""
        signals = profile.signals
        if not signals.opening:  # a template is read on both titles' openings
            return False
        return any(other_day != day and same_template(signals, other, self.settings)
                   for other_day, other in event.days)

    # -- the event as published -----------------------------------------------------------

    def _assignment(self, story: _Story, repeated: bool = False) -> Assignment:
        event = self._events[story.event]
        return Assignment(story.id, event.id, event.members[0] == story.seq, story.decision,
                          self._event_record(event), repeated)

    def _event_record(self, event: _Event) -> EventRecord:
        size = len(event.members)
        return EventRecord(
            id=event.id,
            label=event.label,
            entities=[n.split(":", 1)[1] for n, _ in event.names.most_common(SHOWN)],
            places=[n.split(":", 1)[1] for n, _ in event.places.most_common(SHOWN)],
            first_at=iso(event.first_ms),
            latest_at=iso(event.latest_ms),
            stories=list(event.shown),
            size=size,
            revision=size,
            decision=self._stories[event.members[-1]].decision,
        )

    # -- derived state ------------------------------------------------------------------

    def _apply(self, story: _Story) -> None:
        """Add a recorded decision to the memory: the same for a live decision and for
        one read back from the store."""
        self._stories[story.seq] = story
        self._by_id[story.id] = story.seq
        self._next = max(self._next, story.seq + 1)
        self._last = story.seq
        event = self._events.get(story.event)
        if event is None:
            event = self._events[story.event] = _Event(story.event, first_ms=story.time_ms,
                                                       latest_ms=story.time_ms)
        event.members.append(story.seq)
        event.show(story)
        event.first_ms = min(event.first_ms, story.time_ms)
        event.latest_ms = max(event.latest_ms, story.time_ms)
        heapq.heappush(self._closing, (event.latest_ms, event.id))
        profile = story.profile
        if profile is None:
            return
        self._rarity.add(profile.terms())
        heapq.heappush(self._counted, (story.time_ms, story.seq))
        if not profile.signals.roundup:  # nothing joins an event through a roundup
            event.add(profile)
            for term in profile.terms():
                self._postings.setdefault(term, {})[story.seq] = None

    def _advance(self, time_ms: int) -> None:
        """Forget what left the window: stories from the frequencies, and whole events
        whose latest story is older than the window (their records too)."""
        self._newest = max(self._newest, time_ms)
        cutoff = self._newest - self.settings.window_ms
        while self._counted and self._counted[0][0] < cutoff:
            _, seq = heapq.heappop(self._counted)
            if (story := self._stories.get(seq)) is not None and story.profile is not None:
                self._rarity.remove(story.profile.terms())
        while self._closing and self._closing[0][0] < cutoff:
            _, event_id = heapq.heappop(self._closing)
            event = self._events.get(event_id)
            if event is not None and event.latest_ms < cutoff:
                self._close(event)

    def _close(self, event: _Event) -> None:
        del self._events[event.id]
        for seq in event.members:
            story = self._stories.pop(seq)
            del self._by_id[story.id]
            self.store.pop(_key(seq), None)
            if story.profile is not None:
                for term in story.profile.terms():
                    postings = self._postings.get(term)
                    if postings is not None:
                        postings.pop(seq, None)
                        if not postings:
                            del self._postings[term]

    def _forget_derived(self) -> None:
        self._stories: dict[int, _Story] = {}
        self._by_id: dict[str, int] = {}
        self._events: dict[str, _Event] = {}
        self._postings: dict[str, dict[int, None]] = {}
        self._rarity = Rarity()
        self._counted: list[tuple[int, int]] = []  # (time, seq) of stories in the frequencies
        self._closing: list[tuple[int, str]] = []  # (latest time, event), lazily updated
        self._newest = 0
        self._next = 0
        self._last: int | None = None

    def _derive(self) -> None:
        """The memory, from the decision records alone, in their order."""
        layout = self.store.get(LAYOUT_KEY)
        if layout is not None and layout != LAYOUT:
            raise ValueError(f"event store of layout {layout!r}, expected {LAYOUT!r}")
        self._forget_derived()
        self._derived = True
        records = sorted((unb64(k[1:]), v) for k, v in self.store.items() if k.startswith("e"))
        for seq, data in records:
            self._apply(_Story.unpack(seq, data))
        if records:
            self._advance(self._newest)
            self._last = max(self._stories, default=None)

    def _sync(self) -> None:
        """Derive when the store is not the one the memory came from: never read yet, a
        record where the next will go, or the last one still held gone."""
        moved = _key(self._next) in self.store or (
            self._last in self._stories and _key(self._last) not in self.store)
        if not self._derived or moved:
            self._derive()

    # -- measurement --------------------------------------------------------------------

    def state_bytes(self) -> int:
        """Sum of len(key) + len(value) over the store (what the changelog keeps)."""
        return sum(len(k) + len(v) for k, v in self.store.items())

    def __len__(self) -> int:
        """Stories held."""
        return len(self._stories)


def _label(voters: list[tuple[str, set[str]]]) -> str:
    """The title that shares most words with the other titles: the event in one line.
    Ties go to the earliest."""
    # Less its own words: a long title would otherwise outvote the others.
    return max(voters, key=lambda t: sum(len(t[1] & other) for _, other in voters) - len(t[1]))[0]


def _event_id(first_story_id: str) -> str:
    # Named by its first story, so a replay names it alike; ids may be long URLs.
    return "ev-" + xxhash.xxh3_64_hexdigest(first_story_id.encode("utf-8", "surrogatepass"))


def _key(seq: int) -> str:
    return "e" + b64(seq)
