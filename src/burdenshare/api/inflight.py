"""At most :data:`~burdenshare.store.database.POOL_SIZE` requests in the application at once.

Each request holds one database connection from its first query to its end, and runs its
dependencies and handler on a thread of a pool (40 threads). With more requests in flight
than connections, threads block waiting for a connection while the requests holding
connections wait for a free thread to finish: every request stalls until the pool's timeout
(the load test found it at 50 clients). Queuing requests here, before they take a thread or a
connection, keeps both pools large enough for everyone admitted.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

from burdenshare.store.database import POOL_SIZE


class InFlightLimit:
    """Pure ASGI middleware: an HTTP request waits here until one of ``limit`` slots is free."""

    def __init__(self, app: ASGIApp, limit: int = POOL_SIZE) -> None:
        self.app = app
        self.limit = limit
        self._slots: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        async with self._slots:
            await self.app(scope, receive, send)
