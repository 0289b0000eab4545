"""Why a story is refused. Every refusal becomes a dead letter with its reason code."""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Dead-letter reason codes: stable strings that consumers can switch on."""

    INVALID_UTF8 = "invalid_utf8"
    INVALID_JSON = "invalid_json"
    NOT_AN_OBJECT = "not_an_object"
    TOO_DEEPLY_NESTED = "too_deeply_nested"
    MISSING_TEXT = "missing_text"
    EMPTY_STORY = "empty_story"
    TOO_LARGE = "too_large"
    INVALID_FIELD = "invalid_field"
    UNUSABLE_HTML = "unusable_html"
    NOT_PERSIAN = "not_persian"
    TIMEOUT = "processing_timeout"
    INTERNAL_ERROR = "internal_error"
    # The dedup shard's own refusals: a record of its internal topic it cannot read
    # (bad bytes, an unknown format version, a fingerprint of another format), or
    # one whose decision failed.
    UNDECODABLE_CANDIDATE = "undecodable_candidate"
    DEDUP_FAILED = "dedup_failed"


class Rejected(Exception):
    """Raised by any stage that cannot make an article of a story."""

    def __init__(self, reason: Reason, detail: str, story_id: str | None = None) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        # The producer's id when it could be read before the refusal: the dead letter
        # carries it, as every record made of the story does.
        self.story_id = story_id
