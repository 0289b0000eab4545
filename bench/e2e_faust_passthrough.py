"""Baseline: a Faust agent that forwards each raw record unchanged.

    KHABAR_BOOTSTRAP=... .venv/bin/python -m bench.e2e_faust_passthrough worker

Same Faust version, settings and environment variables as Khabar's worker (raw topic
in, ``KHABAR_TOPIC_ARTICLES`` out), no NLP: what Faust and Kafka alone cost per story.
"""

from __future__ import annotations

import faust

from agents.settings import Settings

settings = Settings.from_env()

app = faust.App(
    settings.app_id,
    broker=f"kafka://{settings.bootstrap}",
    store="memory://",
    datadir=settings.data_dir,
    processing_guarantee=settings.processing_guarantee,
    web_bind=settings.web_host,
    web_host=settings.web_host,
    web_port=settings.web_port,
    producer_max_request_size=8 * 1024 * 1024,
    autodiscover=False,
)

_raw = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}
source = app.topic(settings.topics.raw, **_raw)
sink = app.topic(settings.topics.articles, **_raw)


@app.agent(source)
async def passthrough(stream: faust.StreamT) -> None:
    """Every record, key and value as they came, to the sink topic."""
    async for event in stream.events():
        await sink.send(key=event.message.key, value=event.message.value)


if __name__ == "__main__":
    app.main()
