"""The dedup shard's loop without a broker: what a failed send does to the stories after it."""

import asyncio
import types

import pytest

import agents.dedup_shard as shard_module
from pipeline.dedupe.holdback import HoldBack
from pipeline.process import Candidate, Decision

pytestmark = pytest.mark.unit


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
    """Counts what is sent; the send numbered ``fail_at`` fails once, as a broker away."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.fail_at: int | None = None

    async def send(self, key: bytes, value: bytes) -> None:
        if self.fail_at is not None and len(self.sent) + 1 == self.fail_at:
            self.fail_at = None
            raise ConnectionError("broker away")
        self.sent.append(key)

    def get_topic_name(self) -> str:
        return "news.articles"


class EveryStoryNew:
    def decide(self, candidate: Candidate) -> Decision:
        return Decision(publish_article=True)


def decode(value: bytes) -> tuple[Candidate, bytes]:
    number = int(value)
    return Candidate(id=f"story-{number}", ingest_ms=1_000 + number, fingerprint=None), b"{}"


def test_a_failed_send_keeps_its_story_and_the_ones_after_it_in_line(monkeypatch):
    monkeypatch.setattr(shard_module, "decode_candidate", decode)
    articles = Topic()
    app = types.SimpleNamespace(rebalancing=False, should_stop=False, producer=None)
    shard = shard_module.DedupShard(app, EveryStoryNew(), HoldBack(1, 0),
                                    shard_module.Outputs(articles, Topic(), Topic()))
    events = [Event(number) for number in range(5)]
    articles.fail_at = 2

    async def run() -> None:
        for event in events:
            await shard.receive(event)  # the second send fails: logged, not raised
        await shard.release()  # the next tick sends what was left in line

    asyncio.run(run())
    assert articles.sent == [f"story-{n}".encode() for n in range(5)]
    assert all(event.acked for event in events)
