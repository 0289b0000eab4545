"""The dedup shard's loop without a broker: what a failed send does to the stories after
it, and each story's event record after its dedup outputs."""

import asyncio
import dataclasses
import types

import orjson
import pytest

import agents.dedup_shard as shard_module
from agents.codec import CaughtUp
from pipeline.dedupe.holdback import HoldBack
from pipeline.events import EventStory, EventTracker
from pipeline.models import DuplicateNotice
from pipeline.process import Candidate, Decision
from tests.unit.events.event_stories import HOUR_MS, LIBRARY, QUAKE, QUAKE_TOLL, T0

pytestmark = pytest.mark.unit

# Story number → its signals: two reports of one earthquake, a library opening, and a
# republication of the first report (number 3, the duplicate of 0).
SIGNALS = {0: QUAKE, 1: LIBRARY, 2: QUAKE_TOLL, 3: QUAKE, 4: LIBRARY}


class Message:
    def __init__(self, number: int) -> None:
        self.value = str(number).encode()
        self.topic, self.partition, self.offset = "khabar-analysed", 0, number
        self.timestamp, self.key = 0.0, b"k"


class Event:
    def __init__(self, number: int) -> None:
        self.message = Message(number)
        self.acked = False

    def ack(self) -> None:
        self.acked = True


class Topic:
    """Keeps what is sent; the send numbered ``fail_at`` fails once, as a broker away."""

    def __init__(self, name: str = "news.articles") -> None:
        self.name = name
        self.sent: list[tuple[bytes, bytes]] = []
        self.fail_at: int | None = None

    async def send(self, key: bytes, value: bytes) -> None:
        if self.fail_at is not None and len(self.sent) + 1 == self.fail_at:
            self.fail_at = None
            raise ConnectionError("broker away")
        self.sent.append((key, value))

    @property
    def keys(self) -> list[bytes]:
        return [key for key, _ in self.sent]

    def get_topic_name(self) -> str:
        return self.name


class EveryStoryNewButThree:
    """Story 3 republishes story 0; every other story is new."""

    def decide(self, candidate: Candidate) -> Decision:
        if candidate.id != "story-3":
            return Decision(publish_article=True)
        notice = DuplicateNotice(id="story-3", duplicate_of="story-0", similarity=0.9,
                                 match="near")
        return Decision(publish_article=False, notices=[notice])


def decode(value: bytes) -> tuple[Candidate, EventStory, bytes]:
    number = int(value)
    story_id = f"story-{number}"
    return (Candidate(id=story_id, ingest_ms=1_000 + number, fingerprint=None),
            EventStory(story_id, T0 + number * HOUR_MS, SIGNALS[number % 5]), b"{}")


def shard_of(outputs: shard_module.Outputs, hold: HoldBack) -> shard_module.DedupShard:
    app = types.SimpleNamespace(rebalancing=False, should_stop=False, producer=None)
    return shard_module.DedupShard(app, EveryStoryNewButThree(), EventTracker({}), hold, outputs)


def run_shard(monkeypatch, outputs: shard_module.Outputs, count: int) -> list[Event]:
    """Every story through a shard that holds nothing back; a failed send is logged and
    its story tried again on the next tick."""
    monkeypatch.setattr(shard_module, "decode_record", decode)
    shard = shard_of(outputs, HoldBack(1, 0))
    events = [Event(number) for number in range(count)]

    async def run() -> None:
        for event in events:
            await shard.receive(event)
        await shard.release()

    asyncio.run(run())
    return events


def outputs() -> shard_module.Outputs:
    return shard_module.Outputs(Topic(), Topic("news.duplicates"), Topic("news.deadletter"),
                                Topic("news.events"))


def test_a_failed_send_keeps_its_story_and_the_ones_after_it_in_line(monkeypatch):
    sent = outputs()
    sent.articles.fail_at = 2
    events = run_shard(monkeypatch, sent, 3)
    assert sent.articles.keys == [f"story-{n}".encode() for n in range(3)]
    assert all(event.acked for event in events)


def test_each_story_s_event_record_is_keyed_by_its_event_and_a_copy_follows_its_original(
    monkeypatch,
):
    sent = outputs()
    run_shard(monkeypatch, sent, 4)
    records = [orjson.loads(value) for _, value in sent.events.sent]
    assert [r["decision"]["story"] for r in records] == [f"story-{n}" for n in range(4)]
    assert sent.events.keys == [r["id"].encode() for r in records]
    quake, library, toll, copy = records
    assert toll["id"] == copy["id"] == quake["id"] != library["id"]
    assert copy["decision"]["follows"] == "story-0" and copy["size"] == 3


def test_a_story_whose_event_record_failed_to_go_is_sent_again_not_assigned_again(monkeypatch):
    sent = outputs()
    sent.events.fail_at = 3  # the toll's record: its story is decided again on the next tick
    run_shard(monkeypatch, sent, 3)
    records = [orjson.loads(value) for _, value in sent.events.sent]
    assert [(r["decision"]["story"], r["size"]) for r in records] == [
        ("story-0", 1), ("story-1", 1), ("story-2", 2)]


def test_caught_up_markers_release_a_held_story_and_are_acknowledged_in_order(monkeypatch):
    markers = {b"caught-up 0": CaughtUp(0), b"caught-up 1": CaughtUp(1)}

    def decode_on_partition_0(value: bytes):
        if value in markers:
            return markers[value]
        candidate, story, article = decode(value)
        return dataclasses.replace(candidate, source_partition=0), story, article

    monkeypatch.setattr(shard_module, "decode_record", decode_on_partition_0)
    sent = outputs()
    shard = shard_of(sent, HoldBack(2, 60_000))
    story, other_idle, own_idle = Event(0), Event(1), Event(2)
    other_idle.message.value, own_idle.message.value = b"caught-up 1", b"caught-up 0"

    async def run() -> None:
        await shard.receive(story)
        await shard.receive(other_idle)
        assert sent.articles.sent == [] and not other_idle.acked  # the story is still held
        await shard.receive(own_idle)

    asyncio.run(run())
    assert sent.articles.keys == [b"story-0"]
    assert len(sent.events.sent) == 1 and sent.duplicates.sent == sent.deadletter.sent == []
    assert story.acked and other_idle.acked and own_idle.acked
