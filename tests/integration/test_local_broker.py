"""The local Apache Kafka answers aiokafka: topics, Persian payloads byte for byte, and
transactions on a single node (Faust's exactly_once needs them)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

pytestmark = pytest.mark.integration

# ZWNJ, Persian digits, guillemets, Arabic-script punctuation: all must survive intact.
PAYLOADS = [
    "خبرگزاری‌ها گزارش دادند که بارش برف در تهران ادامه دارد.",
    "وزیر اقتصاد گفت: «تورم ۱۲٪ کاهش می‌یابد»؛ بازار واکنش نشان داد.",
    "۱۴۰۳/۰۹/۰۸ — قیمت دلار در بازار آزاد به ۶۹٬۵۰۰ تومان رسید؟",
    "کتاب‌خانهٔ ملی ایران از امروز میزبان نمایشگاه است.",
    "",
    "ی ك ي ى — حروف عربی و فارسی کنار هم",
]
WAIT_S = 60


def _topic() -> str:
    return f"test-local-broker-{uuid.uuid4().hex[:8]}"


async def _create_topic(bootstrap: str, topic: str, partitions: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(topic, num_partitions=partitions, replication_factor=1)]
        )
    finally:
        await admin.close()


async def _read_all(consumer: AIOKafkaConsumer) -> dict[int, list[bytes]]:
    """Everything up to the end offsets as of now, per partition, in offset order."""
    partitions = consumer.assignment()
    ends = await consumer.end_offsets(list(partitions))
    received: dict[int, list[bytes]] = {tp.partition: [] for tp in partitions}
    while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
        batches = await consumer.getmany(timeout_ms=500)
        for tp, records in batches.items():
            received[tp.partition].extend(record.value for record in records)
    return received


async def _round_trip(bootstrap: str, topic: str) -> tuple[set[int], dict[int, list[bytes]]]:
    await _create_topic(bootstrap, topic, partitions=3)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for index, payload in enumerate(PAYLOADS):
            await producer.send_and_wait(topic, payload.encode(), partition=index % 3)
    finally:
        await producer.stop()

    # A consumer group, as Faust uses: it needs the offsets topic on this one node.
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"{topic}-group",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        while not consumer.assignment():
            await consumer.getmany(timeout_ms=200)
        partitions = consumer.partitions_for_topic(topic) or set()
        return partitions, await _read_all(consumer)
    finally:
        await consumer.stop()


def test_three_partition_topic_returns_persian_payloads_exactly(kafka_bootstrap):
    topic = _topic()
    partitions, received = asyncio.run(
        asyncio.wait_for(_round_trip(kafka_bootstrap, topic), WAIT_S)
    )
    assert partitions == {0, 1, 2}
    expected = {p: [s.encode() for s in PAYLOADS[p::3]] for p in range(3)}
    assert received == expected


async def _transactions(bootstrap: str, topic: str) -> list[bytes]:
    await _create_topic(bootstrap, topic, partitions=1)
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, transactional_id=f"{topic}-tx", enable_idempotence=True
    )
    await producer.start()
    try:
        async with producer.transaction():
            for payload in PAYLOADS[:3]:
                await producer.send(topic, payload.encode())
        # An aborted transaction between two commits: read_committed must skip it.
        await producer.begin_transaction()
        await producer.send_and_wait(topic, "این خبر لغو شد".encode())
        await producer.abort_transaction()
        async with producer.transaction():
            for payload in PAYLOADS[3:]:
                await producer.send(topic, payload.encode())
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        isolation_level="read_committed",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        consumer.assign([TopicPartition(topic, 0)])
        return (await _read_all(consumer))[0]
    finally:
        await consumer.stop()


def test_transactions_commit_and_abort_on_a_single_node(kafka_bootstrap):
    received = asyncio.run(asyncio.wait_for(_transactions(kafka_bootstrap, _topic()), WAIT_S))
    assert received == [payload.encode() for payload in PAYLOADS]
