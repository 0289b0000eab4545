"""The event index's state: one record a decision in the caller's store, memory derived
from it, redeliveries answered as first decided (issue 20)."""

from collections import UserDict

import orjson
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from pipeline.events import EventIndex
from pipeline.events.tracker import story_time_ms
from pipeline.models import Article, to_json
from tests.conftest import REPO
from tests.unit.events.event_stories import (
    DAY_MS,
    FIRE,
    FIRE_OUT,
    FIRE_REACTION,
    HOUR_MS,
    LIBRARY,
    QUAKE,
    QUAKE_TOLL,
    T0,
)

pytestmark = pytest.mark.unit

STREAM = [("q-1", QUAKE, "irna"), ("l-1", LIBRARY, "isna"), ("q-2", QUAKE_TOLL, "mehr")]


def test_each_decision_writes_one_record():
    store: dict[str, bytes] = {}
    index = EventIndex(store)
    for n, (story_id, signals, agency) in enumerate(STREAM):
        index.assign(story_id, T0 + n * HOUR_MS, signals, agency)
        assert len(store) == n + 2  # the layout key, and one record a decision


def test_an_index_restarted_on_the_store_decides_as_one_that_never_stopped():
    store: dict[str, bytes] = {}
    EventIndex(store).assign("q-1", T0, QUAKE, "irna")
    restarted = EventIndex(store)
    assert restarted.assign("q-2", T0 + HOUR_MS, QUAKE_TOLL).event_id == \
        EventIndex({}).assign("q-1", T0, QUAKE).event_id


def test_a_store_refilled_under_the_index_is_read_again():
    store: dict[str, bytes] = {}
    index = EventIndex(store)
    index.assign("q-1", T0, QUAKE)
    elsewhere = EventIndex(dict(store))
    elsewhere.assign("l-1", T0 + HOUR_MS, LIBRARY)
    store.update(elsewhere.store)  # as a changelog recovery would
    assert index.assign("l-1", T0 + HOUR_MS, LIBRARY).repeated


class Table(UserDict):
    """A Faust table: empty and unreadable until its recovery restores the changelog."""

    def __init__(self) -> None:
        super().__init__()
        self.recovered = False

    def __getitem__(self, key: str) -> bytes:
        assert self.recovered, "read before its recovery"
        return super().__getitem__(key)

    def __iter__(self):
        assert self.recovered, "read before its recovery"
        return super().__iter__()

    def recover(self, changelog: dict[str, bytes]) -> None:
        self.data.update(changelog)
        self.recovered = True


def test_an_index_reads_its_store_at_its_first_decision_not_before():
    changelog: dict[str, bytes] = {}
    first = EventIndex(changelog).assign("q-1", T0, QUAKE)
    table = Table()
    index = EventIndex(table)  # the worker makes it at import, before the table's recovery
    table.recover(changelog)
    assert index.assign("q-2", T0 + HOUR_MS, QUAKE_TOLL).event_id == first.event_id


def test_a_redelivered_story_gets_its_decision_again_and_writes_nothing():
    store: dict[str, bytes] = {}
    index = EventIndex(store)
    index.assign("q-1", T0, QUAKE)
    first = index.assign("q-2", T0 + HOUR_MS, QUAKE_TOLL)
    before = dict(store)
    again = index.assign("q-2", T0 + HOUR_MS, QUAKE_TOLL)
    assert again.repeated and (again.event_id, again.decision) == (first.event_id, first.decision)
    assert store == before


def test_a_republication_follows_its_original_with_its_agency():
    index = EventIndex({})
    original = index.assign("q-1", T0, QUAKE, "irna")
    copy = index.follow("q-1-copy", "q-1", T0 + HOUR_MS, "tasnim")
    assert copy.event_id == original.event_id and copy.decision["follows"] == "q-1"
    assert copy.record.stories == [
        {"id": "q-1", "agency": "irna", "at": "2026-03-10T05:30:00+00:00"},
        {"id": "q-1-copy", "agency": "tasnim", "at": "2026-03-10T06:30:00+00:00"}]


def test_a_republication_of_a_story_not_held_goes_nowhere():
    assert EventIndex({}).follow("c-1", "unknown", T0) is None


def test_the_event_record_sums_up_its_stories():
    index = EventIndex({})
    index.assign("q-1", T0, QUAKE, "irna", "زلزله ۵.۶ ریشتری سی‌سخت را لرزاند")
    record = index.assign("q-2", T0 + HOUR_MS, QUAKE_TOLL, "mehr",
                          "شمار مصدومان زلزله سی‌سخت به ۴۲ نفر رسید").record
    assert (record.size, record.revision) == (2, 2)
    assert record.label == "زلزله ۵.۶ ریشتری سی‌سخت را لرزاند"  # ties go to the earliest
    assert record.places[0] in {"سی‌سخت", "کهگیلویه و بویراحمد"}
    assert record.first_at == "2026-03-10T05:30:00+00:00" and record.latest_at.startswith("2026-03-10T06:30")


def _validate(record: object) -> None:
    schemas = [orjson.loads(p.read_bytes()) for p in (REPO / "docs/schema").glob("*.schema.json")]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    schema = orjson.loads((REPO / "docs/schema/event.schema.json").read_bytes())
    Draft202012Validator(schema, registry=registry).validate(orjson.loads(to_json(record)))


def test_the_event_record_validates_against_its_schema():
    index = EventIndex({})
    index.assign("q-1", T0, QUAKE, "irna", "زلزله سی‌سخت")
    _validate(index.assign("q-2", T0 + HOUR_MS, QUAKE_TOLL).record)
    _validate(index.follow("q-3", "q-1", T0 + HOUR_MS).record)


def test_the_record_of_a_story_matched_against_the_event_as_a_whole_validates():
    index = EventIndex({})
    index.assign("f-1", T0, FIRE)
    index.assign("f-2", T0 + 5 * HOUR_MS, FIRE_OUT)
    reaction = index.assign("f-3", T0 + DAY_MS, FIRE_REACTION)
    assert reaction.record.schema_version == "1.2"
    _validate(reaction.record)


def test_a_date_far_past_its_arrival_counts_from_its_arrival():
    arrived = 1_790_000_000_000
    article = Article(id="x", text="خبر", published_at="9999-01-01T00:00:00+00:00")
    assert story_time_ms(article, arrived) == arrived + 24 * 3600 * 1000
