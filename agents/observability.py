"""Prometheus metrics, health endpoints and log format of the worker.

``/metrics`` (Prometheus text format), ``/health/live`` (the process answers) and
``/health/ready`` (the worker has joined its group and is not rebalancing), on the
worker's web port; ``KHABAR_LOG_FORMAT=json`` makes the logs one JSON object a line.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import faust
import orjson
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

if TYPE_CHECKING:
    from pipeline.models import DeadLetter

STORIES_IN = Counter("khabar_stories_in_total", "Raw stories read", ["topic"])
RECORDS_OUT = Counter("khabar_records_out_total", "Records published", ["topic", "kind"])
DUPLICATES = Counter("khabar_duplicates_total", "Duplicate notices", ["match", "correction"])
DEAD_LETTERS = Counter("khabar_dead_letters_total", "Stories dead-lettered", ["reason"])
STAGE_SECONDS = Histogram(
    "khabar_stage_seconds",
    "Time spent in each pipeline stage per story",
    ["stage"],
    buckets=(0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)
END_TO_END_LAG = Histogram(
    "khabar_end_to_end_lag_seconds",
    "From the raw story's Kafka timestamp to its verdict being published",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)

DEDUP_HELD = Gauge(
    "khabar_dedup_held", "Stories the dedup shard holds back, waiting for the other partitions"
)
DEDUP_HOLD_SECONDS = Histogram(
    "khabar_dedup_hold_seconds",
    "How long the dedup shard held a story back before deciding it (KHABAR_DEDUP_HOLD_MS)",
    buckets=(0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10),
)


def observe_stages(timings_ms: dict[str, float]) -> None:
    for stage, milliseconds in timings_ms.items():
        STAGE_SECONDS.labels(stage).observe(milliseconds / 1000)


def observe_lag(ingest_ms: int) -> None:
    if ingest_ms > 0:
        END_TO_END_LAG.observe(max(0.0, time.time() - ingest_ms / 1000))


class RateLimitedLog:
    """Logs at most ``limit`` warnings per ``period_s``; of the rest, it says how many
    it left out with the first warning after the period. Bad input often comes in
    floods (a crawler's broken batch), and a line per story would bury the log."""

    def __init__(
        self, logger: logging.Logger, limit: int, period_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.logger = logger
        self.limit = limit
        self.period_s = period_s
        self.clock = clock
        self.period_start = clock()
        self.logged = 0
        self.left_out = 0

    def warning(self, message: str, *args: object) -> None:
        now = self.clock()
        if now - self.period_start >= self.period_s:
            if self.left_out:
                self.logger.warning(
                    "%d more like it not logged in the last %.0f s", self.left_out,
                    now - self.period_start,
                )
            self.period_start, self.logged, self.left_out = now, 0, 0
        if self.logged < self.limit:
            self.logged += 1
            self.logger.warning(message, *args)
        else:
            self.left_out += 1


# Both agents' dead letters share one limit: at most this many lines a minute per
# worker; khabar_dead_letters_total counts every one.
_DEAD_LETTER_LOG = RateLimitedLog(logging.getLogger("khabar.deadletter"), 20, 60.0)


def dead_lettered(agent: str, letter: DeadLetter, topic: str) -> None:
    """Count a dead letter sent to ``topic`` and log it on one line: reason, story id,
    position and detail."""
    DEAD_LETTERS.labels(letter.reason).inc()
    RECORDS_OUT.labels(topic, "deadletter").inc()
    where = letter.source
    _DEAD_LETTER_LOG.warning(
        "%s: %s at %s (id %s) dead-lettered: %s",
        agent, letter.reason,
        f"{where.topic}[{where.partition}]@{where.offset}" if where else "an unknown position",
        letter.id, letter.detail,
    )


def faust_web_pages(enabled: bool) -> dict[str, bool]:
    """The Faust app's settings for its own web pages, all on or all off.

    Off (the default), the worker's port serves Khabar's pages only (:func:`register_pages`;
    Faust's "/" answers a bare ``{"status": "OK"}``): Faust's ``/router/`` and
    ``/table/<name>/<key>/`` hand the dedup index's records to anyone who reaches the
    port, and docker compose binds it to 0.0.0.0 within its network. Nothing of Khabar
    routes table keys between workers (``@app.table_route``), the one use of /router/.
    ``KHABAR_WEB_FAUST_PAGES=1`` turns them on, with Faust's statistics and graph."""
    return {
        "web_router_enabled": enabled,
        "web_tables_enabled": enabled,
        "web_stats_enabled": enabled,
        "web_graph_enabled": enabled,
    }


def register_pages(app: faust.App) -> None:
    """Serve metrics and health checks from the Faust web server."""

    @app.page("/metrics")
    async def metrics(web, request):
        # As a header: aiohttp refuses a content_type argument that carries a charset.
        return web.bytes(generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    @app.page("/health/live")
    async def live(web, request):
        return web.json({"status": "alive"})

    @app.page("/health/ready")
    async def ready(web, request):
        is_ready = app.consumer.started if app.consumer else False
        is_ready = bool(is_ready and not app.rebalancing)
        body = {"status": "ready" if is_ready else "starting", "rebalancing": app.rebalancing}
        return web.json(body, status=200 if is_ready else 503)


class TerminalAwareWorker(faust.Worker):
    """Faust's worker without its start-up spinner when stdout is no terminal: the
    spinner writes cursor escape codes whatever the output, and they ended up in the
    log files of ``make run``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.stdout.isatty():
            self.spinner = None


class JsonLogFormatter(logging.Formatter):
    """One JSON object per log line, for log shippers: time, level, logger, message."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            # exc_text first: agents.redaction leaves the traceback there, secrets masked.
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        return orjson.dumps(entry).decode()


def logging_config(log_format: str) -> dict[str, Any] | None:
    """Faust's ``logging_config`` for ``text`` (None: Faust's own format) or ``json``."""
    if log_format == "text":
        return None
    if log_format != "json":
        raise ValueError(f"KHABAR_LOG_FORMAT must be text or json, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonLogFormatter}},
        "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
        "root": {"level": "INFO", "handlers": ["stdout"]},
    }
