"""The dedup shard's loop: decode, hold back, decide, assign, publish, acknowledge in order.

The ``deduplicate`` agent hands each record of ``khabar-analysed`` to
:meth:`DedupShard.receive`, and a task calls :meth:`DedupShard.release` every tick so
that the hold-back's delay frees stories when nothing else arrives. After its dedup
decision a story is assigned to an event (a duplicate follows its original's): the
stream is in time order here, in one partition, and the event index's table is
recovered as the dedup index's is.

The agent's stream does not acknowledge by itself (``noack``): a record is acknowledged
once its outputs are sent and every record before it is done, so a committed offset
never passes a story still held, and a crash repeats it instead of losing it. (Faust's
own commit would: it commits past one unacknowledged offset when the next is
acknowledged.)
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import weakref
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import faust
from faust.streams import _current_event
from faust.types import EventT
from faust.types.tuples import FutureMessage, PendingMessage

from agents import observability as metrics
from agents.codec import CaughtUp, UndecodableCandidate, decode_record
from agents.kafka_io import position_of
from pipeline.deadletter import dead_letter
from pipeline.dedupe.holdback import AckOrder, HoldBack, Released
from pipeline.errors import Reason, Rejected
from pipeline.events import Assignment, EventStory, EventTracker
from pipeline.models import to_json
from pipeline.process import Candidate, Decision, Deduplicator

log = logging.getLogger(__name__)

# How often the timer looks for stories whose delay is over: the delay is kept
# within this much.
TICK_S = 0.1


@dataclass(frozen=True, slots=True)
class Outputs:
    articles: faust.TopicT
    duplicates: faust.TopicT
    deadletter: faust.TopicT
    events: faust.TopicT


@dataclass(frozen=True, slots=True)
class _Held:
    candidate: Candidate
    story: EventStory
    article_json: bytes
    event: EventT
    ticket: int  # its place in the acknowledgement order

    @property
    def id(self) -> str:
        return self.candidate.id

    @property
    def ingest_ms(self) -> int:
        return self.candidate.ingest_ms


class DedupShard:
    def __init__(
        self,
        app: faust.App,
        deduplicator: Deduplicator,
        events: EventTracker,
        hold: HoldBack[_Held],
        outputs: Outputs,
        crash_after_decisions: int | None = None,
    ) -> None:
        self.app = app
        self.deduplicator = deduplicator
        self.events = events
        self.hold = hold
        self.outputs = outputs
        self.crash_after_decisions = crash_after_decisions
        self.decisions = 0
        self._acks: AckOrder[EventT] = AckOrder()
        # Released stories not yet published, in order: a send that fails (the broker is
        # away) leaves its story first in line, tried again on the next record or tick;
        # the index answers a story decided before with that same decision.
        self._pending: deque[Released[_Held]] = deque()
        # The agent and the timer take turns: decisions stay in release order.
        self._lock = asyncio.Lock()

    async def receive(self, event: EventT) -> None:
        async with self._lock:
            ticket = self._acks.arrive(event)
            try:
                record = decode_record(event.message.value)
            except UndecodableCandidate as rejection:
                await self._dead_letter(event, rejection, rejection.story_id)
                self._finish(ticket)
                return
            if isinstance(record, CaughtUp):  # nothing to decide; what waited for it may go
                self.hold.caught_up(record.partition)
                self._finish(ticket)
            else:
                candidate, story, article_json = record
                held = _Held(candidate, story, article_json, event, ticket)
                self.hold.add(held, candidate.source_partition, _now_ms())
            try:
                await self._decide(self.hold.ready(_now_ms()))
            except Exception:  # a failed send: kept in line for the next tick
                log.exception("dedup shard: publishing a decision failed; it is sent again")

    async def release(self) -> None:
        """Decide what the delay frees; everything at once while the group rebalances or
        the worker stops: Faust hands the partition over, or stops, only once every
        record it delivered is acknowledged."""
        async with self._lock:
            now = _now_ms()
            handing_over = self.app.rebalancing or self.app.should_stop
            await self._decide(self.hold.drain(now) if handing_over else self.hold.ready(now))

    async def _decide(self, released: list[Released[_Held]]) -> None:
        """Decide and publish the released stories after those still in line; a story
        leaves the line only once its outputs are sent."""
        self._pending.extend(released)
        while self._pending:
            held = self._pending[0].item
            try:
                with _acting_for(held.event):
                    decision = self.deduplicator.decide(held.candidate)
            except Exception as error:  # noqa: BLE001 -- a bug, a fingerprint of another layout: one story, not the shard
                failure = Rejected(Reason.DEDUP_FAILED, f"{type(error).__name__}: {error}")
                await self._dead_letter(held.event, failure, held.id)
            else:
                assignment = self._assign(held, decision)
                self.decisions += 1
                if self.decisions == self.crash_after_decisions:
                    await _crash(self.app.producer)
                await self._publish(held, decision, assignment)
            metrics.DEDUP_HOLD_SECONDS.observe(self._pending.popleft().held_ms / 1000)
            self._finish(held.ticket)
        metrics.DEDUP_HELD.set(len(self.hold))

    def _assign(self, held: _Held, decision: Decision) -> Assignment | None:
        """The story's event; a story decided before (a redelivery, a send tried again)
        gets its first assignment, to send again. A failure here costs the story its
        event record only: its dedup decision is made and is published."""
        try:
            with _acting_for(held.event):
                return self.events.observe_story(held.story, decision.notices)
        except Exception:
            log.exception("event stage: story %s has no event record", held.id)
            return None

    async def _publish(self, held: _Held, decision: Decision, assignment: Assignment | None
                       ) -> None:
        articles, duplicates = self.outputs.articles, self.outputs.duplicates
        if decision.publish_article:
            await articles.send(key=held.id.encode(), value=held.article_json)
            metrics.RECORDS_OUT.labels(articles.get_topic_name(), "article").inc()
        for notice in decision.notices:
            await duplicates.send(key=notice.id.encode(), value=to_json(notice))
            metrics.DUPLICATES.labels(notice.match, str(notice.correction).lower()).inc()
            metrics.RECORDS_OUT.labels(duplicates.get_topic_name(), "duplicate").inc()
        for update in decision.updates:
            await articles.send(key=update.id.encode(), value=to_json(update))
            metrics.RECORDS_OUT.labels(articles.get_topic_name(), "article_update").inc()
        if assignment is not None:  # keyed by the event: its records stay in order
            events = self.outputs.events
            await events.send(key=assignment.event_id.encode(), value=to_json(assignment.record))
            metrics.RECORDS_OUT.labels(events.get_topic_name(), "event").inc()
        metrics.observe_lag(held.ingest_ms)

    async def _dead_letter(
        self, event: EventT, rejection: Rejected, story_id: str | None
    ) -> None:
        message = event.message
        position = position_of(message)
        letter = dead_letter(message.value, rejection, position, story_id)
        await self.outputs.deadletter.send(key=message.key, value=to_json(letter))
        metrics.dead_lettered("dedup shard", letter, self.outputs.deadletter.get_topic_name())

    def _finish(self, ticket: int) -> None:
        for event in self._acks.finish(ticket):
            event.ack()


def _now_ms() -> int:
    return int(time.monotonic() * 1000)


@contextmanager
def _acting_for(event: EventT) -> Iterator[None]:
    """Make ``event`` the current one while its story is decided: Faust finds the table's
    changelog partition, and RocksDB its database, through the current event, and the
    timer's task has none. Faust has no public setter for it."""
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


class _Marker:
    """A pseudo-channel queued in Faust's producer buffer behind the table's changelog
    records. One task hands the buffer's records to aiokafka in order, so once it
    reaches the marker they are all in aiokafka's hands."""

    def __init__(self) -> None:
        self.reached = asyncio.Event()

    async def publish_message(self, fut: FutureMessage, wait: bool = False) -> None:
        self.reached.set()
        fut.set_result(None)


async def _crash(producer: Any) -> None:
    """KHABAR_TEST_CRASH_AFTER_DECISIONS: die as kill -9 would, between the changelog and
    the outputs. (``producer.flush()`` alone may return while the last record taken from
    Faust's buffer is still on its way into aiokafka's.)"""
    marker = _Marker()
    producer.buffer.put(FutureMessage(PendingMessage(
        channel=marker, key=None, value=None, partition=None, timestamp=None, headers=None,
        key_serializer=None, value_serializer=None, callback=None,
    )))
    await marker.reached.wait()
    await producer.flush()
    log.warning("KHABAR_TEST_CRASH_AFTER_DECISIONS: changelog flushed, exiting with 137")
    logging.shutdown()
    os._exit(137)
