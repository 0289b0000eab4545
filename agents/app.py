"""The Faust app: Khabar's topics, its dedup tables and its two agents.

    news.raw ──analyse──▶ khabar-analysed (1 partition) ──deduplicate──▶ news.articles
        │  (N partitions,                                          ├──▶ news.duplicates
        │   CPU-heavy NLP)                                         │   (notices, corrections)
        └──────────▶ news.deadletter                               └──▶ news.articles (updates)

``analyse`` does all the language work and scales with the raw topic's partitions.
``deduplicate`` is one shard on purpose: every story meets every other there, the
decision is cheap (microseconds against milliseconds of NLP), and its index lives in
changelogged tables that a restarted or rebalanced worker recovers.
"""

from __future__ import annotations

import asyncio

import faust

from agents import observability as metrics
from agents.codec import decode_candidate, encode_candidate
from agents.kafka_io import MAX_MESSAGE_BYTES, topic_configs
from agents.settings import DEDUP_TABLE, Settings
from pipeline.models import DeadLetter, SourcePosition, to_json
from pipeline.process import Deduplicator
from pipeline.stages import Pipeline

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
    producer_max_request_size=MAX_MESSAGE_BYTES,
    logging_config=metrics.logging_config(settings.log_format),
    autodiscover=False,
)


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
analysed_topic = _bytes_topic(
    settings.analysed_topic, partitions=1, internal=True, config=topic_configs(settings)
)

# The whole dedup index: one changelogged table, co-partitioned with khabar-analysed.
dedup_table = app.Table(
    DEDUP_TABLE,
    partitions=1,
    key_type=str,
    value_type=bytes,
    extra_topic_configs={"min.insync.replicas": str(settings.min_insync_replicas)},
)

pipeline = Pipeline(
    max_story_bytes=settings.max_story_bytes, time_budget_ms=settings.story_time_budget_ms
)
deduplicator = Deduplicator(
    dedup_table, settings.dedup(), publish_duplicates=settings.publish_duplicates
)


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
        position = SourcePosition(
            message.topic, message.partition, message.offset, int(message.timestamp * 1000)
        )
        metrics.STORIES_IN.labels(message.topic).inc()
        if len(message.value) <= INLINE_STORY_BYTES:
            outcome = pipeline.analyse(message.value, position)
        else:
            outcome = await asyncio.to_thread(pipeline.analyse, message.value, position)
        if isinstance(outcome, DeadLetter):
            await deadletter_topic.send(key=message.key, value=to_json(outcome))
            metrics.DEAD_LETTERS.labels(outcome.reason).inc()
            metrics.RECORDS_OUT.labels(deadletter_topic.get_topic_name(), "deadletter").inc()
        else:
            metrics.observe_stages(outcome.article.processing.timings_ms)
            await analysed_topic.send(
                key=outcome.article.id.encode(), value=encode_candidate(outcome)
            )


@app.agent(analysed_topic)
async def deduplicate(stream: faust.StreamT) -> None:
    """Decide each article against every story seen in the window; publish the verdict."""
    async for value in stream:
        candidate, article_json = decode_candidate(value)
        decision = deduplicator.decide(candidate)
        key = candidate.id.encode()
        if decision.publish_article:
            await articles_topic.send(key=key, value=article_json)
            metrics.RECORDS_OUT.labels(articles_topic.get_topic_name(), "article").inc()
        for notice in decision.notices:
            await duplicates_topic.send(key=notice.id.encode(), value=to_json(notice))
            metrics.DUPLICATES.labels(notice.match, str(notice.correction).lower()).inc()
            metrics.RECORDS_OUT.labels(duplicates_topic.get_topic_name(), "duplicate").inc()
        for update in decision.updates:
            await articles_topic.send(key=update.id.encode(), value=to_json(update))
            metrics.RECORDS_OUT.labels(articles_topic.get_topic_name(), "article_update").inc()
        metrics.observe_lag(candidate.ingest_ms)
