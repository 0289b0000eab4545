"""Khabar's quote test set: who said what, read by people.

    .venv/bin/python corpus/quotes/build.py select    # writes stories.jsonl (once)
    .venv/bin/python corpus/quotes/build.py check     # every quote's ends found in order

``stories.jsonl`` holds stories of ``../shared/data/news`` (Apache-2.0, see
../ner-news/LICENSE-APACHE-2.0) as Khabar's pipeline writes ``article.text``, the text the
quotes stage reads. Annotations list each quote by its first and last words, its
speaker as the story names them and the role the story gives; :func:`align` turns the
words into the quote's character span.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHARED = Path(os.environ.get("KHABAR_SHARED", REPO.parent / "shared"))
STORIES = HERE / "stories.jsonl"
ANNOTATIONS = HERE / "annotations"
SEED = 23
COUNT = 120
# A story worth annotating reports speech at least twice.
_REPORTING = re.compile(r"(?:گفت|افزود|تصریح کرد|اظهار کرد|اظهار داشت|عنوان کرد|ادامه داد|خاطرنشان کرد)\s*[:«]")


def _candidates() -> Iterator[tuple[str, bytes]]:
    for path in sorted((SHARED / "data" / "news").glob("*.jsonl")):
        for line_no, line in enumerate(path.open(encoding="utf-8")):
            row = json.loads(line)
            body = "\n".join(row.get("paragraphs") or [])
            if len(_REPORTING.findall(body)) >= 2 and len(body) <= 4000:
                story = {"id": f"news:{path.stem}:{line_no}", "title": row.get("title"), "body": body}
                yield story["id"], json.dumps(story, ensure_ascii=False).encode()


def select() -> None:
    """Draw the stories and write the article text the pipeline makes of each."""
    sys.path.insert(0, str(REPO))
    from pipeline.models import DeadLetter
    from pipeline.stages import Pipeline

    pipeline = Pipeline()
    candidates = list(_candidates())
    random.Random(SEED).shuffle(candidates)
    with STORIES.open("w", encoding="utf-8") as out:
        chosen = 0
        for story_id, raw in candidates:
            outcome = pipeline.analyse(raw)
            if isinstance(outcome, DeadLetter):
                continue
            chosen += 1
            out.write(json.dumps({"id": story_id, "batch": (chosen - 1) % 3 + 1,
                                  "text": outcome.article.text}, ensure_ascii=False) + "\n")
            if chosen == COUNT:
                break
    print(f"{chosen} stories -> {STORIES}")


def stories() -> dict[str, str]:
    return {row["id"]: row["text"] for row in map(json.loads, STORIES.open(encoding="utf-8"))}


def batch_of(story_id: str) -> int:
    """Batch 1 is the held-out test split; 2 and 3 were looked at while working."""
    return _batches()[story_id]


@cache
def _batches() -> dict[str, int]:
    return {row["id"]: row["batch"] for row in map(json.loads, STORIES.open(encoding="utf-8"))}


def annotations() -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for path in sorted(ANNOTATIONS.glob("*.jsonl")):
        for row in map(json.loads, path.open(encoding="utf-8")):
            found[row["id"]] = row["quotes"]
    return found


def align(text: str, quotes: list[dict]) -> tuple[list[tuple[int, int, dict]], list[str]]:
    """Each quote's (start, end) from its first and last words, in order; and the quotes
    whose words were not found."""
    spans, missing, at = [], [], 0
    for quote in quotes:
        start = text.find(quote["first"], at)
        end = text.find(quote["last"], max(start, 0)) if start >= 0 else -1
        if start < 0 or end < 0:
            missing.append(quote["first"][:40])
            continue
        end += len(quote["last"])
        spans.append((start, end, quote))
        at = start + 1
    return spans, missing


def check() -> None:
    texts = stories()
    done = annotations()
    total = sum(map(len, done.values()))
    lost = {i: align(texts[i], q)[1] for i, q in done.items() if i in texts}
    lost = {i: m for i, m in lost.items() if m}
    named = sum(1 for q in done.values() for x in q if x.get("speaker"))
    print(f"{len(done)} stories, {total} quotes ({named} with a named speaker); "
          f"{len(set(done) - set(texts))} unknown ids; {sum(map(len, lost.values()))} quotes not found")
    for story_id, missing in list(lost.items())[:10]:
        print(f"   {story_id}: {missing}")


if __name__ == "__main__":
    {"select": select, "check": check}[sys.argv[1]]()
