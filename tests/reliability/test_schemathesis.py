"""Hostile HTTP input: schemathesis against the spec the live server serves.

A uvicorn process (loopback, fresh SQLite database with the demo and a token per demo user)
gets generated requests for every operation of ``/openapi.json``: valid (positive) and invalid
(negative) data, as the analysts' admin, as a delegation's editor and without credentials.
Every answer must be no server error, a documented status code, a documented content type and
a body valid against the documented schema. The test counts the requests and asserts at least
:data:`MIN_REQUESTS` (issue 10: 5,000); writes are bounded by the number of examples.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import hypothesis
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from live_server import prepare, start
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MIN_REQUESTS = 5000
EXAMPLES = 17  # per operation × caller × mode (319 such runs on 59 operations): ~5,400
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _run(
    operation: Any, mode: GenerationMode, base: str, headers: dict[str, str], http: Any
) -> tuple[int, list[str]]:
    sent = 0
    problems: list[str] = []

    @SETTINGS
    @hypothesis.given(operation.as_strategy(generation_mode=mode))
    def one(case: Any) -> None:
        nonlocal sent
        response = case.call(base_url=base, session=http, headers=headers, timeout=30)
        sent += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (FailureGroup, AssertionError) as exc:  # every failed check
            problems.append(f"{operation.label} [{mode.value}] {response.status_code}: {exc}")

    try:
        one()
    except hypothesis.errors.Unsatisfiable:  # no invalid input exists (nothing to negate)
        assert mode == GenerationMode.NEGATIVE, operation.label
    return sent, problems


def test_generated_requests_get_valid_answers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'burdenshare.db'}"
    prepared = prepare(url)
    server = start(url, tmp_path)
    started = time.monotonic()
    callers = {
        "admin": {"Authorization": f"Bearer {prepared.tokens['analyst-demo']}"},
        "editor": {"Authorization": f"Bearer {prepared.tokens['rok-demo']}"},
        "anonymous": {},
    }
    sent: Counter[str] = Counter()
    problems: list[str] = []
    http = requests.Session()  # keep-alive: one connection for every request
    try:
        schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        for operation in operations:
            for caller, headers in callers.items():
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                    count, found = _run(operation, mode, server.url, headers, http)
                    sent[caller] += count
                    problems += found
        assert server.process.poll() is None, "the server died"
    finally:
        http.close()
        server.stop()
    seconds = time.monotonic() - started
    total = sum(sent.values())
    print(
        f"\nschemathesis: {total} requests, {len(operations)} operations, {dict(sent)}, "
        f"{seconds:.0f} s, {len(problems)} problems"
    )
    unique = sorted(set(problems))
    (tmp_path / "problems.txt").write_text("\n\n".join(unique))
    if os.environ.get("BURDENSHARE_SCHEMATHESIS_REPORT"):
        Path(os.environ["BURDENSHARE_SCHEMATHESIS_REPORT"]).write_text("\n\n".join(unique))
    assert unique == [], f"{len(unique)} problems:\n" + "\n".join(unique[:30])
    assert total >= MIN_REQUESTS
    assert "Traceback" not in server.log()
