"""The index's state: bounded in time and in bytes, and fingerprints that travel."""

import hashlib

import pytest

from pipeline.dedupe import DedupIndex, DedupSettings, Fingerprint, fingerprint
from tests.unit.dedupe.dedup_stories import DAM, story, synthetic_stream

pytestmark = pytest.mark.unit

T0 = 1_790_000_000_000
HOUR = 3_600_000


def test_fingerprint_round_trips_through_bytes():
    fp = fingerprint(story(DAM))
    assert Fingerprint.from_bytes(fp.to_bytes()) == fp


def test_stories_older_than_the_window_are_forgotten():
    index = DedupIndex({}, DedupSettings(window_ms=24 * HOUR))
    index.judge("old", T0, fingerprint(story(DAM)))
    index.judge("filler", T0 + 30 * HOUR, fingerprint("خبری کوتاه درباره هوای تهران در روز جمعه."))
    assert len(index) == 1
    assert not index.judge("copy", T0 + 31 * HOUR, fingerprint(story(DAM))).is_duplicate


def test_state_stays_within_300_bytes_per_story():
    index = DedupIndex({})
    for story_id, ingest_ms, text, _ in synthetic_stream(400):
        long_id = "kh-" + hashlib.blake2b(story_id.encode(), digest_size=10).hexdigest()
        url = f"https://www.agency-example.ir/fa/news/{long_id}/" + "نرخ-ارز-و-قیمت-سکه-امروز"
        index.judge(long_id, ingest_ms, fingerprint(text), "isna", url)
    assert index.state_bytes() / len(index) <= 300


def test_state_is_only_strings_to_bytes_and_assigned_whole():
    class Table(dict):
        """Records every write, like a changelogged table."""
        def __setitem__(self, key, value):
            assert isinstance(key, str) and isinstance(value, bytes)
            super().__setitem__(key, value)

    index = DedupIndex(Table())
    for story_id, ingest_ms, text, _ in synthetic_stream(30):
        index.judge(story_id, ingest_ms, fingerprint(text))
    restarted = DedupIndex(dict(index.store))
    assert restarted.judge("again", T0 * 2, fingerprint(synthetic_stream(30)[0][2])).is_duplicate
