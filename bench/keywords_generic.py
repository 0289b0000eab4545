"""News-generic words and counters: the word tables of the keywords stage, derived from
how real news uses its words.

    .venv/bin/python bench/keywords_generic.py [--write] [--counts FILE]

Reads the 2,400 stories of ../shared/data/news (Fars 2008-2013, Varzesh3; Apache-2.0)
and the 4,965 of ../shared/data/ir-news (GPL-3.0) after normalization and the entity
stage, and counts for every lemma of a content word (as the keywords stage reads them):

- the share of each source's stories that use it. A lemma is **generic** when at least
  ``--desk`` of one source's stories use it (Fars, a general desk over five years, so a
  season's topic is not generic; the sport words of Varzesh3: «تیم», «بازیکن»). A lemma
  the entity stage names in ``--named`` of the stories that use it is a name, never
  generic. A lemma at least ``--everywhere`` of the stories of every source use,
  ir-news too, is **common** («واکنش», «انتشار»): a topic's word is rare in one source
  at least (Varzesh3 has little politics, Fars 2008-2013 no pandemic).
- the share of its uses right after a number: a **counter** or unit («نفره», «کیلوگرم»,
  «تومان») when at least ``--after-number`` of ``--min-uses`` or more (a counted noun
  such as «خانوار» follows a number about half the time, a unit nearly always).

- the stories that use it at all: a word hazm's corpus has not seen that at least
  ``--news-word`` stories of ../shared/data/news use is a **news word** («کرونا»,
  «واکسیناسیون»), which may modify a noun in a phrase; a word neither knows (song
  lyrics, spoken forms, typos) may only head one.
- the stories that grade it, after «بسیار», «خیلی» … or with «تر»/«ترین»: a **gradable
  adjective** («شلوغ», «خطرناک») when ``--graded`` stories or more and ``--graded-share``
  of those using it do (hazm tags most nouns AJ too, so its tags do not tell).
- the share of each source's stories, ir-news too, that use it: a **frequent** lemma
  at least ``--frequent`` of one source's stories use, neither generic nor common nor
  a name («بحران», «لیست», «تماس»): a keyword alone only when it is about as strong
  as the story's best term, as news uses it in stories of every subject.
- the share of its uses right before «به»: a word that **governs** it («مبتلا به»,
  «منجر به», «اشاره به») when at least ``--before-be`` of ``--min-uses`` or more; a
  phrase ending on it is cut at the preposition («بیمار مبتلا» of «… مبتلا به کرونا»).

Counts, uses and names are of ../shared/data/news only; ir-news adds its share of
stories to the common lemmas (it can only narrow them) and its graded uses.
Prints the tables; ``--write`` stores them in ``pipeline/extract/data/keyword_words.json``
(lemmas only, no text); ``--counts`` keeps the counts in a pickle, with their field
names, to try thresholds again without reading the stories (counted again when the
fields have changed since; delete the file after changing the stages). The stories are
read from ../shared, never copied.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import orjson

from pipeline.doc import Doc
from pipeline.errors import Rejected
from pipeline.extract import EXTRACTION_STAGES
from pipeline.extract._lemma import Entry, entries, lemma
from pipeline.extract._text import ZWNJ, words_of
from pipeline.extract.keywords import MIN_LETTERS, _content
from pipeline.extract.numbers import NUMBER_WORDS
from pipeline.ingest import story_from_mapping
from pipeline.models import Article
from pipeline.normalize import normalize_story

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data"
TABLE = ROOT / "pipeline/extract/data/keyword_words.json"
_DIGIT = re.compile(r"\d")
_UNSEEN = Entry(0, frozenset())
# Words that grade an adjective before it («بسیار شلوغ»); a noun is not graded.
_INTENSIFIERS = frozenset({"بسیار", "خیلی", "کاملا", "کاملاً", "نسبتا", "نسبتاً", "فوق‌العاده"})
# A comparative or superlative written on its adjective or apart («شلوغ‌تر», «شلوغ ترین»).
_DEGREE = re.compile(f"(.{{3,}}?){ZWNJ}?(?:ترین|تر)")


IR_NEWS = "ir-news"


class Counts(NamedTuple):
    """What :func:`count` finds in the stories."""

    used: dict[str, Counter[str]]  # source → lemma → stories using it
    counted: Counter[str]  # source → stories read
    named: Counter[str]  # lemma → stories naming it as an entity
    uses: Counter[str]
    after_number: Counter[str]
    graded: Counter[str]  # lemma → stories grading it
    before_be: Counter[str]  # lemma → uses right before «به»


def stories() -> Iterator[tuple[str, bytes]]:
    """(source, raw JSON line) of every story of ../shared/data/news, then of
    ../shared/data/ir-news."""
    for path in sorted((DATA / "news").glob("*.jsonl")):
        source = path.stem.rsplit("-", 1)[0]
        for line in path.read_bytes().splitlines():
            yield source, line
    for line in (DATA / "ir-news/stories.jsonl").read_bytes().splitlines():
        yield IR_NEWS, line


def count() -> Counts:
    """Per source, the stories using each lemma and the stories read; per lemma, the
    stories naming it, its uses, its uses after a number, the stories grading it and
    its uses before «به»."""
    used: dict[str, Counter[str]] = {}
    counted: Counter[str] = Counter()
    named: Counter[str] = Counter()
    uses: Counter[str] = Counter()
    after_number: Counter[str] = Counter()
    graded: Counter[str] = Counter()
    before_be: Counter[str] = Counter()
    for source, line in stories():
        raw = story_from_mapping(orjson.loads(line))
        title = raw.title if raw.title and raw.title != "nan" else ""
        doc = Doc(
            raw=raw,
            article=Article(id="", text="", title=title),
            text=normalize_story(raw.body or "").text,
        )
        try:
            for name, stage in EXTRACTION_STAGES:
                stage(doc)
                if name == "entities":
                    break
        except Rejected:
            continue
        spans = words_of(f"{title}\n{doc.text}")
        words = spans.words
        lemmas: set[str] = set()
        contents = _content(spans, [False] * len(words))
        for index, content in enumerate(contents):
            if not content:
                continue
            word = lemma(words[index])
            lemmas.add(word)
            if source != IR_NEWS:  # ir-news only says which words are everywhere
                uses[word] += 1
                before = words[index - 1] if index else ""
                after_number[word] += bool(_DIGIT.search(before)) or before in NUMBER_WORDS
                following = words[index + 1] if index + 1 < len(words) else ""
                before_be[word] += following == "به" and spans.joined[index]
        used.setdefault(source, Counter()).update(lemmas)
        graded.update(_graded(words, contents) & lemmas)
        counted[source] += 1
        if source != IR_NEWS:
            named.update(lemmas & {entity.canonical for entity in doc.article.entities})
    return Counts(used, counted, named, uses, after_number, graded, before_be)


def stored_counts(path: Path) -> Counts:
    """The counts kept in ``path`` if they have the fields :class:`Counts` has now, else
    counted again and kept there (a pickle of an older shape would not unpack)."""
    if path.exists():
        stored = pickle.loads(path.read_bytes())
        if isinstance(stored, dict) and stored.get("fields") == Counts._fields:
            return Counts(*stored["counts"])
        print(f"{path}: counts of another shape, counting again")
    counts = count()
    # A plain tuple and its field names: a pickled Counts would name this script's module.
    path.write_bytes(pickle.dumps({"fields": Counts._fields, "counts": tuple(counts)}))
    return counts


def _graded(words: list[str], contents: list[bool]) -> set[str]:
    """The content words a story grades: after an intensifier, or with «تر»/«ترین»
    on them or after them."""
    found = set()
    for index, word in enumerate(words):
        if not contents[index]:
            continue
        after = words[index + 1] if index + 1 < len(words) else ""
        if (index and words[index - 1] in _INTENSIFIERS) or after in ("تر", "ترین"):
            found.add(word)
        elif match := _DEGREE.fullmatch(word):
            found.add(match[1])
    # An adjective is not inflected; a word its lemma changes is a noun's form, and
    # marking its lemma would mark the noun («ارزان» is not «ارز»).
    return {word for word in found if lemma(word) == word}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desk", type=float, default=0.08)
    parser.add_argument("--everywhere", type=float, default=0.02)
    parser.add_argument("--named", type=float, default=0.3)
    parser.add_argument("--min-uses", type=int, default=20)
    parser.add_argument("--after-number", type=float, default=0.66)
    parser.add_argument("--news-word", type=int, default=3)
    parser.add_argument("--graded", type=int, default=3)
    parser.add_argument("--graded-share", type=float, default=0.02)
    parser.add_argument("--frequent", type=float, default=0.01)
    parser.add_argument("--before-be", type=float, default=0.6)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--counts", type=Path, help="a pickle of the counts: read if it holds the fields counted now, else written")
    args = parser.parse_args()
    counts = stored_counts(args.counts) if args.counts else count()
    used, counted, named, uses, after_number, graded, before_be = counts

    def share(source: str, word: str) -> float:
        return used[source][word] / counted[source]

    desks = [source for source in counted if source != IR_NEWS]
    total = Counter[str]()
    for source in desks:
        total.update(used[source])
    lemmas = [
        word
        for word in total
        if len(word) >= MIN_LETTERS and named[word] < args.named * total[word]
    ]
    generic = sorted(
        word for word in lemmas if max(share(source, word) for source in desks) >= args.desk
    )
    everywhere = {
        word for word in lemmas if min(share(source, word) for source in counted) >= args.everywhere
    }
    common = sorted(everywhere - set(generic))
    # Every source's share, ir-news' too («کرونا» is in 27% of its stories, 1.9% of
    # Fars'); a lemma only ir-news uses has no desk count to tell a name by.
    frequent = sorted(
        word
        for word in set().union(*used.values())
        if len(word) >= MIN_LETTERS
        and named[word] <= args.named * total[word]
        and max(share(source, word) for source in counted) >= args.frequent
        and word not in everywhere
        and word not in generic
    )
    often = [word for word in uses if uses[word] >= args.min_uses]
    counters = sorted(
        word for word in often if after_number[word] >= args.after_number * uses[word]
    )
    governing = sorted(word for word in often if before_be[word] >= args.before_be * uses[word])
    seen = entries()
    news_words = sorted(
        word
        for word, stories in total.items()
        if stories >= args.news_word and not seen.get(word, _UNSEEN).frequency
    )
    everyone = Counter[str]()
    for counter in used.values():
        everyone.update(counter)
    adjectives = sorted(
        word
        for word, stories in graded.items()
        if stories >= args.graded
        and stories >= args.graded_share * everyone[word]
        and len(word) >= MIN_LETTERS
        and word not in generic
    )
    table = {
        "generic": generic,
        "common": common,
        "adjectives": adjectives,
        "counters": counters,
        "news_words": news_words,
        "frequent": frequent,
        "governing": governing,
    }
    for key, words in table.items():
        shown = words if len(words) < 1000 else [*words[:100], "…"]
        print(f"{key} ({len(words)}):", " ".join(shown), end="\n\n")
    print(", ".join(f"{source} {count}" for source, count in counted.items()), "stories")
    if args.write:
        thresholds = " ".join(
            f"--{key.replace('_', '-')} {value}"
            for key, value in vars(args).items()
            if key not in ("write", "counts")
        )
        TABLE.write_text(
            json.dumps(
                {"made_by": f"bench/keywords_generic.py {thresholds}", **table},
                ensure_ascii=False,
                indent=0,
            )
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
