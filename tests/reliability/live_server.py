"""A real ``uvicorn`` process (loopback, a free port, access log on) serving the dashboard and
the JSON API on a database prepared like ``burdenshare db upgrade`` + ``demo load``; its
stdout and stderr are captured to files so tests can read every line it logged."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from live import free_port, uvicorn_command, wait_until_serving
from sqlalchemy import select

from burdenshare.store.access import SYSTEM
from burdenshare.store.database import open_database
from burdenshare.store.demo import load_demo
from burdenshare.store.migrate import upgrade
from burdenshare.store.models import Negotiation, User
from burdenshare.store.users import create_token

_names = itertools.count()


def new_database(backend: str, request: pytest.FixtureRequest, folder: Path) -> str:
    """The URL of a new empty database on ``backend`` (a file, or CREATE DATABASE)."""
    if backend == "sqlite":
        return f"sqlite:///{folder / f'db{next(_names)}.db'}"
    server = request.getfixturevalue("postgres")
    name = f"reliability_{next(_names)}"
    server.execute(f"CREATE DATABASE {name}")
    url: str = server.url(name)
    return url


@dataclass(frozen=True)
class Prepared:
    """Tokens (by username) and the demo negotiation's id in a freshly prepared database."""

    tokens: dict[str, str]
    negotiation_id: int


def prepare(url: str) -> Prepared:
    """Migrate, load the demo and give every demo user an API token."""
    database = open_database(url)
    try:
        upgrade(database.engine)
        tokens = {}
        with database.writer() as session:
            load_demo(session)
            for user in session.scalars(select(User).order_by(User.id)):
                tokens[user.username], _ = create_token(session, SYSTEM, user, "tests")
            nid = session.scalar(select(Negotiation.id).where(Negotiation.key == "sma-10-2018"))
        return Prepared(tokens, int(nid or 0))
    finally:
        database.dispose()


@dataclass
class LiveServer:
    """One uvicorn process; ``log()`` is everything it wrote to stdout and stderr so far."""

    url: str
    process: subprocess.Popen[bytes]
    out: Path
    err: Path

    def log(self) -> str:
        return self.out.read_text(errors="replace") + self.err.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start(database_url: str, home: Path, *extra_env: tuple[str, str]) -> LiveServer:
    """``uvicorn burdenshare.web:create_web_app`` on 127.0.0.1 (what ``burdenshare serve`` runs)."""
    port = free_port()
    env = {
        **os.environ,
        "BURDENSHARE_HOME": str(home),
        "BURDENSHARE_DATABASE_URL": database_url,
        **dict(extra_env),
    }
    out, err = home / "server.out", home / "server.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            uvicorn_command(port, access_log=True), env=env, stdout=stdout, stderr=stderr
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, out, err)
    try:
        wait_until_serving(process, server.url, lambda: server.log()[-2000:])
    except RuntimeError:
        server.stop()
        raise
    return server
