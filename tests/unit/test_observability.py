"""The worker's dead-letter log line: one per story, rate-limited."""

import logging

import pytest

from agents.observability import RateLimitedLog, dead_lettered
from pipeline.deadletter import dead_letter
from pipeline.errors import Reason, Rejected
from pipeline.models import SourcePosition

pytestmark = pytest.mark.unit


def test_a_dead_letter_is_one_warning_line_with_reason_id_and_position(caplog):
    letter = dead_letter(
        b'{"id": "sample-9", "body": "   "}',
        Rejected(Reason.EMPTY_STORY, "the story's text is empty"),
        SourcePosition("news.raw", 3, 1207),
        "sample-9",
    )
    with caplog.at_level(logging.WARNING, logger="khabar.deadletter"):
        dead_lettered("analyse", letter, "news.deadletter")
    (record,) = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        "analyse: empty_story at news.raw[3]@1207 (id sample-9) dead-lettered: "
        "the story's text is empty"
    )


def test_past_its_limit_the_log_counts_what_it_left_out_when_the_period_is_over(caplog):
    now = [0.0]
    log = RateLimitedLog(logging.getLogger("test.ratelimit"), limit=3, period_s=60, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="test.ratelimit"):
        for story in range(10):
            log.warning("story %d", story)
        now[0] = 61.0
        log.warning("story %d", 10)
    assert [record.getMessage() for record in caplog.records] == [
        "story 0", "story 1", "story 2",
        "7 more like it not logged in the last 61 s",
        "story 10",
    ]
