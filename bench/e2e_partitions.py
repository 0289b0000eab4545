"""Issue 5's equivalence check: the same clustering with 1 or 8 raw partitions.

    .venv/bin/python -m bench.e2e_partitions    # alone: its own broker unless KHABAR_BOOTSTRAP

The dedup eval stream (``../shared/eval/dedup/stream.jsonl``, 3,530 stories) goes
through the real broker twice: 1 raw partition with 1 worker, then 8 partitions with
2 workers. The final decision per id is the last record for it across news.articles
(kind ``article``) and news.duplicates (corrections come after the verdict they
correct), scored by the eval set's own ``score.py``; the two clusterings are then
compared as partitions of the ids.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import orjson

from bench.common import OUT, SHARED, Output, Progress
from bench.e2e_khabar import khabar_session
from bench.replay import Record
from tests.integration.harness import given_or_local_broker

EVAL = SHARED / "eval" / "dedup"
SETUPS = ((1, 1), (8, 2))  # (raw partitions, workers)
SETTLE_S = 5.0  # read on after the last verdict, for late corrections


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
    OUT.mkdir(parents=True, exist_ok=True)
    progress = Progress(total=len(eval_stream()) * len(SETUPS))
    try:
        with given_or_local_broker("bench-partitions") as bootstrap:
            result = check(bootstrap, progress)
    finally:
        progress.close()
    for run in result.runs:
        print(f"{run.partitions} partition(s), {run.workers} worker(s): {run.score}")
    print("clusterings identical" if result.identical else "clusterings DIFFER")


if __name__ == "__main__":
    main()
