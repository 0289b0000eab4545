"""Khabar's runtime settings, read once from the environment.

Every name a user may want to change (broker, topics, partitions, store, limits)
is an environment variable, so docker compose, CI and a laptop run the same code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.dedupe import DedupSettings

# Where ``scripts/kafka-local up`` writes the address of the broker it started.
LOCAL_BROKER_STATE = Path(os.environ.get("KHABAR_STATE", "var/kafka"))


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _flag(name: str, default: bool) -> bool:
    return _env(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


def discover_bootstrap() -> str:
    """``KHABAR_BOOTSTRAP``, else the broker ``scripts/kafka-local up`` started, else :9092."""
    if explicit := os.environ.get("KHABAR_BOOTSTRAP"):
        return explicit
    started = LOCAL_BROKER_STATE / "default" / "bootstrap"
    if started.is_file():
        return started.read_text().strip()
    return "127.0.0.1:9092"


@dataclass(frozen=True, slots=True)
class TopicNames:
    raw: str
    articles: str
    duplicates: str
    deadletter: str


@dataclass(frozen=True, slots=True)
class Settings:
    bootstrap: str
    app_id: str
    topics: TopicNames
    raw_partitions: int
    output_partitions: int
    replication_factor: int
    store: str
    data_dir: str
    web_host: str
    web_port: int
    processing_guarantee: str
    publish_duplicates: bool
    dedup_window_days: float
    max_story_bytes: int

    def dedup(self) -> DedupSettings:
        return DedupSettings(window_ms=round(self.dedup_window_days * 24 * 3600 * 1000))

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            bootstrap=discover_bootstrap(),
            app_id=_env("KHABAR_APP_ID", "khabar"),
            topics=TopicNames(
                raw=_env("KHABAR_TOPIC_RAW", "news.raw"),
                articles=_env("KHABAR_TOPIC_ARTICLES", "news.articles"),
                duplicates=_env("KHABAR_TOPIC_DUPLICATES", "news.duplicates"),
                deadletter=_env("KHABAR_TOPIC_DEADLETTER", "news.deadletter"),
            ),
            raw_partitions=int(_env("KHABAR_RAW_PARTITIONS", "8")),
            output_partitions=int(_env("KHABAR_OUTPUT_PARTITIONS", "4")),
            replication_factor=int(_env("KHABAR_REPLICATION_FACTOR", "1")),
            store=_env("KHABAR_STORE", "memory://"),
            data_dir=_env("KHABAR_DATA_DIR", "var/worker"),
            web_host=_env("KHABAR_WEB_HOST", "127.0.0.1"),
            web_port=int(_env("KHABAR_WEB_PORT", "6066")),
            processing_guarantee=_env("KHABAR_PROCESSING_GUARANTEE", "at_least_once"),
            publish_duplicates=_flag("KHABAR_PUBLISH_DUPLICATES", False),
            dedup_window_days=float(_env("KHABAR_DEDUP_WINDOW_DAYS", "7")),
            max_story_bytes=int(_env("KHABAR_MAX_STORY_BYTES", str(2 * 1024 * 1024))),
        )
