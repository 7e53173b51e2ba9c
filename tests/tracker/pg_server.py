"""A throwaway PostgreSQL server for the tracker tests: Debian's binaries, a temp data dir,
a free port on 127.0.0.1, started once per test session and stopped at its end."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

BIN_GLOB = "/usr/lib/postgresql/*/bin"
MISSING = (
    "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: the tracker tests run "
    "on SQLite and on a real PostgreSQL server. Run `make test` (it installs Debian's "
    "postgresql package), or `apt-get install postgresql`; set BURDENSHARE_SKIP_POSTGRES=1 "
    "to run the SQLite half only."
)


def find_bin() -> Path | None:
    """Where pg_ctl and initdb are: $BURDENSHARE_POSTGRES_BIN, else Debian's newest."""
    given = os.environ.get("BURDENSHARE_POSTGRES_BIN")
    if given:
        path = Path(given)
        return path if (path / "pg_ctl").exists() and (path / "initdb").exists() else None
    found = sorted(Path("/").glob(BIN_GLOB.lstrip("/")), key=lambda p: int(p.parent.name))
    found = [p for p in found if (p / "pg_ctl").exists() and (p / "initdb").exists()]
    return found[-1] if found else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    bin: Path
    root: Path
    port: int = 0

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            self.bin / "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        self.port = free_port()
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._run(
            self.bin / "pg_ctl",
            "-D",
            self.data,
            "-o",
            options,
            "-l",
            self.root / "server.log",
            "-w",
            "-t",
            "60",
            "start",
        )
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        try:
            self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def dsn(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]


def start_server() -> PostgresServer:
    bin_dir = find_bin()
    if bin_dir is None:
        raise FileNotFoundError(MISSING)
    server = PostgresServer(bin_dir, Path(tempfile.mkdtemp(prefix="burdenshare-pg-")))
    server.start()
    return server


def running_server() -> Iterator[PostgresServer]:
    """The body of every ``postgres`` fixture: a started server, stopped afterwards; skipped
    with BURDENSHARE_SKIP_POSTGRES=1, a failure (not a skip) when PostgreSQL is missing."""
    if os.environ.get("BURDENSHARE_SKIP_POSTGRES") == "1":
        pytest.skip("BURDENSHARE_SKIP_POSTGRES=1: the PostgreSQL half is skipped")
    if find_bin() is None:
        pytest.fail(MISSING, pytrace=False)
    server = start_server()
    try:
        yield server
    finally:
        server.stop()
