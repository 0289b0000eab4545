"""Raw stories from files and folders, as ``khabar produce`` and ``khabar process`` read them.

A ``.txt`` or ``.html`` file is one story; a ``.jsonl`` file (or standard input) is
one story per line; a ``.json`` file is one story object, or a list of them.
Stories are yielded as the exact bytes a crawler would have sent to Kafka.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

STORY_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")


class UnreadableSource(ValueError):
    """A path named on the command line that holds no stories Khabar can read."""


@dataclass(slots=True, frozen=True)
class RawInput:
    """One raw story's bytes and where they were read from (file, 1-based line)."""

    data: bytes
    origin: str
    line: int = 0


def read_stories(paths: Iterable[str]) -> Iterator[RawInput]:
    """Yield every story under ``paths``; ``-`` reads JSON lines from standard input."""
    for name in paths:
        if name == "-":
            yield from _lines(sys.stdin.buffer, "<stdin>")
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in STORY_SUFFIXES:
                    yield from _file(child)
        elif not path.is_file():
            raise FileNotFoundError(f"no such file or folder: {name}")
        elif path.suffix.lower() not in STORY_SUFFIXES:
            # Sent as they are, a CSV's rows would be one story of comma-separated text.
            raise UnreadableSource(f"{name}: not a story file ({', '.join(STORY_SUFFIXES)})")
        else:
            yield from _file(path)


def _file(path: Path) -> Iterator[RawInput]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with path.open("rb") as handle:
            yield from _lines(handle, str(path))
        return
    data = path.read_bytes()
    if suffix == ".json" and data.lstrip().startswith(b"["):
        try:
            items = orjson.loads(data)
        except orjson.JSONDecodeError:
            items = None  # not valid JSON: sent as it is, the pipeline says why
        if isinstance(items, list):
            for index, item in enumerate(items, start=1):
                yield RawInput(orjson.dumps(item), str(path), index)
            return
    yield RawInput(data, str(path))


def _lines(handle, origin: str) -> Iterator[RawInput]:
    for number, line in enumerate(handle, start=1):
        line = line.rstrip(b"\r\n")
        if line.strip():
            yield RawInput(line, origin, number)
