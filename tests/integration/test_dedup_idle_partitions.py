"""The dedup shard's hold-back on a real broker: a story does not wait for raw partitions
that have nothing more to deliver (their analyse agent says it is caught up)."""

from __future__ import annotations

import time

import pytest

from tests.integration.harness import Worker, isolated_env, produce, run_cli, wait_for_articles
from tests.integration.story_factory import invented_stories

pytestmark = pytest.mark.integration

PARTITIONS = 8
HOLD_MS = 20_000


def test_a_story_is_decided_long_before_the_hold_when_the_other_partitions_are_idle(
    kafka_bootstrap, tmp_path
):
    env = isolated_env(kafka_bootstrap, tmp_path, KHABAR_RAW_PARTITIONS=str(PARTITIONS),
                       KHABAR_DEDUP_HOLD_MS=str(HOLD_MS))
    run_cli(env, "topics")
    *earlier, story = invented_stories(PARTITIONS + 1, seed=31, prefix="idle")
    bootstrap, raw = env["KHABAR_BOOTSTRAP"], env["KHABAR_TOPIC_RAW"]
    worker = Worker(env, tmp_path / "worker.log").start()
    try:
        for partition, earlier_story in enumerate(earlier):  # every partition seen, then idle
            produce(bootstrap, raw, [earlier_story], partition=partition)
        wait_for_articles(env, [worker], PARTITIONS)
        sent = time.monotonic()
        produce(bootstrap, raw, [story], partition=0)
        wait_for_articles(env, [worker], PARTITIONS + 1, timeout=2 * HOLD_MS / 1000)
        waited_s = time.monotonic() - sent
    finally:
        worker.stop()
    assert waited_s < 5, f"decided after {waited_s:.1f} s, the hold is {HOLD_MS / 1000:.0f} s"


def test_a_story_is_decided_long_before_the_hold_when_the_other_partitions_never_had_a_record(
    kafka_bootstrap, tmp_path
):
    env = isolated_env(kafka_bootstrap, tmp_path, KHABAR_RAW_PARTITIONS=str(PARTITIONS),
                       KHABAR_DEDUP_HOLD_MS=str(HOLD_MS))
    run_cli(env, "topics")
    [story] = invented_stories(1, seed=37, prefix="quiet")
    worker = Worker(env, tmp_path / "worker.log").start()
    try:
        worker.wait_for_page("/health/ready")  # the raw topic is empty: nothing to mark a partition by
        sent = time.monotonic()
        produce(env["KHABAR_BOOTSTRAP"], env["KHABAR_TOPIC_RAW"], [story], partition=0)
        wait_for_articles(env, [worker], 1, timeout=2 * HOLD_MS / 1000)
        waited_s = time.monotonic() - sent
    finally:
        worker.stop()
    assert waited_s < 5, f"decided after {waited_s:.1f} s, the hold is {HOLD_MS / 1000:.0f} s"
