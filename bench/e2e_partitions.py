"""Issue 5's equivalence check: the same clustering with 1 or 8 raw partitions; and
issue 15's hold-back: how many stories get a correction without and with it.

    .venv/bin/python -m bench.e2e_partitions    # alone: its own broker unless KHABAR_BOOTSTRAP
    .venv/bin/python -m bench.e2e_partitions --hold-back [--rate 50]

The dedup eval stream (``../shared/eval/dedup/stream.jsonl``, 3,530 stories) goes
through the real broker twice: 1 raw partition with 1 worker, then 8 partitions with
2 workers. The final decision per id is the last record for it across news.articles
(kind ``article``) and news.duplicates (corrections come after the verdict they
correct), scored by the eval set's own ``score.py``; the two clusterings are then
compared as partitions of the ids.

``--hold-back`` sends the same stream at full speed through 8 partitions to one worker
with ``KHABAR_DEDUP_HOLD_MS`` 0 (off) and 2000 (the default), and counts the stories
that received a correction (a ``"correction": true`` duplicate notice), the
produce → verdict latency, and the mean time the shard held a story (its metrics);
``--rate`` paces the stories instead, for the latency the hold-back adds without a
backlog.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import orjson

from bench.common import OUT, SHARED, Output, Progress
from bench.e2e_khabar import khabar_session
from bench.replay import Record
from tests.integration.harness import given_or_local_broker

EVAL = SHARED / "eval" / "dedup"
SETUPS = ((1, 1), (8, 2))  # (raw partitions, workers)
SETTLE_S = 5.0  # read on after the last verdict, for late corrections
HOLDS_MS = (0, 2000)  # KHABAR_DEDUP_HOLD_MS: off, and the default


@dataclass(frozen=True, slots=True)
class Clustering:
    partitions: int
    workers: int
    score: str  # score.py's line
    clusters: frozenset[frozenset[str]]


@dataclass(frozen=True, slots=True)
class Equivalence:
    runs: tuple[Clustering, ...]

    @property
    def identical(self) -> bool:
        return len({run.clusters for run in self.runs}) == 1


def eval_stream() -> list[Record]:
    with (EVAL / "stream.jsonl").open("rb") as handle:
        return [
            Record(str(orjson.loads(line)["id"]).encode(), line.rstrip(b"\n"), "eval")
            for line in handle
            if line.strip()
        ]


def check(bootstrap: str, progress: Progress) -> Equivalence:
    records = eval_stream()
    runs = []
    for partitions, workers in SETUPS:
        progress.phase(f"equivalence: {partitions} partition(s), {workers} worker(s)")
        label = f"partitions-{partitions}"
        with khabar_session(bootstrap, workers, partitions, label=label) as session:
            _, outputs = session.send(
                records, timeout=900, progress=progress, keep_all=True, settle_s=SETTLE_S
            )
        out = OUT / f"{label}-decisions.jsonl"
        out.write_bytes(b"".join(value + b"\n" for value in final_decisions(outputs.records)))
        runs.append(Clustering(partitions, workers, score(out), clusters(out)))
    return Equivalence(tuple(runs))


@dataclass(frozen=True, slots=True)
class HoldBackRun:
    hold_ms: int
    stories: int
    corrected: int  # stories that received at least one correction
    corrections: int  # correction notices
    latencies_ms: np.ndarray  # produce -> verdict, one per story
    mean_held_ms: float  # from the worker's khabar_dedup_hold_seconds
    score: str

    @property
    def corrected_share(self) -> float:
        return self.corrected / self.stories

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.latencies_ms, q))


def hold_back(
    bootstrap: str, progress: Progress, rate: float | None = None
) -> list[HoldBackRun]:
    """Both hold-back settings; stories sent at full speed, or ``rate`` a second."""
    records = eval_stream()
    runs = []
    for hold_ms in HOLDS_MS:
        progress.phase(f"hold-back {hold_ms} ms: 8 partitions, 1 worker")
        label = f"hold-{hold_ms}"
        settings = {"KHABAR_DEDUP_HOLD_MS": str(hold_ms)}
        with khabar_session(bootstrap, 1, 8, label=label, settings=settings) as session:
            sent, outputs = session.send(
                records, timeout=900, rate=rate, progress=progress, keep_all=True,
                settle_s=SETTLE_S + hold_ms / 1000,
            )
            _, metrics = session.workers[0].get("/metrics")
        out = OUT / f"{label}-decisions.jsonl"
        out.write_bytes(b"".join(value + b"\n" for value in final_decisions(outputs.records)))
        notices = [orjson.loads(o.value) for o in outputs.records]
        corrections = [n["id"] for n in notices if n.get("correction")]
        latencies = np.array([outputs.first[r.key].timestamp_ms - sent[r.key] for r in records])
        runs.append(HoldBackRun(hold_ms, len(records), len(set(corrections)), len(corrections),
                                latencies, mean_held_ms(metrics), score(out)))
    return runs


def mean_held_ms(metrics: bytes) -> float:
    """Mean of the worker's khabar_dedup_hold_seconds histogram, in ms."""
    values = dict(
        line.split(" ", 1) for line in metrics.decode().splitlines()
        if line.startswith("khabar_dedup_hold_seconds_")
    )
    count = float(values["khabar_dedup_hold_seconds_count"])
    return 1000 * float(values["khabar_dedup_hold_seconds_sum"]) / count if count else 0.0


def final_decisions(records: list[Output]) -> list[bytes]:
    """Verdicts and corrections in publishing order, article updates left out.

    Ordered by broker timestamp; on a tie an article goes before a duplicate notice,
    since a notice about a published article can only be a later correction.
    """
    kept = []
    for record in records:
        value = orjson.loads(record.value)
        if value.get("kind") in ("article", "duplicate"):
            order = (record.timestamp_ms, value["kind"] == "duplicate", record.offset)
            kept.append((order, orjson.dumps(value)))
    return [value for _, value in sorted(kept, key=lambda item: item[0])]


def score(decisions: Path) -> str:
    scored = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(EVAL / "labels.jsonl"), str(decisions)],
        check=True, capture_output=True, text=True, timeout=120,
    )
    return scored.stdout.strip()


def clusters(decisions: Path) -> frozenset[frozenset[str]]:
    """The ids grouped by predicted cluster, with the eval set's own reading of records."""
    spec = importlib.util.spec_from_file_location("dedup_score", EVAL / "score.py")
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    roots = scorer.predicted_clusters(scorer.load(str(decisions)))
    groups: dict[str, set[str]] = {}
    for story_id, root in roots.items():
        groups.setdefault(root, set()).add(story_id)
    return frozenset(frozenset(group) for group in groups.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hold-back", action="store_true",
                        help="corrections and latency with the dedup hold-back off and on")
    parser.add_argument("--rate", type=float, help="with --hold-back: stories/s (default: "
                        "full speed)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    runs = len(HOLDS_MS) if args.hold_back else len(SETUPS)
    progress = Progress(total=len(eval_stream()) * runs)
    try:
        with given_or_local_broker("bench-partitions") as bootstrap:
            if args.hold_back:
                held = hold_back(bootstrap, progress, args.rate)
            else:
                result = check(bootstrap, progress)
    finally:
        progress.close()
    if args.hold_back:
        for run in held:
            print(
                f"hold {run.hold_ms} ms: {run.corrected}/{run.stories} stories corrected "
                f"({run.corrected_share:.2%}, {run.corrections} correction notices); "
                f"produce->verdict p50 {run.percentile(50):.0f} ms, "
                f"p99 {run.percentile(99):.0f} ms; mean held {run.mean_held_ms:.0f} ms; "
                f"{run.score}"
            )
        return
    for run in result.runs:
        print(f"{run.partitions} partition(s), {run.workers} worker(s): {run.score}")
    print("clusterings identical" if result.identical else "clusterings DIFFER")


if __name__ == "__main__":
    main()
