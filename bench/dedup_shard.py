"""Issue 15, point 6: how many stories a second the dedup shard decides on one core.

    .venv/bin/python -m bench.dedup_shard    # its own broker unless KHABAR_BOOTSTRAP

``make bench`` runs it too (:func:`measure`), for issue 18's row "dedup shard alone".

The 10,000 stories of ``bench.crash_replay`` (20-byte ids) are analysed in process, as
if read from 8 raw partitions in turn, one millisecond apart, and encoded with the
internal topic's codec; those records are produced straight onto ``<app_id>-analysed``
before one worker starts, so the ``deduplicate`` agent alone has work (its raw topic is
empty). Eight closing records, one per raw partition and an hour later than every story,
let the hold-back release the last measured stories at once instead of after its delay.
Rate on Kafka = stories / span of their verdicts' broker timestamps (decode, hold-back,
decision, event stage, changelog writes and output sends, one asyncio process: one core).
Beside it, in the same run and in process on the same candidates,
:meth:`Deduplicator.decide` alone, and the two stages the shard runs for every story: the
decision, then :meth:`EventTracker.observe_story`, the ceiling of the agent on one core.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import orjson

from agents.codec import decode_candidate, encode_candidate
from bench.common import (
    OUT,
    Progress,
    all_alive,
    collect,
    create_topics,
    produce,
    running,
    settings_of,
    wait_for_group,
)
from bench.crash_replay import PARTITIONS, STORIES, records, shared_stories
from pipeline.events import EventSettings, EventTracker
from pipeline.models import SourcePosition
from pipeline.process import Candidate, Deduplicator
from pipeline.stages import Analysed, Pipeline
from tests.integration.harness import Worker, given_or_local_broker, isolated_env

HOUR_MS = 3_600_000
RAW_TOPIC = "news.raw"  # where the analysed stories say they were read


@dataclass(frozen=True, slots=True)
class Ceiling:
    stories: int  # analysed (the others were dead-lettered by the analysis)
    analyse_s: float  # in process, the whole pipeline, one core
    decide_s: float  # in process, Deduplicator.decide alone
    stages_s: float  # in process, the decision and the event stage after it
    kafka_s: float  # span of the verdicts on Kafka

    def per_s(self, seconds: float) -> float:
        return self.stories / seconds


def analysed_records(progress: Progress, count: int = STORIES
                     ) -> tuple[list[tuple[bytes, bytes]], list[tuple[bytes, bytes]], float]:
    """(key, value) records of the internal topic for the first ``count`` stories, the
    closing records, and the seconds the analysis took."""
    pipeline = Pipeline()
    pipeline.warm_up()
    stories = records(20, shared_stories())[:count]
    start_ms = int(time.time() * 1000)

    def analysed(value: bytes, partition: int, offset: int, ingest_ms: int) -> Analysed | None:
        position = SourcePosition(RAW_TOPIC, partition, offset, ingest_ms)
        outcome = pipeline.analyse(value, position, ingest_ms)
        return outcome if isinstance(outcome, Analysed) else None

    encoded: list[tuple[bytes, bytes]] = []
    started = time.perf_counter()
    for index, story in enumerate(stories):
        outcome = analysed(story.value, index % PARTITIONS, index // PARTITIONS, start_ms + index)
        if outcome is not None:
            encoded.append((story.key, encode_candidate(outcome)))
        progress.advance()
    analyse_s = time.perf_counter() - started
    closers = []
    for partition, story in enumerate(stories[:PARTITIONS]):
        key = f"closing-{partition}"
        value = orjson.dumps({**orjson.loads(story.value), "id": key})
        outcome = analysed(value, partition, len(stories), start_ms + len(stories) + HOUR_MS)
        assert outcome is not None, key
        closers.append((key.encode(), encode_candidate(outcome)))
    return encoded, closers, analyse_s


def decide_in_process(encoded: list[tuple[bytes, bytes]]) -> float:
    """Seconds :meth:`Deduplicator.decide` takes over the candidates, into a fresh index."""
    candidates: list[Candidate] = [decode_candidate(value)[0] for _, value in encoded]
    deduplicator = Deduplicator({})
    started = time.perf_counter()
    for candidate in candidates:
        deduplicator.decide(candidate)
    return time.perf_counter() - started


def stages_in_process(encoded: list[tuple[bytes, bytes]]) -> float:
    """Seconds of the shard's two stages over the candidates, into fresh indexes: the dedup
    decision, then the story's event (a duplicate follows its original's)."""
    decoded = [decode_candidate(value) for _, value in encoded]
    deduplicator, events = Deduplicator({}), EventTracker({}, EventSettings())
    started = time.perf_counter()
    for candidate, story, _ in decoded:
        events.observe_story(story, deduplicator.decide(candidate).notices)
    return time.perf_counter() - started


def decide_on_kafka(bootstrap: str, encoded: list[tuple[bytes, bytes]],
                    closers: list[tuple[bytes, bytes]], progress: Progress) -> float:
    """Seconds between the first and the last verdict of ``encoded`` on Kafka."""
    workdir = OUT / f"dedup-shard-{int(time.time())}"
    workdir.mkdir(parents=True, exist_ok=True)
    env = isolated_env(bootstrap, workdir, KHABAR_RAW_PARTITIONS=str(PARTITIONS))
    settings = settings_of(env)
    topics = [settings.topics.articles, settings.topics.duplicates, settings.topics.deadletter]
    asyncio.run(create_topics(env))
    asyncio.run(produce(bootstrap, settings.analysed_topic, [*encoded, *closers]))
    worker = Worker(env, workdir / "worker.log")
    with running([worker]):
        asyncio.run(wait_for_group(bootstrap, settings.app_id, 1, all_alive([worker])))
        keys = {key for key, _ in encoded}
        outputs = asyncio.run(collect(bootstrap, topics, keys, 900, progress,
                                      alive=all_alive([worker])))
    return outputs.span_s(keys)


def measure(bootstrap: str, progress: Progress, count: int = STORIES) -> Ceiling:
    """The three rates over the first ``count`` stories; ``progress`` counts 2 * count."""
    progress.phase("dedup shard: analysing in process")
    encoded, closers, analyse_s = analysed_records(progress, count)
    progress.phase("dedup shard: Deduplicator.decide in process")
    decide_s = decide_in_process(encoded)
    progress.phase("dedup shard: decision and event stage in process")
    stages_s = stages_in_process(encoded)
    progress.phase("dedup shard: the dedup agent on Kafka")
    kafka_s = decide_on_kafka(bootstrap, encoded, closers, progress)
    return Ceiling(len(encoded), analyse_s, decide_s, stages_s, kafka_s)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    progress = Progress(total=2 * STORIES)  # analysed, then decided on Kafka
    try:
        with given_or_local_broker("bench-dedup-shard") as bootstrap:
            ceiling = measure(bootstrap, progress)
    finally:
        progress.close()
    analyse_s, decide_s, kafka_s = ceiling.analyse_s, ceiling.decide_s, ceiling.kafka_s
    stages_s = ceiling.stages_s
    print(f"{ceiling.stories} analysed stories")
    print(f"analysis in process:         {ceiling.per_s(analyse_s):8.0f} stories/s "
          f"({1000 * analyse_s / ceiling.stories:.2f} ms a story)")
    print(f"Deduplicator.decide:         {ceiling.per_s(decide_s):8.0f} stories/s "
          f"({1000 * decide_s / ceiling.stories:.3f} ms a story)")
    print(f"decide + event stage:        {ceiling.per_s(stages_s):8.0f} stories/s "
          f"({1000 * stages_s / ceiling.stories:.3f} ms a story)")
    print(f"dedup agent on Kafka:        {ceiling.per_s(kafka_s):8.0f} stories/s "
          f"({1000 * kafka_s / ceiling.stories:.3f} ms a story), "
          f"{decide_s / kafka_s:.2f} of decide's rate in process, "
          f"{stages_s / kafka_s:.2f} of decide + event stage's")


if __name__ == "__main__":
    main()
