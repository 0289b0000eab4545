"""Which story is canonical, and how late arrivals correct earlier verdicts."""

import random

import pytest

from pipeline.dedupe import DedupIndex, fingerprint
from tests.unit.dedupe.dedup_stories import DAM, story, strip_zwnj, synthetic_stream

pytestmark = pytest.mark.unit

T0 = 1_790_000_000_000
MINUTE = 60_000


def test_canonical_is_the_least_ingest_time_then_id():
    index = DedupIndex({})
    text = fingerprint(story(DAM))
    index.judge("b", T0, text)
    verdict = index.judge("a", T0, fingerprint(strip_zwnj(story(DAM))))
    assert verdict.duplicate_of is None
    assert [(c.story_id, c.duplicate_of) for c in verdict.corrections] == [("b", "a")]


def test_late_arrival_becomes_canonical_and_corrects_the_cluster():
    index = DedupIndex({})
    index.judge("later", T0 + 10 * MINUTE, fingerprint(story(DAM)), "isna")
    index.judge("copy", T0 + 20 * MINUTE, fingerprint(story(DAM[:-1])), "mehr")
    verdict = index.judge("first", T0, fingerprint(story(DAM)), "irna")
    assert verdict.duplicate_of is None
    assert {(c.story_id, c.duplicate_of) for c in verdict.corrections} == {
        ("later", "first"), ("copy", "first")}
    assert all(c.notice().correction for c in verdict.corrections)
    assert verdict.update.story_id == "first"
    assert [r["id"] for r in verdict.update.republished_by] == ["later", "copy"]


def final_clusters(events) -> dict[str, str]:
    """Judge ``events`` and read the outcome as score.py does: last record per id wins."""
    index = DedupIndex({})
    root: dict[str, str] = {}
    for story_id, ingest_ms, text, _ in events:
        verdict = index.judge(story_id, ingest_ms, fingerprint(text))
        root[story_id] = verdict.duplicate_of or story_id
        for correction in verdict.corrections:
            root[correction.story_id] = correction.duplicate_of
    return root


def test_shuffled_arrival_converges_to_the_in_order_clusters():
    events = synthetic_stream(150)
    shuffled = list(events)
    rng = random.Random(3)
    for start in range(0, len(shuffled), 8):  # 8 partitions interleave: shuffle within a window
        window = shuffled[start : start + 8]
        rng.shuffle(window)
        shuffled[start : start + 8] = window
    assert shuffled != events
    in_order = final_clusters(events)
    assert final_clusters(shuffled) == in_order
    truth = {story_id: cluster for story_id, _, _, cluster in events}
    assert len(set(in_order.values())) == len(set(truth.values()))


def test_a_story_joining_two_clusters_merges_them_under_the_earliest():
    index = DedupIndex({})
    index.judge("brief", T0, fingerprint(story(DAM[:2])))
    assert not index.judge("tail", T0 + MINUTE, fingerprint(story(DAM[1:]))).is_duplicate
    verdict = index.judge("full", T0 + 2 * MINUTE, fingerprint(story(DAM)))
    assert verdict.duplicate_of == "brief"
    assert [(c.story_id, c.duplicate_of) for c in verdict.corrections] == [("tail", "brief")]


def test_a_redelivered_late_arrival_sends_again_the_corrections_it_made():
    index = DedupIndex({})
    index.judge("later", T0 + 10 * MINUTE, fingerprint(story(DAM)), "isna")
    index.judge("copy", T0 + 20 * MINUTE, fingerprint(story(DAM[:-1])), "mehr")
    first = index.judge("first", T0, fingerprint(story(DAM)), "irna")
    again = index.judge("first", T0, fingerprint(story(DAM)), "irna")
    assert again.repeated
    assert (again.corrections, again.update) == (first.corrections, first.update)


def test_a_redelivered_copy_sends_no_notice_for_the_copies_it_did_not_correct():
    index = DedupIndex({})
    index.judge("first", T0, fingerprint(story(DAM)), "irna")
    index.judge("second", T0 + MINUTE, fingerprint(story(DAM)), "isna")
    index.judge("third", T0 + 2 * MINUTE, fingerprint(story(DAM)), "mehr")
    again = index.judge("third", T0 + 2 * MINUTE, fingerprint(story(DAM)), "mehr")
    assert (again.duplicate_of, again.corrections) == ("first", ())
