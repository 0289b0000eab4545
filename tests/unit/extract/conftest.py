"""Helpers for extraction tests: build a Doc from well-formed Persian text and run stages."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.doc import Doc
from pipeline.extract import EXTRACTION_STAGES
from pipeline.models import Article, RawStory


def make_doc(text: str = "", **raw_fields) -> Doc:
    raw = RawStory(form="json", body=text, **raw_fields)
    article = Article(id=raw.id or "", text="", url=raw.url, source=raw.source, title=raw.title)
    return Doc(raw=raw, article=article, text=text)


def run_until(doc: Doc, last: str) -> Doc:
    """Run the extraction stages in order, up to and including ``last``."""
    for name, stage in EXTRACTION_STAGES:
        stage(doc)
        if name == last:
            return doc
    raise AssertionError(f"no stage named {last!r}")


@pytest.fixture
def extract() -> Callable[..., Doc]:
    """``extract(text, until="stats", **raw_fields)`` → the Doc after those stages."""

    def run(text: str, until: str = EXTRACTION_STAGES[-1][0], **raw_fields) -> Doc:
        return run_until(make_doc(text, **raw_fields), until)

    return run


@pytest.fixture(name="make_doc")
def make_doc_fixture() -> Callable[..., Doc]:
    return make_doc


@pytest.fixture(name="run_until")
def run_until_fixture() -> Callable[[Doc, str], Doc]:
    return run_until
