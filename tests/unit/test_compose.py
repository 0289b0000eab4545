"""docker-compose.yml is a valid Compose file in both its layouts, checked without
Docker, root or a package manager: the Compose Specification's schema, then what the
schema cannot see (a service waiting on one the same layout does not start, a volume
never declared)."""

import json

import jsonschema
import pytest
import yaml

from tests.conftest import REPO

pytestmark = pytest.mark.unit

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
SCHEMA = json.loads((REPO / "tests" / "fixtures" / "compose-spec.json").read_text())
# `docker compose up` and `docker compose --profile cluster up`.
LAYOUTS = {"default": set(), "cluster": {"cluster"}}


def started(profiles: set[str]) -> dict[str, dict]:
    """The services ``docker compose up`` starts with ``profiles`` on."""
    return {
        name: service for name, service in COMPOSE["services"].items()
        if not service.get("profiles") or profiles & set(service["profiles"])
    }


def test_the_file_follows_the_compose_specification():
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in jsonschema.Draft201909Validator(SCHEMA).iter_errors(COMPOSE)
    ]
    assert not errors


def test_the_schema_check_finds_a_misspelt_key():
    service = {**COMPOSE["services"]["worker"], "restartt": "always"}
    broken = {**COMPOSE, "services": {**COMPOSE["services"], "worker": service}}
    assert not jsonschema.Draft201909Validator(SCHEMA).is_valid(broken)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_service_waits_only_on_services_its_layout_starts(layout):
    services = started(LAYOUTS[layout])
    assert services
    for name, service in services.items():
        assert set(service.get("depends_on", ())) <= set(services), name


def test_every_named_volume_is_declared():
    declared = set(COMPOSE.get("volumes") or ())
    for name, service in COMPOSE["services"].items():
        for volume in service.get("volumes", ()):
            source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source")
            if source and not source.startswith((".", "/", "~", "$")):
                assert source in declared, name
