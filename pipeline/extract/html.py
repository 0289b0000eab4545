"""The html stage: main text and metadata of a web page, with trafilatura.

trafilatura drops navigation, scripts, comments and page furniture and keeps one
paragraph a line, which the structure stage relies on.
"""

from __future__ import annotations

import trafilatura

from pipeline.doc import Doc
from pipeline.errors import Reason, Rejected

_METADATA_FIELDS = ("title", "date", "url", "sitename", "author")
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def read_html(doc: Doc) -> None:
    """Fill ``doc.html_metadata`` and, unless a body came with the page, ``doc.text``.

    Runs before normalization. Hostile pages (script floods, entity bombs, deep
    nesting) come out empty rather than hanging, and any page that yields no text
    is refused as ``unusable_html``.
    """
    html = doc.raw.html
    if not html:
        return
    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,  # short Persian stories fall under the default thresholds
            # The publication time, not only the day, with its offset when the page has one.
            date_extraction_params={"original_date": True, "outputformat": DATE_FORMAT},
        )
    except (RecursionError, MemoryError, ValueError, TypeError) as error:
        # lxml and trafilatura raise these on pathological markup.
        raise Rejected(Reason.UNUSABLE_HTML, f"page could not be parsed: {type(error).__name__}")
    if result is not None:
        doc.html_metadata = {
            name: value
            for name in _METADATA_FIELDS
            if isinstance(value := getattr(result, name, None), str) and value.strip()
        }
    if doc.text.strip():
        return
    text = (result.text if result is not None else None) or ""
    if not text.strip():
        raise Rejected(Reason.UNUSABLE_HTML, "no main text found in the page")
    doc.text = text
