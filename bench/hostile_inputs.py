"""Hostile stories near the size limit: does each stage stay linear in the story's length?

    .venv/bin/python -m bench.hostile_inputs [--mb 1.5]

Each kind repeats one short unit (a date, a quote, a name …) into a single story of
``--mb`` and of a quarter of that. Printed per kind: seconds for the whole pipeline
(time budget off), the slowest stage, the growth from a quarter to the whole size
(4 for a linear pipeline, 16 for a quadratic one) and the seconds per MB as a ratio
to real stories of ../shared/data/news (the same MB) analysed in the same run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.normalize_bench import stories
from pipeline.models import DeadLetter
from pipeline.stages import Pipeline

UNITS = {
    "dates": "جلسه در ۱۲ فروردین ۱۴۰۲ و ۱۴۰۲/۰۱/۱۵ و دیروز برگزار شد و ",
    "quotes": "وزیر گفت: «این طرح اجرا می‌شود» و افزود «ما آماده‌ایم». ",
    "names": "آقای علی رضایی و خانم مریم احمدی با حسن روحانی دیدار کردند. ",
    "numbers": "۱۲ درصد و ۳۴۵ میلیارد تومان و ۲٫۵ میلیون دلار و ",
    "agencies": "به گزارش خبرگزاری ایسنا، به نقل از ایرنا، ",
    "stacked datelines": "به گزارش ایسنا، ",
    "one word": "بسیارطولانی",
    "zwnj runs": "می‌شود‌ها‌ی‌ ",
    "kashida dashes": "تهران ـ ",
    "short lines": "خبر کوتاه امروز\n",
}


def story(unit: str, size: int) -> bytes:
    body = unit * (size // len(unit.encode()) + 1)
    return orjson.dumps({"id": "hostile", "title": "آزمون", "body": body})


def timed(pipeline: Pipeline, raw: bytes) -> tuple[float, str]:
    started = time.perf_counter()
    outcome = pipeline.analyse(raw)
    seconds = time.perf_counter() - started
    if isinstance(outcome, DeadLetter):
        return seconds, f"dead letter: {outcome.reason}"
    timings = outcome.article.processing.timings_ms
    slowest = max(timings, key=timings.__getitem__)
    return seconds, f"{slowest} {timings[slowest] / 1000:.2f} s"


def real_seconds_per_mb(pipeline: Pipeline, megabytes: float) -> float:
    raws = [orjson.dumps({"body": text}) for text in stories(megabytes)]
    total = sum(map(len, raws))
    started = time.perf_counter()
    for raw in raws:
        pipeline.analyse(raw)
    return (time.perf_counter() - started) / (total / 1e6)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.5, help="size of the whole story (1.5)")
    args = parser.parse_args()
    size = int(args.mb * 1e6)
    pipeline = Pipeline(time_budget_ms=0, max_story_bytes=2 * size)
    pipeline.warm_up()
    baseline = real_seconds_per_mb(pipeline, args.mb)
    print(f"real news stories: {baseline:.2f} s per MB\n")
    print(f"| kind | s at {args.mb:g} MB | slowest stage | growth from ¼ | x real s/MB |")
    print("|---|---|---|---|---|")
    for kind, unit in UNITS.items():
        quarter, _ = timed(pipeline, story(unit, size // 4))
        whole, slowest = timed(pipeline, story(unit, size))
        print(
            f"| {kind} | {whole:.2f} | {slowest} | {whole / quarter:.1f} "
            f"| {whole / args.mb / baseline:.2f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
