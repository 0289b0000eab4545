"""Train the NER tagger, reproducibly, and score it.

    .venv/bin/python -m pipeline.extract.ner.train            # train, write model.crfsuite, score dev
    .venv/bin/python -m pipeline.extract.ner.train --test     # also score the test split (final figure)

Data: the first annotation pass of ``corpus/ner-news`` (Khabar's own news corpus,
train split) and ParsTwiNER's train and dev splits (MIT, tweets; read from
``../shared/data/ner/parstwiner``). Stories are split by a hash of their id: 70% train,
15% dev, 15% test. The test split is read only with ``--test``. Scores are entity F1 on
(type, mention text) per story, as issue 16 measures, and on exact spans.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pycrfsuite

from pipeline.doc import Doc
from pipeline.extract import EXTRACTION_STAGES
from pipeline.extract._text import words_of
from pipeline.extract.entities import EntityFinder, agency_spans, find_entities, lexicon
from pipeline.extract.ner import MODEL, TYPES, Span, Tagger, features, tags_of_spans
from pipeline.models import Article, RawStory

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO / "corpus" / "ner-news"
SHARED = Path(os.environ.get("KHABAR_SHARED", REPO.parent / "shared"))
PARSTWINER = SHARED / "data" / "ner" / "parstwiner"
# ParsTwiNER's nations («ایرانی») are no entity here, its political groups and
# events map to ours.
TWEET_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "EVE": "EVENT", "POG": "ORG"}
# L1 and L2 regularisation, chosen on the dev split (see DATA_CARD.md).
C1, C2 = 0.05, 0.05
MAX_ITERATIONS = 150


def split_of(story_id: str) -> str:
    bucket = int.from_bytes(hashlib.blake2b(story_id.encode(), digest_size=2).digest(), "big") % 20
    return "test" if bucket < 3 else "dev" if bucket < 6 else "train"


def outlets(text: str) -> list[tuple[int, int, str]]:
    """The outlets a story cites, as the stages before the entity stage find them."""
    doc = Doc(raw=RawStory(form="text", body=text), article=Article(id="", text=text), text=text)
    for name, stage in EXTRACTION_STAGES:
        if name in ("structure", "agency"):  # what finds the dateline and the outlets
            stage(doc)
    return agency_spans(doc)


def rule_mentions(text: str) -> list[Span]:
    """What the rule-based finder finds, the story's outlets and linked people with it:
    the tagger's rule features, as the entity stage computes them."""
    mentions = EntityFinder(text, lexicon()).rule_mentions(outlets(text))
    return [(m.type, m.start, m.end) for m in mentions]


def corpus_stories() -> Iterator[tuple[str, str, list[Span]]]:
    """(id, text, gold spans) of every story of the first pass."""
    sys.path.insert(0, str(CORPUS))
    import build

    texts = build.stories()
    for story_id, mentions in sorted(build.annotations(build.FIRST_PASS).items()):
        if story_id in texts:
            text = texts[story_id]["text"]
            spans, _ = build.align(text, mentions)
            yield story_id, text, [(kind, start, end) for start, end, kind in spans]


def tweets(path: Path) -> Iterator[tuple[str, list[Span]]]:
    """ParsTwiNER sentences as (text, spans): tokens joined by spaces."""
    tokens: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            token, _, tag = line.partition("\t")
            tokens.append((token, tag.strip()))
            continue
        if tokens:
            text, spans, at, current = "", [], 0, None
            for token, tag in tokens:
                start = at + (1 if text else 0)
                text += (" " if text else "") + token
                at = len(text)
                kind = TWEET_TYPES.get(tag[2:]) if tag != "O" else None
                if tag.startswith("I-") and current is not None and current[0] == kind:
                    current = (kind, current[1], at)
                    spans[-1] = current
                elif kind is not None:
                    current = (kind, start, at)
                    spans.append(current)
                else:
                    current = None
            yield text, spans
            tokens = []


def sequences(examples: Iterable[tuple[str, list[Span]]]) -> Iterator[tuple[list, list[str]]]:
    for text, spans in examples:
        words = words_of(text)
        if words.words:
            yield features(words, rule_mentions(text)), tags_of_spans(words, spans)


def train(examples: list[tuple[str, list[Span]]], model: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in sequences(examples):
        trainer.append(xseq, yseq)
    trainer.set_params({"c1": C1, "c2": C2, "max_iterations": MAX_ITERATIONS,
                        "feature.possible_transitions": True})
    trainer.train(str(model))


def _of_type(spans: list[Span], kind: str, text: str) -> tuple[set, set]:
    """The (type, mention text) pairs and the spans of one type (or "ALL")."""
    chosen = [span for span in spans if kind in ("ALL", span[0])]
    return {(k, text[a:b]) for k, a, b in chosen}, set(chosen)


def outermost(spans: list[Span]) -> list[Span]:
    """The rule-based finder reports places inside names too; the corpus is flat."""
    return [s for s in spans if not any(o != s and o[1] <= s[1] and s[2] <= o[2] for o in spans)]


def score(tag: Callable[[str], list[Span]], stories: list[tuple[str, str, list[Span]]]
          ) -> dict[str, tuple[float, float, float]]:
    """Precision, recall, F1 per type and over all, on (type, text) per story and spans."""
    counts: Counter[str] = Counter()
    for _, text, gold in stories:
        predicted = tag(text)
        for kind in (*TYPES, "ALL"):
            gold_texts, gold_spans = _of_type(gold, kind, text)
            pred_texts, pred_spans = _of_type(predicted, kind, text)
            counts.update({f"{kind} gold": len(gold_texts), f"{kind} pred": len(pred_texts),
                           f"{kind} hit": len(gold_texts & pred_texts),
                           f"{kind} span gold": len(gold_spans), f"{kind} span pred": len(pred_spans),
                           f"{kind} span hit": len(gold_spans & pred_spans)})
    result = {}
    for kind in (*TYPES, "ALL"):
        for prefix in ("", "span "):
            hit, gold, pred = (counts[f"{kind} {prefix}{x}"] for x in ("hit", "gold", "pred"))
            precision, recall = hit / pred if pred else 0.0, hit / gold if gold else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            result[f"{prefix}{kind}"] = (precision, recall, f1)
    return result


def report(name: str, result: dict[str, tuple[float, float, float]]) -> None:
    print(f"{name}: " + "  ".join(f"{k} P {p:.3f} R {r:.3f} F1 {f:.3f}"
                                  for k, (p, r, f) in result.items() if not k.startswith("span ")))
    print(f"{name} (exact spans): ALL F1 {result['span ALL'][2]:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="score the held-out test split too")
    parser.add_argument("--model", type=Path, default=Path(__file__).with_name(MODEL))
    args = parser.parse_args()
    stories = list(corpus_stories())
    by_split = {name: [s for s in stories if split_of(s[0]) == name] for name in ("train", "dev", "test")}
    examples = [(text, spans) for _, text, spans in by_split["train"]]
    tweet_examples = [example for name in ("train.txt", "dev.txt") for example in tweets(PARSTWINER / name)]
    print(f"stories: train {len(by_split['train'])}, dev {len(by_split['dev'])}, "
          f"test {len(by_split['test'])}; tweets {len(tweet_examples)}")
    started = time.perf_counter()
    train(examples + tweet_examples, args.model)
    print(f"trained in {time.perf_counter() - started:.0f} s -> {args.model} "
          f"({args.model.stat().st_size / 1e6:.1f} MB)")
    tagger = Tagger.load(str(args.model))
    def learned(text: str) -> list[Span]:
        return tagger.spans(text, rule_mentions(text))

    def rules(text: str) -> list[Span]:
        return outermost(rule_mentions(text))

    def stage(text: str) -> list[Span]:
        return outermost([(e.type, m.start, m.end)
                          for e in find_entities(text, outlets(text)) for m in e.mentions])

    shipped = args.model == Path(__file__).with_name(MODEL)
    for name in ("dev", "test") if args.test else ("dev",):
        report(f"{name}, rules alone", score(rules, by_split[name]))
        report(f"{name}, tagger", score(learned, by_split[name]))
        if shipped:  # the entity stage as it runs: the tagger and the rules' certain names
            report(f"{name}, entity stage", score(stage, by_split[name]))


if __name__ == "__main__":
    main()
