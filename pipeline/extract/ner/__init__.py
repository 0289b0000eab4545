"""A learned named-entity tagger: a linear-chain CRF over the entity stage's words.

    tagger = Tagger.load()                      # the shipped model, once per process
    spans = tagger.spans(text, rule_mentions)   # [(type, start, end), ...]

The features of a word are its form (the word, its affixes, its shape), what the
lexicons say of it (first name, family name, title or role, place, organisation or
event head, how common it is in general Persian), the rule-based finder's tag for it
(:mod:`pipeline.extract.entities` becomes a feature, not the answer), and the same
for its neighbours. The model is trained by :mod:`pipeline.extract.ner.train` on
Khabar's own news corpus (``corpus/ner-news``) and ParsTwiNER; see ``DATA_CARD.md``
beside this file. python-crfsuite tags a story's words in C, offline and
deterministically.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

import pycrfsuite

from pipeline.extract._text import ZWNJ, Words, word_frequencies, words_of

MODEL = "model.crfsuite"
TYPES = ("PER", "ORG", "LOC", "EVENT")
Span = tuple[str, int, int]  # type, start, end (offsets into the text)

# Word frequencies are bucketed on a log scale: names are rare words, and the CRF
# should learn that, not a weight per count.
_FREQUENCY_BUCKETS = 6


def _frequency_bucket(word: str) -> str:
    count = word_frequencies().get(word)
    if count is None:
        return "unlisted"
    return str(min(_FREQUENCY_BUCKETS, int(math.log10(count + 1))))


def _shape(word: str) -> str:
    if word.isdigit():
        return "digit"
    if word.isascii():
        return "latin"
    if any(ch.isdigit() for ch in word):
        return "mixed"
    return "zwnj" if ZWNJ in word else "word"


@cache
def _lists() -> dict[str, frozenset[str]]:
    """Lexicon word lists by feature name (their first words, for phrases)."""
    from pipeline.extract.entities import PLACE_HEADS, lexicon

    lex = lexicon()
    return {
        "first": lex.first_names,
        "surname": lex.surnames,
        "role": lex.role_heads,
        "title": lex.titles.first_words(),
        "name": lex.names.first_words(),
        "org_head": lex.org_heads.first_words(),
        "event_head": lex.event_heads.first_words(),
        "place_head": frozenset(PLACE_HEADS),
        "demonym": lex.demonyms,
        "stop": lex.stop,
    }


@lru_cache(maxsize=1 << 16)
def _word_features(word: str) -> tuple[str, ...]:
    """A word's own features as crfsuite attributes («name:value», or a name alone for
    a flag), cached: most words of a story were seen before."""
    plain = word.replace(ZWNJ, "")
    attributes = [f"w:{word}", f"p2:{plain[:2]}", f"p3:{plain[:3]}", f"s2:{plain[-2:]}",
                  f"s3:{plain[-3:]}", f"shape:{_shape(word)}", f"freq:{_frequency_bucket(word)}",
                  f"len:{min(len(plain), 8)}"]
    attributes.extend(name for name, words in _lists().items() if word in words)
    return tuple(attributes)


# What a word tells its neighbours (the attribute names before the first «:»).
_SHARED = frozenset(("w", "s2", "freq", "shape", "first", "surname", "role", "title", "name",
                     "org_head", "place_head", "stop"))


@lru_cache(maxsize=1 << 16)
def _neighbour_features(word: str, offset: int) -> tuple[str, ...]:
    return tuple(f"{offset}:{attribute}" for attribute in _word_features(word)
                 if attribute.partition(":")[0] in _SHARED)


def _rule_tags(words: Words, mentions: Sequence[Span]) -> list[str]:
    """The rule-based finder's BIO tag of each word."""
    tags = ["O"] * len(words.words)
    for kind, start, end in mentions:
        index = bisect_left(words.starts, start)
        first = index
        while index < len(words.ends) and words.ends[index] <= end:
            tags[index] = ("B-" if index == first else "I-") + kind
            index += 1
    return tags


def features(words: Words, mentions: Sequence[Span]) -> list[list[str]]:
    """The CRF's attributes of every word of ``words``, given the rule-based mentions."""
    rules = _rule_tags(words, mentions)
    count = len(words.words)
    rows = []
    for index, word in enumerate(words.words):
        # Punctuation or a line break between two words ends a name.
        row = [*_word_features(word), f"rule:{rules[index]}", "bias",
               f"joined_next:{words.joined[index]}",
               f"joined_prev:{index > 0 and words.joined[index - 1]}"]
        for offset in (-2, -1, 1, 2):
            other = index + offset
            if 0 <= other < count:
                row.extend(_neighbour_features(words.words[other], offset))
                row.append(f"{offset}:rule:{rules[other]}")
            else:
                row.append(f"{offset}:edge")
        rows.append(row)
    return rows


def spans_of_tags(words: Words, tags: Sequence[str]) -> list[Span]:
    """BIO tags back to (type, start, end) spans; an I- after O or another type opens one."""
    spans: list[Span] = []
    kind, start, end = None, 0, 0
    for index, tag in enumerate(tags):
        inside = tag.startswith("I-") and kind == tag[2:] and index and words.joined[index - 1]
        if inside:
            end = words.ends[index]
            continue
        if kind is not None:
            spans.append((kind, start, end))
            kind = None
        if tag != "O":
            kind, start, end = tag[2:], words.starts[index], words.ends[index]
    if kind is not None:
        spans.append((kind, start, end))
    return spans


def tags_of_spans(words: Words, spans: Sequence[Span]) -> list[str]:
    """Annotated (type, start, end) spans to BIO tags: a word belongs to the span it
    starts in («اسپانیا» marked in «اسپانیاست» tags the word)."""
    tags = ["O"] * len(words.words)
    for kind, start, end in spans:
        first = bisect_left(words.starts, start)
        last = bisect_left(words.starts, end)
        for index in range(first, last):
            tags[index] = ("B-" if index == first else "I-") + kind
    return tags


@dataclass(slots=True)
class Tagger:
    """The trained CRF, ready to tag."""

    tagger: pycrfsuite.Tagger

    @classmethod
    def load(cls, path: str | None = None) -> Tagger:
        tagger = pycrfsuite.Tagger()
        tagger.open(path or str(files("pipeline.extract.ner").joinpath(MODEL)))
        return cls(tagger)

    def spans(self, text: str, rule_mentions: Sequence[Span]) -> list[Span]:
        words = words_of(text)
        if not words.words:
            return []
        return spans_of_tags(words, self.tagger.tag(features(words, rule_mentions)))


@cache
def shipped_tagger() -> Tagger:
    return Tagger.load()


