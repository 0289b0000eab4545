"""What the live view (``khabar view``) costs the worker: one worker's throughput at full
speed without the view, with the view following the stream and a page connected to its
event stream, and without it again (the two runs without bracket the drift of the machine).

    .venv/bin/python -m bench.view_overhead [--stories 1500]

Starts its own broker unless ``KHABAR_BOOTSTRAP`` is set. Every process shares the
machine's cores, so the figure includes the CPU the view takes from the worker.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import threading
import time
import urllib.request
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
import orjson

from bench.common import OUT, Progress
from bench.e2e_khabar import KhabarSession, khabar_session, throughput
from bench.replay import Record
from tests.integration.harness import REPO, free_port, given_or_local_broker
from tests.integration.story_factory import invented_stories

WARM_UP = 16


def stories(count: int, prefix: str) -> list[Record]:
    return [
        Record(key=f"{prefix}-{i}".encode(), value=value, kind="original")
        for i, value in enumerate(invented_stories(count, seed=zlib.crc32(prefix.encode()), prefix=prefix))
    ]


@contextmanager
def following_view(session: KhabarSession) -> Iterator[dict[str, int]]:
    """``khabar view`` on the session's topics, with one page reading its event stream;
    yields what the page received (bytes, events)."""
    env = {**session.workers[0].env, "KHABAR_VIEW_PORT": str(free_port())}
    url = f"http://127.0.0.1:{env['KHABAR_VIEW_PORT']}/"
    log = (OUT / "view.log").open("ab")
    view = subprocess.Popen([sys.executable, "-m", "agents.cli", "view"], cwd=REPO, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    received = {"bytes": 0, "events": 0}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "health", timeout=2) as response:
                    if orjson.loads(response.read())["following"]:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or view.poll() is not None:
                raise RuntimeError("the view did not start; see var/bench/view.log")
            time.sleep(0.5)

        async def page() -> None:
            async with aiohttp.ClientSession() as client, client.get(url + "events") as stream:
                async for line in stream.content:
                    received["bytes"] += len(line)
                    received["events"] += line.startswith(b"event:")

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=lambda: loop.run_until_complete(page()), daemon=True)
        thread.start()
        yield received
    finally:
        view.terminate()
        view.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1500)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    runs = ("without", "with", "without again")
    progress = Progress(args.stories * len(runs))
    rates: dict[str, float] = {}
    with given_or_local_broker("bench-view") as bootstrap, khabar_session(
        bootstrap, workers=1, partitions=8, warm_up=stories(WARM_UP, "warm"), label="view-overhead"
    ) as session:
        for index, run in enumerate(runs):
            progress.phase(f"{run} the view")
            batch = stories(args.stories, f"run{index}")
            if run == "with":
                with following_view(session) as page:
                    rates[run] = throughput(session, batch, progress, run).stories_per_s
                    time.sleep(2)  # the last cards reach the page
                print(f"\nthe page got {page['events']} events, {page['bytes'] / 1e6:.1f} MB")
            else:
                rates[run] = throughput(session, batch, progress, run).stories_per_s
    progress.close()
    baseline = (rates["without"] + rates["without again"]) / 2
    cost = 1 - rates["with"] / baseline
    print(
        f"view overhead: {args.stories} stories a run, 1 worker, 8 partitions: "
        f"without {rates['without']:.1f}, with {rates['with']:.1f}, "
        f"without again {rates['without again']:.1f} stories/s: the view costs the worker "
        f"{cost:.1%} of its throughput ({'under' if cost < 0.05 else 'NOT under'} 5%)"
    )


if __name__ == "__main__":
    main()
