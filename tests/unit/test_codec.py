"""The internal topic's format: versioned, and every unreadable record refused clearly."""

import base64

import orjson
import pytest

from agents.codec import (
    FORMAT_VERSION,
    CaughtUp,
    UndecodableCandidate,
    decode_candidate,
    decode_record,
    encode_candidate,
    encode_caught_up,
)
from pipeline.dedupe import fingerprint
from pipeline.errors import Reason
from pipeline.models import Article, Processing, SourcePosition
from pipeline.stages import Analysed

pytestmark = pytest.mark.unit

TEXT = (
    "مدیرکل هواشناسی استان گیلان از ورود سامانه بارشی تازه از فردا خبر داد و گفت "
    "در ارتفاعات بارش برف و کاهش دما تا ۱۰ درجه پیش‌بینی می‌شود."
)


def analysed(partition: int | None = 5) -> Analysed:
    source = None if partition is None else SourcePosition("news.raw", partition, 42)
    article = Article(
        id="st-1", text=TEXT, title="بارش برف در گیلان", url="https://example.ir/1",
        processing=Processing("0", {}, {}, source),
    )
    return Analysed(article=article, fingerprint=fingerprint(TEXT), ingest_ms=1_790_000_000_000)


def header_and_article(record: bytes) -> tuple[dict, bytes]:
    header, article = record.split(b"\n", 1)
    return orjson.loads(header), article


def with_header(**changes) -> bytes:
    header, article = header_and_article(encode_candidate(analysed()))
    header.update(changes)
    return orjson.dumps({k: v for k, v in header.items() if v is not ...}) + b"\n" + article


def refusal(record: bytes) -> UndecodableCandidate:
    with pytest.raises(UndecodableCandidate) as refused:
        decode_candidate(record)
    assert refused.value.reason == Reason.UNDECODABLE_CANDIDATE
    return refused.value


def test_a_record_round_trips_with_its_version_and_raw_partition():
    record = encode_candidate(analysed())
    assert header_and_article(record)[0]["v"] == FORMAT_VERSION
    candidate, _, article_json = decode_candidate(record)
    assert (candidate.id, candidate.ingest_ms, candidate.source_partition) == (
        "st-1", 1_790_000_000_000, 5)
    assert candidate.fingerprint == fingerprint(TEXT)
    assert orjson.loads(article_json)["title"] == "بارش برف در گیلان"


def test_a_candidate_of_version_2_the_release_before_is_read():
    candidate, _, _ = decode_record(with_header(v=2))
    assert (candidate.id, candidate.source_partition) == ("st-1", 5)


def test_a_caught_up_marker_round_trips_with_its_partition():
    assert decode_record(encode_caught_up(6)) == CaughtUp(6)


def test_a_caught_up_marker_without_a_partition_is_refused():
    marker = orjson.dumps({"v": FORMAT_VERSION, "kind": "caught_up", "partition": "all"}) + b"\n"
    with pytest.raises(UndecodableCandidate, match="caught-up marker"):
        decode_record(marker)


def test_the_event_stage_s_signals_travel_with_the_candidate():
    _, story, _ = decode_candidate(encode_candidate(analysed()))
    assert (story.id, story.time_ms, story.title) == ("st-1", 1_790_000_000_000, "بارش برف در گیلان")
    assert "گیلان" in story.signals.title


def test_a_record_without_event_signals_is_refused_with_the_id():
    refused = refusal(with_header(event=...))
    assert "event signals" in refused.detail and refused.story_id == "st-1"


def test_a_story_without_a_source_position_has_no_partition():
    candidate, _, _ = decode_candidate(encode_candidate(analysed(partition=None)))
    assert candidate.source_partition is None


def test_bytes_without_a_header_line_are_refused():
    assert "no header line" in refusal(b"\x00\xff garbage").detail


def test_a_header_that_is_not_json_is_refused():
    assert "not JSON" in refusal(b"{not json\n{}").detail


def test_a_header_that_is_not_an_object_is_refused():
    assert "list" in refusal(b"[1, 2]\n{}").detail


def test_an_unknown_version_is_refused_with_the_id():
    refused = refusal(with_header(v=FORMAT_VERSION + 1))
    assert f"format version {FORMAT_VERSION + 1}" in refused.detail
    assert refused.story_id == "st-1"


def test_a_record_without_a_version_is_refused():
    assert "format version None" in refusal(with_header(v=...)).detail


def test_a_field_of_the_wrong_type_is_refused():
    assert "'ingest_ms'" in refusal(with_header(ingest_ms="soon")).detail


def test_a_fingerprint_that_is_not_base64_is_refused():
    assert "fingerprint" in refusal(with_header(fingerprint="%%%")).detail


def test_a_fingerprint_of_another_format_is_refused():
    cut = base64.b64encode(fingerprint(TEXT).to_bytes()[:-3]).decode()
    refused = refusal(with_header(fingerprint=cut))
    assert "fingerprint" in refused.detail and refused.story_id == "st-1"
