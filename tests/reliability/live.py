"""A real tracker server for the reliability tests: uvicorn in its own process on 127.0.0.1.

``seed_database`` migrates a fresh database and gives it the demo negotiation plus one editor
per delegation with an API token; ``LiveServer`` runs ``python -m uvicorn --factory
burdenshare.web:create_web_app`` on that database (a free port, loopback only), waits until
``/api/health`` answers, and is stopped gently or killed with SIGKILL. ``written_notes`` reads
back, straight from the database, what the clients were told was stored.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import select

from burdenshare.store.access import SYSTEM
from burdenshare.store.database import open_database
from burdenshare.store.demo import load_demo
from burdenshare.store.migrate import upgrade
from burdenshare.store.models import AuditEntry, Negotiation, Note
from burdenshare.store.users import create_token, create_user

DELEGATIONS = ("ROK", "US", "analysts")
PASSWORD = "reliability-password-1"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def uvicorn_command(port: int, *, access_log: bool) -> list[str]:
    """``uvicorn burdenshare.web:create_web_app`` on 127.0.0.1:``port`` (what ``burdenshare
    serve`` runs), logging every request or only warnings."""
    logging = (
        ["--access-log", "--log-level", "info"]
        if access_log
        else ["--no-access-log", "--log-level", "warning"]
    )
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "burdenshare.web:create_web_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *logging,
    ]


def wait_until_serving(process: subprocess.Popen[bytes], base: str, log: Callable[[], str]) -> None:
    """Return once ``base``/api/health answers 200; raise (with the log) if the process exits
    or does not answer within START_TIMEOUT seconds."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}): {log()}")
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the server did not answer within {START_TIMEOUT}s: {log()}")


@dataclass(frozen=True)
class Site:
    """What the clients need: the negotiation's id and one editor token per delegation."""

    negotiation_id: int
    tokens: dict[str, str] = field(default_factory=dict)


def seed_database(url: str) -> Site:
    """Migrate the (empty) database at ``url`` and load the demo, an editor and a token each."""
    database = open_database(url)
    try:
        upgrade(database.engine)
        with database.writer() as session:
            load_demo(session)
            negotiation_id = session.scalar(
                select(Negotiation.id).where(Negotiation.key == "sma-10-2018")
            )
            assert negotiation_id is not None
            tokens = {}
            for delegation in DELEGATIONS:
                data = {
                    "username": f"load-{delegation.lower()}",
                    "password": PASSWORD,
                    "delegation": delegation,
                    "role": "editor",
                }
                user = create_user(session, SYSTEM, data)
                tokens[delegation], _ = create_token(session, SYSTEM, user, "reliability")
    finally:
        database.dispose()
    return Site(negotiation_id, tokens)


@dataclass(frozen=True)
class StoredNote:
    body: str
    version: int
    audit_actions: tuple[str, ...]


def written_notes(url: str, ids: list[int]) -> dict[int, StoredNote]:
    """The notes with these ids as the database holds them, with their audit entries."""
    database = open_database(url)
    try:
        with database.reader() as session:
            notes = {n.id: n for n in session.scalars(select(Note).where(Note.id.in_(ids)))}
            actions: dict[int, list[str]] = {}
            query = (
                select(AuditEntry.record_id, AuditEntry.action)
                .where(AuditEntry.table_name == "notes", AuditEntry.record_id.in_(ids))
                .order_by(AuditEntry.id)
            )
            for record_id, action in session.execute(query):
                actions.setdefault(record_id, []).append(action)
            return {
                i: StoredNote(n.body, n.version, tuple(actions.get(i, ())))
                for i, n in notes.items()
            }
    finally:
        database.dispose()


class LiveServer:
    """``uvicorn`` serving ``create_web_app`` on ``url`` in a child process."""

    def __init__(self, url: str, log: Path) -> None:
        self.url = url
        self.log = log
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.port = free_port()
        env = {**os.environ, "BURDENSHARE_DATABASE_URL": self.url}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                uvicorn_command(self.port, access_log=False), env=env, stdout=log, stderr=log
            )
        wait_until_serving(self.process, self.base, lambda: str(self.log))

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flush, as a power cut or the OOM killer."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


class ForkedServers:
    """Servers forked from one warm ``forkserver.py`` process: start, SIGKILL, start again."""

    def __init__(self, url: str, log: Path) -> None:
        env = {**os.environ, "BURDENSHARE_DATABASE_URL": url}
        script = Path(__file__).with_name("forkserver.py")
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, str(script)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        self.pid = 0
        self.port = 0
        self.killed = False

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.killed = False
        self.port = free_port()
        self.process.stdin.write(f"{self.port}\n")
        self.process.stdin.flush()
        self.pid = int(self.process.stdout.readline())
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/api/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if not _alive(self.pid):
                raise RuntimeError(f"the server exited: {self.log.name}")
            time.sleep(0.02)
        raise RuntimeError(f"the server did not answer within {START_TIMEOUT}s")

    def kill(self) -> None:
        """SIGKILL the running server and wait until it is gone."""
        os.kill(self.pid, signal.SIGKILL)
        while _alive(self.pid):
            time.sleep(0.005)
        self.killed = True

    def close(self) -> None:
        if self.pid and _alive(self.pid):
            self.kill()
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
