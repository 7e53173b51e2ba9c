"""``burdenshare db backup`` / ``db restore`` on a live database, on SQLite and PostgreSQL.

A uvicorn process serves the database while a writer thread adds notes through the API, one
at a time, and the backup runs. The backup must pass SQLite's integrity check, hold every note
acknowledged before the backup started, hold the acknowledged notes as a prefix (no gaps: one
snapshot) each with its audit entry (no half transaction), and restore into a fresh database of
either backend and into the live one (the server still serving) with identical table contents.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_server import new_database, prepare, start
from pg_fixture import postgres  # noqa: F401  (the fixture)
from sqlalchemy import select

from burdenshare.store import models
from burdenshare.store.base import Base
from burdenshare.store.database import open_database

BURDENSHARE = str(Path(sys.executable).with_name("burdenshare"))
BACKENDS = ("sqlite", "postgresql")
WRITER = "writer-note-"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BURDENSHARE, *args], capture_output=True, text=True, timeout=120)


def restored_contents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """The contents after a restore, less the audit entry the restore appended (checked)."""
    found = contents(url)
    entry = found["audit_log"].pop()
    assert "restore" in entry and "database" in entry, entry
    return found


def contents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in primary-key order (as SQLAlchemy types read them)."""
    database = open_database(url)
    try:
        with database.engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in Base.metadata.sorted_tables
            }
    finally:
        database.dispose()


class Writer(threading.Thread):
    """Adds notes through the API until stopped; (id, acknowledged at) of each 201."""

    def __init__(self, url: str, token: str, negotiation_id: int) -> None:
        super().__init__(daemon=True)
        self.url = f"{url}/api/negotiations/{negotiation_id}/notes"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.acked: list[tuple[int, float]] = []
        self.failures: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(headers=self.headers, timeout=30) as client:
            k = 0
            while not self.stop.is_set():
                body = {"visibility": "shared", "body": f"{WRITER}{k}"}
                answer = client.post(self.url, json=body)
                if answer.status_code == 201:
                    self.acked.append((answer.json()["id"], time.monotonic()))
                else:
                    self.failures.append(f"{answer.status_code} {answer.text[:200]}")
                k += 1

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 60
        while len(self.acked) < count:
            assert time.monotonic() < deadline and not self.failures, self.failures
            time.sleep(0.01)


def _writer_notes(url: str) -> tuple[list[int], set[int]]:
    """The writer's note ids in a database, and the note ids its audit log has a create for."""
    database = open_database(url)
    try:
        with database.reader() as session:
            ids = list(
                session.scalars(
                    select(models.Note.id)
                    .where(models.Note.body.startswith(WRITER))
                    .order_by(models.Note.created_at, models.Note.id)  # ids are random
                )
            )
            audited = set(
                session.scalars(
                    select(models.AuditEntry.record_id).where(
                        models.AuditEntry.table_name == "notes",
                        models.AuditEntry.action == "create",
                    )
                )
            )
        return ids, audited
    finally:
        database.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_backup_of_a_live_database_restores_identically(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = new_database(backend, request, tmp_path)
    prepared = prepare(url)
    server = start(url, tmp_path)
    try:
        writer = Writer(server.url, prepared.tokens["rok-demo"], prepared.negotiation_id)
        writer.start()
        writer.wait_for(20)
        started = time.monotonic()
        before = [note for note, at in writer.acked if at < started]
        done = cli("db", "backup", str(tmp_path / "backup.db"), "--database-url", url)
        took = time.monotonic() - started
        writer.wait_for(len(writer.acked) + 10)  # still serving, still writing
        writer.stop.set()
        writer.join(30)
        assert done.returncode == 0, done.stderr
        assert not writer.failures
        backup_url = f"sqlite:///{tmp_path / 'backup.db'}"
        check = sqlite3.connect(tmp_path / "backup.db")
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert check.execute("SELECT version_num FROM alembic_version").fetchall() == [("0002",)]
        check.close()
        in_backup, audited = _writer_notes(backup_url)
        acked = [note for note, _ in writer.acked]
        assert set(before) <= set(in_backup)
        assert in_backup == acked[: len(in_backup)]  # one snapshot: a prefix of the writes
        assert set(in_backup) <= audited  # each with its audit entry
        assert len(in_backup) < len(acked)  # the writes after the backup are not in it
        snapshot = contents(backup_url)
        print(
            f"\nbackup [{backend}]: {took:.2f} s (the command), {len(before)} notes acknowledged "
            f"before it, {len(in_backup)} in it, {len(acked)} written in all; {done.stdout.strip()}"
        )
        assert done.stdout.startswith("backed up ")

        # restore into fresh databases of both backends: identical contents
        for target in dict.fromkeys(("sqlite", backend)):
            fresh = new_database(target, request, tmp_path)
            assert cli("db", "upgrade", "--database-url", fresh).returncode == 0
            restored = cli("db", "restore", str(tmp_path / "backup.db"), "--database-url", fresh)
            assert restored.returncode == 0, restored.stderr
            assert restored_contents(fresh) == snapshot, target

        # restore into the live database while the server serves it
        live = cli("db", "restore", str(tmp_path / "backup.db"), "--database-url", url)
        assert live.returncode == 0, live.stderr
        assert restored_contents(url) == snapshot
        headers = {"Authorization": f"Bearer {prepared.tokens['rok-demo']}"}
        notes_url = f"{server.url}/api/negotiations/{prepared.negotiation_id}/notes"
        served = []
        for offset in range(0, 100_000, 500):  # every page
            page = httpx.get(
                notes_url, params={"limit": 500, "offset": offset}, headers=headers
            ).json()
            served += [n["id"] for n in page["items"] if n["body"].startswith(WRITER)]
            if offset + 500 >= page["total"]:
                break
        assert served == in_backup
        after = httpx.post(
            notes_url, json={"visibility": "shared", "body": "after restore"}, headers=headers
        )
        assert after.status_code == 201 and after.json()["id"] not in acked
    finally:
        server.stop()


def test_restore_refuses_newer_schema_and_foreign_files(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    prepare(url)
    backup = tmp_path / "backup.db"
    assert cli("db", "backup", str(backup), "--database-url", url).returncode == 0
    before = contents(url)
    newer = sqlite3.connect(backup)
    newer.execute("UPDATE alembic_version SET version_num = '9999'")
    newer.commit()
    newer.close()
    refused = cli("db", "restore", str(backup), "--database-url", url)
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        f"error: {backup}: revision: 9999 is newer than this burdenshare (0002)"
    )
    junk = tmp_path / "junk.db"
    junk.write_text("not a database\n" * 100)
    refused = cli("db", "restore", str(junk), "--database-url", url)
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"error: {junk}: not a burdenshare backup")
    assert cli("db", "restore", str(tmp_path / "none.db"), "--database-url", url).returncode == 2
    assert contents(url) == before  # nothing half-restored
