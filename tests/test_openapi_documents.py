"""Each service's OpenAPI document describes what it really answers: the platform's error
shape (not FastAPI's `detail`), the 4xx each operation gives, and an example of each body."""

from __future__ import annotations

import importlib

import pytest

from cme_platform.devstack.dev_services import SERVICES
from cme_platform.testing.tokens import public_key_pem

# Enough for the app to be built (nothing is started): the document needs no server.
BASE = {"database_url": "postgresql+asyncpg://u@127.0.0.1:1/db", "kafka_bootstrap_servers": "127.0.0.1:1",
        "jwt_public_key": public_key_pem(), "s3_endpoint": "http://127.0.0.1:1", "s3_bucket": "b",
        "s3_access_key": "a", "s3_secret_key": "s"}


def document(name: str) -> dict:
    config = importlib.import_module(f"cme_{name}.config")
    app_module = importlib.import_module(f"cme_{name}.entrypoints.app")
    settings_cls = next(c for c in vars(config).values() if isinstance(c, type) and c.__module__ == config.__name__
                        and c.__name__.endswith("Settings"))
    required = {n: _dummy(n) for n, f in settings_cls.model_fields.items() if f.is_required() and n not in BASE}
    return app_module.create_app(settings_cls(**BASE, **required)).openapi()


def _dummy(name: str) -> str:
    if name.endswith("_url"):
        return "redis://127.0.0.1:1/0"
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    if name.endswith("_key") and "public" not in name:
        key = Ed25519PrivateKey.generate()
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()
    return "x" * 40


def operations(doc: dict):
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


@pytest.mark.parametrize("service", [s.name for s in SERVICES])
def test_errors_are_documented_in_the_platform_shape(service):
    doc = document(service)
    text = str(doc)
    assert "HTTPValidationError" not in text and "'detail'" not in text
    assert doc["components"]["schemas"]["Error"]["properties"]["error"]["required"] == ["code", "message"]
    for path, method, operation in operations(doc):
        responses = operation["responses"]
        assert {"422", "503"} <= set(responses), (path, method)
        assert responses["503"]["headers"]["Retry-After"]
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        if "{" in path:
            assert "404" in responses, (path, method)


@pytest.mark.parametrize("service", [s.name for s in SERVICES])
def test_every_request_body_has_an_example(service):
    for path, method, operation in operations(document(service)):
        for media in operation.get("requestBody", {}).get("content", {}).values():
            assert "example" in media or "examples" in media, (path, method)


def test_a_reviewers_operation_lists_401_and_403():
    reviews = document("credits")["paths"]["/api/credits/reviews"]["post"]
    assert {"401", "403", "422", "503"} <= set(reviews["responses"])
    assert set(reviews["requestBody"]["content"]["application/json"]["example"]) >= {"credit_ids", "decision"}
