"""The word lists behind ZWNJ restoration, built from the lists of ``pipeline.wordlists``.

Built once, on first use, from hazm's ``words.dat`` (193,751 entries with corpus
frequency and part of speech; 13,278 spelled with a ZWNJ) and ``verbs.dat`` (past and
present stems), and from shekar's ``compound_words.csv`` (10,218 compounds, 8,970 with a
ZWNJ) and the ZWNJ words of its ``vocab.csv`` (4,588), checked against that file's
counts (both MIT, shipped in ``pipeline/wordlists/data``). Building takes under a second
and needs no network; the result is cached in ``$KHABAR_CACHE/lexicon/``
(``~/.cache/khabar``) under a name that changes with the word lists and this code.
Nothing derived is committed, so the tables can never drift from the lists.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from contextlib import suppress
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

from pipeline import wordlists
from pipeline.normalize.characters import JOINING, ZWNJ

# The inflections the morphology rules attach, longest first within each family.
PLURAL = ("هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "هاست", "های", "ها")
COMPARATIVE = ("ترین", "تری", "تر")
# Clitics, written apart only after a final «ه» or «ی» («شده‌اند», «راهبردی‌اش»), and the
# copula «است», apart after «ه» only.
CLITIC = ("شان", "تان", "مان", "اید", "ایم", "اند", "است", "اش", "ات", "ام", "ای")
# With the context they need («منطقه‌ای» or «منطق‌های»), the rules decide these endings:
# a compound list's inflected entries would bypass them.
INFLECTIONS = frozenset(PLURAL + COMPARATIVE + CLITIC)


def _shekar_lists(
    known: dict[str, tuple[int, str]], listed: list[str], counts: dict[str, int]
) -> dict[str, str]:
    """shekar's compounds with a ZWNJ, by their joined form, given its compound list and
    its corpus counts (``vocab.csv``, 83,043 words).

    Compounds come from ``compound_words.csv`` and from the words ``vocab.csv`` counted
    with a ZWNJ («تجاری‌سازی»). A compound is taken when it is not an inflection
    («سال‌ها», «می‌کند»: the rules decide those), shekar's corpus counted it no more often
    joined than with the ZWNJ, and hazm lists its members or neither corpus counted it
    joined at all (loanwords and names: «آنتی‌بیوتیک», «دیجی‌کالا»). Its spelling has a
    ZWNJ only after a joining letter («گفت‌و‌گو» is «گفت‌وگو»), and the first listed wins."""
    compounds = {}
    for line in listed + [word for word in counts if ZWNJ in word]:
        parts = [part for part in line.strip().split(ZWNJ) if part]
        spelling, joined = _spelling(parts), "".join(parts)
        if (
            len(parts) >= 2
            and joined not in compounds
            and parts[-1] not in INFLECTIONS
            and parts[0] not in ("می", "نمی")
            and counts.get(joined, 0) <= counts.get(ZWNJ.join(parts), 0)
            and (
                all(part in known for part in parts)
                or (counts.get(joined, 0) == 0 and known.get(joined, (0, ""))[0] == 0)
            )
        ):
            compounds[joined] = spelling
    return compounds


def _spelling(parts: list[str]) -> str:
    """Members joined with a ZWNJ where it shows: after a joining letter only."""
    return "".join(
        part + (ZWNJ if part[-1] in JOINING and index < len(parts) - 1 else "")
        for index, part in enumerate(parts)
    )


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
    """Past stem + «ه», also negated («شده», «نکرده»): what takes «اند», «ام», «ایم» ..."""
    particles: frozenset[str]
    """Words tagged P or CONJ («برای», «که»): «برایشان» is written on, «که ای» stays apart."""
    counts: dict[str, int]
    """shekar's corpus counts: they compare two words more
    reliably than hazm's frequencies, which count «زمینه» 100 times and «زمین» 5.9 million."""


def _read_words() -> tuple[dict[str, tuple[int, frozenset[str]]], dict[str, tuple[int, str]]]:
    """Plain words → (frequency, tags); joined form of ZWNJ words → (frequency, spelling).

    A word listed twice keeps its highest frequency and all its tags; a ZWNJ at either
    end of an entry or doubled (a few entries have one) is dropped.
    """
    plain: dict[str, tuple[int, frozenset[str]]] = {}
    with_zwnj: dict[str, tuple[int, str]] = {}
    for word, count, tags in wordlists.hazm_words():
        word = ZWNJ.join(part for part in word.split(ZWNJ) if part)
        if ZWNJ in word:
            joined = word.replace(ZWNJ, "")
            # Several spellings of one joined word: the most frequent wins.
            if joined not in with_zwnj or with_zwnj[joined][0] < count:
                with_zwnj[joined] = (count, word)
        elif word in plain:
            known_count, known_tags = plain[word]
            plain[word] = (max(count, known_count), known_tags | tags)
        else:
            plain[word] = (count, tags)
    return plain, with_zwnj


def _stem_pairs(plain: dict[str, tuple[int, frozenset[str]]]) -> list[tuple[str, str]]:
    """(past, present) stems: hazm's verbs.dat, plus the regular verbs among the counted
    infinitives of words.dat, whose stems follow from the infinitive («دمیدن» → «دمید»,
    «دم»; «فشاندن» → «فشاند», «فشان»): verbs.dat has only 692 lines."""
    # «یا» as a past stem: «آمدن»'s «آ» after «ب» or «ن» («بیاید», «نیامد»), which makes
    # «یاید» a body, so that «دربیاید» is read as preverb + verb. (This lexicon used to
    # take it from a line of verbs.dat that gives two present stems, «آهنج یا آهاز».)
    pairs = [*wordlists.verb_stems(), ("یا", "")]
    for word, (frequency, _) in plain.items():
        if frequency > 0 and len(word) >= 5 and word.endswith(("یدن", "اندن")):
            pairs.append((word[:-1], word[:-3] if word.endswith("یدن") else word[:-2]))
    return pairs


def _verbs(pairs: list[tuple[str, str]]) -> tuple[frozenset[str], frozenset[str]]:
    """Verb bodies and past participles from (past, present) stem pairs."""
    bodies: set[str] = set()
    participles: set[str] = set()
    for past, present in pairs:
        if past:
            bodies.update(past + ending for ending in _PAST_ENDINGS)
            bodies.add(past + "ه")
            participles.update((past + "ه", "ن" + past + "ه"))  # «شده», «نشده»
        if present:
            # A stem ending in «ا» takes a glide: «آ» → «آیند» («گوی» is listed apart).
            glide = "ی" if present[-1] == "ا" else ""
            bodies.update(present + glide + ending for ending in _PRESENT_ENDINGS)
            if present == "توان":
                bodies.add(present)  # «می‌توان»
    return frozenset(bodies), frozenset(participles)


_CACHED_LEXICONS = 3  # files kept in the cache folder


@cache
def lexicon() -> Lexicon:
    """The lexicon, shared by every caller: read from the user's cache (about 0.1 s) when
    a lexicon was built from the same word lists by the same code, else built (about
    0.7 s) and cached there. ``khabar normalize`` in a shell loop pays the build once.

    The cache folder is the user's own (``$KHABAR_CACHE``, else ``~/.cache/khabar``):
    like any cache of unmarshalled data, it must not be writable by others.
    """
    try:
        path = _cache_file()
    except (OSError, RuntimeError):  # no home folder, or an unreadable word list
        return build_lexicon()
    cached = _read_cached(path)
    if cached is not None:
        return cached
    built = build_lexicon()
    _write_cached(path, built)
    return built


def _read_cached(path: Path) -> Lexicon | None:
    """The lexicon cached at ``path``, or None when it is missing or not a lexicon."""
    try:
        tables = marshal.loads(path.read_bytes())
        lexicon = Lexicon(**tables)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    kinds = {f.name: dict if f.type.startswith("dict") else frozenset for f in fields(Lexicon)}
    if not all(isinstance(tables[name], kind) for name, kind in kinds.items()):
        return None
    return lexicon


def _write_cached(path: Path, lexicon: Lexicon) -> None:
    """Cache ``lexicon`` at ``path``, keeping the files of the two lexicons used before it
    (another Python's, another install's) and removing older ones; a folder that cannot
    be written costs only the next build."""
    partial = path.with_suffix(f".{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(
            marshal.dumps({f.name: getattr(lexicon, f.name) for f in fields(lexicon)})
        )
        partial.replace(path)  # atomic: a concurrent reader sees the whole file or none
        by_age = sorted(path.parent.glob("*.marshal"), key=lambda file: file.stat().st_mtime)
        for old in by_age[:-_CACHED_LEXICONS]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        with suppress(OSError):
            partial.unlink(missing_ok=True)


def _cache_file() -> Path:
    """Where the lexicon of the installed word lists and of this code is cached.

    The name hashes what the lexicon is made of: this module's, ``characters.py``'s and
    the word lists' reader's source, the word lists' sizes and modification times (a new
    hazm or new lists give a new name), and the Python version, whose ``marshal`` format
    the file is in.
    """
    digest = hashlib.sha256(f"{sys.version_info[:2]} {marshal.version}".encode())
    for source in (Path(__file__), Path(__file__).with_name("characters.py"),
                   Path(wordlists.__file__)):
        digest.update(source.read_bytes())
    for data in wordlists.sources():
        stat = data.stat()
        digest.update(f"{data} {stat.st_size} {stat.st_mtime_ns}".encode())
    folder = Path(os.environ.get("KHABAR_CACHE") or Path.home() / ".cache" / "khabar")
    return folder / "lexicon" / f"{digest.hexdigest()[:20]}.marshal"


def build_lexicon() -> Lexicon:
    """The lexicon, built from hazm's and shekar's word lists."""
    plain, with_zwnj = _read_words()
    verb_bodies, participles = _verbs(_stem_pairs(plain))
    tagged = {word: tags for word, (_, tags) in plain.items()}
    # «هم» is tagged PRO too, but as a conjunction it heads compounds («هم‌اکنون»).
    pronouns = frozenset(w for w, tags in tagged.items() if "PRO" in tags and "CONJ" not in tags)
    shekar_counts = wordlists.corpus_counts()
    shekar_compounds = _shekar_lists(plain, wordlists.compounds(), shekar_counts)
    shekar = {
        joined: spelling
        for joined, spelling in shekar_compounds.items()
        # The same conditions as hazm's own entries below, whose spelling wins.
        if plain.get(joined, (0, ""))[0] == 0 and spelling.split(ZWNJ)[0] not in pronouns
    }
    spelled_with_zwnj = shekar | {
        joined: spelling
        for joined, (frequency, spelling) in with_zwnj.items()
        # A joined spelling hazm's corpus counted at all is an accepted spelling of its own
        # («اینکه», «همزمان», «خوشحال»), and so is a compound of a function word («اینگونه»,
        # «همانطور», «هیچکدام»): writers choose, so these are left as they wrote them.
        # Entries the corpus never counted include junk splits («دوومی‌دانی»): skipped.
        if frequency > 0
        and plain.get(joined, (0, ""))[0] == 0
        and spelling.split(ZWNJ)[0] not in pronouns
    }
    return Lexicon(
        spelled_with_zwnj=spelled_with_zwnj,
        frequency={word: frequency for word, (frequency, _) in plain.items()},
        adjectives=frozenset(word for word, tags in tagged.items() if "AJ" in tags),
        verb_bodies=verb_bodies,
        participles=participles,
        particles=frozenset(word for word, tags in tagged.items() if tags & {"P", "CONJ"}),
        counts=shekar_counts,
    )
