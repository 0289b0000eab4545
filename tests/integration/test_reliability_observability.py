"""A running worker reports what it does: Prometheus metrics, health pages, JSON logs."""

from __future__ import annotations

import orjson
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.harness import Worker, collect, isolated_env, produce, run_cli
from tests.integration.story_factory import POISON, invented_stories

pytestmark = pytest.mark.integration

STORY_COUNT = 40


def samples(metrics_page: bytes) -> dict[tuple[str, frozenset], float]:
    """(sample name, labels) → value, for every sample on a /metrics page."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(metrics_page.decode())
        for sample in family.samples
    }


def test_metrics_health_pages_and_json_logs_of_a_running_worker(kafka_bootstrap, tmp_path):
    env = isolated_env(kafka_bootstrap, tmp_path, KHABAR_LOG_FORMAT="json")
    run_cli(env, "topics")
    raw, articles, deadletter = (
        env["KHABAR_TOPIC_RAW"], env["KHABAR_TOPIC_ARTICLES"], env["KHABAR_TOPIC_DEADLETTER"]
    )
    not_persian, _ = POISON["english"]
    worker = Worker(env, tmp_path / "worker.log").start()
    try:
        assert orjson.loads(worker.wait_for_page("/health/live")) == {"status": "alive"}
        worker.wait_for_page("/health/ready")
        produce(kafka_bootstrap, raw, [*invented_stories(STORY_COUNT), not_persian])
        collected = collect(
            kafka_bootstrap, [articles, deadletter],
            lambda c: len(c.records[articles]) >= STORY_COUNT and c.records[deadletter],
        )
        assert len(collected.records[articles]) == STORY_COUNT, worker.tail()
        metrics = samples(worker.wait_for_page("/metrics"))
        # Faust's own pages are off (KHABAR_WEB_FAUST_PAGES): /table/ would hand out the
        # dedup index's records.
        for faust_page in ("/router/", "/table/", "/table/dedup-index/x/", "/graph/", "/stats/"):
            assert worker.get(faust_page)[0] == 404, faust_page
    finally:
        worker.stop()

    def value(name: str, **labels: str) -> float:
        return metrics.get((name, frozenset(labels.items())), 0.0)

    assert value("khabar_stories_in_total", topic=raw) == STORY_COUNT + 1
    assert value("khabar_records_out_total", topic=articles, kind="article") == STORY_COUNT
    assert value("khabar_dead_letters_total", reason="not_persian") == 1
    assert value("khabar_stage_seconds_count", stage="entities") == STORY_COUNT
    assert value("khabar_end_to_end_lag_seconds_count") == STORY_COUNT

    log_entries = [orjson.loads(line) for line in worker.log.read_text().splitlines()
                   if line.startswith("{")]
    assert log_entries and all({"ts", "level", "logger", "message"} <= set(e) for e in log_entries)
