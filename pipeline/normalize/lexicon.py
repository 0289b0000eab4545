"""The word lists behind ZWNJ restoration, read from the data hazm installs.

Built once, on first use, from ``hazm/data/words.dat`` (193,751 entries with corpus
frequency and part of speech; 13,278 spelled with a ZWNJ) and ``verbs.dat`` (past and
present stems). Building takes about half a second and needs no network; nothing derived
is committed, so the tables can never drift from the installed hazm.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

ZWNJ = "\u200c"


def _hazm_data() -> Path:
    """hazm's data folder, found without importing hazm (which takes over a second)."""
    spec = find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("hazm is not installed: its word lists drive ZWNJ restoration")
    return Path(next(iter(spec.submodule_search_locations))) / "data"

_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
_PAST_ENDINGS = ("م", "ی", "", "یم", "ید", "ند")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """What ZWNJ restoration needs to know about Persian words."""

    spelled_with_zwnj: dict[str, str]
    """A word written without its ZWNJ → the ZWNJ spelling hazm's list has for it."""
    frequency: dict[str, int]
    """Every word hazm lists without a ZWNJ → its corpus frequency (0: not counted)."""
    adjectives: frozenset[str]
    """Words tagged AJ: the ones that take «تر» and «ترین»."""
    verb_bodies: frozenset[str]
    """Present and past stems with their personal endings: what may follow «می»."""
    participles: frozenset[str]
    """Past stem + «ه» («شده», «کرده»): what takes «اند», «ام», «ایم» ..."""
    stopwords: frozenset[str]
    """Function words («که», «چه», «این»): never the stem of a suffix written apart."""


def _read_words(path: Path) -> tuple[dict[str, tuple[int, str]], dict[str, tuple[int, str]]]:
    plain: dict[str, tuple[int, str]] = {}
    with_zwnj: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, frequency, tags = (line.rstrip("\n").split("\t") + ["0", ""])[:3]
            entry = (int(frequency) if frequency.isdigit() else 0, tags)
            if ZWNJ in word:
                joined = word.replace(ZWNJ, "")
                # Several spellings of one joined word: the most frequent wins.
                if joined not in with_zwnj or with_zwnj[joined][0] < entry[0]:
                    with_zwnj[joined] = (entry[0], word)
            else:
                plain[word] = entry
    return plain, with_zwnj


def _verbs(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """Verb bodies and past participles from hazm's «past#present» stem pairs."""
    bodies: set[str] = set()
    participles: set[str] = set()
    for line in path.read_text(encoding="utf-8").split():
        past, _, present = line.partition("#")
        if past:
            bodies.update(past + ending for ending in _PAST_ENDINGS)
            participles.add(past + "ه")
        if present:
            # A stem ending in «ا» takes a glide: «آ» → «آیند» («گوی» is listed apart).
            glide = "ی" if present[-1] == "ا" else ""
            bodies.update(present + glide + ending for ending in _PRESENT_ENDINGS)
    return frozenset(bodies), frozenset(participles)


@cache
def lexicon() -> Lexicon:
    """The lexicon, built on first call and shared afterwards."""
    data = _hazm_data()
    plain, with_zwnj = _read_words(data / "words.dat")
    verb_bodies, participles = _verbs(data / "verbs.dat")
    spelled_with_zwnj = {
        joined: spelling
        for joined, (frequency, spelling) in with_zwnj.items()
        # A joined spelling hazm counted more often than the ZWNJ one is a word of its own.
        if plain.get(joined, (-1, ""))[0] <= frequency
    }
    return Lexicon(
        spelled_with_zwnj=spelled_with_zwnj,
        frequency={word: frequency for word, (frequency, _) in plain.items()},
        adjectives=frozenset(w for w, (_, tags) in plain.items() if "AJ" in tags.split(",")),
        verb_bodies=verb_bodies,
        participles=participles,
        stopwords=frozenset((data / "stopwords.dat").read_text(encoding="utf-8").splitlines()),
    )
