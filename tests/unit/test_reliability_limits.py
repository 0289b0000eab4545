"""A story that takes too long costs one dead letter, not the partition."""

from __future__ import annotations

import time

import orjson
import pytest

from pipeline.doc import Doc
from pipeline.errors import Reason
from pipeline.models import DeadLetter
from pipeline.stages import DEFAULT_STORY_TIME_BUDGET_MS, STAGES, Pipeline

pytestmark = pytest.mark.unit

STORY = orjson.dumps({"id": "budget-1", "body": "به گزارش ایسنا، باران پاییزی در رشت آغاز شد."})


def slow_stage(doc: Doc) -> None:
    time.sleep(0.05)


def stage_that_must_not_run(doc: Doc) -> None:
    raise AssertionError("the pipeline went on after the budget was spent")


def test_a_story_past_its_budget_is_dead_lettered_as_a_timeout_and_no_later_stage_runs():
    pipeline = Pipeline(
        stages=(("slow", slow_stage), ("next", stage_that_must_not_run)), time_budget_ms=10
    )
    outcome = pipeline.analyse(STORY)
    assert isinstance(outcome, DeadLetter)
    assert outcome.reason == Reason.TIMEOUT
    assert "'slow'" in outcome.detail and outcome.id == "budget-1"


def test_a_budget_of_zero_means_no_budget():
    pipeline = Pipeline(stages=(("slow", slow_stage),), time_budget_ms=0)
    assert not isinstance(pipeline.analyse(STORY), DeadLetter)


def test_a_story_longer_than_its_budget_allows_times_out_through_the_real_stages():
    # 230 KB of one paragraph take the stages well over 100 ms on any machine.
    long_story = ("بازار امروز شلوغ بود و " * 10000).encode()
    outcome = Pipeline(STAGES, time_budget_ms=20).analyse(long_story)
    assert isinstance(outcome, DeadLetter) and outcome.reason == Reason.TIMEOUT


def test_a_pipeline_with_a_budget_below_its_loading_time_still_warms_up():
    # The warm-up story loads the lexicons (about a second on a cold worker).
    pipeline = Pipeline(STAGES, time_budget_ms=1)
    pipeline.warm_up()
    assert pipeline.time_budget_ms == 1


def test_the_worker_default_budget_is_the_pipeline_default(monkeypatch):
    from agents.settings import Settings

    monkeypatch.delenv("KHABAR_STORY_TIME_BUDGET_MS", raising=False)
    assert Settings.from_env().story_time_budget_ms == DEFAULT_STORY_TIME_BUDGET_MS
