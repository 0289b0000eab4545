"""The document that flows through Khabar's stages.

Like a spaCy ``Doc``: one object is created per raw story and handed, in order, to
named stages (``pipeline.stages``). Each stage reads what earlier stages set and
fills in its own part; none of them talks to Kafka.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.models import Article, RawStory, SourcePosition


@dataclass(slots=True)
class Doc:
    """A story in the middle of processing.

    ``text`` is the working text: the raw body (or the main text of an HTML page)
    until the normalize stage replaces it with normalized text, after which
    ``article`` fields hold character offsets into it.
    """

    raw: RawStory
    article: Article
    text: str = ""
    # The working text as it was before the normalize stage, which folds Urdu and
    # Kurdish letters (ے ە) into Persian ones: the language stage reads them here.
    source_text: str = ""
    position: SourcePosition | None = None
    html_metadata: dict[str, str] = field(default_factory=dict)
    normalization: dict[str, int] = field(default_factory=dict)
    # Offsets into ``text`` of the dateline («به گزارش ایسنا، ...،»), set by the
    # agency stage, so deduplication can ignore who republished the story.
    dateline: tuple[int, int] | None = None
    # Offsets into ``text`` of the agency's name in the dateline, for the entity stage:
    # an ORG even when the name is a place or a word («فارس», «مهر»).
    agency_span: tuple[int, int] | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
