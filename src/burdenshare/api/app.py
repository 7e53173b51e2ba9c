"""The application factory: one FastAPI object for the JSON API (and the dashboard's pages).

``create_app(settings)`` opens the database, installs the error handlers, the security hooks
and the access table, and mounts the routers. ``burdenshare serve`` runs this same object
with uvicorn; tests drive it in-process.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from burdenshare import __version__
from burdenshare.api.access import API_RULES, AccessTable, check_routes
from burdenshare.api.bodyguard import BodyGuard
from burdenshare.api.docs import install_docs
from burdenshare.api.errors import install_error_handlers
from burdenshare.api.inflight import InFlightLimit
from burdenshare.api.ratelimit import LoginLimiter
from burdenshare.api.routes import auth, meta, negotiations, people, records
from burdenshare.api.security import install_security
from burdenshare.store.database import open_database
from burdenshare.store.migrate import current_revision, head_revision
from burdenshare.store.settings import Settings, load_settings

ROUTERS = (
    meta.router,
    auth.router,
    people.router,
    negotiations.router,
    records.router,
)
DESCRIPTION = """The negotiation tracker: negotiations, rounds, issues, positions, offers,
draft clauses, notes and private preference profiles, with an audit log. Authenticate with
`Authorization: Bearer <token>` (scripts) or the session cookie set by `/api/auth/login`.
Any request with a body may also get 413 (over 1 MiB), 408 (the body stopped arriving) or 422
(a JSON body with NaN, Infinity, an overflowing number or a lone surrogate)."""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On start: every route has an access rule and the database is migrated; on stop: close."""
    check_routes(app)
    engine = app.state.database.engine
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise RuntimeError(
            f"the database is at revision {current}, not {head}: run `burdenshare db upgrade`"
        )
    yield
    app.state.database.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    """The tracker application on ``settings`` (from the environment by default)."""
    settings = settings or load_settings()
    app = FastAPI(
        title="burdenshare tracker",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database = open_database(settings.database_url)
    app.state.access = AccessTable(API_RULES)
    app.state.login_limiter = LoginLimiter()
    install_error_handlers(app)
    # outermost last: security headers on every answer, then the whole body is read (limits,
    # timeouts) before the request queues for a slot or the SQLite writer turn
    app.add_middleware(InFlightLimit, serialize_writes=app.state.database.is_sqlite)
    app.add_middleware(BodyGuard)
    install_security(app, settings)
    for router in ROUTERS:
        app.include_router(router)
    install_docs(app)
    return app
