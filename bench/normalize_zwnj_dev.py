"""The development set the ZWNJ rules were tuned on, kept apart from the evaluation sets.

    .venv/bin/python bench/normalize_zwnj_dev.py [--lines 4000]

Sentences of ../shared/data/ir-news (five sites, not the Fars/Varzesh3 stories that
../shared/eval/zwnj/gold.txt was drawn from) that use ZWNJs, at least two, and no «می»
or plural written apart with a space: a rough stand-in for careful writing. Their ZWNJs
are stripped, Khabar restores them, and ../shared/eval/zwnj/score.py scores the result.
Nothing is kept: the set is drawn afresh, with a fixed seed, on every run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.normalize_bench import SHARED, ZWNJ, score
from pipeline.normalize import normalize_lines

_DETACHED = re.compile(r"(?:^|\s)ن?می |\s(?:ها|های|هایی|ترین)(?:\s|$)")


def development_set(size: int) -> list[str]:
    sentences = []
    with (SHARED / "data" / "ir-news" / "stories.jsonl").open(encoding="utf-8") as stories:
        for story in stories:
            for sentence in json.loads(story)["body"].split("\n"):
                sentence = sentence.strip()
                if (
                    len(sentence) >= 40
                    and sentence.count(ZWNJ) >= 2
                    and not _DETACHED.search(sentence)
                ):
                    sentences.append(sentence)
    random.Random(1).shuffle(sentences)
    return sentences[:size]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=4000)
    args = parser.parse_args()
    gold = development_set(args.lines)
    restored = list(normalize_lines(line.replace(ZWNJ, "") for line in gold))
    with tempfile.TemporaryDirectory() as folder:
        gold_path = Path(folder) / "gold.txt"
        gold_path.write_text("".join(line + "\n" for line in gold), encoding="utf-8")
        precision, recall, f1 = score(gold_path, restored, Path(folder))
    print(f"{len(gold)} sentences: precision={precision:.4f} recall={recall:.4f} f1={f1:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
