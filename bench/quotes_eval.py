"""Who said what: Khabar's quotes against the quote test set read by people.

    .venv/bin/python bench/quotes_eval.py [--errors]

The set is ``corpus/quotes`` (stories of ../shared/data/news as the pipeline writes
their text, each quote marked by its first and last words, its speaker as the story
names them, its role). The extraction stages run on each story's text; a gold quote is
*found* when a Khabar quote overlaps half of it. Of the found quotes whose speaker the
story names, the speaker is *right* when Khabar gives that name (its family name alone
counts as right: the stage's linking gives canonical names), *a role* when Khabar gives
no name, *none* when it gives nothing, *wrong* when it names someone else. The text is
*complete* when Khabar's quote covers the gold quote's first and last words. A Khabar
quote that overlaps no marked quote is counted as *not marked*.
"""

from __future__ import annotations

import argparse
import importlib.util
from collections import Counter
from functools import cache
from pathlib import Path

from pipeline.doc import Doc
from pipeline.extract import EXTRACTION_STAGES
from pipeline.models import Article, Quote, RawStory

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "quotes"


@cache
def _builder():
    spec = importlib.util.spec_from_file_location("quote_corpus_build", CORPUS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(text: str) -> tuple[str, list[Quote], set[str]]:
    """The stages' quotes of ``text``, the text their offsets are in, and the people the
    story names (to tell a role given as speaker from another person)."""
    doc = Doc(raw=RawStory(form="text", body=text), article=Article(id="", text=""), text=text)
    for name, stage in EXTRACTION_STAGES:
        stage(doc)
        if name == "quotes":
            break
    people = {_builder().plain_name(e.canonical) for e in doc.article.entities if e.type == "PER"}
    return doc.text, doc.article.quotes, people


def judge_speaker(gold: str, predicted: str | None, people: set[str]) -> str:
    """right: the gold name or its family name; partial: a part of the gold name (a first
    name, a name cut short); role: no person's name (the stage gave the role); wrong:
    another person."""
    if not predicted:
        return "none"
    gold_name, name = _builder().plain_name(gold), _builder().plain_name(predicted)
    if name == gold_name or gold_name.endswith(" " + name):
        return "right"
    if name in gold_name:
        return "partial"
    if name not in people:
        return "role"
    return "wrong"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print each miss and wrong speaker")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev",
                        help="dev: batches 1-3, worked on; test: batches 4 and 5, held out")
    args = parser.parse_args()
    build = _builder()
    texts, gold_sets = build.stories(), build.annotations()
    batches = {"dev": {1, 2, 3}, "test": {4, 5}, "all": {1, 2, 3, 4, 5}}[args.split]
    gold_sets = {i: q for i, q in gold_sets.items() if build.batch_of(i) in batches}
    counts: Counter[str] = Counter()
    for story_id, quotes in sorted(gold_sets.items()):
        text, predicted, people = predict(texts[story_id])
        if text != texts[story_id]:
            counts["text changed"] += 1
            continue
        spans, missing = build.align(text, quotes)
        counts["gold"] += len(quotes)
        counts["unaligned"] += len(missing)
        counts["khabar"] += len(predicted)
        for quote in predicted:
            if not any(min(end, quote.end) > max(start, quote.start) for start, end, _ in spans):
                counts["unmarked"] += 1
                if args.errors:
                    print(f"{story_id} not marked: {text[quote.start:quote.end][:80]!r}")
        for start, end, quote in spans:
            overlap = [q for q in predicted if min(end, q.end) - max(start, q.start) >= (end - start) / 2]
            if not overlap:
                counts["missed"] += 1
                if args.errors:
                    print(f"{story_id} missed: {text[start:start + 80]!r}")
                continue
            found = overlap[0]
            counts["found"] += 1
            complete = found.start <= start + len(quote["first"]) // 2 and found.end >= end - len(quote["last"]) // 2
            counts["complete"] += complete
            if args.errors and not complete:
                print(f"{story_id} incomplete: gold {text[start:end][-60:]!r}, khabar {text[found.start:found.end][-60:]!r}")
            if quote.get("speaker"):
                counts["named"] += 1
                verdict = judge_speaker(quote["speaker"], found.speaker, people)
                counts[f"speaker {verdict}"] += 1
                if args.errors and verdict != "right":
                    print(f"{story_id} speaker {verdict}: gold {quote['speaker']!r}, khabar {found.speaker!r}: "
                          f"{text[start:start + 60]!r}")
    named = counts["named"] or 1
    found = counts["found"] or 1
    print(f"stories {len(gold_sets)}, gold quotes {counts['gold']} ({counts['unaligned']} unaligned), "
          f"found {counts['found']} ({counts['found'] / max(1, counts['gold']):.1%}), "
          f"text complete {counts['complete'] / found:.1%} of found")
    print(f"found with a named speaker: {counts['named']}; right {counts['speaker right'] / named:.1%}, "
          f"partial {counts['speaker partial'] / named:.1%}, role {counts['speaker role'] / named:.1%}, "
          f"none {counts['speaker none'] / named:.1%}, "
          f"wrong person {counts['speaker wrong'] / named:.1%}")
    print(f"khabar quotes {counts['khabar']}, overlapping no marked quote {counts['unmarked']} "
          f"({counts['unmarked'] / max(1, counts['khabar']):.1%})")
    if counts["text changed"]:
        print(f"({counts['text changed']} stories skipped: the stages changed their text)")


if __name__ == "__main__":
    main()
