"""What the dates and numbers stages find in real news, and how two runs differ.

    .venv/bin/python -m bench.extract_numbers_dates dump OUT.jsonl [--data news|ir-news]
    .venv/bin/python -m bench.extract_numbers_dates compare BEFORE.jsonl AFTER.jsonl \\
        [--sample 30] [--seed 16]

``dump`` runs the stages up to numbers over ``../shared/data/news`` (or ir-news) and
writes, per story the pipeline accepts, its URL, ``published_at``, dates and numbers (keep the file outside
the repository: it holds the stories' text). Run it on two checkouts, then ``compare``
counts the stories whose ``published_at`` changed and the mentions added, removed or
changed, and prints a seeded sample of the changes with their context, to be read.
"""

from __future__ import annotations

import argparse
import json
import os
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.doc import Doc
from pipeline.errors import Rejected
from pipeline.ingest import parse_raw
from pipeline.models import Article
from pipeline.stages import STAGES

SHARED = Path(os.environ.get("KHABAR_SHARED", Path(__file__).resolve().parents[2] / "shared"))
DATA = {"news": "data/news/*.jsonl", "ir-news": "data/ir-news/stories.jsonl"}
CONTEXT = 40  # characters shown either side of a change

Mention = tuple[Any, ...]  # start, end, text, then the stage's values


def analysed(line: bytes) -> Article | None:
    """The article after the stages up to numbers, None for a story the pipeline
    rejects (a dead letter: no words, not Persian)."""
    raw = parse_raw(line)
    doc = Doc(raw=raw, article=Article(id="", text="", url=raw.url), text=raw.body or "")
    try:
        for name, stage in STAGES:
            stage(doc)
            if name == "numbers":
                break
    except Rejected:
        return None
    return doc.article


def dump(data: str, out: Path) -> None:
    with out.open("w", encoding="utf-8") as sink:
        for path in sorted(SHARED.glob(DATA[data])):
            for number, line in enumerate(path.read_bytes().splitlines(), 1):
                article = analysed(line)
                if article is None:
                    continue
                text = article.text  # slices, as the spans carry no text (article schema 3.0)
                record = {
                    "key": f"{path.name}:{number}",
                    "url": article.url,
                    "published_at": article.published_at,
                    "text": text,
                    "dates": [(d.start, d.end, text[d.start : d.end], d.value) for d in article.dates],
                    "numbers": [
                        # getattr: a checkout from before ordinals has no such field
                        (n.start, n.end, text[n.start : n.end], n.value, n.unit, getattr(n, "ordinal", False))
                        for n in article.numbers
                    ],
                }
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")


def _records(path: Path) -> dict[str, dict[str, Any]]:
    records = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return {record["key"]: record for record in records}


def _changes(before: list[Mention], after: list[Mention]) -> Iterator[tuple[list, list]]:
    """Each change as (the mentions before, the mentions after) over one stretch."""
    old = {tuple(m) for m in before}
    new = {tuple(m) for m in after}
    gone, came = sorted(old - new), sorted(new - old)
    claimed: set[Mention] = set()
    for mention in came:
        overlapping = [m for m in gone if m[0] < mention[1] and mention[0] < m[1]]
        claimed.update(overlapping)
        yield overlapping, [mention]
    for mention in gone:
        if mention not in claimed:
            yield [mention], []


def _kind(was: list, now: list) -> str:
    if not was:
        return "added"
    if not now:
        return "removed"
    return "changed"


def compare(before_path: Path, after_path: Path, sample: int, seed: int) -> None:
    before, after = _records(before_path), _records(after_path)
    counts: Counter[str] = Counter()
    items = []
    for key, now in after.items():
        was = before[key]
        counts["stories"] += 1
        counts["published_at given"] += now["published_at"] is not None
        if was["published_at"] != now["published_at"]:
            counts["published_at changed"] += 1
            items.append(("published_at", now, [was["published_at"]], [now["published_at"]]))
        for field in ("dates", "numbers"):
            changed = False
            for old, new in _changes(was[field], now[field]):
                counts[f"{field} {_kind(old, new)}"] += 1
                items.append((field, now, old, new))
                changed = True
            counts[f"{field}: stories changed"] += changed
    for name in sorted(counts):
        print(f"{name:32} {counts[name]:6}")
    print(f"\n{min(sample, len(items))} of {len(items)} changes (seed {seed}):")
    for field, record, old, new in random.Random(seed).sample(items, min(sample, len(items))):
        print(f"\n[{field}] {record['key']} {record['url'] or ''}")
        spans = [m for m in (*old, *new) if isinstance(m, list | tuple)]
        if spans:
            start, end = min(m[0] for m in spans), max(m[1] for m in spans)
            text = record["text"]
            print("  …" + text[max(0, start - CONTEXT) : end + CONTEXT].replace("\n", " ") + "…")
        print(f"  before: {old}\n  after:  {new}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--data", choices=sorted(DATA), default="news")
    comparing = commands.add_parser("compare")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    comparing.add_argument("--sample", type=int, default=30)
    comparing.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.data, args.out)
    else:
        compare(args.before, args.after, args.sample, args.seed)


if __name__ == "__main__":
    main()
