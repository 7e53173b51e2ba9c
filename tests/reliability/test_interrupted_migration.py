"""A migration interrupted midway leaves the database usable at the old or the new version.

``burdenshare db upgrade`` runs in a child process that kills itself with SIGKILL at a chosen
step of the migration: while creating the eighth of its fifteen tables, while installing the
audit log's triggers, or right after recording the new revision but before the commit.
Promise: afterwards the database is at the old version (empty: no revision, no table, not
half a schema); ``burdenshare db upgrade`` then completes, and the tracker works on it (the
demo negotiation and its users load). Each migration runs in one
transaction (transactional DDL), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import itertools
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest
from pg_server import PostgresServer, running_server
from sqlalchemy import inspect

from burdenshare.store.database import open_database
from burdenshare.store.migrate import current_revision, head_revision
from helpers import run_cli as cli

# Kill the process at the n-th call of an Alembic operation (or after recording the revision).
KILLER = """
import os, signal, sys
from alembic.operations import Operations
from alembic.runtime.migration import HeadMaintainer
from burdenshare.cli import main

target, nth = sys.argv[1], int(sys.argv[2])
calls = {"n": 0}

def killing(original):
    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == nth and target != "update_to_step":
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        if calls["n"] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return wrapper

owner = HeadMaintainer if target == "update_to_step" else Operations
setattr(owner, target, killing(getattr(owner, target)))
sys.argv = ["burdenshare", "db", "upgrade", "--database-url", sys.argv[3]]
main()
"""
_counter = itertools.count()
POINTS = [("create_table", 8), ("execute", 1), ("update_to_step", 1)]


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    yield from running_server()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('migration') / 'tracker.db'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    name = f"migration_{next(_counter)}"
    server.execute(f"CREATE DATABASE {name}")
    return server.url(name)


@pytest.mark.parametrize(("operation", "nth"), POINTS)
def test_killed_migration_leaves_the_old_version(empty_url: str, operation: str, nth: int) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, operation, str(nth), empty_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    database = open_database(empty_url)
    try:
        assert current_revision(database.engine) is None
        assert inspect(database.engine).get_table_names() == []
    finally:
        database.dispose()
    upgraded = cli("db", "upgrade", "--database-url", empty_url)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"database at {head_revision()} (was empty)" in upgraded.stdout
    demo = cli("demo", "load", "--database-url", empty_url)
    assert demo.returncode == 0 and "rok-demo" in demo.stdout, demo.stderr
