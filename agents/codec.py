"""The wire format of ``khabar-analysed``, the internal topic between the two agents.

A line of JSON with what deduplication needs (the fingerprint in base64), a newline,
then the article's JSON exactly as it will be published: the dedup agent forwards
those bytes without decoding the article again.
"""

from __future__ import annotations

import base64

import orjson

from pipeline.dedupe import Fingerprint
from pipeline.models import to_json
from pipeline.process import Candidate
from pipeline.stages import Analysed


def encode_candidate(analysed: Analysed) -> bytes:
    candidate = Candidate.of(analysed)
    header = {
        "id": candidate.id,
        "ingest_ms": candidate.ingest_ms,
        "fingerprint": base64.b64encode(candidate.fingerprint.to_bytes()).decode("ascii"),
        "agency": candidate.agency,
        "url": candidate.url,
        "title": candidate.title,
    }
    # orjson escapes newlines inside strings, so the first b"\n" ends the header.
    return orjson.dumps(header) + b"\n" + to_json(analysed.article)


def decode_candidate(data: bytes) -> tuple[Candidate, bytes]:
    header_bytes, article_json = data.split(b"\n", 1)
    header = orjson.loads(header_bytes)
    header["fingerprint"] = Fingerprint.from_bytes(base64.b64decode(header["fingerprint"]))
    return Candidate(**header), article_json
