"""What every end-to-end benchmark needs: a broker, workers, a producer, an output reader.

Times are broker timestamps (CreateTime, set by the sending client on this same
machine), so a latency is the output record's timestamp minus the input record's,
and a throughput is a count over the span of output timestamps.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

import psutil
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.client import AIOKafkaClient
from aiokafka.errors import GroupCoordinatorNotAvailableError
from aiokafka.protocol.api import Request, RequestStruct, Response
from aiokafka.protocol.types import Array, Boolean, Int16, Int32, Int64, Schema, String
from tqdm import tqdm

from agents.kafka_io import ensure_topics, topic_partitions
from agents.settings import Settings
from tests.integration.harness import REPO, Worker

SHARED = Path(os.environ.get("KHABAR_SHARED", REPO.parent / "shared"))
OUT = REPO / "var" / "bench"  # logs and profiles; git-ignored


class Progress:
    """One progress bar over the whole run, counted in stories handled."""

    def __init__(self, total: int) -> None:
        self.bar = tqdm(total=total, unit="story", dynamic_ncols=True, smoothing=0.05)

    def phase(self, name: str) -> None:
        self.bar.set_description(name)

    def extend(self, count: int) -> None:
        """More stories to come than counted at the start (sized during the run)."""
        self.bar.total += count
        self.bar.refresh()

    def advance(self, count: int = 1) -> None:
        self.bar.update(count)

    def close(self) -> None:
        self.bar.close()


class ModuleWorker(Worker):
    """A Faust worker of another app module (``python -m MODULE worker``)."""

    def __init__(self, env: dict[str, str], log: Path, module: str) -> None:
        super().__init__(env, log)
        self.module = module

    def start(self) -> ModuleWorker:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", self.module, "worker", "--loglevel", "info"],
            cwd=REPO, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
        )
        return self


def all_alive(workers: Sequence[Worker]) -> Callable[[], None]:
    """A check that raises, with the log's tail, once any of the workers has exited."""

    def check() -> None:
        for worker in workers:
            worker.assert_alive()

    return check


@contextmanager
def running(workers: Sequence[Worker]) -> Iterator[Sequence[Worker]]:
    """Start the workers; stop every one of them on the way out."""
    try:
        for worker in workers:
            worker.start()
        yield workers
    finally:
        for worker in workers:
            worker.stop(timeout=30)


def settings_of(env: dict[str, str]) -> Settings:
    """The settings a worker started with ``env`` reads."""
    saved = dict(os.environ)
    try:
        os.environ.update(env)
        return Settings.from_env()
    finally:
        os.environ.clear()
        os.environ.update(saved)


async def create_topics(env: dict[str, str]) -> None:
    await ensure_topics(settings_of(env))


async def wait_for_group(
    bootstrap: str, group: str, members: int, alive: Callable[[], None], timeout: float = 180
) -> None:
    """Until the consumer group is Stable with ``members`` members (workers joined)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            alive()
            try:
                responses = await admin.describe_consumer_groups([group])
            except GroupCoordinatorNotAvailableError:
                responses = []  # a fresh broker creates its offsets topic first
            for response in responses:
                for described in response.groups:
                    # (error_code, group_id, state, protocol_type, protocol, members, ...)
                    if described[2] == "Stable" and len(described[5]) == members:
                        return
            await asyncio.sleep(0.5)
        raise TimeoutError(f"group {group} did not reach {members} stable members")
    finally:
        await admin.close()


async def produce(
    bootstrap: str,
    topic: str,
    records: Sequence[tuple[bytes, bytes]],
    rate: float | None = None,
    progress: Progress | None = None,
) -> dict[bytes, int]:
    """Send (key, value) records, at ``rate`` per second if given; key → send timestamp."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        max_request_size=32 * 1024 * 1024,
        linger_ms=0 if rate else 5,  # rate-limited: each record leaves at once
    )
    await producer.start()
    sent: dict[bytes, int] = {}
    try:
        started = time.monotonic()
        pending = []
        for index, (key, value) in enumerate(records):
            if rate:
                await asyncio.sleep(max(0.0, started + index / rate - time.monotonic()))
            sent[key] = now_ms = int(time.time() * 1000)
            pending.append(await producer.send(topic, value, key=key, timestamp_ms=now_ms))
            if len(pending) >= 500:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return sent


class _DescribeLogDirsResponse(Response):
    API_KEY = 35
    API_VERSION = 1
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        ("log_dirs", Array(
            ("error_code", Int16),
            ("log_dir", String("utf-8")),
            ("topics", Array(
                ("name", String("utf-8")),
                ("partitions", Array(
                    ("partition_index", Int32),
                    ("partition_size", Int64),
                    ("offset_lag", Int64),
                    ("is_future_key", Boolean),
                )),
            )),
        )),
    )


class _DescribeLogDirsStruct(RequestStruct):
    API_KEY = 35
    API_VERSION = 1
    RESPONSE_TYPE = _DescribeLogDirsResponse
    SCHEMA = Schema(("topics", Array(("topic", String("utf-8")), ("partitions", Array(Int32)))))


class _DescribeLogDirs(Request[_DescribeLogDirsStruct]):
    """Kafka's DescribeLogDirs (v1), which aiokafka does not have: each partition's size
    on disk, as the broker stores it (compressed batches, their headers)."""

    API_KEY = 35

    def __init__(self, topics: dict[str, list[int]]) -> None:
        self.topics = topics

    def build(self, request_struct_class: type[_DescribeLogDirsStruct]) -> _DescribeLogDirsStruct:
        return request_struct_class(list(self.topics.items()))


async def log_bytes(bootstrap: str, topics: Sequence[str]) -> int:
    """Bytes the topics' logs take on every broker (all replicas)."""
    wanted: dict[str, list[int]] = {}
    for tp in await topic_partitions(bootstrap, topics):
        wanted.setdefault(tp.topic, []).append(tp.partition)
    client = AIOKafkaClient(bootstrap_servers=bootstrap)
    await client.bootstrap()
    try:
        total = 0
        for broker in client.cluster.brokers():
            response = (await client.send(broker.nodeId, _DescribeLogDirs(wanted))).to_object()
            total += sum(partition["partition_size"]
                         for log_dir in response["log_dirs"]
                         for topic in log_dir["topics"]
                         for partition in topic["partitions"])
        return total
    finally:
        await client.close()


async def changelog_topics(bootstrap: str, app_id: str) -> list[str]:
    """The changelogs of the app's tables, as Faust names them."""
    client = AIOKafkaClient(bootstrap_servers=bootstrap)
    await client.bootstrap()
    try:
        await client.force_metadata_update()
        return sorted(topic for topic in client.cluster.topics()
                      if topic.startswith(f"{app_id}-") and topic.endswith("-changelog"))
    finally:
        await client.close()


@dataclass(slots=True)
class Output:
    topic: str
    partition: int
    offset: int
    timestamp_ms: int
    key: bytes | None
    value: bytes


@dataclass(slots=True)
class Outputs:
    """What the output topics held: the first record per key, and all records if kept."""

    first: dict[bytes, Output] = field(default_factory=dict)
    records: list[Output] = field(default_factory=list)

    def span_s(self, keys: set[bytes]) -> float:
        """Seconds between the first and the last first-record of ``keys``."""
        stamps = [self.first[key].timestamp_ms for key in keys]
        return (max(stamps) - min(stamps)) / 1000


async def collect(
    bootstrap: str,
    topics: Sequence[str],
    expected: set[bytes],
    timeout: float,
    progress: Progress | None = None,
    keep_all: bool = False,
    settle_s: float = 0.0,
    alive: Callable[[], None] | None = None,
) -> Outputs:
    """Read the topics from the beginning until every expected key has a record.

    A key's first record is its verdict (article, duplicate notice or dead letter);
    updates and corrections of a story come later. ``settle_s`` reads on after that,
    for late corrections. Raises if the verdicts are not all out in ``timeout``, or
    as soon as ``alive`` raises (a worker died).
    """
    partitions = await topic_partitions(bootstrap, topics)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, isolation_level="read_committed"
    )
    await consumer.start()
    outputs = Outputs()
    missing = set(expected)
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        deadline = time.monotonic() + timeout
        settled_at: float | None = None
        while time.monotonic() < deadline:
            if not missing:
                settled_at = settled_at or time.monotonic() + settle_s
                if time.monotonic() >= settled_at:
                    return outputs
            if alive:
                alive()
            batch = await consumer.getmany(timeout_ms=200)
            for messages in batch.values():
                for m in messages:
                    out = Output(m.topic, m.partition, m.offset, m.timestamp, m.key, m.value)
                    if keep_all:
                        outputs.records.append(out)
                    if m.key in missing:
                        missing.discard(m.key)
                        outputs.first[m.key] = out
                        if progress:
                            progress.advance()
        named = ", ".join(sorted(key.decode(errors="replace") for key in missing)[:5])
        raise TimeoutError(f"{len(missing)} of {len(expected)} verdicts not out in {timeout}s: {named}")
    finally:
        await consumer.stop()


class RssSampler:
    """Peak resident memory of processes (and their children), sampled in a thread."""

    def __init__(self, pids: Sequence[int], every_s: float = 0.5) -> None:
        self.processes = [psutil.Process(pid) for pid in pids]
        self.every_s = every_s
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                total = sum(
                    member.memory_info().rss
                    for process in self.processes
                    for member in (process, *process.children(recursive=True))
                )
            except psutil.NoSuchProcess:
                return
            self.peak_bytes = max(self.peak_bytes, total)
