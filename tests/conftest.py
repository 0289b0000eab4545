"""Suite-wide rules: every test says whether it is a fast unit test or needs a broker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KHABAR_SHARED", REPO.parent / "shared"))
# CI sets this: a test whose ../shared data is missing then fails instead of skipping.
REQUIRE_SHARED = os.environ.get("KHABAR_REQUIRE_SHARED") == "1"


def shared_file(relative: str) -> Path:
    """A file of the shared data set (../shared, or $KHABAR_SHARED). When it is absent
    the test is skipped, saying why, or fails under KHABAR_REQUIRE_SHARED=1."""
    path = SHARED / relative
    if not path.is_file():
        message = f"shared data not found: {path} (set KHABAR_SHARED to its folder)"
        if REQUIRE_SHARED:
            pytest.fail(message)
        pytest.skip(message)
    return path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unmarked = [
        item.nodeid
        for item in items
        if item.get_closest_marker("unit") is None
        and item.get_closest_marker("integration") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "tests must be marked unit or integration: " + ", ".join(unmarked[:10])
        )
