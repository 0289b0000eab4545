"""Keywords to read: a seeded sample of real stories with their title, lead and top five.

    .venv/bin/python bench/keywords_eval.py [--part tuned|held-out|fresh|unread] [--seed 16]
        [--fresh-seed 1617] [--per-corpus 50] [--json]

The judging is a person's: read each story's title and lead, count the junk keywords
(verbs, fragments, generic words, inflected duplicates of another keyword) and say
whether the main subject is among the five. 150 stories are drawn once with the seed,
half of ../shared/data/news and half of ../shared/data/ir-news: the first 100 are
``tuned`` (read while changing the code), the last 50 ``held-out`` (read only at the
end). Rounds of tuning read the held-out ones too, so ``fresh`` draws 50 more with
``--fresh-seed`` (25 of each corpus, none of the 150), for a round's final reading
only. ``unread`` draws ``--per-corpus`` stories of each corpus that no reading has
read (none of the 150 nor of :data:`READ_ROUNDS`), for a blind reading of a finished
change; ``--json`` prints them as JSON lines (id, title, lead, top five) for a
blind side-by-side sheet. Each story is shown with its id (ir-news' ``doc_id``, news'
``link``). The data is read from ../shared, never copied.
"""

from __future__ import annotations

import argparse
import random
from functools import cache
from pathlib import Path

import orjson

from pipeline.models import DeadLetter
from pipeline.stages import Pipeline

SHARED = Path(__file__).resolve().parents[1].parent / "shared/data"
PER_CORPUS = 75  # 50 tuned + 25 held out from each corpus
TUNED = 50
FRESH = 25  # from each corpus


@cache
def _corpora() -> tuple[list[bytes], list[bytes]]:
    """The stories of ../shared/data/news and of ../shared/data/ir-news, raw JSON lines."""
    return (
        [
            line
            for path in sorted((SHARED / "news").glob("*.jsonl"))
            for line in path.read_bytes().splitlines()
        ],
        (SHARED / "ir-news/stories.jsonl").read_bytes().splitlines(),
    )


def sample(seed: int, fresh_seed: int) -> dict[str, list[bytes]]:
    """The tuned, held-out and fresh stories, as the raw JSON lines the pipeline reads."""
    rng = random.Random(seed)
    fresh_rng = random.Random(fresh_seed)
    parts: dict[str, list[bytes]] = {"tuned": [], "held-out": [], "fresh": []}
    for lines in _corpora():
        drawn = rng.sample(lines, PER_CORPUS)
        parts["tuned"] += drawn[:TUNED]
        parts["held-out"] += drawn[TUNED:]
        taken = set(drawn)
        parts["fresh"] += fresh_rng.sample([line for line in lines if line not in taken], FRESH)
    return parts


# The readings after the 150 of the seed, in order, each as (kind, seed, stories a
# corpus): fresh draws and unread draws, each unread draw clear of every reading before it.
READ_ROUNDS = (
    ("fresh", 1617, FRESH),
    ("fresh", 1618, FRESH),
    ("unread", 1625, 50),
    ("unread", 1626, 50),
    ("unread", 1627, 50),
    ("unread", 1628, 50),
)


def unread(seed: int, fresh_seed: int, per_corpus: int) -> list[bytes]:
    """``per_corpus`` stories of each corpus drawn with ``fresh_seed`` from those no
    reading before it has read (:data:`READ_ROUNDS`): a new seed draws from stories
    nobody has read, a listed one draws its round again (at the size it was read)."""
    drawn = sample(seed, fresh_seed)
    read = set(drawn["tuned"] + drawn["held-out"])
    for kind, earlier, size in READ_ROUNDS:
        if kind == "unread" and earlier == fresh_seed:
            return _draw(read, fresh_seed, size)
        read.update(
            sample(seed, earlier)["fresh"] if kind == "fresh" else _draw(read, earlier, size)
        )
    return _draw(read, fresh_seed, per_corpus)


def _draw(read: set[bytes], fresh_seed: int, per_corpus: int) -> list[bytes]:
    rng = random.Random(fresh_seed)
    return [
        line
        for lines in _corpora()
        for line in rng.sample([line for line in lines if line not in read], per_corpus)
    ]


def story_id(line: bytes) -> str:
    story = orjson.loads(line)
    return str(story.get("doc_id") or story.get("link"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("tuned", "held-out", "fresh", "unread"), default="tuned")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--fresh-seed", type=int, default=1617)
    parser.add_argument("--per-corpus", type=int, default=50, help="for --part unread")
    parser.add_argument("--lead", type=int, default=300, help="characters of the lead shown")
    parser.add_argument("--json", action="store_true", help="one JSON line a story")
    args = parser.parse_args()
    pipeline = Pipeline(time_budget_ms=0)
    lines = (
        unread(args.seed, args.fresh_seed, args.per_corpus)
        if args.part == "unread"
        else sample(args.seed, args.fresh_seed)[args.part]
    )
    for number, line in enumerate(lines, 1):
        outcome = pipeline.analyse(line)
        if isinstance(outcome, DeadLetter):
            print(f"#{number} dead letter: {outcome.reason}\n")
            continue
        article = outcome.article
        lead = (article.lead or "")[: args.lead]
        if args.json:
            terms = [k.term for k in article.keywords[:5]]
            row = {"id": story_id(line), "title": article.title, "lead": lead, "keywords": terms}
            print(orjson.dumps(row).decode())
            continue
        top = " | ".join(f"{k.term} {k.score:.2f}" for k in article.keywords[:5])
        print(f"#{number} {story_id(line)}\n   {article.title}\n   {lead}\n   → {top}\n")


if __name__ == "__main__":
    main()
