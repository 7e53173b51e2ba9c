"""Read a request's whole body, within limits, before the request is admitted anywhere.

A request's body is read here (outside :class:`~burdenshare.api.inflight.InFlightLimit`), so a
client that sends headers and then stalls holds no slot and no SQLite writer turn: it waits
alone until :data:`~burdenshare.limits.BODY_READ_TIMEOUT` and gets 408. A body past
:data:`~burdenshare.limits.MAX_BODY_BYTES` is refused with 413 (unread, when its
``Content-Length`` says so). A JSON body is checked once here for what Python's parser
accepts but JSON and the databases do not: ``NaN``, ``Infinity`` and numbers that overflow to
them, integers too long to parse, lone surrogates (``"\\ud800"``), nesting past the parser's
depth; each is a 422 naming the problem, and nothing reaches a handler or the log.
"""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from burdenshare.limits import BODY_READ_TIMEOUT, BODY_TOTAL_TIMEOUT, MAX_BODY_BYTES


class BodyRefused(Exception):
    """The body cannot be accepted: the HTTP status and why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _reject_constant(name: str) -> Any:
    raise BodyRefused(422, f"{name} is not a JSON number: send a finite number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BodyRefused(422, f"{text[:40]} is too large for a number")
    return value


def _check_text(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise BodyRefused(
                    422, "a string holds a lone surrogate (not Unicode text)"
                ) from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def check_json(body: bytes) -> None:
    """Raise :class:`BodyRefused` (422) if ``body`` is JSON that holds NaN, ±Infinity, a
    number that overflows, an integer too long to parse, a lone surrogate or nests too deep.
    Bodies that are not JSON at all are left to the route (its documented 422)."""
    if not body.strip():
        return
    try:
        parsed = json.loads(body, parse_constant=_reject_constant, parse_float=_finite)
    except BodyRefused:
        raise
    except RecursionError:
        raise BodyRefused(422, "the JSON nests too deeply") from None
    except ValueError as exc:
        if "digits" in str(exc) and not isinstance(exc, json.JSONDecodeError):
            raise BodyRefused(422, "an integer has too many digits") from None
        return  # not JSON (or not UTF-8): the route answers it
    _check_text(parsed)


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            kind = bytes(value).split(b";")[0].strip().lower()
            return kind == b"application/json" or kind.endswith(b"+json")
    return True  # FastAPI parses a body without a content type as JSON


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _has_body(scope: Scope) -> bool:
    names = {name for name, _ in scope.get("headers", [])}
    return b"content-length" in names or b"transfer-encoding" in names


async def _answer(send: Send, status: int, message: str) -> None:
    detail: Any = message
    if status == 422:
        detail = [{"loc": ["body"], "msg": message, "type": "body_invalid"}]
    body = json.dumps({"detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if status in (408, 413):
        headers.append((b"connection", b"close"))  # the rest of the body is never read
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyGuard:
    """Pure ASGI middleware: buffer the body (limits and timeouts), check JSON, then replay."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int = MAX_BODY_BYTES,
        read_timeout: float = BODY_READ_TIMEOUT,
        total_timeout: float = BODY_TOTAL_TIMEOUT,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body; None if the client went away."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.total_timeout
        chunks: list[bytes] = []
        size = 0
        while True:
            wait = min(self.read_timeout, deadline - loop.time())
            if wait <= 0:
                raise BodyRefused(408, "the request body took too long to arrive")
            try:
                message = await asyncio.wait_for(receive(), wait)
            except TimeoutError:
                raise BodyRefused(408, "the request body stopped arriving") from None
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise BodyRefused(413, f"the request body exceeds {self.max_bytes} bytes")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_body(scope):
            await self.app(scope, receive, send)
            return
        try:
            declared = _declared_length(scope)
            if declared is not None and declared > self.max_bytes:
                raise BodyRefused(413, f"the request body exceeds {self.max_bytes} bytes")
            body = await self._read(receive)
            if body is None:
                return
            if _is_json(scope):
                check_json(body)
        except BodyRefused as refused:
            await _answer(send, refused.status, refused.message)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
