"""The worker and the CLI on a broker that requires client certificates (mutual TLS):
the SSL listener of this module's own ``scripts/kafka-local up --tls --client-ca`` broker,
which trusts only certificates that a throwaway CA of this module signed.

A client proves who it is with KHABAR_SSL_CERTFILE and KHABAR_SSL_KEYFILE; one without
them, or with a certificate of another CA, is refused in the TLS handshake.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme

from agents.settings import KafkaSecurity
from tests.integration.harness import (
    DEFAULT_PARTITIONS,
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

STORY_COUNT = 12


@dataclass(frozen=True)
class ClientCertificate:
    """A client's certificate chain and private key, as PEM files."""

    certfile: Path
    keyfile: Path


def client_certificate(ca: trustme.CA, folder: Path) -> ClientCertificate:
    """A certificate for the client «khabar-worker», signed by ``ca``, written to ``folder``."""
    issued = ca.issue_cert("khabar-worker")
    folder.mkdir(parents=True, exist_ok=True)
    certificate = ClientCertificate(folder / "client.pem", folder / "client.key")
    issued.private_key_pem.write_to_path(str(certificate.keyfile))
    with certificate.certfile.open("wb") as chain:
        for blob in issued.cert_chain_pems:
            chain.write(blob.bytes())
    return certificate


@dataclass(frozen=True)
class MutualTls:
    cluster: LocalCluster
    trusted: ClientCertificate  # signed by the CA the broker trusts
    stranger: ClientCertificate  # signed by another CA


@pytest.fixture(scope="module")
def mutual_tls(tmp_path_factory) -> Iterator[MutualTls]:
    folder = tmp_path_factory.mktemp("mtls")
    clients_ca, other_ca = trustme.CA(), trustme.CA()
    clients_ca.cert_pem.write_to_path(str(folder / "clients-ca.pem"))
    trusted = client_certificate(clients_ca, folder / "trusted")
    stranger = client_certificate(other_ca, folder / "stranger")
    with local_cluster(prefix="mtls", tls=True, client_ca=folder / "clients-ca.pem") as cluster:
        assert cluster.tls_bootstrap and cluster.ca_file
        yield MutualTls(cluster, trusted, stranger)


def settings(
    setup: MutualTls, workdir: Path, certificate: ClientCertificate | None
) -> tuple[dict[str, str], KafkaSecurity]:
    """A test's environment on the SSL listener, presenting ``certificate`` (or none)."""
    security = KafkaSecurity(
        "SSL",
        ssl_cafile=str(setup.cluster.ca_file),
        ssl_certfile=str(certificate.certfile) if certificate else None,
        ssl_keyfile=str(certificate.keyfile) if certificate else None,
    )
    assert setup.cluster.tls_bootstrap
    return secured_env(setup.cluster.tls_bootstrap, workdir, security), security


def handshake_failures(cluster: LocalCluster) -> int:
    """How many client handshakes the broker has refused so far, by its own log."""
    log = (cluster.folder / "node-1" / "server.log").read_text(errors="replace")
    return log.count("(SSL handshake failed)")


def test_khabar_topics_with_a_signed_client_certificate_creates_the_topics(mutual_tls, tmp_path):
    env, security = settings(mutual_tls, tmp_path, mutual_tls.trusted)
    assert partitions_after_khabar_topics(env, security) == DEFAULT_PARTITIONS


def test_a_worker_with_a_signed_client_certificate_turns_stories_into_articles(
    mutual_tls, tmp_path
):
    env, security = settings(mutual_tls, tmp_path, mutual_tls.trusted)
    stories = invented_stories(STORY_COUNT)
    articles = articles_of_a_worker(env, security, stories, tmp_path / "worker.log")
    assert articles == set(story_ids(STORY_COUNT))


@pytest.fixture(params=["none", "stranger"])
def untrusted_certificate(request, mutual_tls) -> ClientCertificate | None:
    """No client certificate, or one another CA signed."""
    return mutual_tls.stranger if request.param == "stranger" else None


def test_khabar_topics_without_a_trusted_client_certificate_exits_1(
    mutual_tls, tmp_path, untrusted_certificate
):
    env, _ = settings(mutual_tls, tmp_path, untrusted_certificate)
    refused_before = handshake_failures(mutual_tls.cluster)
    failed = refused_cli(env, "topics")
    assert failed.returncode == 1
    assert mutual_tls.cluster.tls_bootstrap in failed.stderr.decode()
    assert handshake_failures(mutual_tls.cluster) > refused_before


def test_a_worker_without_a_trusted_client_certificate_exits_at_once(
    mutual_tls, tmp_path, untrusted_certificate
):
    env, _ = settings(mutual_tls, tmp_path, untrusted_certificate)
    refused_before = handshake_failures(mutual_tls.cluster)
    code, _ = refused_worker(env, tmp_path / "worker.log")
    assert code == 1
    assert handshake_failures(mutual_tls.cluster) > refused_before
