"""Deduplication decisions, and the whole pipeline in one process.

:class:`Deduplicator` turns a :class:`~pipeline.dedupe.Verdict` into what must be
published; the Faust ``deduplicate`` agent and :class:`InProcessRunner` (behind
``khabar process``) both use it, so the worker and the CLI decide alike.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from dataclasses import dataclass, field

from pipeline.dedupe import DedupIndex, DedupSettings, Fingerprint
from pipeline.events import EventSettings, EventTracker
from pipeline.ingest import DEFAULT_MAX_STORY_BYTES
from pipeline.models import (
    Article,
    ArticleUpdate,
    DeadLetter,
    DuplicateNotice,
    EventRecord,
    SourcePosition,
)
from pipeline.stages import DEFAULT_STORY_TIME_BUDGET_MS, Analysed, Pipeline

Record = Article | ArticleUpdate | DuplicateNotice | DeadLetter | EventRecord


@dataclass(slots=True)
class Candidate:
    """What deduplication needs to know of an analysed article."""

    id: str
    ingest_ms: int
    fingerprint: Fingerprint
    agency: str | None = None
    url: str | None = None
    title: str | None = None
    # The raw partition the story was read from: the dedup shard's hold-back waits
    # for every partition to pass a story's time before deciding it.
    source_partition: int | None = None

    @classmethod
    def of(cls, analysed: Analysed) -> Candidate:
        article = analysed.article
        source = article.processing.source if article.processing else None
        return cls(
            id=article.id,
            ingest_ms=analysed.ingest_ms,
            fingerprint=analysed.fingerprint,
            agency=article.agency.code if article.agency else None,
            url=article.url,
            title=article.title,
            source_partition=source.partition if source else None,
        )


@dataclass(slots=True)
class Decision:
    """What to publish for one candidate."""

    publish_article: bool
    notices: list[DuplicateNotice] = field(default_factory=list)
    updates: list[ArticleUpdate] = field(default_factory=list)


class Deduplicator:
    """Judges candidates against the index and says what each verdict publishes.

    A redelivered story (the same id judged again after a crash) gets its first
    decision again, so nothing is lost; consumers keep the last record per id.
    """

    def __init__(
        self,
        store: MutableMapping[str, bytes],
        settings: DedupSettings | None = None,
        publish_duplicates: bool = False,
    ) -> None:
        # The index notices when recovery or a rebalance refills a Faust table under
        # it (a record past its last handle, or its last record gone) and derives its
        # in-memory state again then.
        self.index = DedupIndex(store, settings)
        self.publish_duplicates = publish_duplicates

    def decide(self, candidate: Candidate) -> Decision:
        verdict = self.index.judge(
            candidate.id, candidate.ingest_ms, candidate.fingerprint, candidate.agency, candidate.url
        )
        notice = verdict.notice(candidate.agency, candidate.url, candidate.title)
        decision = Decision(publish_article=notice is None or self.publish_duplicates)
        if notice is not None:
            decision.notices.append(notice)
        decision.notices.extend(correction.notice() for correction in verdict.corrections)
        if verdict.update is not None:
            decision.updates.append(verdict.update.record())
        return decision


class InProcessRunner:
    """``khabar process``: every stage, the dedup decision and the event, with the indexes
    in memory."""

    def __init__(
        self,
        publish_duplicates: bool = False,
        dedup: DedupSettings | None = None,
        max_story_bytes: int = DEFAULT_MAX_STORY_BYTES,
        store: MutableMapping[str, bytes] | None = None,
        time_budget_ms: float = DEFAULT_STORY_TIME_BUDGET_MS,
        event_store: MutableMapping[str, bytes] | None = None,
        events: EventSettings | None = None,
    ) -> None:
        self.pipeline = Pipeline(max_story_bytes=max_story_bytes, time_budget_ms=time_budget_ms)
        self.deduplicator = Deduplicator({} if store is None else store, dedup, publish_duplicates)
        self.events = EventTracker({} if event_store is None else event_store, events)
        self._last_ms = 0

    def process(self, data: bytes, position: SourcePosition | None = None) -> list[Record]:
        """All records one raw story produces, in the order the worker publishes them."""
        outcome = self.pipeline.analyse(data, position, ingest_ms=self._arrival_ms())
        if isinstance(outcome, DeadLetter):
            return [outcome]
        decision = self.deduplicator.decide(Candidate.of(outcome))
        records: list[Record] = [outcome.article] if decision.publish_article else []
        # After the dedup decision: a duplicate follows its original's event.
        assignment = self.events.observe(outcome.article, outcome.ingest_ms, decision.notices)
        event = [assignment.record] if assignment is not None else []
        return [*records, *decision.notices, *decision.updates, *event]

    def _arrival_ms(self) -> int:
        # Strictly increasing, so stories read in the same millisecond keep their order.
        self._last_ms = max(int(time.time() * 1000), self._last_ms + 1)
        return self._last_ms
