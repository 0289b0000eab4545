"""The dedup worker dies between the dedup table's changelog write and the output send
(the test hook ``KHABAR_TEST_CRASH_AFTER_DECISIONS``) and is restarted on the same app:
a consumer keeping the last record per (kind, id) ends with what a run of the same
stream without the crash gives (issue 15, points 3 and 5).

The stream goes through one raw partition: the shard then decides it in the stream's
order in every run, so two runs differ by the crash alone (with several partitions a
copy may be decided before its original, and its notice carries other figures).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import orjson
import pytest

from pipeline.process import Candidate, Decision, Deduplicator
from pipeline.stages import Analysed, Pipeline
from tests.integration.harness import (
    Worker,
    collect,
    consumer_view,
    isolated_env,
    produce,
    run_cli,
    settle,
)
from tests.integration.story_factory import excerpt, invented_story, republished

pytestmark = pytest.mark.integration

CRASH = "KHABAR_TEST_CRASH_AFTER_DECISIONS"
ORIGINALS = 120
# A percent-encoded Persian URL, the commonest long id, cut to 300 bytes: more than the
# 254 the index once kept of an id.
LONG_ID = ("https://www.khabar-example.ir/fa/news/1403/"
           + quote("آغاز عملیات اجرایی طرح آبرسانی به روستاهای شهرستان سنندج با اعتبار ملی"))[:300]


def crash_stream() -> list[dict[str, str]]:
    """Invented stories in publishing order: every third republished (with its title),
    every ninth twice, and every tenth preceded by its head and its tail, two excerpts
    apart that the whole story then joins into one cluster. Ids sort in stream order
    (``s0000-…``), so the shard's (ingest ms, id) order is the stream's even when two
    stories share a millisecond."""
    rng = random.Random(15)
    stories = []
    for k in range(ORIGINALS):
        original = invented_story(rng, f"original{k}")
        if k % 10 == 0:
            stories += [excerpt(original, 0, 3, rng, f"head{k}"),
                        excerpt(original, 1, 6, rng, f"tail{k}")]
        stories.append(original)
        for copy in range(1 + (k % 9 == 0) if k % 3 == 0 else 0):
            stories.append({**republished(original, rng, f"copy{k}.{copy}"),
                            "title": original["title"]})
    return [{**story, "id": f"s{i:04d}-{story['id']}"} for i, story in enumerate(stories)]


STREAM = crash_stream()


def first_decision(decisions: list[Decision]) -> int:
    """The very first write: the layout record and the first story's, in an empty
    changelog, before any output of the run."""
    return 1


def second_republication(decisions: list[Decision]) -> int:
    """A copy of a story that already had one: its own notice alone (no cluster
    merged), and the update that makes the revision 2."""
    return next(n for n, d in enumerate(decisions, 1)
                if len(d.notices) == 1 and d.updates and d.updates[0].revision == 2)


def merge_of_two_clusters(decisions: list[Decision]) -> int:
    """A story that joins two clusters: one cluster's members get corrections."""
    return next(n for n, d in enumerate(decisions, 1)
                if any(notice.correction for notice in d.notices))


@pytest.fixture(scope="module")
def planned_decisions() -> list[Decision]:
    """The stream decided in process, in its order, as the shard decides it: where each
    kind of decision falls, to aim the crash."""
    pipeline, deduplicator = Pipeline(), Deduplicator({})
    decisions = []
    for ingest_ms, story in enumerate(STREAM, 1):
        analysed = pipeline.analyse(orjson.dumps(story), ingest_ms=ingest_ms)
        assert isinstance(analysed, Analysed), analysed
        decisions.append(deduplicator.decide(Candidate.of(analysed)))
    return decisions


def one_partition_env(bootstrap: str, workdir: Path) -> dict[str, str]:
    # The crashed worker's group membership lapses after the session timeout: 6 s (the
    # broker's least) before the restarted one gets the partitions.
    env = isolated_env(bootstrap, workdir, KHABAR_RAW_PARTITIONS="1",
                       KHABAR_SESSION_TIMEOUT_S="6")
    run_cli(env, "topics")
    return env


def published(env: dict[str, str], workdir: Path, stories: list[dict[str, str]],
              crash_after: int | None = None) -> list[dict]:
    """Produce the stories, run a worker (first one that crashes at decision
    ``crash_after``, then another on the same app and data) until every story has its
    verdict, and return what news.articles and news.duplicates then hold."""
    topics = [env["KHABAR_TOPIC_ARTICLES"], env["KHABAR_TOPIC_DUPLICATES"]]
    produce(env["KHABAR_BOOTSTRAP"], env["KHABAR_TOPIC_RAW"], map(orjson.dumps, stories))
    if crash_after is not None:
        crashing = Worker({**env, CRASH: str(crash_after)}, workdir / "crashing.log").start()
        assert crashing.exit_code(timeout=180) == 137, crashing.tail()
    worker = Worker(env, workdir / "worker.log").start()
    ids = {story["id"] for story in stories}

    def decided(collected) -> bool:
        worker.assert_alive()
        records = [r for topic in topics for r in collected.records[topic]]
        return ids <= {r["id"] for r in records if r["kind"] in ("article", "duplicate")}

    try:
        assert decided(collect(env["KHABAR_BOOTSTRAP"], topics, decided, timeout=180)), (
            worker.tail())
        # Updates and corrections follow a verdict by milliseconds; read on for them.
        output = settle(env["KHABAR_BOOTSTRAP"], topics, seconds=3)
    finally:
        worker.stop()
    return [r for topic in topics for r in output.records[topic]]


@pytest.fixture(scope="module")
def uncrashed_view(kafka_bootstrap, tmp_path_factory) -> dict[tuple[str, str], dict]:
    workdir = tmp_path_factory.mktemp("uncrashed")
    return consumer_view(published(one_partition_env(kafka_bootstrap, workdir), workdir, STREAM))


@pytest.mark.parametrize("aim", [first_decision, second_republication, merge_of_two_clusters],
                         ids=lambda aim: aim.__name__)
def test_a_worker_killed_between_the_changelog_and_the_outputs_ends_with_the_uncrashed_view(
    aim: Callable[[list[Decision]], int], planned_decisions, uncrashed_view, kafka_bootstrap,
    tmp_path,
):
    crash_after = aim(planned_decisions)
    env = one_partition_env(kafka_bootstrap, tmp_path)
    assert consumer_view(published(env, tmp_path, STREAM, crash_after)) == uncrashed_view


def test_a_story_with_a_300_byte_id_sent_twice_is_the_same_article_both_times(
    kafka_bootstrap, tmp_path
):
    assert len(LONG_ID.encode()) == 300
    rng = random.Random(16)
    # The closing story's id sorts after LONG_ID: decided after its second delivery.
    story, closing = invented_story(rng, LONG_ID), invented_story(rng, "z-closing")
    env = one_partition_env(kafka_bootstrap, tmp_path)
    records = published(env, tmp_path, [story, story, closing])
    assert [(r["kind"], r["id"]) for r in records if r["id"] != "z-closing"] == [
        ("article", LONG_ID), ("article", LONG_ID)]
