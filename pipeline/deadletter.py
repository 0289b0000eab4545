"""Turning a refused story into a :class:`DeadLetter` that keeps the original bytes."""

from __future__ import annotations

import base64
import hashlib

from pipeline import __version__
from pipeline.errors import Rejected
from pipeline.models import DeadLetter, SourcePosition

# Dead letters are themselves Kafka records: a 20 MB story must not become a 27 MB
# (base64) record that the broker refuses, so past this size only a prefix is kept
# and the length and hash identify the whole.
DEFAULT_MAX_ORIGINAL_BYTES = 512 * 1024


def dead_letter(
    original: bytes,
    rejection: Rejected,
    position: SourcePosition | None = None,
    story_id: str | None = None,
    max_original_bytes: int = DEFAULT_MAX_ORIGINAL_BYTES,
) -> DeadLetter:
    """Record why ``original`` was refused, where it came from, and the bytes themselves."""
    kept = original[:max_original_bytes]
    return DeadLetter(
        reason=str(rejection.reason),
        detail=rejection.detail,
        original_b64=base64.b64encode(kept).decode("ascii"),
        original_length=len(original),
        original_sha256=hashlib.sha256(original).hexdigest(),
        truncated=len(kept) < len(original),
        source=position,
        id=story_id,
        pipeline_version=__version__,
    )
