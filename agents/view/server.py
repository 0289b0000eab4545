"""The view's web server (aiohttp): the page from ``static/``, a JSON API over the window,
and ``/events``, the server-sent events that keep the page live.

Read-only: only GET routes. The page is ours and needs nothing from elsewhere, so a strict
Content-Security-Policy (no inline script, nothing from another origin) backs up the page's
own rule of putting story text into the document only as text.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from importlib import resources
from pathlib import Path

import orjson
from aiohttp import web

from agents.settings import Settings
from agents.view.follower import Follower, ViewSettings
from agents.view.store import Events, Filter, Tally, Window, entity_spans, known_agency_names
from pipeline.models import with_span_texts

log = logging.getLogger("khabar.view")
STATIC = Path(str(resources.files("agents.view") / "static"))
# Changes are pushed in ticks, not per record: at the worker's full rate a page gets a
# few messages a second, each with the newest changed cards only.
TICK_S = 0.25
STATS_EVERY_S = 1.0
CARDS_PER_TICK = 100
# Cards' versions count from this server's start: a page that sees another epoch after a
# reconnection drops what it had.
EPOCH = time.time_ns()
# A page that cannot keep up loses its stream and reconnects, reloading the state whole.
CLIENT_QUEUE = 64
KEEPALIVE_S = 15.0
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
WINDOWS_MS = {"hour": 3_600_000, "day": 86_400_000, "week": 7 * 86_400_000}

WINDOW = web.AppKey("window", Window)
TALLY = web.AppKey("tally", Tally)
FOLLOWER = web.AppKey("follower", Follower)
HUB = web.AppKey("hub", "Hub")


def _now_ms() -> int:
    return int(time.time() * 1000)


def sse(event: str, data: object) -> bytes:
    """One server-sent event; orjson never writes a raw newline, so ``data`` is one line."""
    return b"event: " + event.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"


class Hub:
    """The pages connected to ``/events`` and the changes waiting for the next tick."""

    def __init__(self) -> None:
        self.clients: set[asyncio.Queue[bytes]] = set()
        self.changed: dict[str, None] = {}  # ordered, without repeats

    def note(self, ids: list[str]) -> None:
        for story_id in ids:
            self.changed.pop(story_id, None)
            self.changed[story_id] = None

    def publish(self, message: bytes) -> None:
        for queue in list(self.clients):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                self.clients.discard(queue)
                queue.get_nowait()
                queue.put_nowait(b"")  # ends its stream

    async def run(self, window: Window, tally: Tally, follower: Follower) -> None:
        last_stats = 0.0
        while True:
            await asyncio.sleep(TICK_S)
            if self.changed:
                ids = list(self.changed)[-CARDS_PER_TICK:]
                self.changed.clear()
                cards = [card for i in ids if (card := window.card(i)) is not None]
                if cards and self.clients:
                    self.publish(sse("cards", cards))
            if time.monotonic() - last_stats >= STATS_EVERY_S:
                last_stats = time.monotonic()
                if self.clients:
                    self.publish(sse("stats", stats(window, tally, follower)))


def stats(window: Window, tally: Tally, follower: Follower) -> dict[str, object]:
    now = _now_ms()
    return {
        **tally.snapshot(now, window.agency_names),
        "health": follower.health.as_json() | {"following": follower.consumer is not None},
        "most_republished": {
            "hour": window.most_republished(now - WINDOWS_MS["hour"]),
            "day": window.most_republished(now - WINDOWS_MS["day"]),
        },
        "events": follower.events.largest(now - WINDOWS_MS["day"]),
        "window": {"articles": len(window.articles), "bytes": window.bytes},
        "now": now,
    }


def _json(data: object, status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(data), status=status, content_type="application/json")


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html")


async def articles(request: web.Request) -> web.Response:
    query = request.query
    window = query.get("window", "")
    wanted = Filter(
        agency=query.get("agency") or None,
        entity=query.get("entity") or None,
        text=query.get("q") or None,
        since_ms=_now_ms() - WINDOWS_MS[window] if window in WINDOWS_MS else None,
    )
    return _json(request.app[WINDOW].search(wanted))


async def article(request: web.Request) -> web.Response:
    found = request.app[WINDOW].record(request.match_info["id"])
    if found is None:
        return _json({"error": "not in the view's window"}, status=404)
    record = found["record"]
    text = record.get("text") if isinstance(record.get("text"), str) else ""
    # The page shows each quote's, date's and number's words: the record has only offsets.
    return _json({**found, "record": with_span_texts(record), "spans": entity_spans(record, len(text))})


async def stats_page(request: web.Request) -> web.Response:
    app = request.app
    return _json(stats(app[WINDOW], app[TALLY], app[FOLLOWER]))


async def health(request: web.Request) -> web.Response:
    return _json({"status": "alive", "following": request.app[FOLLOWER].consumer is not None})


async def events(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)
    hub = request.app[HUB]
    queue: asyncio.Queue[bytes] = asyncio.Queue(CLIENT_QUEUE)
    hub.clients.add(queue)
    try:
        # The page reloads its state on every (re)connection: nothing is missed between.
        await response.write(b"retry: 2000\n\n" + sse("hello", {"now": _now_ms(), "epoch": EPOCH}))
        while True:
            try:
                message = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
            except TimeoutError:
                message = b": keepalive\n\n"
            if not message:  # dropped as too slow
                break
            await response.write(message)
    except (ConnectionResetError, asyncio.CancelledError):
        pass  # the page went away, or the server stops
    finally:
        hub.clients.discard(queue)
    return response


@web.middleware
async def security_headers(request: web.Request, handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.update(SECURITY_HEADERS)
    return response


def make_app(settings: Settings, view: ViewSettings, follow: bool = True) -> web.Application:
    """The view's web app; ``follow=False`` leaves Kafka alone (tests feed the window)."""
    app = web.Application(middlewares=[security_headers])
    window = Window(view.max_articles, view.max_bytes, known_agency_names())
    # As many events as articles, named with the outlets the articles taught the window.
    board = Events(view.max_articles, window.agency_names)
    tally = Tally()
    hub = Hub()
    follower = Follower(settings, view, window, board, tally, hub.note)
    app[WINDOW], app[TALLY], app[FOLLOWER], app[HUB] = window, tally, follower, hub
    app.router.add_get("/", index)
    app.router.add_get("/api/articles", articles)
    app.router.add_get("/api/article/{id}", article)
    app.router.add_get("/api/stats", stats_page)
    app.router.add_get("/events", events)
    app.router.add_get("/health", health)
    app.router.add_static("/static/", STATIC)

    async def background(app: web.Application):
        tasks = [asyncio.create_task(hub.run(window, tally, follower))]
        if follow:
            tasks += [
                asyncio.create_task(follower.follow()),
                asyncio.create_task(follower.watch_health()),
            ]
        yield
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def close_streams(app: web.Application) -> None:
        for queue in list(hub.clients):
            hub.clients.discard(queue)
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(b"")

    app.cleanup_ctx.append(background)
    app.on_shutdown.append(close_streams)
    return app


def serve(host: str | None = None, port: int | None = None) -> None:
    """``khabar view``: serve until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    settings = Settings.from_env()
    view = ViewSettings.from_env(settings)
    host, port = host or view.host, port or view.port
    shown = f"[{host}]" if ":" in host else host
    web.run_app(
        make_app(settings, view), host=host, port=port, access_log=None,
        print=lambda _: print(f"khabar view: http://{shown}:{port}/ (broker {settings.bootstrap})",
                              flush=True),
    )
