"""Issue 20, findings 6 and 12, on SQLite and PostgreSQL: tokens expire by default, die with a
password change and a deactivation (and stay dead on reactivation), and an admin (API) or the
command line (`burdenshare user revoke`) revokes them; user names refuse a trailing newline
and control characters; audit entries name the actor's delegation."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from test_tracker_exchange import cli
from tracker_support import Seed

from burdenshare.limits import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS
from burdenshare.store.base import utcnow

NEW_USER = {"password": "long-password-1", "role": "editor"}


def _admin(seed: Seed, delegation: str = "ROK") -> dict[str, str]:
    return seed.headers(delegation, "admin")


def _new_user(client: Any, seed: Seed, name: str) -> tuple[dict[str, Any], dict[str, str]]:
    """A new ROK editor and the bearer header of a token it made for itself."""
    user = client.post("/api/users", json={**NEW_USER, "username": name}, headers=_admin(seed))
    assert user.status_code == 201, user.text
    client.cookies.clear()
    login = client.post("/api/auth/login", json={"username": name, **NEW_USER} | {"role": None})
    assert login.status_code == 422  # "role" is no login field: strict models
    login = client.post(
        "/api/auth/login", json={"username": name, "password": NEW_USER["password"]}
    )
    assert login.status_code == 200
    csrf = {"X-CSRF-Token": login.headers["X-CSRF-Token"]}
    made = client.post("/api/auth/tokens", json={"name": "script"}, headers=csrf)
    assert made.status_code == 201, made.text
    client.cookies.clear()
    return user.json(), {"Authorization": f"Bearer {made.json()['token']}"}


def test_tokens_expire_by_default_and_refuse_naive_past_or_far_expiries(
    client: Any, seed: Seed
) -> None:
    headers = seed.headers("US", "viewer")
    made = client.post("/api/auth/tokens", json={"name": "default"}, headers=headers)
    assert made.status_code == 201
    expires = made.json()["expires_at"]
    lifetime = datetime.fromisoformat(expires) - utcnow()
    assert timedelta(days=TOKEN_DEFAULT_DAYS) - timedelta(minutes=5) < lifetime
    assert lifetime <= timedelta(days=TOKEN_DEFAULT_DAYS)
    now = utcnow()
    for bad in (
        "2030-01-01T00:00:00",  # naive: was a 500
        (now - timedelta(days=1)).isoformat(),
        (now + timedelta(days=TOKEN_MAX_DAYS + 1)).isoformat(),
    ):
        answer = client.post(
            "/api/auth/tokens", json={"name": "x", "expires_at": bad}, headers=headers
        )
        assert answer.status_code == 422, (bad, answer.text)
    fine = (now + timedelta(days=10)).isoformat()
    answer = client.post(
        "/api/auth/tokens", json={"name": "x", "expires_at": fine}, headers=headers
    )
    assert answer.status_code == 201


def test_password_change_and_deactivation_revoke_tokens_for_good(client: Any, seed: Seed) -> None:
    user, bearer = _new_user(client, seed, "rok-script")
    url = f"/api/users/{user['id']}"
    assert client.get("/api/auth/me", headers=bearer).status_code == 200
    changed = client.patch(
        url, json={"version": 1, "password": "another-pass-2"}, headers=_admin(seed)
    )
    assert changed.status_code == 200, changed.text
    assert client.get("/api/auth/me", headers=bearer).status_code == 401
    _, second = _new_user_token(client, "rok-script", "another-pass-2")
    version = changed.json()["version"]
    off = client.patch(url, json={"version": version, "active": False}, headers=_admin(seed))
    assert off.status_code == 200, off.text
    version = off.json()["version"]
    on = client.patch(url, json={"version": version, "active": True}, headers=_admin(seed))
    assert on.status_code == 200, on.text
    assert client.get("/api/auth/me", headers=second).status_code == 401  # stays revoked


def _new_user_token(client: Any, name: str, password: str) -> tuple[None, dict[str, str]]:
    login = client.post("/api/auth/login", json={"username": name, "password": password})
    assert login.status_code == 200
    csrf = {"X-CSRF-Token": login.headers["X-CSRF-Token"]}
    made = client.post("/api/auth/tokens", json={"name": "again"}, headers=csrf).json()
    client.cookies.clear()
    return None, {"Authorization": f"Bearer {made['token']}"}


def test_an_admin_revokes_a_users_tokens_and_sessions(client: Any, seed: Seed) -> None:
    user, bearer = _new_user(client, seed, "rok-laptop")
    login = client.post(
        "/api/auth/login", json={"username": "rok-laptop", "password": NEW_USER["password"]}
    )
    cookies = dict(client.cookies)
    client.cookies.clear()
    url = f"/api/users/{user['id']}/revoke"
    assert client.post(url, headers=_admin(seed, "US")).status_code == 404  # not US's user
    assert client.post(url, headers=seed.headers("ROK", "editor")).status_code == 403
    assert client.get("/api/auth/me", headers=bearer).status_code == 200
    revoked = client.post(url, headers=_admin(seed))
    assert revoked.status_code == 200 and revoked.json() == {"tokens": 1, "sessions": 2}
    assert login.status_code == 200
    assert client.get("/api/auth/me", headers=bearer).status_code == 401
    client.cookies.update(cookies)
    assert client.get("/api/auth/me").status_code == 401
    client.cookies.clear()
    audit = client.get("/api/audit", params={"table": "users"}, headers=_admin(seed)).json()
    entry = audit["items"][0]
    assert (entry["action"], entry["actor"], entry["actor_delegation"]) == (
        "revoke",
        "rok-admin",
        "ROK",
    )


def test_cli_user_revoke(client: Any, seed: Seed, tracker_db: Any) -> None:
    _, bearer = _new_user(client, seed, "rok-cli")
    code, out = cli("user", "revoke", "rok-cli", "--database-url", tracker_db.url)
    assert code == 0 and out.strip() == "revoked 1 token(s) and 1 session(s) of rok-cli"
    assert client.get("/api/auth/me", headers=bearer).status_code == 401
    code, out = cli("user", "revoke", "nobody", "--database-url", tracker_db.url)
    assert code == 2 and out == "error: user revoke: username: no user 'nobody'"


@pytest.mark.parametrize("name", ["us-demo\n", "us-demo\r", "us\tdemo", "us-demo\x00", "x"])
def test_user_names_refuse_control_characters(
    name: str, client: Any, seed: Seed, tracker_db: Any
) -> None:
    body = {**NEW_USER, "username": name}
    assert client.post("/api/users", json=body, headers=_admin(seed)).status_code == 422
    if "\x00" in name:
        return
    code, out = cli(
        "user", "add", name, "--delegation", "ROK", "--password-stdin",
        "--database-url", tracker_db.url, stdin="long-password-1\n",
    )  # fmt: skip
    assert code == 2 and "username" in out
