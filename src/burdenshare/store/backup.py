"""Backups of a live tracker database: one SQLite file, whatever the backend; atomic restore.

:func:`backup` takes a consistent snapshot while the server keeps serving: on SQLite with the
sqlite3 online backup API (one step, so one read transaction), on any other backend inside one
``REPEATABLE READ`` read-only transaction whose rows are copied, table by table, into a SQLite
file migrated to the same schema revision. Either way the file is written next to the target
under a temporary name, checked (``PRAGMA integrity_check``) and renamed: never half-written.

:func:`restore` loads a backup into a migrated database in one write transaction (all tables
emptied, then filled), so the server sees the old contents or the new, never a mix. A backup
from an older schema is migrated first (on a temporary copy); one from a newer schema, or a file
that is not a backup, is an :class:`~burdenshare.errors.InputError`. The alembic revision and
the audit log travel with the data; a PostgreSQL backup restores into SQLite and back.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.request import pathname2url

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError

from burdenshare.errors import InputError
from burdenshare.files import check_output_path
from burdenshare.store import models  # noqa: F401  (registers every table on Base)
from burdenshare.store.access import SYSTEM, Principal
from burdenshare.store.audit import record_event, verify_chain
from burdenshare.store.base import Base
from burdenshare.store.database import Database
from burdenshare.store.migrate import alembic_config, current_revision, head_revision, upgrade
from burdenshare.store.settings import sqlite_url

CHUNK = 1000


@dataclass(frozen=True)
class Summary:
    """What a backup or restore moved: the schema revision and the rows of each table."""

    revision: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """A temporary file name in ``path``'s folder (removed unless renamed away)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        with suppress(FileNotFoundError):
            temporary.unlink()


def _read_only_uri(path: Path) -> str:
    """A read-only ``file:`` URI of ``path``, percent-encoded: a ``#``, ``?`` or ``%`` in the
    name stays in the name (unencoded, ``#`` would end the path and drop ``?mode=ro``)."""
    return f"file:{pathname2url(str(path.absolute()))}?mode=ro"


def _check_file(path: Path, shown: Path | None = None) -> None:
    """Refuse a file SQLite cannot read or whose integrity check fails (named ``shown``)."""
    name = str(shown or path)
    connection = sqlite3.connect(_read_only_uri(path), uri=True)
    try:
        found = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise InputError(name, "", f"not a burdenshare backup: {exc}") from None
    finally:
        connection.close()
    if found != [("ok",)]:
        raise InputError(name, "", f"integrity check failed: {found[:3]}")


def _count_rows(connection: Connection) -> dict[str, int]:
    out = {}
    for table in Base.metadata.sorted_tables:
        out[table.name] = int(connection.scalar(select(func.count()).select_from(table)) or 0)
    return out


def _sqlite_snapshot(database: Database, target: Path) -> None:
    """The online backup API copies every page in one step: one consistent read snapshot."""
    raw = database.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination, pages=-1)
            destination.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            destination.close()
    finally:
        raw.close()


def _copy_rows(source: Connection, destination: Connection) -> None:
    for table in Base.metadata.sorted_tables:
        order = list(table.primary_key.columns)
        result = source.execute(select(table).order_by(*order))
        while chunk := result.fetchmany(CHUNK):
            destination.execute(insert(table), [row._asdict() for row in chunk])


def _logical_snapshot(database: Database, target: Path) -> None:
    """Copy every table inside one REPEATABLE READ read-only transaction (PostgreSQL & co)."""
    options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with database.engine.connect().execution_options(**options) as source, source.begin():
        revision = _revision_of(source)
        file_engine = create_engine(sqlite_url(target))
        try:
            upgrade(file_engine, revision)
            with file_engine.begin() as destination:
                _copy_rows(source, destination)
        finally:
            file_engine.dispose()


def _revision_of(connection: Connection) -> str:
    from alembic.runtime.migration import MigrationContext

    revision = MigrationContext.configure(connection).get_current_revision()
    if revision is None:
        raise InputError("database", "revision", "empty: run `burdenshare db upgrade`")
    return revision


def backup(database: Database, path: Path) -> Summary:
    """Write a consistent snapshot of the live ``database`` to ``path`` (a SQLite file): a
    regular file or a new path, never a device, FIFO, symbolic link or directory."""
    check_output_path(path, "db backup")
    with _temporary_beside(path) as temporary:
        if database.is_sqlite:
            _sqlite_snapshot(database, temporary)
        else:
            _logical_snapshot(database, temporary)
        _check_file(temporary)
        summary = _summary_of(temporary)
        os.replace(temporary, path)
    return summary


def _summary_of(path: Path) -> Summary:
    engine = create_engine(sqlite_url(path))
    try:
        with engine.connect() as connection:
            return Summary(_revision_of(connection), _count_rows(connection))
    finally:
        engine.dispose()


def _known(revision: str) -> bool:
    scripts = ScriptDirectory.from_config(alembic_config())
    try:
        return scripts.get_revision(revision) is not None
    except CommandError:
        return False


def _prepared(path: Path, workdir: Path) -> Engine:
    """An engine on a checked copy of the backup ``path``, migrated to the newest schema."""
    if not path.exists():
        raise InputError(str(path), "", "no such file")
    if not path.is_file():  # a FIFO or /dev/zero would be read forever
        raise InputError(str(path), "", "not a regular file")
    copy = workdir / "backup.db"
    shutil.copyfile(path, copy)
    _check_file(copy, path)
    engine = create_engine(sqlite_url(copy))
    try:
        revision = current_revision(engine)
    except Exception:  # alembic_version unreadable: not one of ours
        revision = None
    if revision is None:
        engine.dispose()
        raise InputError(str(path), "revision", "not a burdenshare backup (no schema revision)")
    if not _known(revision):
        engine.dispose()
        raise InputError(
            str(path), "revision", f"{revision} is newer than this burdenshare ({head_revision()})"
        )
    if revision != head_revision():
        upgrade(engine)
    return engine


def _reset_sequences(connection: Connection) -> None:
    """On PostgreSQL, move each id sequence past the restored ids."""
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )


@contextmanager
def _audit_unlocked(connection: Connection) -> Iterator[None]:
    """Lift the audit log's append-only triggers inside this transaction (a restore replaces
    the log with the backup's); they are back before the transaction commits."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        yield
        connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
        return
    query = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
    triggers = list(connection.execute(text(query)))
    for name, _ in triggers:
        connection.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for _, sql in triggers:
        connection.execute(text(sql))


def _check_tables(engine: Engine, path: Path) -> None:
    """Every table and column of the schema is in the backup (a file that claims a revision
    but lacks them is refused before the live database is touched)."""
    found = inspect(engine)
    names = set(found.get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in names:
            raise InputError(str(path), table.name, "table missing: not a complete backup")
        columns = {c["name"] for c in found.get_columns(table.name)}
        missing = sorted(set(table.c.keys()) - columns)
        if missing:
            raise InputError(str(path), table.name, f"columns missing: {', '.join(missing)}")


def restore(database: Database, path: Path, actor: Principal = SYSTEM) -> Summary:
    """Replace every table of the migrated ``database`` with the backup at ``path``, atomically.

    The backup's audit chain is verified first: a broken one (an entry edited, removed or
    inserted after the backup was made) refuses the restore and changes nothing. The restore
    itself is appended to the log as an entry by ``actor``."""
    with tempfile.TemporaryDirectory(prefix="burdenshare-restore-") as workdir:
        source_engine = _prepared(path, Path(workdir))
        try:
            _check_tables(source_engine, path)
            with source_engine.connect() as source, database.writer() as session:
                target = session.connection()
                with _audit_unlocked(target):
                    for table in reversed(Base.metadata.sorted_tables):
                        target.execute(delete(table))
                    _copy_rows(source, target)
                if target.dialect.name == "postgresql":
                    _reset_sequences(target)
                rows = _count_rows(target)
                chain = verify_chain(session)
                if not chain.intact:
                    raise InputError(
                        str(path),
                        "audit_log",
                        f"the audit chain is broken at entry {chain.broken_at} "
                        f"({chain.problem}): nothing restored",
                    )
                after = {"file": path.name, "rows": sum(rows.values()), "head": chain.head}
                record_event(
                    session, actor, "restore", "database", 0, None, after, negotiation_id=None
                )
                session.commit()
        except IntegrityError as exc:  # rolled back: the database is unchanged
            problem = str(exc.orig).splitlines()[0]
            raise InputError(str(path), "", f"inconsistent backup: {problem}") from None
        finally:
            source_engine.dispose()
    return Summary(head_revision(), rows)
