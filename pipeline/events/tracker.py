"""Events for the stream of dedup decisions: what ``khabar process`` and the worker call."""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class EventStory:
    """What the event stage reads of an article. The worker reads it where the article
    is analysed, so the dedup shard never decodes the article."""

    id: str
    time_ms: int
    signals: StorySignals
    agency: str | None = None
    title: str | None = None

    @classmethod
    def of(cls, article: Article, ingest_ms: int) -> EventStory:
        return cls(article.id, story_time_ms(article, ingest_ms), StorySignals.of(article),
                   article.agency.code if article.agency else None, article.title)


class EventTracker:
    """An article is assigned to an event; a duplicate follows its original there."""

    def __init__(self, store: MutableMapping[str, bytes], settings: EventSettings | None = None
                 ) -> None:
        self.index = EventIndex(store, settings)

    def observe(self, article: Article, ingest_ms: int, notices: Iterable[DuplicateNotice]
                ) -> Assignment | None:
        """The event the story went to; None for a duplicate of a story no longer held."""
        return self.observe_story(EventStory.of(article, ingest_ms), notices)

    def observe_story(self, story: EventStory, notices: Iterable[DuplicateNotice]
                      ) -> Assignment | None:
        """:meth:`observe` of a story read beforehand; a redelivered one gets its first
        decision again (``repeated``), with its event as it stands."""
        original = next((n.duplicate_of for n in notices
                         if n.id == story.id and not n.correction), None)
        if original is not None:
            return self.index.follow(story.id, original, story.time_ms, story.agency, story.title)
        return self.index.assign(story.id, story.time_ms, story.signals, story.agency,
                                 story.title)
