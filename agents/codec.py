"""The wire format of ``khabar-analysed``, the internal topic between the two agents.

A line of JSON with what deduplication needs (the format version ``v``, the fingerprint
in base64, the raw partition) and what the event stage reads (``event``: the story's time
and signals, read here where the analysis scales with the raw partitions), a newline,
then the article's JSON exactly as it will be published: the dedup agent forwards those
bytes without decoding the article again.

Since version 3 a record may instead be a caught-up marker, a header line alone
(``{"v": 3, "kind": "caught_up", "partition": p}``): the analyse agent had nothing more
to read on raw partition ``p``, so the dedup agent's hold-back stops waiting for it.
Candidates are the same in versions 2 and 3, and both are read: a topic written by the
release before holds no markers, and its stories wait as they did.

A record the decoder cannot read raises :class:`UndecodableCandidate`, which the dedup
agent turns into a dead letter: a record of another version (written by a newer or an
older release), bytes that are not this format at all, or a fingerprint of another
layout.
"""

from __future__ import annotations

import base64
import struct
from dataclasses import dataclass
from typing import Any

import orjson

from pipeline.dedupe import Fingerprint
from pipeline.errors import Reason, Rejected
from pipeline.events import EventStory, StorySignals
from pipeline.models import to_json
from pipeline.process import Candidate
from pipeline.stages import Analysed

# Raised with any change of the header's fields or of their meaning (2: ``event``;
# 3: caught-up markers).
FORMAT_VERSION = 3
# The versions whose candidates this release reads.
READ_VERSIONS = (2, 3)
CAUGHT_UP = "caught_up"

# The header's fields besides ``v`` and ``fingerprint``, with the types they must have.
_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "ingest_ms": (int,),
    "agency": (str, type(None)),
    "url": (str, type(None)),
    "title": (str, type(None)),
    "source_partition": (int, type(None)),
}


class UndecodableCandidate(Rejected):
    """A record of the internal topic that is not a candidate of this format."""

    def __init__(self, detail: str, story_id: str | None = None) -> None:
        # story_id: when the header could be read that far
        super().__init__(Reason.UNDECODABLE_CANDIDATE, detail, story_id)


@dataclass(frozen=True, slots=True)
class CaughtUp:
    """A marker: every record of raw ``partition`` there was has been analysed and sent."""

    partition: int


def encode_caught_up(partition: int) -> bytes:
    return orjson.dumps({"v": FORMAT_VERSION, "kind": CAUGHT_UP, "partition": partition}) + b"\n"


def encode_candidate(analysed: Analysed) -> bytes:
    candidate = Candidate.of(analysed)
    story = EventStory.of(analysed.article, analysed.ingest_ms)
    header = {
        "v": FORMAT_VERSION,
        "id": candidate.id,
        "ingest_ms": candidate.ingest_ms,
        "fingerprint": base64.b64encode(candidate.fingerprint.to_bytes()).decode("ascii"),
        "agency": candidate.agency,
        "url": candidate.url,
        "title": candidate.title,
        "source_partition": candidate.source_partition,
        "event": {"time_ms": story.time_ms, "signals": story.signals.to_json()},
    }
    # orjson escapes newlines inside strings, so the first b"\n" ends the header.
    return orjson.dumps(header) + b"\n" + to_json(analysed.article)


def decode_record(data: bytes) -> tuple[Candidate, EventStory, bytes] | CaughtUp:
    """A candidate as :func:`decode_candidate` reads it, or a caught-up marker;
    :class:`UndecodableCandidate` if unreadable."""
    header, article_json = _split(data)
    if header.get("kind") != CAUGHT_UP or header.get("v") != FORMAT_VERSION:
        return _candidate(header, article_json)
    partition = header.get("partition")
    if not isinstance(partition, int) or isinstance(partition, bool) or partition < 0:
        raise UndecodableCandidate(f"caught-up marker of partition {partition!r}")
    return CaughtUp(partition)


def decode_candidate(data: bytes) -> tuple[Candidate, EventStory, bytes]:
    """The candidate, what the event stage reads of it, and the article's JSON;
    :class:`UndecodableCandidate` if unreadable."""
    return _candidate(*_split(data))


def _split(data: bytes) -> tuple[dict[str, Any], bytes]:
    """The header, and the bytes after its line."""
    header_bytes, newline, article_json = data.partition(b"\n")
    if not newline:
        raise UndecodableCandidate("no header line (no newline in the record)")
    try:
        header: Any = orjson.loads(header_bytes)
    except orjson.JSONDecodeError as error:
        raise UndecodableCandidate(f"the header is not JSON: {error}") from None
    if not isinstance(header, dict):
        raise UndecodableCandidate(f"the header is a JSON {type(header).__name__}, not an object")
    return header, article_json


def _candidate(header: dict[str, Any], article_json: bytes
               ) -> tuple[Candidate, EventStory, bytes]:
    story_id = header.get("id") if isinstance(header.get("id"), str) else None
    version = header.get("v")
    if version not in READ_VERSIONS:
        raise UndecodableCandidate(
            f"format version {version!r}, this release reads {READ_VERSIONS}", story_id
        )
    fields = {}
    for name, types in _FIELDS.items():
        value = header.get(name)
        # bool is an int to isinstance, and no field here is a bool.
        if not isinstance(value, types) or isinstance(value, bool):
            raise UndecodableCandidate(f"header field {name!r} is {value!r}", story_id)
        fields[name] = value
    try:
        fingerprint = Fingerprint.from_bytes(base64.b64decode(header["fingerprint"], validate=True))
    # binascii.Error is a ValueError; struct.error is what a too short fingerprint raises.
    except (KeyError, TypeError, ValueError, struct.error) as error:
        raise UndecodableCandidate(f"unreadable fingerprint: {error}", story_id) from None
    candidate = Candidate(fingerprint=fingerprint, **fields)
    return candidate, _event_story(candidate, header.get("event")), article_json


def _event_story(candidate: Candidate, event: Any) -> EventStory:
    try:
        time_ms, signals = event["time_ms"], StorySignals.from_json(event["signals"])
    except (KeyError, TypeError, ValueError) as error:
        raise UndecodableCandidate(f"unreadable event signals: {error!r}", candidate.id) from None
    if not isinstance(time_ms, int) or isinstance(time_ms, bool):
        raise UndecodableCandidate(f"event time {time_ms!r}", candidate.id)
    return EventStory(candidate.id, time_ms, signals, candidate.agency, candidate.title)
