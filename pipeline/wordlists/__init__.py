"""The word lists behind the language stages, read in one place.

- hazm's ``data/words.dat`` (193,751 words with corpus frequency and part-of-speech
  tags), ``verbs.dat`` (692 lines of past and present stems) and ``stopwords.dat``
  (389 words), from the installed hazm package. hazm is found, not imported: importing it
  takes over a second.
- shekar's ``compound_words.csv`` (10,218 compounds) and ``vocab.csv`` (83,043 words with
  corpus counts), shipped here in ``data/`` with shekar's MIT notice
  (``data/LICENSE.shekar``), built from the pinned shekar wheel by
  ``scripts/build-wordlists``: shekar itself is not installed.

Each reader returns the file's entries as they are, parsed; what a stage derives from
them (the ZWNJ lexicon, word frequencies, lemmas, verb forms) is the stage's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path
from typing import NamedTuple


class Word(NamedTuple):
    """An entry of hazm's words.dat, in the file's order (a word may be listed twice)."""

    word: str  # as listed: a few entries have a ZWNJ at an end, or doubled
    frequency: int  # in hazm's corpus; 0 for listed but unseen words
    tags: frozenset[str]  # N, AJ, ADV, PRO, P, CONJ, PL, NUM …; empty for none


def hazm_data() -> Path:
    """hazm's data folder, found without importing hazm."""
    spec = find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("hazm is not installed: its word lists drive the language stages")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _shipped(name: str) -> Path:
    return Path(str(files(__name__).joinpath("data", name)))


class Sources(NamedTuple):
    """The files the lists are read from."""

    words: Path
    verbs: Path
    stopwords: Path
    compounds: Path
    vocab: Path


def sources() -> Sources:
    hazm = hazm_data()
    return Sources(
        hazm / "words.dat",
        hazm / "verbs.dat",
        hazm / "stopwords.dat",
        _shipped("compound_words.csv"),
        _shipped("vocab.csv"),
    )


def hazm_words() -> Iterator[Word]:
    """Every entry of words.dat (``word<TAB>frequency<TAB>tags``). Read afresh on each call
    (about 0.2 s): each caller keeps only the table it derives."""
    tag_sets: dict[str, frozenset[str]] = {}  # a few hundred combinations, shared
    with sources().words.open(encoding="utf-8") as lines:
        for line in lines:
            word, frequency, tags = (line.rstrip("\n").split("\t") + ["", ""])[:3]
            if (tag_set := tag_sets.get(tags)) is None:
                # «0» stands for no tag.
                tag_set = tag_sets[tags] = frozenset(tags.split(",")) - {"0", ""}
            yield Word(word, int(frequency) if frequency.isdigit() else 0, tag_set)


def verb_stems() -> list[tuple[str, str]]:
    """(past, present) stems of verbs.dat's lines (``past#present``); either may be empty.
    A line with two present stems («آهنج یا آهاز», «or») gives a pair for each."""
    pairs = []
    for line in sources().verbs.read_text("utf-8").splitlines():
        past, _, presents = line.partition("#")
        past = past.strip()
        for present in presents.split(" یا "):
            if past or present.strip():
                pairs.append((past, present.strip()))
    return pairs


@cache
def stopwords() -> frozenset[str]:
    """hazm's 389 Persian stopwords."""
    lines = sources().stopwords.read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip())


def compounds() -> list[str]:
    """shekar's compound_words.csv, one compound a line, in the file's order."""
    return sources().compounds.read_text("utf-8").splitlines()


def corpus_counts() -> dict[str, int]:
    """shekar's vocab.csv: word → count in shekar's corpus (0 when unreadable)."""
    counts: dict[str, int] = {}
    for line in sources().vocab.read_text("utf-8").splitlines():
        word, _, count = line.rpartition(",")
        counts[word] = int(count) if count.isdigit() else 0
    return counts
