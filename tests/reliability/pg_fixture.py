"""The ``postgres`` fixture of the reliability tests that need a real PostgreSQL server (the
tracker tests' own, started in a temp dir; BURDENSHARE_SKIP_POSTGRES=1 skips that half).
Import it into a test module (``from pg_fixture import postgres``): this folder keeps no
conftest of its own."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tracker"))

from pg_server import PostgresServer, running_server


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    yield from running_server()
