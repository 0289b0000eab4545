"""Extraction: from a web page or normalized text to the fields of an :class:`Article`.

``read_html`` runs before normalization; the :data:`EXTRACTION_STAGES` run after
it, in order, each a plain ``stage(doc) -> None`` in a module of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.doc import Doc
from pipeline.extract.agency import find_agency
from pipeline.extract.dates import find_dates_stage
from pipeline.extract.entities import find_entities_stage
from pipeline.extract.html import read_html
from pipeline.extract.keywords import find_keywords_stage
from pipeline.extract.language import detect_language
from pipeline.extract.numbers import find_numbers_stage
from pipeline.extract.quotes import find_quotes_stage
from pipeline.extract.stats import find_stats
from pipeline.extract.structure import find_structure

EXTRACTION_STAGES: tuple[tuple[str, Callable[[Doc], None]], ...] = (
    ("language", detect_language),
    ("structure", find_structure),
    ("agency", find_agency),
    ("dates", find_dates_stage),
    ("entities", find_entities_stage),
    ("quotes", find_quotes_stage),
    ("numbers", find_numbers_stage),
    ("keywords", find_keywords_stage),
    ("stats", find_stats),
)

__all__ = ["EXTRACTION_STAGES", "read_html"]
