"""After a rebalance the worker seeks back to committed offsets: a partition the group has
never committed must go back to its start, or the records fetched and dropped while the
flow was stopped are lost (aiokafka's own seek leaves such a partition where it was)."""

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from agents.transport import seek_uncommitted_to_start

pytestmark = pytest.mark.integration

STORIES = [b"o1", b"o2", b"o3"]


async def _positions_after_a_dropped_fetch(bootstrap: str) -> tuple[dict, dict, list]:
    """Two partitions holding the same three records, one with offset 2 committed; every
    record fetched (and dropped), then the seeks: positions after aiokafka's seek, after
    ours, and the partitions ours moved."""
    topic = f"seek-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for partition in (0, 1):
            for value in STORIES:
                await producer.send_and_wait(topic, value, partition=partition)
    finally:
        await producer.stop()
    fresh, committed = TopicPartition(topic, 0), TopicPartition(topic, 1)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=topic,
                                enable_auto_commit=False, auto_offset_reset="earliest")
    await consumer.start()
    try:
        consumer.assign([fresh, committed])
        await consumer.commit({committed: 2})
        await consumer.seek_to_beginning(fresh, committed)
        fetched = 0
        while fetched < 2 * len(STORIES):
            batches = await consumer.getmany(timeout_ms=5000)
            fetched += sum(map(len, batches.values()))
        offsets = await consumer.seek_to_committed()
        after_aiokafka = {tp: await consumer.position(tp) for tp in (fresh, committed)}
        moved = await seek_uncommitted_to_start(consumer, offsets, changelogs=set())
        after_ours = {tp: await consumer.position(tp) for tp in (fresh, committed)}
    finally:
        await consumer.stop()
    return after_aiokafka, after_ours, moved


def test_a_never_committed_partition_goes_back_to_its_start_and_a_committed_one_to_its_offset(
    kafka_bootstrap,
):
    after_aiokafka, after_ours, moved = asyncio.run(_positions_after_a_dropped_fetch(kafka_bootstrap))
    fresh, committed = sorted(after_ours)
    assert after_aiokafka == {fresh: 3, committed: 2}  # the fresh partition's records skipped
    assert after_ours == {fresh: 0, committed: 2}
    assert moved == [fresh]
