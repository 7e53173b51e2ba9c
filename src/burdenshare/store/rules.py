"""The rules a record must keep, checked before anything is written (field-level messages).

Each check gets the negotiation and the record's values after the change, and returns the
broken rules as :class:`FieldError` s located at the offending field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from burdenshare.data.schemas import PartyPreferences
from burdenshare.store.base import NegotiationRecord
from burdenshare.store.errors import FieldError
from burdenshare.store.models import (
    CLAUSE_STATUSES,
    ISSUE_STATUSES,
    PARTY_ROLES,
    VISIBILITIES,
    Clause,
    Issue,
    IssueStatus,
    Negotiation,
    Note,
    Offer,
    Position,
    Profile,
    Round,
)

Values = dict[str, Any]


@dataclass(frozen=True)
class Context:
    session: Session
    negotiation: Negotiation
    record_id: int | None  # None when the record is being created

    def parties(self) -> list[str]:
        return [p.delegation for p in self.negotiation.participants if p.role in PARTY_ROLES]

    def participants(self) -> list[str]:
        return [p.delegation for p in self.negotiation.participants]

    def owned(self, model: type[NegotiationRecord], record_id: int | None) -> bool:
        if record_id is None:
            return True
        found = self.session.get(model, record_id)
        return found is not None and found.negotiation_id == self.negotiation.id

    def issues(self) -> list[Issue]:
        query = select(Issue).where(Issue.negotiation_id == self.negotiation.id)
        return list(self.session.scalars(query.order_by(Issue.position, Issue.id)))

    def others(self, model: type[NegotiationRecord], **equal: Any) -> int:
        query = select(func.count()).select_from(model)
        query = query.where(model.negotiation_id == self.negotiation.id)
        for name, value in equal.items():
            query = query.where(getattr(model, name) == value)
        if self.record_id is not None:
            query = query.where(model.id != self.record_id)
        return int(self.session.scalar(query) or 0)


def domain_value(values: Sequence[Any], value: Any) -> tuple[bool, Any]:
    """Whether ``value`` is one of an issue's ``values`` (5 matches 5.0, "5" and true do not),
    and the domain's own spelling of it."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return False, value
    for option in values:
        if isinstance(option, str) == isinstance(value, str) and option == value:
            return True, option
    return False, value


def numeric(values: Sequence[Any]) -> bool:
    """Whether an issue's domain is numbers only (amounts, years, rates), not labels."""
    return bool(values) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in values
    )


def offer_value(values: Sequence[Any], value: Any) -> tuple[bool, Any]:
    """Whether an offer may state ``value`` for an issue: a domain value, or, on a numeric
    issue, any number within the domain's range (a real offer off the analysed grid, such as
    the 10th SMA's 108.2%, is kept as stated; the analysis says it cannot place it)."""
    ok, value = domain_value(values, value)
    if ok or not numeric(values) or isinstance(value, bool):
        return ok, value
    if isinstance(value, int | float) and min(values) <= value <= max(values):
        return True, value
    return False, value


def _refs(ctx: Context, v: Values, *names: str) -> list[FieldError]:
    models: dict[str, type[NegotiationRecord]] = {"round_id": Round, "issue_id": Issue}
    return [
        FieldError((name,), f"no {name[:-3]} with id {v[name]} in this negotiation")
        for name in names
        if v.get(name) is not None and not ctx.owned(models[name], v[name])
    ]


def _party(ctx: Context, v: Values, name: str = "party") -> list[FieldError]:
    if v.get(name) in ctx.parties():
        return []
    return [FieldError((name,), f"{v.get(name)!r} is not a party (parties: {ctx.parties()})")]


def _choice(v: Values, name: str, choices: Sequence[str]) -> list[FieldError]:
    if v.get(name) in choices:
        return []
    return [FieldError((name,), f"{v.get(name)!r} is not one of {list(choices)}")]


def _unique(ctx: Context, model: type[NegotiationRecord], v: Values, name: str) -> list[FieldError]:
    if ctx.others(model, **{name: v[name]}):
        return [FieldError((name,), f"{v[name]!r} is already used in this negotiation")]
    return []


def check_round(ctx: Context, v: Values) -> list[FieldError]:
    errors = _unique(ctx, Round, v, "number")
    if v["number"] < 1:
        errors.append(FieldError(("number",), "must be 1 or more"))
    if v["starts_on"] and v["ends_on"] and v["ends_on"] < v["starts_on"]:
        errors.append(FieldError(("ends_on",), f"is before starts_on ({v['starts_on']})"))
    for party in v["negotiators"] or {}:
        if party not in ctx.participants():
            errors.append(FieldError(("negotiators", party), "is not a participant"))
    return errors


def check_issue(ctx: Context, v: Values) -> list[FieldError]:
    errors = _unique(ctx, Issue, v, "key")
    values = v["values"]
    if not values:
        errors.append(FieldError(("values",), "an issue needs at least one value"))
    for i, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            errors.append(FieldError(("values", i), f"{value!r} is not a label or a number"))
        elif domain_value(values[:i], value)[0]:
            errors.append(FieldError(("values", i), f"{value!r} appears twice"))
    query = select(Offer).where(Offer.negotiation_id == ctx.negotiation.id)
    offers = list(ctx.session.scalars(query))
    old = ctx.session.get(Issue, ctx.record_id) if ctx.record_id else None
    if old is None:
        if offers:
            errors.append(FieldError(("key",), "offers are recorded: add issues before offers"))
        return errors
    if offers and old.key != v["key"]:
        errors.append(FieldError(("key",), "offers use this issue: its key cannot change"))
    stale = [o.id for o in offers if not offer_value(values, o.terms.get(old.key))[0]]
    if stale:
        errors.append(FieldError(("values",), f"offer {stale[0]} uses a value no longer listed"))
    return errors


def _recorder(ctx: Context, v: Values) -> list[FieldError]:
    """The owner of a position, offer or clause: a participant, or null (the command line)."""
    owner = v.get("owner")
    if owner is None or owner in ctx.participants():
        return []
    return [FieldError(("owner",), f"{owner!r} is not a participant")]


def check_issue_status(ctx: Context, v: Values) -> list[FieldError]:
    errors = _refs(ctx, v, "issue_id", "round_id") + _choice(v, "status", ISSUE_STATUSES)
    if not errors and ctx.others(IssueStatus, issue_id=v["issue_id"], round_id=v["round_id"]):
        errors.append(FieldError(("round_id",), "this issue already has a status at this round"))
    return errors


def check_position(ctx: Context, v: Values) -> list[FieldError]:
    errors = _refs(ctx, v, "issue_id", "round_id") + _party(ctx, v) + _recorder(ctx, v)
    if not errors and v["value"] is not None:
        issue = ctx.session.get(Issue, v["issue_id"])
        assert issue is not None
        ok, v["value"] = domain_value(issue.values, v["value"])
        if not ok:
            errors.append(FieldError(("value",), _outside(issue, v["value"])))
    return errors


def _outside(issue: Issue, value: Any, free: bool = False) -> str:
    if free and numeric(issue.values):
        return (
            f"{value!r} is not a value of issue {issue.key!r} (a number from "
            f"{min(issue.values)} to {max(issue.values)}; values: {issue.values})"
        )
    return f"{value!r} is not a value of issue {issue.key!r} (values: {issue.values})"


def check_offer(ctx: Context, v: Values) -> list[FieldError]:
    errors = _refs(ctx, v, "round_id") + _party(ctx, v) + _recorder(ctx, v)
    issues = {issue.key: issue for issue in ctx.issues()}
    terms = dict(v["terms"])
    for key in terms:
        if key not in issues:
            errors.append(FieldError(("terms", key), f"unknown issue (issues: {list(issues)})"))
    for key, issue in issues.items():
        if key not in terms:
            errors.append(FieldError(("terms", key), "missing: an offer is a whole package"))
            continue
        ok, terms[key] = offer_value(issue.values, terms[key])
        if not ok:
            errors.append(FieldError(("terms", key), _outside(issue, terms[key], True)))
    v["terms"] = {key: terms[key] for key in issues if key in terms} if not errors else terms
    return errors


def check_clause(ctx: Context, v: Values) -> list[FieldError]:
    errors = _unique(ctx, Clause, v, "key") + _refs(ctx, v, "issue_id", "round_id")
    return errors + _choice(v, "status", CLAUSE_STATUSES) + _recorder(ctx, v)


def check_note(ctx: Context, v: Values) -> list[FieldError]:
    errors = _refs(ctx, v, "issue_id", "round_id") + _choice(v, "visibility", VISIBILITIES)
    if v["owner"] not in ctx.participants():
        errors.append(FieldError(("owner",), f"{v['owner']!r} is not a participant"))
    return errors


def check_profile(ctx: Context, v: Values) -> list[FieldError]:
    errors = _party(ctx, v)
    if v["owner"] not in ctx.participants():
        errors.append(FieldError(("owner",), f"{v['owner']!r} is not a participant"))
    if not errors and ctx.others(Profile, owner=v["owner"], party=v["party"]):
        errors.append(FieldError(("party",), "this delegation already has a profile of it"))
    try:
        prefs = PartyPreferences.model_validate(v["preferences"])
    except ValidationError as exc:
        return errors + [FieldError(("preferences", *e["loc"]), e["msg"]) for e in exc.errors()]
    keys = [issue.key for issue in ctx.issues()]
    for name in prefs.issues:
        if name not in keys:
            errors.append(FieldError(("preferences", "issues", name), f"unknown issue {keys}"))
    return errors


CHECKS: dict[type[NegotiationRecord], Callable[[Context, Values], list[FieldError]]] = {
    Round: check_round,
    Issue: check_issue,
    IssueStatus: check_issue_status,
    Position: check_position,
    Offer: check_offer,
    Clause: check_clause,
    Note: check_note,
    Profile: check_profile,
}
