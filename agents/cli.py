"""``khabar``: the one command line of Khabar.

Imports are deferred into each command so ``khabar normalize`` in a shell loop does
not pay for loading Faust and aiokafka.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import NoReturn

# A subcommand: parsed arguments and the extra ones (for Faust) → exit code.
Command = Callable[[argparse.Namespace, list[str]], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    if extra and args.command != "worker":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if getattr(args, "bootstrap", None):
        os.environ["KHABAR_BOOTSTRAP"] = args.bootstrap
    # Before any client exists: aiokafka logs SASL PLAIN's request, password and all, at
    # DEBUG; every record of every logger is masked, whatever the level.
    from agents.redaction import redact

    redact([os.environ.get("KHABAR_SASL_PASSWORD")])
    complaints = _BrokerComplaints()
    logging.getLogger("aiokafka").addHandler(complaints)
    try:
        return args.run(args, extra) or 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped early (`| head`): nothing to report, and nothing more to
        # flush into the closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:
        line = _error_line(error, complaints.last)
        if line is None:
            raise  # a bug: its traceback is what is wanted
        print(f"khabar {args.command}: {line}", file=sys.stderr)
        return 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, as every khabar error; the usage is a --help away.
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


class _BrokerComplaints(logging.Handler):
    """Keeps aiokafka's last warning instead of printing it, for the one error line:
    it holds the reason a broker gave (SaslAuthenticationFailed,
    CERTIFICATE_VERIFY_FAILED, a refused connection) that aiokafka's exception does not.
    Records still reach the root logger, so the worker's and the view's logs keep them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.last: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        self.last = " ".join(record.getMessage().split())


def _error_line(error: Exception, broker_complaint: str | None) -> str | None:
    """The one line that tells a user what went wrong, or None for a bug."""
    from agents.settings import SettingsError, find_bootstrap
    from pipeline.sources import UnreadableSource

    if isinstance(error, SettingsError | UnreadableSource):
        return str(error)
    if isinstance(error, OSError):  # a file not found or not readable, a closed port
        return f"{error.strerror}: {error.filename}" if error.filename else str(error)
    # aiokafka is loaded by the commands that use Kafka, and only those may raise its errors.
    kafka_errors = sys.modules.get("aiokafka.errors")
    if kafka_errors and isinstance(error, kafka_errors.KafkaError):
        bootstrap = find_bootstrap()
        said = f" ({broker_complaint})" if broker_complaint else ""
        return f"Kafka at {bootstrap.address}: {error}{said}; {bootstrap.origin}"
    return None


EXPAND_HELP = (
    "fill in each span's text in articles: the words of entity mentions, quotes, dates and "
    "numbers, which the record gives as offsets into its text"
)


def _parser() -> argparse.ArgumentParser:
    from pipeline import __version__

    parser = _Parser(
        prog="khabar",
        description="Streaming ingestion of Persian news: normalize, extract, deduplicate.",
    )
    parser.add_argument("--version", action="version", version=f"khabar {__version__}")
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        name: str, run: Command, help_text: str, kafka: bool = False
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(command=name, run=run)
        if kafka:
            sub.add_argument(
                "--bootstrap",
                help="Kafka bootstrap servers (default: $KHABAR_BOOTSTRAP, else the broker "
                "scripts/kafka-local started, else 127.0.0.1:9092)",
            )
        return sub

    worker = command("worker", _worker, "Run the Faust worker (extra arguments go to Faust).", True)
    worker.add_argument("--loglevel", default="info", choices=("crit", "error", "warn", "info", "debug"))

    command("topics", _topics, "Create Khabar's topics with their partition counts.", True)

    produce = command("produce", _produce, "Send raw stories from files or folders to news.raw.", True)
    produce.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.html/.json/.jsonl or folders")

    consume = command("consume", _consume, "Print a topic's records as JSON lines.", True)
    consume.add_argument(
        "--topic", default=None,
        help="topic to read (default: news.articles; news.events for the events)",
    )
    consume.add_argument("--follow", action="store_true", help="keep waiting for new records")
    consume.add_argument("--max", type=_count, default=None, help="stop after N records")
    consume.add_argument("--pretty", action="store_true", help="indented JSON, for reading")
    consume.add_argument("--expand", action="store_true", help=EXPAND_HELP)

    process = command(
        "process", _process, "Run the whole pipeline in-process, no Kafka: one JSON line per record."
    )
    process.add_argument("paths", nargs="*", default=["-"], metavar="PATH", help="files, folders or -")
    process.add_argument(
        "--publish-duplicates",
        action="store_true",
        help="also print duplicates as articles (default: $KHABAR_PUBLISH_DUPLICATES)",
    )
    process.add_argument("--expand", action="store_true", help=EXPAND_HELP)

    command("normalize", _normalize, "Normalize UTF-8 text from stdin, one line out per line in.")

    view = command(
        "view", _view, "Serve the live newsroom view: a read-only web page of the output topics.",
        True,
    )
    view.add_argument("--host", help="address to bind (default: $KHABAR_VIEW_HOST, else 127.0.0.1)")
    view.add_argument("--port", type=int, help="port (default: $KHABAR_VIEW_PORT, else 6080)")
    return parser


def _count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if count < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {count}")
    return count


def _worker(args: argparse.Namespace, extra: list[str]) -> int:
    from agents.kafka_io import ensure_topics
    from agents.settings import Settings

    asyncio.run(ensure_topics(Settings.from_env()))
    from agents.app import app, pipeline
    from agents.observability import TerminalAwareWorker

    app.conf.Worker = TerminalAwareWorker

    pipeline.warm_up()
    # The lexicons and gazetteers are some 100,000 objects that live as long as the
    # worker: each full collection walked them all (about 60 ms, a latency spike).
    # Frozen, the collector leaves them alone.
    gc.freeze()
    sys.argv = ["khabar", "worker", "--loglevel", args.loglevel, *extra]
    app.main()
    return 0


def _topics(args: argparse.Namespace, extra: list[str]) -> int:
    from agents.kafka_io import ensure_topics
    from agents.settings import Settings

    settings = Settings.from_env()
    created = asyncio.run(ensure_topics(settings))
    print(f"topics on {settings.bootstrap}: created {', '.join(created) or 'none (all exist)'}")
    return 0


def _produce(args: argparse.Namespace, extra: list[str]) -> int:
    from tqdm import tqdm

    from agents.kafka_io import send_all
    from agents.settings import Settings
    from pipeline.sources import read_stories

    settings = Settings.from_env()
    stories = list(read_stories(args.paths))
    size = sum(len(story.data) for story in stories)
    started = time.perf_counter()
    # A bar only for a person watching: in a log file it is a line of escape codes.
    with tqdm(
        total=len(stories), unit="story", desc=f"→ {settings.topics.raw}",
        disable=not sys.stderr.isatty(),
    ) as bar:
        sent = asyncio.run(
            send_all(settings, (story.data for story in stories), bar.update)
        )
    seconds = time.perf_counter() - started
    print(
        f"sent {sent} stories ({size / 1e6:.2f} MB) to {settings.topics.raw} "
        f"on {settings.bootstrap} in {seconds:.1f} s",
        file=sys.stderr,
    )
    return 0


def _consume(args: argparse.Namespace, extra: list[str]) -> int:
    from agents.kafka_io import read_topic
    from agents.settings import Settings

    settings = Settings.from_env()
    topic = args.topic or settings.topics.articles

    async def run() -> None:
        count = 0
        if args.max == 0:
            return
        async for record in read_topic(settings, topic, args.follow):
            sys.stdout.buffer.write(_printable(record.value, args.pretty, args.expand) + b"\n")
            sys.stdout.flush()
            count += 1
            if args.max is not None and count >= args.max:
                return

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass
    return 0


def _printable(value: bytes, pretty: bool, expand: bool) -> bytes:
    """A record value as JSON; values that are not JSON are wrapped, not mangled."""
    import base64

    import orjson

    from pipeline.models import with_span_texts

    try:
        record = orjson.loads(value)
    except orjson.JSONDecodeError:
        record = {"value_b64": base64.b64encode(value).decode("ascii")}
    if expand:
        record = with_span_texts(record)
    return orjson.dumps(record, option=orjson.OPT_INDENT_2 if pretty else 0)


def _process(args: argparse.Namespace, extra: list[str]) -> int:
    from agents.settings import Settings
    from pipeline.models import SourcePosition, to_json
    from pipeline.process import InProcessRunner
    from pipeline.sources import read_stories

    settings = Settings.from_env()
    runner = InProcessRunner(
        publish_duplicates=args.publish_duplicates or settings.publish_duplicates,
        dedup=settings.dedup(),
        events=settings.events(),
        max_story_bytes=settings.max_story_bytes,
        time_budget_ms=settings.story_time_budget_ms,
    )
    # As the worker does: the word lists and models load now, not within the first
    # story's time budget (a cold start on a busy machine dead-lettered it).
    runner.pipeline.warm_up()
    out = sys.stdout.buffer
    for index, story in enumerate(read_stories(args.paths)):
        position = SourcePosition(topic=story.origin, partition=0, offset=story.line or index)
        for record in runner.process(story.data, position):
            value = to_json(record)
            out.write((_printable(value, pretty=False, expand=True) if args.expand else value) + b"\n")
    out.flush()
    return 0


def _normalize(args: argparse.Namespace, extra: list[str]) -> int:
    import io

    from pipeline.normalize import normalize_lines

    # Invalid UTF-8 becomes U+FFFD rather than stopping a shell pipeline midway.
    stdin = io.TextIOWrapper(sys.stdin.buffer, errors="replace", newline="\n")
    out = sys.stdout
    for text in normalize_lines(stdin):  # one line out per line in
        out.write(text + "\n")
    out.flush()
    return 0


def _view(args: argparse.Namespace, extra: list[str]) -> int:
    from agents.view.server import serve

    serve(host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
