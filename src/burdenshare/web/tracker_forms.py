"""The Tracker page's record forms: offers with free amounts in their units, notes (private to
the delegation or shared), issue status at a round, and clauses.

Each form is checked server-side field by field (one message next to the field, 422, nothing
written); the store then applies its own rules and ownership (a delegation changes only its own
records), whose refusals are shown the same way.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from burdenshare.api.access import MaybePrincipalDep, authorize
from burdenshare.api.deps import SessionDep
from burdenshare.api.models import ClauseCreate, IssueStatusCreate, NoteCreate, OfferCreate
from burdenshare.api.routes.common import PathId, data_of
from burdenshare.api.security import CSRF_FIELD, checked_form
from burdenshare.limits import MAX_INT
from burdenshare.store.access import Principal
from burdenshare.store.errors import Conflict, Forbidden, Invalid, NotFound
from burdenshare.store.models import Clause, Issue, IssueStatus, Note, Offer
from burdenshare.store.records import Records
from burdenshare.store.rules import numeric
from burdenshare.web.forms import Errors, int_field
from burdenshare.web.tracker import ALL, _login_page, _show, amount_reference

router = APIRouter(dependencies=[Depends(authorize)], include_in_schema=False)
REFUSED = (ValidationError, Invalid, Conflict, Forbidden, NotFound)
#: form field → store field, per form (form fields are prefixed: one page, unique ids)
NOTE_FIELDS = {"note_visibility": "visibility", "note_body": "body", "note_round_id": "round_id"}
STATUS_FIELDS = {
    "status_issue_id": "issue_id",
    "status_round_id": "round_id",
    "status_value": "status",
    "status_note": "note",
}
CLAUSE_FIELDS = {
    "clause_key": "key",
    "clause_title": "title",
    "clause_text": "text",
    "clause_status": "status",
    "clause_issue_id": "issue_id",
}


def _text(raw: Any, names: Any) -> dict[str, str]:
    return {name: str(raw.get(name, ""))[:20_000] for name in names}


def _ref(text: str, name: str, errors: Errors) -> int | None:
    """An optional record id from a select ("" = none)."""
    return int_field(text, name, errors, 1, MAX_INT) if text.strip() else None


def term_value(issue: Issue, text: str, name: str, errors: Errors) -> Any:
    """An offer's value for ``issue``: on a numeric issue any number within the domain's range
    (in the issue's unit), else one of its labels."""
    text = text.strip()
    if not numeric(issue.values):
        match = [v for v in issue.values if str(v) == text]
        if not match:
            errors[name] = f"{issue.title}: choose one of {', '.join(map(str, issue.values))}"
            return None
        return match[0]
    unit = f" {issue.unit}" if issue.unit else ""
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        errors[name] = f"{issue.title}: enter a number{unit and ' in' + unit}"
        return None
    low, high = min(issue.values), max(issue.values)
    if not value.is_finite() or not Decimal(str(low)) <= value <= Decimal(str(high)):
        errors[name] = f"{issue.title}: enter a number from {low} to {high}{unit}"
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def percent_of(billions: Any, reference: dict[str, Any] | None) -> Any:
    """An amount given in billions of the reference's currency as % of the reference level,
    exactly, then rounded half-up to 0.01 (1,038.9 billion won of 960.2 billion: 108.2)."""
    if reference is None or billions is None:
        return billions
    level = Decimal(reference["major"])
    share = (Decimal(str(billions)) * 10**9 * 100 / level).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return int(share) if share == share.to_integral_value() else float(share)


def _billions(issue: Issue, text: str, name: str, errors: Errors, reference: dict[str, Any]) -> Any:
    """An amount typed in billions of the reference currency, as % of the reference level;
    its range is the equivalent of the issue's % range."""
    level = Decimal(reference["major"])
    low, high = (level * Decimal(str(v)) / 10**11 for v in (min(issue.values), max(issue.values)))
    unit = f"billion {reference['currency']}"
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        errors[name] = f"{issue.title}: enter a number in {unit}"
        return None
    if not value.is_finite() or not low <= value <= high:
        errors[name] = (
            f"{issue.title}: enter a number from {low.normalize():f} to {high.normalize():f} {unit}"
        )
        return None
    return percent_of(value, reference)


def _mapped(exc: Exception, fields: dict[str, str], default: str) -> Errors:
    """The store's or the schema's refusal, each message next to its form field."""
    back = {store: form for form, store in fields.items()}
    out: Errors = {}
    if isinstance(exc, Invalid):
        pairs = [(tuple(map(str, e.loc)), e.msg) for e in exc.errors]
    elif isinstance(exc, ValidationError):
        pairs = [(tuple(map(str, e["loc"])), str(e["msg"])) for e in exc.errors()]
    else:
        pairs = [((), str(exc))]
    for loc, msg in pairs:
        if len(loc) > 1 and loc[0] == "terms" and f"term_{loc[1]}" in fields:
            name = f"term_{loc[1]}"
        else:
            name = next((back[p] for p in loc if p in back), default)
        out.setdefault(name, msg)
    return out


def _done(negotiation_id: int) -> Response:
    return RedirectResponse(f"/tracker?negotiation={negotiation_id}", status_code=303)


def _refused(
    request: Request,
    session: Session,
    who: Principal,
    negotiation_id: int,
    form_name: str,
    form: dict[str, str],
    errors: Errors,
) -> Response:
    session.rollback()
    return _show(request, session, who, negotiation_id, {form_name: form}, {form_name: errors}, 422)


@router.post("/tracker/{negotiation_id}/offers", response_class=HTMLResponse)
async def record_offer(
    negotiation_id: PathId, request: Request, session: SessionDep, who: MaybePrincipalDep
) -> Response:
    if who is None:
        return _login_page(request, {}, "", 401)
    raw = await checked_form(request)
    form = {name: str(value)[:2000] for name, value in raw.items() if name != CSRF_FIELD}
    issues = Records(session, who).list(Issue, negotiation_id, {}, ALL, 0).items
    errors: Errors = {}
    round_id = int_field(form.get("round_id", ""), "round_id", errors, 1, MAX_INT)
    reference = amount_reference(Records(session, who).negotiation(negotiation_id).scenario)
    terms: dict[str, Any] = {}
    for issue in issues:
        name = f"term_{issue.key}"
        if issue.key == "amount" and reference and form.get("term_amount_in") == "billions":
            terms[issue.key] = _billions(issue, form.get(name, ""), name, errors, reference)
        else:
            terms[issue.key] = term_value(issue, form.get(name, ""), name, errors)
    fields = {"round_id": "round_id", "party": "party", "label": "label"}
    fields |= {f"term_{i.key}": f"term_{i.key}" for i in issues}
    if not errors:
        try:
            body = OfferCreate(
                round_id=round_id,
                party=form.get("party", ""),
                label=form.get("label", ""),
                terms=terms,
            )
            Records(session, who).create(Offer, negotiation_id, data_of(body))
            return _done(negotiation_id)
        except REFUSED as exc:
            errors = _mapped(exc, fields, "party")
    return _refused(request, session, who, negotiation_id, "offer", form, errors)


@router.post("/tracker/{negotiation_id}/notes", response_class=HTMLResponse)
async def record_note(
    negotiation_id: PathId, request: Request, session: SessionDep, who: MaybePrincipalDep
) -> Response:
    if who is None:
        return _login_page(request, {}, "", 401)
    form = _text(await checked_form(request), NOTE_FIELDS)
    errors: Errors = {}
    round_id = _ref(form["note_round_id"], "note_round_id", errors)
    if not form["note_body"].strip():
        errors["note_body"] = "write the note"
    if form["note_visibility"] not in ("private", "shared"):
        errors["note_visibility"] = "choose private (your delegation only) or shared"
    if not errors:
        try:
            body = NoteCreate(
                visibility=form["note_visibility"],  # type: ignore[arg-type]
                body=form["note_body"].strip(),
                round_id=round_id,
            )
            Records(session, who).create(Note, negotiation_id, data_of(body))
            return _done(negotiation_id)
        except REFUSED as exc:
            errors = _mapped(exc, NOTE_FIELDS, "note_body")
    return _refused(request, session, who, negotiation_id, "note", form, errors)


@router.post("/tracker/{negotiation_id}/issue-statuses", response_class=HTMLResponse)
async def record_status(
    negotiation_id: PathId, request: Request, session: SessionDep, who: MaybePrincipalDep
) -> Response:
    """Set an issue's status at a round: a new status, or a change of the one recorded."""
    if who is None:
        return _login_page(request, {}, "", 401)
    form = _text(await checked_form(request), STATUS_FIELDS)
    errors: Errors = {}
    issue_id = int_field(form["status_issue_id"], "status_issue_id", errors, 1, MAX_INT)
    round_id = int_field(form["status_round_id"], "status_round_id", errors, 1, MAX_INT)
    if not errors:
        try:
            body = IssueStatusCreate(
                issue_id=issue_id,
                round_id=round_id,
                status=form["status_value"],  # type: ignore[arg-type]
                note=form["status_note"],
            )
            records = Records(session, who)
            records.negotiation(negotiation_id)
            query = select(IssueStatus).where(
                IssueStatus.negotiation_id == negotiation_id,
                IssueStatus.issue_id == issue_id,
                IssueStatus.round_id == round_id,
            )
            old = session.scalars(query).first()
            if old is None:
                records.create(IssueStatus, negotiation_id, data_of(body))
            else:
                changes = {"status": body.status, "note": body.note}
                records.update(IssueStatus, negotiation_id, old.id, old.version, changes)
            return _done(negotiation_id)
        except REFUSED as exc:
            errors = _mapped(exc, STATUS_FIELDS, "status_value")
    return _refused(request, session, who, negotiation_id, "status", form, errors)


@router.post("/tracker/{negotiation_id}/clauses", response_class=HTMLResponse)
async def record_clause(
    negotiation_id: PathId, request: Request, session: SessionDep, who: MaybePrincipalDep
) -> Response:
    if who is None:
        return _login_page(request, {}, "", 401)
    form = _text(await checked_form(request), CLAUSE_FIELDS)
    errors: Errors = {}
    issue_id = _ref(form["clause_issue_id"], "clause_issue_id", errors)
    if not form["clause_title"].strip():
        errors["clause_title"] = "give the clause a title"
    if not errors:
        try:
            body = ClauseCreate(
                key=form["clause_key"].strip(),
                title=form["clause_title"].strip(),
                text=form["clause_text"],
                status=form["clause_status"],  # type: ignore[arg-type]
                issue_id=issue_id,
            )
            Records(session, who).create(Clause, negotiation_id, data_of(body))
            return _done(negotiation_id)
        except REFUSED as exc:
            errors = _mapped(exc, CLAUSE_FIELDS, "clause_key")
    return _refused(request, session, who, negotiation_id, "clause", form, errors)
