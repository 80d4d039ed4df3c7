"""deploy/docker-compose.yml cannot run here (no Docker engine), so check what can be checked:
every service is there, started the right way, with every setting it requires."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
import yaml

from cme_platform.devstack.dev_services import SERVICES
from cme_platform.edge import parse_routes
from cme_platform.settings import WebSettings

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
# The services with a database and events of their own (all but the portal).
DATA_SERVICES = [s for s in SERVICES if s.owns_data]


def settings_class(package: str) -> type[WebSettings]:
    module = importlib.import_module(f"{package}.config")
    found = [c for _, c in inspect.getmembers(module, inspect.isclass)
             if issubclass(c, WebSettings) and c.__module__ == module.__name__]
    assert len(found) == 1, f"{package}.config should define one settings class"
    return found[0]


def required_variables(cls: type[WebSettings]) -> set[str]:
    return {f"CME_{name.upper()}" for name, field in cls.model_fields.items() if field.is_required()}


def test_infrastructure_is_the_real_thing():
    images = {name: spec.get("image", "") for name, spec in COMPOSE["services"].items()}
    assert images["kafka"].startswith("apache/kafka")
    assert "KAFKA_PROCESS_ROLES" in COMPOSE["services"]["kafka"]["environment"], "KRaft, no ZooKeeper"
    assert "zookeeper" not in images
    assert images["postgres"].startswith("postgres")
    assert images["redis"].startswith("redis")
    assert images["minio"].startswith("minio/")


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_every_service_runs_with_every_required_setting(service):
    spec = COMPOSE["services"].get(service.name)
    assert spec is not None, f"{service.name} is missing from docker-compose.yml"
    assert spec["command"] == [service.command]
    assert "healthcheck" in spec
    missing = required_variables(settings_class(service.package)) - set(spec["environment"])
    assert not missing, f"{service.name} requires {sorted(missing)}"


@pytest.mark.parametrize("service", DATA_SERVICES, ids=lambda s: s.name)
def test_every_service_database_is_created_and_migrated(service):
    init = (DEPLOY / "postgres-init" / "create-databases.sql").read_text()
    assert f"CREATE DATABASE {service.database};" in init
    migrate = " ".join(COMPOSE["services"]["migrate"]["command"])
    assert service.name in migrate and "cme-migrate" in migrate


def test_front_door_routes_every_prefix_the_dev_stack_routes():
    routes = dict(parse_routes(COMPOSE["services"]["edge"]["environment"]["CME_EDGE_ROUTES"]))
    for service in SERVICES:
        for prefix in service.routes:
            assert routes.get(prefix) == f"http://{service.name}:8000", prefix


def test_kubernetes_front_door_routes_every_prefix_the_dev_stack_routes():
    documents = yaml.safe_load_all((DEPLOY / "k8s" / "base" / "edge.yaml").read_text())
    spec = next(d["data"]["CME_EDGE_ROUTES"] for d in documents if d and d.get("kind") == "ConfigMap"
                and "CME_EDGE_ROUTES" in d.get("data", {}))
    routes = dict(parse_routes(spec))
    for service in SERVICES:
        for prefix in service.routes:
            assert routes.get(prefix) == f"http://{service.name}:8000", prefix


@pytest.mark.parametrize("service", DATA_SERVICES, ids=lambda s: s.name)
def test_topics_are_created_by_a_one_shot_before_any_service_starts(service):
    topics = COMPOSE["services"]["topics"]
    assert topics["command"] == ["cme-topics", "create"]
    spec = COMPOSE["services"][service.name]
    assert spec["depends_on"]["topics"] == {"condition": "service_completed_successfully"}
    assert spec["environment"]["CME_KAFKA_CREATE_TOPICS"] == "false"
    assert topics["environment"]["CME_KAFKA_AUDIT_RETENTION_MS"] == "-1"


def test_the_portal_owns_no_data_and_reaches_the_services_through_the_front_door():
    spec = COMPOSE["services"]["portal"]
    assert not {"CME_DATABASE_URL", "CME_KAFKA_BOOTSTRAP_SERVERS", "CME_S3_ENDPOINT"} & set(spec["environment"])
    assert spec["environment"]["CME_API_BASE_URL"] == "http://edge:8000"
    assert "portal" in COMPOSE["services"]["edge"]["depends_on"]
