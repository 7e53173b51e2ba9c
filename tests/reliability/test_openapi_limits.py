"""/openapi.json declares the body guard's answers: 408 and 413 on every operation that takes a
request body (issue 20's leftover: they were named only in the API's description), each with
the Problem body the guard really sends."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from live_server import prepare

from burdenshare.api.responses import Problem
from burdenshare.limits import MAX_BODY_BYTES
from burdenshare.store.settings import load_settings
from burdenshare.web import create_web_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    home: Path = tmp_path_factory.mktemp("openapi")
    url = f"sqlite:///{home / 'burdenshare.db'}"
    prepare(url)
    settings = load_settings({"BURDENSHARE_HOME": str(home)}).with_database(url)
    with TestClient(create_web_app(settings), base_url="http://127.0.0.1") as test:
        yield test


def test_408_and_413_are_declared_on_every_operation_with_a_body(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    operations = [
        (method, path, op) for path, ops in spec["paths"].items() for method, op in ops.items()
    ]
    with_body = [(m, p) for m, p, op in operations if "requestBody" in op]
    declared = [(m, p) for m, p, op in operations if {"408", "413"} <= set(op["responses"])]
    assert declared == with_body
    assert ("post", "/api/auth/login") in with_body and len(with_body) >= 20
    assert ("get", "/api/health") not in declared  # no body, no body limits
    login = spec["paths"]["/api/auth/login"]["post"]["responses"]
    assert "1,048,576 bytes" in login["413"]["description"]
    assert "5 s" in login["408"]["description"] and "15 s" in login["408"]["description"]
    for code in ("408", "413"):
        schema = login[code]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Problem"}
    assert spec["components"]["schemas"]["Problem"]["required"] == ["detail"]


def test_the_413_sent_is_the_problem_declared(client: Any) -> None:
    body = b'{"username": "' + b"a" * MAX_BODY_BYTES + b'", "password": "x"}'
    answer = client.post("/api/auth/login", content=body)
    assert answer.status_code == 413
    assert Problem.model_validate(answer.json()).detail == (
        f"the request body exceeds {MAX_BODY_BYTES} bytes"
    )
