"""``khabar topics`` (which a starting worker runs too) makes the events topic and the
worker's internal topics as well, so that its consumer group never forms before every
broker knows them."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from agents.kafka_io import topic_partitions
from agents.settings import Settings
from tests.integration.harness import isolated_env, run_cli

pytestmark = pytest.mark.integration


@pytest.fixture
def settings(kafka_bootstrap, tmp_path, monkeypatch) -> Settings:
    """The settings of a test's own app, after ``khabar topics`` ran with them."""
    env = isolated_env(kafka_bootstrap, tmp_path)
    run_cli(env, "topics")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()


async def _cleanup_policy(bootstrap: str, topic: str) -> str:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        (response,) = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, topic, {"cleanup.policy": None})]
        )
        (resource,) = response.to_object()["resources"]
        return {entry["config_names"]: entry["config_value"] for entry in resource["config_entries"]}[
            "cleanup.policy"
        ]
    finally:
        await admin.close()


def test_khabar_topics_makes_the_internal_topic_and_the_index_changelogs(settings):
    internal = [settings.analysed_topic, settings.dedup_changelog_topic,
                settings.events_changelog_topic]
    partitions = asyncio.run(topic_partitions(settings.bootstrap, internal))
    assert Counter(tp.topic for tp in partitions) == {name: 1 for name in internal}


def test_khabar_topics_makes_the_events_topic_with_the_output_partitions(settings):
    partitions = asyncio.run(topic_partitions(settings.bootstrap, [settings.topics.events]))
    assert len(partitions) == settings.output_partitions


@pytest.mark.parametrize("changelog", ["dedup_changelog_topic", "events_changelog_topic"])
def test_the_index_changelogs_are_compacted_as_faust_makes_them(settings, changelog):
    policy = asyncio.run(_cleanup_policy(settings.bootstrap, getattr(settings, changelog)))
    assert policy == "compact"
