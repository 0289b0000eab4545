"""News-generic nouns: the lone-word keyword candidates most stories use.

    .venv/bin/python bench/keywords_generic.py [--share 0.1]

Document frequency of each candidate's lemma over the 2,400 stories of
../shared/data/news (Fars and Varzesh3), after normalization; prints the lemmas used
by at least ``--share`` of the stories of either source, which is how
``pipeline.extract.keywords.GENERIC`` was chosen (``--share 0.15``). Each source on
its own, so that the sport words of Varzesh3 («تیم», «بازیکن») count as generic as
the Fars words do. Words the entity stage names in any story («ایران», «استقلال»)
are left out: names are what a story is about.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import orjson

from pipeline.doc import Doc
from pipeline.errors import Rejected
from pipeline.extract import EXTRACTION_STAGES
from pipeline.extract._lemma import lemma
from pipeline.extract._text import words_of
from pipeline.extract.keywords import MIN_LETTERS, _content, _modifier
from pipeline.ingest import story_from_mapping
from pipeline.models import Article
from pipeline.normalize import normalize_story

DATA = Path(__file__).resolve().parents[1].parent / "shared/data/news"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", type=float, default=0.15)
    args = parser.parse_args()
    frequency: dict[str, Counter[str]] = {}  # source → lemma → stories using it
    stories: Counter[str] = Counter()
    names: set[str] = set()
    for path in sorted(DATA.glob("*.jsonl")):
        source = path.stem.rsplit("-", 1)[0]
        counter = frequency.setdefault(source, Counter())
        for line in path.read_bytes().splitlines():
            raw = story_from_mapping(orjson.loads(line))
            doc = Doc(
                raw=raw,
                article=Article(id="", text="", title=raw.title),
                text=normalize_story(raw.body or "").text,
            )
            try:
                for name, stage in EXTRACTION_STAGES:
                    stage(doc)
                    if name == "entities":
                        break
            except Rejected:
                continue
            names.update(entity.canonical for entity in doc.article.entities)
            spans = words_of(f"{doc.article.title or ''}\n{doc.text}")
            lemmas = {
                lemma(word) for word, content in zip(spans.words, _content(spans, {})) if content
            }
            counter.update(
                word for word in lemmas if len(word) >= MIN_LETTERS and not _modifier(word)
            )
            stories[source] += 1
    shares = {
        word: {source: frequency[source][word] / stories[source] for source in frequency}
        for counter in frequency.values()
        for word in counter
    }
    chosen = sorted(
        (
            word
            for word, share in shares.items()
            if word not in names and max(share.values()) >= args.share
        ),
        key=lambda word: -max(shares[word].values()),
    )
    for word in chosen:
        print(word, *(f"{source} {share:.2f}" for source, share in shares[word].items()), sep="\t")
    print(f"{len(chosen)} lemmas in at least {args.share:.0%} of one source's stories, no names")


if __name__ == "__main__":
    main()
