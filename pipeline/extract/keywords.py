"""The keywords stage: the story's most telling names, words and phrases.

TF-IDF against hazm's lexicon: a term's weight is how often the story uses it times
how rare it is in hazm's word frequencies (a general Persian corpus). Candidates
are the entities (each mention counted under its canonical name: «جمهوری اسلامی
ایران» is «ایران»), and words and recurring phrases of up to three words inside
runs of content words that never cross punctuation, stopwords, verbs or names, so
«خواندن سپاه پاسداران» cannot become a phrase. Scores are relative: the best term
scores 1.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache, lru_cache

from pipeline.doc import Doc
from pipeline.extract._text import tokens, word_frequencies
from pipeline.extract.entities import lexicon
from pipeline.models import Entity, Keyword

TOP_TERMS = 10
# Words missing from hazm's lexicon (names, rare spellings) count as this rare, so
# a misspelling does not outrank every real word.
UNKNOWN_WORD_FREQUENCY = 1000
PHRASE_BONUS = 1.5  # per extra word: phrases say more than their words
MAX_PHRASE_WORDS = 3
_DIGIT = re.compile(r"\d")


@cache
def _corpus_size() -> int:
    return sum(word_frequencies().values())


@lru_cache(maxsize=65536)
def idf(word: str) -> float:
    """How rare ``word`` is in general Persian: log(corpus size / frequency)."""
    frequency = word_frequencies().get(word) or UNKNOWN_WORD_FREQUENCY
    return math.log(_corpus_size() / (frequency + 1))


def _runs(text: str, names: dict[int, int]) -> list[list[str]]:
    """Runs of content words between punctuation, stopwords, verbs, digits and the
    names in ``names`` (start → end offsets), which are terms of their own."""
    stop = lexicon().stop
    runs: list[list[str]] = [[]]
    previous_end = 0
    name_end = 0
    for token in tokens(text):
        word = token.text
        name_end = names.get(token.start, name_end)
        content = (
            token.start >= name_end
            and word not in stop
            and len(word) > 1
            and not _DIGIT.search(word)
        )
        if (not content or text[previous_end : token.start].strip()) and runs[-1]:
            runs.append([])
        if content:
            runs[-1].append(word)
        previous_end = token.end
    return [run for run in runs if run]


def _term_counts(text: str, names: list[tuple[int, int, str]]) -> Counter[tuple[str, ...]]:
    """Counts of names, words and phrases of up to three words that recur.

    A word or phrase inside a recurring longer phrase only counts its other uses:
    «اسلامی» in «جمهوری اسلامی ایران» ×9 is not a keyword of its own.
    """
    grams = Counter(
        gram
        for run in _runs(text, {start: end for start, end, _ in names})
        for n in range(1, MAX_PHRASE_WORDS + 1)
        for gram in zip(*(run[i:] for i in range(n)))
    )
    counts: Counter[tuple[str, ...]] = Counter(tuple(name.split()) for _, _, name in names)
    inside: Counter[tuple[str, ...]] = Counter()  # uses inside kept longer phrases
    for term, count in sorted(grams.items(), key=lambda item: -len(item[0])):
        if len(term) > 1 and count < 2:
            continue  # a phrase must recur to be more than a chance neighbour
        own = count - inside[term]
        if own <= 0:
            continue
        counts[term] += own
        for sub in _sub_terms(term):
            inside[sub] = max(inside[sub], own)
    return counts


def _sub_terms(term: tuple[str, ...]) -> set[tuple[str, ...]]:
    n = len(term)
    return {term[i:j] for i in range(n) for j in range(i + 1, n + 1)} - {term}


def find_keywords(
    text: str, names: list[tuple[int, int, str]] | None = None, top: int = TOP_TERMS
) -> list[Keyword]:
    """The ``top`` terms of ``text`` by TF-IDF; ``names`` are (start, end, canonical)
    of entity mentions, each counted as one term under its canonical name."""
    scores = {
        term: count
        * sum(idf(word) for word in term)
        / len(term)
        * PHRASE_BONUS ** (min(len(term), MAX_PHRASE_WORDS) - 1)
        for term, count in _term_counts(text, names or []).items()
    }
    chosen = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:top]
    best = chosen[0][1] if chosen else 1.0
    return [Keyword(" ".join(term), round(score / best, 3)) for term, score in chosen]


def _outermost_names(entities: list[Entity]) -> list[tuple[int, int, str]]:
    spans = sorted(
        ((m.start, m.end, e.canonical) for e in entities for m in e.mentions),
        key=lambda span: (span[0], -span[1]),
    )
    outermost: list[tuple[int, int, str]] = []
    for span in spans:
        if not outermost or span[0] >= outermost[-1][1]:
            outermost.append(span)
    return outermost


def find_keywords_stage(doc: Doc) -> None:
    """Set ``article.keywords``; entity names count as single terms."""
    doc.article.keywords = find_keywords(doc.text, _outermost_names(doc.article.entities))
