"""Events in the worker, on a real broker (issue 20): the stories of two happenings,
interleaved with unrelated stories, come out on the events topic as two events, and do
so through a worker killed between its index tables' changelogs and its outputs (the
test hook ``KHABAR_TEST_CRASH_AFTER_DECISIONS``), whose restarted successor sends the
interrupted story's event again rather than assigning it twice.

The stream goes through one raw partition, so the shard decides it in the stream's order.
"""

from __future__ import annotations

import random
from pathlib import Path

import orjson
import pytest

from tests.integration.harness import Worker, collect, isolated_env, produce, run_cli
from tests.integration.story_factory import COINS, FIRE, invented_story, republished

pytestmark = pytest.mark.integration

CRASH = "KHABAR_TEST_CRASH_AFTER_DECISIONS"

def stream() -> list[dict[str, str]]:
    """The two happenings' stories interleaved with six unrelated ones and another
    outlet's copy of the first fire report; ids sort in stream order."""
    rng = random.Random(20)
    noise = [invented_story(rng, f"noise-{n}") for n in range(6)]
    copy = republished(FIRE[0], rng, "fire-1-copy")
    stories = [FIRE[0], noise[0], COINS[0], noise[1], FIRE[1], copy, noise[2], COINS[1],
               FIRE[2], noise[3], COINS[2], noise[4], noise[5]]
    return [{**story, "source": "test", "id": f"s{i:02d}-{story['id']}"}
            for i, story in enumerate(stories)]


STREAM = stream()


def ids_of(kind: str) -> set[str]:
    return {story["id"] for story in STREAM if story["id"].split("-", 1)[1].startswith(kind)}


def test_two_happenings_among_unrelated_stories_are_two_events_through_a_worker_kill(
    kafka_bootstrap, tmp_path: Path
):
    env = isolated_env(kafka_bootstrap, tmp_path, KHABAR_RAW_PARTITIONS="1",
                       KHABAR_SESSION_TIMEOUT_S="6")
    events_topic = env["KHABAR_TOPIC_EVENTS"]
    run_cli(env, "topics")
    produce(kafka_bootstrap, env["KHABAR_TOPIC_RAW"], map(orjson.dumps, STREAM))
    # Dies once the second coins report's decisions are in both tables' changelogs,
    # before any of its records is sent.
    crash_at = next(n for n, s in enumerate(STREAM, 1) if s["id"].endswith("coins-2"))
    crashing = Worker({**env, CRASH: str(crash_at)}, tmp_path / "crashing.log").start()
    assert crashing.exit_code(timeout=240) == 137, crashing.tail()
    worker = Worker(env, tmp_path / "worker.log").start()
    ids = {story["id"] for story in STREAM}

    def every_story_placed(collected) -> bool:
        worker.assert_alive()
        return ids <= {r["decision"]["story"] for r in collected.records[events_topic]}

    try:
        assert every_story_placed(
            collect(kafka_bootstrap, [events_topic], every_story_placed, timeout=240)
        ), worker.tail()
        # What a consumer of the topic reads, through khabar consume.
        lines = run_cli(env, "consume", "--topic", events_topic).stdout.splitlines()
    finally:
        worker.stop()
    records = [orjson.loads(line) for line in lines]
    latest: dict[str, dict] = {}
    for record in records:  # the last record per event id is the event as it stands
        latest[record["id"]] = record
    members = {event_id: {s["id"] for s in r["stories"]} for event_id, r in latest.items()}
    happenings = ids_of("fire") | ids_of("coins")
    assert [m for m in members.values() if m & happenings] in (
        [ids_of("fire"), ids_of("coins")], [ids_of("coins"), ids_of("fire")])
    # Every story is in one event only: the interrupted one was not assigned twice.
    assert sorted(s for m in members.values() for s in m) == sorted(ids)
    coins = next(r for r in latest.values() if {s["id"] for s in r["stories"]} == ids_of("coins"))
    assert {s["agency"] for s in coins["stories"]} == {"tasnim", "fars", "ilna"}
