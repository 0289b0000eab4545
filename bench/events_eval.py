"""Measure event detection on real news: the whole ir-news stream through Khabar in
process (analysis, dedup, events: ``InProcessRunner``, the code of ``khabar process``),
scored pairwise on the pairs of ``real-pairs.jsonl`` labelled ``same_event``, and by
B-cubed on the 40 events of ``corpus/events/events.jsonl`` (labelled by reading).

    .venv/bin/python bench/events_eval.py              # B-cubed on the tuning events only
    .venv/bin/python bench/events_eval.py --held-out   # and on the held-out third, once

Each story's ``doc_id`` is its id; stories go in file order (their publication order);
an event's window runs on each story's ``published_at``. Shared data is read from
``../shared`` and never copied. A pair is joined when both stories end in one event.
Prints recall on ``same_event`` pairs, the joined pairs of every kind, B-cubed precision
and recall per split, the cost of the event stage beside the whole story's, and the event
store's bytes a story held.

B-cubed is restricted to the labelled stories: each one's predicted event against its gold
event, precision over the labelled stories in its predicted event. As the set lists every
story of its events, a story of another (unlabelled) event in the predicted event is an
error too: "strict precision" counts it. The held-out events are printed only with
``--held-out``, so that tuning never sees them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.events import EventTracker
from pipeline.models import EventRecord
from pipeline.process import InProcessRunner

SHARED = REPO.parent / "shared"
IR_NEWS = SHARED / "data" / "ir-news" / "stories.jsonl"
PAIRS = SHARED / "eval" / "dedup" / "real-pairs.jsonl"
EVENTS = REPO / "corpus" / "events" / "events.jsonl"


class TimedTracker(EventTracker):
    """The runner's tracker, with the time it takes."""

    seconds = 0.0

    def observe(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return super().observe(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


def run_stream(path: Path) -> tuple[dict[str, str], TimedTracker, float, int]:
    """Story id → its event id, the tracker, seconds in all, stories."""
    runner = InProcessRunner(time_budget_ms=0)
    runner.events = tracker = TimedTracker({})
    event_of: dict[str, str] = {}
    started = time.perf_counter()
    stories = 0
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        row["id"] = row["doc_id"]
        stories += 1
        for record in runner.process(json.dumps(row, ensure_ascii=False).encode()):
            if isinstance(record, EventRecord):
                event_of[record.decision["story"]] = record.id
    return event_of, tracker, time.perf_counter() - started, stories


def bcubed(event_of: dict[str, str], gold: list[dict[str, Any]], split: str) -> tuple[float, float, float, int]:
    """Precision, recall and strict precision averaged over the split's labelled stories;
    a story with no event (never assigned) is an event of its own."""
    labelled = {story for event in gold for story in event["stories"]}
    members: dict[str, set[str]] = {}
    for story, event in event_of.items():
        members.setdefault(event, set()).add(story)
    precision = recall = strict = 0.0
    stories = 0
    for event in (e for e in gold if e["split"] == split):
        truth = set(event["stories"])
        for story in truth:
            predicted = members[event_of[story]] if story in event_of else {story}
            right = len(predicted & truth)
            precision += right / len(predicted & labelled)
            recall += right / len(truth)
            strict += right / len(predicted)
            stories += 1
    return precision / stories, recall / stories, strict / stories, stories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--held-out", action="store_true",
                        help="also score the held-out events (once, at the end of tuning)")
    args = parser.parse_args()
    event_of, tracker, seconds, stories = run_stream(IR_NEWS)
    pairs = [json.loads(line) for line in PAIRS.open(encoding="utf-8")]
    joined: Counter[tuple[str, bool]] = Counter()
    total: Counter[tuple[str, bool]] = Counter()
    for pair in pairs:
        key = (pair["kind"], pair["same_event"])
        total[key] += 1
        a, b = event_of.get(pair["a"]), event_of.get(pair["b"])
        joined[key] += a is not None and a == b
    found = sum(n for (_, same), n in joined.items() if same)
    wanted = sum(n for (_, same), n in total.items() if same)
    wrong = sum(n for (_, same), n in joined.items() if not same)
    apart = joined[("same-topic", False)] + joined[("unrelated", False)]
    sizes = Counter(event_of.values())
    index = tracker.index
    print(f"# {datetime.now().astimezone().isoformat(timespec='seconds')}  {stories} ir-news stories, "
          f"{len(sizes)} events ({sum(1 for n in sizes.values() if n > 1)} of 2 stories or more, "
          f"the largest {max(sizes.values())}), scored on {PAIRS}")
    print(f"recall on same_event pairs: {found}/{wanted} = {found / wanted:.3f}; "
          f"same-topic or unrelated pairs joined: {apart}; "
          f"pairs of different events joined: {wrong}/{sum(total.values()) - wanted}")
    print("| kind | same_event | pairs | joined |\n|---|---|---|---|")
    for key in sorted(total, key=lambda k: (not k[1], k[0])):
        print(f"| {key[0]} | {str(key[1]).lower()} | {total[key]} | {joined[key]} |")
    gold = [json.loads(line) for line in EVENTS.open(encoding="utf-8")]
    print(f"B-cubed on {EVENTS.relative_to(REPO)}:\n"
          "| events | labelled stories | precision | recall | F1 | strict precision |\n|---|---|---|---|---|---|")
    for split in ("tune", "held-out") if args.held_out else ("tune",):
        precision, recall, strict, labelled = bcubed(event_of, gold, split)
        count = sum(1 for e in gold if e["split"] == split)
        print(f"| {split} ({count}) | {labelled} | {precision:.3f} | {recall:.3f} | "
              f"{2 * precision * recall / (precision + recall):.3f} | {strict:.3f} |")
    print(f"events: {tracker.seconds / stories * 1000:.2f} ms a story of "
          f"{seconds / stories * 1000:.1f} ms in all ({tracker.seconds / seconds:.1%}); "
          f"store {index.state_bytes() / max(len(index), 1):.0f} bytes a story held "
          f"({len(index)} held at the end)")


if __name__ == "__main__":
    main()
