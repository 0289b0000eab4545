"""A real worker on a real Apache Kafka: every story comes out once, bad input is kept."""

from __future__ import annotations

import base64
import hashlib

import orjson
import pytest

from tests.integration.harness import Worker, collect, isolated_env, produce, run_cli, settle
from tests.integration.story_factory import POISON, invented_stories, story_ids

pytestmark = pytest.mark.integration

STORY_COUNT = 300


@pytest.fixture
def worker_env(kafka_bootstrap, tmp_path):
    # Every valid story must show on news.articles, duplicates too, for this check.
    env = isolated_env(kafka_bootstrap, tmp_path, KHABAR_PUBLISH_DUPLICATES="1")
    run_cli(env, "topics")
    return env


def test_valid_stories_arrive_once_and_poison_lands_on_the_dead_letter_topic(
    worker_env, tmp_path
):
    bootstrap = worker_env["KHABAR_BOOTSTRAP"]
    articles, deadletter = worker_env["KHABAR_TOPIC_ARTICLES"], worker_env["KHABAR_TOPIC_DEADLETTER"]
    stories = invented_stories(STORY_COUNT)
    poison = [value for value, _ in POISON.values()]
    # Bad input in the middle of good: the stories after it must still be processed.
    middle = STORY_COUNT // 2
    produce(bootstrap, worker_env["KHABAR_TOPIC_RAW"], stories[:middle] + poison + stories[middle:])

    worker = Worker(worker_env, tmp_path / "worker.log").start()
    try:
        def done(c):
            worker.assert_alive()
            return (
                len(c.of_kind(articles, "article")) >= STORY_COUNT
                and len(c.of_kind(deadletter, "deadletter")) >= len(POISON)
            )

        collected = collect(bootstrap, [articles, deadletter], done, timeout=240)
        assert done(collected), worker.tail()
        collected = settle(bootstrap, [articles, deadletter])
    finally:
        worker.stop()

    ids = [record["id"] for record in collected.of_kind(articles, "article")]
    assert sorted(ids) == sorted(story_ids(STORY_COUNT))

    letters = {r["original_sha256"]: r for r in collected.of_kind(deadletter, "deadletter")}
    assert len(letters) == len(POISON) == len(collected.of_kind(deadletter, "deadletter"))
    for name, (value, reason) in POISON.items():
        letter = letters[hashlib.sha256(value).hexdigest()]
        assert letter["reason"] == reason, name
        kept = base64.b64decode(letter["original_b64"])
        # Small stories are kept whole; large ones as a prefix, with length and hash.
        assert value.startswith(kept) and letter["truncated"] == (len(kept) < len(value)), name
        assert letter["original_length"] == len(value), name
        assert letter["source"]["topic"] == worker_env["KHABAR_TOPIC_RAW"]
        assert letter["source"]["offset"] >= 0


# One paragraph of 1.5 MB of dates: about 1.5 s in the stages here, linear in its size.
OVER_BUDGET = orjson.dumps(
    {"id": "over-budget", "body": "جلسه در ۱۲ فروردین ۱۴۰۲ و ۱۴۰۲/۰۱/۱۵ برگزار شد و " * 22_000}
)


def test_a_story_over_the_time_budget_is_dead_lettered_and_the_stories_after_it_go_on(
    kafka_bootstrap, tmp_path
):
    # A budget far above a news story's few milliseconds, far below the long one's.
    env = isolated_env(kafka_bootstrap, tmp_path, KHABAR_STORY_TIME_BUDGET_MS="300")
    run_cli(env, "topics")
    articles, deadletter = env["KHABAR_TOPIC_ARTICLES"], env["KHABAR_TOPIC_DEADLETTER"]
    stories = invented_stories(20, prefix="after")
    produce(env["KHABAR_BOOTSTRAP"], env["KHABAR_TOPIC_RAW"], [OVER_BUDGET, *stories])

    worker = Worker(env, tmp_path / "worker.log").start()
    try:
        def done(c):
            worker.assert_alive()
            return len(c.of_kind(articles, "article")) >= len(stories) and c.of_kind(
                deadletter, "deadletter"
            )

        collected = collect(env["KHABAR_BOOTSTRAP"], [articles, deadletter], done, timeout=240)
        assert done(collected), worker.tail()
    finally:
        worker.stop()

    (letter,) = collected.of_kind(deadletter, "deadletter")
    assert (letter["reason"], letter["id"]) == ("processing_timeout", "over-budget")
    assert letter["original_sha256"] == hashlib.sha256(OVER_BUDGET).hexdigest()
    assert letter["original_length"] == len(OVER_BUDGET)
    assert letter["source"]["topic"] == env["KHABAR_TOPIC_RAW"]
    ids = {article["id"] for article in collected.of_kind(articles, "article")}
    assert ids == {f"after-{i}" for i in range(len(stories))}
    # The worker said so, once, on one line: what, which story, where.
    (logged,) = [line for line in worker.tail(10_000).splitlines() if "dead-lettered" in line]
    assert "WARNING" in logged
    assert (
        f"analyse: processing_timeout at {env['KHABAR_TOPIC_RAW']}[{letter['source']['partition']}]"
        f"@{letter['source']['offset']} (id over-budget) dead-lettered: " in logged
    )
