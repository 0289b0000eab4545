"""Khabar's news NER corpus: select the stories, align annotations, measure agreement.

    .venv/bin/python corpus/ner-news/build.py select      # writes stories.jsonl (once)
    .venv/bin/python corpus/ner-news/build.py extend N    # appends draw N (2: 400, 3: 300; once)
    .venv/bin/python corpus/ner-news/build.py check       # every mention found, in order
    .venv/bin/python corpus/ner-news/build.py agreement   # entity F1 between the two passes

``stories.jsonl`` holds the selected stories of ``../shared/data/news`` (Apache-2.0, see
README.md) as Khabar's normalizer writes them, the text annotators read. Annotations are
lists of (mention, type) in text order (GUIDELINES.md); :func:`align` turns them into
character spans, so that nobody has to count characters by hand.
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHARED = Path(os.environ.get("KHABAR_SHARED", REPO.parent / "shared"))
STORIES = HERE / "stories.jsonl"
FIRST_PASS = HERE / "annotations" / "pass1"
SECOND_PASS = HERE / "annotations" / "pass2"
TYPES = ("PER", "ORG", "LOC", "EVENT")
# Stories are cut at a paragraph end past this many characters: whole stories of a few
# paragraphs, the leads and first paragraphs of long ones, within a reader's day.
MAX_CHARS = 1800
# How many stories of each source and section (Fars «cat»; Varzesh3 is sport).
QUOTAS = {("fars", "politics"): 60, ("fars", "foreign-policy"): 5, ("fars", "world"): 70,
          ("fars", "economy"): 45, ("fars", "social"): 55, ("fars", "province"): 65,
          ("fars", "culture"): 25, ("fars", "arts-media"): 20, ("fars", "scientific-academic"): 15,
          ("fars", "sports"): 40, ("varzesh3", "sport"): 200}
SEED = 16


def _source_stories() -> Iterator[tuple[str, str, str]]:
    """(id, source, section, paragraphs) of every data/news story, in file order."""
    for path in sorted((SHARED / "data" / "news").glob("*.jsonl")):
        source = "varzesh3" if path.name.startswith("varzesh3") else "fars"
        for line_no, line in enumerate(path.open(encoding="utf-8")):
            row = json.loads(line)
            section = "sport" if source == "varzesh3" else row.get("cat") or ""
            yield f"news:{path.stem}:{line_no}", source, section, row.get("paragraphs") or []


def _cut(paragraphs: list[str]) -> str:
    kept: list[str] = []
    for paragraph in paragraphs:
        if paragraph.strip():
            kept.append(paragraph.strip())
        if sum(map(len, kept)) >= MAX_CHARS:
            break
    return "\n".join(kept)


def _draw(quotas: dict[tuple[str, str], int], seed: int, taken: set[str]) -> list[dict]:
    """Stories of at least 400 characters, by (source, section) quota, none of ``taken``,
    cut and normalized as the entity stage reads them, in a seeded order."""
    sys.path.insert(0, str(REPO))
    from pipeline.normalize import normalize_story

    rng = random.Random(seed)
    pools: dict[tuple[str, str], list[tuple[str, list[str]]]] = {}
    for story_id, source, section, paragraphs in _source_stories():
        if story_id not in taken and sum(map(len, paragraphs)) >= 400:
            pools.setdefault((source, section), []).append((story_id, paragraphs))
    chosen = []
    for key, count in quotas.items():
        for story_id, paragraphs in rng.sample(pools[key], count):
            chosen.append({"id": story_id, "source": key[0], "section": key[1],
                           "text": normalize_story(_cut(paragraphs)).text})
    rng.shuffle(chosen)
    return chosen


def _write(chosen: list[dict], first_batch: int, mode: str) -> None:
    with STORIES.open(mode, encoding="utf-8") as out:
        for number, story in enumerate(chosen):
            out.write(json.dumps({"batch": first_batch + number // 100, **story},
                                 ensure_ascii=False) + "\n")
    print(f"{len(chosen)} stories -> {STORIES}")


def select() -> None:
    """Draw the first 600 stories, batches 1 to 6."""
    _write(_draw(QUOTAS, SEED, set()), 1, "w")


# Later draws (issue 16: more news for the tagger), each among the stories not drawn yet:
# (quotas, seed, first batch). The second took what the first left of the big sections;
# the third the provincial desks, the magazine and opinion pages, and sport to fill.
PROVINCES = ("alborz", "ardabil", "azarbaijan-gharbi", "azarbaijan-sharghi", "bushehr",
             "chaharmahal-bakhtiari", "fars", "gilan", "golestan", "hamedan", "hormozgan", "ilam",
             "isfahan", "kerman", "kermanshah", "khorasan-jonubi", "khorasan-shomali",
             "khuzestan", "kohgiluyeh-boyerahmad", "kordestan", "markazi", "mazandaran", "qazvin",
             "qom", "razavi", "semnan", "sistan-baluchestan", "tehran", "zanjan")
DRAWS = {
    2: ({("fars", "politics"): 22, ("fars", "province"): 60, ("fars", "social"): 13,
         ("fars", "sports"): 17, ("fars", "arts-media"): 10, ("fars", "scientific-academic"): 15,
         ("fars", "world"): 30, ("fars", "culture"): 15, ("varzesh3", "sport"): 218}, 17, 7),
    3: ({("fars", "province"): 45, **{("fars", p): 1 for p in PROVINCES},
         ("fars", "regional-offices"): 8, ("fars", "farsplus-magazine"): 80,
         ("fars", "viewpoint"): 6, ("fars", "foreign-policy"): 2, ("fars", "education"): 2,
         ("fars", "economy"): 1, ("varzesh3", "sport"): 127}, 18, 11),
}


def extend(draw: int) -> None:
    """Append a later draw's stories as the next batches, leaving earlier ones as they are."""
    quotas, seed, first_batch = DRAWS[draw]
    _write(_draw(quotas, seed, set(stories())), first_batch, "a")


def stories() -> dict[str, dict]:
    return {row["id"]: row for row in map(json.loads, STORIES.open(encoding="utf-8"))}


def annotations(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Story id -> (mention, type) in text order, over every file of a pass."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for row in map(json.loads, path.open(encoding="utf-8")):
            found[row["id"]] = [(mention, kind) for mention, kind in row["entities"]]
    return found


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "\u200c"


def _occurrences(text: str, mention: str, at: int) -> Iterator[int]:
    start = text.find(mention, at)
    while start >= 0:
        yield start
        start = text.find(mention, start + 1)


def _fits(text: str, mentions: list[tuple[str, str]], at: int) -> bool:
    """Whether the mentions can all still be found in order from ``at``."""
    for mention, _ in mentions:
        found = text.find(mention, at)
        if found < 0:
            return False
        at = found + len(mention)
    return True


def align(text: str, mentions: Iterable[tuple[str, str]]) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Character spans of the mentions, found in order; and the mentions not found.

    Of the places a mention occurs after the previous one, a whole word is taken first
    («ایران», not inside «ایرانی»), then a word's start («اسپانیا» in «اسپانیاست»), then
    any: the first of these after which the other mentions can still be found in order.
    """
    mentions = list(mentions)
    spans, missing, at = [], [], 0
    for number, (mention, kind) in enumerate(mentions):
        starts = list(_occurrences(text, mention, at))
        if not starts or kind not in TYPES:
            missing.append(f"{mention} ({kind})")
            continue
        size = len(mention)
        whole = [s for s in starts if _opens(text, s) and _closes(text, s + size)]
        opening = [s for s in starts if _opens(text, s)]
        rest = mentions[number + 1 :]
        start = next((s for s in (*whole, *opening, *starts) if _fits(text, rest, s + size)), starts[0])
        spans.append((start, start + size, kind))
        at = start + size
    return spans, missing


def _opens(text: str, start: int) -> bool:
    return start == 0 or not _is_word_char(text[start - 1])


def _closes(text: str, end: int) -> bool:
    return end == len(text) or not _is_word_char(text[end])


def check() -> None:
    texts = stories()
    for folder in (FIRST_PASS, SECOND_PASS):
        done = annotations(folder)
        unknown = set(done) - set(texts)
        missing = {i: align(texts[i]["text"], m)[1] for i, m in done.items() if i in texts}
        missing = {i: m for i, m in missing.items() if m}
        types = Counter(kind for m in done.values() for _, kind in m)
        print(f"{folder.name}: {len(done)} stories, {sum(types.values())} mentions {dict(types)}; "
              f"{len(unknown)} unknown ids; {sum(map(len, missing.values()))} mentions not found in "
              f"{len(missing)} stories")
        for story_id, lost in list(missing.items())[:10]:
            print(f"   {story_id}: {lost[:5]}")


def agreement() -> None:
    """Entity F1 between the two passes over the stories both annotated, on spans."""
    texts = stories()
    first, second = annotations(FIRST_PASS), annotations(SECOND_PASS)
    both = sorted(set(first) & set(second) & set(texts))
    per_type = {kind: Counter() for kind in (*TYPES, "all")}
    for story_id in both:
        a = set(align(texts[story_id]["text"], first[story_id])[0])
        b = set(align(texts[story_id]["text"], second[story_id])[0])
        for kind in (*TYPES, "all"):
            a_k = {s for s in a if kind in ("all", s[2])}
            b_k = {s for s in b if kind in ("all", s[2])}
            per_type[kind].update(both=len(a_k & b_k), first=len(a_k), second=len(b_k))
    print(f"{len(both)} stories annotated twice")
    for kind, c in per_type.items():
        f1 = 2 * c["both"] / max(1, c["first"] + c["second"])
        print(f"  {kind:6s} F1 {f1:.3f}  (first {c['first']}, second {c['second']}, agreed {c['both']})")


if __name__ == "__main__":
    if sys.argv[1] == "extend":
        extend(int(sys.argv[2]))
    else:
        {"select": select, "check": check, "agreement": agreement}[sys.argv[1]]()
