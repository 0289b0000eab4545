"""Per-article extraction time on real stories, per stage.

    .venv/bin/python bench/extract_timing.py [--data ../shared/data/news] [--limit N]

Each story is parsed and normalized first (not timed); then the extraction stages
run on it, each timed, a few times over, keeping the fastest run of each story so
that other processes on a shared machine do not count. Prints mean, median, p95
and p99 per stage and for all of them.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

import orjson

from pipeline.doc import Doc
from pipeline.errors import Rejected
from pipeline.extract import EXTRACTION_STAGES
from pipeline.extract._text import words_of
from pipeline.ingest import story_from_mapping
from pipeline.models import Article, RawStory
from pipeline.normalize import normalize_story

DATA = Path(__file__).resolve().parents[1].parent / "shared/data/news"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load(data: Path, limit: int) -> list[tuple[RawStory, str]]:
    """Every story with its normalized text (normalization is not timed)."""
    stories = []
    for path in sorted(data.glob("*.jsonl")):
        for line in path.read_bytes().splitlines():
            raw = story_from_mapping(orjson.loads(line))
            stories.append((raw, normalize_story(raw.body or "").text))
    return stories[: limit or None]


def time_story(raw: RawStory, text: str) -> tuple[dict[str, float], Doc] | None:
    """Milliseconds per stage for one story, or None if a stage refused it."""
    words_of.cache_clear()  # each run pays for splitting words, as a fresh story would
    doc = Doc(raw=raw, article=Article(id="", text="", title=raw.title), text=text)
    timings = {}
    for name, stage in EXTRACTION_STAGES:
        started = time.perf_counter()
        try:
            stage(doc)
        except Rejected:
            return None
        timings[name] = (time.perf_counter() - started) * 1000
    return timings, doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=0, help="stories at most (0: all)")
    parser.add_argument("--passes", type=int, default=3, help="best of this many runs a story")
    args = parser.parse_args()
    stories = load(args.data, args.limit)
    time_story(*stories[0])  # load the word lists before the clock starts
    best: dict[str, list[float]] = defaultdict(list)
    refused = 0
    words = []
    for raw, text in stories:
        runs = [time_story(raw, text) for _ in range(args.passes)]
        if runs[0] is None:
            refused += 1
            continue
        timed = [run[0] for run in runs if run is not None]
        for name in timed[0]:
            best[name].append(min(run[name] for run in timed))
        best["all"].append(min(sum(run.values()) for run in timed))
        words.append(runs[0][1].article.stats.words)
    print(f"{len(words)} stories extracted, {refused} refused; best of {args.passes} runs each")
    print(
        f"words per story: median {statistics.median(words):.0f}, mean {statistics.mean(words):.0f}"
    )
    print(f"{'stage':10} {'mean':>7} {'median':>7} {'p95':>7} {'p99':>7}  (ms)")
    for name, values in best.items():
        print(
            f"{name:10} {statistics.mean(values):7.3f} {statistics.median(values):7.3f} "
            f"{percentile(values, 0.95):7.3f} {percentile(values, 0.99):7.3f}"
        )


if __name__ == "__main__":
    main()
