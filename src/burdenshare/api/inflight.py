"""At most :data:`~burdenshare.store.database.POOL_SIZE` requests in the application at once,
and on SQLite one writing request at a time, admitted in arrival order.

Each request holds one database connection from its first query to its end, and runs its
dependencies and handler on a thread of a pool (40 threads). With more requests in flight
than connections, threads block waiting for a connection while the requests holding
connections wait for a free thread to finish: every request stalls until the pool's timeout
(the load test found it at 50 clients). Queuing requests here, before they take a thread or a
connection, keeps both pools large enough for everyone admitted.

SQLite has one writer at a time; writers that find it busy poll with growing sleeps, so under
load a late writer can take the lock again and again while an early one sleeps past the busy
timeout (the load test saw a write fail after 30 s). Writing requests (any method but GET, HEAD
and OPTIONS) therefore queue here first, first come first served, before taking a slot.
"""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

from starlette.types import ASGIApp, Receive, Scope, Send

from burdenshare.store.database import POOL_SIZE

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class InFlightLimit:
    """Pure ASGI middleware: an HTTP request waits here until one of ``limit`` slots is free
    (and, with ``serialize_writes``, until no other writing request is in the application)."""

    def __init__(
        self, app: ASGIApp, limit: int = POOL_SIZE, serialize_writes: bool = False
    ) -> None:
        self.app = app
        self.limit = limit
        self.serialize_writes = serialize_writes
        self._slots: asyncio.Semaphore | None = None
        self._writer: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        if self._slots is None or self._writer is None or self._loop is not loop:
            # one set per event loop (in-process test clients run one loop each)
            self._loop = loop
            self._slots = asyncio.Semaphore(self.limit)
            self._writer = asyncio.Lock()
        async with AsyncExitStack() as stack:
            if self.serialize_writes and scope["method"] not in READ_METHODS:
                await stack.enter_async_context(self._writer)
            await stack.enter_async_context(self._slots)
            await self.app(scope, receive, send)
