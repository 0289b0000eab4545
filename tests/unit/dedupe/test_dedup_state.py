"""The index's state: bounded in time and in bytes, and fingerprints that travel."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.dedupe import DedupIndex, DedupSettings, Fingerprint, fingerprint
from tests.unit.dedupe.dedup_stories import DAM, story, synthetic_stream

pytestmark = pytest.mark.unit

T0 = 1_790_000_000_000
HOUR = 3_600_000


@given(st.text(max_size=400))
def test_fingerprint_round_trips_through_bytes(text):
    fp = fingerprint(text)
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


def test_state_is_str_keys_to_bytes_values_only():
    class Table(dict):
        """Checks every write, as a changelogged table would need it."""

        def __setitem__(self, key, value):
            assert isinstance(key, str) and isinstance(value, bytes)
            super().__setitem__(key, value)

    index = DedupIndex(Table())
    for story_id, ingest_ms, text, _ in synthetic_stream(30):
        index.judge(story_id, ingest_ms, fingerprint(text))
    assert all(isinstance(v, bytes) for v in index.store.values())


def test_a_restarted_index_continues_from_the_store_alone():
    events = synthetic_stream(60)
    half = len(events) // 2
    uninterrupted, first = DedupIndex({}), DedupIndex({})
    for story_id, ingest_ms, text, _ in events[:half]:
        uninterrupted.judge(story_id, ingest_ms, fingerprint(text))
        first.judge(story_id, ingest_ms, fingerprint(text))
    restarted = DedupIndex(dict(first.store))  # what a changelog replay rebuilds
    for story_id, ingest_ms, text, _ in events[half:]:
        fp = fingerprint(text)
        assert restarted.judge(story_id, ingest_ms, fp) == uninterrupted.judge(story_id, ingest_ms, fp)


def test_an_index_reads_a_store_refilled_behind_its_back():
    store: dict[str, bytes] = {}
    index = DedupIndex(store)
    other = DedupIndex({})
    other.judge("a", T0, fingerprint(story(DAM)))
    store.update(other.store)  # what a changelog recovery does to a live table
    assert index.judge("b", T0 + HOUR, fingerprint(story(DAM))).duplicate_of == "a"
    assert len(index) == 2  # "b" got a fresh handle instead of overwriting "a"
