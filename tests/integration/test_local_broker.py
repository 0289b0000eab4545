"""The local Apache Kafka answers aiokafka: topics, Persian payloads byte for byte,
transactions on a single node (Faust's exactly_once needs them), and a broker stopped
with ``scripts/kafka-local stop`` starts again on its data."""

from __future__ import annotations

import asyncio
import subprocess
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from tests.integration.harness import KAFKA_LOCAL, REPO, local_cluster

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


async def _produce_payloads(bootstrap: str, topic: str) -> None:
    """``PAYLOADS`` on a new three-partition topic, one after another round the partitions."""
    await _create_topic(bootstrap, topic, partitions=3)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for index, payload in enumerate(PAYLOADS):
            await producer.send_and_wait(topic, payload.encode(), partition=index % 3)
    finally:
        await producer.stop()


async def _read_in_a_group(bootstrap: str, topic: str) -> tuple[set[int], dict[int, list[bytes]]]:
    """The topic's partitions and records, read by a consumer group, as Faust reads: the
    group needs the offsets topic on this one node."""
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


async def _round_trip(bootstrap: str, topic: str) -> tuple[set[int], dict[int, list[bytes]]]:
    await _produce_payloads(bootstrap, topic)
    return await _read_in_a_group(bootstrap, topic)


EXPECTED = {p: [s.encode() for s in PAYLOADS[p::3]] for p in range(3)}


def test_three_partition_topic_returns_persian_payloads_exactly(kafka_bootstrap):
    topic = _topic()
    partitions, received = asyncio.run(
        asyncio.wait_for(_round_trip(kafka_bootstrap, topic), WAIT_S)
    )
    assert partitions == {0, 1, 2}
    assert received == EXPECTED


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


def kafka_local(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [KAFKA_LOCAL, *args], cwd=REPO, capture_output=True, text=True, timeout=180, check=check
    )


def test_a_stopped_broker_starts_again_at_its_address_with_its_records():
    topic = _topic()
    with local_cluster(prefix="restart") as cluster:
        asyncio.run(asyncio.wait_for(_produce_payloads(cluster.bootstrap, topic), WAIT_S))
        kafka_local("stop", "--name", cluster.name)
        assert kafka_local("status", "--name", cluster.name, check=False).returncode == 3
        started = kafka_local("start", "--name", cluster.name)
        assert started.stdout.strip() == cluster.bootstrap
        partitions, received = asyncio.run(
            asyncio.wait_for(_read_in_a_group(cluster.bootstrap, topic), WAIT_S)
        )
    assert partitions == {0, 1, 2}
    assert received == EXPECTED


def test_start_without_a_stopped_cluster_says_to_run_up():
    refused = kafka_local("start", "--name", f"never-{uuid.uuid4().hex[:6]}", check=False)
    assert refused.returncode == 1
    assert "kafka-local up" in refused.stderr
