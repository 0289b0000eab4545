"""The replay stream: real Persian news, looped and varied into a realistic crawl.

    .venv/bin/python -m bench.replay --size 10k --out var/bench/replay-10k.jsonl

Sources, read at run time from ``../shared`` (or ``$KHABAR_SHARED``), never copied:
``data/ir-news/stories.jsonl`` (4,965 stories in time order, with real cross-site
republications and recrawls) and ``data/news/*.jsonl`` (2,400 Fars and Varzesh3
stories), interleaved so that every prefix of the stream has the same mix.

The stream (fixed seed, so every run replays the same bytes):

- originals, first pass as published; once the sources run out, later passes
  *re-mix* them: each line of a story is taken from a different story of the
  corpus, so a looped story reads like news but is new to deduplication (a plain
  second pass would make every looped story an exact duplicate);
- ``EXACT_SHARE`` exact duplicates (same text, another outlet and URL);
- ``NEAR_SHARE`` near duplicates: re-datelined, ZWNJ-stripped or tail-trimmed copies;
- ``MALFORMED_SHARE`` malformed records (cut JSON, invalid UTF-8, empty body).

Copies follow their original by at most ``COPY_DISTANCE`` stories, well inside the
dedup window. Every record is keyed by its ``id``, which the outputs carry too.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from bench.common import SHARED

SEED = 7
SIZES = {"10k": 10_000, "100k": 100_000}
EXACT_SHARE = 0.03
NEAR_SHARE = 0.09
MALFORMED_SHARE = 0.005
COPY_DISTANCE = 300
_DATELINES = ("به گزارش ایسنا، ", "به گزارش خبرگزاری مهر، ", "به گزارش ایرنا، ", "به گزارش تسنیم، ")
_ZWNJ = "\u200c"


@dataclass(frozen=True, slots=True)
class Story:
    """One source story, already in Khabar's input fields."""

    source: str
    url: str
    title: str
    lines: tuple[str, ...]
    published_at: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """One record of the stream: the Kafka key and value, and what it is."""

    key: bytes
    value: bytes
    kind: str  # original | remix | exact | dateline | zwnj | trim | malformed


def load_sources(shared: Path = SHARED) -> list[Story]:
    """ir-news and data/news stories, interleaved in proportion (ir-news keeps time order)."""
    ir_news = [_ir_news_story(line) for line in _lines(shared / "data/ir-news/stories.jsonl")]
    news = [
        _news_story(line, path.stem.split("-")[0])
        for path in sorted((shared / "data/news").glob("*.jsonl"))
        for line in _lines(path)
    ]
    news = [story for story in news if story.lines]
    merged: list[Story] = []
    # Proportional merge: after each ir-news story, as many news stories as keep pace.
    taken = 0
    for index, story in enumerate(ir_news, 1):
        merged.append(story)
        due = index * len(news) // len(ir_news)
        merged.extend(news[taken:due])
        taken = due
    return merged


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from (line for line in handle if line.strip())


def _ir_news_story(line: bytes) -> Story:
    value = orjson.loads(line)
    return Story(
        source=value["source_site"],
        url=value["url"],
        title=value["title"],
        lines=tuple(part for part in value["body"].split("\n") if part.strip()),
        published_at=value.get("published_at"),
    )


def _news_story(line: bytes, source: str) -> Story:
    value = orjson.loads(line)
    paragraphs = [value.get("abstract") or "", *value.get("paragraphs", [])]
    return Story(
        source=source,
        url=value.get("link") or "",
        title=value.get("title") or "",
        lines=tuple(part for part in paragraphs if part.strip()),
    )


def generate(size: int, sources: list[Story] | None = None, seed: int = SEED) -> list[Record]:
    """The first ``size`` records of the replay stream."""
    sources = sources if sources is not None else load_sources()
    rng = random.Random(seed)
    records: list[Record] = []
    emitted: list[tuple[str, Story]] = []  # (id, story) of originals, for copies
    next_source = 0
    while len(records) < size:
        draw = rng.random()
        story_id = f"r{len(records):06d}"
        if draw < MALFORMED_SHARE:
            records.append(_malformed(story_id, rng))
        elif draw < MALFORMED_SHARE + EXACT_SHARE + NEAR_SHARE and emitted:
            original_id, original = rng.choice(emitted[-COPY_DISTANCE:])
            kind = "exact" if draw < MALFORMED_SHARE + EXACT_SHARE else None
            records.append(_copy(story_id, original_id, original, kind, rng))
        else:
            loop, position = divmod(next_source, len(sources))
            story = sources[position] if loop == 0 else _remix(sources, position, loop)
            next_source += 1
            emitted.append((story_id, story))
            records.append(_record(story_id, story, "original" if loop == 0 else "remix"))
    return records


def _record(story_id: str, story: Story, kind: str) -> Record:
    value = {
        "id": story_id,
        "url": story.url,
        "source": story.source,
        "title": story.title,
        "body": "\n".join(story.lines),
        "published_at": story.published_at,
    }
    return Record(story_id.encode(), orjson.dumps(value), kind)


def _remix(sources: list[Story], position: int, loop: int) -> Story:
    """A new story of real lines: line j comes from another story for every j."""
    base = sources[position]
    lines = []
    for j in range(len(base.lines)):
        donor = sources[(position + (j + 1) * loop * 101) % len(sources)]
        lines.append(donor.lines[j % len(donor.lines)])
    return Story(base.source, f"{base.url}#loop{loop}", base.title, tuple(lines), base.published_at)


def _copy(
    story_id: str, original_id: str, original: Story, kind: str | None, rng: random.Random
) -> Record:
    """A republication of ``original``: exact, or one of the near-duplicate edits."""
    kind = kind or rng.choice(("dateline", "zwnj", "trim"))
    lines = list(original.lines)
    if kind == "dateline":
        lines[0] = rng.choice(_DATELINES) + lines[0]
    elif kind == "zwnj":
        lines = [line.replace(_ZWNJ, rng.choice(("", " "))) for line in lines]
    elif kind == "trim" and len(lines) > 2:
        lines = lines[: max(2, round(len(lines) * rng.uniform(0.6, 0.9)))]
    outlet = rng.choice(("tabnak", "asriran", "roozno", "mashregh"))
    copy = Story(outlet, f"https://{outlet}.example/{original_id}", original.title, tuple(lines))
    return _record(story_id, copy, kind)


def _malformed(story_id: str, rng: random.Random) -> Record:
    forms = (
        b'{"id": "' + story_id.encode() + b'", "body": "\xd8\xae\xd8\xa8\xd8',  # cut JSON
        b"\xff\xfe\x00 not utf-8 \xc3\x28",
        orjson.dumps({"id": story_id, "body": "   "}),
    )
    return Record(story_id.encode(), rng.choice(forms), "malformed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="10k")
    parser.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    args = parser.parse_args()
    records = generate(SIZES[args.size])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as handle:
        for record in records:
            handle.write(record.value + b"\n")  # orjson escapes newlines
    print(f"{len(records)} records to {args.out}")


if __name__ == "__main__":
    main()
