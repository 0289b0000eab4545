"""The broker for integration tests: ``KHABAR_BOOTSTRAP`` when set, else a fresh local one."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KAFKA_LOCAL = str(REPO / "scripts" / "kafka-local")
# Generous: the first run also fetches the Kafka jars with Maven.
UP_TIMEOUT_S = 600


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    if explicit := os.environ.get("KHABAR_BOOTSTRAP"):
        yield explicit
        return
    # Own name per session, so parallel sessions and a developer's own broker never mix.
    name = f"pytest-{os.getpid()}"
    try:
        # stderr is left to pytest's capture: on failure it holds the broker's last log lines.
        started = subprocess.run(
            [KAFKA_LOCAL, "up", "--name", name],
            check=False,
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
            timeout=UP_TIMEOUT_S,
        )
        if started.returncode != 0:
            pytest.fail(f"scripts/kafka-local up --name {name} failed (see stderr)", pytrace=False)
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([KAFKA_LOCAL, "down", "--name", name], cwd=REPO, check=False)
