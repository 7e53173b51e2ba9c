"""The public analysis pages (History, Proposals, Lapse, Negotiation) and their JSON twins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from burdenshare.api.access import authorize
from burdenshare.errors import InputError
from burdenshare.web import charts, views
from burdenshare.web.forms import (
    AMOUNT_KINDS,
    ESCALATIONS,
    PROPOSAL_FIELDS,
    Errors,
    date_field,
    edit_proposal,
    proposal_defaults,
)
from burdenshare.web.render import STATIC_DIR, page, plotly_js

router = APIRouter(dependencies=[Depends(authorize)], include_in_schema=False)
STATIC_FILES = {"dashboard.css": "text/css", "dashboard.js": "text/javascript"}
DEFAULT_LAPSE = "sma-2020-lapse"


@router.get("/static/plotly.min.js")
def plotly_file() -> Response:
    found = plotly_js()
    if found is None:
        return Response("plotly is not installed", status_code=404, media_type="text/plain")
    headers = {"cache-control": "public, max-age=86400"}
    return FileResponse(found, media_type="text/javascript", headers=headers)


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    if name not in STATIC_FILES:
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(STATIC_DIR / name, media_type=STATIC_FILES[name])


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    return page(request, "home.html", {"pages": ["history", "proposals", "lapse", "negotiation"]})


@router.get("/history", response_class=HTMLResponse)
@router.get("/data/history")
def history_page(request: Request) -> Response:
    data = views.history_view()
    return page(request, "history.html", data, charts.history_figures(data))


@router.get("/lapse", response_class=HTMLResponse)
@router.get("/data/lapse")
def lapse_page(
    request: Request,
    scenario: Annotated[str, Query(max_length=100)] = DEFAULT_LAPSE,
    deal_on: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    errors: Errors = {}
    names = views.lapse_scenarios()
    if scenario not in names:
        errors["scenario"] = f"choose one of: {', '.join(names)}"
    deal = date_field(deal_on, "deal_on", errors)
    data = None
    if not errors:
        try:
            data = views.lapse_view(scenario, deal)
        except InputError as exc:
            errors["deal_on" if "deal" in exc.field else "scenario"] = exc.problem
    form = {"scenario": scenario, "deal_on": deal_on}
    if data is None:
        body = {"errors": errors, "form": form}
        return page(request, "lapse.html", body, status_code=422, names=names, form=form)
    figures = {"chart-lapse": charts.lapse_figure(data)}
    return page(request, "lapse.html", data, figures, names=names, form=form, errors=errors)


@router.get("/negotiation", response_class=HTMLResponse)
@router.get("/data/negotiation")
def negotiation_page(request: Request) -> Response:
    data = views.negotiation_view()
    return page(request, "negotiation.html", data, charts.negotiation_figures(data))


def _proposals(request: Request, form: dict[str, str], errors: Errors, status: int) -> Response:
    base = views.proposals_view()
    edited = None
    if not errors and form.get("submitted"):
        edited, errors = edit_proposal(form)
        status = 422 if errors else 200
    shown = edited or base
    data = {**shown, "edited": edited is not None, "errors": errors, "form": form}
    figures = {"chart-proposals": charts.proposals_figure(shown)}
    keys = [row["proposal"] for row in base["summary"]]
    return page(
        request,
        "proposals.html",
        data,
        figures,
        status_code=status,
        form=form,
        errors=errors,
        keys=keys,
        kinds=AMOUNT_KINDS,
        escalations=ESCALATIONS,
    )


@router.get("/proposals", response_class=HTMLResponse)
@router.get("/data/proposals")
def proposals_page(
    request: Request, proposal: Annotated[str, Query(max_length=100)] = "us-150pct"
) -> Response:
    keys = [row["proposal"] for row in views.proposals_view()["summary"]]
    errors: Errors = {}
    if proposal not in keys:
        errors["proposal"] = f"choose one of: {', '.join(keys)}"
        return _proposals(request, {"proposal": proposal}, errors, 422)
    return _proposals(request, proposal_defaults(proposal), errors, 200)


@router.post("/proposals", response_class=HTMLResponse)
async def proposals_submit(request: Request) -> Response:
    raw = await request.form()
    form = {name: str(raw.get(name, ""))[:200] for name in PROPOSAL_FIELDS}
    form["submitted"] = "1"
    return _proposals(request, form, {}, 200)
