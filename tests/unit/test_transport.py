"""The worker's Kafka consumer: a fetch of idle partitions is not held for Faust's 1.5 s."""

import asyncio

import faust
import pytest
from faust.transport.drivers import aiokafka as faust_aiokafka

from agents.transport import FETCH_MAX_WAIT_MS, Transport

pytestmark = pytest.mark.unit


async def _worker_consumer(transport_class: type[faust_aiokafka.Transport]):
    """The aiokafka consumer a worker would start (aiokafka builds it inside a loop)."""
    app = faust.App("khabar-unit-transport", broker="kafka://127.0.0.1:9", autodiscover=False)
    app.transport = transport_class(app.conf.broker_consumer, app)
    thread = app.consumer._new_consumer_thread()
    return thread._create_worker_consumer(app.transport)


def test_the_worker_consumer_lets_the_broker_hold_a_fetch_20_ms_instead_of_1500():
    # Faust's own value sits in the attribute the fetcher reads: the override lands there.
    faust_own = asyncio.run(_worker_consumer(faust_aiokafka.Transport))
    khabar = asyncio.run(_worker_consumer(Transport))
    assert faust_own._fetch_max_wait_ms == 1500
    assert khabar._fetch_max_wait_ms == FETCH_MAX_WAIT_MS == 20
