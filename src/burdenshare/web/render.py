"""Templates, number formatting and the page-or-JSON answer every page shares."""

from __future__ import annotations

import json
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

from burdenshare.api.security import (
    SESSION_COOKIE,
    browser_secret,
    csrf_token,
    keep_browser_secret,
)
from burdenshare.money import Currency, Money, format_money
from burdenshare.present.numbers import amount
from burdenshare.present.table import template_dir
from burdenshare.render import DEFAULT_SCALE

HERE = Path(str(resources.files("burdenshare.web")))
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.loader = ChoiceLoader(  # the pages' templates, then the shared table macro
    [FileSystemLoader(str(HERE / "templates")), FileSystemLoader(str(template_dir()))]
)
STATIC_DIR = HERE / "static"
PAGES = (
    ("/", "Home"),
    ("/history", "History"),
    ("/proposals", "Proposals"),
    ("/lapse", "Lapse"),
    ("/negotiation", "Negotiation"),
    ("/allies", "Allies"),
    ("/backtest", "Backtest"),
    ("/tracker", "Tracker"),
)


def plotly_js() -> Path | None:
    """plotly.min.js from the installed ``plotly`` package (None when it is not installed)."""
    spec = find_spec("plotly")
    if spec is None or spec.origin is None:
        return None
    found = Path(spec.origin).parent / "package_data" / "plotly.min.js"
    return found if found.is_file() else None


def money(minor: int | None, currency: str) -> str:
    """Exact amount in major units with thousands separators (— when unknown)."""
    if minor is None:
        return "—"
    return format_money(Money(int(minor), Currency.parse(currency)))


def short(minor: int | None, currency: str) -> str:
    """An amount in billions (KRW, JPY) or millions (USD) to the tables' significant figures
    (present/numbers.py); the exact value is in the page's JSON twin and the downloads."""
    if minor is None:
        return "—"
    cur = Currency.parse(currency)
    scale = DEFAULT_SCALE[cur]
    return f"{amount(int(minor), cur, scale)} {scale} {cur}"


TEMPLATES.env.filters["money"] = money
TEMPLATES.env.filters["short"] = short


def wants_json(request: Request) -> bool:
    return request.query_params.get("format") == "json" or request.url.path.startswith("/data/")


def page(
    request: Request,
    template: str,
    data: dict[str, Any],
    figures: dict[str, Any] | None = None,
    status_code: int = 200,
    **context: Any,
) -> Response:
    """The page (HTML) or its data (JSON) from one view; its forms carry the CSRF token."""
    if wants_json(request):
        return JSONResponse(data, status_code=status_code)
    browser = browser_secret(request)
    context = {
        "csrf_token": csrf_token(browser, request.cookies.get(SESSION_COOKIE)),
        "data": data,
        "figures_json": json.dumps(figures or {}, separators=(",", ":")),
        "has_plotly": plotly_js() is not None,
        "needs_plotly": bool(figures),
        "pages": PAGES,
        "path": request.url.path,
        **context,
    }
    response = TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
    assert isinstance(response, HTMLResponse)
    keep_browser_secret(request, response, browser)
    return response
