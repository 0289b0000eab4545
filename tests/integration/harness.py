"""Running real Khabar workers against a real broker, and reading what they publish."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from agents.kafka_io import PLAINTEXT, topic_partitions
from agents.settings import KafkaSecurity

REPO = Path(__file__).resolve().parents[2]
KAFKA_LOCAL = REPO / "scripts" / "kafka-local"
# Generous: the first run also fetches the Kafka jars with Maven.
UP_TIMEOUT_S = 600
# The user that ``scripts/kafka-local up --sasl`` creates, for PLAIN and SCRAM alike.
SASL_USER = "khabar"
SASL_PASSWORD = "khabar-secret"
# Where ``scripts/kafka-local up --tls`` puts, in the cluster's folder, the certificate
# its TLS listeners present: self-signed, so it is the clients' CA file as well.
CA_FILE = "ca.pem"
# How many partitions ``khabar topics`` gives each kind of topic (the KHABAR_TOPIC_<kind>
# variables): the defaults of KHABAR_RAW_PARTITIONS and KHABAR_OUTPUT_PARTITIONS, not the
# broker's 1.
DEFAULT_PARTITIONS = {"RAW": 8, "ARTICLES": 4, "DUPLICATES": 4, "DEADLETTER": 4, "EVENTS": 4}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(bootstrap: str, workdir: Path, **overrides: str) -> dict[str, str]:
    """Settings for one test: its own topics, consumer group and data, so tests never mix."""
    run = uuid.uuid4().hex[:8]
    env = {
        **os.environ,
        "KHABAR_BOOTSTRAP": bootstrap,
        "KHABAR_APP_ID": f"khabar-test-{run}",
        "KHABAR_TOPIC_RAW": f"test-{run}.raw",
        "KHABAR_TOPIC_ARTICLES": f"test-{run}.articles",
        "KHABAR_TOPIC_DUPLICATES": f"test-{run}.duplicates",
        "KHABAR_TOPIC_DEADLETTER": f"test-{run}.deadletter",
        "KHABAR_TOPIC_EVENTS": f"test-{run}.events",
        "KHABAR_DATA_DIR": str(workdir / "worker-data"),
        "KHABAR_WEB_PORT": str(free_port()),
        "PYTHONUNBUFFERED": "1",
    }
    env.update(overrides)
    return env


def second_worker_env(env: dict[str, str], data_dir: Path) -> dict[str, str]:
    """``env`` for one more worker in the same group: its own data folder and web port
    (a port next to the first one's may be taken by another process)."""
    return {**env, "KHABAR_WEB_PORT": str(free_port()), "KHABAR_DATA_DIR": str(data_dir)}


def secured_env(bootstrap: str, workdir: Path, security: KafkaSecurity) -> dict[str, str]:
    """``isolated_env`` for a worker and CLI that reach the broker with ``security``."""
    settings = {
        "KHABAR_SECURITY_PROTOCOL": security.protocol,
        "KHABAR_SASL_MECHANISM": security.sasl_mechanism,
        "KHABAR_SASL_USERNAME": security.sasl_username,
        "KHABAR_SASL_PASSWORD": security.sasl_password,
        "KHABAR_SSL_CAFILE": security.ssl_cafile,
        "KHABAR_SSL_CERTFILE": security.ssl_certfile,
        "KHABAR_SSL_KEYFILE": security.ssl_keyfile,
    }
    env = isolated_env(bootstrap, workdir)
    for name, value in settings.items():
        if value:
            env[name] = value
        else:  # unset means unset: a CA file or user from the developer's shell must not leak in
            env.pop(name, None)
    return env


class Worker:
    """A ``khabar worker`` subprocess with its own log file."""

    def __init__(self, env: dict[str, str], log: Path, loglevel: str = "info") -> None:
        self.env = env
        self.log = log
        self.loglevel = loglevel
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "agents.cli", "worker", "--loglevel", self.loglevel],
            cwd=REPO,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        return self

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        """Die like a crashed machine: no shutdown, no commit, no flush."""
        self.stop(signal.SIGKILL)

    def exit_code(self, timeout: float) -> int:
        """The code the worker exits with by itself; if it still runs after ``timeout``,
        kills it and fails."""
        assert self.process is not None, "the worker was never started"
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"worker still runs after {timeout} s:\n{self.tail()}") from None

    def assert_alive(self) -> None:
        assert self.process is not None and self.process.poll() is None, (
            f"worker exited with {self.process.returncode}; log:\n{self.tail()}"
        )

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def get(self, path: str) -> tuple[int, bytes]:
        """Status and body of a page of the worker's web server."""
        url = f"http://127.0.0.1:{self.env['KHABAR_WEB_PORT']}{path}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def wait_for_page(self, path: str, status: int = 200, timeout: float = 90) -> bytes:
        """The page's body once it answers with ``status``; fails after ``timeout``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.assert_alive()
            try:
                code, body = self.get(path)
            except OSError:  # the web server is not listening yet
                code, body = 0, b""
            if code == status:
                return body
            time.sleep(0.5)
        raise AssertionError(f"{path} did not answer {status} in {timeout} s:\n{self.tail()}")


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "agents.cli", *args],
        cwd=REPO, env=env, capture_output=True, check=True, timeout=120,
    )


async def _produce(
    bootstrap: str, topic: str, values: Iterable[bytes], security: KafkaSecurity,
    partition: int | None,
) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", max_request_size=32 * 1024 * 1024,
        **security.client_options(),
    )
    await producer.start()
    try:
        futures = [await producer.send(topic, value, partition=partition) for value in values]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


def produce(
    bootstrap: str, topic: str, values: Iterable[bytes], security: KafkaSecurity = PLAINTEXT,
    partition: int | None = None,
) -> None:
    """``values`` to ``partition``, or spread by the producer's partitioner."""
    asyncio.run(_produce(bootstrap, topic, values, security, partition))


@dataclass
class Collected:
    """Every record read so far from the output topics, decoded."""

    records: dict[str, list[dict]] = field(default_factory=dict)

    def of_kind(self, topic: str, kind: str) -> list[dict]:
        return [r for r in self.records.get(topic, []) if r.get("kind") == kind]


async def _collect(
    bootstrap: str,
    topics: list[str],
    done: Callable[[Collected], bool],
    timeout: float,
    security: KafkaSecurity,
) -> Collected:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level="read_committed",
        **security.client_options(),
    )
    partitions = await topic_partitions(bootstrap, topics, security)
    await consumer.start()
    collected = Collected({topic: [] for topic in topics})
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not done(collected):
            batch = await consumer.getmany(timeout_ms=500)
            for tp, messages in batch.items():
                collected.records[tp.topic].extend(orjson.loads(m.value) for m in messages)
    finally:
        await consumer.stop()
    return collected


def ids_count(records: list[dict]) -> Counter[str]:
    """How many times each story id was published."""
    return Counter(record["id"] for record in records)


def collect(
    bootstrap: str,
    topics: list[str],
    done: Callable[[Collected], bool],
    timeout: float = 180,
    security: KafkaSecurity = PLAINTEXT,
) -> Collected:
    """Read the topics from the beginning until ``done`` says so, or the timeout passes."""
    return asyncio.run(_collect(bootstrap, topics, done, timeout, security))


def settle(bootstrap: str, topics: list[str], seconds: float = 5) -> Collected:
    """Everything on the topics after waiting ``seconds`` more: catches late doubles."""
    return collect(bootstrap, topics, lambda _: False, timeout=seconds)


def wait_for_articles(
    env, workers: list[Worker], count: int, timeout: float = 300,
    security: KafkaSecurity = PLAINTEXT,
) -> Collected:
    """The output so far, once ``count`` distinct articles are out."""
    articles = env["KHABAR_TOPIC_ARTICLES"]
    seen: set[str] = set()
    read = 0  # records already looked at: each poll looks at the new ones only

    def done(collected: Collected) -> bool:
        nonlocal read
        for worker in workers:
            worker.assert_alive()
        records = collected.records[articles]
        seen.update(r["id"] for r in records[read:] if r.get("kind") == "article")
        read = len(records)
        return len(seen) >= count

    collected = collect(env["KHABAR_BOOTSTRAP"], [articles], done, timeout, security)
    assert done(collected), "\n".join(worker.tail() for worker in workers)
    return collected


def partitions_after_khabar_topics(env: dict[str, str], security: KafkaSecurity) -> Counter[str]:
    """Run ``khabar topics``, then count the partitions of the test's topics, by kind (RAW,
    ARTICLES, ...), as a client with ``security`` sees them."""
    run_cli(env, "topics")
    kinds = {env[f"KHABAR_TOPIC_{kind}"]: kind for kind in DEFAULT_PARTITIONS}
    partitions = asyncio.run(topic_partitions(env["KHABAR_BOOTSTRAP"], list(kinds), security))
    return Counter(kinds[tp.topic] for tp in partitions)


def articles_of_a_worker(
    env: dict[str, str], security: KafkaSecurity, stories: list[bytes], log: Path,
    loglevel: str = "info",
) -> set[str]:
    """The ids of the articles a worker makes of ``stories``, once there is one per story:
    ``khabar topics``, the worker and the test's producer and reader all use ``security``."""
    run_cli(env, "topics")
    produce(env["KHABAR_BOOTSTRAP"], env["KHABAR_TOPIC_RAW"], stories, security)
    worker = Worker(env, log, loglevel).start()
    try:
        collected = wait_for_articles(env, [worker], len(stories), timeout=180, security=security)
    finally:
        worker.stop()
    return {article["id"] for article in collected.of_kind(env["KHABAR_TOPIC_ARTICLES"], "article")}


def refused_cli(env: dict[str, str], *args: str) -> subprocess.CalledProcessError:
    """The failure of a ``khabar`` command the broker must refuse; fails if it succeeds."""
    try:
        run_cli(env, *args)
    except subprocess.CalledProcessError as failure:
        return failure
    raise AssertionError(f"khabar {' '.join(args)} succeeded against a broker that must refuse it")


def refused_worker(env: dict[str, str], log: Path, timeout: float = 60) -> tuple[int, str]:
    """The exit code and log of a worker the broker must refuse: refusal is final, so
    the worker must stop by itself within ``timeout``, not retry forever."""
    worker = Worker(env, log).start()
    return worker.exit_code(timeout), log.read_text(errors="replace")


# The fields in which two deliveries of one decision may differ: an article's
# ``processing`` (timings, source offset) and whether a notice is its first sending or
# a later one (a redelivered story re-sends its cluster's notices flagged correction).
DELIVERY_FIELDS: dict[str, tuple[str, ...]] = {"article": ("processing",),
                                               "duplicate": ("correction",)}


def consumer_view(records: Iterable[dict]) -> dict[tuple[str, str], dict]:
    """What a consumer keeping the last record per (``kind``, ``id``) ends with, delivery
    fields left out; ``records`` in each partition's order (records of one id share a
    key, so a partition)."""
    view: dict[tuple[str, str], dict] = {}
    for record in records:
        left_out = DELIVERY_FIELDS.get(record["kind"], ())
        view[record["kind"], record["id"]] = {
            name: value for name, value in record.items() if name not in left_out
        }
    return view


def assert_each_story_once_in_the_consumer_view(env, expected_ids: set[str]) -> None:
    """Every story is an article; copies published again after a crash are the same
    article; and no story was judged a duplicate of itself."""
    articles, duplicates = env["KHABAR_TOPIC_ARTICLES"], env["KHABAR_TOPIC_DUPLICATES"]
    output = settle(env["KHABAR_BOOTSTRAP"], [articles, duplicates])
    published = output.of_kind(articles, "article")
    assert set(ids_count(published)) == expected_ids
    texts: dict[str, str] = {}
    for article in published:
        assert texts.setdefault(article["id"], article["text"]) == article["text"]
    assert not {notice["id"] for notice in output.records[duplicates]} & expected_ids


@dataclass
class LocalCluster:
    """A broker (or cluster) of this test's own from ``scripts/kafka-local``, whose nodes
    can be stopped and started again with their data, as a machine reboots."""

    name: str
    bootstrap: str
    folder: Path
    sasl_bootstrap: str | None = None  # the SASL_PLAINTEXT listener, with ``sasl=True``
    tls_bootstrap: str | None = None  # the SSL listener, with ``tls=True``
    sasl_tls_bootstrap: str | None = None  # the SASL_SSL listener, with both
    ca_file: Path | None = None  # what the TLS listeners' clients trust, with ``tls=True``
    stopped: dict[int, list[str]] = field(default_factory=dict)

    def node_pid(self, node: int) -> int:
        for line in (self.folder / "pid").read_text().split():
            try:
                command = Path(f"/proc/{line}/cmdline").read_bytes()
            except FileNotFoundError:
                continue
            if f"/node-{node}/server.properties".encode() in command:
                return int(line)
        raise AssertionError(f"node {node} of {self.name} is not running")

    def stop_node(self, node: int, sig: int = signal.SIGTERM, timeout: float = 60) -> None:
        """Stop one node, keeping its data and command line to start it again."""
        pid = self.node_pid(node)
        self.stopped[node] = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]
        os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not Path(f"/proc/{pid}").exists(), f"node {node} still runs after {timeout} s"

    def start_node(self, node: int) -> None:
        """Start a stopped node on its old data; ``scripts/kafka-local down`` still stops it."""
        console = (self.folder / f"node-{node}" / "console.log").open("ab")
        process = subprocess.Popen(
            self.stopped.pop(node), stdin=subprocess.DEVNULL, stdout=console,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
        with (self.folder / "pid").open("a") as pids:
            pids.write(f"{process.pid}\n")
        self._wait_for_listener(node)

    def _wait_for_listener(self, node: int, timeout: float = 90) -> None:
        properties = (self.folder / f"node-{node}" / "server.properties").read_text()
        port = int(properties.split("listeners=PLAINTEXT://127.0.0.1:", 1)[1].split(",", 1)[0])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.25)
        raise AssertionError(f"node {node} did not listen on {port} within {timeout} s")


def _listener(name: str, *options: str) -> str:
    """The address ``scripts/kafka-local bootstrap`` gives for cluster ``name``'s listener
    of ``options`` (``--sasl``, ``--tls``)."""
    return subprocess.run(
        [KAFKA_LOCAL, "bootstrap", *options, "--name", name],
        cwd=REPO, stdout=subprocess.PIPE, text=True, timeout=60, check=True,
    ).stdout.strip()


@contextmanager
def local_cluster(
    nodes: int = 1,
    prefix: str = "reliability",
    sasl: bool = False,
    tls: bool = False,
    client_ca: Path | None = None,
) -> Iterator[LocalCluster]:
    """A fresh ``scripts/kafka-local`` cluster of its own name, always taken down after.
    With ``sasl``, one broker that also has a SASL_PLAINTEXT listener for ``SASL_USER``;
    with ``tls``, an SSL one (and with both, SASL_SSL) whose certificate is in ``ca_file``;
    with ``client_ca`` (a PEM file) too, the SSL listener requires client certificates
    that this CA signed.

    ``kafka-local`` reports on stderr, which is left alone: on a failure the caller's
    output (pytest's capture, the bench's terminal) holds the broker's last log lines.
    """
    name = f"{prefix}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    state = Path(os.environ.get("KHABAR_STATE", "var/kafka"))
    folder = state if state.is_absolute() else REPO / state
    try:
        options = ["--sasl"] * sasl + ["--tls"] * tls
        if client_ca:
            options += ["--client-ca", str(client_ca)]
        started = subprocess.run(
            [KAFKA_LOCAL, "up", "--name", name, "--nodes", str(nodes), *options],
            cwd=REPO, stdout=subprocess.PIPE, text=True, timeout=UP_TIMEOUT_S, check=True,
        )
        yield LocalCluster(
            name,
            started.stdout.strip().splitlines()[-1],
            folder / name,
            sasl_bootstrap=_listener(name, "--sasl") if sasl else None,
            tls_bootstrap=_listener(name, "--tls") if tls else None,
            sasl_tls_bootstrap=_listener(name, "--sasl", "--tls") if sasl and tls else None,
            ca_file=folder / name / CA_FILE if tls else None,
        )
    finally:
        subprocess.run([KAFKA_LOCAL, "down", "--name", name], cwd=REPO, check=False, timeout=120)
        shutil.rmtree(folder / name, ignore_errors=True)


@contextmanager
def given_or_local_broker(prefix: str) -> Iterator[str]:
    """``KHABAR_BOOTSTRAP`` when set, else the address of a fresh single-node broker."""
    if explicit := os.environ.get("KHABAR_BOOTSTRAP"):
        yield explicit
        return
    with local_cluster(prefix=prefix) as cluster:
        yield cluster.bootstrap


async def record_count(bootstrap: str, topics: Sequence[str]) -> int:
    """Records ever written to the topics (nothing here is old enough to be deleted)."""
    partitions = await topic_partitions(bootstrap, topics)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        return sum((await consumer.end_offsets(partitions)).values())
    finally:
        await consumer.stop()
