"""Security hooks: response headers (CSP), CSRF tokens and checks, the session cookie.

CSRF: every browser gets a random HttpOnly cookie (:data:`CSRF_COOKIE`); the token a page puts
in its forms (hidden field ``csrf_token``) is the HMAC of the session cookie's value keyed with
it, so a token is bound to one browser and one login, and a cookie planted by a sibling site is
useless without the victim's session. Every dashboard form POST and every cookie-authenticated
unsafe API call (header ``X-CSRF-Token``, returned by ``/api/auth/login``) must carry it, on top
of the same-origin check. Bearer-token calls need neither (no ambient credential).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request, Response
from starlette.datastructures import FormData
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from burdenshare.store.settings import Settings

SESSION_COOKIE = "burdenshare_session"
CSRF_COOKIE = "burdenshare_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
#: the dashboard: own scripts only (Plotly is served from the package); Plotly sets inline
#: styles on the charts it draws, hence 'unsafe-inline' for styles (never for scripts)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: /docs and /redoc: Swagger UI / ReDoc served from the installed package (api/docs.py) with
#: FastAPI's inline setup script; nothing from a CDN (ReDoc's logo image is refused)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})
HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)


class SecurityHeaders:
    """Pure ASGI middleware adding :data:`HEADERS`, and ``Cache-Control: no-store`` on every
    answer but the static files: pages, ``/data`` JSON, briefings and the API may hold a
    delegation's private records, and no browser or proxy cache may keep them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        cacheable = path.startswith("/static/")
        policy = (DOCS_CSP if path in DOCS_PATHS else CSP).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(HEADERS)
                headers.append((b"content-security-policy", policy))
                if not cacheable:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security(app: FastAPI, settings: Settings) -> None:
    """Add the security middleware to the application (the hook issue 10 extends)."""
    app.add_middleware(SecurityHeaders)


def csrf_token(browser: str, session: str | None) -> str:
    """The token of a browser's CSRF cookie and its session cookie (empty before login)."""
    return hmac.new(browser.encode(), (session or "").encode(), hashlib.sha256).hexdigest()


def browser_secret(request: Request) -> str:
    """This browser's CSRF cookie value, or a new one (see :func:`keep_browser_secret`)."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)


def keep_browser_secret(request: Request, response: Response, browser: str) -> None:
    """Set the CSRF cookie on ``response`` when ``browser`` is a new secret."""
    if request.cookies.get(CSRF_COOKIE) != browser:
        set_csrf_cookie(response, browser, request.app.state.settings)


def check_csrf(request: Request, token: object = None) -> None:
    """A write from a browser must come from this site's own pages: the same origin (when
    the browser says) and the CSRF token of this browser and session (always)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin is not None:
        given = urlsplit(origin)
        if (given.scheme, given.netloc) != (request.url.scheme, request.url.netloc):
            raise HTTPException(403, "cross-site request refused")
    browser = request.cookies.get(CSRF_COOKIE)
    if not browser or not isinstance(token, str) or not token:
        raise HTTPException(403, "missing CSRF token: reload the page and try again")
    expected = csrf_token(browser, request.cookies.get(SESSION_COOKIE))
    if not hmac.compare_digest(expected.encode(), token.encode()):
        raise HTTPException(403, "wrong CSRF token: reload the page and try again")


async def checked_form(request: Request) -> FormData:
    """The posted form of a dashboard page, once its CSRF token is checked (403 otherwise)."""
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    return form


def set_csrf_cookie(response: Response, value: str, settings: Settings) -> None:
    response.set_cookie(
        CSRF_COOKIE,
        value,
        max_age=365 * 24 * 3600,
        httponly=True,
        secure=settings.session_cookie_secure,
        samesite="lax",
        path="/",
    )


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
