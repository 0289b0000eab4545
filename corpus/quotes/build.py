"""Khabar's quote test set: who said what, read by people.

    .venv/bin/python corpus/quotes/build.py select    # writes stories.jsonl (once)
    .venv/bin/python corpus/quotes/build.py draw 4 5  # appends 20 new stories per batch
    .venv/bin/python corpus/quotes/build.py agree     # the second passes against the first
    .venv/bin/python corpus/quotes/build.py check     # every quote's ends found in order

``stories.jsonl`` holds stories of ``../shared/data/news`` (Apache-2.0, see
../ner-news/LICENSE-APACHE-2.0) as Khabar's pipeline writes ``article.text``, the text the
quotes stage reads. Annotations list each quote by its first and last words, its
speaker as the story names them and the role the story gives; :func:`align` turns the
words into the quote's character span.
"""

from __future__ import annotations

import itertools
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
SECOND_PASS = HERE / "second-pass"
SEED = 23
COUNT = 120
BATCH_SIZE = 20
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


def _drawn(skip: set[str]) -> Iterator[tuple[str, str]]:
    """(id, article text) of the candidates in the order seed 23 shuffles them, skipping
    ``skip`` and the stories the pipeline rejects."""
    sys.path.insert(0, str(REPO))
    from pipeline.models import DeadLetter
    from pipeline.stages import Pipeline

    pipeline = Pipeline()
    candidates = list(_candidates())
    random.Random(SEED).shuffle(candidates)
    for story_id, raw in candidates:
        if story_id in skip:
            continue
        outcome = pipeline.analyse(raw)
        if not isinstance(outcome, DeadLetter):
            yield story_id, outcome.article.text


def _write(rows: Iterator[dict], mode: str) -> int:
    """Write the rows to :data:`STORIES`; how many there were."""
    written = 0
    with STORIES.open(mode, encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
    return written


def select() -> None:
    """Draw the first three batches and write the article text the pipeline makes of each."""
    drawn = itertools.islice(_drawn(set()), COUNT)
    written = _write(({"id": i, "batch": n % 3 + 1, "text": t} for n, (i, t) in enumerate(drawn)), "w")
    print(f"{written} stories -> {STORIES}")


def draw(batches: list[int]) -> None:
    """Append :data:`BATCH_SIZE` new stories for each of ``batches``, the next ones in the
    same draw, so the earlier batches stay as they were."""
    known = set(stories())
    drawn = itertools.islice(_drawn(known), BATCH_SIZE * len(batches))
    written = _write(({"id": i, "batch": batches[n // BATCH_SIZE], "text": t}
                      for n, (i, t) in enumerate(drawn)), "a")
    print(f"{written} stories of batches {batches} -> {STORIES}")


def stories() -> dict[str, str]:
    return {row["id"]: row["text"] for row in map(json.loads, STORIES.open(encoding="utf-8"))}


def batch_of(story_id: str) -> int:
    """Batches 4 and 5 are the held-out test split; 1-3 were looked at while working
    (batch 1 was the test split until it had been scored three times)."""
    return _batches()[story_id]


@cache
def _batches() -> dict[str, int]:
    return {row["id"]: row["batch"] for row in map(json.loads, STORIES.open(encoding="utf-8"))}


def annotations(folder: Path = ANNOTATIONS) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for path in sorted(folder.glob("*.jsonl")):
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


def plain_name(name: str | None) -> str:
    """A name with ZWNJs and runs of spaces as single spaces, to compare two spellings."""
    return " ".join((name or "").replace("\u200c", " ").split())


def same_person(one: str | None, other: str | None) -> bool:
    """Two passes name one speaker when the names are equal or one is the other's family
    name («ظریف» and «محمدجواد ظریف»); two nulls agree too."""
    a, b = sorted((plain_name(one), plain_name(other)), key=len)
    return a == b or bool(a) and b.endswith(" " + a)


def matched(first: list[tuple[int, int, dict]], second: list[tuple[int, int, dict]]
            ) -> list[tuple[tuple[int, int, dict], tuple[int, int, dict]]]:
    """One-to-one pairs of marked quotes, the largest overlaps first, where the overlap
    is at least half of the shorter of the two."""
    candidates = sorted(
        ((min(a[1], b[1]) - max(a[0], b[0]), i, j) for i, a in enumerate(first)
         for j, b in enumerate(second)), reverse=True)
    pairs, used_first, used_second = [], set(), set()
    for overlap, i, j in candidates:
        a, b = first[i], second[j]
        if (overlap >= min(a[1] - a[0], b[1] - b[0]) / 2
                and i not in used_first and j not in used_second):
            used_first.add(i)
            used_second.add(j)
            pairs.append((a, b))
    return pairs


def agree() -> None:
    """Agreement of each second pass with the first over the same stories: quotes marked
    by both (F1), their extents, and their speakers."""
    texts, first, second = stories(), annotations(), annotations(SECOND_PASS)
    marked = [0, 0]
    pairs = []
    for story_id, quotes in second.items():
        one, two = align(texts[story_id], first[story_id])[0], align(texts[story_id], quotes)[0]
        marked[0] += len(one)
        marked[1] += len(two)
        pairs += matched(one, two)
    same_extent = sum(a[:2] == b[:2] for a, b in pairs)
    named = [(a[2]["speaker"], b[2]["speaker"]) for a, b in pairs if a[2]["speaker"] or b[2]["speaker"]]
    agreed = sum(same_person(a, b) for a, b in named)
    print(f"{len(second)} stories: {marked[0]} quotes in the first pass, {marked[1]} in the second, "
          f"{len(pairs)} marked by both: quote F1 {2 * len(pairs) / max(1, sum(marked)):.3f}; "
          f"the same extent {same_extent / max(1, len(pairs)):.1%} of those; "
          f"the same speaker {agreed}/{len(named)} = {agreed / max(1, len(named)):.1%} "
          f"of those either pass names")


if __name__ == "__main__":
    if sys.argv[1] == "draw":
        draw([int(n) for n in sys.argv[2:]])
    else:
        {"select": select, "check": check, "agree": agree}[sys.argv[1]]()
