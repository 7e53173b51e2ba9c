"""The append-only audit log: one entry per change, with the record before and after.

The log is a hash chain: each entry stores the SHA-256 of the previous entry's hash and its
own content (:func:`entry_digest`), so an entry edited, removed or inserted in a copy (backup,
edit, restore) breaks the chain at that entry, which :func:`verify_chain` finds. On
PostgreSQL an advisory lock makes concurrent writers append one after the other; SQLite's
writers are serialized already.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from burdenshare.store.access import Principal
from burdenshare.store.base import Base, utcnow
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
    return record_event(
        session,
        principal,
        action,
        record.__tablename__,
        int(identity[0]),
        before,
        after,
        negotiation_id=negotiation_id,
        private_to=private_to,
    )


GENESIS = "0" * 64
_CHAINED = (
    "at",
    "actor",
    "actor_delegation",
    "user_id",
    "action",
    "table_name",
    "record_id",
    "negotiation_id",
    "private_to",
    "before",
    "after",
)
_TIP = "audit_chain_tip"
_CHAIN_LOCK = 0x6275726465  # pg_advisory_xact_lock key of the audit chain


def entry_digest(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the previous hash and an entry's content in canonical JSON (sorted
    keys, timestamps as UTC ISO text); a JSON round trip first, so what is stored and what
    is read back hash alike."""
    content = {name: fields.get(name) for name in _CHAINED}
    at = content["at"]
    if isinstance(at, datetime):
        content["at"] = at.isoformat()
    canonical = json.dumps(
        json.loads(json.dumps(content, default=str)),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _chain_tip(session: Session) -> str:
    """The hash the next entry of this transaction links to."""
    connection = session.connection()  # begins the transaction if none is open
    held = session.info.get(_TIP)
    if held is not None and held[0] is session.get_transaction():
        return str(held[1])  # an entry of this transaction, perhaps not flushed yet
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SELECT pg_advisory_xact_lock({_CHAIN_LOCK})"))
    with session.no_autoflush:  # a stale version must surface at commit, as a Conflict
        query = select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
        last = session.scalar(query)
    return last or GENESIS


def record_event(
    session: Session,
    principal: Principal,
    action: str,
    table_name: str,
    record_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    negotiation_id: int | None,
    private_to: str | None = None,
) -> AuditEntry:
    """Add one chained audit entry (a change, a restore, an import) to the session."""
    fields: dict[str, Any] = {
        "at": utcnow(),
        "actor": principal.username,
        "actor_delegation": principal.delegation,
        "user_id": principal.user_id,
        "action": action,
        "table_name": table_name,
        "record_id": record_id,
        "negotiation_id": negotiation_id,
        "private_to": private_to,
        "before": before,
        "after": after,
    }
    prev = _chain_tip(session)
    digest = entry_digest(prev, fields)
    entry = AuditEntry(**fields, prev_hash=prev, entry_hash=digest)
    session.add(entry)
    session.info[_TIP] = (session.get_transaction(), digest)
    return entry


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found: entries checked, the last hash, the first break."""

    entries: int
    head: str
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session) -> ChainReport:
    """Walk the audit log by id and recompute every link; the first entry that does not
    match (edited, inserted, or following a removed one) is reported."""
    prev = GENESIS
    count = 0
    query = select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=500)
    for entry in session.scalars(query):
        count += 1
        if entry.prev_hash != prev:
            problem = "does not link to the entry before it (an entry was removed or inserted)"
            return ChainReport(count, prev, entry.id, problem)
        fields = {name: getattr(entry, name) for name in _CHAINED}
        if entry_digest(prev, fields) != entry.entry_hash:
            return ChainReport(count, prev, entry.id, "its content was changed")
        prev = entry.entry_hash
    return ChainReport(count, prev)


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
