"""Exact and near-duplicate detection for a stream of stories.

    fp = fingerprint(text_without_dateline)       # anywhere; travels as fp.to_bytes()
    verdict = index.judge(story_id, ingest_ms, fp, agency, url)

:func:`fingerprint` is pure; :class:`DedupIndex` keeps its whole state in a
``MutableMapping[str, bytes]`` the caller owns (a Faust table, or a dict).
See ``docs/dedup.md`` for the design and the measurements.
"""

from pipeline.dedupe.fingerprint import Fingerprint, fingerprint
from pipeline.dedupe.index import Correction, DedupIndex, RootUpdate, Verdict
from pipeline.dedupe.settings import DedupSettings

__all__ = [
    "Correction",
    "DedupIndex",
    "DedupSettings",
    "Fingerprint",
    "RootUpdate",
    "Verdict",
    "fingerprint",
]
