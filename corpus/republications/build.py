"""Khabar's second set of real pairs: agreement between the readings, the pairs file.

    .venv/bin/python corpus/republications/build.py agreement  # the two readings compared
    .venv/bin/python corpus/republications/build.py write      # pairs.jsonl and disputed.jsonl

``readings/first.jsonl`` and ``readings/second.jsonl`` are two independent readings of the
same 101 pairs of ``../shared/data/ir-news`` stories (README.md). ``pairs.jsonl`` holds the
pairs both readings call the same way (same story or not), in the format of
``../shared/eval/dedup/real-pairs.jsonl``, so that its ``score_pairs.py`` scores them;
``disputed.jsonl`` the others, with both readings.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
READINGS = (HERE / "readings" / "first.jsonl", HERE / "readings" / "second.jsonl")


def readings() -> tuple[list[dict], list[dict]]:
    first, second = ([json.loads(line) for line in path.open(encoding="utf-8")] for path in READINGS)
    if [(r["a"], r["b"]) for r in first] != [(r["a"], r["b"]) for r in second]:
        raise ValueError("the two readings are of different pairs")
    return first, second


def agreement() -> None:
    first, second = readings()
    for field in ("same_story", "kind", "same_event"):
        same = sum(a[field] == b[field] for a, b in zip(first, second))
        print(f"{field}: {same}/{len(first)} the same")


def write() -> None:
    """The pairs both readings call the same way, with the first reading's kind and note
    (on those the kinds agree too), and the disputed ones with both."""
    agreed, disputed = [], []
    for a, b in zip(*readings()):
        pair = {"a": a["a"], "b": a["b"], "same_story": a["same_story"], "same_event": a["same_event"],
                "kind": a["kind"], "note": a["note"]}
        if a["same_story"] == b["same_story"]:
            agreed.append(pair)
        else:
            disputed.append(pair | {"second": {k: b[k] for k in ("same_story", "kind", "note")}})
    for name, rows in (("pairs.jsonl", agreed), ("disputed.jsonl", disputed)):
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        (HERE / name).write_text(text, encoding="utf-8")
    same = sum(row["same_story"] for row in agreed)
    print(f"pairs.jsonl: {len(agreed)} ({same} same story), disputed.jsonl: {len(disputed)}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "agreement":
        agreement()
    elif command == "write":
        write()
    else:
        sys.exit(__doc__)
