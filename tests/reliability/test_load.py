"""Load: 50 concurrent clients for 60 s against a real uvicorn server, on SQLite and PostgreSQL.

Promise: no error (no 5xx, no connection error, no unexpected status) and every acknowledged
write is in the database afterwards, read straight from it: each note the clients were told
was created, with the body and version of the last change they were told was stored, and an
audit entry per change. ``BURDENSHARE_LOAD_SECONDS`` shortens the run when developing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from live import LiveServer, seed_database, written_notes
from load_runner import run_load
from pg_server import running_server

CLIENTS = 50
SECONDS = float(os.environ.get("BURDENSHARE_LOAD_SECONDS", "60"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'load.db'}"
        return
    for server in running_server():
        server.execute("CREATE DATABASE load")
        yield server.url("load")


def test_fifty_clients_no_error_every_write_kept(database_url: str, tmp_path: Path) -> None:
    site = seed_database(database_url)
    server = LiveServer(database_url, tmp_path / "server.log")
    server.start()
    try:
        result = run_load(site, server.base, CLIENTS, SECONDS, seed=10)
    finally:
        server.stop()
    summary = result.summary()
    print(f"\n{database_url.split(':')[0]} load: {json.dumps(summary)}")
    assert result.errors == [], result.errors[:10]
    assert result.creates >= CLIENTS and result.updates > 0
    stored = written_notes(database_url, list(result.acknowledged))
    assert len(stored) == len(result.acknowledged) == result.creates
    for note_id, (body, version) in result.acknowledged.items():
        note = stored[note_id]
        assert (note.body, note.version) == (body, version)
        assert note.audit_actions == ("create",) + ("update",) * (version - 1)
