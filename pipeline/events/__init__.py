"""Events: the stories that report one happening, across outlets and days (issue 20).

Pure core, no Kafka. :class:`EventTracker` takes each dedup decision in arrival order:
an article is assigned by :class:`EventIndex` to the event of the earlier story it
resembles most, or of the event it resembles as a whole (its profile: every term of its
articles, weighed by how many hold it; several signals must agree, the title among them)
(:mod:`scoring`: rare shared names, keywords, title and lead words, places, dates, time
gap), or to a new one; a duplicate follows its original. State is one
record per decision in the caller's ``MutableMapping[str, bytes]``; see docs/events.md.
"""

from pipeline.events.index import Assignment, EventIndex
from pipeline.events.scoring import Evidence, Match
from pipeline.events.settings import EventSettings
from pipeline.events.signals import StorySignals
from pipeline.events.tracker import EventStory, EventTracker, story_time_ms

__all__ = ["Assignment", "EventIndex", "EventSettings", "EventStory", "EventTracker", "Evidence",
           "Match", "StorySignals", "story_time_ms"]
