"""The NetworkPolicies of deploy/k8s: each service is reached only from the edge (and
Prometheus), and reaches only DNS and its own infrastructure; the edge reaches only the
services. Schema validation of the rendered objects is in test_k8s_manifests.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

BASE = Path(__file__).resolve().parents[1] / "deploy" / "k8s" / "base"
# Every service folder, so a new service without its policy fails here.
SERVICES = sorted(p.name for p in (Path(__file__).resolve().parents[1] / "services").iterdir() if (p / "src").is_dir())
INFRA_PORTS = {"postgres": 5432, "kafka": 9092, "redis": 6379, "minio": 9000}


def _documents(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


POLICIES = {p["metadata"]["name"]: p for p in _documents(BASE / "network-policies.yaml")}


def _peers(rule: dict) -> set[str]:
    """Names (app.kubernetes.io/name, or the namespace) a rule's peers select."""
    names = set()
    for peer in rule.get("to", rule.get("from", [])):
        labels = peer.get("podSelector", {}).get("matchLabels", {})
        namespace = peer.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name")
        if "ipBlock" in peer:
            names.add("gateways")  # addresses outside the cluster
            continue
        names.add(labels.get("app.kubernetes.io/name") or labels.get("k8s-app") or f"namespace:{namespace}")
    return names


def test_the_policies_are_part_of_the_base():
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text())
    assert "network-policies.yaml" in kustomization["resources"]
    assert set(POLICIES) == {*SERVICES, "edge"}


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_is_reached_only_from_the_edge_and_reaches_only_its_infrastructure(service):
    spec = POLICIES[service]["spec"]
    pods = {d["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/name"]
            for d in _documents(BASE / "services" / f"{service}.yaml") if d["kind"] in ("Deployment", "Job")}
    assert pods == {spec["podSelector"]["matchLabels"]["app.kubernetes.io/name"]}, "selects the API, worker and job"
    assert set(spec["policyTypes"]) == {"Ingress", "Egress"}
    [ingress] = spec["ingress"]
    assert _peers(ingress) == {"edge", "namespace:monitoring"} and ingress["ports"] == [
        {"protocol": "TCP", "port": 8000}
    ]
    reached = {name: rule["ports"] for rule in spec["egress"] for name in _peers(rule)}
    expected = {"kube-dns", "postgres", "kafka", "redis"} | (
        {"minio"} if service in ("evidence", "certificates") else set()
    )
    expected |= {"edge"} if service == "certificates" else set()  # compliance proofs ask credits
    if service == "portal":  # no data of its own: its pages call the services' APIs through the edge
        expected = {"kube-dns", "edge"}
    expected |= {"gateways"} if service == "notifications" else set()
    assert set(reached) == expected
    for name, port in INFRA_PORTS.items():
        if name in reached:
            assert reached[name] == [{"protocol": "TCP", "port": port}], name


def test_the_edge_reaches_only_the_services_apis():
    spec = POLICIES["edge"]["spec"]
    to_services = [r for r in spec["egress"] if "kube-dns" not in _peers(r)]
    [rule] = to_services
    [peer] = rule["to"]
    selector = peer["podSelector"]
    [expression] = selector["matchExpressions"]
    assert (expression["key"], expression["operator"]) == ("app.kubernetes.io/name", "In")
    assert sorted(expression["values"]) == SERVICES
    assert selector["matchLabels"] == {"app.kubernetes.io/component": "api"}
    assert rule["ports"] == [{"protocol": "TCP", "port": 8000}]
