"""Secrets never reach a log, at any level, from any library.

aiokafka logs every request it sends at DEBUG, among them SASL PLAIN's authentication
request, whose bytes hold the password (``sasl_auth_bytes=b'user\\x00user\\x00secret'``).
Khabar does not log its settings' password, but a library may. :func:`redact` wraps the
logging module's record factory, so every record any logger creates, before any handler
or formatter sees it, has each secret replaced by ``***``: as text, as it shows inside
the ``repr`` of bytes or of a string, and in the traceback it carries.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable, Iterable
from typing import Any

MASK = "***"

RecordFactory = Callable[..., logging.LogRecord]


def spellings(secret: str) -> set[str]:
    """The ways ``secret`` shows in a log line: itself, inside a bytes repr (``\\x`` escapes
    for what is not printable ASCII) and inside a str repr (``\\'`` and ``\\\\``)."""
    return {secret, repr(secret.encode())[2:-1], repr(secret)[1:-1]} - {""}


def redact(secrets: Iterable[str | None]) -> RecordFactory | None:
    """Mask ``secrets`` in every log record made from now on; returns the record factory
    it replaced (to restore it), or None when there is nothing to hide."""
    forms = set().union(*(spellings(secret) for secret in secrets if secret))
    if not forms:
        return None
    # Longest first, so that a secret containing another is masked whole.
    pattern = re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True))))
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed call: logging reports it when written
            return record
        if pattern.search(message):
            record.msg, record.args = pattern.sub(MASK, message), None
        if record.exc_info and record.exc_info[0] is not None:
            # Formatters take exc_text when it is set and format exc_info only when not.
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_text = pattern.sub(MASK, text)
        return record

    logging.setLogRecordFactory(factory)
    return previous
