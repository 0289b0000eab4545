"""The index's state: bounded in time and in bytes, and fingerprints that travel."""

import hashlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.dedupe import DedupIndex, DedupSettings, Fingerprint, fingerprint
from pipeline.dedupe.fingerprint import _MINHASH_CHUNK, _minhash, _permutations
from pipeline.dedupe.index import Postings
from tests.unit.dedupe.dedup_stories import DAM, cut_dateline, story, synthetic_stream
from tests.unit.dedupe.republications import INTERVIEW, interview_excerpt
from tests.unit.dedupe.republications import text as joined

pytestmark = pytest.mark.unit

T0 = 1_790_000_000_000
HOUR = 3_600_000


@given(st.text(max_size=400))
def test_fingerprint_round_trips_through_bytes(text):
    fp = fingerprint(text)
    assert Fingerprint.from_bytes(fp.to_bytes()) == fp


def test_a_fingerprint_travels_as_the_index_keeps_it_four_bits_a_value_with_its_lsh_keys():
    # The values cut to 4 bits and the LSH keys made of the whole ones: 64 + 8 + 8
    # bytes of MinHash and 3 bytes a key, where 4 bytes a value took 640.
    fp = fingerprint(story(DAM) * 3)
    settings = DedupSettings()
    assert len(fp.minhash) == settings.num_perm // 2
    assert len(fp.lead) == len(fp.second_lead) == settings.lead_perm // 2
    assert len(fp.keys) == 3 * len(fp.key_values) <= 3 * (settings.bands + settings.lead_bands + 2)


def test_an_index_refuses_a_fingerprint_made_with_other_lsh_bands():
    # The keys travel made: an index banding otherwise would look in the wrong buckets.
    index = DedupIndex({}, DedupSettings(bands=8))
    with pytest.raises(ValueError, match="does not match the settings"):
        index.judge("dam", T0, fingerprint(story(DAM)))


def test_a_fingerprint_counts_the_figures_of_its_first_sentence():
    fp = fingerprint("در ۳ استان ۱۲۰ مدرسه تعطیل شد. بارش برف تا ۲ روز دیگر ادامه دارد.")
    assert (len(fp.numbers), fp.first_numbers) == (3, 2)


def test_a_fingerprint_says_when_its_text_calls_itself_part_of_an_interview():
    fp = fingerprint("وزیر نیرو در بخشی از گفت‌وگو با ایرنا گفت سدهای تهران نیمه پر است.")
    assert fp.excerpt
    assert Fingerprint.from_bytes(fp.to_bytes()) == fp
    assert not fingerprint("وزیر نیرو گفت سدهای تهران نیمه پر است.").excerpt


def test_an_excerpt_stored_before_its_interview_is_recognised_by_a_restarted_index():
    # The flag travels in the stored record: a worker restarted from the changelog
    # still knows the earlier, shorter story said it was part of an interview.
    first = DedupIndex({})
    first.judge("excerpt", T0, fingerprint(interview_excerpt(declared=True)))
    restarted = DedupIndex(dict(first.store))
    verdict = restarted.judge("interview", T0 + HOUR, fingerprint(joined(INTERVIEW)))
    # The earlier story is the canonical one, whichever is longer.
    assert (verdict.duplicate_of, verdict.rule) == ("excerpt", "excerpt")


def test_a_short_storys_head_holds_all_its_grams_and_a_long_storys_only_its_opening():
    short, long = fingerprint(story(DAM)[:300]), fingerprint(story(DAM) * 3)
    assert len(short.head_values) == short.size
    assert len(long.head_values) == DedupSettings().head_grams < long.size


def test_minhash_over_many_grams_is_taken_in_chunks_with_the_same_values():
    # A 2 MB story keeps some 375,000 grams; one matrix of them all would need 384 MB.
    hashes = np.random.default_rng(7).integers(0, 2**63, size=3 * _MINHASH_CHUNK + 5, dtype=np.uint64)
    a, b = _permutations(128)
    at_once = ((a * hashes[None, :] + b).min(axis=1) >> np.uint64(32)).astype("<u4")
    assert (_minhash(hashes, 128) == at_once).all()


def test_stories_older_than_the_window_are_forgotten():
    index = DedupIndex({}, DedupSettings(window_ms=24 * HOUR))
    index.judge("old", T0, fingerprint(story(DAM)))
    index.judge("filler", T0 + 30 * HOUR, fingerprint("خبری کوتاه درباره هوای تهران در روز جمعه."))
    assert len(index) == 1
    assert not index.judge("copy", T0 + 31 * HOUR, fingerprint(story(DAM))).is_duplicate


def _long_id_index() -> DedupIndex:
    index = DedupIndex({})
    for story_id, ingest_ms, text, _ in synthetic_stream(400):
        long_id = "kh-" + hashlib.blake2b(story_id.encode(), digest_size=10).hexdigest()
        url = f"https://www.agency-example.ir/fa/news/{long_id}/" + "نرخ-ارز-و-قیمت-سکه-امروز"
        index.judge(long_id, ingest_ms, fingerprint(text), "isna", url)
    return index


def test_the_table_stays_within_500_bytes_per_story():
    # ~200 bytes of MinHashes, keys, numbers and ids, and up to 256 of the head's grams.
    index = _long_id_index()
    assert index.state_bytes() / len(index) <= 500


def test_the_in_memory_postings_stay_within_160_bytes_per_story():
    # 11 LSH keys a story at 10 bytes each, plus the head table and the steps.
    index = _long_id_index()
    assert index.postings.memory_bytes() / len(index) <= 160


def test_the_store_holds_only_the_layout_and_one_record_a_story():
    # Buckets, clusters and expiry steps are derived from the stories, never logged.
    index = DedupIndex({})
    for story_id, ingest_ms, text, _ in synthetic_stream(40):
        index.judge(story_id, ingest_ms, fingerprint(text))
    assert {key[0] for key in index.store} == {"#", "s"}


def test_a_rebuilt_index_finds_the_candidates_the_live_one_found():
    live = DedupIndex({})
    for story_id, ingest_ms, text, _ in synthetic_stream(60):
        live.judge(story_id, ingest_ms, fingerprint(text))
    rebuilt = DedupIndex(dict(live.store))
    rebuilt._sync()
    keys = {int.from_bytes(held.keys[i : i + 3], "little")
            for held in filter(None, map(live._load, range(200))) for i in range(0, len(held.keys), 3)}
    for key in keys:
        assert (rebuilt.postings.newest(key, 64, rebuilt._root.__contains__)
                == live.postings.newest(key, 64, live._root.__contains__))


stories_keys = st.lists(
    st.tuples(
        st.integers(0, (1 << 24) - 1),  # handle
        st.lists(st.integers(0, (1 << 24) - 1), max_size=12),  # LSH keys
        st.integers(0, 3),  # expiry step
    ),
    max_size=200,
)


@given(stories_keys)
def test_postings_built_at_once_equal_postings_added_story_by_story(stories):
    entries = sum(len(keys) for _, keys, _ in stories)
    added = Postings(entries)
    for handle, keys, step in stories:
        added.add(handle, keys, step)
    built = Postings.of_stories(
        [handle for handle, _, _ in stories],
        [b"".join(key.to_bytes(3, "little") for key in keys) for _, keys, _ in stories],
        [step for _, _, step in stories],
    )
    for name in ("_mask", "_head", "_previous", "_tag", "_handle", "steps", "live_entries"):
        assert getattr(built, name) == getattr(added, name), name


def test_forgotten_stories_do_not_pile_up_in_the_postings():
    index = DedupIndex({}, DedupSettings(window_ms=2 * HOUR))
    for story_id, ingest_ms, text, _ in synthetic_stream(1500):
        index.judge(story_id, ingest_ms, fingerprint(text))
    assert index.postings.entries <= 2 * index.postings.live_entries + 4096


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


def test_a_decision_writes_one_record():
    store: dict[str, bytes] = {}
    index = DedupIndex(store)
    index.judge("a", T0, fingerprint(story(DAM)))
    written = dict(store)
    index.judge("b", T0 + HOUR, fingerprint(cut_dateline(story(DAM, "به گزارش ایسنا، "))))
    assert [key for key in store if store[key] != written.get(key)] == ["sB"]


def test_a_store_cut_after_any_decision_continues_as_if_never_cut():
    events = synthetic_stream(40)
    whole = DedupIndex({})
    verdicts = [whole.judge(i, t, fingerprint(text)) for i, t, text, _ in events]
    for cut in range(0, len(events), 7):
        first = DedupIndex({})
        for story_id, ingest_ms, text, _ in events[:cut]:
            first.judge(story_id, ingest_ms, fingerprint(text))
        restarted = DedupIndex(dict(first.store))  # what a changelog replay rebuilds
        for (story_id, ingest_ms, text, _), verdict in zip(events[cut:], verdicts[cut:], strict=True):
            assert restarted.judge(story_id, ingest_ms, fingerprint(text)) == verdict


def test_an_id_of_300_bytes_recognises_itself_when_sent_again():
    long_id = "https://www.agency-example.ir/fa/news/" + "%D8%AE%D8%A8%D8%B1" * 15
    assert len(long_id.encode()) >= 300
    index = DedupIndex({})
    first = index.judge(long_id, T0, fingerprint(story(DAM)))
    again = index.judge(long_id, T0 + HOUR, fingerprint(story(DAM)))
    assert (first.is_duplicate, again.is_duplicate, again.repeated) == (False, False, True)
    assert len(index) == 1


def test_a_redelivered_copy_sends_its_notice_and_the_canonical_update_again():
    index = DedupIndex({})
    index.judge("a", T0, fingerprint(story(DAM)), "irna")
    first = index.judge("b", T0 + HOUR, fingerprint(cut_dateline(story(DAM, "به گزارش ایسنا، "))), "isna", "https://isna.example/1")
    again = index.judge("b", T0 + 2 * HOUR, fingerprint(cut_dateline(story(DAM, "به گزارش ایسنا، "))), "isna", "https://isna.example/1")
    assert (again.duplicate_of, again.match, again.update) == (first.duplicate_of, first.match, first.update)
