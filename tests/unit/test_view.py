"""The live view's pure parts: the window, the figures, times and URLs, and the web app
fed by hand (no Kafka)."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import time

import orjson
import pytest
from aiohttp.test_utils import TestClient, TestServer

from agents.settings import Settings
from agents.view.follower import Follower, ViewSettings
from agents.view.server import FOLLOWER, HUB, WINDOW, make_app
from agents.view.store import (
    Events,
    Filter,
    Tally,
    Window,
    lead_spans,
    percentile,
    safe_url,
    tehran_when,
    when_of_iso,
)

pytestmark = pytest.mark.unit
HOSTILE = "<script>alert(1)</script>"
# The browser's ways of turning a string into markup or code.
HTML_SINKS = (r"innerHTML", r"outerHTML", r"insertAdjacentHTML", r"document\.write", r"\beval\(",
              r"new Function", r"DOMParser", r"createContextualFragment", r"srcdoc")


def article(story_id: str, text: str = "به گزارش ایرنا، علی رضایی در تبریز گفت.\nبند دوم.",
            agency: str = "irna", **fields) -> dict:
    lead = text.split("\n")[0]
    record = {
        "kind": "article", "schema_version": "3.0", "id": story_id, "title": f"عنوان {story_id}",
        "text": text, "lead": lead, "url": f"https://example.ir/{story_id}",
        "agency": {"code": agency, "name": "ایرنا", "found_in": "dateline"},
        "published_at": "2024-01-02T08:30:00+03:30",
        "entities": [
            {"type": "ORG", "canonical": "ایرنا", "mentions": [[9, 14]]},
            {"type": "PER", "canonical": "علی رضایی", "mentions": [[16, 25]]},
            {"type": "LOC", "canonical": "تبریز", "mentions": [[29, 34]]},
        ],
        "keywords": [{"term": "تبریز", "score": 0.5}],
    }
    record.update(fields)
    return record


def add(window: Window, record: dict, time_ms: int) -> str:
    return window.add_article(record, orjson.dumps(record), time_ms)


def notice(copy_id: str, original: str, **fields) -> dict:
    return {"kind": "duplicate", "id": copy_id, "duplicate_of": original, "similarity": 0.8,
            "match": "near", "agency": "mehr", "rule": "overlap", **fields}


def test_times_are_shown_in_tehran_as_jalali_dates_with_persian_digits():
    assert tehran_when(dt.datetime(2024, 1, 2, 5, 0, tzinfo=dt.UTC)) == {
        "iso": "2024-01-02T08:30:00+03:30", "jalali": "۱۴۰۲/۱۰/۱۲", "clock": "۰۸:۳۰",
    }
    assert when_of_iso("2024-01-02T08:30:00")["clock"] == "۰۸:۳۰"  # zone-less: Tehran's
    assert when_of_iso("not a date") is None and when_of_iso(None) is None


def test_only_http_urls_become_links():
    assert safe_url("https://www.irna.ir/news/1") == "https://www.irna.ir/news/1"
    assert safe_url("HTTP://x.ir") == "HTTP://x.ir"
    for hostile in ("javascript:alert(1)", " javascript:alert(1)", "data:text/html,x", "//x.ir", 3, None):
        assert safe_url(hostile) is None


def test_lead_spans_keep_only_mentions_that_are_offset_pairs_inside_the_lead():
    record = article("a")
    assert lead_spans(record) == [(9, 14, "ORG"), (16, 25, "PER"), (29, 34, "LOC")]
    record["entities"].append({"type": "PER", "canonical": "x", "mentions": [
        [3, 0],  # ends before it starts
        [9, "14"],  # not an integer
        [42, 45],  # past the lead
        [0, 3, 5],  # not a pair
        {"text": "ایرنا", "start": 9, "end": 14},  # schema 2.0's form
    ]})
    record["entities"].append({"type": "SCRIPT", "canonical": "x", "mentions": [[16, 19]]})
    assert lead_spans(record) == [(9, 14, "ORG"), (16, 25, "PER"), (29, 34, "LOC")]
    # Overlapping mentions: the first wins, so the page never nests marks.
    record["entities"].append({"type": "PER", "canonical": "علی", "mentions": [[16, 19]]})
    assert lead_spans(record) == [(9, 14, "ORG"), (16, 25, "PER"), (29, 34, "LOC")]


def test_the_window_is_bounded_by_count_and_by_bytes_dropping_the_oldest():
    window = Window(max_articles=3)
    for i in range(5):
        add(window, article(f"s{i}"), 1000 + i)
    assert list(window.articles) == ["s2", "s3", "s4"]
    window = Window(max_articles=100, max_bytes=6000)
    for i in range(10):
        add(window, article(f"s{i}", text="خبر " * 100), 1000 + i)
    assert window.bytes <= 6000 and 2 <= len(window.articles) < 10 and "s9" in window.articles
    add(window, article("huge", text="خبر " * 10_000), 2000)
    assert list(window.articles) == ["huge"]  # the newest stays, however large


def test_republications_show_under_their_article_whichever_comes_first():
    window = Window()
    window.add_duplicate(notice("copy-1", "orig", time_ms=0), 2000)  # before its article
    add(window, article("orig"), 1000)
    changed = window.add_update(
        {"kind": "article_update", "id": "orig", "revision": 2,
         "republished_by": [{"id": "copy-1", "url": "https://mehrnews.com/1"}, {"id": "copy-2", "agency": "isna"}]},
        3000,
    )
    assert changed == ["orig"]
    card = window.card("orig")
    reps = {rep["id"]: rep for rep in card["republications"]}
    assert reps["copy-1"]["similarity"] == 0.8 and reps["copy-1"]["rule"] == "overlap"
    assert reps["copy-1"]["url"] == "https://mehrnews.com/1" and reps["copy-2"]["agency"] == "isna"
    assert [rep["id"] for rep in card["republications"]] == ["copy-1", "copy-2"]  # by time
    # An older revision of the update adds nothing.
    assert window.add_update({"id": "orig", "revision": 1, "republished_by": [{"id": "copy-9"}]}, 4000) == []


def test_a_correction_moves_a_copy_and_an_article_found_to_be_a_copy_leaves_the_wire():
    window = Window()
    for story_id, at in (("a", 1000), ("b", 2000), ("c", 3000)):
        add(window, article(story_id), at)
    window.add_duplicate(notice("c", "a"), 4000)
    assert [rep["id"] for rep in window.card("a")["republications"]] == ["c"]
    assert window.card("c")["duplicate_of"] == "a"
    assert [card["id"] for card in window.search(Filter())] == ["b", "a"]
    changed = window.add_duplicate(notice("c", "b", correction=True), 5000)
    assert set(changed) == {"a", "b", "c"}
    assert window.card("a")["republications"] == []
    assert [rep["id"] for rep in window.card("b")["republications"]] == ["c"]


def test_a_redelivered_article_keeps_its_first_arrival_and_its_republications():
    window = Window()
    add(window, article("a"), 1000)
    window.add_duplicate(notice("x", "a"), 1500)
    add(window, article("a"), 9000)
    card = window.card("a")
    assert card["time_ms"] == 1000 and len(card["republications"]) == 1
    assert card["version"] == 3  # each change is a new version, for the page's merge


def test_search_by_agency_entity_keyword_and_time_newest_first():
    window = Window()
    add(window, article("a", agency="irna"), 1000)
    add(window, article("b", agency="isna", text="به گزارش ایسنا، بازار امروز شلوغ بود.", entities=[]),
        2000)
    add(window, article("c", agency="irna", title=HOSTILE), 3000)
    ids = lambda wanted: [card["id"] for card in window.search(wanted)]
    assert ids(Filter()) == ["c", "b", "a"]
    assert ids(Filter(agency="irna")) == ["c", "a"]
    assert ids(Filter(entity="رضایی")) == ["c", "a"]
    assert ids(Filter(text="بازار")) == ["b"]  # in the body, not the card
    assert ids(Filter(text="SCRIPT")) == ["c"]  # case-folded
    assert ids(Filter(since_ms=2000)) == ["c", "b"]
    assert window.card("c")["title"] == HOSTILE  # kept as it came: the page shows it as text


def test_the_most_republished_counts_copies_since_a_time():
    window = Window()
    add(window, article("a"), 1000)
    add(window, article("b"), 1000)
    for i, at in enumerate((1000, 5000, 6000)):
        window.add_duplicate(notice(f"a{i}", "a"), at)
    window.add_duplicate(notice("b0", "b"), 5000)
    assert [(x["id"], x["count"]) for x in window.most_republished(0)] == [("a", 3), ("b", 1)]
    assert [(x["id"], x["count"]) for x in window.most_republished(5500)] == [("a", 1)]


def test_the_tally_counts_agencies_copies_dead_letters_rate_and_lag():
    tally = Tally(minutes=3, rate_seconds=10)
    now = 600_000
    for i in range(10):
        record = article(f"a{i}", processing={"source": {"timestamp_ms": now - 1000 - i * 10 - 500}})
        tally.count(record, now - 1000 - i * 10)
    tally.count(notice("d", "a0"), now - 500)
    tally.count({"kind": "deadletter", "reason": "not_persian"}, now - 200)
    tally.count({}, now - 100)
    snap = tally.snapshot(now, {"irna": "ایرنا"})
    assert snap["kinds"] == {"article": 10, "duplicate": 1, "deadletter": 1, "unreadable": 1}
    agencies = {a["code"]: a for a in snap["agencies"]}
    assert agencies["irna"]["articles"] == 10 and agencies["irna"]["name"] == "ایرنا"
    assert agencies["mehr"]["copy_share"] == 1.0
    assert snap["dead_letters"] == {"not_persian": 1}
    assert snap["out_per_s"] == pytest.approx(1.3)  # 13 records in the last 10 whole seconds
    assert snap["lag_s"]["p50"] == pytest.approx(0.5) and snap["lag_s"]["count"] == 10
    assert [m["minute_ms"] for m in snap["minutes"]] == [480_000, 540_000, 600_000]
    assert snap["minutes"][1]["counts"] == {"irna": 10, "mehr": 1}
    later = tally.snapshot(now + 10 * 60_000, {})
    assert later["lag_s"]["count"] == 0 and all(not m["counts"] for m in later["minutes"])


def event(event_id: str, *stories: tuple[str, str, str], label: str = "آتش‌سوزی بازار اردبیل"
          ) -> dict:
    """An event record of ``stories`` (id, agency, Tehran time of day)."""
    return {"kind": "event", "schema_version": "1.1", "id": event_id, "label": label,
            "entities": ["یوسف قربانی"], "places": ["اردبیل"],
            "first_at": f"2024-01-02T{stories[0][2]}:00+03:30",
            "latest_at": f"2024-01-02T{stories[-1][2]}:00+03:30",
            "stories": [{"id": i, "agency": a, "at": f"2024-01-02T{t}:00+03:30"} for i, a, t in stories],
            "size": len(stories), "revision": len(stories), "decision": {"story": stories[-1][0]}}


def test_an_event_shows_its_latest_revision_its_outlets_and_each_story_s_time():
    events = Events(agency_names={"irna": "ایرنا", "isna": "ایسنا"})
    grown = event("ev-1", ("f-1", "irna", "08:10"), ("f-2", "isna", "09:40"), ("f-3", "irna", "11:05"))
    assert events.add(grown, 5000)
    assert not events.add(event("ev-1", ("f-1", "irna", "08:10")), 6000)  # an older revision
    [shown] = events.largest(since_ms=0)
    assert shown["size"] == 3 and shown["label"] == "آتش‌سوزی بازار اردبیل"
    assert [(o["name"], o["stories"]) for o in shown["outlets"]] == [("ایرنا", 2), ("ایسنا", 1)]
    assert [(t["id"], t["when"]["clock"]) for t in shown["timeline"]] == [
        ("f-1", "۰۸:۱۰"), ("f-2", "۰۹:۴۰"), ("f-3", "۱۱:۰۵")]
    assert shown["first"]["jalali"] == "۱۴۰۲/۱۰/۱۲"


def test_the_largest_events_that_changed_in_the_last_day_come_first_single_stories_left_out():
    events = Events()
    events.add(event("ev-old", *[(f"o-{n}", "irna", "08:00") for n in range(9)]), 1000)
    events.add(event("ev-pair", ("p-1", "irna", "08:00"), ("p-2", "mehr", "09:00")), 90_000)
    events.add(event("ev-one", ("s-1", "isna", "10:00")), 95_000)
    events.add(event("ev-trio", *[(f"t-{n}", "fars", "10:00") for n in range(3)]), 99_000)
    assert [e["id"] for e in events.largest(since_ms=50_000)] == ["ev-trio", "ev-pair"]
    assert [e["id"] for e in events.largest(since_ms=50_000, limit=1)] == ["ev-trio"]


def test_a_record_without_an_event_s_id_stories_size_and_revision_is_left_out():
    events = Events()
    grown = event("ev-1", ("f-1", "irna", "08:10"), ("f-2", "isna", "09:40"))
    for broken in ({k: v for k, v in grown.items() if k != "id"}, {**grown, "size": "2"},
                   {**grown, "stories": None}, {**grown, "revision": None}):
        assert not events.add(broken, 5000)
    assert not events.events


def test_the_events_kept_are_bounded_dropping_those_changed_longest_ago():
    events = Events(max_events=2)
    for n in range(3):
        events.add(event(f"ev-{n}", (f"s-{n}", "irna", "08:00")), 1000 + n)
    events.add(event("ev-1", ("s-1", "irna", "08:00"), ("s-9", "isna", "09:00")), 2000)
    assert list(events.events) == ["ev-2", "ev-1"]


def test_percentile_is_nearest_rank():
    assert percentile([], 0.5) is None
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.0
    assert percentile([float(i) for i in range(1, 101)], 0.99) == 99.0


def view_settings() -> ViewSettings:
    return ViewSettings(host="127.0.0.1", port=0, group="g", max_articles=10,
                        max_bytes=1 << 20, backfill=10)


def test_the_follower_takes_any_bytes_without_failing():
    follower = Follower(Settings.from_env(), view_settings(), Window(), Events(), Tally(),
                        lambda ids: None)
    for value in (b"\xff\xfe", b"[1, 2]", b"31415", b'{"kind": "article"}', b'{"kind": "article", "id": 5}',
                  b'{"kind": "duplicate", "id": "x", "duplicate_of": 3}',
                  b'{"kind": "event", "id": "ev-1", "stories": "all", "size": 2, "revision": 2}'):
        assert follower.apply(value, 1000) == []
    assert follower.apply(orjson.dumps(article("a")), 1000) == ["a"]
    assert follower.tally.kinds["unreadable"] == 3 and not follower.events.events


def test_the_page_script_never_parses_story_text_as_html():
    """The page builds its DOM with text nodes only: none of the browser's HTML sinks is
    used anywhere in it."""
    from agents.view.server import STATIC

    script = (STATIC / "app.js").read_text()
    assert not [sink for sink in HTML_SINKS if re.search(sink, script)]


def test_the_app_serves_an_rtl_page_with_a_strict_policy_and_the_window_as_json():
    async def run() -> None:
        app = make_app(Settings.from_env(), view_settings(), follow=False)
        async with TestClient(TestServer(app)) as client:
            page = await client.get("/")
            body = await page.text()
            assert '<html lang="fa" dir="rtl">' in body
            policy = page.headers["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "default-src 'none'" in policy
            assert (await client.get("/static/fonts/Vazirmatn-Regular.woff2")).status == 200
            window = app[WINDOW]
            add(window, article("a", title=HOSTILE), 1000)
            found = await client.get("/api/articles", params={"q": "script"})
            assert found.content_type == "application/json"
            assert [card["title"] for card in await found.json()] == [HOSTILE]
            whole = await (await client.get("/api/article/a")).json()
            assert whole["record"]["title"] == HOSTILE and [9, 14, "ORG"] in whole["spans"]
            assert (await client.get("/api/article/nope")).status == 404
            events = await client.get("/events")
            assert (await events.content.readuntil(b"\n\n")) == b"retry: 2000\n\n"
            assert (await events.content.readuntil(b"\n\n")).startswith(b"event: hello\n")
            add(window, article("b"), 2000)
            app[HUB].note(["b"])
            seen = b""
            while b"event: cards" not in seen:
                seen = await asyncio.wait_for(events.content.readuntil(b"\n\n"), 5)
            cards = orjson.loads(seen.split(b"data: ", 1)[1])
            assert [card["id"] for card in cards] == ["b"]
            assert app[FOLLOWER].consumer is None
            app[FOLLOWER].apply(orjson.dumps(event("ev-1", ("a", "irna", "08:30"), ("b", "isna", "09:00"))),
                                int(time.time() * 1000))  # changed now: in the last day
            stats = await (await client.get("/api/stats")).json()
            assert [e["id"] for e in stats["events"]] == ["ev-1"]
            events.close()

    asyncio.run(run())


def test_the_permalink_shows_each_quotes_words_which_the_record_gives_as_offsets():
    async def run() -> None:
        app = make_app(Settings.from_env(), view_settings(), follow=False)
        async with TestClient(TestServer(app)) as client:
            quote = {"speaker": "علی رضایی", "verb": "گفت", "start": 40, "end": 48, "role": None,
                     "reported": False}  # fmt: skip
            add(app[WINDOW], article("a", quotes=[quote]), 1000)
            whole = await (await client.get("/api/article/a")).json()
            assert [q["text"] for q in whole["record"]["quotes"]] == ["بند دوم."]

    asyncio.run(run())
