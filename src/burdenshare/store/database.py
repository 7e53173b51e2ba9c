"""Engines and sessions: SQLite (WAL, foreign keys, writers serialized) or any SQLAlchemy URL.

Two session factories share one engine: ``reader`` for requests that only read and ``writer``
for requests that change data. On SQLite a writer begins with ``BEGIN IMMEDIATE``, so two
writers queue instead of failing half-way, and a reader never blocks a writer (WAL).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

from burdenshare.errors import InputError

WRITE_OPTION = "burdenshare_write"
SQLITE_BUSY_TIMEOUT_MS = 30_000
POOL_SIZE = 30
"""Connections an engine keeps (no overflow); the API admits as many requests at once (fewer
than the 40 worker threads), see :mod:`burdenshare.api.inflight`."""


@dataclass(frozen=True)
class Database:
    """One database: its engine and the reader and writer session factories."""

    engine: Engine
    reader: sessionmaker[Session]
    writer: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except Exception as exc:  # SQLAlchemy raises ArgumentError and ValueError here
        raise InputError("BURDENSHARE_DATABASE_URL", "url", str(exc)) from None


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created when missing."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(
            parsed, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=0, hide_parameters=True
        )
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    in_memory = database in (None, "", ":memory:")
    pool = {} if in_memory else {"pool_size": POOL_SIZE, "max_overflow": 0}
    engine = create_engine(
        parsed,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        hide_parameters=True,  # a failing statement's error (and log) never quotes the values
        **pool,
    )
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def open_database(url: str) -> Database:
    engine = make_engine(url)
    writer_engine = engine.execution_options(**{WRITE_OPTION: True})
    return Database(
        engine,
        sessionmaker(engine, expire_on_commit=False),
        sessionmaker(writer_engine, expire_on_commit=False),
    )
