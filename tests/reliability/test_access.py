"""Access hardening of the dashboard and the API, in process on a demo database.

CSRF: every POST form of every template carries the token of its browser and session, and
every form route (and every cookie-authenticated API write) refuses a request without it or
with a wrong one (403) and accepts it with the right one. Logins are rate limited per user
name and per client address (429 with Retry-After; a success clears the user's failures).
Expired sessions, revoked or expired tokens and sessions from before a password change are
refused. Every answer (pages, API, errors, docs) carries the security headers and the CSP.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from live_server import Prepared, prepare
from sqlalchemy import select, update

from burdenshare.api.access import route_keys
from burdenshare.api.ratelimit import LoginLimiter
from burdenshare.api.security import CSP, CSRF_COOKIE, DOCS_CSP, SESSION_COOKIE, csrf_token
from burdenshare.store.access import SYSTEM
from burdenshare.store.base import utcnow
from burdenshare.store.database import open_database
from burdenshare.store.models import ApiToken, WebSession
from burdenshare.store.settings import load_settings
from burdenshare.store.users import create_user
from burdenshare.web import WEB_RULES, create_web_app
from burdenshare.web.forms import proposal_defaults
from burdenshare.web.render import HERE
from burdenshare.web.views import NEGOTIATION_SCENARIO, scenario

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROK = {"username": "rok-demo", "password": "rok-demo-2018"}
US = {"username": "us-demo", "password": "us-demo-2018"}


pytestmark = pytest.mark.usefixtures("fast_hashing")  # many logins: cheap argon2 here


@pytest.fixture
def demo(tmp_path: Path) -> tuple[str, Prepared]:
    url = f"sqlite:///{tmp_path / 'burdenshare.db'}"
    return url, prepare(url)


@pytest.fixture
def client(demo: tuple[str, Prepared], tmp_path: Path) -> Iterator[Any]:
    settings = load_settings({"BURDENSHARE_HOME": str(tmp_path)}).with_database(demo[0])
    with TestClient(create_web_app(settings), base_url="http://127.0.0.1") as test_client:
        yield test_client


class Forms(HTMLParser):
    """The POST forms of a page: action -> the value of its csrf_token field (or None)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, str | None] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and (found.get("method") or "get").lower() == "post":
            self._current = found.get("action") or ""
            self.forms[self._current] = None
        elif tag == "input" and self._current is not None and found.get("name") == "csrf_token":
            self.forms[self._current] = found.get("value")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def post_forms(html: str) -> dict[str, str | None]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def expected_token(client: Any) -> str:
    return csrf_token(client.cookies[CSRF_COOKIE], client.cookies.get(SESSION_COOKIE))


def web_login(client: Any, who: dict[str, str]) -> Any:
    client.get("/tracker")
    return client.post(
        "/tracker/login", data={**who, "csrf_token": expected_token(client)}, follow_redirects=False
    )


def test_every_post_form_of_every_template_has_the_token_field() -> None:
    templates = sorted((HERE / "templates").glob("*.html"))
    posts = 0
    for template in templates:
        for form in re.findall(r"<form[^>]*>.*?</form>", template.read_text(), re.S):
            if 'method="post"' in form:
                posts += 1
                assert 'name="csrf_token" value="{{ csrf_token }}"' in form, template.name
    assert posts == 10


def test_every_rendered_post_form_carries_the_token_of_its_browser_and_session(
    client: Any,
) -> None:
    seen: dict[str, str | None] = {}
    for path in ("/", "/history", "/proposals", "/lapse", "/negotiation", "/tracker"):
        answer = client.get(path)
        assert answer.status_code == 200
        for action, token in post_forms(answer.text).items():
            assert token == expected_token(client), (path, action)
            seen[action] = token
    anonymous = expected_token(client)
    assert web_login(client, ROK).status_code == 303
    logged_in = expected_token(client)
    assert logged_in != anonymous  # bound to the session
    for path in ("/tracker", "/proposals"):
        for action, token in post_forms(client.get(path).text).items():
            assert token == logged_in, (path, action)
            seen[action] = token
    assert set(seen) == {
        "/tracker/login",
        "/tracker/logout",
        "/proposals",
        "/proposals/save",
        "/negotiation/simulations",
        "/tracker/1/rounds",
        "/tracker/1/offers",
        "/tracker/1/notes",
        "/tracker/1/issue-statuses",
        "/tracker/1/clauses",
    }


def _form_posts(nid: int) -> list[tuple[str, dict[str, str], int]]:
    """Each form route with a good form and the status it answers once the token is right."""
    return [
        ("/proposals", proposal_defaults("us-150pct", scenario(NEGOTIATION_SCENARIO)), 200),
        ("/proposals/save", {"proposal": "us-150pct", "name": "x"}, 422),
        ("/negotiation/simulations", {"runs": "10", "seed": "1"}, 202),
        (f"/tracker/{nid}/rounds", {"number": "12", "starts_on": "2019-03-01"}, 303),
        (f"/tracker/{nid}/offers", {"round_id": "0"}, 422),
        (f"/tracker/{nid}/notes", {"note_visibility": "private", "note_body": ""}, 422),
        (f"/tracker/{nid}/issue-statuses", {"status_issue_id": "0"}, 422),
        (f"/tracker/{nid}/clauses", {"clause_key": "k", "clause_title": ""}, 422),
        ("/tracker/logout", {}, 303),
        ("/tracker/login", ROK, 303),
    ]


def test_form_posts_without_or_with_a_wrong_token_are_refused(
    client: Any, demo: tuple[str, Prepared]
) -> None:
    nid = demo[1].negotiation_id
    assert web_login(client, ROK).status_code == 303
    for path, form, status in _form_posts(nid):
        good = expected_token(client)
        for bad in ({}, {"csrf_token": ""}, {"csrf_token": "0" * 64}, {"csrf_token": good[:-1]}):
            answer = client.post(path, data={**form, **bad}, follow_redirects=False)
            assert answer.status_code == 403, (path, bad, answer.text[:200])
            assert "CSRF" in answer.json()["detail"]
        answer = client.post(path, data={**form, "csrf_token": good}, follow_redirects=False)
        assert answer.status_code == status, (path, answer.text[:300])


def test_a_token_of_another_session_or_site_is_refused(client: Any) -> None:
    web_login(client, ROK)
    rok_token = expected_token(client)
    rok_cookies = dict(client.cookies)
    client.cookies.clear()
    web_login(client, US)
    assert expected_token(client) != rok_token
    refused = client.post("/tracker/logout", data={"csrf_token": rok_token})
    assert refused.status_code == 403
    cross = client.post(
        "/tracker/logout",
        data={"csrf_token": expected_token(client)},
        headers={"Origin": "http://evil.example"},
    )
    assert cross.status_code == 403 and cross.json()["detail"] == "cross-site request refused"
    client.cookies.clear()
    client.cookies.update(rok_cookies)
    assert client.get("/api/auth/me").json()["username"] == "rok-demo"


def test_cookie_authenticated_api_writes_need_the_token_bearer_ones_do_not(
    client: Any, demo: tuple[str, Prepared]
) -> None:
    url = f"/api/negotiations/{demo[1].negotiation_id}/notes"
    note = {"visibility": "shared", "body": "csrf"}
    login = client.post("/api/auth/login", json=ROK)
    header = login.headers["X-CSRF-Token"]
    assert header == expected_token(client)
    assert client.post(url, json=note).status_code == 403
    assert client.post(url, json=note, headers={"X-CSRF-Token": "f" * 64}).status_code == 403
    assert client.post(url, json=note, headers={"X-CSRF-Token": header}).status_code == 201
    bearer = {"Authorization": f"Bearer {demo[1].tokens['rok-demo']}"}
    client.cookies.clear()
    assert client.post(url, json=note, headers=bearer).status_code == 201


def test_login_rate_limit_per_user_name(client: Any) -> None:
    wrong = {"username": "rok-demo", "password": "wrong-password"}
    for _ in range(5):
        assert client.post("/api/auth/login", json=wrong).status_code == 401
    limited = client.post("/api/auth/login", json=ROK)  # even the right password now
    assert limited.status_code == 429
    assert 890 <= int(limited.headers["Retry-After"]) <= 900
    assert client.post("/api/auth/login", json=US).status_code == 200  # another user: fine
    page = client.post(
        "/tracker/login", data={**ROK, "csrf_token": expected_token(client)}, follow_redirects=False
    )
    assert page.status_code == 429 and int(page.headers["Retry-After"]) > 0
    assert "too many failed logins" in page.text


def test_a_successful_login_clears_the_failures(client: Any) -> None:
    wrong = {"username": "us-demo", "password": "wrong-password"}
    for _ in range(4):
        assert client.post("/api/auth/login", json=wrong).status_code == 401
    assert client.post("/api/auth/login", json=US).status_code == 200
    for _ in range(4):
        assert client.post("/api/auth/login", json=wrong).status_code == 401
    assert client.post("/api/auth/login", json=US).status_code == 200


def test_login_rate_limit_per_client_address_and_web_form(client: Any) -> None:
    client.get("/tracker")
    for k in range(20):
        form = {"username": f"nobody-{k}", "password": "x", "csrf_token": expected_token(client)}
        assert client.post("/tracker/login", data=form).status_code == 401
    fresh = client.post("/api/auth/login", json={"username": "fresh", "password": "whatever"})
    assert fresh.status_code == 429 and int(fresh.headers["Retry-After"]) > 0
    assert client.post("/api/auth/login", json=ROK).status_code == 429


def test_the_limiter_window_slides() -> None:
    now = [1000.0]
    limiter = LoginLimiter(per_user=3, per_address=100, window=60.0, clock=lambda: now[0])
    for t in (0.0, 10.0, 20.0):
        now[0] = 1000.0 + t
        assert limiter.retry_after("Alice ", "a") is None
        limiter.failed("Alice ", "a")
    assert limiter.retry_after("alice", "b") == 40  # the first failure leaves at 1060
    now[0] = 1060.0
    assert limiter.retry_after("alice", "b") is None
    limiter.failed("alice", "b")
    assert limiter.retry_after("alice", "c") == 10
    limiter.succeeded("ALICE")
    assert limiter.retry_after("alice", "c") is None
    small = LoginLimiter(max_keys=10, clock=lambda: 0.0)
    for k in range(100):
        small.failed(f"user-{k}", "a")
    assert len(small._failures) <= 10


def test_expired_sessions_and_revoked_or_expired_tokens_are_refused(
    client: Any, demo: tuple[str, Prepared]
) -> None:
    url, prepared = demo
    assert client.post("/api/auth/login", json=ROK).status_code == 200
    assert client.get("/api/auth/me").status_code == 200
    database = open_database(url)
    try:
        with database.writer() as session:
            session.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
            session.commit()
        assert client.get("/api/auth/me").status_code == 401
        assert "login-form" in client.get("/tracker").text
        client.cookies.clear()
        bearer = {"Authorization": f"Bearer {prepared.tokens['us-demo']}"}
        assert client.get("/api/auth/me", headers=bearer).status_code == 200
        with database.writer() as session:
            token_id = session.scalar(select(ApiToken.id).where(ApiToken.name == "tests"))
            session.execute(
                update(ApiToken)
                .where(ApiToken.id == token_id)
                .values(expires_at=utcnow() - timedelta(seconds=1))
            )
            session.commit()
        first = {"Authorization": f"Bearer {next(iter(prepared.tokens.values()))}"}
        assert client.get("/api/auth/me", headers=first).status_code == 401  # expired
        made = client.post("/api/auth/tokens", json={"name": "revoke-me"}, headers=bearer).json()
        mine = {"Authorization": f"Bearer {made['token']}"}
        assert client.get("/api/auth/me", headers=mine).status_code == 200
        deleted = client.delete(f"/api/auth/tokens/{made['id']}", headers=mine)
        assert deleted.status_code == 204
        assert client.get("/api/auth/me", headers=mine).status_code == 401  # revoked
        assert client.get("/api/auth/me", headers=bearer).status_code == 200  # others live
    finally:
        database.dispose()


def test_a_password_change_ends_the_users_sessions(client: Any, demo: tuple[str, Prepared]) -> None:
    database = open_database(demo[0])
    try:
        with database.writer() as session:
            data = {"username": "rok-admin", "password": "admin-pass-1", "delegation": "ROK"}
            create_user(session, SYSTEM, {**data, "role": "admin"})
            user = create_user(session, SYSTEM, {**data, "username": "rok-user", "role": "editor"})
            user_id, version = user.id, user.version
    finally:
        database.dispose()
    login = {"username": "rok-user", "password": "admin-pass-1"}
    assert client.post("/api/auth/login", json=login).status_code == 200
    user_cookies = dict(client.cookies)
    client.cookies.clear()
    assert (
        client.post("/api/auth/login", json={**login, "username": "rok-admin"}).status_code == 200
    )
    admin_csrf = {"X-CSRF-Token": expected_token(client)}
    change = {"version": version, "password": "a-new-password"}
    changed = client.patch(f"/api/users/{user_id}", json=change, headers=admin_csrf)
    assert changed.status_code == 200, changed.text
    client.cookies.clear()
    client.cookies.update(user_cookies)
    assert client.get("/api/auth/me").status_code == 401
    client.cookies.clear()
    assert client.post("/api/auth/login", json=login).status_code == 401
    assert client.post("/api/auth/login", json={**login, "password": "a-new-password"}).is_success


def _security_headers(answer: Any, policy: str = CSP) -> None:
    headers = answer.headers
    where = f"{answer.request.method} {answer.request.url.path} -> {answer.status_code}"
    assert headers["content-security-policy"] == policy, where
    assert headers["x-content-type-options"] == "nosniff", where
    assert headers["x-frame-options"] == "DENY", where
    assert headers["referrer-policy"] == "same-origin", where
    assert headers["cross-origin-opener-policy"] == "same-origin", where
    if answer.request.url.path.startswith("/api/"):
        assert headers["cache-control"] == "no-store", where


def test_security_headers_on_pages_api_errors_and_docs(client: Any) -> None:
    for path in ("/", "/tracker", "/proposals?proposal=nope", "/static/dashboard.js"):
        _security_headers(client.get(path))
    for path in ("/api/health", "/api/auth/me", "/api/negotiations/abc", "/nowhere"):
        _security_headers(client.get(path))
    _security_headers(client.post("/api/auth/login", json={"username": 1}))
    _security_headers(client.post("/proposals", data={}))  # 403: no CSRF token
    _security_headers(client.get("/openapi.json"))
    for path in ("/docs", "/redoc"):
        _security_headers(client.get(path), DOCS_CSP)
    policy = dict(part.strip().split(" ", 1) for part in CSP.split(";"))
    assert policy["script-src"] == "'self'" and policy["frame-ancestors"] == "'none'"


def test_every_web_route_has_an_access_rule(client: Any) -> None:
    """The dashboard's routes are in the access table, like the API's (fails closed)."""
    app = client.app
    assert app.state.access.missing(app.routes) == []
    keys = set(route_keys(app.routes))
    assert set(WEB_RULES) <= keys
    web = {k for k in keys if not k[1].startswith("/api/")} - {
        ("GET", "/openapi.json"),
        ("GET", "/docs"),
        ("GET", "/docs/oauth2-redirect"),
        ("GET", "/redoc"),
        ("GET", "/docs/assets/{name}"),
    }
    assert web == set(WEB_RULES)
