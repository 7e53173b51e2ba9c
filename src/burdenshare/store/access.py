"""Who may do what: principals (a user, or the command line), roles and visibility rules.

* Every participant (delegation or team member) of a negotiation reads its shared records;
  non-participants see nothing of it (as if it did not exist).
* A delegation's private notes and profiles are read and written by its own members only.
* Positions, offers and clauses belong to the delegation that recorded them (``owner``): only
  its editors change or delete them, or a delegation taking part as ``mediator``; a party
  (host, sending state) records positions and offers in its own name only, a team (analyst,
  mediator) in either party's. Rounds, issues and issue statuses are the joint agenda: any
  participant's editors change them.
* ``viewer`` reads, ``editor`` also writes records, ``admin`` also edits negotiations and the
  users of its own delegation. The command line acts as the superuser (it owns the database).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, true

from burdenshare.store.base import NegotiationRecord
from burdenshare.store.models import ROLES, Clause, Note, Offer, Position, Profile

RANK = {role: rank for rank, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Principal:
    """Who acts: a user of a delegation with a role, or the superuser (command line)."""

    username: str
    delegation: str | None
    role: str
    user_id: int | None = None
    superuser: bool = False

    def has_role(self, needed: str) -> bool:
        return self.superuser or RANK[self.role] >= RANK[needed]


SYSTEM = Principal("cli", None, "admin", None, True)


def visible(model: type[NegotiationRecord], principal: Principal) -> ColumnElement[bool]:
    """The SQL condition for records of ``model`` the principal may read."""
    if principal.superuser:
        return true()
    if model is Note:
        return (Note.visibility == "shared") | (Note.owner == principal.delegation)
    if model is Profile:
        return Profile.owner == principal.delegation
    return true()


def private_owner(record: NegotiationRecord) -> str | None:
    """The delegation a record is private to, if it is private."""
    if isinstance(record, Profile):
        return record.owner
    if isinstance(record, Note) and record.visibility == "private":
        return record.owner
    return None


def may_write(record: NegotiationRecord, principal: Principal, mediator: bool = False) -> bool:
    """Whether the principal (already allowed to read it) may change the record: notes and
    profiles by their owning delegation only; positions, offers and clauses by the delegation
    that recorded them or a ``mediator`` participant (records of the command line, owner
    null: by a mediator only)."""
    if principal.superuser:
        return True
    if isinstance(record, Note | Profile):
        return record.owner == principal.delegation
    if isinstance(record, Position | Offer | Clause):
        return mediator or (record.owner is not None and record.owner == principal.delegation)
    return True
