"""Faust's Kafka transport with a short fetch wait, so that one busy partition is not
starved by idle ones.

aiokafka keeps one fetch request in flight per broker. When the worker's fetch goes out
while the records of ``khabar-analysed`` already fetched are still waiting to be handed
to the stream, the request holds only the other partitions of that broker (raw
partitions, changelogs) and, if they are idle, the broker holds it until
``fetch_max_wait_ms`` has passed: Faust sets 1,500 ms and has no setting for it. The
dedup agent then runs out of records and waits up to a second every fetch (about 80
stories of the bench, `bench.dedup_shard`): nine seconds of stalls for 2,000 stories,
two thirds of the run. With :data:`FETCH_MAX_WAIT_MS` the next fetch follows within
that; an idle worker asks the broker that much more often.
"""

from __future__ import annotations

from typing import Any

import aiokafka
from faust.transport.drivers import aiokafka as faust_aiokafka

# How long the broker may hold a fetch for partitions without new records.
FETCH_MAX_WAIT_MS = 20


class _ConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> aiokafka.AIOKafkaConsumer:
        consumer = super()._create_worker_consumer(transport)
        # Read by the fetcher that start() creates; aiokafka has no setter after
        # construction, and Faust passes every other argument itself.
        consumer._fetch_max_wait_ms = FETCH_MAX_WAIT_MS
        return consumer


class _Consumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> _ConsumerThread:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class Transport(faust_aiokafka.Transport):
    """``kafka://`` as Faust's aiokafka driver, its worker consumer fetching as above."""

    Consumer = _Consumer
