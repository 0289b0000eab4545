"""Shared evaluation data for normalization tests (../shared, or $KHABAR_SHARED)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED


def shared_file(relative: str) -> Path:
    """A file of the shared data set; the test is skipped, saying why, when it is absent."""
    path = SHARED / relative
    if not path.is_file():
        pytest.skip(f"shared data not found: {path} (set KHABAR_SHARED to its folder)")
    return path
