"""Create, read, update and delete a negotiation's records, with access rules, checks,
optimistic concurrency and an audit entry for every change.

:class:`Records` is the one way the API, the importer and the dashboard change records. A
change commits with its audit entry or not at all; a stale ``version`` is a
:class:`~burdenshare.store.errors.Conflict`, never a silent overwrite.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from burdenshare.limits import MAX_INT
from burdenshare.store.access import Principal, may_write, private_owner, visible
from burdenshare.store.audit import record_change
from burdenshare.store.base import NegotiationRecord
from burdenshare.store.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from burdenshare.store.models import (
    PARTY_ROLES,
    Clause,
    Issue,
    Negotiation,
    Note,
    Offer,
    Position,
    Profile,
    Round,
)
from burdenshare.store.rules import CHECKS, Context

T = TypeVar("T", bound=NegotiationRecord)
Item = TypeVar("Item")
FIXED = frozenset({"id", "negotiation_id", "version", "created_at", "updated_at"})
OWNED = (Note, Profile)
RECORDED = (Position, Offer, Clause)  # owned by the delegation that recorded them
IN_OWN_NAME = (Position, Offer)  # a party records these for itself only


@dataclass(frozen=True)
class Page(Generic[Item]):
    items: list[Item]
    total: int
    limit: int
    offset: int


def _order(model: type[NegotiationRecord]) -> Any:
    if model is Round:
        return (Round.number,)
    if model is Issue:
        return (Issue.position, Issue.id)
    if issubclass(model, OWNED):
        return (model.created_at, model.id)  # their ids are random
    return (model.id,)


def opaque_id(session: Session, model: type[NegotiationRecord]) -> int:
    """A random unused id in 1..MAX_INT for a record that may be private (notes, profiles):
    sequential ids would tell another delegation how many private records were made between
    two of its own."""
    while True:
        candidate = secrets.randbelow(MAX_INT) + 1
        if session.get(model, candidate) is None:
            return candidate


#: the actor of the changes a deletion forces on records its author may not see
CASCADE = Principal("cascade", None, "admin", None, True)


@contextmanager
def deferred_commit(session: Session) -> Iterator[None]:
    """Within the block, changes are flushed, not committed: the caller commits them as one."""
    session.info["defer_commit"] = True
    try:
        yield
    finally:
        session.info.pop("defer_commit", None)


def commit(session: Session, what: str) -> None:
    """Commit; a stale version or a clash with another record becomes a Conflict."""
    try:
        if session.info.get("defer_commit"):
            session.flush()
        else:
            session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict(f"{what} was changed by someone else: reload it and retry") from None
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(f"{what} clashes with or is used by another record ({exc.orig})") from None
    except OperationalError as exc:  # SQLite: another writer committed since this one read
        session.rollback()
        if "locked" not in str(exc.orig):
            raise
        raise Conflict(f"{what}: the database was changed meanwhile: reload and retry") from None


class Records:
    """The records of negotiations, as one principal may see and change them."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    def negotiation(self, negotiation_id: int) -> Negotiation:
        """The negotiation, if the principal takes part in it (else NotFound)."""
        found = self.session.get(Negotiation, negotiation_id)
        if found is None or not self._participates(found):
            raise NotFound(f"no negotiation {negotiation_id}")
        return found

    def _participates(self, negotiation: Negotiation) -> bool:
        if self.principal.superuser:
            return True
        return any(p.delegation == self.principal.delegation for p in negotiation.participants)

    def list(
        self,
        model: type[T],
        negotiation_id: int,
        filters: Mapping[str, Any],
        limit: int,
        offset: int,
    ) -> Page[T]:
        self.negotiation(negotiation_id)
        query = select(model).where(model.negotiation_id == negotiation_id)
        query = query.where(visible(model, self.principal))
        for name, value in filters.items():
            if value is not None:
                query = query.where(getattr(model, name) == value)
        total = self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = self.session.scalars(query.order_by(*_order(model)).limit(limit).offset(offset))
        return Page(list(rows), int(total or 0), limit, offset)

    def get(self, model: type[T], negotiation_id: int, record_id: int) -> T:
        self.negotiation(negotiation_id)
        query = select(model).where(
            model.id == record_id,
            model.negotiation_id == negotiation_id,
            visible(model, self.principal),
        )
        found = self.session.scalar(query)
        if found is None:
            raise NotFound(f"no {model.__tablename__[:-1]} {record_id} in this negotiation")
        return found

    def _role_in(self, negotiation: Negotiation) -> str | None:
        """The principal's delegation's part in the negotiation (host, mediator, ...)."""
        for participant in negotiation.participants:
            if participant.delegation == self.principal.delegation:
                return participant.role
        return None

    def _writable(self, record: NegotiationRecord, negotiation: Negotiation) -> None:
        mediator = self._role_in(negotiation) == "mediator"
        if not self.principal.has_role("editor") or not may_write(record, self.principal, mediator):
            raise Forbidden("your role or delegation may not change this record")

    def _own_name(
        self, model: type[T], negotiation: Negotiation, values: Mapping[str, Any]
    ) -> None:
        """A party records positions and offers in its own name only."""
        if self.principal.superuser or not issubclass(model, IN_OWN_NAME):
            return
        role = self._role_in(negotiation)
        if role in PARTY_ROLES and values.get("party") != self.principal.delegation:
            raise Forbidden(
                f"{self.principal.delegation} records its own positions and offers only "
                f"(party {values.get('party')!r})"
            )

    def _check(
        self,
        model: type[T],
        negotiation: Negotiation,
        values: dict[str, Any],
        record_id: int | None,
    ) -> None:
        errors = [
            FieldError((name,), "may not be null")
            for name, column in model.__table__.columns.items()
            if name in values and values[name] is None and not column.nullable
        ]
        if not errors:
            errors = CHECKS[model](Context(self.session, negotiation, record_id), values)
        if errors:
            raise Invalid(errors)

    def _defaults(self, model: type[T], data: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, column in model.__table__.columns.items():
            if name in FIXED:
                continue
            default = column.default.arg if column.default is not None else None
            values[name] = default(None) if callable(default) else default
        values.update(data)
        if issubclass(model, OWNED) and not self.principal.superuser:
            values["owner"] = self.principal.delegation
        if model is Note and not self.principal.superuser:
            values["author"] = self.principal.username
        if issubclass(model, RECORDED):
            if not self.principal.superuser:
                values["owner"] = self.principal.delegation
            elif values.get("owner") is None and issubclass(model, IN_OWN_NAME):
                values["owner"] = values.get("party")
        return values

    def create(self, model: type[T], negotiation_id: int, data: Mapping[str, Any]) -> T:
        negotiation = self.negotiation(negotiation_id)
        if not self.principal.has_role("editor"):
            raise Forbidden("viewers may not record changes")
        values = self._defaults(model, data)
        self._check(model, negotiation, values, None)
        self._own_name(model, negotiation, values)
        record = model(negotiation_id=negotiation_id, version=1, **values)
        if issubclass(model, OWNED):
            record.id = opaque_id(self.session, model)
        self.session.add(record)
        self.session.flush()
        record_change(
            self.session,
            self.principal,
            "create",
            record,
            None,
            negotiation_id=negotiation_id,
            private_to=private_owner(record),
        )
        commit(self.session, f"{model.__tablename__[:-1]} {record.id}")
        return record

    def update(
        self,
        model: type[T],
        negotiation_id: int,
        record_id: int,
        version: int,
        changes: Mapping[str, Any],
    ) -> T:
        record = self.get(model, negotiation_id, record_id)
        negotiation = self.negotiation(negotiation_id)
        self._writable(record, negotiation)
        if record.version != version:
            raise Conflict(
                f"stale version {version}: the record is at version {record.version}; reload it"
            )
        unknown = set(changes) & (FIXED | {"owner", "author"})
        if unknown:
            raise Invalid([FieldError((name,), "cannot be changed") for name in sorted(unknown)])
        before = record.snapshot()
        values = {c.key: getattr(record, c.key) for c in model.__table__.columns}
        values.update(changes)
        self._check(model, negotiation, values, record_id)
        self._own_name(model, negotiation, values)
        for name in changes:
            setattr(record, name, values[name])
        private = private_owner(record) or (before["owner"] if _was_private(before) else None)
        record_change(
            self.session,
            self.principal,
            "update",
            record,
            before,
            negotiation_id=negotiation_id,
            private_to=private,
        )
        commit(self.session, f"{model.__tablename__[:-1]} {record_id}")
        return record

    def delete(
        self, model: type[T], negotiation_id: int, record_id: int, version: int | None
    ) -> None:
        record = self.get(model, negotiation_id, record_id)
        self._writable(record, self.negotiation(negotiation_id))
        if version is not None and record.version != version:
            raise Conflict(f"stale version {version}: the record is at version {record.version}")
        if model is Issue and self._has_offers(negotiation_id):
            raise Conflict("offers are whole packages over the issues: delete the offers first")
        if isinstance(record, Round | Issue):
            self._detach_hidden_notes(record)
        before = record.snapshot()
        record_change(
            self.session,
            self.principal,
            "delete",
            record,
            before,
            negotiation_id=negotiation_id,
            private_to=private_owner(record),
        )
        self.session.delete(record)
        commit(self.session, f"{model.__tablename__[:-1]} {record_id}")

    def _detach_hidden_notes(self, record: Round | Issue) -> None:
        """Other delegations' private notes on a round or issue being deleted lose that link
        (audited for their owner), so the answer to the deletion never depends on them."""
        column = Note.round_id if isinstance(record, Round) else Note.issue_id
        query = select(Note).where(
            column == record.id,
            Note.negotiation_id == record.negotiation_id,
            ~visible(Note, self.principal),
        )
        for note in list(self.session.scalars(query)):
            before = note.snapshot()
            setattr(note, column.key, None)
            record_change(
                self.session,
                CASCADE,
                "update",
                note,
                before,
                negotiation_id=note.negotiation_id,
                private_to=note.owner,
            )
        self.session.flush()

    def _has_offers(self, negotiation_id: int) -> bool:
        query = select(func.count()).where(Offer.negotiation_id == negotiation_id)
        return bool(self.session.scalar(query))


def _was_private(before: Mapping[str, Any]) -> bool:
    return before.get("visibility") == "private" or "preferences" in before
