"""The ``khabar`` command line, run as a user runs it (no broker needed here)."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from agents import cli
from pipeline.models import to_json
from pipeline.stages import Pipeline
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


def khabar_error(*args: str, env: dict[str, str] | None = None, code: int = 1) -> str:
    """The stderr of a khabar command that must fail with ``code``: one line, no traceback."""
    with pytest.raises(subprocess.CalledProcessError) as failed:
        khabar(*args, env=env)
    stderr = failed.value.stderr.decode()
    assert failed.value.returncode == code, stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert "Traceback" not in stderr
    return stderr


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
    assert [orjson.loads(line)["kind"] for line in lines] == ["article", "event"]


def test_process_reads_json_lines_from_stdin():
    stdin = '{"id": "c-1", "body": "به گزارش ایسنا، قیمت نان در تهران ثابت ماند."}\n{"id": 1\n'
    kinds = [orjson.loads(line)["kind"] for line in khabar("process", stdin=stdin.encode()).stdout.splitlines()]
    assert kinds == ["article", "event", "deadletter"]


def test_process_keeps_the_story_time_budget_of_the_environment():
    # One endless paragraph repeating a word: far more than a 1 ms budget.
    stdin = orjson.dumps({"id": "slow-1", "body": "بازار امروز شلوغ بود و " * 3000}) + b"\n"
    out = khabar("process", stdin=stdin, env={"KHABAR_STORY_TIME_BUDGET_MS": "1"}).stdout
    assert [orjson.loads(line)["reason"] for line in out.splitlines()] == ["processing_timeout"]


def test_process_loads_the_word_lists_before_its_first_story_is_timed(seed, monkeypatch):
    # Loading takes seconds on a cold, busy machine: it must not count against the
    # first story's time budget, or that story is dead-lettered.
    calls = []
    analyse = Pipeline.analyse
    monkeypatch.setattr(Pipeline, "warm_up", lambda pipeline: calls.append("warm up"))
    monkeypatch.setattr(
        Pipeline, "analyse",
        lambda pipeline, *args, **kwargs: calls.append("story") or analyse(pipeline, *args, **kwargs),
    )
    assert cli.main(["process", str(seed)]) == 0
    assert calls == ["warm up", "story"]


def test_consume_expand_prints_each_quotes_words_beside_its_offsets():
    # What `khabar consume --expand` prints of an article record read from the topic.
    outcome = Pipeline().analyse("علی رضایی گفت: کار تمام شد.".encode())
    printed = orjson.loads(cli._printable(to_json(outcome.article), pretty=False, expand=True))
    assert [(q["text"], q["speaker"]) for q in printed["quotes"]] == [("کار تمام شد.", "علی رضایی")]


def test_process_expand_prints_each_quotes_words_beside_its_offsets():
    story = orjson.dumps({"id": "q1", "body": "مریم کریمی گفت: جلسه فردا برگزار می‌شود."})
    records = [orjson.loads(line) for line in khabar("process", "--expand", stdin=story).stdout.splitlines()]
    [article] = [record for record in records if record["kind"] == "article"]
    assert [(q["text"], q["speaker"]) for q in article["quotes"]] == [
        ("جلسه فردا برگزار می‌شود.", "مریم کریمی")]


def test_process_expand_prints_a_bad_line_as_its_dead_letter_untouched():
    printed = khabar("process", "--expand", stdin=b'{"id": "q2", "body": \n').stdout.splitlines()
    [letter] = [orjson.loads(line) for line in printed]
    assert (letter["kind"], letter["reason"]) == ("deadletter", "invalid_json")


def test_normalize_prints_as_many_lines_as_it_read(seed):
    raw = seed.read_bytes()
    assert line_count(khabar("normalize", stdin=raw).stdout) == line_count(raw)


def test_normalize_keeps_line_count_for_odd_separators():
    raw = "یک\u2028دو\rسه\n\nچهار\u0085پنج\n".encode()
    assert line_count(khabar("normalize", stdin=raw).stdout) == line_count(raw)


@pytest.mark.parametrize("command", ["topics", "consume"])
def test_an_unreachable_broker_ends_a_kafka_command_with_one_line_and_exit_code_1(command):
    # Nothing listens on port 1: the connection is refused at once.
    stderr = khabar_error(command, env={"KHABAR_BOOTSTRAP": "127.0.0.1:1"})
    assert f"khabar {command}: Kafka at 127.0.0.1:1: KafkaConnectionError" in stderr
    assert "Connect call failed" in stderr  # the reason aiokafka logged, on the same line


@pytest.mark.parametrize("command", ["produce", "process"])
def test_a_missing_file_is_one_line_naming_it(command):
    stderr = khabar_error(command, "/nonexistent.txt")
    assert stderr == f"khabar {command}: no such file or folder: /nonexistent.txt\n"


@pytest.mark.parametrize("command", ["produce", "process"])
def test_a_file_of_another_kind_is_refused_not_sent(command, tmp_path):
    rows = tmp_path / "x.csv"
    rows.write_text("id,body\n1,خبر\n")
    # No broker is named: produce must refuse the file before it looks for one.
    stderr = khabar_error(command, str(rows), env={"KHABAR_BOOTSTRAP": "127.0.0.1:1"})
    assert stderr.startswith(f"khabar {command}: {rows}: not a story file (.txt")


@pytest.mark.parametrize("value", ["-5", "x"])
def test_consume_refuses_a_count_that_is_not_zero_or_more(value):
    assert "argument --max" in khabar_error("consume", f"--max={value}", code=2)


def test_version_prints_the_version():
    from pipeline import __version__

    assert khabar("--version").stdout.decode() == f"khabar {__version__}\n"


def test_a_setting_that_is_not_a_number_is_one_line_naming_it():
    stderr = khabar_error("topics", env={"KHABAR_RAW_PARTITIONS": "eight"})
    assert stderr == "khabar topics: KHABAR_RAW_PARTITIONS='eight' is not a number\n"


def test_a_view_setting_that_is_not_a_number_is_one_line_naming_it():
    stderr = khabar_error("view", env={"KHABAR_VIEW_PORT": "abc"})
    assert stderr == "khabar view: KHABAR_VIEW_PORT='abc' is not a number\n"


def without_bootstrap(state: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name != "KHABAR_BOOTSTRAP"}
    return {**env, "KHABAR_STATE": str(state)}


def test_the_broker_kafka_local_started_under_another_name_is_found(tmp_path):
    cluster = tmp_path / "demo"
    cluster.mkdir()
    (cluster / "bootstrap").write_text("127.0.0.1:1\n")
    (cluster / "pid").write_text(f"{os.getpid()}\n")  # a live process stands for the broker
    stderr = khabar_error("consume", env=without_bootstrap(tmp_path))
    assert stderr.startswith("khabar consume: Kafka at 127.0.0.1:1: ")
    assert stderr.endswith(f"written by scripts/kafka-local to {cluster / 'bootstrap'}\n")


def test_without_a_broker_the_error_says_where_it_looked_and_what_to_set(tmp_path):
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 9092)) == 0:
            pytest.skip("something listens on 127.0.0.1:9092, the fallback address")
    stopped = tmp_path / "stopped"  # `kafka-local stop` keeps the address, not the pid file
    stopped.mkdir()
    (stopped / "bootstrap").write_text("127.0.0.1:1\n")
    stderr = khabar_error("consume", env=without_bootstrap(tmp_path))
    assert "KHABAR_BOOTSTRAP is not set" in stderr
    assert f"no scripts/kafka-local broker runs under {tmp_path}" in stderr
