"""What the view keeps in memory: a bounded window of articles with their republications,
the latest record of each event, and the running figures its charts draw. Pure: no Kafka,
no web server, no clock of its own.

Every record comes from a story, which is hostile input: nothing here makes HTML; the page
puts each string into the document as text. URLs other than http(s) are dropped so that a
``javascript:`` link can never be made of one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import jdatetime
import orjson

from pipeline.extract.dates import TEHRAN  # with its fallback when tzdata is missing
from pipeline.normalize.characters import LATIN_TO_PERSIAN_DIGITS

# What a card shows of an article's entities and keywords; the permalink shows them all.
CARD_ENTITIES = 24
CARD_KEYWORDS = 8
# A search's text is matched against the title and this much of the body.
SEARCH_TEXT_CHARS = 20_000
MINUTE_MS = 60_000


def known_agency_names() -> dict[str, str]:
    """The outlets the agency stage knows, code → Persian name: a duplicate notice names
    its outlet by code only."""
    data = resources.files("pipeline.extract") / "data" / "agencies.json"
    return {agency["code"]: agency["name"] for agency in orjson.loads(data.read_bytes())}


def persian_digits(text: str) -> str:
    return text.translate(LATIN_TO_PERSIAN_DIGITS)


def tehran_when(moment: dt.datetime) -> dict[str, str]:
    """A moment as an editor in Tehran reads it: Jalali date and wall-clock time, in
    Persian digits, with the ISO form for machines."""
    local = moment.astimezone(TEHRAN)
    jalali = jdatetime.datetime.fromgregorian(datetime=local)
    return {
        "iso": local.isoformat(timespec="seconds"),
        "jalali": persian_digits(jalali.strftime("%Y/%m/%d")),
        "clock": persian_digits(local.strftime("%H:%M")),
    }


def _moment(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    # The schema says zone-less times are Tehran's.
    return moment if moment.tzinfo else moment.replace(tzinfo=TEHRAN)


def when_of_iso(value: object) -> dict[str, str] | None:
    moment = _moment(value)
    return tehran_when(moment) if moment else None


def ms_of_iso(value: object) -> int | None:
    moment = _moment(value)
    return int(moment.timestamp() * 1000) if moment else None


def when_of_ms(ms: int) -> dict[str, str]:
    return tehran_when(dt.datetime.fromtimestamp(ms / 1000, dt.UTC))


def safe_url(value: object) -> str | None:
    """The URL if it is an absolute http(s) one, else None."""
    if isinstance(value, str) and value[:8].lower().startswith(("http://", "https://")):
        return value
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: object) -> list[str]:
    return [x for x in value if isinstance(x, str)] if isinstance(value, list) else []


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def lead_spans(record: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Where the lead mentions entities: (start, end, type) inside the lead, sorted, without
    overlaps. Offsets are into ``text``, which starts with the lead; a mention that is not a
    [start, end] pair inside it (a producer's bug, a hostile record, or a record of article
    schema 2.0, whose mentions were objects) is left out."""
    lead, text = record.get("lead"), record.get("text")
    if not isinstance(lead, str) or not isinstance(text, str) or not text.startswith(lead):
        return []
    return entity_spans(record, len(lead))


def entity_spans(record: dict[str, Any], limit: int) -> list[tuple[int, int, str]]:
    """Every checked entity mention that ends before ``limit``: (start, end, type)."""
    text = record.get("text")
    entities = record.get("entities")
    if not isinstance(text, str) or not isinstance(entities, list):
        return []
    spans = []
    for entity in entities:
        if not isinstance(entity, dict) or not isinstance(entity.get("mentions"), list):
            continue
        kind = entity.get("type")
        if kind not in ("PER", "ORG", "LOC", "EVENT"):
            continue
        for mention in entity["mentions"]:
            if not (isinstance(mention, list) and len(mention) == 2):
                continue
            start, end = mention
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= min(limit, len(text)):
                spans.append((start, end, kind))
    spans.sort(key=lambda span: (span[0], -span[1]))  # of two starting together, the longer
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


@dataclass(slots=True)
class Republication:
    """One outlet's copy of an article, from a duplicate notice or an article update."""

    id: str
    agency: str | None = None
    url: str | None = None
    title: str | None = None
    similarity: float | None = None
    match: str | None = None
    rule: str | None = None
    time_ms: int | None = None

    def merge(self, fields: dict[str, Any], time_ms: int | None) -> None:
        """Take what ``fields`` knows; a notice and an update each know part of it."""
        self.agency = _text(fields.get("agency")) or self.agency
        self.url = safe_url(fields.get("url")) or self.url
        self.title = _text(fields.get("title")) or self.title
        similarity = _number(fields.get("similarity"))
        self.similarity = similarity if similarity is not None else self.similarity
        self.match = _text(fields.get("match")) or self.match
        self.rule = _text(fields.get("rule")) or self.rule
        if self.time_ms is None:  # when it was first reported
            self.time_ms = time_ms

    def as_json(self, agency_names: dict[str, str]) -> dict[str, Any]:
        return {
            "id": self.id,
            "agency": self.agency,
            "agency_name": agency_names.get(self.agency or "", self.agency),
            "url": self.url,
            "title": self.title,
            "similarity": self.similarity,
            "match": self.match,
            "rule": self.rule,
            "time_ms": self.time_ms,
            "when": when_of_ms(self.time_ms) if self.time_ms else None,
        }


@dataclass(slots=True)
class Entry:
    """An article of the window: its record as published and what its card shows."""

    id: str
    raw: bytes
    card: dict[str, Any]
    haystack: str  # what a keyword search looks in, case-folded
    time_ms: int
    duplicate_of: str | None = None  # set when a later notice made the article a copy


def card_of(record: dict[str, Any], time_ms: int) -> tuple[dict[str, Any], str]:
    """An article's card (the wire's view of it) and its search haystack."""
    agency = record.get("agency")
    agency_json = (
        {"code": _text(agency.get("code")), "name": _text(agency.get("name"))}
        if isinstance(agency, dict) else None
    )
    entities: list[list[str]] = []
    for entity in record.get("entities") or ():
        if isinstance(entity, dict) and isinstance(entity.get("canonical"), str):
            pair = [str(entity.get("type")), entity["canonical"]]
            if pair not in entities:
                entities.append(pair)
    keywords = [
        k["term"] for k in record.get("keywords") or ()
        if isinstance(k, dict) and isinstance(k.get("term"), str)
    ]
    title, lead = _text(record.get("title")), _text(record.get("lead"))
    card = {
        "id": record["id"],
        "title": title,
        "agency": agency_json,
        "url": safe_url(record.get("url")),
        "time_ms": time_ms,
        "published": when_of_iso(record.get("published_at")),
        "received": when_of_ms(time_ms),
        "lead": lead,
        "spans": lead_spans(record),
        "entities": entities[:CARD_ENTITIES],
        "keywords": keywords[:CARD_KEYWORDS],
    }
    text = _text(record.get("text")) or ""
    parts = [title or "", text[:SEARCH_TEXT_CHARS], *keywords, *(name for _, name in entities)]
    return card, "\n".join(parts).casefold()


@dataclass(frozen=True, slots=True)
class Filter:
    """A search of the window; every field left None matches everything."""

    agency: str | None = None  # an agency code
    entity: str | None = None  # part of an entity's canonical name
    text: str | None = None  # part of the title, body, a keyword or an entity
    since_ms: int | None = None  # received at or after

    def matches(self, entry: Entry) -> bool:
        card = entry.card
        if self.agency and (card["agency"] or {}).get("code") != self.agency:
            return False
        if self.entity:
            wanted = self.entity.casefold()
            if not any(wanted in name.casefold() for _, name in card["entities"]):
                return False
        if self.text and self.text.casefold() not in entry.haystack:
            return False
        return self.since_ms is None or entry.time_ms >= self.since_ms


class Window:
    """The latest articles (at most ``max_articles`` and about ``max_bytes`` of records),
    each with the outlets that republished it.

    Republications can arrive before their article (another topic, another partition),
    so they are kept for ids not in the window too, as many as articles, oldest dropped.
    """

    def __init__(
        self,
        max_articles: int = 2000,
        max_bytes: int = 64 * 1024 * 1024,
        agency_names: dict[str, str] | None = None,
    ) -> None:
        self.max_articles = max_articles
        self.max_bytes = max_bytes
        self.articles: OrderedDict[str, Entry] = OrderedDict()  # in arrival order
        self.bytes = 0
        self.republications: OrderedDict[str, dict[str, Republication]] = OrderedDict()
        self.owner: dict[str, str] = {}  # a copy's id → the article it copies
        self.revisions: dict[str, int] = {}  # the highest article_update revision per id
        self.agency_names: dict[str, str] = dict(agency_names or {})
        self.versions: Counter[str] = Counter()  # bumped at each change, for the page's merge

    def add_article(self, record: dict[str, Any], raw: bytes, time_ms: int) -> str:
        story_id = record["id"]
        card, haystack = card_of(record, time_ms)
        agency = card["agency"]
        if agency and agency["code"] and agency["name"]:
            self.agency_names[agency["code"]] = agency["name"]
        old = self.articles.pop(story_id, None)
        if old is not None:  # a redelivery: the same article again, keep its first arrival
            self.bytes -= len(old.raw)
            time_ms, card["time_ms"], card["received"] = old.time_ms, old.time_ms, old.card["received"]
        entry = Entry(story_id, raw, card, haystack, time_ms, old.duplicate_of if old else None)
        self.articles[story_id] = entry
        self.bytes += len(raw)
        self._evict()
        return self._changed(story_id)

    def add_duplicate(self, notice: dict[str, Any], time_ms: int) -> list[str]:
        """A duplicate notice: the copy goes under its article (away from another, after a
        correction); an article that turns out to be a copy leaves the wire."""
        copy_id, original = notice["id"], notice["duplicate_of"]
        changed = []
        previous = self.owner.get(copy_id)
        if previous is not None and previous != original:
            moved = self.republications.get(previous, {}).pop(copy_id, None)
            if moved is not None and previous in self.articles:
                changed.append(self._changed(previous))
        self.owner[copy_id] = original
        copies = self._copies_of(original)
        copies.setdefault(copy_id, Republication(copy_id)).merge(notice, time_ms)
        if original in self.articles:
            changed.append(self._changed(original))
        demoted = self.articles.get(copy_id)
        if demoted is not None and demoted.duplicate_of != original:
            demoted.duplicate_of = original
            changed.append(self._changed(copy_id))
        return changed

    def add_update(self, update: dict[str, Any], time_ms: int) -> list[str]:
        """An article update lists every republication; an older revision adds nothing."""
        story_id, revision = update["id"], update.get("revision")
        if isinstance(revision, int):
            if revision <= self.revisions.get(story_id, -1):
                return []
            self.revisions[story_id] = revision
        copies = self._copies_of(story_id)
        for fields in update.get("republished_by") or ():
            if isinstance(fields, dict) and isinstance(fields.get("id"), str):
                self.owner.setdefault(fields["id"], story_id)
                copies.setdefault(fields["id"], Republication(fields["id"])).merge(fields, time_ms)
        return [self._changed(story_id)] if story_id in self.articles else []

    def _copies_of(self, story_id: str) -> dict[str, Republication]:
        copies = self.republications.get(story_id)
        if copies is None:
            copies = self.republications[story_id] = {}
            while len(self.republications) > 2 * self.max_articles:
                dropped, gone = self.republications.popitem(last=False)
                self._forget_copies(dropped, gone)
        return copies

    def _forget_copies(self, story_id: str, copies: dict[str, Republication]) -> None:
        for copy_id in copies:
            if self.owner.get(copy_id) == story_id:
                del self.owner[copy_id]
        self.revisions.pop(story_id, None)

    def _evict(self) -> None:
        while len(self.articles) > 1 and (  # the newest stays, however large
            len(self.articles) > self.max_articles or self.bytes > self.max_bytes
        ):
            story_id, entry = self.articles.popitem(last=False)
            self.bytes -= len(entry.raw)
            self.versions.pop(story_id, None)
            copies = self.republications.pop(story_id, None)
            if copies is not None:
                self._forget_copies(story_id, copies)

    def _changed(self, story_id: str) -> str:
        self.versions[story_id] += 1
        return story_id

    def card(self, story_id: str) -> dict[str, Any] | None:
        """The card as the page gets it: with its republications, oldest first."""
        entry = self.articles.get(story_id)
        if entry is None:
            return None
        copies = sorted(
            self.republications.get(story_id, {}).values(), key=lambda r: r.time_ms or 0
        )
        return {
            **entry.card,
            "version": self.versions[story_id],
            "duplicate_of": entry.duplicate_of,
            "republications": [copy.as_json(self.agency_names) for copy in copies],
        }

    def record(self, story_id: str) -> dict[str, Any] | None:
        """The permalink's content: the whole record and the card beside it."""
        entry = self.articles.get(story_id)
        if entry is None:
            return None
        return {"record": orjson.loads(entry.raw), "card": self.card(story_id)}

    def search(self, wanted: Filter, limit: int = 200) -> list[dict[str, Any]]:
        """The newest matching articles (copies left out), newest first."""
        found = []
        for entry in reversed(self.articles.values()):
            if entry.duplicate_of is None and wanted.matches(entry):
                found.append(entry)
        found.sort(key=lambda e: e.time_ms, reverse=True)  # arrival order is nearly time order
        return [card for e in found[:limit] if (card := self.card(e.id)) is not None]

    def most_republished(self, since_ms: int, limit: int = 5) -> list[dict[str, Any]]:
        """The window's articles most republished since ``since_ms``: id, title, count."""
        counts = []
        for story_id, copies in self.republications.items():
            entry = self.articles.get(story_id)
            if entry is None or entry.duplicate_of is not None:
                continue
            count = sum(1 for c in copies.values() if (c.time_ms or 0) >= since_ms)
            if count:
                counts.append((count, entry.time_ms, story_id, entry.card["title"]))
        counts.sort(reverse=True)
        return [
            {"id": story_id, "title": title, "count": count}
            for count, _, story_id, title in counts[:limit]
        ]


def event_card(record: dict[str, Any]) -> dict[str, Any] | None:
    """What the page shows of an event record: its label, size, when, its outlets and
    the time of each story; None for a record that is not an event's."""
    event_id, stories = record.get("id"), record.get("stories")
    size, revision = record.get("size"), record.get("revision")
    if not (isinstance(event_id, str) and isinstance(stories, list) and isinstance(size, int)
            and isinstance(revision, int)):
        return None
    timeline = []
    for story in stories:
        if not isinstance(story, dict) or not isinstance(story.get("id"), str):
            continue
        at = ms_of_iso(story.get("at"))  # none before schema 1.1
        timeline.append({"id": story["id"], "agency": _text(story.get("agency")), "ms": at,
                         "when": when_of_ms(at) if at is not None else None})
    return {
        "id": event_id,
        "label": _text(record.get("label")),
        "size": size,
        "revision": revision,
        "entities": _strings(record.get("entities")),
        "places": _strings(record.get("places")),
        "first": when_of_iso(record.get("first_at")),
        "latest": when_of_iso(record.get("latest_at")),
        "first_ms": ms_of_iso(record.get("first_at")),
        "latest_ms": ms_of_iso(record.get("latest_at")),
        "timeline": sorted(timeline, key=lambda t: t["ms"] or 0),
    }


class Events:
    """The latest record of each event (``news.events``: the last one per id is the event
    as it stands), at most ``max_events``, those changed longest ago dropped first."""

    def __init__(self, max_events: int = 2000, agency_names: dict[str, str] | None = None
                 ) -> None:
        self.max_events = max_events
        self.agency_names = agency_names if agency_names is not None else {}
        self.events: OrderedDict[str, tuple[dict[str, Any], int]] = OrderedDict()  # id → card, time

    def add(self, record: dict[str, Any], time_ms: int) -> bool:
        """Keep the record if it is the event's newest revision; whether it was."""
        card = event_card(record)
        if card is None:
            return False
        known = self.events.get(card["id"])
        if known is not None and known[0]["revision"] >= card["revision"]:
            return False
        self.events[card["id"]] = (card, time_ms)
        self.events.move_to_end(card["id"])
        while len(self.events) > self.max_events:
            self.events.popitem(last=False)
        return True

    def largest(self, since_ms: int, limit: int = 5, min_size: int = 2) -> list[dict[str, Any]]:
        """The events of ``min_size`` stories or more that changed since ``since_ms``, the
        largest first (then the latest), with each outlet's name and number of stories."""
        recent = [card for card, time_ms in self.events.values()
                  if time_ms >= since_ms and card["size"] >= min_size]
        recent.sort(key=lambda c: (c["size"], c["latest_ms"] or 0), reverse=True)
        return [self._shown(card) for card in recent[:limit]]

    def _shown(self, card: dict[str, Any]) -> dict[str, Any]:
        outlets = Counter(t["agency"] or "?" for t in card["timeline"])
        names = self.agency_names
        return {
            **card,
            "outlets": [{"code": code, "name": names.get(code, code) if code != "?" else None,
                         "stories": count} for code, count in outlets.most_common()],
            "timeline": [{**t, "name": names.get(t["agency"] or "", t["agency"])}
                         for t in card["timeline"]],
        }


def percentile(ordered: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile of an ascending list."""
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


@dataclass
class Tally:
    """The running figures of the output topics: per agency, per dead-letter reason, per
    minute, and the recent rate and end-to-end lag. Times are the records' Kafka
    timestamps, so a backlog read at start lands in the minutes it was published."""

    minutes: int = 30  # how far back the per-minute chart goes
    rate_seconds: int = 10  # the output rate is averaged over this many seconds
    lag_seconds: int = 60  # end-to-end lag percentiles over this many seconds
    kinds: Counter[str] = field(default_factory=Counter)
    agency_articles: Counter[str] = field(default_factory=Counter)
    agency_copies: Counter[str] = field(default_factory=Counter)
    dead_letters: Counter[str] = field(default_factory=Counter)
    per_minute: dict[int, Counter[str]] = field(default_factory=dict)
    per_second: Counter[int] = field(default_factory=Counter)
    lags: deque[tuple[int, float]] = field(default_factory=deque)  # (time_ms, seconds)
    newest_ms: int = 0

    def count(self, record: dict[str, Any], time_ms: int) -> None:
        kind = record.get("kind")
        if not isinstance(kind, str):
            kind = "unreadable"
        self.kinds[kind] += 1
        self.newest_ms = max(self.newest_ms, time_ms)
        self.per_second[time_ms // 1000] += 1
        agency: str | None = None
        if kind == "article":
            found = record.get("agency")
            agency = _text(found.get("code")) if isinstance(found, dict) else None
            self.agency_articles[agency or "?"] += 1
            source = (record.get("processing") or {}).get("source") or {}
            raw_ms = source.get("timestamp_ms") if isinstance(source, dict) else None
            if isinstance(raw_ms, int) and raw_ms > 0:
                # Partitions interleave, so the deque is only nearly in time order:
                # pruning from its left may keep a lag a moment too long, no more.
                self.lags.append((time_ms, max(0.0, (time_ms - raw_ms) / 1000)))
        elif kind == "duplicate":
            agency = _text(record.get("agency"))
            self.agency_copies[agency or "?"] += 1
        elif kind == "deadletter":
            self.dead_letters[str(record.get("reason"))] += 1
        if kind in ("article", "duplicate"):
            minute = time_ms // MINUTE_MS
            self.per_minute.setdefault(minute, Counter())[agency or "?"] += 1

    def snapshot(self, now_ms: int, agency_names: dict[str, str]) -> dict[str, Any]:
        """What the charts draw, as of ``now_ms``; old minutes, seconds and lags pruned."""
        first_minute = now_ms // MINUTE_MS - self.minutes + 1
        for minute in [m for m in self.per_minute if m < first_minute]:
            del self.per_minute[minute]
        # The rate is of the last whole seconds, so a second still filling does not dip it.
        now_s = now_ms // 1000
        for second in [s for s in self.per_second if s < now_s - 2 * self.rate_seconds]:
            del self.per_second[second]
        out = sum(self.per_second[s] for s in range(now_s - self.rate_seconds, now_s))
        while self.lags and self.lags[0][0] < now_ms - self.lag_seconds * 1000:
            self.lags.popleft()
        lags = sorted(seconds for _, seconds in self.lags)
        codes = sorted(
            set(self.agency_articles) | set(self.agency_copies),
            key=lambda c: -(self.agency_articles[c] + self.agency_copies[c]),
        )
        return {
            "kinds": dict(self.kinds),
            "agencies": [
                {
                    "code": code,
                    "name": agency_names.get(code, code),
                    "articles": self.agency_articles[code],
                    "copies": self.agency_copies[code],
                    "copy_share": self.agency_copies[code]
                    / max(1, self.agency_articles[code] + self.agency_copies[code]),
                }
                for code in codes
            ],
            "minutes": [
                {"minute_ms": minute * MINUTE_MS, "counts": dict(self.per_minute.get(minute, {}))}
                for minute in range(first_minute, first_minute + self.minutes)
            ],
            "dead_letters": dict(self.dead_letters.most_common()),
            "out_per_s": out / self.rate_seconds,
            "lag_s": {
                "p50": percentile(lags, 0.5), "p95": percentile(lags, 0.95),
                "p99": percentile(lags, 0.99), "count": len(lags),
            },
        }
