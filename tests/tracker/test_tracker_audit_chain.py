"""Issue 20, finding 15, on SQLite and PostgreSQL: the audit log is a hash chain. An entry
edited or removed behind the application's back is found by `burdenshare db verify` (exit 1,
naming the entry); a backup edited the same way is refused by `db restore` (exit 2, nothing
changed); a restore and an import are themselves in the log, with the command line's user."""

from __future__ import annotations

import getpass
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from test_tracker_exchange import cli

from burdenshare.store.audit import GENESIS, entry_digest, verify_chain
from burdenshare.store.database import open_database
from burdenshare.store.models import AuditEntry

ACTOR = f"cli:{getpass.getuser()}"


def _entries(url: str) -> list[AuditEntry]:
    database = open_database(url)
    try:
        with database.reader() as session:
            return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    finally:
        database.dispose()


def _tamper(url: str, statement: str) -> None:
    """Run ``statement`` on the audit log with its append-only triggers lifted."""
    database = open_database(url)
    try:
        with database.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
                connection.execute(text(statement))
                connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
            else:
                connection.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
                connection.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
                connection.execute(text(statement))
    finally:
        database.dispose()


def test_the_chain_links_every_entry_and_verify_says_so(client: Any, tracker_db: Any) -> None:
    seed = tracker_db.seed
    rok = seed.headers("ROK", "editor")
    url = f"/api/negotiations/{seed.negotiation_id}/notes"
    for i in range(3):
        assert client.post(
            url, json={"visibility": "private", "body": f"c{i}"}, headers=rok
        ).is_success
    entries = _entries(tracker_db.url)
    prev = GENESIS
    for entry in entries:  # the oracle: recompute every link from the stored fields
        assert entry.prev_hash == prev
        fields = {name: getattr(entry, name) for name in entry.__table__.columns.keys()}  # noqa: SIM118
        assert entry_digest(prev, fields) == entry.entry_hash
        prev = entry.entry_hash
    assert entries[-1].actor == "rok-editor" and entries[-1].actor_delegation == "ROK"
    code, out = cli("db", "verify", "--database-url", tracker_db.url)
    assert code == 0 and out.strip() == f"audit chain intact: {len(entries)} entries, head {prev}"


def test_an_edited_or_removed_entry_breaks_the_chain_there(tracker_db: Any) -> None:
    entries = _entries(tracker_db.url)
    target = entries[len(entries) // 2]
    _tamper(tracker_db.url, f"UPDATE audit_log SET actor = 'someone' WHERE id = {target.id}")
    database = open_database(tracker_db.url)
    try:
        with database.reader() as session:
            report = verify_chain(session)
    finally:
        database.dispose()
    assert (report.broken_at, report.problem) == (target.id, "its content was changed")
    code, _ = cli("db", "verify", "--database-url", tracker_db.url)
    assert code == 1
    following = entries[len(entries) // 2 + 1]
    _tamper(tracker_db.url, f"DELETE FROM audit_log WHERE id = {target.id}")
    database = open_database(tracker_db.url)
    try:
        with database.reader() as session:
            report = verify_chain(session)
    finally:
        database.dispose()
    assert report.broken_at == following.id and "removed or inserted" in report.problem


def test_restore_refuses_an_edited_backup_and_audits_a_good_one(
    tracker_db: Any, tmp_path: Path
) -> None:
    url = tracker_db.url
    good, bad = tmp_path / "good.db", tmp_path / "bad.db"
    assert cli("db", "backup", str(good), "--database-url", url)[0] == 0
    assert cli("db", "backup", str(bad), "--database-url", url)[0] == 0
    with sqlite3.connect(bad) as edit:  # backup -> edit -> restore: the attack of finding 15
        edit.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        edit.execute("UPDATE audit_log SET actor = 'nobody' WHERE id = 3")
    before = len(_entries(url))
    code, out = cli("db", "restore", str(bad), "--database-url", url)
    assert code == 2 and "audit chain is broken at entry 3" in out and "nothing restored" in out
    assert len(_entries(url)) == before
    code, out = cli("db", "restore", str(good), "--database-url", url)
    assert code == 0, out
    entries = _entries(url)
    last = entries[-1]
    assert (last.action, last.actor, last.table_name) == ("restore", ACTOR, "database")
    assert last.after is not None and last.after["file"] == "good.db"
    assert len(entries) == before + 1
    assert cli("db", "verify", "--database-url", url)[0] == 0


def test_an_import_is_audited_with_the_command_lines_user(
    tracker_db: Any, empty_url: str, tmp_path: Path
) -> None:
    exported = tmp_path / "n.json"
    args = ("--negotiation", "sma-10-2018", "--database-url", tracker_db.url)
    assert cli("negotiation", "export", str(exported), *args)[0] == 0
    assert cli("db", "upgrade", "--database-url", empty_url)[0] == 0
    assert cli("negotiation", "import", str(exported), "--database-url", empty_url)[0] == 0
    database = open_database(empty_url)
    try:
        with database.reader() as session:
            actors = session.execute(
                select(AuditEntry.actor, func.count()).group_by(AuditEntry.actor)
            ).all()
            assert verify_chain(session).intact
    finally:
        database.dispose()
    assert [actor for actor, _ in actors] == [ACTOR]


def test_migration_0002_fills_owners_and_the_chain_of_existing_data(tracker_db: Any) -> None:
    """Down to 0001 (the columns go, the data stays) and up again: positions and offers get
    their party as owner, every existing entry its link, and the chain verifies."""
    from alembic import command

    from burdenshare.store.migrate import alembic_config, current_revision, upgrade
    from burdenshare.store.models import Offer, Position

    before = [(e.id, e.actor, e.action) for e in _entries(tracker_db.url)]
    database = open_database(tracker_db.url)
    try:
        command.downgrade(alembic_config(database.engine), "0001")
        assert current_revision(database.engine) == "0001"
        upgrade(database.engine)
        with database.reader() as session:
            assert verify_chain(session).intact
            for model in (Position, Offer):
                rows = session.execute(select(model.party, model.owner)).all()
                assert rows and all(owner == party for party, owner in rows)
    finally:
        database.dispose()
    entries = _entries(tracker_db.url)
    assert [(e.id, e.actor, e.action) for e in entries] == before
    assert {e.actor_delegation for e in entries if e.actor == "rok-editor"} <= {"ROK"}
