"""The broker for integration tests: ``KHABAR_BOOTSTRAP`` when set, else a fresh local one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.harness import given_or_local_broker


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    # Own name per session, so parallel sessions and a developer's own broker never mix.
    with given_or_local_broker("pytest") as bootstrap:
        yield bootstrap
