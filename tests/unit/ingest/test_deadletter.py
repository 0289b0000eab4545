"""A dead letter keeps the original bytes, or a prefix with the length and hash of the whole."""

import base64
import hashlib

import orjson
import pytest

from pipeline.deadletter import dead_letter
from pipeline.errors import Reason, Rejected
from pipeline.models import DeadLetter, SourcePosition
from pipeline.stages import Pipeline

pytestmark = pytest.mark.unit

ORIGINAL = "خبر ناقص بدون متن".encode()
POSITION = SourcePosition(topic="news.raw", partition=3, offset=1207, timestamp_ms=1700000000000)


def test_small_input_is_kept_whole():
    letter = dead_letter(ORIGINAL, Rejected(Reason.NOT_PERSIAN, "no Persian letters"), POSITION)
    assert base64.b64decode(letter.original_b64) == ORIGINAL
    assert not letter.truncated


def test_reason_detail_and_source_are_recorded():
    letter = dead_letter(ORIGINAL, Rejected(Reason.INVALID_JSON, "line 1"), POSITION, "raw-9")
    assert (letter.reason, letter.detail, letter.id) == ("invalid_json", "line 1", "raw-9")
    assert (letter.source.partition, letter.source.offset) == (3, 1207)


def test_huge_input_is_truncated_with_length_and_hash_of_the_whole():
    huge = ORIGINAL * 10_000
    letter = dead_letter(huge, Rejected(Reason.TOO_LARGE, "big"), max_original_bytes=1000)
    assert letter.truncated
    assert base64.b64decode(letter.original_b64) == huge[:1000]
    assert letter.original_length == len(huge)
    assert letter.original_sha256 == hashlib.sha256(huge).hexdigest()


@pytest.mark.parametrize(
    ("story", "reason"),
    [
        ({"id": "sample-9", "body": "   "}, "empty_story"),
        ({"id": "sample-9", "title": "تیتر"}, "missing_text"),
        ({"id": "sample-9", "body": "متن", "url": 7}, "invalid_field"),
        ({"doc_id": 9, "paragraphs": "not a list"}, "invalid_field"),
    ],
)
def test_a_story_refused_after_its_id_was_read_keeps_the_id(story, reason):
    letter = Pipeline().analyse(orjson.dumps(story), POSITION)
    assert isinstance(letter, DeadLetter)
    assert (letter.reason, letter.id) == (reason, str(story.get("id", story.get("doc_id"))))


def test_an_id_that_is_not_a_string_is_itself_the_refusal():
    letter = Pipeline().analyse(orjson.dumps({"id": ["x"], "body": "متن"}), POSITION)
    assert isinstance(letter, DeadLetter)
    assert (letter.reason, letter.id) == ("invalid_field", None)
