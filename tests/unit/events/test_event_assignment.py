"""How a story is assigned to an event: one behaviour a test (issue 20)."""

import pytest

from pipeline.events import EventIndex, EventSettings
from pipeline.events.scoring import tehran_day
from tests.unit.events.event_stories import (
    DAY_MS,
    HOUR_MS,
    LIBRARY,
    QUAKE,
    QUAKE_TOLL,
    ROUNDUP,
    T0,
    gold,
    signals,
)

pytestmark = pytest.mark.unit


def test_a_story_sharing_rare_names_and_words_joins_the_earlier_story_s_event():
    index = EventIndex({})
    first = index.assign("q-1", T0, QUAKE, "irna")
    index.assign("l-1", T0 + HOUR_MS, LIBRARY, "isna")
    toll = index.assign("q-2", T0 + 5 * HOUR_MS, QUAKE_TOLL, "mehr")
    assert toll.event_id == first.event_id and not toll.new
    assert toll.decision["via"] == "q-1"


def test_a_story_with_nothing_in_common_starts_an_event():
    index = EventIndex({})
    quake = index.assign("q-1", T0, QUAKE)
    library = index.assign("l-1", T0 + HOUR_MS, LIBRARY)
    assert library.new and library.event_id != quake.event_id
    assert library.decision == {"story": "l-1", "joined": False, "roundup": False}


def test_the_decision_says_which_signals_matched_with_their_scores():
    index = EventIndex({})
    index.assign("q-1", T0, QUAKE)
    signals_ = {s["signal"]: s for s in index.assign("q-2", T0 + HOUR_MS, QUAKE_TOLL).decision["signals"]}
    assert set(signals_) == {"entities", "keywords", "words", "places", "dates", "gap"}
    assert "سی‌سخت" in signals_["entities"]["matched"]
    assert signals_["entities"]["score"] > 0 and signals_["places"]["score"] == 1.0


def test_a_story_after_the_window_starts_a_new_event_and_the_old_one_is_forgotten():
    store: dict[str, bytes] = {}
    index = EventIndex(store, EventSettings(window_days=3))
    first = index.assign("q-1", T0, QUAKE)
    later = index.assign("q-2", T0 + 3 * DAY_MS + HOUR_MS, QUAKE_TOLL)
    assert later.new and later.event_id != first.event_id
    assert len(index) == 1 and len([k for k in store if k != "#"]) == 1


def test_a_follow_up_the_next_day_joins_within_the_window():
    index = EventIndex({})
    first = index.assign("q-1", T0, QUAKE)
    assert index.assign("q-2", T0 + DAY_MS, QUAKE_TOLL).event_id == first.event_id


def test_another_day_of_a_recurring_series_is_another_event():
    index = EventIndex({})
    monday = index.assign("g-1", T0, gold(18, "۵۸", "افزایش قیمت در آغاز هفته"))
    tuesday = index.assign("g-2", T0 + DAY_MS, gold(19, "۵۹", "سکه گران‌تر شد"))
    assert tuesday.new and tuesday.decision["refused_series"] == [monday.event_id]


def test_a_roundup_gathers_no_story():
    index = EventIndex({})
    roundup = index.assign("r-1", T0, ROUNDUP)
    quake = index.assign("q-1", T0 + HOUR_MS, QUAKE)
    assert roundup.decision["roundup"] and quake.new


def test_a_roundup_title_is_recognised():
    assert ROUNDUP.roundup and not QUAKE.roundup


def test_a_name_in_every_story_does_not_join_stories():
    index = EventIndex({})
    for n in range(12):  # «ایران» in every story of the window: it says nothing
        index.assign(f"x-{n}", T0 + n * 60_000, signals(
            f"خبر شماره {n} درباره موضوع {n}", f"متن کوتاه {n}", ["LOC:ایران", f"PER:فرد {n}"]))
    minister = signals("سفر وزیر خارجه به پکن", "وزیر خارجه ایران امروز وارد پکن شد.",
                       ["LOC:ایران", "LOC:پکن"])
    assert index.assign("m-1", T0 + HOUR_MS, minister).new


def test_an_archived_summer_story_has_its_day_on_tehran_s_summer_time():
    # 2020-06-15 19:45 UTC: 00:15 of the 16th in Tehran, on UTC+4:30 until 2022.
    assert tehran_day(1_592_250_300_000) == "2020-06-16"
