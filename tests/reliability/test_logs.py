"""No secret in the logs: a real uvicorn process (access log on, info level) goes through web
and API logins, failed logins, token creation and use, a password change and logouts; its
captured stdout and stderr must contain none of the passwords, token secrets, session and
CSRF cookie values, or argon2 hashes involved, while showing the requests it served."""

from __future__ import annotations

from pathlib import Path

import httpx
from live_server import prepare, start
from sqlalchemy import select

from burdenshare.api.security import CSRF_COOKIE, SESSION_COOKIE, csrf_token
from burdenshare.store.access import SYSTEM
from burdenshare.store.database import open_database
from burdenshare.store.models import User
from burdenshare.store.users import create_token, create_user

ADMIN_PASSWORD = "admin-Secret-Pw-91"
USER_PASSWORD = "user-Secret-Pw-17"
NEW_PASSWORD = "changed-Secret-Pw-55"
WRONG_PASSWORD = "wrong-Secret-Pw-33"


def _users(url: str) -> tuple[str, int]:
    """An admin's API token and the id of an editor, both of ROK."""
    database = open_database(url)
    try:
        with database.writer() as session:
            base = {"delegation": "ROK", "display_name": ""}
            admin = create_user(
                session,
                SYSTEM,
                {**base, "username": "log-admin", "password": ADMIN_PASSWORD, "role": "admin"},
            )
            user = create_user(
                session,
                SYSTEM,
                {**base, "username": "log-user", "password": USER_PASSWORD, "role": "editor"},
            )
            secret, _ = create_token(session, SYSTEM, admin, "admin script")
            return secret, user.id
    finally:
        database.dispose()


def _hashes(url: str) -> list[str]:
    database = open_database(url)
    try:
        with database.reader() as session:
            return list(session.scalars(select(User.password_hash)))
    finally:
        database.dispose()


def test_no_secret_reaches_the_server_logs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'burdenshare.db'}"
    prepared = prepare(url)
    admin_token, user_id = _users(url)
    server = start(url, tmp_path)
    secrets = [ADMIN_PASSWORD, USER_PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, admin_token]
    secrets += prepared.tokens.values()
    try:
        with httpx.Client(base_url=server.url, follow_redirects=False) as web:
            web.get("/tracker")
            form = {"username": "log-user", "password": WRONG_PASSWORD}
            form["csrf_token"] = csrf_token(web.cookies[CSRF_COOKIE], None)
            assert web.post("/tracker/login", data=form).status_code == 401
            form["password"] = USER_PASSWORD
            assert web.post("/tracker/login", data=form).status_code == 303
            secrets += [web.cookies[SESSION_COOKIE], web.cookies[CSRF_COOKIE]]
            token = csrf_token(web.cookies[CSRF_COOKIE], web.cookies[SESSION_COOKIE])
            secrets.append(token)
            made = web.post(
                "/api/auth/tokens", json={"name": "mine"}, headers={"X-CSRF-Token": token}
            )
            assert made.status_code == 201
            secrets.append(made.json()["token"])
            mine = {"Authorization": f"Bearer {made.json()['token']}"}
            assert web.get("/api/auth/me", headers=mine).status_code == 200
        with httpx.Client(base_url=server.url) as api:
            wrong = {"username": "log-admin", "password": WRONG_PASSWORD}
            assert api.post("/api/auth/login", json=wrong).status_code == 401
            login = api.post("/api/auth/login", json={**wrong, "password": ADMIN_PASSWORD})
            assert login.status_code == 200
            secrets += [api.cookies[SESSION_COOKIE], login.headers["X-CSRF-Token"]]
            bearer = {"Authorization": f"Bearer {admin_token}"}
            version = api.get(f"/api/users/{user_id}", headers=bearer).json()["version"]
            change = {"version": version, "password": NEW_PASSWORD}
            assert api.patch(f"/api/users/{user_id}", json=change, headers=bearer).is_success
            assert api.get("/api/auth/me", headers=mine).status_code == 401  # revoked with it
            again = {"username": "log-user", "password": NEW_PASSWORD}
            relogin = api.post("/api/auth/login", json=again)
            assert relogin.status_code == 200
            secrets += [api.cookies[SESSION_COOKIE], relogin.headers["X-CSRF-Token"]]
            csrf = {"X-CSRF-Token": relogin.headers["X-CSRF-Token"]}
            assert api.post("/api/auth/logout", headers=csrf).status_code == 204
            assert api.get("/api/health", headers={"Authorization": "Bearer bst_nope"}).is_success
    finally:
        server.stop()
    secrets += _hashes(url)
    log = server.log()
    assert '"POST /api/auth/login HTTP/1.1" 401' in log  # the access log is on
    assert '"POST /tracker/login HTTP/1.1" 303' in log
    assert "$argon2" not in log
    leaked = [s[:6] + "…" for s in secrets if s and s in log]
    assert leaked == [], f"{len(leaked)} secrets in the server log"
    assert len(set(secrets)) >= 15
    lines = len(log.splitlines())
    print(f"\nlogs: {len(set(secrets))} distinct secrets, {lines} log lines, 0 leaks")
