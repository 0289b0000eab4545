"""The counts ``bench/keywords_generic.py --counts FILE`` keeps between runs."""

import pickle
from collections import Counter

import pytest

from bench import keywords_generic
from bench.keywords_generic import Counts, stored_counts

pytestmark = pytest.mark.unit


def counts_of(word: str) -> Counts:
    return Counts({"fars-news": Counter({word: 2})}, Counter({"fars-news": 3}),
                  *(Counter({word: 1}) for _ in range(5)))


@pytest.fixture
def counting(monkeypatch):
    """``count`` replaced by one that counts «تیم» and notes that it ran."""
    runs = []

    def count() -> Counts:
        runs.append(1)
        return counts_of("تیم")

    monkeypatch.setattr(keywords_generic, "count", count)
    return runs


def test_counts_of_an_older_shape_are_counted_again_and_kept(tmp_path, counting):
    path = tmp_path / "counts.pickle"
    path.write_bytes(pickle.dumps(tuple(counts_of("بازیکن"))[:6]))  # one counter fewer
    assert stored_counts(path) == counts_of("تیم")
    assert counting == [1]
    assert stored_counts(path) == counts_of("تیم")
    assert counting == [1]


def test_kept_counts_of_the_same_fields_are_read_without_counting(tmp_path, counting):
    path = tmp_path / "counts.pickle"
    path.write_bytes(pickle.dumps({"fields": Counts._fields, "counts": tuple(counts_of("بازیکن"))}))
    assert stored_counts(path) == counts_of("بازیکن")
    assert counting == []
