"""Start tracker servers fast: import once, then fork a fresh uvicorn process per request.

    python forkserver.py        (BURDENSHARE_DATABASE_URL names the database)

Builds the application (``create_web_app``) and answers one request in-process, so that
its middleware stack and routes are ready, then closes its database connections. Reads one
port number per line on stdin; for each, forks a child that serves that application with
uvicorn on 127.0.0.1:PORT (its engine opens fresh connections), and prints the child's pid.
The fault tests kill those children with SIGKILL; importing FastAPI, SQLAlchemy and the
dashboard once instead of a hundred times is what makes a hundred rounds affordable.
Children are reaped automatically (SIGCHLD ignored).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import uvicorn
from fastapi import FastAPI
from starlette.types import Message

from burdenshare.web import create_web_app


def warm(app: FastAPI) -> None:
    """One GET /api/health through the whole stack, without the lifespan."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/api/health",
        "raw_path": b"/api/health",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "root_path": "",
    }

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            assert message["status"] == 200, message

    asyncio.run(app(scope, receive, send))
    app.state.database.dispose()


def main() -> None:
    app = create_web_app()
    warm(app)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    for line in sys.stdin:
        port = int(line)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
            finally:
                os._exit(0)
        print(pid, flush=True)


if __name__ == "__main__":
    main()
