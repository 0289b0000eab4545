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
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.normalize import normalize_lines  # noqa: E402

SHARED = Path(os.environ.get("KHABAR_SHARED", REPO / ".." / "shared")).resolve()
ZWNJ = "\u200c"
_DETACHED = re.compile(r"(?:^|\s)ن?می |\s(?:ها|های|هایی|ترین)(?:\s|$)")


def development_set(size: int) -> list[str]:
    sentences = []
    with (SHARED / "data" / "ir-news" / "stories.jsonl").open(encoding="utf-8") as stories:
        for story in stories:
            for sentence in json.loads(story)["body"].split("\n"):
                sentence = sentence.strip()
                if len(sentence) >= 40 and sentence.count(ZWNJ) >= 2 and not _DETACHED.search(
                    sentence
                ):
                    sentences.append(sentence)
    random.Random(1).shuffle(sentences)
    return sentences[:size]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=4000)
    args = parser.parse_args()
    gold = development_set(args.lines)
    restored = normalize_lines(line.replace(ZWNJ, "") for line in gold)
    with tempfile.TemporaryDirectory() as folder:
        gold_path, output_path = Path(folder) / "gold.txt", Path(folder) / "restored.txt"
        gold_path.write_text("".join(line + "\n" for line in gold), encoding="utf-8")
        output_path.write_text("".join(line + "\n" for line in restored), encoding="utf-8")
        score = SHARED / "eval" / "zwnj" / "score.py"
        subprocess.run([sys.executable, str(score), str(gold_path), str(output_path)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
