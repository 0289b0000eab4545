"""The lexicon's on-disk cache: the same tables as a fresh build, read back instead of
building again, rebuilt when its sources change or the file is damaged, and never a
reason to fail."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline import wordlists
from pipeline.normalize import lexicon as lexicon_module

pytestmark = pytest.mark.unit


@pytest.fixture
def cache_folder(tmp_path, monkeypatch) -> Path:
    """An empty KHABAR_CACHE, and ``lexicon()`` forgetting the lexicon it holds."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("KHABAR_CACHE", str(folder))
    lexicon_module.lexicon.cache_clear()
    yield folder
    lexicon_module.lexicon.cache_clear()


def cached_files(folder: Path) -> list[Path]:
    return sorted((folder / "lexicon").glob("*.marshal"))


def test_a_lexicon_built_once_is_read_back_from_the_cache(cache_folder, monkeypatch):
    built = lexicon_module.lexicon()
    assert len(cached_files(cache_folder)) == 1
    fresh = lexicon_module.build_lexicon()
    with monkeypatch.context() as patched:
        patched.setattr(lexicon_module, "build_lexicon", lambda: pytest.fail("built again"))
        lexicon_module.lexicon.cache_clear()
        assert lexicon_module.lexicon() == built == fresh


def test_a_damaged_cache_file_is_rebuilt(cache_folder):
    lexicon_module.lexicon()
    (damaged,) = cached_files(cache_folder)
    damaged.write_bytes(b"\x00 not a lexicon")
    lexicon_module.lexicon.cache_clear()
    assert lexicon_module.lexicon() == lexicon_module.build_lexicon()
    assert damaged.read_bytes() != b"\x00 not a lexicon"


@pytest.fixture
def words_copy(tmp_path, monkeypatch) -> Path:
    """A copy of hazm's words.dat, which the lexicon is built from instead."""
    installed = wordlists.sources()
    copy = tmp_path / "words.dat"
    shutil.copy(installed.words, copy)
    monkeypatch.setattr(wordlists, "sources", lambda: installed._replace(words=copy))
    return copy


def test_a_word_list_modified_since_gets_a_new_cache_file(cache_folder, words_copy):
    lexicon_module.lexicon()
    (first,) = cached_files(cache_folder)
    os.utime(words_copy, ns=(1, 1))  # same size, another modification time
    lexicon_module.lexicon.cache_clear()
    lexicon_module.lexicon()
    assert first in cached_files(cache_folder)
    assert len(cached_files(cache_folder)) == 2


def test_only_the_three_latest_cache_files_are_kept(cache_folder, words_copy):
    for version in range(5):
        os.utime(words_copy, ns=(version, version))
        lexicon_module.lexicon.cache_clear()
        lexicon_module.lexicon()
    assert len(cached_files(cache_folder)) == 3
    assert not list((cache_folder / "lexicon").glob("*.partial"))


def test_an_unwritable_cache_folder_still_gives_the_lexicon(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KHABAR_CACHE", str(blocker))
    lexicon_module.lexicon.cache_clear()
    try:
        assert lexicon_module.lexicon() == lexicon_module.build_lexicon()
    finally:
        lexicon_module.lexicon.cache_clear()
