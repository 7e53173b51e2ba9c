"""/docs (Swagger UI) and /redoc (ReDoc) with their scripts and styles served from an installed
package (``fastapi-offline`` ships the files), never from a CDN: the pages work offline; and
/openapi.json with the body guard's 408 and 413 on every operation that takes a body."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import FileResponse, HTMLResponse, Response

from burdenshare.api.responses import declare_body_limits

ASSETS_URL = "/docs/assets"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}


def assets_dir() -> Path | None:
    """The folder of Swagger UI / ReDoc files in the installed ``fastapi_offline`` package."""
    spec = find_spec("fastapi_offline")
    if spec is None or spec.origin is None:
        return None
    found = Path(spec.origin).parent / "static"
    return found if found.is_dir() else None


def install_docs(app: FastAPI) -> None:
    """Add /docs, /docs/oauth2-redirect, /redoc and their assets to ``app`` (created with
    ``docs_url=None, redoc_url=None``); /openapi.json declares 408 and 413 where a body goes."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = declare_body_limits(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    title = app.title
    openapi_url = app.openapi_url or "/openapi.json"
    redirect = "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{title} – API",
            oauth2_redirect_url=redirect,
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
        )

    @app.get(redirect, include_in_schema=False)
    def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{title} – API",
            redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )

    @app.get(ASSETS_URL + "/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        folder = assets_dir()
        if name not in ASSETS or folder is None:
            return Response("not found", status_code=404, media_type="text/plain")
        headers = {"cache-control": "public, max-age=86400"}
        return FileResponse(folder / name, media_type=ASSETS[name], headers=headers)
