"""Deciding in time order although copies arrive out of order (a watermark hold-back).

The dedup shard reads one partition fed from every raw partition. A copy on a raw
partition that is read early can reach the shard before its original on a partition
read later; judged at once, it is published as an article and corrected into a
duplicate when the original comes. :class:`HoldBack` keeps candidates until every raw
partition has gone past their timestamp (then nothing earlier can still come from
it, as long as each partition's timestamps grow) or a delay has passed (a lagging
partition), and releases them in (ingest ms, id) order. A partition whose reader has
said it is caught up (it had nothing more to deliver) is idle: it holds no one back
until a candidate of it comes again, as Flink's idle sources and Beam's watermark holds.

:class:`AckOrder` is its companion on a Kafka log: a committed offset covers every
record before it, so a record may be acknowledged only once every record that
arrived before it is done too, held ones included.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar


class Stamped(Protocol):
    """What the hold-back orders by: a :class:`pipeline.process.Candidate` is one."""

    @property
    def id(self) -> str: ...

    @property
    def ingest_ms(self) -> int: ...


S = TypeVar("S", bound=Stamped)
E = TypeVar("E")


@dataclass(order=True, slots=True)
class _Entry(Generic[S]):
    ingest_ms: int
    id: str
    arrival: int  # ties of one (ingest ms, id), a redelivered story: first come first
    held_since_ms: int = field(compare=False)
    item: S = field(compare=False)
    released: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class Released(Generic[S]):
    item: S
    held_ms: int  # the latency the hold-back added


class HoldBack(Generic[S]):
    """Candidates held until the watermark passes them or ``delay_ms`` has gone by.

    The watermark is the oldest of the newest timestamps of the ``partitions`` raw
    partitions, idle ones left out; until every one of them has been seen or marked
    idle it is undefined and only the delay releases, and when all are idle it holds
    nothing. ``delay_ms`` of 0 or less releases every candidate at once.
    Times (``now_ms``) are the caller's clock, monotonic; ``ingest_ms`` is the
    stories' own time.
    """

    def __init__(self, partitions: int, delay_ms: int) -> None:
        self.partitions = partitions
        self.delay_ms = delay_ms
        self._heap: list[_Entry[S]] = []  # by (ingest ms, id): the release order
        self._arrived: deque[_Entry[S]] = deque()  # by arrival: the order delays expire
        self._newest: dict[int, int] = {}  # raw partition -> newest ingest ms seen
        self._idle: set[int] = set()  # raw partitions caught up since their last candidate
        self._arrivals = 0

    def __len__(self) -> int:
        return len(self._heap)

    @property
    def watermark(self) -> float | None:
        """None while a partition is neither seen nor idle; infinite when all are idle."""
        if len(self._newest.keys() | self._idle) < self.partitions:
            return None
        return min((ms for p, ms in self._newest.items() if p not in self._idle),
                   default=math.inf)

    def add(self, item: S, partition: int | None, now_ms: int) -> None:
        """Hold ``item``; ``partition`` is its raw partition (None: unknown, it moves no
        watermark)."""
        if partition is not None:
            self._newest[partition] = max(self._newest.get(partition, item.ingest_ms),
                                          item.ingest_ms)
            self._idle.discard(partition)
        self._arrivals += 1
        entry = _Entry(item.ingest_ms, item.id, self._arrivals, now_ms, item)
        heapq.heappush(self._heap, entry)
        self._arrived.append(entry)

    def caught_up(self, partition: int) -> None:
        """``partition`` had nothing more to deliver after its last candidate: it is idle
        until its next one. Call :meth:`ready` after it."""
        self._idle.add(partition)

    def ready(self, now_ms: int) -> list[Released[S]]:
        """The candidates to decide now, in (ingest ms, id) order.

        Those below the watermark (strictly: a story of the watermark's own
        millisecond may still come) and those held ``delay_ms`` or longer, with every
        candidate ordered before them: order is kept, and no one waits past the delay.
        """
        due: _Entry[S] | None = None  # the last in release order whose delay is over
        while self._arrived and (
            self._arrived[0].released or now_ms - self._arrived[0].held_since_ms >= self.delay_ms
        ):
            expired = self._arrived.popleft()
            if not expired.released and (due is None or due < expired):
                due = expired
        watermark = self.watermark
        released = []
        while self._heap and (
            (watermark is not None and self._heap[0].ingest_ms < watermark)
            or (due is not None and self._heap[0] <= due)
        ):
            released.append(self._release(heapq.heappop(self._heap), now_ms))
        return released

    def drain(self, now_ms: int) -> list[Released[S]]:
        """Every held candidate, in order: the shard is handing its partition over."""
        self._arrived.clear()
        released = []
        while self._heap:
            released.append(self._release(heapq.heappop(self._heap), now_ms))
        return released

    @staticmethod
    def _release(entry: _Entry[S], now_ms: int) -> Released[S]:
        entry.released = True
        return Released(entry.item, now_ms - entry.held_since_ms)


class AckOrder(Generic[E]):
    """Records done out of their arrival order, acknowledged in it."""

    def __init__(self) -> None:
        self._waiting: deque[tuple[int, E]] = deque()
        self._done: set[int] = set()
        self._tickets = 0

    def __len__(self) -> int:
        return len(self._waiting)

    def arrive(self, record: E) -> int:
        """A ticket for ``record``, to hand to :meth:`finish` once it is done."""
        self._tickets += 1
        self._waiting.append((self._tickets, record))
        return self._tickets

    def finish(self, ticket: int) -> list[E]:
        """The records that may be acknowledged now, in arrival order."""
        self._done.add(ticket)
        ackable = []
        while self._waiting and self._waiting[0][0] in self._done:
            first, record = self._waiting.popleft()
            self._done.discard(first)
            ackable.append(record)
        return ackable
