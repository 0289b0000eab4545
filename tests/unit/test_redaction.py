"""Secrets never reach a log: the record factory of agents.redaction masks them in every
record, at every level, whatever library logs it."""

from __future__ import annotations

import io
import logging
import sys

import faust
import pytest

from agents.observability import JsonLogFormatter, faust_web_pages
from agents.redaction import MASK, redact

pytestmark = pytest.mark.unit

PASSWORD = "khabar-secret"


@pytest.fixture
def log_text():
    """The text written by a DEBUG handler on a fresh logger, with ``PASSWORD`` masked;
    the record factory is restored afterwards."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("aiokafka.conn.test-redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    previous = redact([PASSWORD, None])
    try:
        yield logger, stream
    finally:
        logging.setLogRecordFactory(previous)
        logger.removeHandler(handler)


class SaslAuthenticateRequest:
    """Stands for aiokafka's request object: its repr holds the SASL PLAIN bytes."""

    def __repr__(self) -> str:
        auth_bytes = b"khabar\x00khabar\x00" + PASSWORD.encode()
        return f"SaslAuthenticateRequest_v1(sasl_auth_bytes={auth_bytes!r})"


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR])
def test_the_sasl_password_is_masked_at_every_level(log_text, level):
    logger, stream = log_text
    # As aiokafka's conn.py logs each request it sends.
    logger.log(level, "%s Request %d: %s", "<AIOKafkaConnection>", 3, SaslAuthenticateRequest())
    logger.log(level, "password is %s, as %r", PASSWORD, PASSWORD)
    written = stream.getvalue()
    assert PASSWORD not in written
    assert written.count(MASK) == 3
    assert "SaslAuthenticateRequest_v1(sasl_auth_bytes=b'khabar\\x00khabar\\x00***')" in written


def test_a_password_that_shows_escaped_in_a_repr_is_masked_too(log_text):
    logger, stream = log_text
    previous = redact(["رمز'\\x"])
    try:
        logger.debug("%r %r %s", "رمز'\\x".encode(), "رمز'\\x", "رمز'\\x")
    finally:
        logging.setLogRecordFactory(previous)
    written = stream.getvalue()
    assert written.strip().endswith(f'b"{MASK}" "{MASK}" {MASK}')
    assert "رمز" not in written and "\\xd8" not in written


def test_a_traceback_carrying_the_password_is_masked_in_text_and_json_logs(log_text):
    logger, stream = log_text
    try:
        raise ValueError(f"refused {PASSWORD}")
    except ValueError:
        logger.exception("failed")
        record = logging.getLogRecordFactory()(
            logger.name, logging.ERROR, __file__, 1, "failed", None, sys.exc_info()
        )
    assert PASSWORD not in stream.getvalue()
    assert f"ValueError: refused {MASK}" in stream.getvalue()
    assert PASSWORD not in JsonLogFormatter().format(record)


def test_nothing_to_hide_leaves_logging_as_it_is():
    factory = logging.getLogRecordFactory()
    assert redact([None, ""]) is None
    assert logging.getLogRecordFactory() is factory


def _blueprints(enabled: bool) -> set[str]:
    app = faust.App(f"redaction-test-{enabled}", autodiscover=False, **faust_web_pages(enabled))
    return {blueprint for _, blueprint in app.web.blueprints._enabled}


def test_the_workers_web_port_serves_none_of_fausts_pages_unless_the_setting_turns_them_on():
    off, on = _blueprints(False), _blueprints(True)
    assert not any(name.startswith(("faust.web.apps.router", "faust.web.apps.tables",
                                     "faust.web.apps.stats", "faust.web.apps.graph"))
                   for name in off)
    assert {"faust.web.apps.router:blueprint", "faust.web.apps.tables.blueprint",
            "faust.web.apps.stats:blueprint"} <= on
