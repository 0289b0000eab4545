"""Issue 20: what the event stage costs where the worker runs it, on real news.

    .venv/bin/python -m bench.events_shard

The ir-news stream (``../shared``, never copied) through ``InProcessRunner`` (the code of
``khabar process``), each story's event stage timed in the worker's two parts: reading
its signals (``EventStory.of``, in the analyse agent, which scales with news.raw's
partitions) and the decision (``EventTracker.observe_story``, in the one dedup shard),
beside the shard's dedup decision (``Deduplicator.decide``) and the whole story. Prints
each part's milliseconds a story, the event stage's two parts as a share of the whole
story (issue 20's bound: 10% of the worker's per-story time), and the event store's bytes
a story held at the end of the stream.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from bench.common import SHARED
from pipeline.events import Assignment, EventStory, EventTracker
from pipeline.models import Article, DuplicateNotice
from pipeline.process import InProcessRunner

IR_NEWS = SHARED / "data" / "ir-news" / "stories.jsonl"
SIGNALS, DECISION, WHOLE = "signals (analyse agent)", "event decision (shard)", "whole story"


class Clock:
    """Seconds spent in each timed part."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def timed(self, part: str, call: Callable[..., Any]) -> Callable[..., Any]:
        self.seconds[part] = 0.0

        def run(*args: Any) -> Any:
            started = time.perf_counter()
            try:
                return call(*args)
            finally:
                self.seconds[part] += time.perf_counter() - started

        return run


class SplitTracker(EventTracker):
    """The runner's tracker, its story read and decided as the worker splits them."""

    def __init__(self, clock: Clock) -> None:
        super().__init__({})
        self.read = clock.timed(SIGNALS, EventStory.of)
        self.decide = clock.timed(DECISION, self.observe_story)

    def observe(self, article: Article, ingest_ms: int, notices: Iterable[DuplicateNotice]
                ) -> Assignment | None:
        return self.decide(self.read(article, ingest_ms), notices)


def main() -> None:
    clock = Clock()
    runner = InProcessRunner(time_budget_ms=0)
    runner.events = tracker = SplitTracker(clock)
    runner.deduplicator.decide = clock.timed("dedup decision (shard)", runner.deduplicator.decide)
    process = clock.timed(WHOLE, runner.process)
    stories = 0
    for line in IR_NEWS.open(encoding="utf-8"):
        row = json.loads(line)
        row["id"] = row["doc_id"]
        process(json.dumps(row, ensure_ascii=False).encode())
        stories += 1
    print(f"# {datetime.now().astimezone().isoformat(timespec='seconds')}  {stories} ir-news "
          "stories, ms a story:")
    for part, seconds in clock.seconds.items():
        print(f"{part}: {seconds / stories * 1000:.2f}")
    spent, index = clock.seconds, tracker.index
    print(f"event stage (signals and decision) of the whole story: "
          f"{(spent[SIGNALS] + spent[DECISION]) / spent[WHOLE]:.1%} (bound 10%); "
          f"store {index.state_bytes() / max(len(index), 1):.0f} bytes a story held "
          f"({len(index)} held at the end)")


if __name__ == "__main__":
    main()
