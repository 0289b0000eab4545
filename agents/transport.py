"""Faust's Kafka transport with a short fetch wait, so that one busy partition is not
starved by idle ones, and a seek after a rebalance that loses no record of a partition
the group has never committed.

aiokafka keeps one fetch request in flight per broker. When the worker's fetch goes out
while the records of ``khabar-analysed`` already fetched are still waiting to be handed
to the stream, the request holds only the other partitions of that broker (raw
partitions, changelogs) and, if they are idle, the broker holds it until
``fetch_max_wait_ms`` has passed: Faust sets 1,500 ms and has no setting for it. The
dedup agent then runs out of records and waits up to a second every fetch (about 80
stories of the bench, `bench.dedup_shard`): nine seconds of stalls for 2,000 stories,
two thirds of the run. With :data:`FETCH_MAX_WAIT_MS` the next fetch follows within
that; an idle worker asks the broker that much more often.

After a rebalance, Faust drops the records fetched while its flow was stopped and seeks
every partition back to its committed offset; aiokafka's ``seek_to_committed`` seeks
only where an offset above 0 is committed, so a partition the group has never committed
kept the position after the dropped records, and they were lost (a story sent to a fresh
raw partition while a second worker joined: seen once in ``make bench``, 2026-12-07).
Such a partition now goes back to the log's start, as ``auto_offset_reset`` earliest
reads it; what is read twice is decided again, as after any redelivery.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aiokafka
from aiokafka import TopicPartition
from faust.transport.drivers import aiokafka as faust_aiokafka

# How long the broker may hold a fetch for partitions without new records.
FETCH_MAX_WAIT_MS = 20


class _ConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> aiokafka.AIOKafkaConsumer:
        consumer = super()._create_worker_consumer(transport)
        # Read by the fetcher that start() creates; aiokafka has no setter after
        # construction, and Faust passes every other argument itself.
        consumer._fetch_max_wait_ms = FETCH_MAX_WAIT_MS
        return consumer

    async def seek_to_committed(self) -> Mapping[TopicPartition, int]:
        return await self.call_thread(self._seek_to_committed_or_start)

    async def _seek_to_committed_or_start(self) -> Mapping[TopicPartition, int]:
        consumer = self._ensure_consumer()
        committed = await consumer.seek_to_committed()
        changelogs = self.consumer.app.tables.changelog_topics  # tables keep their own offsets
        await seek_uncommitted_to_start(consumer, committed, changelogs)
        return committed


async def seek_uncommitted_to_start(
    consumer: aiokafka.AIOKafkaConsumer,
    committed: Mapping[TopicPartition, int | None],
    changelogs: set[str],
) -> list[TopicPartition]:
    """Seek each stream partition with no committed offset (None, or 0) to the log's
    start, where aiokafka's ``seek_to_committed`` left it where it was; the partitions
    moved."""
    fresh = [tp for tp, offset in committed.items() if not offset and tp.topic not in changelogs]
    if fresh:
        await consumer.seek_to_beginning(*fresh)
    return fresh


class _Consumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> _ConsumerThread:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class Transport(faust_aiokafka.Transport):
    """``kafka://`` as Faust's aiokafka driver, its worker consumer fetching as above."""

    Consumer = _Consumer
