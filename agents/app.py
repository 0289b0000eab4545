"""The Faust app: Khabar's topics, its dedup and event tables and its two agents.

    news.raw ──analyse──▶ khabar-analysed (1 partition) ──deduplicate──▶ news.articles
        │  (N partitions,                                          ├──▶ news.duplicates
        │   CPU-heavy NLP)                                         │   (notices, corrections)
        └──────────▶ news.deadletter                               ├──▶ news.articles (updates)
                                                                   └──▶ news.events

``analyse`` does all the language work and scales with the raw topic's partitions.
``deduplicate`` is one shard on purpose: every story meets every other there, the
decision is cheap (microseconds against milliseconds of NLP), and its index lives in
changelogged tables that a restarted or rebalanced worker recovers. It holds a story
back until every raw partition has passed its time or said it is caught up
(``KHABAR_DEDUP_HOLD_MS`` at most): the ``analyse`` agent says so after a partition's last
record, and a task for the partitions that delivered none since the worker got them
(``agents/quiet_partitions.py``). So copies are decided in time order; the shard
dead-letters what it cannot read or decide (``agents/dedup_shard.py``). Right after its
dedup decision a story is assigned to an event there, from signals the analyse agent
read, against an index in a table of its own.
"""

from __future__ import annotations

import asyncio
import logging

import faust
from aiokafka.errors import KafkaError

from agents import observability as metrics
from agents.codec import encode_candidate, encode_caught_up
from agents.dedup_shard import TICK_S, DedupShard, Outputs
from agents.kafka_io import MAX_MESSAGE_BYTES, position_of, topic_configs, topic_partitions
from agents.quiet_partitions import QuietPartitions, group_offsets, mark_quiet
from agents.settings import DEDUP_TABLE, EVENTS_TABLE, Settings
from agents.transport import Transport
from pipeline.dedupe.holdback import HoldBack
from pipeline.events import EventTracker
from pipeline.models import DeadLetter, to_json
from pipeline.process import Deduplicator
from pipeline.stages import Pipeline

log = logging.getLogger(__name__)
settings = Settings.from_env()

app = faust.App(
    settings.app_id,
    broker=f"kafka://{settings.bootstrap}",
    broker_credentials=settings.security.faust_credentials(),
    store=settings.store,
    datadir=settings.data_dir,
    processing_guarantee=settings.processing_guarantee,
    broker_session_timeout=settings.session_timeout_s,
    topic_replication_factor=settings.replication_factor,
    web_bind=settings.web_host,
    web_host=settings.web_host,
    web_port=settings.web_port,
    **metrics.faust_web_pages(settings.faust_web_pages),
    producer_max_request_size=MAX_MESSAGE_BYTES,
    # One producer writes the internal topic, the changelogs and the outputs: in zstd
    # batches of up to 5 ms (articles compress to about a quarter), the broker on the
    # same cores gets a request for several records instead of one each. A batch
    # holds up to 256 KiB before compression: some 20 articles, not one.
    producer_compression_type="zstd",
    producer_linger_ms=5,
    producer_max_batch_size=256 * 1024,
    logging_config=metrics.logging_config(settings.log_format),
    autodiscover=False,
)
# Before the first topic: the conductor takes the transport the first time it is read.
app.transport = Transport(app.conf.broker_consumer, app)


def _bytes_topic(name: str, **options) -> faust.TopicT:
    return app.topic(
        name,
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
        **options,
    )


raw_topic = _bytes_topic(settings.topics.raw)
articles_topic = _bytes_topic(settings.topics.articles)
duplicates_topic = _bytes_topic(settings.topics.duplicates)
deadletter_topic = _bytes_topic(settings.topics.deadletter)
events_topic = _bytes_topic(settings.topics.events)
analysed_topic = _bytes_topic(
    settings.analysed_topic, partitions=1, internal=True, config=topic_configs(settings)
)


def _index_table(name: str) -> faust.TableT:
    """A whole index: one changelogged table, co-partitioned with khabar-analysed."""
    return app.Table(
        name,
        partitions=1,
        key_type=str,
        value_type=bytes,
        extra_topic_configs={"min.insync.replicas": str(settings.min_insync_replicas)},
    )


dedup_table = _index_table(DEDUP_TABLE)
event_table = _index_table(EVENTS_TABLE)

pipeline = Pipeline(
    max_story_bytes=settings.max_story_bytes, time_budget_ms=settings.story_time_budget_ms
)
deduplicator = Deduplicator(
    dedup_table, settings.dedup(), publish_duplicates=settings.publish_duplicates
)
shard = DedupShard(
    app,
    deduplicator,
    EventTracker(event_table, settings.events()),
    HoldBack(settings.raw_partitions, settings.dedup_hold_ms),
    Outputs(articles_topic, duplicates_topic, deadletter_topic, events_topic),
    crash_after_decisions=settings.test_crash_after_decisions,
)
# The raw partitions of this worker's assignment that have delivered no record since it
# began and are not marked yet: ``mark_quiet_partitions`` marks them once at rest.
quiet = QuietPartitions()
# How often that task looks, while a partition is owed a marker.
QUIET_CHECK_S = 0.5

metrics.register_pages(app)

# A story up to this size (nearly all news) is analysed on the event loop, in a few
# milliseconds. Handing it to a thread made every socket write of the loop wait for
# the GIL behind the language work: 15% less throughput, measured. A bigger one goes
# to a thread, so that a slow story cannot hold up the group heartbeat, the web
# pages and the other partitions' fetches.
INLINE_STORY_BYTES = 64 * 1024


@app.agent(raw_topic)
async def analyse(stream: faust.StreamT) -> None:
    """Raw story → analysed article for the dedup shard, or a dead letter."""
    async for event in stream.events():
        message = event.message
        quiet.settled(message.partition)
        position = position_of(message)
        metrics.STORIES_IN.labels(message.topic).inc()
        if len(message.value) <= INLINE_STORY_BYTES:
            outcome = pipeline.analyse(message.value, position)
        else:
            outcome = await asyncio.to_thread(pipeline.analyse, message.value, position)
        if isinstance(outcome, DeadLetter):
            await deadletter_topic.send(key=message.key, value=to_json(outcome))
            metrics.dead_lettered("analyse", outcome, deadletter_topic.get_topic_name())
        else:
            metrics.observe_stages(outcome.article.processing.timings_ms)
            await analysed_topic.send(
                key=outcome.article.id.encode(), value=encode_candidate(outcome)
            )
        await _say_if_caught_up(message)


async def _say_if_caught_up(message: faust.types.Message) -> None:
    """After the last record its raw partition had (as of the latest fetch), a marker to
    the dedup shard, behind the candidate: its hold-back stops waiting for a partition
    with nothing more to deliver. At most one a record, and none while a backlog lasts."""
    consumer = app.consumer
    if message.tp not in consumer.assignment():  # revoked meanwhile: its new owner says it
        return
    highwater = consumer.highwater(message.tp)
    if highwater is not None and message.offset + 1 >= highwater:
        await _mark_caught_up(message.partition)


async def _mark_caught_up(partition: int) -> None:
    await analysed_topic.send(key=f"caught-up/{partition}".encode(),
                              value=encode_caught_up(partition))


@app.on_partitions_assigned.connect
async def _owe_markers(sender: faust.App, assigned: set[faust.types.TP], **_: object) -> None:
    quiet.assigned(tp.partition for tp in assigned if tp.topic == settings.topics.raw)


@app.task
async def mark_quiet_partitions() -> None:
    consumer = app.consumer

    async def analysed_offsets(tps: list[faust.types.TP]) -> dict[faust.types.TP, int]:
        return await group_offsets(settings, app.conf.id, consumer, tps)

    while True:
        await asyncio.sleep(QUIET_CHECK_S)
        if not quiet.owed or app.rebalancing:
            continue
        try:
            await mark_quiet(consumer, settings.topics.raw, quiet, analysed_offsets,
                             _mark_caught_up)
        except Exception:  # a marker missed costs latency only: looked at again next time
            log.exception("marking the idle raw partitions failed; tried again")


@app.agent(analysed_topic)
async def deduplicate(stream: faust.StreamT) -> None:
    """Decide each article against every story seen in the window, in time order; publish
    the verdict. The shard acknowledges each record itself, once its outputs are sent."""
    # The watermark waits for every raw partition: the topic's own count, not the
    # setting, which `khabar topics` uses only to create it.
    try:
        raw = await topic_partitions(settings.bootstrap, [settings.topics.raw], settings.security)
        shard.hold.partitions = len(raw)
    except KafkaError as error:
        log.warning("dedup shard: %s; the hold-back counts KHABAR_RAW_PARTITIONS=%d partitions",
                    error, settings.raw_partitions)
    async for event in stream.noack().events():
        await shard.receive(event)


@app.task
async def release_held_stories() -> None:
    # Not an app.timer: timers end when the worker starts stopping, and the stop waits
    # until every delivered record is acknowledged, held ones included.
    while True:
        await asyncio.sleep(TICK_S)
        try:
            await shard.release()
        except Exception:  # a failed send: its story stays first in line, sent next tick
            log.exception("dedup shard: publishing a decision failed; it is sent again")
