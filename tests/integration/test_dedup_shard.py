"""The dedup shard on a real broker: it dead-letters what it cannot read and goes on, and
its test crash hook stops it between the changelog and the outputs."""

from __future__ import annotations

import asyncio
import base64

import orjson
import pytest

from tests.integration.harness import (
    Worker,
    collect,
    isolated_env,
    produce,
    record_count,
    run_cli,
    settle,
    wait_for_articles,
)
from tests.integration.story_factory import invented_stories

pytestmark = pytest.mark.integration

GARBAGE = b"\x00\xffnot a candidate at all"
FUTURE = orjson.dumps({"v": 99, "id": "future-1"}) + b"\n{}"


@pytest.fixture
def env(kafka_bootstrap, tmp_path):
    env = isolated_env(kafka_bootstrap, tmp_path, KHABAR_SESSION_TIMEOUT_S="10")
    run_cli(env, "topics")
    return env


def test_unreadable_records_are_dead_lettered_and_the_next_story_is_decided(env, tmp_path):
    analysed = f"{env['KHABAR_APP_ID']}-analysed"
    produce(env["KHABAR_BOOTSTRAP"], analysed, [GARBAGE, FUTURE])
    [story] = invented_stories(1, seed=21, prefix="after-garbage")
    worker = Worker(env, tmp_path / "worker.log").start()
    try:
        produce(env["KHABAR_BOOTSTRAP"], env["KHABAR_TOPIC_RAW"], [story])
        wait_for_articles(env, [worker], 1)
        topic = env["KHABAR_TOPIC_DEADLETTER"]
        letters = collect(env["KHABAR_BOOTSTRAP"], [topic],
                          lambda c: len(c.records[topic]) >= 2, timeout=30).records[topic]
    finally:
        worker.stop()

    assert sorted(
        (letter["source"]["offset"], letter["reason"], letter["id"],
         base64.b64decode(letter["original_b64"]), letter["source"]["topic"])
        for letter in letters
    ) == [(0, "undecodable_candidate", None, GARBAGE, analysed),
          (1, "undecodable_candidate", "future-1", FUTURE, analysed)]
    log = worker.log.read_text(errors="replace")
    assert log.count("dead-lettered") == 2


def test_the_crash_hook_stops_the_worker_after_the_changelog_and_before_the_outputs(
    env, tmp_path
):
    outputs = [env["KHABAR_TOPIC_ARTICLES"], env["KHABAR_TOPIC_DUPLICATES"]]
    changelog = f"{env['KHABAR_APP_ID']}-dedup-index-changelog"
    produce(env["KHABAR_BOOTSTRAP"], env["KHABAR_TOPIC_RAW"],
            invented_stories(1, seed=22, prefix="crash"))
    crashing = Worker({**env, "KHABAR_TEST_CRASH_AFTER_DECISIONS": "1"},
                      tmp_path / "crashing.log").start()
    assert crashing.exit_code(timeout=180) == 137, crashing.tail()
    assert asyncio.run(record_count(env["KHABAR_BOOTSTRAP"], [changelog])) > 0
    assert not any(settle(env["KHABAR_BOOTSTRAP"], outputs, seconds=3).records.values())

    restarted = Worker(env, tmp_path / "restarted.log").start()
    try:
        wait_for_articles(env, [restarted], 1, timeout=180)
        published = settle(env["KHABAR_BOOTSTRAP"], outputs)
    finally:
        restarted.stop()
    # Once or twice: if the worker died before its first commit of the raw offset, the
    # story is analysed again and its second record gets the decision the index kept,
    # the same article again, never a duplicate notice of itself.
    articles = published.of_kind(outputs[0], "article")
    assert {a["id"] for a in articles} == {"crash-0"}
    assert len({a["text"] for a in articles}) == 1
    assert not published.records.get(outputs[1])
