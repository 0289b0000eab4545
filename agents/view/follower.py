"""Reading Khabar's output topics into the view's window, and the pipeline's health from
the broker, with a reconnect loop: a broker restart or a worker restart never needs the
view restarted, nor the page reloaded.

The view reads with a consumer group of its own, ``<app_id>-view`` unless
``KHABAR_VIEW_GROUP`` says otherwise. It assigns itself every partition (so two views
never split them, and it never joins nor rebalances the worker's group) and commits its
positions only so that Kafka's tools show how far behind the view is. On start it reads
back ``backfill`` records per partition, not from its committed positions: the window
lives in memory and is empty at start.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError, UnknownTopicOrPartitionError

from agents.kafka_io import topic_partitions
from agents.settings import Settings, number
from agents.view.store import Events, Tally, Window

log = logging.getLogger("khabar.view")
# Between two attempts to reach the broker, or to find the topics.
RETRY_PAUSE_S = 2.0
HEALTH_EVERY_S = 2.0
# The Kafka clients give up on one request after this and the loop starts again.
REQUEST_TIMEOUT_MS = 15_000


@dataclass(frozen=True, slots=True)
class ViewSettings:
    host: str
    port: int
    group: str
    max_articles: int
    max_bytes: int
    backfill: int  # records read back per partition at start

    @classmethod
    def from_env(cls, settings: Settings) -> ViewSettings:
        env = os.environ.get
        return cls(
            host=env("KHABAR_VIEW_HOST", "127.0.0.1"),
            port=number(int, "KHABAR_VIEW_PORT", "6080"),
            group=env("KHABAR_VIEW_GROUP", f"{settings.app_id}-view"),
            max_articles=number(int, "KHABAR_VIEW_ARTICLES", "2000"),
            max_bytes=number(int, "KHABAR_VIEW_MAX_MB", "64") * 1024 * 1024,
            backfill=number(int, "KHABAR_VIEW_BACKFILL", "2000"),
        )


@dataclass
class Health:
    """The pipeline's health as the broker tells it; None where it could not be read."""

    broker_up: bool = False
    raw_in_per_s: float | None = None
    raw_lag: int | None = None  # the worker group's records of news.raw not yet committed
    workers: int | None = None  # members of the worker's consumer group
    view_lag: int | None = None  # records of the output topics the view has not read
    _raw_end: tuple[float, int] | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, object]:
        return {
            "broker_up": self.broker_up, "raw_in_per_s": self.raw_in_per_s,
            "raw_lag": self.raw_lag, "workers": self.workers, "view_lag": self.view_lag,
        }


class Follower:
    """Follows the output topics into ``window``, ``events`` and ``tally``; calls
    ``on_change`` with the ids of the articles whose cards changed after each batch."""

    def __init__(
        self,
        settings: Settings,
        view: ViewSettings,
        window: Window,
        events: Events,
        tally: Tally,
        on_change: Callable[[list[str]], None],
    ) -> None:
        self.settings = settings
        self.view = view
        self.window = window
        self.events = events
        self.tally = tally
        self.on_change = on_change
        self.health = Health()
        topics = settings.topics
        self.outputs = (topics.articles, topics.duplicates, topics.deadletter, topics.events)
        self.positions: dict[TopicPartition, int] = {}  # the next offset to read
        self.consumer: AIOKafkaConsumer | None = None

    def _client_options(self) -> dict[str, object]:
        return {
            "bootstrap_servers": self.settings.bootstrap,
            "request_timeout_ms": REQUEST_TIMEOUT_MS,
            **self.settings.security.client_options(),
        }

    async def follow(self) -> None:
        """Read forever; any failure closes the client and starts over where it was."""
        while True:
            consumer = AIOKafkaConsumer(
                group_id=self.view.group,
                client_id="khabar-view",
                enable_auto_commit=True,
                auto_offset_reset="earliest",
                isolation_level="read_committed",
                **self._client_options(),
            )
            try:
                partitions = await self._partitions(self.outputs)
                await consumer.start()
                consumer.assign(partitions)
                await self._seek(consumer, partitions)
                self.consumer = consumer
                log.info("view: following %s from %s", ", ".join(self.outputs), self.settings.bootstrap)
                while True:
                    batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
                    changed: list[str] = []
                    for tp, messages in batch.items():
                        for message in messages:
                            changed.extend(self.apply(message.value, message.timestamp))
                        self.positions[tp] = messages[-1].offset + 1
                    if changed:
                        self.on_change(changed)
            except asyncio.CancelledError:
                raise
            except (KafkaError, OSError, TimeoutError) as error:  # a new client, same positions
                log.warning("view: lost the broker (%s: %s); trying again", type(error).__name__, error)
            finally:
                self.consumer = None
                await consumer.stop()
            await asyncio.sleep(RETRY_PAUSE_S)

    def apply(self, value: bytes, time_ms: int) -> list[str]:
        """One output record into the window and the tally; the cards it changed."""
        try:
            record = orjson.loads(value)
        except orjson.JSONDecodeError:
            record = None
        if not isinstance(record, dict):
            self.tally.count({}, time_ms)
            return []
        self.tally.count(record, time_ms)
        kind, story_id = record.get("kind"), record.get("id")
        if not isinstance(story_id, str):
            return []
        if kind == "article":
            return [self.window.add_article(record, value, time_ms)]
        if kind == "duplicate" and isinstance(record.get("duplicate_of"), str):
            return self.window.add_duplicate(record, time_ms)
        if kind == "article_update":
            return self.window.add_update(record, time_ms)
        if kind == "event":  # drawn with the figures, not as a card
            self.events.add(record, time_ms)
        return []

    async def _partitions(self, topics: tuple[str, ...]) -> list[TopicPartition]:
        """Every partition of ``topics``, once they all exist (the view may start before
        ``khabar topics`` made them)."""
        while True:
            try:
                found = await topic_partitions(self.settings.bootstrap, topics, self.settings.security)
            except UnknownTopicOrPartitionError as missing:
                log.info("view: waiting for topics (%s)", missing)
                await asyncio.sleep(RETRY_PAUSE_S)
                continue
            return sorted(found, key=lambda tp: (topics.index(tp.topic), tp.partition))

    async def _seek(self, consumer: AIOKafkaConsumer, partitions: list[TopicPartition]) -> None:
        """Back where this view was; a partition it never read, ``backfill`` records back."""
        fresh = [tp for tp in partitions if tp not in self.positions]
        if fresh:
            begin = await consumer.beginning_offsets(fresh)
            end = await consumer.end_offsets(fresh)
            for tp in fresh:
                self.positions[tp] = max(begin[tp], end[tp] - self.view.backfill)
        for tp in partitions:
            consumer.seek(tp, self.positions[tp])

    async def watch_health(self) -> None:
        """Every few seconds: news.raw's growth and the worker group's lag and members,
        read from the broker (reading a group's offsets does not touch the group)."""
        while True:
            admin = AIOKafkaAdminClient(**self._client_options())
            # Only asked for end offsets: its partitions are paused, it never fetches.
            offsets = AIOKafkaConsumer(enable_auto_commit=False, **self._client_options())
            try:
                raw = await self._partitions((self.settings.topics.raw,))
                outputs = await self._partitions(self.outputs)
                await admin.start()
                await offsets.start()
                offsets.assign(raw + outputs)
                offsets.pause(*raw, *outputs)
                while True:
                    await self._read_health(admin, offsets, raw)
                    await asyncio.sleep(HEALTH_EVERY_S)
            except asyncio.CancelledError:
                raise
            except (KafkaError, OSError, TimeoutError) as error:  # the broker is away: say so
                log.info("view: health unreadable (%s: %s)", type(error).__name__, error)
                self.health = Health()
            finally:
                await offsets.stop()
                await admin.close()
            await asyncio.sleep(RETRY_PAUSE_S)

    async def _read_health(
        self, admin: AIOKafkaAdminClient, offsets: AIOKafkaConsumer, raw: list[TopicPartition]
    ) -> None:
        health = self.health
        group = self.settings.app_id
        committed = await admin.list_consumer_group_offsets(group)
        described = await admin.describe_consumer_groups([group])
        groups = described[0].to_object()["groups"] if described else []
        health.workers = len(groups[0]["members"]) if groups else 0
        ends = await offsets.end_offsets(raw)
        total, now = sum(ends.values()), time.monotonic()
        if health._raw_end is not None and now > health._raw_end[0]:
            health.raw_in_per_s = (total - health._raw_end[1]) / (now - health._raw_end[0])
        health._raw_end = (now, total)
        # A partition the worker never committed counts whole (the topics' retention is
        # long and their start is 0 in practice).
        health.raw_lag = sum(
            ends[tp] - (committed[tp].offset if tp in committed else 0) for tp in raw
        )
        mine = dict(self.positions)
        if mine:
            ends = await offsets.end_offsets(list(mine))
            health.view_lag = sum(max(0, ends[tp] - position) for tp, position in mine.items())
        health.broker_up = True
