"""Khabar's lone-word judgements: draw the words, measure agreement, write the table.

    .venv/bin/python corpus/lone-words/build.py draw DIR   # the reading sheets, in DIR
    .venv/bin/python corpus/lone-words/build.py extend DIR # the second draw's sheets
    .venv/bin/python corpus/lone-words/build.py agreement  # the two passes compared
    .venv/bin/python corpus/lone-words/build.py write      # pipeline/extract/data/lone_words.json

The words are those the keyword stage gave alone (one word, no name) among a story's
ten keywords, over the stories of ``../shared/data/news`` and ``../shared/data/ir-news``
but those of the next blind reading (``bench/keywords_eval.py`` unread draw
:data:`HELD_OUT_SEED`), with the table switched off; the second draw (``extend``) adds
the words the stage could give alone (its lone candidates) in at least
:data:`EXTEND_STORIES` of those stories, so that a new story's lone words are mostly
words read. A sheet shows each word with up to
three titles of its stories, for the sense; the titles stay out of the repository,
the judgements (``annotations/``) hold only words and labels (GUIDELINES.md).
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FIRST_PASS = HERE / "annotations" / "pass1"
SECOND_PASS = HERE / "annotations" / "pass2"
# The second draw's words, read once (pass3) and a sample of them again (pass4).
EXTEND_PASS = HERE / "annotations" / "pass3"
EXTEND_SECOND_PASS = HERE / "annotations" / "pass4"
TABLE = REPO / "pipeline" / "extract" / "data" / "lone_words.json"
LABELS = ("telling", "generic", "broken")
HELD_OUT_SEED = 1628  # the keyword reading after the table: its stories give no word
FIRST_PARTS = 6  # the first pass: every word, in six parts of one reader each
TWICE = 2  # words given at least this often are read a second time, in two parts
SEED = 7
MAX_TITLES = 3
EXTEND_STORIES = 3
EXTEND_PARTS = 8
EXTEND_SECOND = 600  # words of the second draw read again, for agreement


def _articles() -> Iterator:
    """The articles of ../shared's stories but the held-out reading's, as the keyword
    stage was before any judgement: every word passes
    :func:`pipeline.extract.keywords._read_as_telling`."""
    sys.path.insert(0, str(REPO))
    from bench.keywords_eval import _corpora, story_id, unread
    from pipeline.extract import keywords
    from pipeline.models import DeadLetter
    from pipeline.stages import Pipeline

    keywords._read_as_telling = lambda word: True
    held_out = {story_id(line) for line in unread(16, HELD_OUT_SEED, 50)}
    pipeline = Pipeline(time_budget_ms=0)
    for line in (line for corpus in _corpora() for line in corpus):
        if story_id(line) not in held_out:
            outcome = pipeline.analyse(line)
            if not isinstance(outcome, DeadLetter):
                yield outcome.article


def _lone_keywords() -> tuple[Counter[str], dict[str, list[str]]]:
    """How often each word was given alone among a story's ten keywords, and the
    titles of its stories (:func:`_articles`)."""
    counts: Counter[str] = Counter()
    titles: dict[str, list[str]] = {}
    for article in _articles():
        names = {entity.canonical for entity in article.entities}
        for keyword in article.keywords:
            if " " not in keyword.term and keyword.term not in names:
                counts[keyword.term] += 1
                titles.setdefault(keyword.term, []).append(article.title or "")
    return counts, titles


def _lone_candidates() -> tuple[Counter[str], dict[str, list[str]]]:
    """In how many stories each word was a lone candidate of the keyword stage (a word
    it could give alone, at any rank), and their titles (:func:`_articles`)."""
    from pipeline.extract import keywords

    story_words: set[str] = set()
    filtered = keywords._filtered

    def recording(counts, names):  # the stage's candidates, as it filters them
        kept = filtered(counts, names)
        story_words.update(term[0] for term in kept if len(term) == 1 and term not in names)
        return kept

    keywords._filtered = recording
    counts: Counter[str] = Counter()
    titles: dict[str, list[str]] = {}
    for article in _articles():  # each story's candidates were recorded as it was analysed
        for word in story_words:
            counts[word] += 1
            titles.setdefault(word, []).append(article.title or "")
        story_words.clear()
    return counts, titles


def _write_sheets(
    folder: Path, sheets: dict[str, list[str]], titles: dict[str, list[str]], rng: random.Random
) -> None:
    """Each sheet in a seeded order, each word with up to :data:`MAX_TITLES` titles."""

    def row(word: str) -> dict:
        shown = list(dict.fromkeys(title for title in titles[word] if title))
        rng.shuffle(shown)
        return {"word": word, "titles": [title[:140] for title in shown[:MAX_TITLES]]}

    folder.mkdir(parents=True, exist_ok=True)
    for name, sheet in sheets.items():
        sheet = sheet[:]
        rng.shuffle(sheet)
        lines = [json.dumps(row(word), ensure_ascii=False) + "\n" for word in sheet]
        (folder / f"{name}.jsonl").write_text("".join(lines), encoding="utf-8")


def draw(folder: Path) -> None:
    """Write the sheets of both passes (``p1-N.jsonl``, ``p2-N.jsonl``) to ``folder``."""
    counts, titles = _lone_keywords()
    words = sorted(counts, key=lambda word: (-counts[word], word))
    twice = [word for word in words if counts[word] >= TWICE]
    sheets = {f"p1-{part + 1}": words[part::FIRST_PARTS] for part in range(FIRST_PARTS)}
    sheets |= {f"p2-{part + 1}": twice[part::2] for part in range(2)}
    _write_sheets(folder, sheets, titles, random.Random(SEED))
    print(f"{len(words)} words, {len(twice)} given at least {TWICE} times")


def extend(folder: Path) -> None:
    """Write the second draw's sheets (``p3-N.jsonl``, ``p4-1.jsonl``) to ``folder``:
    the lone candidates of at least :data:`EXTEND_STORIES` stories that the first draw
    did not hold."""
    counts, titles = _lone_candidates()
    read = set(judgements(FIRST_PASS))
    words = sorted(
        (word for word, count in counts.items() if count >= EXTEND_STORIES and word not in read),
        key=lambda word: (-counts[word], word),
    )
    rng = random.Random(SEED + 1)
    again = sorted(rng.sample(words, EXTEND_SECOND))
    sheets = {f"p3-{part + 1}": words[part::EXTEND_PARTS] for part in range(EXTEND_PARTS)}
    sheets["p4-1"] = again
    _write_sheets(folder, sheets, titles, rng)
    print(f"{len(words)} words, {len(again)} of them twice")


def judgements(folder: Path) -> dict[str, str]:
    """word → label of every part in ``folder`` (none while a reading is not in)."""
    labels = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["label"] not in LABELS:
                raise ValueError(f"{path.name}: {row['word']!r} has label {row['label']!r}")
            labels[row["word"]] = row["label"]
    return labels


def agreement() -> None:
    """Agreement between the two readings of each draw, on the words both read: the
    same label, and Cohen's kappa of telling against not."""
    for name, first, second in (
        ("first draw", judgements(FIRST_PASS), judgements(SECOND_PASS)),
        ("second draw", judgements(EXTEND_PASS), judgements(EXTEND_SECOND_PASS)),
    ):
        both = sorted(set(first) & set(second))
        same = sum(first[word] == second[word] for word in both) / len(both)
        a = [first[word] == "telling" for word in both]
        b = [second[word] == "telling" for word in both]
        observed = sum(x == y for x, y in zip(a, b)) / len(both)
        pa, pb = sum(a) / len(both), sum(b) / len(both)
        chance = pa * pb + (1 - pa) * (1 - pb)
        kappa = (observed - chance) / (1 - chance)
        shares = ", ".join(
            f"{label} {sum(v == label for v in first.values()) / len(first):.2f}" for label in LABELS
        )
        print(f"{name}: {len(first)} words ({shares}); {len(both)} read twice: the same "
              f"label {same:.3f}; telling or not {observed:.3f}, kappa {kappa:.3f}")


def table() -> dict[str, list[str]]:
    """The table from the readings: a word is ``telling`` when every reading of it
    judged it so (precision first: a word readers disagree on is as often junk as
    not), else ``broken`` when one said broken, else ``generic``."""
    readings = [judgements(folder) for folder in
                (FIRST_PASS, SECOND_PASS, EXTEND_PASS, EXTEND_SECOND_PASS)]
    words: dict[str, list[str]] = {label: [] for label in LABELS}
    for word in sorted(set().union(*readings)):
        labels = {reading[word] for reading in readings if word in reading}
        label = "telling" if labels == {"telling"} else "broken" if "broken" in labels else "generic"
        words[label].append(word)
    return words


def write() -> None:
    """Write :func:`table` where the keyword stage reads it."""
    words = table()
    TABLE.write_text(json.dumps(words, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{TABLE.relative_to(REPO)}: " + ", ".join(f"{k} {len(v)}" for k, v in words.items()))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command in ("draw", "extend") and len(sys.argv) == 3:
        (draw if command == "draw" else extend)(Path(sys.argv[2]))
    elif command == "agreement":
        agreement()
    elif command == "write":
        write()
    else:
        sys.exit(__doc__)
