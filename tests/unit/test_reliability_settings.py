"""Broker security, bind address and log format come from the environment, secrets never
show in what gets logged."""

from __future__ import annotations

import logging

import faust
import orjson
import pytest

from agents.observability import JsonLogFormatter, logging_config
from agents.settings import KafkaSecurity, Settings

pytestmark = pytest.mark.unit

PASSWORD = "رمز-خیلی-محرمانه-۱۴۰۲"


@pytest.fixture
def sasl_env(monkeypatch):
    monkeypatch.setenv("KHABAR_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("KHABAR_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("KHABAR_SASL_USERNAME", "khabar-worker")
    monkeypatch.setenv("KHABAR_SASL_PASSWORD", PASSWORD)


def test_the_settings_repr_hides_the_sasl_password(sasl_env):
    settings = Settings.from_env()
    assert PASSWORD not in repr(settings) and PASSWORD not in str(settings)
    assert "khabar-worker" in repr(settings)


def test_sasl_settings_reach_the_aiokafka_clients(sasl_env):
    options = Settings.from_env().security.client_options()
    assert options == {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "khabar-worker",
        "sasl_plain_password": PASSWORD,
    }


def test_sasl_settings_reach_the_faust_app_without_showing_the_password(sasl_env):
    credentials = Settings.from_env().security.faust_credentials()
    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.mechanism.value == "SCRAM-SHA-512"
    assert credentials.password == PASSWORD and PASSWORD not in repr(credentials)


def test_tls_gives_both_clients_an_ssl_context(monkeypatch):
    monkeypatch.setenv("KHABAR_SECURITY_PROTOCOL", "ssl")
    security = KafkaSecurity.from_env()
    assert security.client_options()["security_protocol"] == "SSL"
    assert security.client_options()["ssl_context"] is not None
    assert isinstance(security.faust_credentials(), faust.SSLCredentials)


def test_a_plaintext_broker_needs_no_credentials():
    assert KafkaSecurity().faust_credentials() is None
    assert KafkaSecurity().client_options() == {"security_protocol": "PLAINTEXT"}


def test_sasl_without_a_password_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("KHABAR_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KHABAR_SASL_USERNAME", "khabar-worker")
    monkeypatch.delenv("KHABAR_SASL_PASSWORD", raising=False)
    with pytest.raises(ValueError, match="KHABAR_SASL_PASSWORD"):
        KafkaSecurity.from_env()


def test_the_worker_web_server_binds_to_localhost_by_default(monkeypatch):
    monkeypatch.delenv("KHABAR_WEB_HOST", raising=False)
    assert Settings.from_env().web_host == "127.0.0.1"


def test_json_logs_are_one_object_a_line():
    record = logging.LogRecord("khabar", logging.WARNING, __file__, 1, "خبر %s رد شد", ("۷",), None)
    line = JsonLogFormatter().format(record)
    assert "\n" not in line
    assert orjson.loads(line) | {"ts": 0} == {
        "ts": 0, "level": "WARNING", "logger": "khabar", "message": "خبر ۷ رد شد"
    }
    assert logging_config("text") is None and logging_config("json")["root"]["handlers"]
