"""The lexicon's on-disk cache: the same tables as a fresh build, rebuilt when its
sources change or the file is damaged, and never a reason to fail."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.normalize import lexicon as lexicon_module

pytestmark = pytest.mark.unit


@pytest.fixture
def cache_folder(tmp_path, monkeypatch) -> Path:
    """An empty KHABAR_CACHE, and ``lexicon()`` forgetting the lexicon it holds."""
    monkeypatch.setenv("KHABAR_CACHE", str(tmp_path))
    lexicon_module.lexicon.cache_clear()
    yield tmp_path
    lexicon_module.lexicon.cache_clear()


def cached_files(folder: Path) -> list[Path]:
    return sorted((folder / "lexicon").glob("*.marshal"))


def test_first_use_builds_and_caches_the_lexicon(cache_folder):
    built = lexicon_module.lexicon()
    assert len(cached_files(cache_folder)) == 1
    assert built == lexicon_module.build_lexicon()


def test_a_cached_lexicon_equals_a_fresh_build(cache_folder):
    lexicon_module.lexicon()
    lexicon_module.lexicon.cache_clear()
    assert lexicon_module.lexicon() == lexicon_module.build_lexicon()


def test_a_damaged_cache_file_is_rebuilt(cache_folder):
    lexicon_module.lexicon()
    (damaged,) = cached_files(cache_folder)
    damaged.write_bytes(b"\x00 not a lexicon")
    lexicon_module.lexicon.cache_clear()
    assert lexicon_module.lexicon() == lexicon_module.build_lexicon()
    assert damaged.read_bytes() != b"\x00 not a lexicon"


def test_a_changed_word_list_gets_a_cache_file_of_its_own(cache_folder, tmp_path, monkeypatch):
    words = tmp_path / "words.dat"
    words.write_text("کتاب\t10\tN\n", encoding="utf-8")
    monkeypatch.setattr(lexicon_module, "_word_lists", lambda: [words])
    before = lexicon_module._cache_file()
    words.write_text("کتاب\t10\tN\nدفتر\t5\tN\n", encoding="utf-8")
    os.utime(words, ns=(1, 1))
    assert lexicon_module._cache_file() != before


def test_an_unwritable_cache_folder_still_gives_the_lexicon(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KHABAR_CACHE", str(blocker))
    lexicon_module.lexicon.cache_clear()
    try:
        assert lexicon_module.lexicon() == lexicon_module.build_lexicon()
    finally:
        lexicon_module.lexicon.cache_clear()
