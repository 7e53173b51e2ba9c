"""The Tracker page: log in, see a negotiation's rounds, board, offers, clauses and the own
delegation's private records (as the store's access rules allow), record rounds and offers."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from burdenshare.api.access import MaybePrincipalDep, authorize
from burdenshare.api.deps import SessionDep, SettingsDep
from burdenshare.api.ratelimit import LoginLimiter
from burdenshare.api.routes.auth import client_address
from burdenshare.api.security import (
    SESSION_COOKIE,
    checked_form,
    clear_session_cookie,
    set_session_cookie,
)
from burdenshare.costs.scenario import load_scenario
from burdenshare.errors import BurdenshareError
from burdenshare.limits import MAX_INT, within_limits
from burdenshare.store import users
from burdenshare.store.access import Principal
from burdenshare.store.analysis import analyse
from burdenshare.store.errors import Conflict, Forbidden, NotFound
from burdenshare.store.models import (
    CLAUSE_STATUSES,
    ISSUE_STATUSES,
    Clause,
    Issue,
    IssueStatus,
    Note,
    Offer,
    Profile,
    Round,
)
from burdenshare.store.negotiations import list_negotiations
from burdenshare.store.records import Records
from burdenshare.web import charts
from burdenshare.web.forms import Errors
from burdenshare.web.render import page, wants_json

router = APIRouter(dependencies=[Depends(authorize)], include_in_schema=False)
ALL = 10_000
FORMS = ("round", "offer", "note", "status", "clause")
#: what the page shows of a value an older version stored before NaN and infinities were
#: refused; such a record is left out of the analysis
INVALID = "invalid (stored before validation)"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _analysis(
    session: Session, who: Principal, negotiation_id: int, invalid: set[int]
) -> dict[str, Any] | None:
    """The analysis of the negotiation as ``who`` sees it, without the offers whose ids are in
    ``invalid``; None when there is none (no profile, no scenario) or when its result holds a
    value no analysis can have (a profile stored before NaN was refused)."""
    try:
        found = analyse(session, who, negotiation_id, True)
    except (BurdenshareError, Conflict, NotFound, Forbidden, KeyError):
        return None
    parties = list(found["parties"])
    utilities = found["outcome_utilities"] or {}
    offers = [
        {
            "round": o["round_number"],
            "party": o["party"],
            "u": [o["utilities"][parties[0]], o["utilities"][parties[1]]],
        }
        for o in found["offers"]
        if o["offer_id"] not in invalid
    ]
    unplaced = {o["offer_id"]: o["reason"] for o in found.get("unplaced", [])}
    unplaced |= {offer_id: INVALID for offer_id in invalid}
    if not within_limits([utilities, offers]):
        return None
    return {
        "parties": parties,
        "delegation": found["delegation"],
        "u1": utilities.get(parties[0], []),
        "u2": utilities.get(parties[1], []),
        "offers": offers,
        "unplaced": unplaced,
    }


def amount_reference(scenario_name: str | None) -> dict[str, Any] | None:
    """The level an ``amount`` in % refers to (the scenario's reference year's amount), so the
    offer form can take an amount in money too; None without a scenario."""
    found = _reference(scenario_name) if scenario_name is not None else None
    if found is None:
        return None
    currency, year, minor, exp = found
    return {
        "currency": currency,
        "year": year,
        "major": str(Decimal(minor).scaleb(-exp)),
        "billions": f"{Decimal(minor).scaleb(-exp - 9).normalize():f}",
    }


@lru_cache(maxsize=16)
def _reference(scenario_name: str) -> tuple[str, int, int, int] | None:
    try:
        ref = load_scenario(scenario_name)
    except BurdenshareError:
        return None
    money = ref.reference_amount
    return str(money.currency), ref.reference_year, money.minor, money.currency.exponent


def offer_terms(issues: list[Issue], terms: dict[str, Any]) -> list[str]:
    """An offer's terms as stated, each with its issue's title and unit (:data:`INVALID` for
    terms stored before validation)."""
    if not within_limits(terms):
        return [INVALID]
    out = []
    for issue in issues:
        value = terms.get(issue.key)
        unit = f" {issue.unit}" if issue.unit else ""
        out.append(f"{issue.title}: {value}{unit}")
    return out


def tracker_view(session: Session, who: Principal, negotiation_id: int | None) -> dict[str, Any]:
    """Everything the page shows, read through the store as ``who`` may see it."""
    negotiations = list_negotiations(session, who, 100, 0).items
    if not negotiations:
        return {"user": who.username, "delegation": who.delegation, "negotiation": None}
    chosen = next((n for n in negotiations if n.id == negotiation_id), negotiations[0])
    nid = chosen.id
    records = Records(session, who)
    rounds = records.list(Round, nid, {}, ALL, 0).items
    number = {r.id: r.number for r in rounds}
    issues = records.list(Issue, nid, {}, ALL, 0).items
    key = {i.id: i.key for i in issues}
    statuses = records.list(IssueStatus, nid, {}, ALL, 0).items
    offers = records.list(Offer, nid, {}, ALL, 0).items
    invalid = {o.id for o in offers if not within_limits(o.terms)}
    profiles = records.list(Profile, nid, {}, ALL, 0).items
    return {
        "user": who.username,
        "delegation": who.delegation,
        "role": who.role,
        "negotiations": [{"id": n.id, "key": n.key, "title": n.title} for n in negotiations],
        "negotiation": {"id": nid, "key": chosen.key, "title": chosen.title},
        "amount_reference": amount_reference(chosen.scenario),
        "parties": [p.delegation for p in chosen.participants if p.role != "analyst"],
        "rounds": [
            {
                "id": r.id,
                "number": r.number,
                "starts_on": _iso(r.starts_on),
                "ends_on": _iso(r.ends_on),
                "venue": r.venue,
                "note": r.note,
            }
            for r in rounds
        ],
        "issues": [
            {
                "id": i.id,
                "key": i.key,
                "title": i.title,
                "unit": i.unit,
                # an invalid value stored before validation is dropped from the issue's steps
                "values": [v for v in i.values if within_limits(v)],
                "invalid": not within_limits(i.values),
            }
            for i in issues
        ],
        "board": [
            {
                "id": s.id,
                "issue": key.get(s.issue_id),
                "round": number.get(s.round_id),
                "status": s.status,
            }
            for s in statuses
        ],
        "offers": [
            {
                "id": o.id,
                "round": number.get(o.round_id),
                "party": o.party,
                "label": o.label,
                "terms": o.terms if o.id not in invalid else INVALID,
                "stated": offer_terms(issues, o.terms),
                "invalid": o.id in invalid,
            }
            for o in offers
        ],
        "clauses": [
            {"id": c.id, "key": c.key, "title": c.title, "status": c.status, "text": c.text}
            for c in records.list(Clause, nid, {}, ALL, 0).items
        ],
        "notes": [
            {"owner": n.owner, "visibility": n.visibility, "body": n.body, "author": n.author}
            for n in records.list(Note, nid, {}, ALL, 0).items
        ],
        "profiles": [
            {
                "owner": p.owner,
                "party": p.party,
                "label": p.label,
                "preferences": p.preferences if within_limits(p.preferences) else INVALID,
            }
            for p in profiles
        ],
        "analysis": _analysis(session, who, nid, invalid),
    }


def _login_page(request: Request, errors: Errors, username: str, status: int) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": "log in first", "errors": errors}, status_code=401)
    form = {"username": username}
    return page(request, "login.html", {}, status_code=status, errors=errors, form=form)


def _show(
    request: Request,
    session: Session,
    who: Principal,
    negotiation_id: int | None,
    forms: dict[str, dict[str, str]] | None = None,
    errors: dict[str, Errors] | None = None,
    status: int = 200,
) -> Response:
    data = tracker_view(session, who, negotiation_id)
    figures = charts.tracker_figures(data) if data["negotiation"] else {}
    return page(
        request,
        "tracker.html",
        data,
        figures,
        status_code=status,
        forms={name: {} for name in FORMS} | (forms or {}),
        errors={name: {} for name in FORMS} | (errors or {}),
        statuses=ISSUE_STATUSES,
        clause_statuses=CLAUSE_STATUSES,
    )


@router.get("/tracker", response_class=HTMLResponse)
@router.get("/data/tracker")
def tracker_page(
    request: Request,
    session: SessionDep,
    who: MaybePrincipalDep,
    negotiation: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
) -> Response:
    if who is None:
        return _login_page(request, {}, "", 200)
    return _show(request, session, who, negotiation)


@router.post("/tracker/login", response_class=HTMLResponse)
async def login(request: Request, session: SessionDep, config: SettingsDep) -> Response:
    form = await checked_form(request)
    username = str(form.get("username", ""))[:200].strip()
    password = str(form.get("password", ""))[:1000]
    errors: Errors = {}
    if not username:
        errors["username"] = "enter your user name"
    if not password:
        errors["password"] = "enter your password"
    limiter: LoginLimiter = request.app.state.login_limiter
    address = client_address(request)
    wait = limiter.retry_after(username, address) if not errors else None
    if wait is not None:
        errors = {"password": f"too many failed logins: try again in {wait} s"}
        answer = _login_page(request, errors, username, 429)
        answer.headers["Retry-After"] = str(wait)
        return answer
    user = users.authenticate(session, username, password) if not errors else None
    if user is None:
        if not errors:
            limiter.failed(username, address)
        errors = errors or {"password": "wrong user name or password"}
        return _login_page(request, errors, username, 401)
    limiter.succeeded(username)
    secret = users.start_web_session(session, user, config.session_max_age)
    response = RedirectResponse("/tracker", status_code=303)
    set_session_cookie(response, secret, config)
    return response


@router.post("/tracker/logout")
async def logout(request: Request, session: SessionDep, who: MaybePrincipalDep) -> Response:
    await checked_form(request)
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        users.end_web_session(session, secret)
    response = RedirectResponse("/tracker", status_code=303)
    clear_session_cookie(response)
    return response
