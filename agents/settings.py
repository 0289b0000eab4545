"""Khabar's runtime settings, read once from the environment.

Every name a user may want to change (broker, topics, partitions, store, limits)
is an environment variable, so docker compose, CI and a laptop run the same code.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pipeline.dedupe import DedupSettings

if TYPE_CHECKING:
    from pipeline.events import EventSettings

# Where ``scripts/kafka-local up`` writes the address of the broker it started.
LOCAL_BROKER_STATE = Path(os.environ.get("KHABAR_STATE", "var/kafka"))
N = TypeVar("N", int, float)


class SettingsError(ValueError):
    """A setting that cannot be used: the message names the variable."""


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def number(parse: Callable[[str], N], name: str, default: str) -> N:
    """A numeric setting, or a SettingsError naming it (the CLI prints one line)."""
    value = _env(name, default)
    try:
        return parse(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a number") from None


def _flag(name: str, default: bool) -> bool:
    return _env(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True, slots=True)
class Bootstrap:
    """The bootstrap servers to use and how they were chosen, for error messages."""

    address: str
    origin: str
    # Nothing named a broker and the fallback was taken: a failure says where Khabar
    # looked and what to set.
    guessed: bool = False


def _running(cluster: Path) -> bool:
    """Whether a node of a ``scripts/kafka-local`` cluster runs: ``stop`` and ``down``
    remove its pid file, a crash leaves one whose processes are gone."""
    try:
        pids = [int(pid) for pid in (cluster / "pid").read_text().split()]
    except (OSError, ValueError):
        return False
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        except PermissionError:
            pass  # another user's process: it runs
        return True
    return False


def find_bootstrap() -> Bootstrap:
    """``KHABAR_BOOTSTRAP``; else the broker ``scripts/kafka-local up`` started (``default``,
    or the only one running under another ``--name``); else 127.0.0.1:9092."""
    if explicit := os.environ.get("KHABAR_BOOTSTRAP"):
        return Bootstrap(explicit, "set by KHABAR_BOOTSTRAP")
    running = sorted(
        file.parent.name
        for file in LOCAL_BROKER_STATE.glob("*/bootstrap")
        if _running(file.parent)
    )
    chosen = "default" if "default" in running else running[0] if len(running) == 1 else None
    if chosen:
        file = LOCAL_BROKER_STATE / chosen / "bootstrap"
        return Bootstrap(file.read_text().strip(), f"written by scripts/kafka-local to {file}")
    state = LOCAL_BROKER_STATE.absolute()
    found = (
        f"scripts/kafka-local runs several brokers under {state} ({', '.join(running)})"
        if running else f"no scripts/kafka-local broker runs under {state}"
    )
    return Bootstrap(
        "127.0.0.1:9092",
        f"the default address: KHABAR_BOOTSTRAP is not set and {found}; set KHABAR_BOOTSTRAP "
        "(or --bootstrap), or start one with scripts/kafka-local up",
        guessed=True,
    )


@dataclass(frozen=True, slots=True)
class TopicNames:
    raw: str
    articles: str
    duplicates: str
    deadletter: str
    events: str


@dataclass(frozen=True, slots=True)
class KafkaSecurity:
    """How to reach a secured broker: TLS, SASL (PLAIN or SCRAM), or both.

    The password never appears in ``repr``, so settings can be logged whole.
    """

    protocol: str = "PLAINTEXT"  # PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
    sasl_mechanism: str = "PLAIN"  # PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
    sasl_username: str | None = None
    sasl_password: str | None = field(default=None, repr=False)
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None

    @property
    def uses_tls(self) -> bool:
        return self.protocol in ("SSL", "SASL_SSL")

    @property
    def uses_sasl(self) -> bool:
        return self.protocol.startswith("SASL_")

    def ssl_context(self) -> ssl.SSLContext | None:
        if not self.uses_tls:
            return None
        context = ssl.create_default_context(cafile=self.ssl_cafile)
        if self.ssl_certfile:
            context.load_cert_chain(self.ssl_certfile, self.ssl_keyfile)
        return context

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for aiokafka's producer, consumer and admin clients."""
        options: dict[str, Any] = {"security_protocol": self.protocol}
        if self.uses_tls:
            options["ssl_context"] = self.ssl_context()
        if self.uses_sasl:
            options.update(
                sasl_mechanism=self.sasl_mechanism,
                sasl_plain_username=self.sasl_username,
                sasl_plain_password=self.sasl_password,
            )
        return options

    def faust_credentials(self) -> Any:
        """``broker_credentials`` for the Faust app; None for a plaintext broker."""
        import faust  # deferred: the CLI's light commands do not load Faust

        if self.uses_sasl:
            return faust.SASLCredentials(
                username=self.sasl_username,
                password=self.sasl_password,
                ssl_context=self.ssl_context(),
                mechanism=self.sasl_mechanism,
            )
        if self.uses_tls:
            return faust.SSLCredentials(self.ssl_context())
        return None

    @classmethod
    def from_env(cls) -> KafkaSecurity:
        security = cls(
            protocol=_env("KHABAR_SECURITY_PROTOCOL", "PLAINTEXT").upper(),
            sasl_mechanism=_env("KHABAR_SASL_MECHANISM", "PLAIN").upper(),
            sasl_username=os.environ.get("KHABAR_SASL_USERNAME"),
            sasl_password=os.environ.get("KHABAR_SASL_PASSWORD"),
            ssl_cafile=os.environ.get("KHABAR_SSL_CAFILE"),
            ssl_certfile=os.environ.get("KHABAR_SSL_CERTFILE"),
            ssl_keyfile=os.environ.get("KHABAR_SSL_KEYFILE"),
        )
        if security.protocol not in ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"):
            raise SettingsError(f"KHABAR_SECURITY_PROTOCOL: unknown protocol {security.protocol!r}")
        if security.uses_sasl and security.sasl_mechanism not in (
            "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"
        ):
            raise SettingsError(f"KHABAR_SASL_MECHANISM: unsupported {security.sasl_mechanism!r}")
        if security.uses_sasl and not (security.sasl_username and security.sasl_password):
            raise SettingsError("SASL needs KHABAR_SASL_USERNAME and KHABAR_SASL_PASSWORD")
        return security


# The Faust tables that hold the dedup index and the event index.
DEDUP_TABLE = "dedup-index"
EVENTS_TABLE = "event-index"


@dataclass(frozen=True, slots=True)
class Settings:
    bootstrap: str
    app_id: str
    topics: TopicNames
    raw_partitions: int
    output_partitions: int
    replication_factor: int
    min_insync_replicas: int
    store: str
    data_dir: str
    web_host: str
    web_port: int
    faust_web_pages: bool
    processing_guarantee: str
    session_timeout_s: float
    publish_duplicates: bool
    dedup_window_days: float
    events_window_days: float
    max_story_bytes: int
    story_time_budget_ms: float
    log_format: str
    security: KafkaSecurity
    dedup_hold_ms: int
    test_crash_after_decisions: int | None

    def dedup(self) -> DedupSettings:
        return DedupSettings(window_ms=round(self.dedup_window_days * 24 * 3600 * 1000))

    def events(self) -> EventSettings:
        # Deferred: pipeline.events loads the dates stage, which the light commands skip.
        from pipeline.events import EventSettings

        return EventSettings(window_days=self.events_window_days)

    @property
    def analysed_topic(self) -> str:
        """The internal topic between the two agents (one partition)."""
        return f"{self.app_id}-analysed"

    @property
    def dedup_changelog_topic(self) -> str:
        """The changelog Faust keeps for the dedup table, named as Faust names it."""
        return f"{self.app_id}-{DEDUP_TABLE}-changelog"

    @property
    def events_changelog_topic(self) -> str:
        return f"{self.app_id}-{EVENTS_TABLE}-changelog"

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            bootstrap=find_bootstrap().address,
            app_id=_env("KHABAR_APP_ID", "khabar"),
            topics=TopicNames(
                raw=_env("KHABAR_TOPIC_RAW", "news.raw"),
                articles=_env("KHABAR_TOPIC_ARTICLES", "news.articles"),
                duplicates=_env("KHABAR_TOPIC_DUPLICATES", "news.duplicates"),
                deadletter=_env("KHABAR_TOPIC_DEADLETTER", "news.deadletter"),
                events=_env("KHABAR_TOPIC_EVENTS", "news.events"),
            ),
            raw_partitions=number(int, "KHABAR_RAW_PARTITIONS", "8"),
            output_partitions=number(int, "KHABAR_OUTPUT_PARTITIONS", "4"),
            replication_factor=number(int, "KHABAR_REPLICATION_FACTOR", "1"),
            min_insync_replicas=number(int, "KHABAR_MIN_INSYNC_REPLICAS", "1"),
            store=_env("KHABAR_STORE", "memory://"),
            data_dir=_env("KHABAR_DATA_DIR", "var/worker"),
            web_host=_env("KHABAR_WEB_HOST", "127.0.0.1"),
            web_port=number(int, "KHABAR_WEB_PORT", "6066"),
            # Faust's own pages beside Khabar's: /router/ and /table/<name>/<key>/ hand
            # out the dedup index's records to anyone who reaches the port.
            faust_web_pages=_flag("KHABAR_WEB_FAUST_PAGES", False),
            processing_guarantee=_env("KHABAR_PROCESSING_GUARANTEE", "at_least_once"),
            # How long a silent worker keeps its partitions: after a crash, its stories
            # wait this long for another worker. Faust's default.
            session_timeout_s=number(float, "KHABAR_SESSION_TIMEOUT_S", "60"),
            publish_duplicates=_flag("KHABAR_PUBLISH_DUPLICATES", False),
            dedup_window_days=number(float, "KHABAR_DEDUP_WINDOW_DAYS", "7"),
            # An event takes no more stories this long after its latest one.
            events_window_days=number(float, "KHABAR_EVENTS_WINDOW_DAYS", "3"),
            max_story_bytes=number(int, "KHABAR_MAX_STORY_BYTES", str(2 * 1024 * 1024)),
            # pipeline.stages.DEFAULT_STORY_TIME_BUDGET_MS, not imported: it loads every stage.
            story_time_budget_ms=number(float, "KHABAR_STORY_TIME_BUDGET_MS", "5000"),
            log_format=_env("KHABAR_LOG_FORMAT", "text"),
            security=KafkaSecurity.from_env(),
            # How long the dedup shard may hold a story back so that copies arriving out
            # of order across raw partitions are decided in time order; 0 turns it off.
            dedup_hold_ms=number(int, "KHABAR_DEDUP_HOLD_MS", "2000"),
            # TEST ONLY, never in production: the dedup agent kills its process
            # (exit 137, as kill -9) at its N-th decision, once the dedup table's changelog
            # is on the broker and before any output record of that story is sent, so
            # crash tests can stop a worker exactly between the two.
            test_crash_after_decisions=(
                number(int, "KHABAR_TEST_CRASH_AFTER_DECISIONS", "0") or None
            ),
        )
