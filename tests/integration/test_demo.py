"""``make run`` (``scripts/demo``), the README's first command, against the test broker."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import orjson
import pytest

from tests.integration.harness import REPO

pytestmark = pytest.mark.integration


def test_the_demo_prints_an_enriched_article_for_every_good_sample_and_a_dead_letter_for_each_bad(
    kafka_bootstrap,
):
    env = {
        **{name: value for name, value in os.environ.items()
           if name not in ("KHABAR_WEB_PORT", "KHABAR_VIEW_PORT")},
        "KHABAR_BOOTSTRAP": kafka_bootstrap,  # the demo then makes topics of its own
        "KHABAR_BIN": str(Path(sys.executable).parent),
    }
    with ExitStack() as held:
        # The default web and view ports taken by another program: the demo picks others.
        for port in DEFAULT_PORTS:
            held.enter_context(listening_on(port))
        run = subprocess.run(
            [str(REPO / "scripts" / "demo")],
            cwd=REPO, env=env, capture_output=True, timeout=600, check=False,
        )
    assert run.returncode == 0, run.stderr.decode()[-3000:]
    out = run.stdout.decode()
    view_port = re.search(r"== live view: http://127\.0\.0\.1:(\d+)/", out)
    assert view_port and int(view_port[1]) not in DEFAULT_PORTS
    # The sections: articles, duplicates, dead letters, then the summary.
    *_, articles, duplicates, letters, summary = out.split("== ")
    titles = [line for line in articles.splitlines() if line.startswith('  "title": ')]
    assert '  "title": "بارش سنگین برف جاده چالوس را بست",' in titles
    assert '"agency": {\n    "code": "irna"' in articles
    # Printed with --expand: a quote's words beside its offsets, all the record has of them.
    assert '"text": "بازیکنانم با تمرکز کامل بازی کردند و این سه امتیاز برای ما بسیار ارزشمند بود."' in articles
    reasons = [orjson.loads(line)["reason"] for line in letters.splitlines()[1:] if line]
    assert sorted(reasons) == ["empty_story", "invalid_json", "not_persian"]
    notices = [line for line in duplicates.splitlines()[1:] if line]
    assert summary.startswith(
        f"summary: {len(titles)} articles ({articles.count(UPDATE)} updates), "
        f"{len(notices)} duplicates, 3 dead letters, of "
    )
    # Neither a progress bar nor a spinner's escape codes where no terminal watches.
    assert "\x1b" not in run.stderr.decode() + (REPO / "var" / "demo" / "worker.log").read_text()
    assert "story/s" not in run.stderr.decode()


DEFAULT_PORTS = (6066, 6080)  # KHABAR_WEB_PORT's and KHABAR_VIEW_PORT's
UPDATE = '\n  "kind": "article_update"'


@contextmanager
def listening_on(port: int) -> Iterator[None]:
    """``port`` held by a listener, unless another program holds it already."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
        except OSError:
            pass  # taken already, as the test wants
        yield
