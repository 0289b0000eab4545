"""Caught-up markers for the raw partitions that deliver nothing after an assignment: one
per partition and assignment, and only once every record it has was analysed."""

import asyncio

import pytest
from faust.types import TP

from agents.quiet_partitions import QuietPartitions, at_rest, mark_quiet

pytestmark = pytest.mark.unit

RAW = "news.raw"


class Consumer:
    """What the task reads of Faust's consumer: offsets per raw partition."""

    def __init__(self, positions: dict[int, int], highwaters: dict[int, int | None]) -> None:
        self.positions = {TP(RAW, p): offset for p, offset in positions.items()}
        self.highwaters = {TP(RAW, p): offset for p, offset in highwaters.items()}

    def assignment(self) -> set[TP]:
        return set(self.positions) | {TP("khabar-analysed", 0)}

    def highwater(self, tp: TP) -> int | None:
        return self.highwaters[tp]

    async def position(self, tp: TP) -> int:
        return self.positions[tp]


def marks(consumer: Consumer, quiet: QuietPartitions, committed: dict[int, int]) -> list[int]:
    """The partitions one look of the task marks."""
    marked: list[int] = []

    async def analysed_offsets(tps: list[TP]) -> dict[TP, int]:
        return {tp: committed[tp.partition] for tp in tps}

    async def mark(partition: int) -> None:
        marked.append(partition)

    asyncio.run(mark_quiet(consumer, RAW, quiet, analysed_offsets, mark))
    return marked


def quiet_of(*partitions: int) -> QuietPartitions:
    quiet = QuietPartitions()
    quiet.assigned(partitions)
    return quiet


@pytest.mark.parametrize(
    ("position", "highwater", "analysed", "expected"),
    [
        (12, 12, 12, True),  # read to its end, all of it analysed
        (0, 0, 0, True),  # an empty partition of a new group
        (12, 15, 12, False),  # three records to read, or fetched and not yet taken by Faust
        (15, 15, 12, False),  # three records taken by Faust, waiting for the analyse agent
        (12, None, 12, False),  # no fetch of this assignment yet
    ],
)
def test_a_partition_is_at_rest_only_when_every_record_it_has_was_analysed(
    position, highwater, analysed, expected
):
    assert at_rest(position, highwater, analysed) is expected


def test_every_idle_partition_at_its_end_is_marked_once_per_assignment():
    consumer = Consumer({0: 4, 1: 0, 2: 9}, {0: 4, 1: 0, 2: 9})
    quiet = quiet_of(0, 1, 2)
    assert marks(consumer, quiet, {0: 4, 1: 0, 2: 9}) == [0, 1, 2]
    assert marks(consumer, quiet, {0: 4, 1: 0, 2: 9}) == []
    quiet.assigned([0, 1, 2])  # a rebalance: the dedup shard may be a new one
    assert marks(consumer, quiet, {0: 4, 1: 0, 2: 9}) == [0, 1, 2]


def test_a_partition_whose_fetched_records_wait_for_the_analyse_agent_is_not_marked():
    consumer = Consumer({0: 7, 1: 3}, {0: 7, 1: 3})
    quiet = quiet_of(0, 1)
    assert marks(consumer, quiet, {0: 5, 1: 3}) == [1]
    assert quiet.owed == {0}


def test_a_partition_that_delivered_a_record_is_left_to_the_analyse_agent():
    consumer = Consumer({0: 7, 1: 3}, {0: 7, 1: 3})
    quiet = quiet_of(0, 1)
    quiet.settled(0)  # a record of partition 0 reached the agent: it marks after the last
    assert marks(consumer, quiet, {0: 7, 1: 3}) == [1]


def test_partitions_not_fetched_yet_or_not_at_their_end_are_looked_at_again_later():
    consumer = Consumer({0: 0, 1: 2}, {0: None, 1: 8})
    quiet = quiet_of(0, 1)
    assert marks(consumer, quiet, {0: 0, 1: 2}) == []
    assert quiet.owed == {0, 1}
    consumer.highwaters[TP(RAW, 0)] = 0
    assert marks(consumer, quiet, {0: 0, 1: 2}) == [0]
