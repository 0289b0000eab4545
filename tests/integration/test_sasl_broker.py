"""The worker and the CLI on a broker that wants SASL: PLAIN, SCRAM-SHA-256 and -512 over the
SASL_PLAINTEXT listener of this module's own ``scripts/kafka-local up --sasl`` broker.

Every client here (``khabar topics``, the worker, the tests' own producer and reader) is
given that listener only, so each one must authenticate with the KHABAR_SASL_* settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from agents.settings import KafkaSecurity
from tests.integration.harness import (
    DEFAULT_PARTITIONS,
    SASL_PASSWORD,
    SASL_USER,
    articles_of_a_worker,
    local_cluster,
    partitions_after_khabar_topics,
    refused_cli,
    refused_worker,
    secured_env,
)
from tests.integration.story_factory import invented_stories, story_ids

pytestmark = pytest.mark.integration

MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]
STORY_COUNT = 12
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
    return secured_env(bootstrap, workdir, security), security


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_khabar_topics_creates_the_topics_with_their_partitions_over_sasl(
    sasl_bootstrap, tmp_path, mechanism
):
    env, security = sasl_settings(sasl_bootstrap, tmp_path, mechanism)
    assert partitions_after_khabar_topics(env, security) == DEFAULT_PARTITIONS


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_stories_produced_over_sasl_come_out_as_articles_read_over_sasl(
    sasl_bootstrap, tmp_path, mechanism
):
    env, security = sasl_settings(sasl_bootstrap, tmp_path, mechanism)
    stories = invented_stories(STORY_COUNT)
    articles = articles_of_a_worker(env, security, stories, tmp_path / "worker.log")
    assert articles == set(story_ids(STORY_COUNT))


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_khabar_topics_with_a_wrong_password_exits_non_zero_naming_the_authentication_failure(
    sasl_bootstrap, tmp_path, mechanism
):
    env, _ = sasl_settings(sasl_bootstrap, tmp_path, mechanism, WRONG_PASSWORD)
    assert AUTHENTICATION_FAILED in refused_cli(env, "topics").stderr.decode()


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_a_worker_with_a_wrong_password_exits_at_once_naming_the_authentication_failure(
    sasl_bootstrap, tmp_path, mechanism
):
    env, _ = sasl_settings(sasl_bootstrap, tmp_path, mechanism, WRONG_PASSWORD)
    code, log = refused_worker(env, tmp_path / "worker.log")
    assert code != 0
    assert AUTHENTICATION_FAILED in log


def test_a_worker_logging_at_debug_over_sasl_plain_never_writes_the_password(
    sasl_bootstrap, tmp_path
):
    """aiokafka logs SASL PLAIN's authentication request, password included, at DEBUG."""
    env, security = sasl_settings(sasl_bootstrap, tmp_path, "PLAIN")
    stories = invented_stories(STORY_COUNT)
    log = tmp_path / "worker.log"
    articles = articles_of_a_worker(env, security, stories, log, loglevel="debug")
    assert articles == set(story_ids(STORY_COUNT))
    written = log.read_text(errors="replace")
    assert "SaslAuthenticateRequest" in written  # the request was logged ...
    assert SASL_PASSWORD not in written  # ... without the password
    # Faust's log format escapes the backslashes of the bytes' repr once more.
    assert re.search(rf"sasl_auth_bytes=b'{SASL_USER}\\+x00{SASL_USER}\\+x00\*\*\*'", written)
