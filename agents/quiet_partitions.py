"""Caught-up markers for the raw partitions that deliver nothing after an assignment.

The analyse agent marks a raw partition after the last record it had. A partition that
gets no record after the worker starts, or after a rebalance hands it over, would never
be marked, and the dedup shard's hold-back would keep every story the whole
``KHABAR_DEDUP_HOLD_MS`` waiting for it. A task of the worker marks each such partition
once per assignment, as soon as it is at rest (:func:`at_rest`); a worker with nothing
to read sends no more markers than that.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping

from aiokafka import TopicPartition
from faust.types import TP, ConsumerT

from agents.kafka_io import committed_offsets
from agents.settings import Settings


class QuietPartitions:
    """The raw partitions of this worker's assignment that are still owed a marker."""

    def __init__(self) -> None:
        self._owed: set[int] = set()

    @property
    def owed(self) -> frozenset[int]:
        return frozenset(self._owed)

    def assigned(self, partitions: Iterable[int]) -> None:
        """A new assignment: each partition is owed a marker again, as the dedup shard
        (whose hold-back keeps idleness in memory) may have moved to a new worker too."""
        self._owed = set(partitions)

    def settled(self, partition: int) -> None:
        """No marker is owed for ``partition`` any more: it was marked, or a record of it
        reached the analyse agent, which marks after the last record itself."""
        self._owed.discard(partition)


def at_rest(position: int | None, highwater: int | None, analysed: int | None) -> bool:
    """Whether every record the raw partition has was analysed, its candidate sent ahead
    of a marker sent now: then a marker cannot release a story out of order.

    Each is the offset of a next record: ``position`` the consumer's (the next record it
    hands to Faust), ``highwater`` the log's end as of the consumer's last fetch,
    ``analysed`` the group's committed offset (the log's start before any commit).

    - position == highwater: nothing more to read, and nothing fetched waits in aiokafka's
      buffer (a fetch that brought records reported a highwater past them, and the
      position moves past a record only when Faust takes it);
    - position == analysed: nothing Faust took waits in the agent's stream buffer. Faust
      commits an offset only once the agent acknowledged every record before it, the
      agent acknowledges a record after sending its candidate (or dead letter), and
      Faust flushes the producer before it commits: those candidates are on the internal
      topic before the marker, whichever worker analysed them.
    """
    return position is not None and position == highwater == analysed


async def mark_quiet(
    consumer: ConsumerT,
    topic: str,
    quiet: QuietPartitions,
    analysed_offsets: Callable[[list[TP]], Awaitable[Mapping[TP, int]]],
    mark: Callable[[int], Awaitable[None]],
) -> None:
    """``mark`` each partition of ``topic`` still owed a marker that is at rest now."""
    assigned = consumer.assignment()
    # A highwater comes with the first fetch of an assignment: none yet, nothing to judge.
    fetched = [tp for p in sorted(quiet.owed)
               if (tp := TP(topic, p)) in assigned and consumer.highwater(tp) is not None]
    positions = {tp: await consumer.position(tp) for tp in fetched}
    at_end = [tp for tp, position in positions.items() if position == consumer.highwater(tp)]
    if not at_end:
        return
    analysed = await analysed_offsets(at_end)
    for tp in at_end:
        # Read again after the awaits: a record delivered meanwhile settles the partition
        # or moves its highwater, and a rebalance may have taken it away.
        if tp.partition in quiet.owed and tp in consumer.assignment() and at_rest(
            positions[tp], consumer.highwater(tp), analysed.get(tp)
        ):
            await mark(tp.partition)
            quiet.settled(tp.partition)


async def group_offsets(
    settings: Settings, group: str, consumer: ConsumerT, tps: list[TP]
) -> dict[TP, int]:
    """The group's committed offset of each partition; the log's start where it has none
    (its consumer then starts there: Faust's ``auto_offset_reset`` is ``earliest``)."""
    # Faust's TP and aiokafka's TopicPartition are equal tuples: each finds the other.
    committed = await committed_offsets(
        settings, group, [TopicPartition(tp.topic, tp.partition) for tp in tps]
    )
    offsets = {tp: committed[tp] for tp in tps}
    uncommitted = [tp for tp, offset in offsets.items() if offset < 0]
    if uncommitted:
        starts = await consumer.earliest_offsets(*uncommitted)
        offsets.update({tp: starts[tp] for tp in uncommitted})
    return offsets
