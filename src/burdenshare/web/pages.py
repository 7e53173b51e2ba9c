"""The public analysis pages (History, Proposals, Lapse, Negotiation) and their JSON twins."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from burdenshare.api.access import MaybePrincipalDep, authorize
from burdenshare.api.deps import SettingsDep
from burdenshare.api.security import checked_form
from burdenshare.costs.scenario import Scenario
from burdenshare.errors import InputError
from burdenshare.present.table import ResultTable
from burdenshare.store.access import Principal
from burdenshare.web import charts, exports, simulate, views
from burdenshare.web.forms import (
    AMOUNT_KINDS,
    ASSUMPTION_PARTY,
    ESCALATIONS,
    PROPOSAL_FIELDS,
    Errors,
    all_defaults,
    date_field,
    edit_scenario,
    int_field,
    proposal_defaults,
)
from burdenshare.web.render import STATIC_DIR, page, plotly_js

router = APIRouter(dependencies=[Depends(authorize)], include_in_schema=False)
STATIC_FILES = {"dashboard.css": "text/css", "dashboard.js": "text/javascript"}
DEFAULT_LAPSE = "sma-2020-lapse"
FORM_FIELDS = (*PROPOSAL_FIELDS, "base")


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
    table = ResultTable.from_json(data["table"])  # present/history.py, as the CLI prints it
    return page(request, "history.html", data, charts.history_figures(data), table=table)


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
    # present/lapse.py and present/lapse_calibration.py: the tables as the CLI prints them
    keys = ("headlines", "table", "events_table")
    tables: dict[str, Any] = {k: ResultTable.from_json(data[k]) for k in keys}
    if data["calibration"] is not None:
        tables["calibration"] = ResultTable.from_json(data["calibration"])
    return page(
        request, "lapse.html", data, figures, names=names, form=form, errors=errors, **tables
    )


@router.get("/negotiation", response_class=HTMLResponse)
@router.get("/data/negotiation")
def negotiation_page(request: Request) -> Response:
    data = views.negotiation_view()
    outlook = ResultTable.from_json(data["simulation"]["table"])  # present/outlook.py
    points = ResultTable.from_json(data["points_table"])  # present/study.py, as `negotiate`
    trace = ResultTable.from_json(data["trace_table"])  # present/trace.py, as simulate --trace
    recorded = ResultTable.from_json(data["recorded_table"])  # present/study.py, as `negotiate`
    figures = charts.negotiation_figures(data)
    return page(
        request,
        "negotiation.html",
        data,
        figures,
        outlook=outlook,
        points=points,
        trace=trace,
        recorded=recorded,
    )


@router.post("/negotiation/simulations")
async def simulation_start(request: Request) -> Response:
    """Start the Monte Carlo of sma-2018 in the background (poll the returned status URL)."""
    raw = await checked_form(request)
    errors: Errors = {}
    runs = int_field(str(raw.get("runs", "2000"))[:20], "runs", errors, 1, simulate.MAX_RUNS)
    seed = int_field(str(raw.get("seed", "2018"))[:20], "seed", errors, 0, 2**32 - 1)
    if errors:
        return JSONResponse({"detail": "the form has errors", "errors": errors}, status_code=422)
    job = simulate.start(runs, seed)
    if job is None:
        return JSONResponse(
            {"detail": "simulations are busy: try again shortly"},
            status_code=429,
            headers={"Retry-After": "2"},
        )
    url = f"/negotiation/simulations/{job.id}"
    return JSONResponse({"id": job.id, "status_url": url, "total": runs}, status_code=202)


@router.get("/negotiation/simulations/{job_id}")
def simulation_status(job_id: str) -> Response:
    found = simulate.status(job_id[:64])
    if found is None:
        return JSONResponse({"detail": "no such simulation"}, status_code=404)
    return JSONResponse(found)


def _base(who: Principal | None, home: Path, saved: str) -> tuple[Scenario, Errors]:
    """The scenario the form edits: sma-2018, or one of the user's saved scenarios."""
    sc = views.scenario(views.NEGOTIATION_SCENARIO)
    if not saved:
        return sc, {}
    if who is None:
        return sc, {"saved": "log in (Tracker) to open your saved scenarios"}
    found = exports.load_saved(home, who.username, saved)
    if found is None:
        return sc, {"saved": f"you have no saved scenario {saved!r}"}
    return found, {}


def _edited(form: dict[str, str], sc: Scenario) -> tuple[Scenario | None, Errors]:
    if not form.get("submitted"):
        return None, {}
    return edit_scenario(form, sc)


def _proposals(
    request: Request,
    form: dict[str, str],
    errors: Errors,
    status: int,
    who: Principal | None,
    home: Path,
    save_errors: Errors | None = None,
    saved_as: str = "",
) -> Response:
    sc, base_errors = _base(who, home, form.get("base", ""))
    errors = {**base_errors, **errors}
    if base_errors:
        form = {**form, "base": ""}
        status = 422
    default = views.scenario(views.NEGOTIATION_SCENARIO)
    base = views.proposals_view() if sc is default else views.comparison_view(sc)
    edited_sc = None
    if not errors:
        edited_sc, errors = _edited(form, sc)
        status = 422 if errors else status
    shown = views.comparison_view(edited_sc) if edited_sc is not None else base
    data = {**shown, "edited": edited_sc is not None, "errors": errors, "form": form}
    figures = {"chart-proposals": charts.proposals_figure(shown)}
    keys = [row["proposal"] for row in base["summary"]]
    edited_keys = [k for k in (form.get("new_key"), form.get("proposal")) if k]
    changed = edited_sc is not None and any(
        p.party == ASSUMPTION_PARTY and p.key in edited_keys for p in edited_sc.all
    )
    data["assumption"] = changed
    query = {k: v for k, v in form.items() if v and k in (*PROPOSAL_FIELDS, "base", "submitted")}
    return page(
        request,
        "proposals.html",
        data,
        figures,
        table=ResultTable.from_json(shown["table"]),
        status_code=422 if save_errors else status,
        form=form,
        errors=errors,
        keys=keys,
        terms_json=json.dumps(all_defaults(sc), separators=(",", ":")).replace("</", "<\\/"),
        kinds=AMOUNT_KINDS,
        escalations=ESCALATIONS,
        download_query=urlencode(query),
        user=who.username if who else None,
        saved_names=exports.saved_names(home, who.username) if who else [],
        save_errors=save_errors or {},
        saved_as=saved_as,
    )


def _read_form(raw: Any) -> dict[str, str]:
    form = {name: str(raw.get(name, ""))[:200] for name in FORM_FIELDS}
    form["submitted"] = "1"
    return form


@router.get("/proposals", response_class=HTMLResponse)
@router.get("/data/proposals")
def proposals_page(
    request: Request,
    who: MaybePrincipalDep,
    config: SettingsDep,
    proposal: Annotated[str, Query(max_length=100)] = "us-150pct",
    saved: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    sc, errors = _base(who, config.home, saved)
    keys = [p.key for p in sc.all]
    if errors:
        return _proposals(request, {"proposal": proposal}, errors, 422, who, config.home)
    if proposal not in keys:
        errors["proposal"] = f"choose one of: {', '.join(keys)}"
        form = {"proposal": proposal, "base": saved}
        return _proposals(request, form, errors, 422, who, config.home)
    form = {**proposal_defaults(proposal, sc), "base": saved}
    return _proposals(request, form, errors, 200, who, config.home)


@router.post("/proposals", response_class=HTMLResponse)
async def proposals_submit(
    request: Request, who: MaybePrincipalDep, config: SettingsDep
) -> Response:
    raw = await checked_form(request)
    form = _read_form(raw)
    loaded = form.get("loaded", "")
    if loaded and loaded != form["proposal"]:
        # another proposal was chosen but its terms were not loaded (no script): load them
        # rather than applying the previous proposal's terms under the chosen one's name
        sc, errors = _base(who, config.home, form["base"])
        if not errors and form["proposal"] in [p.key for p in sc.all]:
            form = {**proposal_defaults(form["proposal"], sc), "base": form["base"]}
    return _proposals(request, form, {}, 200, who, config.home)


@router.get("/proposals/download.{kind}")
def proposals_download(
    request: Request, kind: str, who: MaybePrincipalDep, config: SettingsDep
) -> Response:
    """The shown comparison's scenario as a scenario file (yaml) or its records (csv)."""
    if kind not in ("yaml", "csv"):
        return Response("not found", status_code=404, media_type="text/plain")
    params = request.query_params
    form = {name: str(params.get(name, ""))[:200] for name in FORM_FIELDS}
    form["submitted"] = "1" if params.get("submitted") else ""
    sc, errors = _base(who, config.home, form["base"])
    edited, more = _edited(form, sc)
    errors = {**errors, **more}
    if errors:
        return JSONResponse({"detail": "the form has errors", "errors": errors}, status_code=422)
    chosen = edited or sc
    name = exports.filename(chosen, edited is not None, kind)
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    if kind == "yaml":
        text = exports.scenario_yaml(chosen.spec)
        return Response(text, media_type="application/yaml", headers=headers)
    return Response(exports.comparison_csv(chosen), media_type="text/csv", headers=headers)


@router.post("/proposals/save", response_class=HTMLResponse)
async def proposals_save(request: Request, who: MaybePrincipalDep, config: SettingsDep) -> Response:
    """Store the edited scenario as the user's ``<name>`` (a YAML file under the data home)."""
    raw = await checked_form(request)
    form = _read_form(raw)
    name = str(raw.get("name", ""))[:100].strip()
    save_errors: Errors = {}
    if who is None:
        save_errors["name"] = "log in (Tracker) to save scenarios"
    elif not exports.NAME_PATTERN.match(name):
        save_errors["name"] = exports.NAME_RULE
    sc, errors = _base(who, config.home, form["base"])
    edited, more = _edited(form, sc)
    errors = {**errors, **more}
    if errors or save_errors or who is None or edited is None:
        form["name"] = name
        return _proposals(request, form, errors, 422, who, config.home, save_errors or None)
    exports.save(config.home, who.username, name, edited.spec)
    return RedirectResponse(f"/proposals?{urlencode({'saved': name})}", status_code=303)
