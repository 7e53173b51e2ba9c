"""The Tracker page's record forms: rounds, offers with free amounts in their units, notes
(private to the delegation or shared), issue status at a round, and clauses.

Every form is one declaration (:class:`RecordForm`: its fields, its field checks, how it
writes) handled by one function: the form is checked server-side field by field against the
limits table (burdenshare/limits.py; one message next to the field, 422, nothing written); the
store then applies its own rules and ownership (a delegation changes only its own records),
whose refusals are shown the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from burdenshare import limits
from burdenshare.api.access import MaybePrincipalDep, authorize
from burdenshare.api.deps import SessionDep
from burdenshare.api.models import ClauseCreate, IssueStatusCreate, NoteCreate, OfferCreate
from burdenshare.api.routes.common import PathId, data_of
from burdenshare.api.security import checked_form
from burdenshare.store.access import Principal
from burdenshare.store.errors import Conflict, Forbidden, Invalid, NotFound
from burdenshare.store.models import Clause, Issue, IssueStatus, Note, Offer, Round
from burdenshare.store.records import Records
from burdenshare.store.rules import numeric
from burdenshare.store.schemas import RoundFields
from burdenshare.web.forms import Errors, date_field, int_field
from burdenshare.web.tracker import ALL, _login_page, _show, amount_reference

router = APIRouter(dependencies=[Depends(authorize)], include_in_schema=False)
REFUSED = (ValidationError, Invalid, Conflict, Forbidden, NotFound)


@dataclass(frozen=True)
class Posted:
    """One form post: who posted it to which negotiation (the records it reads are cached)."""

    session: Session
    who: Principal
    negotiation_id: int

    @property
    def records(self) -> Records:
        return Records(self.session, self.who)

    @cached_property
    def issues(self) -> list[Issue]:
        return self.records.list(Issue, self.negotiation_id, {}, ALL, 0).items


@dataclass(frozen=True)
class RecordForm:
    """A record form of the Tracker page, declared.

    ``path`` is where it posts (``/tracker/{negotiation_id}/PATH``), ``name`` its name on the
    page; ``fields`` maps each form field to the store's field its refusals are shown next to (form
    fields are prefixed: one page, unique ids); ``check`` reads the typed text into values,
    putting a message per bad field into the errors; ``save`` builds the record from them and
    writes it (a schema's or the store's refusal is shown next to its field, or ``default``).
    """

    name: str
    path: str
    fields: Callable[[Posted], Mapping[str, str]]
    check: Callable[[Posted, dict[str, str], Errors], Any]
    save: Callable[[Posted, Any], None]
    default: str
    cut: int = 20_000  # characters of each field kept


def _same(*names: str) -> Callable[[Posted], Mapping[str, str]]:
    return lambda _: {name: name for name in names}


def _fixed(fields: Mapping[str, str]) -> Callable[[Posted], Mapping[str, str]]:
    return lambda _: fields


def _ref(text: str, name: str, errors: Errors) -> int | None:
    """An optional record id from a select ("" = none)."""
    return _id(text, name, errors) if text.strip() else None


def _id(text: str, name: str, errors: Errors) -> int:
    return int_field(text, name, errors, 1, limits.MAX_INT)


def _number(text: str) -> Decimal | None:
    """A number typed with or without thousands separators, within the limits table; None
    when it is no number at all. :class:`~burdenshare.limits.TooPrecise` past 12 decimal
    places; any other :class:`~burdenshare.limits.LimitError` (NaN, Infinity, ``1e999999999``,
    65 digits) is out of every range: the caller's range message."""
    try:
        return limits.parse_decimal(text.replace(",", ""))
    except limits.NotANumber:
        return None


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
    low, high = min(issue.values), max(issue.values)
    try:
        value = _number(text)
    except limits.TooPrecise as exc:
        errors[name] = f"{issue.title}: {exc}"
        return None
    except limits.LimitError:
        value = Decimal(str(low)) - 1  # out of the table: out of the range
    if value is None:
        errors[name] = f"{issue.title}: enter a number{unit and ' in' + unit}"
        return None
    if not Decimal(str(low)) <= value <= Decimal(str(high)):
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
        value = _number(text.strip())
    except limits.TooPrecise as exc:
        errors[name] = f"{issue.title}: {exc}"
        return None
    except limits.LimitError:
        value = low - 1  # out of the table: out of the range
    if value is None:
        errors[name] = f"{issue.title}: enter a number in {unit}"
        return None
    if not low <= value <= high:
        errors[name] = (
            f"{issue.title}: enter a number from {low.normalize():f} to {high.normalize():f} {unit}"
        )
        return None
    return percent_of(value, reference)


# --- the forms: fields, checks, writes ------------------------------------------------------


def _round_check(_: Posted, form: dict[str, str], errors: Errors) -> dict[str, Any]:
    number = int_field(form["number"], "number", errors, 1, 10_000)
    starts = date_field(form["starts_on"], "starts_on", errors)
    ends = date_field(form["ends_on"], "ends_on", errors)
    if starts and ends and ends < starts:
        errors["ends_on"] = "the round cannot end before it starts"
    venue = form["venue"].strip() or None
    return {"number": number, "starts_on": starts, "ends_on": ends, "venue": venue} | {
        "note": form["note"]
    }


def _round_save(posted: Posted, values: dict[str, Any]) -> None:
    fields = RoundFields(**values)
    posted.records.create(Round, posted.negotiation_id, data_of(fields))


def _offer_fields(posted: Posted) -> dict[str, str]:
    """The offer's fields and one per issue's term; the amount's unit has no store field."""
    fields = {"round_id": "round_id", "party": "party", "label": "label", "term_amount_in": ""}
    return fields | {f"term_{i.key}": f"term_{i.key}" for i in posted.issues}


def _offer_check(posted: Posted, form: dict[str, str], errors: Errors) -> dict[str, Any]:
    round_id = _id(form["round_id"], "round_id", errors)
    reference = amount_reference(posted.records.negotiation(posted.negotiation_id).scenario)
    terms: dict[str, Any] = {}
    for issue in posted.issues:
        name = f"term_{issue.key}"
        if issue.key == "amount" and reference and form["term_amount_in"] == "billions":
            terms[issue.key] = _billions(issue, form[name], name, errors, reference)
        else:
            terms[issue.key] = term_value(issue, form[name], name, errors)
    return {"round_id": round_id, "party": form["party"], "label": form["label"], "terms": terms}


def _offer_save(posted: Posted, values: dict[str, Any]) -> None:
    posted.records.create(Offer, posted.negotiation_id, data_of(OfferCreate(**values)))


def _note_check(_: Posted, form: dict[str, str], errors: Errors) -> dict[str, Any]:
    round_id = _ref(form["note_round_id"], "note_round_id", errors)
    if not form["note_body"].strip():
        errors["note_body"] = "write the note"
    if form["note_visibility"] not in ("private", "shared"):
        errors["note_visibility"] = "choose private (your delegation only) or shared"
    body = form["note_body"].strip()
    return {"visibility": form["note_visibility"], "body": body, "round_id": round_id}


def _note_save(posted: Posted, values: dict[str, Any]) -> None:
    posted.records.create(Note, posted.negotiation_id, data_of(NoteCreate(**values)))


def _status_check(_: Posted, form: dict[str, str], errors: Errors) -> dict[str, Any]:
    return {
        "issue_id": _id(form["status_issue_id"], "status_issue_id", errors),
        "round_id": _id(form["status_round_id"], "status_round_id", errors),
        "status": form["status_value"],
        "note": form["status_note"],
    }


def _status_save(posted: Posted, values: dict[str, Any]) -> None:
    """Set an issue's status at a round: a new status, or a change of the one recorded."""
    body = IssueStatusCreate(**values)
    nid = posted.negotiation_id
    records = posted.records
    records.negotiation(nid)
    query = select(IssueStatus).where(
        IssueStatus.negotiation_id == nid,
        IssueStatus.issue_id == body.issue_id,
        IssueStatus.round_id == body.round_id,
    )
    old = posted.session.scalars(query).first()
    if old is None:
        records.create(IssueStatus, nid, data_of(body))
    else:
        changes = {"status": body.status, "note": body.note}
        records.update(IssueStatus, nid, old.id, old.version, changes)


def _clause_check(_: Posted, form: dict[str, str], errors: Errors) -> dict[str, Any]:
    issue_id = _ref(form["clause_issue_id"], "clause_issue_id", errors)
    if not form["clause_title"].strip():
        errors["clause_title"] = "give the clause a title"
    return {
        "key": form["clause_key"].strip(),
        "title": form["clause_title"].strip(),
        "text": form["clause_text"],
        "status": form["clause_status"],
        "issue_id": issue_id,
    }


def _clause_save(posted: Posted, values: dict[str, Any]) -> None:
    posted.records.create(Clause, posted.negotiation_id, data_of(ClauseCreate(**values)))


ROUND = RecordForm(
    "round",
    "rounds",
    _same("number", "starts_on", "ends_on", "venue", "note"),
    _round_check,
    _round_save,
    default="number",
    cut=2000,
)
OFFER = RecordForm(
    "offer", "offers", _offer_fields, _offer_check, _offer_save, default="party", cut=2000
)
NOTE = RecordForm(
    "note",
    "notes",
    _fixed({"note_visibility": "visibility", "note_body": "body", "note_round_id": "round_id"}),
    _note_check,
    _note_save,
    default="note_body",
)
STATUS = RecordForm(
    "status",
    "issue-statuses",
    _fixed(
        {
            "status_issue_id": "issue_id",
            "status_round_id": "round_id",
            "status_value": "status",
            "status_note": "note",
        }
    ),
    _status_check,
    _status_save,
    default="status_value",
)
CLAUSE = RecordForm(
    "clause",
    "clauses",
    _fixed(
        {
            "clause_key": "key",
            "clause_title": "title",
            "clause_text": "text",
            "clause_status": "status",
            "clause_issue_id": "issue_id",
        }
    ),
    _clause_check,
    _clause_save,
    default="clause_key",
)


def _mapped(exc: Exception, fields: Mapping[str, str], default: str) -> Errors:
    """The store's or the schema's refusal, each message next to its form field."""
    back = {store: form for form, store in fields.items() if store}
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


async def record(
    spec: RecordForm, negotiation_id: int, request: Request, session: Session, who: Principal | None
) -> Response:
    """Check the posted form ``spec`` and write its record (303 to the page), or show the page
    again with the form as typed and a message next to each refused field (422)."""
    if who is None:
        return _login_page(request, {}, "", 401)
    raw = await checked_form(request)
    posted = Posted(session, who, negotiation_id)
    fields = spec.fields(posted)
    form = {name: str(raw.get(name, ""))[: spec.cut] for name in fields}
    errors: Errors = {}
    values = spec.check(posted, form, errors)
    if not errors:
        try:
            spec.save(posted, values)
            return RedirectResponse(f"/tracker?negotiation={negotiation_id}", status_code=303)
        except REFUSED as exc:
            errors = _mapped(exc, fields, spec.default)
    session.rollback()
    forms, all_errors = {spec.name: form}, {spec.name: errors}
    return _show(request, session, who, negotiation_id, forms, all_errors, 422)


def _route(spec: RecordForm) -> None:
    """``POST /tracker/{negotiation_id}/PATH`` of the form ``spec``, named record_NAME."""

    async def endpoint(
        negotiation_id: PathId, request: Request, session: SessionDep, who: MaybePrincipalDep
    ) -> Response:
        return await record(spec, negotiation_id, request, session, who)

    endpoint.__name__ = f"record_{spec.name}"
    router.add_api_route(
        f"/tracker/{{negotiation_id}}/{spec.path}",
        endpoint,
        methods=["POST"],
        response_class=HTMLResponse,
        name=endpoint.__name__,
    )


FORMS = (ROUND, OFFER, NOTE, STATUS, CLAUSE)
for _spec in FORMS:
    _route(_spec)
