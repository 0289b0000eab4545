"""Plain aiokafka plumbing for the CLI: create topics, send raw stories, read records.

The Faust worker does the processing; these helpers are what a user's producer and
consumer do, kept here so ``khabar produce`` and ``khabar consume`` are real clients.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaTimeoutError, TopicAlreadyExistsError
from aiokafka.protocol.metadata import MetadataRequest

from agents.settings import KafkaSecurity, Settings

# The largest record Khabar's topics accept. The raw topic takes stories well past
# KHABAR_MAX_STORY_BYTES so an oversized story reaches the worker and is dead-lettered
# with its reason, instead of being refused by the broker where nobody sees it; an
# article of a story at the limit is several times the story's size.
MAX_MESSAGE_BYTES = 32 * 1024 * 1024

PLAINTEXT = KafkaSecurity()


def topic_configs(settings: Settings) -> dict[str, str]:
    """Broker-side settings of every topic Khabar creates."""
    return {
        "max.message.bytes": str(MAX_MESSAGE_BYTES),
        # A log segment must hold the largest record; test brokers use 16 MB segments.
        "segment.bytes": str(2 * MAX_MESSAGE_BYTES),
        # With acks=all, a write is acknowledged once this many replicas hold it.
        "min.insync.replicas": str(settings.min_insync_replicas),
    }


async def ensure_topics(settings: Settings) -> list[str]:
    """Create Khabar's topics with their partition counts, the worker's internal ones
    too, and wait until every broker knows them; return those newly made.

    Topics are never left to broker auto-creation: the raw topic's partition count
    bounds the worker's parallelism and must be chosen, not defaulted. Faust would
    create its internal topics as it starts, just before its consumer group assigns
    partitions; on a cluster of several brokers one may not know a new topic yet, and
    the assignment then ignores it for good (the dedup agent got no partition of
    ``<app_id>-analysed`` and no article ever came out). Made and known here first,
    they are there when the group forms.
    """
    configs = topic_configs(settings)
    outputs = (settings.topics.articles, settings.topics.duplicates, settings.topics.deadletter)
    wanted = [
        NewTopic(
            settings.topics.raw, settings.raw_partitions, settings.replication_factor,
            topic_configs=configs,
        ),
        *(
            NewTopic(
                name, settings.output_partitions, settings.replication_factor, topic_configs=configs
            )
            for name in outputs
        ),
        NewTopic(settings.analysed_topic, 1, settings.replication_factor, topic_configs=configs),
        # As Faust makes a table's changelog: compacted, the table's one partition.
        NewTopic(
            settings.dedup_changelog_topic, 1, settings.replication_factor,
            topic_configs={**configs, "cleanup.policy": "compact"},
        ),
    ]
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.bootstrap, **settings.security.client_options()
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [topic for topic in wanted if topic.name not in existing]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass  # another worker made them between our list and create
    finally:
        await admin.close()
    await wait_until_every_broker_knows(settings, [topic.name for topic in wanted])
    return [topic.name for topic in missing]


async def wait_until_every_broker_knows(
    settings: Settings, topics: list[str], timeout_s: float = 60
) -> None:
    """Return once every broker of the cluster lists ``topics`` with their partitions in
    its metadata; a new topic reaches the brokers a moment after its creation."""
    client = AIOKafkaClient(
        bootstrap_servers=settings.bootstrap, **settings.security.client_options()
    )
    await client.bootstrap()
    try:
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            unknown: set[str] = set()
            for broker in client.cluster.brokers():
                metadata = (await client.send(broker.nodeId, MetadataRequest(topics))).to_object()
                unknown |= {
                    topic["topic"]
                    for topic in metadata["topics"]
                    if topic["error_code"] != 0 or not topic["partitions"]
                }
            if not unknown:
                return
            if asyncio.get_running_loop().time() > deadline:
                raise KafkaTimeoutError(
                    f"{', '.join(sorted(unknown))}: not known to every broker {timeout_s:.0f} s "
                    "after they were created"
                )
            await asyncio.sleep(0.2)
    finally:
        await client.close()


async def topic_partitions(
    bootstrap: str, topics: Iterable[str], security: KafkaSecurity = PLAINTEXT
) -> list[TopicPartition]:
    """Every partition of the topics; a topic that does not exist is an error."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **security.client_options())
    await admin.start()
    try:
        described = await admin.describe_topics(list(topics))
    finally:
        await admin.close()
    missing = [d["topic"] for d in described if d["error_code"] or not d["partitions"]]
    if missing:
        raise SystemExit(f"khabar: no topic {', '.join(missing)} on {bootstrap}")
    return [
        TopicPartition(d["topic"], p["partition"]) for d in described for p in d["partitions"]
    ]


@dataclass(slots=True)
class Outgoing:
    key: bytes | None
    value: bytes


async def send_all(settings: Settings, messages: Iterable[Outgoing], on_sent=None) -> int:
    """Send messages to the raw topic, waiting until the broker acknowledged each."""
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap,
        acks="all",
        enable_idempotence=True,
        max_request_size=MAX_MESSAGE_BYTES,
        linger_ms=5,
        **settings.security.client_options(),
    )
    await producer.start()
    sent = 0
    try:
        pending = []
        for message in messages:
            pending.append(await producer.send(settings.topics.raw, message.value, key=message.key))
            if len(pending) >= 500:
                sent += await _settle(pending, on_sent)
        sent += await _settle(pending, on_sent)
    finally:
        await producer.stop()
    return sent


async def _settle(pending: list[asyncio.Future], on_sent) -> int:
    for future in pending:
        await future
        if on_sent:
            on_sent()
    count = len(pending)
    pending.clear()
    return count


@dataclass(slots=True)
class Received:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes


async def read_topic(
    settings: Settings, topic: str, follow: bool, idle_seconds: float = 2.0
) -> AsyncIterator[Received]:
    """Yield a topic's records from the beginning; stop when caught up unless following."""
    partitions = await topic_partitions(settings.bootstrap, [topic], settings.security)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level="read_committed",
        **settings.security.client_options(),
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        while True:
            batch = await consumer.getmany(timeout_ms=int(idle_seconds * 1000))
            for records in batch.values():
                for record in records:
                    yield Received(
                        record.topic, record.partition, record.offset, record.key, record.value
                    )
            if not follow and all(
                await asyncio.gather(*(_caught_up(consumer, tp, end[tp]) for tp in partitions))
            ):
                return
    finally:
        await consumer.stop()


async def _caught_up(consumer: AIOKafkaConsumer, tp: TopicPartition, end: int) -> bool:
    return await consumer.position(tp) >= end
