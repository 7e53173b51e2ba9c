"""Negotiations and their participants: list, create, update, delete (admins), audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from burdenshare.data import scenario_names
from burdenshare.store.access import Principal
from burdenshare.store.audit import record_change
from burdenshare.store.base import utcnow
from burdenshare.store.errors import Conflict, FieldError, Forbidden, Invalid
from burdenshare.store.models import (
    PARTICIPANT_ROLES,
    PARTY_ROLES,
    RECORD_MODELS,
    Delegation,
    Negotiation,
    Participant,
)
from burdenshare.store.records import Page, Records, commit

FIELDS = (
    "key",
    "title",
    "description",
    "expiring_agreement",
    "expires_on",
    "deadline",
    "scenario",
    "outcome",
    "concluded_on",
    "sources",
)


def list_negotiations(
    session: Session, principal: Principal, limit: int, offset: int
) -> Page[Negotiation]:
    query = select(Negotiation)
    if not principal.superuser:
        mine = select(Participant.negotiation_id).where(
            Participant.delegation == principal.delegation
        )
        query = query.where(Negotiation.id.in_(mine))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(Negotiation.id).limit(limit).offset(offset))
    return Page(list(rows), int(total or 0), limit, offset)


def _check_participants(
    session: Session, principal: Principal, participants: Sequence[Mapping[str, Any]]
) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, p in enumerate(participants):
        if session.get(Delegation, p["delegation"]) is None:
            errors.append(FieldError(("participants", i, "delegation"), "unknown delegation"))
        if p["delegation"] in seen:
            errors.append(FieldError(("participants", i, "delegation"), "appears twice"))
        if p["role"] not in PARTICIPANT_ROLES:
            errors.append(FieldError(("participants", i, "role"), "unknown role"))
        seen.add(p["delegation"])
    roles = [p["role"] for p in participants]
    if roles.count("host") != 1 or roles.count("sending_state") != 1:
        errors.append(FieldError(("participants",), "need exactly one host and one sending_state"))
    if not principal.superuser and principal.delegation not in seen:
        errors.append(FieldError(("participants",), "must include your own delegation"))
    return errors


def _check(
    session: Session, principal: Principal, values: Mapping[str, Any], negotiation_id: int | None
) -> None:
    errors = _check_participants(session, principal, values["participants"])
    clash = select(Negotiation.id).where(Negotiation.key == values["key"])
    if session.scalar(clash) not in (None, negotiation_id):
        errors.append(FieldError(("key",), f"{values['key']!r} is already used"))
    if values["scenario"] is not None and values["scenario"] not in scenario_names():
        errors.append(FieldError(("scenario",), f"unknown scenario (bundled: {scenario_names()})"))
    if not values["title"]:
        errors.append(FieldError(("title",), "may not be empty"))
    if errors:
        raise Invalid(errors)


def _admin(principal: Principal) -> None:
    if not principal.has_role("admin"):
        raise Forbidden("only admins create, edit or delete negotiations")


def _removals_by_their_own(
    principal: Principal, negotiation: Negotiation, wanted: Sequence[Mapping[str, Any]]
) -> None:
    """Removing a participant, or changing its part, needs that participant's own admin."""
    if principal.superuser:
        return
    roles = {p["delegation"]: p["role"] for p in wanted}
    for participant in negotiation.participants:
        code = participant.delegation
        if roles.get(code) != participant.role and code != principal.delegation:
            raise Forbidden(f"only {code}'s own admin removes {code} or changes its part")


def _party_admin(principal: Principal, negotiation: Negotiation) -> None:
    """Deleting a negotiation ends every participant's part: a party's admin only."""
    if principal.superuser:
        return
    for participant in negotiation.participants:
        if participant.delegation == principal.delegation and participant.role in PARTY_ROLES:
            return
    raise Forbidden("only an admin of a party (host or sending state) deletes a negotiation")


def _participants(data: Sequence[Mapping[str, Any]]) -> list[Participant]:
    return [
        Participant(
            delegation=p["delegation"], role=p["role"], chief_negotiator=p.get("chief_negotiator")
        )
        for p in data
    ]


def _sync_participants(negotiation: Negotiation, data: Sequence[Mapping[str, Any]]) -> None:
    """Update participants in place (a delegation keeps its row; others are added or removed)."""
    wanted = {p["delegation"]: p for p in data}
    for participant in list(negotiation.participants):
        if participant.delegation not in wanted:
            negotiation.participants.remove(participant)
            continue
        given = wanted.pop(participant.delegation)
        participant.role = given["role"]
        participant.chief_negotiator = given.get("chief_negotiator")
    negotiation.participants.extend(_participants(list(wanted.values())))


def create_negotiation(
    session: Session, principal: Principal, data: Mapping[str, Any]
) -> Negotiation:
    _admin(principal)
    values: dict[str, Any] = {name: data.get(name) for name in FIELDS}
    values["participants"] = list(data.get("participants") or [])
    values["sources"] = list(values["sources"] or [])
    for name in ("description", "expiring_agreement", "outcome"):
        values[name] = values[name] or ""
    _check(session, principal, values, None)
    negotiation = Negotiation(version=1, **{k: values[k] for k in FIELDS})
    negotiation.participants = _participants(list(values["participants"]))
    session.add(negotiation)
    session.flush()
    record_change(session, principal, "create", negotiation, None, negotiation_id=negotiation.id)
    commit(session, f"negotiation {negotiation.key!r}")
    return negotiation


def update_negotiation(
    session: Session,
    principal: Principal,
    negotiation_id: int,
    version: int,
    changes: Mapping[str, Any],
) -> Negotiation:
    negotiation = Records(session, principal).negotiation(negotiation_id)
    _admin(principal)
    if negotiation.version != version:
        raise Conflict(f"stale version {version}: the negotiation is at {negotiation.version}")
    before = negotiation.snapshot()
    values: dict[str, Any] = {name: getattr(negotiation, name) for name in FIELDS}
    values["participants"] = [p.snapshot() for p in negotiation.participants]
    values.update(changes)
    for name in ("key", "title", "description", "expiring_agreement", "outcome", "sources"):
        if name in changes and changes[name] is None:
            raise Invalid.one((name,), "may not be null")
    _check(session, principal, values, negotiation_id)
    if "participants" in changes:
        _removals_by_their_own(principal, negotiation, values["participants"])
    for name in FIELDS:
        if name in changes:
            setattr(negotiation, name, values[name])
    if "participants" in changes:
        _sync_participants(negotiation, values["participants"])
    negotiation.updated_at = utcnow()  # always an UPDATE: the version check and increment
    session.flush()
    record_change(session, principal, "update", negotiation, before, negotiation_id=negotiation_id)
    commit(session, f"negotiation {negotiation_id}")
    return negotiation


def delete_negotiation(
    session: Session, principal: Principal, negotiation_id: int, version: int | None
) -> None:
    negotiation = Records(session, principal).negotiation(negotiation_id)
    _admin(principal)
    _party_admin(principal, negotiation)
    if version is not None and version != negotiation.version:
        raise Conflict(f"stale version {version}: the negotiation is at {negotiation.version}")
    for model in RECORD_MODELS:
        query = select(func.count()).where(model.negotiation_id == negotiation_id)
        if session.scalar(query):
            raise Conflict(f"the negotiation still has {model.__tablename__}: delete them first")
    record_change(
        session,
        principal,
        "delete",
        negotiation,
        negotiation.snapshot(),
        negotiation_id=negotiation_id,
    )
    session.delete(negotiation)
    commit(session, f"negotiation {negotiation_id}")


def get_negotiation(session: Session, principal: Principal, negotiation_id: int) -> Negotiation:
    return Records(session, principal).negotiation(negotiation_id)
