"""The structure stage: title, lead, paragraphs and subheadings from line breaks.

Decision: ``article.text`` is the body *without* a title line. A given title is
normalized as the body was. When the first line repeats the given title, or is
itself a headline and no title was given (short, no final punctuation, more lines
follow), it moves to ``article.title`` and is cut from the text. From here on
``doc.text`` and ``article.text`` are the same string, so every offset (dateline,
entities, quotes…) means the same in both.
"""

from __future__ import annotations

import re

from pipeline.doc import Doc
from pipeline.extract._text import FINAL_PUNCTUATION, LETTER, lines
from pipeline.normalize import normalize_text

MAX_HEADLINE_CHARS = 160
MAX_HEADLINE_WORDS = 25
MAX_SUBHEADING_CHARS = 100
MAX_SUBHEADING_WORDS = 14

_SPACES = re.compile(r"\s+")
# Marks a site puts before its subheadings («* راهکارهای جبران کسری»).
_BULLETS = "*•·- "


def _squeeze(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _is_short_unpunctuated(line: str, max_chars: int, max_words: int) -> bool:
    return (
        len(line) <= max_chars
        and len(line.split()) <= max_words
        and not line.endswith(tuple(FINAL_PUNCTUATION))
    )


def _is_headline(line: str) -> bool:
    # A dateline opener is the start of a story, never a headline.
    return _is_short_unpunctuated(line, MAX_HEADLINE_CHARS, MAX_HEADLINE_WORDS) and not (
        line.startswith("به گزارش")
    )


def is_subheading(line: str) -> bool:
    """A short line without final punctuation («آمادگی ایران جهت توسعه همکاری‌ها»):
    a subheading when it stands between paragraphs."""
    return _is_short_unpunctuated(line, MAX_SUBHEADING_CHARS, MAX_SUBHEADING_WORDS)


def find_structure(doc: Doc) -> None:
    """Set title, text, lead, paragraphs and subheadings of ``doc.article``."""
    article = doc.article
    spans = list(lines(doc.text))
    given = article.title or doc.html_metadata.get("title")
    # The producer's title is raw like the body was: normalized the same way, it reads
    # the same in the output and matches the body's first line when it repeats it.
    given = _squeeze(normalize_text(given)) if given and given.strip() else None
    if spans:
        first = doc.text[spans[0][0] : spans[0][1]]
        # A story that is its title alone (or with a stray «.») keeps it as its text
        # too: a flash has a body.
        has_body = len(spans) > 1 and LETTER.search(doc.text, spans[1][0]) is not None
        if given is not None and _squeeze(first) == given and has_body:
            spans.pop(0)
        elif given is None and has_body and _is_headline(first):
            given = _squeeze(first)
            article.title_inferred = True
            spans.pop(0)
    article.title = given
    text = doc.text[spans[0][0] : spans[-1][1]] if spans else ""
    doc.text = article.text = text
    spans = list(lines(text))
    short = [is_subheading(text[start:end]) for start, end in spans]
    paragraphs: list[tuple[int, int]] = []
    subheadings: list[str] = []
    for index, (start, end) in enumerate(spans):
        # Between paragraphs: never the first or the last line, and alone: a run of
        # short lines is a list, a table of results or verse, which is text.
        between = 0 < index < len(spans) - 1
        if between and short[index] and not (short[index - 1] or short[index + 1]):
            line = text[start:end]
            subheadings.append(line.lstrip(_BULLETS) or line)
        else:
            paragraphs.append((start, end))
    article.paragraphs = paragraphs
    article.subheadings = subheadings
    article.lead = text[paragraphs[0][0] : paragraphs[0][1]] if paragraphs else None
