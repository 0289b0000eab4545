"""The stats stage: length and reading time of ``article.text``."""

from __future__ import annotations

import math

from pipeline.doc import Doc
from pipeline.extract._text import words_of
from pipeline.models import Stats
from pipeline.sentences import count_sentences

WORDS_PER_MINUTE = 200


def text_stats(text: str, paragraphs: int) -> Stats:
    words = len(words_of(text).words)
    return Stats(
        characters=len(text),
        words=words,
        sentences=count_sentences(text),
        paragraphs=paragraphs,
        reading_time_seconds=math.ceil(words * 60 / WORDS_PER_MINUTE),
    )


def find_stats(doc: Doc) -> None:
    """Set ``article.stats``; paragraphs are those of the structure stage."""
    doc.article.stats = text_stats(doc.article.text, len(doc.article.paragraphs))
