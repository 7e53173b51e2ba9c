"""Issue 20, findings 4, 5, 8, 10 and 11, in process on a demo database (SQLite): the server's
limits (limits.py) and the answers they give, one documented 4xx each, nothing stored.

* JSON bodies with NaN, ±Infinity, 1e999, a 5000-digit integer, a lone surrogate or 100 000
  levels of nesting: 422 naming the problem; the other delegation's /data/tracker and the
  export stay valid.
* A body past MAX_BODY_BYTES: 413; a 422 quotes at most MAX_ECHO characters of the input.
* Over-large ids on the dashboard's routes: 422, not 500.
* `Cache-Control: no-store` on every page, /data JSON, briefing and API answer (not on the
  static files).
* `serve` turns uvicorn's proxy headers off unless --trusted-proxy names the proxy.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_server import Prepared, prepare

from burdenshare.api.bodyguard import BodyRefused, check_json
from burdenshare.cli_tracker import uvicorn_options
from burdenshare.limits import MAX_BODY_BYTES, MAX_ECHO, MAX_INT
from burdenshare.store.database import open_database
from burdenshare.store.exchange import dumps, export_negotiation
from burdenshare.store.settings import load_settings
from burdenshare.web import create_web_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROK = {"username": "rok-demo", "password": "rok-demo-2018"}


pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def demo(tmp_path: Path) -> tuple[str, Prepared]:
    url = f"sqlite:///{tmp_path / 'burdenshare.db'}"
    return url, prepare(url)


@pytest.fixture
def client(demo: tuple[str, Prepared], tmp_path: Path) -> Iterator[Any]:
    settings = load_settings({"BURDENSHARE_HOME": str(tmp_path)}).with_database(demo[0])
    app = create_web_app(settings)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as test:
        yield test


BAD_JSON = [
    (b'{"visibility": "shared", "body": "x", "round_id": NaN}', "NaN is not a JSON number"),
    (b'{"visibility": "shared", "body": "x", "round_id": -Infinity}', "-Infinity is not"),
    (b'{"visibility": "shared", "body": "x", "round_id": 1e999}', "1e999 is too large"),
    (b'{"visibility": "shared", "body": "x", "round_id": ' + b"9" * 5000 + b"}", "too many digits"),
    (b'{"visibility": "shared", "body": "\\ud800"}', "lone surrogate"),
    (b'{"visibility": "shared", "body": "x", "k\\udfff": 1}', "lone surrogate"),
    (b"[" * 100_000 + b"]" * 100_000, "nests too deeply"),
]


@pytest.mark.parametrize(("body", "problem"), BAD_JSON, ids=range(len(BAD_JSON)))
def test_check_json_refuses_what_json_and_the_databases_cannot_hold(
    body: bytes, problem: str
) -> None:
    with pytest.raises(BodyRefused) as refused:
        check_json(body)
    assert refused.value.status == 422 and problem in refused.value.message
    check_json(b'{"a": [1.5, -2, "\\u00e9", {"b": null}]}')  # ordinary JSON passes
    check_json(b"not json")  # left to the route's own 422


def test_bad_numbers_and_text_are_422_and_never_stored(
    client: Any, demo: tuple[str, Prepared]
) -> None:
    url, prepared = demo
    nid = prepared.negotiation_id
    us = {"Authorization": f"Bearer {prepared.tokens['us-demo']}"}
    rok = {"Authorization": f"Bearer {prepared.tokens['rok-demo']}"}
    json_type = {"Content-Type": "application/json"}
    for body, problem in BAD_JSON:
        for path in ("notes", "offers", "profiles"):
            answer = client.post(
                f"/api/negotiations/{nid}/{path}", content=body, headers=us | json_type
            )
            assert answer.status_code == 422, (path, answer.text[:200])
            assert problem in answer.json()["detail"][0]["msg"]
    # the other delegation's views and the export stay valid (they answered 500 before)
    assert client.post("/tracker/login", data=ROK, follow_redirects=False).status_code == 403
    assert client.get(f"/api/negotiations/{nid}/notes", headers=rok).status_code == 200
    database = open_database(url)
    try:
        with database.reader() as session:
            text = dumps(export_negotiation(session, "sma-10-2018"))
    finally:
        database.dispose()
    assert "NaN" not in text and "Infinity" not in text
    json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the export"))


def test_body_limit_413_and_a_422_never_echoes_a_big_body(client: Any) -> None:
    huge = b'{"username": "' + b"a" * MAX_BODY_BYTES + b'", "password": "x"}'
    answer = client.post("/api/auth/login", content=huge)
    assert answer.status_code == 413
    assert answer.json() == {"detail": f"the request body exceeds {MAX_BODY_BYTES} bytes"}
    big = "a" * (MAX_BODY_BYTES // 2)
    answer = client.post("/api/auth/login", json={"username": big, "password": "x"})
    assert answer.status_code == 422
    assert len(answer.content) < 3 * MAX_ECHO + 500
    shown = answer.json()["detail"][0]["input"]
    assert shown.startswith("a" * 100) and shown.endswith(f"({len(big)} characters, cut)")


def test_over_large_ids_on_dashboard_routes_are_422(client: Any) -> None:
    client.get("/tracker")
    from test_access import expected_token

    login = client.post(
        "/tracker/login", data={**ROK, "csrf_token": expected_token(client)}, follow_redirects=False
    )
    assert login.status_code == 303
    for path in (
        f"/tracker?negotiation={MAX_INT + 1}",
        f"/data/tracker?negotiation={10**30}",
        f"/tracker/{MAX_INT + 1}/briefing.html",
        f"/tracker/{10**30}/briefing.pdf",
    ):
        assert client.get(path).status_code == 422, path
    form = {"number": "12", "csrf_token": expected_token(client)}
    assert client.post(f"/tracker/{MAX_INT + 1}/rounds", data=form).status_code == 422
    offer = {"round_id": str(2**31), "csrf_token": expected_token(client)}
    assert client.post("/tracker/1/offers", data=offer).status_code == 422


def test_no_store_on_every_private_answer_not_on_static_files(
    client: Any, demo: tuple[str, Prepared]
) -> None:
    nid = demo[1].negotiation_id
    client.get("/tracker")
    from test_access import expected_token

    client.post("/tracker/login", data={**ROK, "csrf_token": expected_token(client)})
    for path in (
        "/",
        "/tracker",
        f"/tracker?negotiation={nid}",
        f"/data/tracker?negotiation={nid}",
        f"/tracker/{nid}/briefing.html",
        "/proposals/briefing.html",
        f"/api/negotiations/{nid}/notes",
        "/nowhere",
    ):
        answer = client.get(path)
        assert answer.headers.get("cache-control") == "no-store", (path, answer.status_code)
    assert client.get("/static/dashboard.js").headers.get("cache-control") != "no-store"


def test_serve_believes_no_proxy_unless_told() -> None:
    settings = load_settings({})
    default = uvicorn_options(settings, None, None, None)
    assert default["proxy_headers"] is False and default["forwarded_allow_ips"] == ""
    behind = uvicorn_options(settings, "0.0.0.0", 9000, "10.0.0.5")
    assert behind == {
        "host": "0.0.0.0",
        "port": 9000,
        "proxy_headers": True,
        "forwarded_allow_ips": "10.0.0.5",
    }


def test_export_of_a_legacy_nan_is_one_line_and_exit_2(demo: tuple[str, Prepared]) -> None:
    """A NaN stored before the guard existed (written here behind the API's back): the export
    refuses to write invalid JSON, in one line with exit code 2."""
    from sqlalchemy import select
    from test_tracker_exchange import cli

    from burdenshare.store.models import Offer

    url, _ = demo
    database = open_database(url)
    try:
        with database.writer() as session:
            offer = session.scalars(select(Offer)).first()
            assert offer is not None
            offer.terms = {**offer.terms, "amount": float("nan")}
            session.commit()
    finally:
        database.dispose()
    code, out = cli(
        "negotiation", "export", "-", "--negotiation", "sma-10-2018", "--database-url", url
    )
    assert (code, out) == (2, "error: sma-10-2018: holds NaN or Infinity: not valid JSON")
