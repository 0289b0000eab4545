"""Entity precision, recall and F1 per type on our hand-annotated gold set.

    .venv/bin/python bench/extract_eval.py [--gold tests/fixtures/extract/ner_gold.jsonl] [--errors]

The gold set is small and ours (invented stories, flat outermost spans, titles and
ranks outside person spans, the dateline agency an ORG). Matching is exact: same
type, same start and end. Places nested inside an ORG or EVENT name, which the
stage also reports, are left out of the comparison, as the gold set is flat.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from pipeline.doc import Doc
from pipeline.extract import EXTRACTION_STAGES
from pipeline.models import Article, RawStory

GOLD = Path(__file__).resolve().parents[1] / "tests/fixtures/extract/ner_gold.jsonl"
TYPES = ("PER", "ORG", "LOC", "EVENT")

Mention = tuple[str, int, int]  # type, start, end


def predict(text: str) -> set[Mention]:
    """The outermost entity mentions the stages find in ``text``."""
    doc = Doc(raw=RawStory(form="text", body=text), article=Article(id="gold", text=""), text=text)
    for name, stage in EXTRACTION_STAGES:
        stage(doc)
        if name == "entities":
            break
    found = {(e.type, m.start, m.end) for e in doc.article.entities for m in e.mentions}
    return {
        mention
        for mention in found
        if not any(o != mention and o[1] <= mention[1] and mention[2] <= o[2] for o in found)
    }


def scores(gold: Counter[str], predicted: Counter[str], correct: Counter[str], kind: str):
    precision = correct[kind] / predicted[kind] if predicted[kind] else 0.0
    recall = correct[kind] / gold[kind] if gold[kind] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--errors", action="store_true", help="print every miss and false alarm")
    args = parser.parse_args()
    gold_count: Counter[str] = Counter()
    predicted_count: Counter[str] = Counter()
    correct_count: Counter[str] = Counter()
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        text = story["text"]
        gold = {(e["type"], e["start"], e["end"]) for e in story["entities"]}
        predicted = predict(text)
        for kind, counter, mentions in (
            ("gold", gold_count, gold),
            ("predicted", predicted_count, predicted),
            ("correct", correct_count, gold & predicted),
        ):
            counter.update(mention[0] for mention in mentions)
            counter["ALL"] += len(mentions)
        if args.errors:
            for label, mentions in (("miss", gold - predicted), ("false", predicted - gold)):
                for kind, start, end in sorted(mentions, key=lambda m: m[1]):
                    print(f"{story['id']} {label:5} {kind:5} {text[start:end]}")
    print(f"{'type':6} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for kind in (*TYPES, "ALL"):
        precision, recall, f1 = scores(gold_count, predicted_count, correct_count, kind)
        print(
            f"{kind:6} {gold_count[kind]:5} {predicted_count[kind]:5} "
            f"{precision:6.3f} {recall:6.3f} {f1:6.3f}"
        )


if __name__ == "__main__":
    main()
