"""The append-only audit log: one entry per change, with the record before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from burdenshare.store.access import Principal
from burdenshare.store.base import Base
from burdenshare.store.models import AuditEntry, Participant


def record_change(
    session: Session,
    principal: Principal,
    action: str,
    record: Base,
    before: dict[str, Any] | None,
    *,
    negotiation_id: int | None,
    private_to: str | None = None,
) -> AuditEntry:
    """Add the audit entry of one change to the session (committed with the change)."""
    after = None if action == "delete" else record.snapshot()
    identity = record.__mapper__.primary_key_from_instance(record)
    entry = AuditEntry(
        actor=principal.username,
        user_id=principal.user_id,
        action=action,
        table_name=record.__tablename__,
        record_id=int(identity[0]),
        negotiation_id=negotiation_id,
        private_to=private_to,
        before=before,
        after=after,
    )
    session.add(entry)
    return entry


def changed_fields(entry: AuditEntry) -> list[str]:
    """The fields whose value differs between before and after (every field on create/delete)."""
    before, after = entry.before or {}, entry.after or {}
    keys = sorted(set(before) | set(after))
    return [k for k in keys if k != "version" and before.get(k) != after.get(k)]


def visible_entries(principal: Principal) -> Select[AuditEntry]:
    """Entries the principal may read: changes to negotiations it takes part in (private ones
    only for their delegation), and changes to its own delegation's users (admins)."""
    query = select(AuditEntry)
    if principal.superuser:
        return query
    mine = select(Participant.negotiation_id).where(Participant.delegation == principal.delegation)
    readable = AuditEntry.private_to.is_(None) | (AuditEntry.private_to == principal.delegation)
    records = AuditEntry.negotiation_id.in_(mine) & readable
    if principal.has_role("admin"):
        users = AuditEntry.negotiation_id.is_(None) & (
            AuditEntry.private_to == principal.delegation
        )
        return query.where(records | users)
    return query.where(records)
