"""``make run`` (``scripts/demo``), the README's first command, against the test broker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.integration.harness import REPO, free_port

pytestmark = pytest.mark.integration


def test_the_demo_prints_an_enriched_article_for_every_good_sample_and_a_dead_letter_for_each_bad(
    kafka_bootstrap,
):
    env = {
        **os.environ,
        "KHABAR_BOOTSTRAP": kafka_bootstrap,  # the demo then makes topics of its own
        "KHABAR_BIN": str(Path(sys.executable).parent),
        "KHABAR_WEB_PORT": str(free_port()),
        "KHABAR_VIEW_PORT": str(free_port()),
    }
    run = subprocess.run(
        [str(REPO / "scripts" / "demo")],
        cwd=REPO, env=env, capture_output=True, timeout=600, check=False,
    )
    assert run.returncode == 0, run.stderr.decode()[-3000:]
    out = run.stdout.decode()
    assert f"== live view: http://127.0.0.1:{env['KHABAR_VIEW_PORT']}/" in out
    articles = out.split("== ")[-3]  # the sections: articles, duplicates, dead letters
    titles = [line for line in articles.splitlines() if line.startswith('  "title": ')]
    assert '  "title": "بارش سنگین برف جاده چالوس را بست",' in titles
    assert '"agency": {\n    "code": "irna"' in articles
    letters = [orjson.loads(line) for line in out.split("== ")[-1].splitlines()[1:] if line]
    assert sorted(letter["reason"] for letter in letters) == [
        "empty_story", "invalid_json", "not_persian",
    ]
