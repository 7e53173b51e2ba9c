"""Input that a backend cannot store is refused as 422, never a server error, on SQLite and
on PostgreSQL alike: NUL characters (PostgreSQL text refuses them), integers past the id and
column range (SQLite's and PostgreSQL's INTEGER overflow), bodies that are not UTF-8. The
schemathesis run (test_schemathesis.py) found the overflow cases on SQLite; this pins every
one of them down on both backends, with the answer each must get."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from live_server import new_database, prepare
from pg_fixture import postgres  # noqa: F401  (the fixture)

from burdenshare.api import create_app
from burdenshare.store.settings import load_settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HUGE = 2**63
PAST_INT = 2**31


def _cases(nid: int) -> list[tuple[str, str, Any, int]]:
    base = f"/api/negotiations/{nid}"
    return [
        ("POST", f"{base}/notes", {"visibility": "shared", "body": "a\x00b"}, 422),
        ("POST", f"{base}/rounds", {"number": 30, "venue": "\x00"}, 422),
        ("POST", f"{base}/offers", {"round_id": HUGE, "party": "ROK", "terms": {}}, 422),
        ("POST", f"{base}/offers", {"round_id": PAST_INT, "party": "ROK", "terms": {}}, 422),
        ("POST", f"{base}/issues", {"key": "k", "title": "t", "position": HUGE}, 422),
        ("GET", f"/api/negotiations/{HUGE}", None, 422),
        ("GET", f"/api/negotiations/{PAST_INT}", None, 422),
        ("GET", f"/api/negotiations/{PAST_INT - 1}", None, 404),
        ("GET", f"{base}/notes/{10**30}", None, 422),
        ("GET", f"{base}/issue-statuses?round_id={HUGE}", None, 422),
        ("GET", f"{base}/positions?party=R%00K", None, 422),
        ("GET", f"/api/audit?table=notes%00&record_id={HUGE}", None, 422),
        ("GET", f"/api/audit?negotiation_id={-HUGE}", None, 422),
        ("DELETE", f"{base}/rounds/1?version={HUGE}", None, 422),
        ("DELETE", f"/api/auth/tokens/{HUGE}", None, 422),
        ("POST", "/api/auth/login", {"username": "rok-demo\x00", "password": "x"}, 422),
        ("POST", "/api/auth/tokens", {"name": "t\x00"}, 422),
    ]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_unstorable_input_is_refused_with_422(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = new_database(backend, request, tmp_path)
    prepared = prepare(url)
    settings = load_settings({"BURDENSHARE_HOME": str(tmp_path)}).with_database(url)
    headers = {"Authorization": f"Bearer {prepared.tokens['rok-demo']}"}
    wrong = []
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        for method, path, body, status in _cases(prepared.negotiation_id):
            answer = client.request(method, path, json=body, headers=headers)
            if answer.status_code != status:
                wrong.append(f"{method} {path}: {answer.status_code} {answer.text[:200]}")
        raw = client.post(
            f"/api/negotiations/{prepared.negotiation_id}/notes",
            content=b"\xff\xfe{",
            headers={**headers, "Content-Type": "application/json"},
        )
        assert raw.status_code == 422 and raw.json()["detail"][0]["loc"] == ["body"]
    assert wrong == [], "\n".join(wrong)
