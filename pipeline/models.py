"""The records that flow out of Khabar.

Plain dataclasses, serialised with orjson (which handles dataclasses natively and
fast), so the pure core needs no Kafka library. Every record published to a topic
is one of: :class:`Article`, :class:`ArticleUpdate`, :class:`DuplicateNotice`,
:class:`DeadLetter`, :class:`EventRecord`. Their JSON form is documented in ``docs/schema/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import orjson

SCHEMA_VERSION = "1.0"
# 1.1: each of an event's stories carries its time (``at``), for a timeline.
# 1.2: a decision against the event as a whole lists its title's share (signal ``title``).
EVENT_SCHEMA_VERSION = "1.2"
# 1.1: reported speech among the quotes, told apart by ``Quote.reported``.
# 2.0: the text carried once; ``paragraphs`` are [start, end] offsets into ``text``.
# 3.0: no span carries a copy of its text: entity mentions are [start, end] pairs, and
# quotes, dates and numbers have ``start`` and ``end`` but no ``text``.
ARTICLE_SCHEMA_VERSION = "3.0"


def to_json(record: Any) -> bytes:
    """Serialise a record (or a plain dict) as compact UTF-8 JSON, Persian left readable."""
    return orjson.dumps(
        record, default=_pair, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
    )


def _pair(value: Any) -> tuple[int, int]:
    # orjson writes tuples but not their subclasses: a Span goes out as [start, end].
    if isinstance(value, Span):
        return (value.start, value.end)
    raise TypeError(f"{type(value).__name__} is not serialisable")


@dataclass(slots=True, frozen=True)
class SourcePosition:
    """Where a raw story came from: the Kafka coordinates, or a file and line."""

    topic: str
    partition: int
    offset: int
    timestamp_ms: int | None = None


@dataclass(slots=True)
class RawStory:
    """A crawler's story after the envelope was parsed, before any text work."""

    form: Literal["json", "text", "html"]
    body: str | None = None
    html: str | None = None
    id: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published_at: str | int | float | None = None


@dataclass(slots=True)
class Language:
    code: str
    confidence: float


@dataclass(slots=True)
class Agency:
    """A news outlet, by a stable code (``isna``) and its Persian name."""

    code: str
    name: str
    found_in: Literal["dateline", "url", "source", "html"] = "dateline"


class Span(NamedTuple):
    """A stretch of ``Article.text``, published as the pair ``[start, end]``: its text is
    ``article.text[start:end]`` (:meth:`Article.text_of`)."""

    start: int
    end: int


@dataclass(slots=True)
class Entity:
    """One named thing with all its mentions merged («حاتمی» = «امیر سرتیپ حاتمی»)."""

    type: Literal["PER", "ORG", "LOC", "EVENT"]
    canonical: str
    mentions: list[Span]
    title: str | None = None


@dataclass(slots=True)
class Quote:
    """Words a story gives to someone: ``article.text[start:end]``."""

    speaker: str | None
    verb: str
    start: int
    end: int
    # The role the quote is attributed by («فرماندار بروجرد گفت»); the speaker is then
    # the person the story names in that role, or None.
    role: str | None = None
    # Reported speech («گفت که …», «با بیان اینکه …», «به گفته وی، …»): the speaker's
    # words in the writer's; False for words given as said, after a colon.
    reported: bool = False


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    value: str | None


# What a number counts: a percentage, or a currency by its usual Persian name.
NumberUnit = Literal["percent", "ریال", "تومان", "دلار", "یورو", "پوند", "درهم", "روپیه"]


@dataclass(slots=True)
class NumberMention:
    start: int
    end: int
    value: float | int
    unit: NumberUnit | None = None
    ordinal: bool = False  # «بیست و ششم», «۷۵امین»: a rank, not a count


@dataclass(slots=True)
class Keyword:
    term: str
    score: float


@dataclass(slots=True)
class Stats:
    characters: int
    words: int
    sentences: int
    paragraphs: int
    reading_time_seconds: int


@dataclass(slots=True)
class Processing:
    pipeline_version: str
    timings_ms: dict[str, float]
    normalization: dict[str, int]
    source: SourcePosition | None = None


@dataclass(slots=True)
class Article:
    """A structured, normalized story: what ``news.articles`` carries."""

    id: str
    text: str
    title: str | None = None
    title_inferred: bool = False
    lead: str | None = None
    # (start, end) of each paragraph: ``text[start:end]`` (see :meth:`paragraph_texts`).
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    url: str | None = None
    source: str | None = None
    language: Language | None = None
    agency: Agency | None = None
    attribution: str | None = None
    published_at: str | None = None
    dates: list[DateMention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    keywords: list[Keyword] = field(default_factory=list)
    stats: Stats | None = None
    processing: Processing | None = None
    kind: Literal["article"] = "article"
    schema_version: str = ARTICLE_SCHEMA_VERSION

    def paragraph_texts(self) -> list[str]:
        """The paragraphs as strings: ``text[start:end]`` for each (start, end)."""
        return [self.text[start:end] for start, end in self.paragraphs]

    def text_of(self, span: Span | Quote | DateMention | NumberMention) -> str:
        """The words of an entity mention, a quote, a date or a number: ``text[start:end]``."""
        return self.text[span.start : span.end]


def with_span_texts(record: Any) -> Any:
    """A published article (its parsed JSON) with each span's words beside its offsets,
    as schema 2.0 carried them: entity mentions as ``{"text", "start", "end"}`` and a
    ``text`` in each quote, date and number. For people reading a topic (``khabar
    consume --expand``); any other record, or a span whose offsets are not in ``text``
    (a hostile record), is left as it is."""
    text = record.get("text") if isinstance(record, dict) else None
    if not isinstance(text, str) or record.get("kind") != "article":
        return record

    def words(start: Any, end: Any) -> str | None:
        inside = isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)
        return text[start:end] if inside else None

    def mention(span: Any) -> Any:
        said = words(*span) if isinstance(span, list) and len(span) == 2 else None
        return span if said is None else {"text": said, "start": span[0], "end": span[1]}

    def filled(span: Any) -> Any:
        said = words(span.get("start"), span.get("end")) if isinstance(span, dict) else None
        return span if said is None else {"text": said, **span}

    expanded = dict(record)
    if isinstance(entities := record.get("entities"), list):
        expanded["entities"] = [
            {**entity, "mentions": [mention(span) for span in entity["mentions"]]}
            if isinstance(entity, dict) and isinstance(entity.get("mentions"), list) else entity
            for entity in entities
        ]
    for key in ("quotes", "dates", "numbers"):
        if isinstance(spans := record.get(key), list):
            expanded[key] = [filled(span) for span in spans]
    return expanded


@dataclass(slots=True)
class ArticleUpdate:
    """A later fact about a published article: who else ran it.

    Records on a topic are immutable, so the canonical article is not rewritten;
    this record, keyed by the same id, carries the full current list each time
    (consumers keep the latest ``revision`` per id).
    """

    id: str
    republished_by: list[dict[str, Any]]
    revision: int
    kind: Literal["article_update"] = "article_update"
    schema_version: str = SCHEMA_VERSION


@dataclass(slots=True)
class DuplicateNotice:
    """``id`` is the same story as the earlier ``duplicate_of``."""

    id: str
    duplicate_of: str
    similarity: float
    match: Literal["exact", "near"]
    agency: str | None = None
    url: str | None = None
    title: str | None = None
    containment: float | None = None
    # Which evidence joined it: "exact", "overlap", "same-lead", "own-lead", "inside",
    # "brief", "flash", "same-hours", "excerpt" (docs/dedup.md); None for a story joined
    # only through others.
    rule: str | None = None
    correction: bool = False
    kind: Literal["duplicate"] = "duplicate"
    schema_version: str = SCHEMA_VERSION


@dataclass(slots=True)
class DeadLetter:
    """Input Khabar could not turn into an article, kept whole with the reason.

    ``original_b64`` holds the original bytes (base64) up to a safe size; past it
    the bytes are truncated and ``original_length`` and ``original_sha256``
    identify the whole.
    """

    reason: str
    detail: str
    original_b64: str
    original_length: int
    original_sha256: str
    truncated: bool
    source: SourcePosition | None = None
    id: str | None = None
    pipeline_version: str = ""
    kind: Literal["deadletter"] = "deadletter"
    schema_version: str = SCHEMA_VERSION


@dataclass(slots=True)
class EventRecord:
    """An event as it stands after a decision: the stories that report one happening.

    Keyed by ``id`` on ``news.events``, one record each time the event is created or
    changes; the last per id is its current state (``revision`` grows by one a story).
    ``stories`` are ``{"id", "agency", "at"}`` in arrival order, republications included;
    ``decision`` says why the latest story is here (``pipeline.events.Assignment``).
    """

    id: str
    label: str
    entities: list[str]
    places: list[str]
    first_at: str
    latest_at: str
    stories: list[dict[str, Any]]
    size: int
    revision: int
    decision: dict[str, Any]
    kind: Literal["event"] = "event"
    schema_version: str = EVENT_SCHEMA_VERSION
