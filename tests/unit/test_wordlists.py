"""The word lists' one reader (pipeline.wordlists) and the lists Khabar ships."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from pipeline import wordlists

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]


def test_shipped_lists_are_the_pinned_wheels_files_with_its_notice():
    """scripts/build-wordlists pins each file's SHA-256; the committed files are those."""
    script = (REPO / "scripts" / "build-wordlists").read_text("utf-8")
    pins = dict(re.findall(r'"([\w.]+)",\s*"([0-9a-f]{64})"', script))
    assert set(pins) == {"compound_words.csv", "vocab.csv", "LICENSE.shekar"}
    folder = Path(wordlists.__file__).parent / "data"
    for name, digest in pins.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert "MIT License" in (folder / "LICENSE.shekar").read_text("utf-8")


def test_shekars_lists_come_from_khabars_package_data():
    assert wordlists.sources().compounds.parent == Path(wordlists.__file__).parent / "data"


def test_hazm_is_read_without_being_imported():
    import sys

    if "hazm" in sys.modules:
        pytest.skip("another test imported hazm already")
    list(wordlists.hazm_words())
    assert "hazm" not in sys.modules


def test_words_keep_the_files_order_frequency_and_tags():
    entries = list(wordlists.hazm_words())
    assert len(entries) == 193_751
    by_word = {entry.word: entry for entry in entries}
    assert by_word["کتاب"].frequency > 0 and "N" in by_word["کتاب"].tags
    assert all("0" not in entry.tags and "" not in entry.tags for entry in entries)


def test_a_verb_line_with_two_present_stems_gives_a_pair_for_each():
    stems = wordlists.verb_stems()
    assert ("آمد", "آ") in stems
    assert ("آخت", "آهنج") in stems and ("آخت", "آهاز") in stems
    assert ("زیست", "زیو") in stems
    assert not any(" " in past or " " in present for past, present in stems)


def test_stopwords_and_shekars_lists():
    assert len(wordlists.stopwords()) == 389 and "از" in wordlists.stopwords()
    assert len(wordlists.compounds()) == 10_218
    assert len(wordlists.corpus_counts()) == 83_042
