"""Fuzzing the way in: whatever bytes a producer sends, a story ends as an article or a
dead letter, never as an exception that would stop a partition.

The CI run is bounded (``ci`` profile); the long run is

    HYPOTHESIS_PROFILE=long .venv/bin/pytest -m unit tests/unit/test_fuzz_pipeline.py
"""

from __future__ import annotations

import hashlib
import os

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import Reason, Rejected
from pipeline.extract import read_html
from pipeline.ingest import parse_raw
from pipeline.models import DeadLetter, SourcePosition
from pipeline.normalize import normalize_text
from pipeline.stages import Analysed, Pipeline

pytestmark = pytest.mark.unit

PROFILES = {
    "ci": settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    ),
    "long": settings(
        max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck)
    ),
}
fuzz = PROFILES[os.environ.get("HYPOTHESIS_PROFILE", "ci")]

POSITION = SourcePosition(topic="news.raw", partition=2, offset=41)

# Characters that break naive text handling: Persian and Arabic letters and digits,
# ZWNJ and joiners, bidi controls, C0/C1 controls, Arabic presentation forms, markup.
HOSTILE_CHARS = st.one_of(
    st.sampled_from(list("خبرنگارایرانیکيكةۀ۰۱۲٣٤5 \n\t،؛؟.«»<>&;\"'/=")),
    st.sampled_from(["\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066",
                     "\u2069", "\ufeff", "\u0000", "\u0007", "\u001b", "\u0085", "\u00a0"]),
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
    st.characters(codec="utf-8"),
)
HOSTILE_TEXT = st.text(HOSTILE_CHARS, max_size=400)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False)
    | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)
FIELD_NAMES = st.sampled_from(
    ["id", "doc_id", "url", "link", "source", "title", "body", "text", "content", "html",
     "published_at", "date", "paragraphs", "abstract"]
)
STORY_OBJECTS = st.dictionaries(FIELD_NAMES, JSON_VALUES | HOSTILE_TEXT, max_size=6)

TAGS = st.sampled_from(["p", "div", "script", "style", "h1", "a", "article", "iframe", "br"])
HTML_PIECES = st.one_of(
    HOSTILE_TEXT,
    TAGS.map(lambda tag: f"<{tag}>"),
    TAGS.map(lambda tag: f"</{tag}>"),
    st.sampled_from(["&amp;", "&nbsp;", "&#x202e;", "&#0;", "&zwnj;", "&lt;p&gt;", "<!--", "-->",
                     "<![CDATA[", "]]>", '<meta name="date" content="۱۴۰۲/۰۸/۱۵">']),
)
HTML_PAGES = st.lists(HTML_PIECES, max_size=60).map(
    lambda pieces: "<!DOCTYPE html><html><body>" + "".join(pieces) + "</body></html>"
)

RAW_VALUES = st.one_of(
    st.binary(max_size=300),
    HOSTILE_TEXT.map(str.encode),
    STORY_OBJECTS.map(orjson.dumps),
    JSON_VALUES.map(orjson.dumps),
    HTML_PAGES.map(str.encode),
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    ready = Pipeline()
    ready.warm_up()
    return ready


@fuzz
@given(data=RAW_VALUES)
def test_parse_raw_returns_a_story_or_refuses_with_a_reason(data):
    try:
        story = parse_raw(data)
    except Rejected as rejection:
        assert rejection.reason in set(Reason)
    else:
        assert story.body is not None or story.html is not None


@fuzz
@given(page=HTML_PAGES)
def test_html_extraction_yields_text_or_refuses_the_page(page):
    html_only = Pipeline(stages=(("html", read_html),))
    outcome = html_only.analyse(orjson.dumps({"id": "fuzz-html", "html": page}))
    if isinstance(outcome, DeadLetter):
        assert outcome.reason in (Reason.UNUSABLE_HTML, Reason.EMPTY_STORY), outcome.detail


@fuzz
@given(text=HOSTILE_TEXT)
def test_normalizing_normalized_hostile_text_changes_nothing(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@fuzz
@given(data=RAW_VALUES)
def test_any_input_becomes_an_article_or_a_dead_letter_that_keeps_it(pipeline, data):
    outcome = pipeline.analyse(data, POSITION)
    assert isinstance(outcome, Analysed | DeadLetter)
    if isinstance(outcome, DeadLetter):
        assert outcome.reason != Reason.INTERNAL_ERROR, outcome.detail
        assert outcome.original_sha256 == hashlib.sha256(data).hexdigest()
        assert (outcome.source.partition, outcome.source.offset) == (2, 41)
    else:
        assert outcome.article.id and outcome.article.text.strip()
