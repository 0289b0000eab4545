"""Deduplication on a real broker: many partitions, two workers, a restart."""

from __future__ import annotations

import random

import orjson
import pytest

from tests.integration.harness import (
    Worker,
    collect,
    isolated_env,
    produce,
    run_cli,
    second_worker_env,
)
from tests.integration.story_factory import invented_story, republished

pytestmark = pytest.mark.integration

ORIGINALS = 60


def originals_and_copies(prefix: str, seed: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    originals = [invented_story(rng, f"{prefix}-o{i}") for i in range(ORIGINALS)]
    copies = [republished(story, rng, f"{prefix}-c{i}") for i, story in enumerate(originals)]
    return originals, copies


def final_verdicts(records: list[dict]) -> dict[str, str]:
    """id → duplicate_of, the last notice per id winning (corrections included)."""
    verdicts: dict[str, str] = {}
    for record in records:
        verdicts[record["id"]] = record["duplicate_of"]
    return verdicts


def wait_for_notices(env, workers, ids, timeout=240):
    topic = env["KHABAR_TOPIC_DUPLICATES"]

    def done(c):
        for worker in workers:
            worker.assert_alive()
        return ids <= {r["id"] for r in c.records[topic]}

    collected = collect(env["KHABAR_BOOTSTRAP"], [topic], done, timeout)
    assert done(collected), "\n".join(w.tail() for w in workers)
    return collected.records[topic]


@pytest.fixture
def env(kafka_bootstrap, tmp_path):
    env = isolated_env(kafka_bootstrap, tmp_path, KHABAR_RAW_PARTITIONS="8")
    run_cli(env, "topics")
    return env


def produce_spread(env, stories: list[dict], rng: random.Random) -> None:
    """Each story on a random partition of the raw topic, as many crawlers would."""
    values = [orjson.dumps(story) for story in stories]
    rng.shuffle(values)
    produce(env["KHABAR_BOOTSTRAP"], env["KHABAR_TOPIC_RAW"], values)


def test_republications_are_caught_across_partitions_by_two_workers(env, tmp_path):
    originals, copies = originals_and_copies("p", seed=11)
    second_env = second_worker_env(env, tmp_path / "second")
    workers = [Worker(env, tmp_path / "w1.log").start(),
               Worker(second_env, tmp_path / "w2.log").start()]
    try:
        rng = random.Random(3)
        produce_spread(env, originals, rng)
        produce_spread(env, copies, rng)
        notices = wait_for_notices(env, workers, {c["id"] for c in copies})
    finally:
        for worker in workers:
            worker.stop()

    verdicts = final_verdicts(notices)
    assert {c["id"]: verdicts[c["id"]] for c in copies} == {
        f"p-c{i}": f"p-o{i}" for i in range(ORIGINALS)
    }
    assert not {o["id"] for o in originals} & set(verdicts)


@pytest.mark.parametrize("store", ["memory://", "rocksdb://"])
def test_a_restarted_worker_recovers_its_index_from_the_changelog(env, tmp_path, store):
    env = {**env, "KHABAR_STORE": store}
    originals, copies = originals_and_copies("r", seed=12)
    articles = env["KHABAR_TOPIC_ARTICLES"]
    rng = random.Random(4)
    first = Worker(env, tmp_path / "first.log").start()
    try:
        produce_spread(env, originals, rng)
        seen = collect(env["KHABAR_BOOTSTRAP"], [articles],
                       lambda c: len(c.of_kind(articles, "article")) >= ORIGINALS)
        assert len(seen.of_kind(articles, "article")) == ORIGINALS, first.tail()
    finally:
        first.kill()

    # A new process with an empty local store: all it knows comes from the changelog.
    second = Worker({**env, "KHABAR_DATA_DIR": str(tmp_path / "fresh")},
                    tmp_path / "second.log").start()
    try:
        produce_spread(env, copies, rng)
        notices = wait_for_notices(env, [second], {c["id"] for c in copies})
    finally:
        second.stop()
    verdicts = final_verdicts(notices)
    assert all(verdicts[f"r-c{i}"] == f"r-o{i}" for i in range(ORIGINALS))
