"""Security hooks: response headers, the CSRF check on cookie-authenticated writes, the
session cookie. Issue 10 hardens these (CSP, CSRF tokens for forms, rate limits) here.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from burdenshare.store.settings import Settings

SESSION_COOKIE = "burdenshare_session"
HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)


class SecurityHeaders:
    """Pure ASGI middleware adding :data:`HEADERS` (and no-store on API answers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = str(scope.get("path", "")).startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(HEADERS)
                if api:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security(app: FastAPI, settings: Settings) -> None:
    """Add the security middleware to the application (the hook issue 10 extends)."""
    app.add_middleware(SecurityHeaders)


def check_csrf(request: Request) -> None:
    """A write authenticated by the session cookie must come from this site's own pages."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin is None:
        return
    given = urlsplit(origin)
    if (given.scheme, given.netloc) != (request.url.scheme, request.url.netloc):
        raise HTTPException(403, "cross-site request refused")


def set_session_cookie(response: Response, secret: str, settings: Settings) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=settings.session_max_age,
        httponly=True,
        secure=settings.session_cookie_secure,
        samesite="lax",
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
