"""The worker and the CLI on a broker that wants SASL: PLAIN and SCRAM-SHA-256 over the
SASL_PLAINTEXT listener of this module's own ``scripts/kafka-local up --sasl`` broker.

Every client here (``khabar topics``, the worker, the tests' own producer and reader) is
given that listener only, so each one must authenticate with the KHABAR_SASL_* settings.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from agents.kafka_io import topic_partitions
from agents.settings import KafkaSecurity
from tests.integration.harness import (
    SASL_PASSWORD,
    SASL_USER,
    Worker,
    isolated_env,
    local_cluster,
    produce,
    run_cli,
    wait_for_articles,
)
from tests.integration.story_factory import invented_stories

pytestmark = pytest.mark.integration

MECHANISMS = ["PLAIN", "SCRAM-SHA-256"]
STORY_COUNT = 12
TOPIC_KINDS = ("RAW", "ARTICLES", "DUPLICATES", "DEADLETTER")
WRONG_PASSWORD = "not-" + SASL_PASSWORD
# What aiokafka logs when the broker refuses the credentials, for either mechanism.
AUTHENTICATION_FAILED = "SaslAuthenticationFailed"


@pytest.fixture(scope="module")
def sasl_bootstrap() -> Iterator[str]:
    with local_cluster(prefix="sasl", sasl=True) as cluster:
        assert cluster.sasl_bootstrap
        yield cluster.sasl_bootstrap


def sasl_settings(
    bootstrap: str, workdir: Path, mechanism: str, password: str = SASL_PASSWORD
) -> tuple[dict[str, str], KafkaSecurity]:
    """A test's environment for the worker and the CLI, and the same security for its
    own clients."""
    security = KafkaSecurity("SASL_PLAINTEXT", mechanism, SASL_USER, password)
    env = isolated_env(
        bootstrap, workdir,
        KHABAR_SECURITY_PROTOCOL=security.protocol,
        KHABAR_SASL_MECHANISM=mechanism,
        KHABAR_SASL_USERNAME=SASL_USER,
        KHABAR_SASL_PASSWORD=password,
    )
    return env, security


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_khabar_topics_creates_the_topics_with_their_partitions_over_sasl(
    sasl_bootstrap, tmp_path, mechanism
):
    env, security = sasl_settings(sasl_bootstrap, tmp_path, mechanism)
    run_cli(env, "topics")
    raw, *outputs = (env[f"KHABAR_TOPIC_{kind}"] for kind in TOPIC_KINDS)
    partitions = asyncio.run(topic_partitions(sasl_bootstrap, [raw, *outputs], security))
    # The defaults of KHABAR_RAW_PARTITIONS and KHABAR_OUTPUT_PARTITIONS, not the broker's 1.
    assert Counter(tp.topic for tp in partitions) == {raw: 8, **dict.fromkeys(outputs, 4)}


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_stories_produced_over_sasl_come_out_as_articles_read_over_sasl(
    sasl_bootstrap, tmp_path, mechanism
):
    env, security = sasl_settings(sasl_bootstrap, tmp_path, mechanism)
    run_cli(env, "topics")
    produce(sasl_bootstrap, env["KHABAR_TOPIC_RAW"], invented_stories(STORY_COUNT), security)
    worker = Worker(env, tmp_path / "worker.log").start()
    try:
        collected = wait_for_articles(env, [worker], STORY_COUNT, timeout=180, security=security)
    finally:
        worker.stop()
    articles = collected.of_kind(env["KHABAR_TOPIC_ARTICLES"], "article")
    assert {article["id"] for article in articles} == {f"story-{i}" for i in range(STORY_COUNT)}


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_khabar_topics_with_a_wrong_password_exits_non_zero_naming_the_authentication_failure(
    sasl_bootstrap, tmp_path, mechanism
):
    env, _ = sasl_settings(sasl_bootstrap, tmp_path, mechanism, WRONG_PASSWORD)
    with pytest.raises(subprocess.CalledProcessError) as failed:
        run_cli(env, "topics")
    assert AUTHENTICATION_FAILED in failed.value.stderr.decode()


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_a_worker_with_a_wrong_password_exits_at_once_naming_the_authentication_failure(
    sasl_bootstrap, tmp_path, mechanism
):
    env, _ = sasl_settings(sasl_bootstrap, tmp_path, mechanism, WRONG_PASSWORD)
    worker = Worker(env, tmp_path / "worker.log").start()
    try:
        # Refused credentials are final: the worker must stop, not retry them forever.
        assert worker.exit_code(timeout=60) != 0
    finally:
        worker.stop()
    assert AUTHENTICATION_FAILED in worker.log.read_text(errors="replace")
