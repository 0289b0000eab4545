"""Khabar end to end through the real broker: throughput, latency, worker memory.

A :class:`KhabarSession` starts real ``khabar worker`` subprocesses on topics of their
own, waits until the consumer group is stable with every worker in it and a warm-up
round trip has come out, and only then sends the measured stories: worker start-up,
lexicon loading and rebalances stay out of the figures.

- throughput: the stories are sent at full speed (the producer is ~100x faster than
  the NLP, so a backlog exists at once); stories/s over the span of the verdicts'
  timestamps (first to last);
- latency: a rate-limited producer; per story, the verdict's broker timestamp minus
  the raw record's timestamp, matched by id (= Kafka key).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from bench.common import (
    OUT,
    Outputs,
    Progress,
    RssSampler,
    all_alive,
    changelog_topics,
    collect,
    log_bytes,
    produce,
    running,
    settings_of,
    wait_for_group,
)
from bench.replay import SIZES, Record, generate
from tests.integration.harness import Worker, given_or_local_broker, isolated_env, record_count

WARM_UP_STORIES = 16


@dataclass(frozen=True, slots=True)
class Throughput:
    """Stories and input bytes over seconds, and the workers' peak RSS."""

    name: str
    workers: int
    stories: int
    input_bytes: int
    seconds: float
    peak_rss_bytes: int = 0
    changelog_per_story: float = 0.0  # table changelog records written per story
    # Bytes the broker's logs grew by per story, as stored (compressed batches and all).
    internal_bytes_per_story: float = 0.0  # the topic between the two agents
    changelog_bytes_per_story: float = 0.0  # the tables' changelogs

    @property
    def stories_per_s(self) -> float:
        return self.stories / self.seconds

    @property
    def mb_per_s(self) -> float:
        return self.input_bytes / self.seconds / 1e6


@dataclass(frozen=True, slots=True)
class Latency:
    """Produce → verdict latencies (ms) of one rate-limited phase."""

    share: float  # of the maximum rate
    rate: float
    latencies_ms: np.ndarray

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.latencies_ms, q))


class KhabarSession:
    """Running Khabar workers on fresh topics, ready for measured stories."""

    def __init__(self, bootstrap: str, env: dict[str, str], workers: Sequence[Worker]) -> None:
        self.bootstrap = bootstrap
        self.settings = settings_of(env)
        self.workers = workers
        topics = self.settings.topics
        self.outputs = [topics.articles, topics.duplicates, topics.deadletter]

    def send(
        self,
        records: Sequence[Record],
        timeout: float,
        rate: float | None = None,
        progress: Progress | None = None,
        keep_all: bool = False,
        settle_s: float = 0.0,
    ) -> tuple[dict[bytes, int], Outputs]:
        """Send the records and wait for a verdict on each: send times and outputs."""

        async def both() -> tuple[dict[bytes, int], Outputs]:
            collecting = asyncio.create_task(
                collect(self.bootstrap, self.outputs, {r.key for r in records}, timeout,
                        progress, keep_all, settle_s, all_alive(self.workers))
            )
            try:
                sent = await produce(
                    self.bootstrap, self.settings.topics.raw,
                    [(r.key, r.value) for r in records], rate,
                )
            except BaseException:
                collecting.cancel()
                raise
            return sent, await collecting

        return asyncio.run(both())

    def pids(self) -> list[int]:
        return [worker.process.pid for worker in self.workers if worker.process]


@contextmanager
def khabar_session(
    bootstrap: str,
    workers: int,
    partitions: int,
    warm_up: Sequence[Record] = (),
    label: str = "khabar",
    settings: Mapping[str, str] | None = None,
) -> Iterator[KhabarSession]:
    """``workers`` Khabar workers over a raw topic of ``partitions`` partitions, with
    ``settings`` (environment variables) of their own."""
    workdir = OUT / f"{label}-{int(time.time())}"
    workdir.mkdir(parents=True, exist_ok=True)
    env = isolated_env(bootstrap, workdir, KHABAR_RAW_PARTITIONS=str(partitions))
    # Each worker its own web port and data directory, as on separate machines.
    group = []
    for index in range(workers):
        (workdir / f"w{index}").mkdir()
        worker_env = isolated_env(
            bootstrap, workdir / f"w{index}", **_shared(env), **(settings or {})
        )
        group.append(Worker(worker_env, workdir / f"worker-{index}.log"))
    with running(group):
        session = KhabarSession(bootstrap, env, group)
        asyncio.run(wait_for_group(bootstrap, session.settings.app_id, workers, all_alive(group)))
        if warm_up:
            session.send(warm_up, timeout=180)
        yield session


def _shared(env: dict[str, str]) -> dict[str, str]:
    """The settings every worker of one app must agree on."""
    names = ("KHABAR_APP_ID", "KHABAR_RAW_PARTITIONS", "KHABAR_TOPIC_RAW",
             "KHABAR_TOPIC_ARTICLES", "KHABAR_TOPIC_DUPLICATES", "KHABAR_TOPIC_DEADLETTER")
    return {name: env[name] for name in names}


def throughput(
    session: KhabarSession, records: Sequence[Record], progress: Progress, name: str
) -> Throughput:
    """Full-speed burst: stories/s over the span of their verdicts."""
    bootstrap = session.bootstrap
    changelogs = asyncio.run(changelog_topics(bootstrap, session.settings.app_id))
    internal = [session.settings.analysed_topic]

    def sizes() -> tuple[int, int, int]:
        return (asyncio.run(record_count(bootstrap, changelogs)),
                asyncio.run(log_bytes(bootstrap, internal)),
                asyncio.run(log_bytes(bootstrap, changelogs)))

    before = sizes()
    with RssSampler(session.pids()) as rss:
        _, outputs = session.send(records, timeout=1200, progress=progress)
    written, internal_bytes, changelog_bytes = (
        after - first for after, first in zip(sizes(), before, strict=True))
    return Throughput(
        name=name,
        workers=len(session.workers),
        stories=len(records),
        input_bytes=sum(len(r.value) for r in records),
        seconds=outputs.span_s({r.key for r in records}),
        peak_rss_bytes=rss.peak_bytes,
        changelog_per_story=written / len(records),
        internal_bytes_per_story=internal_bytes / len(records),
        changelog_bytes_per_story=changelog_bytes / len(records),
    )


def latency(
    session: KhabarSession,
    records: Sequence[Record],
    max_rate: float,
    share: float,
    seconds: float,
    progress: Progress,
) -> Latency:
    """``seconds`` of stories at ``share`` of ``max_rate``; one latency per story."""
    rate = max_rate * share
    batch = records[: max(1, round(rate * seconds))]
    progress.extend(len(batch))
    sent, outputs = session.send(batch, timeout=seconds * 4 + 120, rate=rate, progress=progress)
    latencies = np.array([outputs.first[r.key].timestamp_ms - sent[r.key] for r in batch])
    return Latency(share=share, rate=rate, latencies_ms=latencies)


def main() -> None:
    """`make bench`'s latency phase alone, at one rate: the stories `python -m bench` takes
    for it (after its throughput prefix and the stories of the load levels before)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--rate", type=float, required=True, help="stories/s")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--skip", type=int, default=0,
                        help="latency stories of earlier load levels to leave out")
    parser.add_argument("--e2e-stories", type=int, default=4000, help="as python -m bench's")
    args = parser.parse_args()
    stream = generate(SIZES["10k"])
    pool = stream[args.e2e_stories + args.skip : -WARM_UP_STORIES]
    progress = Progress(0)
    try:
        with (given_or_local_broker("bench") as bootstrap,
              khabar_session(bootstrap, 1, 8, stream[-WARM_UP_STORIES:]) as session):
            measured = latency(session, pool, args.rate, 1.0, args.seconds, progress)
            _, metrics = session.workers[0].get("/metrics")
    finally:
        progress.close()
    from bench.e2e_partitions import mean_held_ms  # it imports this module
    print(f"{len(measured.latencies_ms)} stories at {args.rate} stories/s: "
          + ", ".join(f"p{q} {measured.percentile(q):.0f} ms" for q in (50, 95, 99))
          + f", max {measured.latencies_ms.max():.0f} ms; "
          f"mean held by the dedup hold-back {mean_held_ms(metrics):.0f} ms")


if __name__ == "__main__":
    main()
