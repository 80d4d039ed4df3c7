"""The Kubernetes manifests in deploy/k8s render (base + overlays) and pass schema validation.

kustomize itself is a Go binary; a small renderer here applies the subset of Kustomization
fields deploy/k8s uses (resources, namespace, labels, images, replicas, patches as JSON 6902
operations or merge patches) and fails on any other field, so the manifests cannot quietly
rely on something it ignores. Every rendered object is then checked by `kubernetes-validate`
(PyPI; ships the Kubernetes OpenAPI JSON schemas, works offline) in strict mode.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from prometheus_client import Counter, Gauge, Histogram

from cme_contracts import topics
from cme_notifications.adapters import metrics as notification_metrics
from cme_platform import metrics
from cme_platform.settings import WebSettings

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("dev", "production")
SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "pyproject.toml").exists())
# The services that own data: a database to migrate and a worker (relay, consumers). The portal owns none.
DATA_SERVICES = [s for s in SERVICES if (ROOT / "services" / s / "src" / f"cme_{s}" / "migrations").is_dir()]
KUBERNETES_VERSION = "1.30.0"
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass"}
SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "labels", "images", "replicas", "patches"}


def render(directory: Path) -> list[dict]:
    """The objects of a kustomization directory, with its transformations applied."""
    spec = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unknown = set(spec) - SUPPORTED
    assert not unknown, f"{directory}: the test renderer does not support {unknown}"
    objects: list[dict] = []
    for resource in spec.get("resources", []):
        path = directory / resource
        objects += render(path) if path.is_dir() else [d for d in yaml.safe_load_all(path.read_text()) if d]
    for obj in objects:
        _transform(obj, spec)
    for patch in spec.get("patches", []):
        targets = [o for o in objects if all(o.get(k, o["metadata"].get(k)) == v for k, v in patch["target"].items())]
        assert targets, f"{directory}: patch target {patch['target']} matches nothing"
        for obj in targets:
            _patch(obj, yaml.safe_load(patch["patch"]))
    return objects


def _transform(obj: dict, spec: dict) -> None:
    if "namespace" in spec and obj["kind"] not in CLUSTER_SCOPED:
        obj["metadata"]["namespace"] = spec["namespace"]
    for label in spec.get("labels", []):
        obj["metadata"].setdefault("labels", {}).update(label["pairs"])
    for replica in spec.get("replicas", []):
        if obj["kind"] in ("Deployment", "StatefulSet") and obj["metadata"]["name"] == replica["name"]:
            obj["spec"]["replicas"] = replica["count"]
    for container in containers(obj):
        name, _, tag = container["image"].partition(":")
        for image in spec.get("images", []):
            if image["name"] == name:
                container["image"] = f"{image.get('newName', name)}:{image.get('newTag', tag)}"


def _patch(obj: dict, patch) -> None:
    if isinstance(patch, list):  # JSON 6902: the operations deploy/k8s uses
        for op in patch:
            *parents, last = [int(p) if p.isdigit() else p for p in op["path"].strip("/").split("/")]
            node = obj
            for part in parents:
                node = node[part]
            assert op["op"] in ("replace", "add"), op
            node[last] = op["value"]
    else:
        _merge(obj, patch)


def _merge(into: dict, patch: dict) -> None:
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = copy.deepcopy(value)


def containers(obj: dict) -> list[dict]:
    """The containers of a workload's pod template."""
    spec = obj.get("spec", {})
    template = spec.get("jobTemplate", {}).get("spec", spec).get("template", {})
    return template.get("spec", {}).get("containers", [])


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request) -> tuple[str, list[dict]]:
    return request.param, render(K8S / "overlays" / request.param)


def find(objects: list[dict], kind: str, name: str) -> dict | None:
    return next((o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name), None)


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_the_renderer_agrees_with_kubectl_kustomize(rendered):
    overlay, objects = rendered
    output = subprocess.run(["kubectl", "kustomize", str(K8S / "overlays" / overlay)],
                            capture_output=True, text=True, check=True).stdout
    key = lambda o: (o["kind"], o["metadata"]["name"])  # noqa: E731
    assert sorted(objects, key=key) == sorted((o for o in yaml.safe_load_all(output) if o), key=key)


def test_every_rendered_manifest_passes_the_kubernetes_schema(rendered):
    overlay, objects = rendered
    assert len(objects) > 40
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{overlay}: {obj['kind']}/{obj['metadata']['name']}: {error.message} at {list(error.path)}")


def test_each_service_has_probes_limits_a_migration_job_and_autoscaled_api_and_workers(rendered):
    _, objects = rendered
    assert set(SERVICES) - set(DATA_SERVICES) == {"portal"}
    for service in SERVICES:
        owns_data = service in DATA_SERVICES
        for name in (service, f"{service}-worker") if owns_data else (service,):
            deployment = find(objects, "Deployment", name)
            assert deployment, f"no Deployment {name}"
            [container] = containers(deployment)
            assert container["command"] == [f"cme-{service}"]
            assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
            assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]) & set(container["resources"]["limits"])
        assert find(objects, "HorizontalPodAutoscaler", service)["spec"]["scaleTargetRef"]["name"] == service
        if not owns_data:
            assert not find(objects, "Job", f"{service}-migrate")
            assert not find(objects, "Deployment", f"{service}-worker")
            continue
        job = find(objects, "Job", f"{service}-migrate")
        assert job and containers(job)[0]["command"] == ["cme-migrate", f"cme_{service}"]
        worker_hpa = find(objects, "HorizontalPodAutoscaler", f"{service}-worker")
        # More consumers in a group than partitions would sit idle.
        assert worker_hpa["spec"]["maxReplicas"] <= topics.PARTITIONS
        assert worker_hpa["spec"]["metrics"][0]["external"]["metric"]["name"] == "cme_consumer_lag"


def test_references_between_objects_resolve(rendered):
    overlay, objects = rendered
    names = {(o["kind"], o["metadata"]["name"]) for o in objects}
    pods = [o for o in objects if containers(o)]
    for obj in pods:
        for container in containers(obj):
            for source in container.get("envFrom", []):
                for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
                    if key in source and overlay == "dev":  # production creates its secrets out of band
                        assert (kind, source[key]["name"]) in names, f"{obj['metadata']['name']}: {source}"
    for service in (o for o in objects if o["kind"] == "Service"):
        selector = service["spec"]["selector"].items()
        assert any(selector <= o["spec"]["template"]["metadata"]["labels"].items()
                   for o in pods if o["kind"] in ("Deployment", "StatefulSet")), service["metadata"]["name"]
    for rule in find(objects, "Ingress", "cme")["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            assert ("Service", path["backend"]["service"]["name"]) in names


def test_production_carries_no_placeholder_secrets_and_pins_its_image(rendered):
    overlay, objects = rendered
    if overlay != "production":
        pytest.skip("production only")
    assert not [o for o in objects if o["kind"] == "Secret"], "secrets are created out of band, never from the repo"
    images = {c["image"] for o in objects for c in containers(o)}
    assert images == {"registry.example.org/cme/cme-platform:0.1.0"}


def _variables(objects: list[dict], deployment: dict) -> set[str]:
    """Every variable a Deployment's container is given: its config maps' and secrets' keys, and its own."""
    [container] = containers(deployment)
    given = {variable["name"] for variable in container.get("env", [])}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            given |= find(objects, "ConfigMap", source["configMapRef"]["name"])["data"].keys()
        else:
            given |= find(objects, "Secret", source["secretRef"]["name"])["stringData"].keys()
    return given


def test_configured_variables_are_settings_the_service_reads():
    objects = render(K8S / "overlays" / "dev")
    for service in SERVICES:
        module = importlib.import_module(f"cme_{service}.config")
        [settings] = [c for _, c in inspect.getmembers(module, inspect.isclass)
                      if issubclass(c, WebSettings) and c.__module__ == module.__name__]
        known = {f"CME_{field.upper()}" for field in settings.model_fields}
        given = _variables(objects, find(objects, "Deployment", service))
        unknown = given - {"CME_RUN_WORKERS"} - known
        assert not unknown, f"{service} reads no {sorted(unknown)}"
        required = {f"CME_{n.upper()}" for n, f in settings.model_fields.items() if f.is_required()}
        assert required <= given, f"{service} needs {sorted(required - given)}"


def exported_metric_names() -> set[str]:
    """The series names the platform's metrics module and the notifications service expose."""
    names = {"up"}
    for metric in [*vars(metrics).values(), *vars(notification_metrics).values()]:
        if isinstance(metric, Counter):
            names.add(f"{metric._name}_total")
        elif isinstance(metric, Histogram):
            names |= {f"{metric._name}_{suffix}" for suffix in ("bucket", "sum", "count")}
        elif isinstance(metric, Gauge):
            names.add(metric._name)
    return names


def test_alerts_and_dashboard_query_only_metrics_the_services_export():
    observability = ROOT / "deploy" / "observability"
    rules = [r for g in yaml.safe_load((observability / "alerts.yml").read_text())["groups"] for r in g["rules"]]
    panels = json.loads((observability / "grafana-dashboard.json").read_text())["panels"]
    expressions = [r["expr"] for r in rules] + [t["expr"] for p in panels for t in p["targets"]]
    used = {name for expr in expressions for name in re.findall(r"\b(cme_[a-z_]+|up)\b(?=[{\[\s)]|$)", expr)}
    assert {"cme_consumer_lag", "cme_outbox_backlog", "cme_events_dead_lettered_total"} <= used
    business = {"cme_scans_total", "cme_credit_decisions_total", "cme_certificates_total",
                "cme_sign_in_failures_total", "cme_outbox_oldest_unpublished_seconds", "cme_notifications_failed_total"}
    panelled = {n for p in panels for t in p["targets"] for n in re.findall(r"\bcme_[a-z_]+", t["expr"])}
    alerted = {n for r in rules for n in re.findall(r"\bcme_[a-z_]+", r["expr"])}
    assert business <= panelled and business <= alerted, (business - panelled, business - alerted)
    assert used <= exported_metric_names(), used - exported_metric_names()
    assert all(r["labels"]["severity"] and r["annotations"]["summary"] for r in rules)


def test_topics_are_created_by_a_job_with_three_copies_in_production(rendered):
    overlay, objects = rendered
    job = find(objects, "Job", "cme-topics")
    assert job and containers(job)[0]["command"] == ["cme-topics", "create"]
    config = find(objects, "ConfigMap", "cme-config")["data"]
    assert config["CME_KAFKA_CREATE_TOPICS"] == "false" and config["CME_KAFKA_AUDIT_RETENTION_MS"] == "-1"
    copies = (config["CME_KAFKA_REPLICATION_FACTOR"], config["CME_KAFKA_MIN_INSYNC_REPLICAS"])
    assert copies == (("3", "2") if overlay == "production" else ("1", "1"))


def test_the_edge_and_every_worker_have_a_disruption_budget_that_lets_a_drain_proceed(rendered):
    overlay, objects = rendered
    for name in ("edge", *(f"{s}-worker" for s in DATA_SERVICES)):
        budget = find(objects, "PodDisruptionBudget", name)
        assert budget, f"no PodDisruptionBudget {name}"
        deployment = find(objects, "Deployment", name)
        assert (
            budget["spec"]["selector"]["matchLabels"].items()
            <= deployment["spec"]["template"]["metadata"]["labels"].items()
        )
        # A budget as large as the replica count would block every node drain.
        assert budget["spec"]["minAvailable"] < deployment["spec"]["replicas"], (overlay, name)
