"""Issue 15's crash replay: 10,000 stories through 8 raw partitions, twice without a fault
and once with the worker killed -9 at about a third and started again, for ids of 20 and
of 400 bytes; the consumer's final views compared. The two fault-free runs show what
differs without any crash: the order in which the shard meets copies from different
partitions (which story's notice is a correction, which URL a demoted story keeps).

    .venv/bin/python -m bench.crash_replay    # its own broker unless KHABAR_BOOTSTRAP

The stories, read from ``../shared`` (or ``$KHABAR_SHARED``), never copied: the dedup
eval stream (``eval/dedup/stream.jsonl``, 3,530), ir-news (``data/ir-news/stories.jsonl``,
4,965), and ir-news again from its start under new ids and URLs (republications, exact
copies) up to 10,000; the three interleaved in proportion, each in its own order. Ids
are derived from the index and the source id: ``NNNNN-<sha256>`` cut to 20 bytes, or a
percent-encoded URL of the title padded with the digest to 400. Both sort in stream
order, so two stories stamped in the same millisecond are decided in stream order in
both runs.

Per id size: stories lost (no verdict on news.articles, news.duplicates or
news.deadletter), ids whose final verdicts conflict (an article in one run and a
duplicate in the other, or duplicates of different stories), whether the consumer views
(``tests.integration.harness.consumer_view``) are equal and how they differ, the stories
whose own verdict was published more than once (redeliveries) and those first published
as an article and then corrected into a duplicate.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import orjson

from bench.common import (
    OUT,
    SHARED,
    Output,
    Progress,
    all_alive,
    collect,
    create_topics,
    produce,
    running,
    settings_of,
    wait_for_group,
)
from bench.replay import Record
from tests.integration.harness import (
    Worker,
    consumer_view,
    given_or_local_broker,
    isolated_env,
    record_count,
)

STORIES = 10_000
ID_BYTES = (20, 400)
PARTITIONS = 8
KILL_AT = 1 / 3  # of the stories' output records
SETTLE_S = 5.0  # read on after the last verdict, for late corrections and updates
TIMEOUT_S = 1800.0
# How soon the killed worker's membership lapses and the restarted one gets its partitions.
SESSION_TIMEOUT_S = "10"

View = dict[tuple[str, str], dict]


def shared_stories(shared: Path = SHARED) -> list[tuple[str, dict]]:
    """(part, story) pairs: the eval stream, ir-news, ir-news republished, interleaved."""
    stream = [orjson.loads(line) for line in _lines(shared / "eval/dedup/stream.jsonl")]
    ir_news = [orjson.loads(line) for line in _lines(shared / "data/ir-news/stories.jsonl")]
    for story in ir_news:
        story["id"] = story.pop("doc_id")
    again = [{**story, "id": f"{story['id']}#again", "url": f"{story['url']}?republished",
              "source_site": "republisher"}
             for story in ir_news[: STORIES - len(stream) - len(ir_news)]]
    parts = {"eval": stream, "ir-news": ir_news, "republished": again}
    # Each story at its fraction of its own part: every stretch of the stream has the mix.
    ranked = sorted(((index + 0.5) / len(stories), order, name, story)
                    for order, (name, stories) in enumerate(parts.items())
                    for index, story in enumerate(stories))
    return [(name, story) for _, _, name, story in ranked][:STORIES]


def _lines(path: Path) -> list[bytes]:
    with path.open("rb") as handle:
        return [line for line in handle if line.strip()]


def derived_id(index: int, source_id: str, title: str | None, size: int) -> str:
    """``size`` bytes, unique (the index leads it) and deterministic; long ones read like
    the percent-encoded URLs crawlers use as ids."""
    digest = hashlib.sha256(source_id.encode()).hexdigest()
    head = (f"{index:05d}-" if size < 64
            else f"https://khabar.example/{index:05d}/{quote(title or '')}/")
    return (head + digest * (size // len(digest) + 1))[:size]


def records(size: int, stories: list[tuple[str, dict]]) -> list[Record]:
    out = []
    for index, (part, story) in enumerate(stories):
        story_id = derived_id(index, str(story["id"]), story.get("title"), size)
        out.append(Record(story_id.encode(), orjson.dumps({**story, "id": story_id}), part))
    return out


@dataclass(frozen=True, slots=True)
class Run:
    id_bytes: int
    killed: bool
    records: list[tuple[str, dict]]  # (key, decoded value) of every output record, in order
    killed_at: int | None  # output records out when the worker was killed
    seconds: float

    @property
    def view(self) -> View:
        return consumer_view(value for _, value in self.records if value["kind"] != "deadletter")

    def verdicts(self) -> dict[str, str]:
        """id → its final verdict: ``article``, the canonical id of the last notice, or
        ``deadletter:<reason>``."""
        final: dict[str, str] = {}
        for story_id, value in self.records:
            if value["kind"] == "duplicate":
                final[story_id] = value["duplicate_of"]
            elif value["kind"] == "article":
                final.setdefault(story_id, "article")
            elif value["kind"] == "deadletter":
                final.setdefault(story_id, f"deadletter:{value['reason']}")
        return final

    def corrected(self) -> int:
        """Stories published as an article, then judged a duplicate by a correction."""
        articles = {i for i, value in self.records if value["kind"] == "article"}
        verdicts = self.verdicts()
        return sum(verdicts[i] != "article" for i in articles)

    def redelivered(self) -> int:
        """Stories whose own verdict (article, first notice, dead letter) came out twice."""
        own = Counter(story_id for story_id, value in self.records
                      if value["kind"] in ("article", "deadletter")
                      or (value["kind"] == "duplicate" and not value["correction"]))
        return sum(count > 1 for count in own.values())


async def _kill_at(bootstrap: str, topics: list[str], count: int, worker: Worker) -> int:
    """Kill the worker -9 once ``count`` records are out, and start it again on the same
    app and data; the records out at the kill."""
    while (out := await record_count(bootstrap, topics)) < count:
        await asyncio.sleep(0.2)
    worker.kill()
    worker.start()
    return out


def replay(bootstrap: str, batch: Sequence[Record], id_bytes: int, kill: bool,
           progress: Progress) -> Run:
    workdir = OUT / f"crash-replay-{id_bytes}-{'kill' if kill else 'clean'}-{int(time.time())}"
    workdir.mkdir(parents=True, exist_ok=True)
    env = isolated_env(bootstrap, workdir, KHABAR_RAW_PARTITIONS=str(PARTITIONS),
                       KHABAR_SESSION_TIMEOUT_S=SESSION_TIMEOUT_S)
    settings = settings_of(env)
    topics = [settings.topics.articles, settings.topics.duplicates, settings.topics.deadletter]
    worker = Worker(env, workdir / "worker.log")
    asyncio.run(create_topics(env))

    async def run() -> tuple[list[Output], int | None, float]:
        started = time.monotonic()
        collecting = asyncio.create_task(collect(
            bootstrap, topics, {r.key for r in batch}, TIMEOUT_S, progress, keep_all=True,
            settle_s=SETTLE_S, alive=all_alive([worker])))
        killing = (asyncio.create_task(_kill_at(bootstrap, topics, round(len(batch) * KILL_AT),
                                                worker)) if kill else None)
        try:
            await produce(bootstrap, settings.topics.raw, [(r.key, r.value) for r in batch])
            outputs = await collecting
        finally:
            for task in (collecting, killing):
                if task and not task.done():
                    task.cancel()
        return outputs.records, (await killing if killing else None), time.monotonic() - started

    with running([worker]):
        asyncio.run(wait_for_group(bootstrap, settings.app_id, 1, all_alive([worker])))
        outputs, killed_at, seconds = asyncio.run(run())
    decoded = [(o.key.decode(), orjson.loads(o.value)) for o in outputs]
    return Run(id_bytes, kill, decoded, killed_at, seconds)


@dataclass(frozen=True, slots=True)
class Comparison:
    first: Run
    second: Run

    @property
    def conflicting(self) -> int:
        first, second = self.first.verdicts(), self.second.verdicts()
        return sum(first.get(i) != second.get(i) for i in first.keys() | second.keys())

    def differences(self) -> tuple[Counter[str], Counter[str]]:
        """Records in one view only, by kind; and ``kind.field`` → records of both views
        that differ in that field."""
        first, second = self.first.view, self.second.view
        alone = Counter(key[0] for key in first.keys() ^ second.keys())
        fields: Counter[str] = Counter()
        for key in first.keys() & second.keys():
            a, b = first[key], second[key]
            fields.update(f"{key[0]}.{name}" for name in a.keys() | b.keys()
                          if a.get(name) != b.get(name))
        return alone, fields


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    stories = shared_stories()
    kills = (False, False, True)  # two fault-free runs, then the killed one
    progress = Progress(total=len(stories) * len(ID_BYTES) * len(kills))
    runs: dict[int, list[Run]] = {}
    try:
        with given_or_local_broker("bench-crash-replay") as bootstrap:
            for id_bytes in ID_BYTES:
                batch = records(id_bytes, stories)
                for kill in kills:
                    progress.phase(f"{id_bytes}-byte ids, {'kill -9' if kill else 'no fault'}")
                    runs.setdefault(id_bytes, []).append(
                        replay(bootstrap, batch, id_bytes, kill, progress))
    finally:
        progress.close()
    print(f"{len(stories)} stories: " + ", ".join(
        f"{count} {part}" for part, count in Counter(part for part, _ in stories).items()))
    for id_bytes, (clean, again, killed) in runs.items():
        print(f"\n{id_bytes}-byte ids")
        for name, run in (("no fault", clean), ("no fault again", again), ("kill -9", killed)):
            kill = f", killed -9 at {run.killed_at} output records" if run.killed else ""
            print(f"  {name}: {len(run.records)} records in {run.seconds:.0f} s{kill}; "
                  f"lost {len(stories) - len(run.verdicts())}, redelivered "
                  f"{run.redelivered()}, article then corrected {run.corrected()}")
        for name, comparison in (("no fault / no fault again", Comparison(clean, again)),
                                 ("no fault / kill -9", Comparison(clean, killed))):
            alone, fields = comparison.differences()
            print(f"  {name}: conflicting final verdicts {comparison.conflicting}; views "
                  + ("equal" if not alone and not fields else
                     f"differ: in one view only {dict(alone)}, fields {dict(fields)}"))


if __name__ == "__main__":
    main()
