"""Faults: the server killed with SIGKILL at random moments during writes, 100 times.

Promise, after every kill: SQLite's ``PRAGMA integrity_check`` answers ``ok`` (PostgreSQL:
every B-tree index passes ``amcheck``), every write a client was told was stored is there (a
note it created; the body and version of its last acknowledged change, or a later one whose
answer the kill swallowed), and the audit log matches the records: one ``create`` and
``version - 1`` ``update`` entries per note, and no entry for a note that is absent.
Each round forks a fresh server from one warm process (``forkserver.py``), runs 8 clients
(80 % writes) and kills the server 0–0.5 s after the first acknowledged write, while the
writes go on. 100 rounds on SQLite, 10 on PostgreSQL. The seed is printed;
``BURDENSHARE_FAULT_SEED`` replays a run.
"""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from live import ForkedServers, Site, seed_database, written_notes
from load_runner import run_load
from pg_server import PostgresServer, running_server

CLIENTS = 8
WRITE_SHARE = 0.8
SEED = int(os.environ.get("BURDENSHARE_FAULT_SEED", random.SystemRandom().randrange(10**6)))
ORPHANS = (
    "SELECT count(*) FROM audit_log a LEFT JOIN notes n ON n.id = a.record_id "
    "WHERE a.table_name = 'notes' AND n.id IS NULL"
)


def _verify(url: str, acknowledged: dict[int, tuple[str, int]], where: str) -> None:
    """Every acknowledged write is stored, and the audit log has one entry per change."""
    stored = written_notes(url, list(acknowledged))
    assert sorted(stored) == sorted(acknowledged), where
    for note_id, (body, version) in acknowledged.items():
        note = stored[note_id]
        assert note.version >= version, (where, note_id)
        if note.version == version:
            assert note.body == body, (where, note_id)
        assert note.audit_actions == ("create",) + ("update",) * (note.version - 1), where


def kill_rounds(
    url: str, site: Site, rounds: int, log: Path, integrity: Callable[[], list[str]]
) -> int:
    """Start, write, SIGKILL, check; ``rounds`` times. The number of writes acknowledged."""
    rng = random.Random(SEED)
    acknowledged: dict[int, tuple[str, int]] = {}
    writes = 0
    servers = ForkedServers(url, log)
    try:
        for number in range(rounds):
            where = f"round {number}, seed {SEED}"
            servers.start()
            kill_at = rng.uniform(0.0, 0.5)
            result = run_load(
                site,
                servers.base,
                CLIENTS,
                30,
                seed=SEED * 1000 + number,
                interrupt=(kill_at, servers.kill),
                write_share=WRITE_SHARE,
            )
            assert servers.killed, where
            writes += result.creates + result.updates
            acknowledged.update(result.acknowledged)
            assert integrity() == [], where
            _verify(url, acknowledged, where)
    finally:
        servers.close()
    print(f"{rounds} kills, seed {SEED}: {writes} writes acknowledged, all present")
    return writes


def test_sigkill_during_writes_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "faults.db"
    url = f"sqlite:///{path}"
    site = seed_database(url)

    def integrity() -> list[str]:
        connection = sqlite3.connect(path)
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            orphans = connection.execute(ORPHANS).fetchone()[0]
        finally:
            connection.close()
        return [*(r for r in result if r != "ok"), *([f"{orphans} orphans"] if orphans else [])]

    rounds = int(os.environ.get("BURDENSHARE_FAULT_ROUNDS", "100"))
    assert kill_rounds(url, site, rounds, tmp_path / "servers.log", integrity) > rounds


@pytest.fixture
def postgres() -> Iterator[PostgresServer]:
    yield from running_server()


AMCHECK = (
    "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
    "JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE am.amname = 'btree' AND n.nspname = 'public'"
)


def test_sigkill_during_writes_postgresql(postgres: PostgresServer, tmp_path: Path) -> None:
    postgres.execute("CREATE DATABASE faults")
    url = postgres.url("faults")
    site = seed_database(url)
    with psycopg.connect(postgres.dsn("faults"), autocommit=True) as connection:
        connection.execute("CREATE EXTENSION amcheck")

    def integrity() -> list[str]:
        with psycopg.connect(postgres.dsn("faults"), autocommit=True) as connection:
            indexes = [row[0] for row in connection.execute(AMCHECK)]
            for index in indexes:  # raises on a corrupt index
                connection.execute("SELECT bt_index_check(%s::regclass, true)", (index,))
            orphans = connection.execute(ORPHANS).fetchone()
        assert indexes and orphans is not None
        return [f"{orphans[0]} orphans"] if orphans[0] else []

    rounds = int(os.environ.get("BURDENSHARE_FAULT_ROUNDS_PG", "10"))
    assert kill_rounds(url, site, rounds, tmp_path / "servers.log", integrity) > rounds
