"""Ownership of positions, offers and clauses; the audit log's actor delegation and hash chain.

``owner`` (the recording delegation) is added to positions, offers and clauses: existing
positions and offers belong to their party, existing clauses to the command line (null).
The audit log gains ``actor_delegation`` (from the actor's user, where there is one) and the
hash chain (``prev_hash``, ``entry_hash``) computed over the existing entries in id order;
the append-only triggers are lifted for that backfill only, inside this transaction.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from burdenshare.store.audit import GENESIS, entry_digest
from burdenshare.store.base import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
_SQLITE_DROP = ("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete")
_AUDIT = sa.table(
    "audit_log",
    sa.column("id", sa.Integer),
    sa.column("at", UTCDateTime),
    sa.column("actor", sa.String),
    sa.column("actor_delegation", sa.String),
    sa.column("user_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("table_name", sa.String),
    sa.column("record_id", sa.Integer),
    sa.column("negotiation_id", sa.Integer),
    sa.column("private_to", sa.String),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
    sa.column("prev_hash", sa.String),
    sa.column("entry_hash", sa.String),
)


def _triggers(on: bool) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE audit_log {'ENABLE' if on else 'DISABLE'} TRIGGER USER")
        return
    for statement in _SQLITE_TRIGGERS if on else _SQLITE_DROP:
        op.execute(statement)


def upgrade() -> None:
    for table in ("positions", "offers", "clauses"):
        op.add_column(table, sa.Column("owner", sa.String(length=40), nullable=True))
    op.execute("UPDATE positions SET owner = party")
    op.execute("UPDATE offers SET owner = party")
    op.add_column("audit_log", sa.Column("actor_delegation", sa.String(length=40)))
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(length=64)))
    op.add_column("audit_log", sa.Column("entry_hash", sa.String(length=64)))
    bind = op.get_bind()
    _triggers(False)
    bind.execute(
        sa.text(
            "UPDATE audit_log SET actor_delegation = "
            "(SELECT delegation FROM users WHERE users.id = audit_log.user_id)"
        )
    )
    prev = GENESIS
    rows = bind.execute(sa.select(_AUDIT).order_by(_AUDIT.c.id)).mappings().all()
    for row in rows:
        digest = entry_digest(prev, dict(row))
        bind.execute(
            _AUDIT.update()
            .where(_AUDIT.c.id == row["id"])
            .values(prev_hash=prev, entry_hash=digest)
        )
        prev = digest
    _triggers(True)


def downgrade() -> None:
    _triggers(False)  # SQLite's batch mode rebuilds the table (and would lose them)
    with op.batch_alter_table("audit_log") as batch:
        for name in ("entry_hash", "prev_hash", "actor_delegation"):
            batch.drop_column(name)
    _triggers(True)
    for table in ("positions", "offers", "clauses"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("owner")
