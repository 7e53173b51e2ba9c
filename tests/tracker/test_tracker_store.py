"""The store underneath: settings, database location, SQLite pragmas, migrations, credentials
stored hashed, session expiry, and the docs covering every route and setting."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from tracker_support import PASSWORD, Seed

from burdenshare.api.access import route_keys
from burdenshare.errors import InputError
from burdenshare.store.base import utcnow
from burdenshare.store.database import open_database
from burdenshare.store.demo import DEMO_USERS
from burdenshare.store.migrate import current_revision, head_revision, upgrade
from burdenshare.store.models import ApiToken, User, WebSession
from burdenshare.store.settings import SETTINGS, Settings, load_settings
from burdenshare.store.users import (
    authenticate,
    principal_from_token,
    principal_from_web_session,
    start_web_session,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "tracker.md"


def test_settings_table_matches_settings_and_docs() -> None:
    assert [s.name for s in SETTINGS] == [f.name for f in dataclasses.fields(Settings)]
    docs = DOCS.read_text("utf-8")
    for setting in SETTINGS:
        assert f"`{setting.env}`" in docs, setting.env


def test_settings_from_environment(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "BURDENSHARE_HOME": str(tmp_path),
            "BURDENSHARE_PORT": "9000",
            "BURDENSHARE_SESSION_COOKIE_SECURE": "true",
        }
    )
    assert settings.database_url == f"sqlite:///{tmp_path}/burdenshare.db"
    assert (settings.port, settings.session_cookie_secure) == (9000, True)
    xdg = load_settings({"XDG_DATA_HOME": str(tmp_path)})
    assert xdg.database_url == f"sqlite:///{tmp_path}/burdenshare/burdenshare.db"
    assert (
        load_settings({"BURDENSHARE_DATABASE_URL": "postgresql+psycopg://h/db"}).database_url
        == "postgresql+psycopg://h/db"
    )
    with pytest.raises(InputError, match="BURDENSHARE_PORT"):
        load_settings({"BURDENSHARE_PORT": "eighty"})
    with pytest.raises(InputError, match="BURDENSHARE_SESSION_MAX_AGE"):
        load_settings({"BURDENSHARE_SESSION_MAX_AGE": "5"})


def test_sqlite_default_file_wal_and_foreign_keys(tmp_path: Path) -> None:
    url = load_settings({"BURDENSHARE_HOME": str(tmp_path / "nested")}).database_url
    database = open_database(url)
    try:
        upgrade(database.engine)
        assert (tmp_path / "nested" / "burdenshare.db").exists()
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.dispose()


def test_migrations_down_and_up(empty_url: str) -> None:
    database = open_database(empty_url)
    try:
        assert current_revision(database.engine) is None
        upgrade(database.engine)
        assert current_revision(database.engine) == head_revision()
        from alembic import command

        from burdenshare.store.migrate import alembic_config

        command.downgrade(alembic_config(database.engine), "base")
        assert current_revision(database.engine) is None
        upgrade(database.engine)
        assert current_revision(database.engine) == head_revision()
    finally:
        database.dispose()


def test_unmigrated_database_refuses_to_serve(empty_url: str) -> None:
    from fastapi.testclient import TestClient

    from burdenshare.api import create_app

    app = create_app(load_settings({}, database_url=empty_url))
    with pytest.raises(RuntimeError, match="db upgrade"), TestClient(app):
        pass


def test_credentials_are_stored_hashed(tracker_db: Any, seed: Seed) -> None:
    database = open_database(tracker_db.url)
    try:
        with database.writer() as session:
            users = list(session.scalars(select(User)))
            assert all(u.password_hash.startswith("$argon2id$") for u in users)
            assert not any(PASSWORD in u.password_hash for u in users)
            secret = seed.token("ROK", "viewer")
            stored = [t.token_hash for t in session.scalars(select(ApiToken))]
            assert secret not in stored and all(len(h) == 64 for h in stored)
            assert principal_from_token(session, secret) is not None
            assert principal_from_token(session, secret + "x") is None
            assert authenticate(session, "rok-viewer", PASSWORD) is not None
            assert authenticate(session, "rok-viewer", "wrong") is None
            assert authenticate(session, "nobody", PASSWORD) is None
            rows = session.execute(text("SELECT before, after FROM audit_log")).all()
            assert not any("password_hash" in str(r) or "token_hash" in str(r) for r in rows)
    finally:
        database.dispose()


def test_web_sessions_expire(tracker_db: Any) -> None:
    database = open_database(tracker_db.url)
    try:
        with database.writer() as session:
            user = session.scalar(select(User).where(User.username == "us-editor"))
            assert user is not None
            secret = start_web_session(session, user, 60)
            assert principal_from_web_session(session, secret) is not None
            web = session.scalar(select(WebSession).order_by(WebSession.id.desc()))
            assert web is not None
            web.expires_at = utcnow() - timedelta(seconds=1)
            session.commit()
            assert principal_from_web_session(session, secret) is None
    finally:
        database.dispose()


def test_docs_list_every_route_and_demo_user(client: Any) -> None:
    docs = DOCS.read_text("utf-8")
    for method, path in route_keys(client.app.routes):
        assert f"`{method} {path}`" in docs, (method, path)
    for user in DEMO_USERS:
        assert f"`{user.username}`" in docs and f"`{user.password}`" in docs


def test_command_line_roles_are_the_models_roles() -> None:
    from burdenshare import cli_tracker
    from burdenshare.store import models

    assert cli_tracker.ROLES == models.ROLES
