"""The worker and the CLI on a broker that speaks TLS: the SSL and SASL_SSL listeners of
this module's own ``scripts/kafka-local up --tls --sasl`` broker, whose self-signed
certificate for 127.0.0.1 is the clients' CA file.

Every client here (``khabar topics``, the worker, the tests' own producer and reader) is
given one TLS listener only, so each one must verify the broker's certificate, and its
address, with KHABAR_SSL_CAFILE; a client without it has the system's CAs only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from agents.settings import KafkaSecurity
from tests.integration.harness import (
    DEFAULT_PARTITIONS,
    SASL_PASSWORD,
    SASL_USER,
    LocalCluster,
    articles_of_a_worker,
    local_cluster,
    partitions_after_khabar_topics,
    refused_cli,
    refused_worker,
    secured_env,
)
from tests.integration.story_factory import invented_stories, story_ids

pytestmark = pytest.mark.integration

# TLS alone, and SASL over TLS (its mechanisms are all tested over SASL_PLAINTEXT).
SECURITIES = {
    "SSL": KafkaSecurity("SSL"),
    "SASL_SSL": KafkaSecurity("SASL_SSL", "SCRAM-SHA-256", SASL_USER, SASL_PASSWORD),
}
STORY_COUNT = 12
# OpenSSL's reason, in what aiokafka logs of the broker it could not reach.
VERIFY_FAILED = "CERTIFICATE_VERIFY_FAILED"


@pytest.fixture(scope="module")
def tls_cluster() -> Iterator[LocalCluster]:
    with local_cluster(prefix="tls", sasl=True, tls=True) as cluster:
        assert cluster.tls_bootstrap and cluster.sasl_tls_bootstrap and cluster.ca_file
        yield cluster


def tls_settings(
    cluster: LocalCluster, workdir: Path, protocol: str, trusted: bool = True
) -> tuple[dict[str, str], KafkaSecurity]:
    """A test's environment for the worker and the CLI on the cluster's ``protocol``
    listener, and the same security for its own clients. ``trusted`` clients have the
    broker's certificate as CA file; the others, the system's CAs."""
    bootstrap = {"SSL": cluster.tls_bootstrap, "SASL_SSL": cluster.sasl_tls_bootstrap}[protocol]
    assert bootstrap
    security = replace(
        SECURITIES[protocol], ssl_cafile=str(cluster.ca_file) if trusted else None
    )
    return secured_env(bootstrap, workdir, security), security


@pytest.mark.parametrize("protocol", SECURITIES)
def test_khabar_topics_creates_the_topics_with_their_partitions_over_tls(
    tls_cluster, tmp_path, protocol
):
    env, security = tls_settings(tls_cluster, tmp_path, protocol)
    assert partitions_after_khabar_topics(env, security) == DEFAULT_PARTITIONS


@pytest.mark.parametrize("protocol", SECURITIES)
def test_stories_produced_over_tls_come_out_as_articles_read_over_tls(
    tls_cluster, tmp_path, protocol
):
    env, security = tls_settings(tls_cluster, tmp_path, protocol)
    stories = invented_stories(STORY_COUNT)
    articles = articles_of_a_worker(env, security, stories, tmp_path / "worker.log")
    assert articles == set(story_ids(STORY_COUNT))


@pytest.mark.parametrize("protocol", SECURITIES)
def test_khabar_topics_that_does_not_trust_the_certificate_exits_1_naming_the_verification_failure(
    tls_cluster, tmp_path, protocol
):
    env, _ = tls_settings(tls_cluster, tmp_path, protocol, trusted=False)
    failed = refused_cli(env, "topics")
    assert failed.returncode == 1
    assert VERIFY_FAILED in failed.stderr.decode()


@pytest.mark.parametrize("protocol", SECURITIES)
def test_a_worker_that_does_not_trust_the_certificate_exits_at_once_naming_the_verification_failure(
    tls_cluster, tmp_path, protocol
):
    env, _ = tls_settings(tls_cluster, tmp_path, protocol, trusted=False)
    code, log = refused_worker(env, tmp_path / "worker.log")
    assert code == 1
    assert VERIFY_FAILED in log
