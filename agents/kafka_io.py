"""Plain aiokafka plumbing for the CLI: create topics, send raw stories, read records.

The Faust worker does the processing; these helpers are what a user's producer and
consumer do, kept here so ``khabar produce`` and ``khabar consume`` are real clients.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.client import AIOKafkaClient
from aiokafka.errors import (
    KafkaError,
    KafkaTimeoutError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)
from aiokafka.protocol.metadata import MetadataRequest

from agents.settings import KafkaSecurity, Settings
from pipeline.models import SourcePosition

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
# How long an admin or metadata request is retried while brokers do not answer.
REQUEST_RETRY_TIMEOUT_S = 60
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
    topics = settings.topics
    outputs = (topics.articles, topics.duplicates, topics.deadletter, topics.events)
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
        *(
            NewTopic(
                changelog, 1, settings.replication_factor,
                topic_configs={**configs, "cleanup.policy": "compact"},
            )
            for changelog in (settings.dedup_changelog_topic, settings.events_changelog_topic)
        ),
    ]

    existing = {
        topic["topic"]
        for topic in await cluster_metadata(settings.bootstrap, None, settings.security)
    }
    missing = [topic for topic in wanted if topic.name not in existing]

    async def create_missing(admin: AIOKafkaAdminClient) -> None:
        try:
            await admin.create_topics(missing)
        except TopicAlreadyExistsError:
            pass  # another worker made them between our look and create

    if missing:
        await _with_admin(settings, create_missing)
    created = [topic.name for topic in missing]
    await wait_until_every_broker_knows(settings, [topic.name for topic in wanted])
    return created


class _Deadline:
    """How long a request may keep being retried: past it, the last failure is final."""

    def __init__(self, timeout_s: float, what: str) -> None:
        self.timeout_s = timeout_s
        self.what = what
        self.end = asyncio.get_running_loop().time() + timeout_s

    async def pause_or_raise(self, error: BaseException | None = None, detail: str = "") -> None:
        """Wait before the next attempt, or raise ``KafkaTimeoutError`` if its time is up."""
        if asyncio.get_running_loop().time() + RETRY_PAUSE_S > self.end:
            cause = detail or (str(error) if error else "")
            raise KafkaTimeoutError(
                f"{self.what} not done in {self.timeout_s:.0f} s" + (f": {cause}" if cause else "")
            ) from error
        await asyncio.sleep(RETRY_PAUSE_S)


def _retriable(error: Exception) -> bool:
    return isinstance(error, TimeoutError) or (
        isinstance(error, KafkaError) and error.retriable
    )


async def _with_admin(
    settings: Settings,
    work: Callable[[AIOKafkaAdminClient], Awaitable[T]],
    timeout_s: float = REQUEST_RETRY_TIMEOUT_S,
) -> T:
    """``work`` done with an admin client, again with a fresh one after a retriable error
    until ``timeout_s`` have passed. The admin client sends to the broker the metadata
    calls the controller, and a broker that died stays in the metadata until the cluster
    fences it, some seconds later; a fresh client reads fresh metadata."""
    deadline = _Deadline(timeout_s, "the admin request")
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
            if not _retriable(error):
                raise
            failure = error
        finally:
            await admin.close()
        await deadline.pause_or_raise(failure)


async def cluster_metadata(
    bootstrap: str,
    topics: list[str] | None,
    security: KafkaSecurity = PLAINTEXT,
    timeout_s: float = REQUEST_RETRY_TIMEOUT_S,
) -> list[dict]:
    """The cluster's metadata of ``topics`` (None: of every topic), from the first broker
    that answers. The cluster's metadata still lists a broker that died until the cluster
    fences it, some seconds later, and aiokafka's admin client asks a random one of them
    (``NodeNotReadyError`` when it drew the dead one): here every listed broker is asked
    in turn, then the list is read again, until ``timeout_s`` have passed."""
    client = AIOKafkaClient(
        bootstrap_servers=bootstrap,
        request_timeout_ms=ADMIN_REQUEST_TIMEOUT_MS,
        **security.client_options(),
    )
    # No broker of the bootstrap list answering, or refused credentials: no retry.
    await client.bootstrap()
    try:
        deadline = _Deadline(timeout_s, "a metadata request")
        while True:
            failure: Exception | None = None
            for broker in client.cluster.brokers():
                try:
                    response = await client.send(broker.nodeId, MetadataRequest(topics))
                except (KafkaError, TimeoutError) as error:
                    if not _retriable(error):
                        raise
                    failure = error
                    continue
                return response.to_object()["topics"]
            await deadline.pause_or_raise(failure)
            await client.force_metadata_update()
    finally:
        await client.close()


async def wait_until_every_broker_knows(
    settings: Settings, topics: list[str], timeout_s: float = REQUEST_RETRY_TIMEOUT_S
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
        deadline = _Deadline(timeout_s, "every broker knowing the new topics")
        while True:
            await client.force_metadata_update()  # the brokers alive now
            waiting = [
                f"broker {broker.nodeId}: {', '.join(sorted(missing))}"
                for broker in client.cluster.brokers()
                if (missing := await _unknown_to(client, broker.nodeId, topics))
            ]
            if not waiting:
                return
            await deadline.pause_or_raise(detail="; ".join(waiting))
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
    described = await cluster_metadata(bootstrap, list(topics), security)
    missing = [d["topic"] for d in described if d["error_code"] or not d["partitions"]]
    if missing:
        raise UnknownTopicOrPartitionError(f"no topic {', '.join(missing)}")
    return [
        TopicPartition(d["topic"], p["partition"]) for d in described for p in d["partitions"]
    ]


async def committed_offsets(
    settings: Settings, group: str, partitions: list[TopicPartition]
) -> dict[TopicPartition, int]:
    """The group's committed offset of each partition, -1 where it has none."""

    async def read(admin: AIOKafkaAdminClient) -> dict[TopicPartition, int]:
        committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
        return {tp: committed[tp].offset for tp in partitions}

    return await _with_admin(settings, read)


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


def position_of(message: Any) -> SourcePosition:
    """Where a consumed record came from (a Faust or aiokafka message: topic, partition,
    offset, and its timestamp in seconds)."""
    return SourcePosition(
        message.topic, message.partition, message.offset, int(message.timestamp * 1000)
    )
