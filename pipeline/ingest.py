"""Reading a crawler's raw bytes into a :class:`RawStory`, or refusing them with a reason.

Accepted forms: a JSON object (``id``, ``url``, ``source``, ``title``, ``body`` or
``html``, ``published_at``; all but the text optional), an HTML page, or bare UTF-8
text. Field aliases used by common crawl dumps (``doc_id``, ``link``, ``source_site``,
``paragraphs``) are accepted too, so those dumps can be replayed as they are.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from pipeline.errors import Reason, Rejected
from pipeline.models import RawStory

DEFAULT_MAX_STORY_BYTES = 2 * 1024 * 1024

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<article|<div|<p[\s>])", re.IGNORECASE)

# Each Khabar field, with the names crawlers use for it, first match wins.
_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id"),
    "url": ("url", "link"),
    "source": ("source", "source_site"),
    "title": ("title",),
    "body": ("body", "text", "content"),
    "html": ("html",),
    "published_at": ("published_at", "date"),
}


_UTF8_BOM = b"\xef\xbb\xbf"


def parse_raw(data: bytes, max_bytes: int = DEFAULT_MAX_STORY_BYTES) -> RawStory:
    """Parse one raw Kafka value (or file) into a story, raising :class:`Rejected`."""
    if len(data) > max_bytes:
        raise Rejected(Reason.TOO_LARGE, f"{len(data)} bytes, more than the {max_bytes} allowed")
    # Editors on Windows open files with a byte order mark (concatenated files with
    # several); it is no part of the story.
    bom = 0
    while data.startswith(_UTF8_BOM, bom):
        bom += len(_UTF8_BOM)
    data = data[bom:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Rejected(Reason.INVALID_UTF8, f"not UTF-8 at byte {bom + error.start}") from None
    if not text.strip():
        raise Rejected(Reason.EMPTY_STORY, "the story has no text")
    stripped = text.lstrip()
    if stripped[0] in "{[":
        return _from_json(data)
    if _HTML_START.match(data):
        return RawStory(form="html", html=text)
    if stripped[0] in '"-0123456789' or stripped.rstrip() in ("true", "false", "null"):
        # A bare JSON scalar is a producer bug, not a story: say so rather than
        # letting it fail later as "not Persian".
        try:
            orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
        else:
            raise Rejected(Reason.NOT_AN_OBJECT, "JSON value is not an object")
    return RawStory(form="text", body=text)


def _from_json(data: bytes) -> RawStory:
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        if "depth limit" in str(error) or "recursion" in str(error):
            raise Rejected(Reason.TOO_DEEPLY_NESTED, "JSON nested too deeply") from None
        raise Rejected(Reason.INVALID_JSON, f"invalid JSON: {error}") from None
    if not isinstance(value, dict):
        raise Rejected(Reason.NOT_AN_OBJECT, f"JSON {type(value).__name__} is not an object")
    return story_from_mapping(value)


def story_from_mapping(value: dict[str, Any]) -> RawStory:
    """Build a story from a decoded JSON object, checking each field's type."""
    fields = {name: _pick(value, aliases) for name, aliases in _FIELD_NAMES.items()}
    story_id = fields["id"]
    if isinstance(story_id, int) and not isinstance(story_id, bool):
        fields["id"] = str(story_id)
    if fields["id"] is not None and not isinstance(fields["id"], str):
        raise Rejected(Reason.INVALID_FIELD, "field 'id' must be a string")
    try:
        return _checked_story(value, fields)
    except Rejected as rejection:
        rejection.story_id = fields["id"]
        raise


def _checked_story(value: dict[str, Any], fields: dict[str, Any]) -> RawStory:
    for name in ("url", "source", "title", "body", "html"):
        if fields[name] is not None and not isinstance(fields[name], str):
            raise Rejected(Reason.INVALID_FIELD, f"field {name!r} must be a string")
    published = fields["published_at"]
    if published is not None and (
        isinstance(published, bool) or not isinstance(published, str | int | float)
    ):
        raise Rejected(Reason.INVALID_FIELD, "field 'published_at' must be a string or number")
    if fields["body"] is None and fields["html"] is None:
        fields["body"] = _join_paragraphs(value)
    if fields["body"] is None and fields["html"] is None:
        raise Rejected(Reason.MISSING_TEXT, "no 'body', 'html' or 'paragraphs' field")
    if not (fields["body"] or "").strip() and not (fields["html"] or "").strip():
        raise Rejected(Reason.EMPTY_STORY, "the story's text is empty")
    form = "json" if fields["body"] is not None else "html"
    return RawStory(form=form, **fields)


def _pick(value: dict[str, Any], aliases: tuple[str, ...]) -> Any:
    for alias in aliases:
        if value.get(alias) is not None and not _missing_marker(value[alias]):
            return value[alias]
    return None


def _missing_marker(field: Any) -> bool:
    """«nan»: how a crawl exported through pandas writes a missing field (157 titles of
    ir-news); no story's field is that word."""
    return isinstance(field, str) and field.strip().lower() == "nan"


def _join_paragraphs(value: dict[str, Any]) -> str | None:
    paragraphs = value.get("paragraphs")
    if paragraphs is None:
        return None
    if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
        raise Rejected(Reason.INVALID_FIELD, "field 'paragraphs' must be a list of strings")
    abstract = value.get("abstract")
    lead = [abstract] if isinstance(abstract, str) and abstract.strip() else []
    return "\n".join(lead + paragraphs)
