"""Events for the stream of dedup decisions: what ``khabar process`` and the worker call."""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from datetime import datetime

from pipeline.events.index import Assignment, EventIndex
from pipeline.events.settings import EventSettings
from pipeline.events.signals import StorySignals
from pipeline.models import Article, DuplicateNotice

# A producer's date this far past the story's arrival is a mistake, not the future.
_FUTURE_MS = 24 * 3600 * 1000


def story_time_ms(article: Article, ingest_ms: int) -> int:
    """When the story happened for the window: its publication time when it says one
    (a replayed archive keeps its days apart), else when it arrived. Never more than a
    day after its arrival: a story dated «9999-01-01» would otherwise move the window's
    end past every event and close them all."""
    if article.published_at is None:  # the dates stage wrote ISO with a zone, or nothing
        return ingest_ms
    published = int(datetime.fromisoformat(article.published_at).timestamp() * 1000)
    return min(published, ingest_ms + _FUTURE_MS)


class EventTracker:
    """An article is assigned to an event; a duplicate follows its original there."""

    def __init__(self, store: MutableMapping[str, bytes], settings: EventSettings | None = None
                 ) -> None:
        self.index = EventIndex(store, settings)

    def observe(self, article: Article, ingest_ms: int, notices: Iterable[DuplicateNotice]
                ) -> Assignment | None:
        """The event the story went to; None for a duplicate of a story no longer held."""
        time_ms = story_time_ms(article, ingest_ms)
        agency = article.agency.code if article.agency else None
        original = next((n.duplicate_of for n in notices
                         if n.id == article.id and not n.correction), None)
        if original is not None:
            return self.index.follow(article.id, original, time_ms, agency, article.title)
        return self.index.assign(article.id, time_ms, StorySignals.of(article), agency,
                                 article.title)
