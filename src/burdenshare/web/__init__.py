"""The dashboard: server-rendered pages (Jinja2, Plotly) on the tracker's own application.

``add_web_routes(app)`` mounts the pages onto an app from :func:`burdenshare.api.create_app`
and declares each page's access rule; ``create_web_app(settings)`` does both at once (what
``burdenshare serve`` runs). Every page's data is also JSON: ``?format=json`` or ``/data/...``.
"""

from __future__ import annotations

from fastapi import FastAPI

from burdenshare.api.access import Rule
from burdenshare.store.settings import Settings

PUBLIC_PAGES = (
    "/",
    "/history",
    "/proposals",
    "/lapse",
    "/negotiation",
    "/allies",
    "/backtest",
    "/sensitivity",
)
SESSION_SCOPE = "own session: the negotiations its delegation takes part in, as the store allows"
WEB_RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/static/plotly.min.js"): Rule(None, "public: plotly.js from the plotly package"),
    ("GET", "/static/{name}"): Rule(None, "public: the dashboard's CSS and JS"),
    **{("GET", path): Rule(None, "public: bundled data") for path in PUBLIC_PAGES},
    **{("GET", f"/data{path}"): Rule(None, "public: bundled data") for path in PUBLIC_PAGES[1:]},
    ("POST", "/proposals"): Rule(None, "public: computes an edited comparison, stores nothing"),
    ("GET", "/proposals/download.{kind}"): Rule(
        None, "public: the shown comparison as YAML/CSV (own saved scenarios with a session)"
    ),
    ("POST", "/proposals/save"): Rule(
        None, "own session: saves to the user's own scenario folder (refused without one)"
    ),
    ("POST", "/negotiation/simulations"): Rule(
        None, "public: starts a Monte Carlo of bundled data"
    ),
    ("GET", "/negotiation/simulations/{job_id}"): Rule(None, "public: a simulation's progress"),
    ("GET", "/tracker"): Rule(None, SESSION_SCOPE + " (a login form without one)"),
    ("GET", "/data/tracker"): Rule(None, SESSION_SCOPE + " (401 without one)"),
    ("POST", "/tracker/login"): Rule(None, "public: starts a web session"),
    ("POST", "/tracker/logout"): Rule(None, "own session"),
    ("POST", "/tracker/{negotiation_id}/rounds"): Rule(None, SESSION_SCOPE + "; editor to write"),
    ("POST", "/tracker/{negotiation_id}/offers"): Rule(None, SESSION_SCOPE + "; editor to write"),
    **{
        ("POST", f"/tracker/{{negotiation_id}}/{kind}"): Rule(
            None, SESSION_SCOPE + "; editor to write; the store's ownership rules"
        )
        for kind in ("notes", "issue-statuses", "clauses")
    },
    ("GET", "/proposals/briefing.{kind}"): Rule(
        None, "public: the briefing of bundled data (own saved scenarios with a session)"
    ),
    ("GET", "/tracker/{negotiation_id}/briefing.{kind}"): Rule(
        None, SESSION_SCOPE + " (401 without one); built from the own delegation's profiles only"
    ),
}


def add_web_routes(app: FastAPI) -> FastAPI:
    """Mount the dashboard's pages onto ``app`` (an app from ``create_app``)."""
    from starlette.middleware.gzip import GZipMiddleware

    from burdenshare.web import allies, briefings, calibration, pages, tracker, tracker_forms

    for (method, path), rule in WEB_RULES.items():
        app.state.access.declare(method, path, rule)
    # pages, JSON twins and plotly.min.js (4.8 MB → about 1.4 MB) travel compressed
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.include_router(pages.router)
    app.include_router(tracker.router)
    app.include_router(tracker_forms.router)
    app.include_router(briefings.router)
    app.include_router(allies.router)
    app.include_router(calibration.router)
    return app


def create_web_app(settings: Settings | None = None) -> FastAPI:
    """The tracker's JSON API and the dashboard on one application object."""
    from burdenshare.api import create_app

    return add_web_routes(create_app(settings))


__all__ = ["WEB_RULES", "add_web_routes", "create_web_app"]
