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
from bisect import bisect_left
from collections import Counter
from functools import cache, lru_cache
from itertools import compress, pairwise, repeat
from operator import and_, gt, neg, not_

from pipeline.doc import Doc
from pipeline.extract._text import ZWNJ, Words, word_frequencies, words_of
from pipeline.extract.entities import lexicon
from pipeline.extract.numbers import NUMBER_WORDS
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


def _content(spans: Words, names: dict[int, int]) -> list[bool]:
    """Per word, whether it is a content word: longer than a letter, no stopword (also
    written with a ZWNJ: «آن‌ها»), verb, number word («هزار») or digit, and not in one
    of the ``names`` (start → end offsets), which are terms of their own."""
    stop = lexicon().stop
    candidates = tuple(
        word
        for word in set(spans.words).difference(stop, NUMBER_WORDS)
        if ZWNJ not in word or word.replace(ZWNJ, "") not in stop
    )
    # len(word) > 1 and not _DIGIT.search(word), one word after another in C.
    long = map(gt, map(len, candidates), repeat(1))
    usable = set(compress(candidates, map(and_, long, map(not_, map(_DIGIT.search, candidates)))))
    content = list(map(usable.__contains__, spans.words))
    starts = spans.starts
    # Word by word, a name opening at the word sets where the current name ends; a
    # word before that end is the name's. Names opening between words are ignored.
    openings = sorted(
        (first, end)
        for start, end in names.items()
        if (first := bisect_left(starts, start)) < len(starts) and starts[first] == start
    )
    for (first, end), (following, _) in zip(openings, [*openings[1:], (len(starts), 0)]):
        last = min(following, bisect_left(starts, end, first))
        content[first:last] = [False] * (last - first)
    return content


def _term_counts(text: str, names: list[tuple[int, int, str]]) -> Counter[tuple[str, ...]]:
    """Counts of names, and of words and phrases of up to three words that recur
    inside runs of content words that never cross anything but spaces.

    A word or phrase inside a recurring longer phrase only counts its other uses:
    «اسلامی» in «جمهوری اسلامی ایران» ×9 is not a keyword of its own.
    """
    spans = words_of(text)
    words = spans.words
    content = _content(spans, {start: end for start, end, _ in names})
    # linked[i]: words i and i+1 are in one run. The grams are counted in C.
    linked = list(map(and_, map(and_, content, content[1:]), spans.joined))
    trigrams = Counter(compress(zip(words, words[1:], words[2:]), map(and_, linked, linked[1:])))
    bigrams = Counter(compress(pairwise(words), linked))
    counts: Counter[tuple[str, ...]] = Counter(zip(compress(words, content)))  # words as 1-tuples
    phrases: Counter[tuple[str, ...]] = Counter(tuple(name.split()) for _, _, name in names)
    inside: dict[tuple[str, ...], int] = {}  # uses inside kept longer phrases
    # Longest first, so that ``inside`` is complete when a term is reached.
    for grams in (trigrams, bigrams):
        # A phrase must recur to be more than a chance neighbour.
        for term, count in compress(grams.items(), map(gt, grams.values(), repeat(1))):
            own = count - inside.get(term, 0)
            if own <= 0:
                continue
            phrases[term] += own
            for sub in _sub_terms(term):
                inside[sub] = max(inside.get(sub, 0), own)
    for term, used in inside.items():
        if len(term) == 1 and term in counts:
            own = counts[term] - used
            if own > 0:
                counts[term] = own
            else:
                del counts[term]
    for term, count in phrases.items():
        counts[term] += count
    return counts


def _sub_terms(term: tuple[str, ...]) -> set[tuple[str, ...]]:
    n = len(term)
    return {term[i:j] for i in range(n) for j in range(i + 1, n + 1)} - {term}


# PHRASE_BONUS ** (words - 1), for 1 to MAX_PHRASE_WORDS words.
_BONUS = tuple(PHRASE_BONUS**extra for extra in range(MAX_PHRASE_WORDS))


def _score(term: tuple[str, ...], count: int) -> float:
    words = len(term)
    if words == 1:  # most terms; the same value as the general formula, computed faster
        return count * idf(term[0])
    return count * sum(map(idf, term)) / words * _BONUS[min(words, MAX_PHRASE_WORDS) - 1]


def find_keywords(
    text: str, names: list[tuple[int, int, str]] | None = None, top: int = TOP_TERMS
) -> list[Keyword]:
    """The ``top`` terms of ``text`` by TF-IDF; ``names`` are (start, end, canonical)
    of entity mentions, each counted as one term under its canonical name."""
    counts = _term_counts(text, names or [])
    # Best score first, then term: (-score, term) pairs built and sorted in C.
    ranked = sorted(zip(map(neg, map(_score, counts, counts.values())), counts))[:top]
    best = -ranked[0][0] if ranked else 1.0
    return [Keyword(" ".join(term), round(-negated / best, 3)) for negated, term in ranked]


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
