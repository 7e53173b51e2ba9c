"""Every tracker test runs twice: on SQLite and on a real PostgreSQL server.

The server is started once per session in a temp dir (Debian's binaries, a free port on
127.0.0.1) and stopped at the end. Each backend gets one seeded template database; each test
gets a fresh copy of it (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL).
Without the binaries the PostgreSQL half fails with a message, unless
BURDENSHARE_SKIP_POSTGRES=1.
"""

from __future__ import annotations

import itertools
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from pg_server import PostgresServer, running_server
from tracker_support import Seed, build_seed

import burdenshare.store.users
from burdenshare.api import create_app
from burdenshare.store.database import open_database
from burdenshare.store.settings import Settings, load_settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

BACKENDS = ("sqlite", "postgresql")
TEMPLATE = "burdenshare_template"
_counter = itertools.count()


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """Tests hash many passwords: cheap argon2 parameters (production keeps the defaults)."""
    original = burdenshare.store.users.HASHER
    burdenshare.store.users.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    burdenshare.store.users.HASHER = original


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    yield from running_server()


@dataclass(frozen=True)
class Template:
    backend: str
    seed: Seed
    location: str  # the SQLite file, or the template database's name


@pytest.fixture(scope="session", params=BACKENDS)
def template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Template:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("template") / "template.db"
        return Template("sqlite", build_seed(f"sqlite:///{path}"), str(path))
    server: PostgresServer = request.getfixturevalue("postgres")
    server.execute(f"CREATE DATABASE {TEMPLATE}")
    return Template("postgresql", build_seed(server.url(TEMPLATE)), TEMPLATE)


@dataclass(frozen=True)
class TrackerDb:
    backend: str
    url: str
    seed: Seed
    settings: Settings


@pytest.fixture
def tracker_db(
    template: Template, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[TrackerDb]:
    """A fresh copy of the seeded database for one test."""
    if template.backend == "sqlite":
        path = tmp_path / "tracker.db"
        shutil.copyfile(template.location, path)
        url = f"sqlite:///{path}"
        yield TrackerDb("sqlite", url, template.seed, load_settings({}, database_url=url))
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    name = f"test_{next(_counter)}"
    server.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    url = server.url(name)
    yield TrackerDb("postgresql", url, template.seed, load_settings({}, database_url=url))
    server.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def seed(tracker_db: TrackerDb) -> Seed:
    return tracker_db.seed


@pytest.fixture(scope="session")
def _apps() -> dict[str, FastAPI]:
    return {}


@pytest.fixture
def client(tracker_db: TrackerDb, _apps: dict[str, FastAPI]) -> Iterator[TestClient]:
    """An in-process client of the application on the test's database.

    One application object per backend serves every test (FastAPI builds its routes on the
    first request, which is the slow part); each test rebinds it to its own database.
    """
    app = _apps.get(tracker_db.backend)
    if app is None:
        app = _apps[tracker_db.backend] = create_app(tracker_db.settings)
    app.state.database.dispose()
    app.state.settings = tracker_db.settings
    app.state.database = open_database(tracker_db.url)
    with TestClient(app) as test_client:  # the lifespan disposes the database at the end
        yield test_client


@pytest.fixture
def empty_url(template: Template, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database (no tables) on the test's backend."""
    if template.backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    name = f"empty_{next(_counter)}"
    server.execute(f"CREATE DATABASE {name}")
    yield server.url(name)
    server.execute(f"DROP DATABASE {name} WITH (FORCE)")
