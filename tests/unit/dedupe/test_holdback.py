"""The dedup shard's hold-back: candidates decided in time order, none held past the delay."""

from dataclasses import dataclass

import pytest

from pipeline.dedupe.holdback import AckOrder, HoldBack

pytestmark = pytest.mark.unit

DELAY = 2_000


@dataclass(frozen=True)
class Story:
    id: str
    ingest_ms: int


def ids(released) -> list[str]:
    return [release.item.id for release in released]


def test_a_story_waits_until_every_partition_has_passed_its_time():
    hold = HoldBack(partitions=2, delay_ms=DELAY)
    hold.add(Story("copy", 200), partition=0, now_ms=0)
    hold.add(Story("p0-next", 300), partition=0, now_ms=1)
    assert ids(hold.ready(now_ms=2)) == []
    hold.add(Story("original", 100), partition=1, now_ms=3)
    hold.add(Story("p1-next", 250), partition=1, now_ms=4)
    assert ids(hold.ready(now_ms=5)) == ["original", "copy"]


def test_released_in_time_then_id_order_whatever_the_arrival():
    hold = HoldBack(partitions=1, delay_ms=DELAY)
    for story in (Story("b", 10), Story("c", 5), Story("a", 10), Story("tick", 11)):
        hold.add(story, partition=0, now_ms=0)
    assert ids(hold.ready(now_ms=1)) == ["c", "a", "b"]


def test_a_story_of_the_watermarks_own_millisecond_waits():
    hold = HoldBack(partitions=2, delay_ms=DELAY)
    hold.add(Story("b", 100), partition=0, now_ms=0)
    hold.add(Story("x", 100), partition=1, now_ms=0)
    # A story "a" of millisecond 100 may still come from either partition.
    assert ids(hold.ready(now_ms=1)) == []


def test_an_idle_partition_holds_a_story_for_the_delay_only():
    hold = HoldBack(partitions=8, delay_ms=DELAY)
    hold.add(Story("only", 100), partition=3, now_ms=1_000)
    assert ids(hold.ready(now_ms=2_999)) == []
    [release] = hold.ready(now_ms=3_000)
    assert (release.item.id, release.held_ms) == ("only", 2_000)


def test_a_story_past_its_delay_takes_the_earlier_ones_with_it():
    hold = HoldBack(partitions=2, delay_ms=DELAY)
    hold.add(Story("copy", 200), partition=0, now_ms=0)
    hold.add(Story("original", 100), partition=0, now_ms=1_500)
    assert ids(hold.ready(now_ms=2_000)) == ["original", "copy"]


def test_a_later_story_is_not_released_by_an_earlier_ones_delay():
    hold = HoldBack(partitions=2, delay_ms=DELAY)
    hold.add(Story("early", 100), partition=0, now_ms=0)
    hold.add(Story("late", 200), partition=0, now_ms=1_500)
    assert ids(hold.ready(now_ms=2_000)) == ["early"]
    assert len(hold) == 1


def test_a_story_is_released_once_every_partition_is_caught_up():
    hold = HoldBack(partitions=4, delay_ms=DELAY)
    hold.add(Story("p0-only", 100), partition=0, now_ms=0)
    for partition in (0, 1, 2):
        hold.caught_up(partition)
    assert ids(hold.ready(now_ms=1)) == []  # partition 3 is neither seen nor caught up
    hold.caught_up(3)
    assert ids(hold.ready(now_ms=2)) == ["p0-only"]


def test_caught_up_partitions_release_in_time_then_id_order():
    hold = HoldBack(partitions=2, delay_ms=DELAY)
    hold.add(Story("copy", 200), partition=0, now_ms=0)
    hold.caught_up(0)
    hold.add(Story("original", 100), partition=1, now_ms=1)
    assert ids(hold.ready(now_ms=2)) == []
    hold.caught_up(1)
    assert ids(hold.ready(now_ms=3)) == ["original", "copy"]


def test_a_caught_up_partition_is_left_out_of_the_watermark():
    hold = HoldBack(partitions=3, delay_ms=DELAY)
    hold.add(Story("p0-early", 100), partition=0, now_ms=0)
    hold.add(Story("p0-later", 200), partition=0, now_ms=0)
    hold.add(Story("p1", 150), partition=1, now_ms=0)
    hold.caught_up(2)
    assert ids(hold.ready(now_ms=1)) == ["p0-early"]


def test_a_candidate_of_a_caught_up_partition_makes_it_hold_again():
    hold = HoldBack(partitions=2, delay_ms=DELAY)
    hold.caught_up(0)
    hold.add(Story("x", 100), partition=1, now_ms=0)
    hold.add(Story("y", 200), partition=1, now_ms=0)
    assert ids(hold.ready(now_ms=1)) == ["x"]
    hold.add(Story("z", 150), partition=0, now_ms=2)
    hold.add(Story("w", 400), partition=1, now_ms=3)
    assert ids(hold.ready(now_ms=4)) == []  # partition 0 is back at 150
    hold.add(Story("v", 500), partition=0, now_ms=5)
    assert ids(hold.ready(now_ms=6)) == ["z", "y"]


def test_a_zero_delay_releases_at_once():
    hold = HoldBack(partitions=8, delay_ms=0)
    hold.add(Story("now", 100), partition=0, now_ms=5)
    assert ids(hold.ready(now_ms=5)) == ["now"]


def test_a_story_of_unknown_partition_moves_no_watermark():
    hold = HoldBack(partitions=1, delay_ms=DELAY)
    hold.add(Story("unknown", 300), partition=None, now_ms=0)
    hold.add(Story("known", 100), partition=0, now_ms=0)
    assert hold.watermark == 100
    assert ids(hold.ready(now_ms=1)) == []


def test_a_redelivered_story_keeps_its_arrival_order():
    hold = HoldBack(partitions=1, delay_ms=0)
    first, again = Story("same", 100), Story("same", 100)
    hold.add(first, partition=0, now_ms=0)
    hold.add(again, partition=0, now_ms=0)
    assert [release.item is first for release in hold.ready(now_ms=0)] == [True, False]


def test_drain_releases_everything_in_order():
    hold = HoldBack(partitions=8, delay_ms=DELAY)
    hold.add(Story("b", 200), partition=0, now_ms=0)
    hold.add(Story("a", 100), partition=1, now_ms=0)
    assert ids(hold.drain(now_ms=1)) == ["a", "b"]
    assert len(hold) == 0 and hold.ready(now_ms=10_000) == []


def test_records_are_acknowledged_in_arrival_order():
    acks = AckOrder()
    first, second, third = acks.arrive("r0"), acks.arrive("r1"), acks.arrive("r2")
    assert acks.finish(second) == []
    assert acks.finish(third) == []
    assert acks.finish(first) == ["r0", "r1", "r2"]
    assert len(acks) == 0
