"""Issue 20: the event stage alone, replayed on two real streams, timed and fingerprinted.

    .venv/bin/python -m bench.events_replay --inputs DIR [--assignments DIR]

The shard's inputs of the event stage (each story's :class:`EventStory` and the dedup
decision's notices) are read once and kept in ``DIR`` (pickled; from ``../shared``, never
in the repository): the ir-news stream through ``InProcessRunner`` (the code of ``khabar
process``), and the 10,000 stories of ``bench.dedup_shard`` (analysed and deduplicated as
the shard does). Then :meth:`EventTracker.observe_story` alone, into a fresh store, over
the first 2,000 stories of the shard's stream and over all of it, and over ir-news:
milliseconds a story, and a SHA-256 of every assignment (event, decision, event record)
in order, so that two versions of ``pipeline/events`` can be shown to decide alike.
``--assignments`` writes them, one JSON line a story, to diff where the digests differ.
A second replay restarts the tracker on the store the first left (a worker after
recovery) and must give the same digest on the stories after it.

To compare with another version in the same run, put its ``pipeline`` first on the path:
``PYTHONPATH=OLD:. .venv/bin/python bench/events_replay.py --inputs DIR``.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path

import orjson

from pipeline.events import Assignment, EventStory, EventTracker
from pipeline.models import Article, DuplicateNotice

Inputs = list[tuple[EventStory, tuple[DuplicateNotice, ...]]]
SHARD_SIZES = (2_000, 10_000)


class _Capture(EventTracker):
    """The runner's tracker, keeping what the event stage was given."""

    def __init__(self) -> None:
        super().__init__({})
        self.inputs: Inputs = []

    def observe(self, article: Article, ingest_ms: int, notices: Iterable[DuplicateNotice]
                ) -> Assignment | None:
        story, given = EventStory.of(article, ingest_ms), tuple(notices)
        self.inputs.append((story, given))
        return self.observe_story(story, given)


def ir_news_inputs() -> Inputs:
    from bench.events_shard import IR_NEWS
    from pipeline.process import InProcessRunner

    runner = InProcessRunner(time_budget_ms=0)
    runner.events = capture = _Capture()
    for line in IR_NEWS.open("rb"):
        row = orjson.loads(line)
        row["id"] = row["doc_id"]
        runner.process(orjson.dumps(row))
    return capture.inputs


def shard_inputs() -> Inputs:
    from agents.codec import decode_candidate
    from bench.common import Progress
    from bench.dedup_shard import analysed_records
    from pipeline.process import Deduplicator

    progress = Progress(total=SHARD_SIZES[-1])
    try:
        encoded, _, _ = analysed_records(progress, SHARD_SIZES[-1])
    finally:
        progress.close()
    deduplicator = Deduplicator({})
    inputs: Inputs = []
    for _, value in encoded:
        candidate, story, _ = decode_candidate(value)
        inputs.append((story, tuple(deduplicator.decide(candidate).notices)))
    return inputs


def load(directory: Path, name: str, read: Callable[[], Inputs]) -> Inputs:
    path = directory / f"{name}.pickle"
    if not path.exists():
        path.write_bytes(pickle.dumps(read()))
    return pickle.loads(path.read_bytes())


def encoded(assignment: Assignment | None) -> bytes:
    if assignment is None:
        return b"null"
    return orjson.dumps({"story": assignment.story_id, "event": assignment.event_id,
                         "new": assignment.new, "repeated": assignment.repeated,
                         "decision": assignment.decision, "record": asdict(assignment.record)},
                        option=orjson.OPT_SORT_KEYS)


def replay(inputs: Inputs, store: dict[str, bytes] | None = None) -> tuple[float, list[bytes]]:
    """Seconds in ``observe_story`` over ``inputs`` into ``store``, and the assignments."""
    tracker = EventTracker({} if store is None else store)
    spent, out = 0.0, []
    for story, notices in inputs:
        started = time.perf_counter()
        assignment = tracker.observe_story(story, notices)
        spent += time.perf_counter() - started
        out.append(encoded(assignment))  # outside the clock: the record is built lazily
    return spent, out


def digest(lines: list[bytes]) -> str:
    return hashlib.sha256(b"\n".join(lines)).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=Path, required=True, help="where the inputs are kept")
    parser.add_argument("--assignments", type=Path, help="write each stream's assignments here")
    args = parser.parse_args()
    args.inputs.mkdir(parents=True, exist_ok=True)
    streams = {"ir-news": load(args.inputs, "ir-news", ir_news_inputs),
               "shard": load(args.inputs, "shard", shard_inputs)}
    runs = [("ir-news", streams["ir-news"])]
    runs += [(f"shard {size}", streams["shard"][:size]) for size in SHARD_SIZES]
    for name, inputs in runs:
        seconds, lines = replay(inputs)
        print(f"{name:12} {len(inputs):6} stories  {1000 * seconds / len(inputs):.3f} ms a story"
              f"  assignments {digest(lines)}")
        if args.assignments:
            args.assignments.mkdir(parents=True, exist_ok=True)
            (args.assignments / f"{name.replace(' ', '-')}.jsonl").write_bytes(
                b"\n".join(lines) + b"\n")
    # A worker restarted halfway on the store the first left decides the rest alike.
    inputs = streams["shard"]
    half = len(inputs) // 2
    store: dict[str, bytes] = {}
    _, first = replay(inputs[:half], store)
    _, rest = replay(inputs[half:], store)
    print(f"shard, restarted at {half}: assignments {digest(first + rest)}")


if __name__ == "__main__":
    main()
