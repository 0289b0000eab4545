"""Baselines through the same broker: records forwarded unchanged, no NLP.

Both are measured the same way: the stories are on the input topic first, then the
forwarder starts; throughput is stories over the span of the forwarded records'
timestamps (first to last), as for Khabar. Forwarding is so fast that sending the
stories while it runs would measure the producer instead.

- ``raw aiokafka``: one consumer and one producer in this process;
- ``Faust pass-through``: :mod:`bench.e2e_faust_passthrough`, a subprocess worker.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from agents.kafka_io import topic_partitions
from bench.common import (
    OUT,
    ModuleWorker,
    Progress,
    RssSampler,
    all_alive,
    collect,
    create_topics,
    produce,
    running,
    settings_of,
)
from bench.e2e_khabar import Throughput
from bench.replay import Record
from tests.integration.harness import isolated_env, record_count

TIMEOUT_S = 600


def raw_passthrough(
    bootstrap: str, records: Sequence[Record], partitions: int, progress: Progress
) -> Throughput:
    env = _fresh_topics(bootstrap, "raw-passthrough", partitions)
    settings = settings_of(env)
    asyncio.run(produce(bootstrap, settings.topics.raw, [(r.key, r.value) for r in records]))
    asyncio.run(_forward(bootstrap, settings.topics.raw, settings.topics.articles, len(records)))
    return _measure("raw aiokafka", bootstrap, settings.topics.articles, records, progress)


async def _forward(bootstrap: str, source: str, sink: str, count: int) -> None:
    """Consume ``count`` records and produce each one's key and value to ``sink``."""
    partitions = await topic_partitions(bootstrap, [source])
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", linger_ms=5, max_request_size=32 * 1024 * 1024
    )
    await consumer.start()
    await producer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        forwarded = 0
        deadline = time.monotonic() + TIMEOUT_S
        while forwarded < count and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            futures = [
                await producer.send(sink, m.value, key=m.key)
                for messages in batch.values()
                for m in messages
            ]
            await asyncio.gather(*futures)
            forwarded += len(futures)
    finally:
        await producer.stop()
        await consumer.stop()


def faust_passthrough(
    bootstrap: str, records: Sequence[Record], partitions: int, progress: Progress
) -> Throughput:
    env = _fresh_topics(bootstrap, "faust-passthrough", partitions)
    settings = settings_of(env)
    asyncio.run(produce(bootstrap, settings.topics.raw, [(r.key, r.value) for r in records]))
    worker = ModuleWorker(env, OUT / f"{settings.app_id}.log", "bench.e2e_faust_passthrough")
    with running([worker]), RssSampler([worker.process.pid]) as rss:
        asyncio.run(
            _wait_for_count(bootstrap, settings.topics.articles, len(records), all_alive([worker]))
        )
    result = _measure("Faust pass-through", bootstrap, settings.topics.articles, records, progress)
    return replace(result, peak_rss_bytes=rss.peak_bytes)


async def _wait_for_count(
    bootstrap: str, topic: str, count: int, alive: Callable[[], None]
) -> None:
    """Until the topic holds ``count`` records: cheaper than reading them while they come."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        alive()
        if await record_count(bootstrap, [topic]) >= count:
            return
        await asyncio.sleep(0.5)
    raise TimeoutError(f"fewer than {count} records on {topic} after {TIMEOUT_S}s")


def _fresh_topics(bootstrap: str, label: str, partitions: int) -> dict[str, str]:
    workdir = OUT / f"{label}-{int(time.time())}"
    workdir.mkdir(parents=True, exist_ok=True)
    env = isolated_env(bootstrap, workdir, KHABAR_RAW_PARTITIONS=str(partitions))
    asyncio.run(create_topics(env))
    return env


def _measure(
    name: str, bootstrap: str, sink: str, records: Sequence[Record], progress: Progress
) -> Throughput:
    keys = {r.key for r in records}
    outputs = asyncio.run(collect(bootstrap, [sink], keys, TIMEOUT_S, progress))
    return Throughput(
        name=name,
        workers=1,
        stories=len(records),
        input_bytes=sum(len(r.value) for r in records),
        seconds=outputs.span_s(keys),
    )
