"""Plain aiokafka plumbing for the CLI: create topics, send raw stories, read records.

The Faust worker does the processing; these helpers are what a user's producer and
consumer do, kept here so ``khabar produce`` and ``khabar consume`` are real clients.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaError, KafkaTimeoutError, TopicAlreadyExistsError
from aiokafka.protocol.metadata import MetadataRequest

from agents.settings import KafkaSecurity, Settings

# The largest record Khabar's topics accept. The raw topic takes stories well past
# KHABAR_MAX_STORY_BYTES so an oversized story reaches the worker and is dead-lettered
# with its reason, instead of being refused by the broker where nobody sees it; an
# article of a story at the limit is several times the story's size.
MAX_MESSAGE_BYTES = 32 * 1024 * 1024

PLAINTEXT = KafkaSecurity()
# Between two attempts to reach a broker that did not answer, or to see a new topic.
RETRY_PAUSE_S = 0.5
# An admin request to a broker that does not answer gives up after this, to try another.
ADMIN_REQUEST_TIMEOUT_MS = 10_000
T = TypeVar("T")


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

    async def create_missing(admin: AIOKafkaAdminClient) -> list[str]:
        existing = set(await admin.list_topics())
        missing = [topic for topic in wanted if topic.name not in existing]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass  # another worker made them between our list and create
        return [topic.name for topic in missing]

    created = await _with_admin(settings, create_missing)
    await wait_until_every_broker_knows(settings, [topic.name for topic in wanted])
    return created


async def _with_admin(
    settings: Settings,
    work: Callable[[AIOKafkaAdminClient], Awaitable[T]],
    timeout_s: float = 60,
) -> T:
    """``work`` done with an admin client, again with a fresh one after a retriable error
    until ``timeout_s`` have passed. The admin client sends to a random broker, or to the
    one the metadata calls the controller, and a broker that died stays in the metadata
    until the cluster fences it, some seconds later; a fresh client reads fresh metadata."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        admin = AIOKafkaAdminClient(
            bootstrap_servers=settings.bootstrap,
            request_timeout_ms=ADMIN_REQUEST_TIMEOUT_MS,
            **settings.security.client_options(),
        )
        # No broker answering at all, or refused credentials, is no reason to try again:
        # only the work is retried.
        await admin.start()
        try:
            return await work(admin)
        except (KafkaError, TimeoutError) as error:
            if isinstance(error, KafkaError) and not error.retriable:
                raise
            if asyncio.get_running_loop().time() > deadline:
                raise KafkaTimeoutError(f"no broker took the request in {timeout_s:.0f} s") from error
        finally:
            await admin.close()
        await asyncio.sleep(RETRY_PAUSE_S)


async def wait_until_every_broker_knows(
    settings: Settings, topics: list[str], timeout_s: float = 60
) -> None:
    """Return once every live broker of the cluster lists ``topics`` with their
    partitions in its metadata; a new topic reaches the brokers a moment after its
    creation. A broker that does not answer is asked again until it answers or the
    cluster drops it from its metadata (a stopped broker is fenced within seconds)."""
    client = AIOKafkaClient(
        bootstrap_servers=settings.bootstrap, **settings.security.client_options()
    )
    await client.bootstrap()
    try:
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            await client.force_metadata_update()  # the brokers alive now
            waiting = [
                f"broker {broker.nodeId}: {', '.join(sorted(missing))}"
                for broker in client.cluster.brokers()
                if (missing := await _unknown_to(client, broker.nodeId, topics))
            ]
            if not waiting:
                return
            if asyncio.get_running_loop().time() > deadline:
                raise KafkaTimeoutError(
                    f"topics not known {timeout_s:.0f} s after their creation: {'; '.join(waiting)}"
                )
            await asyncio.sleep(RETRY_PAUSE_S)
    finally:
        await client.close()


async def _unknown_to(client: AIOKafkaClient, node_id: int, topics: list[str]) -> set[str]:
    """The ``topics`` broker ``node_id`` does not list yet (all of them if it does not
    answer)."""
    try:
        metadata = (await client.send(node_id, MetadataRequest(topics))).to_object()
    except KafkaError:
        return set(topics)
    return {
        topic["topic"]
        for topic in metadata["topics"]
        if topic["error_code"] != 0 or not topic["partitions"]
    }


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


async def send_all(
    settings: Settings, values: Iterable[bytes], on_sent: Callable[[], object] | None = None
) -> int:
    """Send raw stories to the raw topic, unkeyed (spread over its partitions), waiting
    until the broker acknowledged each; ``on_sent`` is called once per acknowledgement."""
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
        for value in values:
            pending.append(await producer.send(settings.topics.raw, value))
            if len(pending) >= 500:
                sent += await _settle(pending, on_sent)
        sent += await _settle(pending, on_sent)
    finally:
        await producer.stop()
    return sent


async def _settle(pending: list[asyncio.Future], on_sent: Callable[[], object] | None) -> int:
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
