"""The ``khabar`` command line, run as a user runs it (no broker needed here)."""

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.conftest import REPO, shared_file

pytestmark = pytest.mark.unit

COMMANDS = ("worker", "topics", "produce", "consume", "process", "normalize")


def line_count(data: bytes) -> int:
    """Lines as a reader counts them: a last line without a newline still counts."""
    return data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)


def khabar(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "agents.cli", *args],
        input=stdin, capture_output=True, cwd=REPO, timeout=120, check=True,
        env=None if env is None else {**os.environ, **env},
    )


def test_help_lists_every_command():
    out = khabar("--help").stdout.decode()
    assert all(command in out for command in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    assert "usage: khabar " + command in khabar(command, "--help").stdout.decode()


@pytest.fixture
def seed() -> Path:
    return shared_file("seed/raw-article.txt")


def test_process_prints_one_article_for_the_seed_story(seed):
    lines = khabar("process", str(seed)).stdout.splitlines()
    assert [orjson.loads(line)["kind"] for line in lines] == ["article"]


def test_process_reads_json_lines_from_stdin():
    stdin = '{"id": "c-1", "body": "به گزارش ایسنا، قیمت نان در تهران ثابت ماند."}\n{"id": 1\n'
    kinds = [orjson.loads(line)["kind"] for line in khabar("process", stdin=stdin.encode()).stdout.splitlines()]
    assert kinds == ["article", "deadletter"]


def test_process_keeps_the_story_time_budget_of_the_environment():
    # One endless paragraph repeating a word: far more than a 1 ms budget.
    stdin = orjson.dumps({"id": "slow-1", "body": "بازار امروز شلوغ بود و " * 3000}) + b"\n"
    out = khabar("process", stdin=stdin, env={"KHABAR_STORY_TIME_BUDGET_MS": "1"}).stdout
    assert [orjson.loads(line)["reason"] for line in out.splitlines()] == ["processing_timeout"]


def test_normalize_prints_as_many_lines_as_it_read(seed):
    raw = seed.read_bytes()
    assert line_count(khabar("normalize", stdin=raw).stdout) == line_count(raw)


def test_normalize_keeps_line_count_for_odd_separators():
    raw = "یک\u2028دو\rسه\n\nچهار\u0085پنج\n".encode()
    assert line_count(khabar("normalize", stdin=raw).stdout) == line_count(raw)


@pytest.mark.parametrize("command", ["topics", "consume"])
def test_an_unreachable_broker_ends_a_kafka_command_with_one_line_and_exit_code_1(command):
    # Nothing listens on port 1: the connection is refused at once.
    with pytest.raises(subprocess.CalledProcessError) as failed:
        khabar(command, env={"KHABAR_BOOTSTRAP": "127.0.0.1:1"})
    assert failed.value.returncode == 1
    stderr = failed.value.stderr.decode()
    assert f"khabar {command}: Kafka at 127.0.0.1:1: KafkaConnectionError" in stderr
    assert "Traceback" not in stderr
