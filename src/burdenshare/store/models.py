"""The tracker's tables: delegations, users and their credentials, negotiations and their
records, and the append-only audit log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burdenshare.store.base import Base, NegotiationRecord, Versioned, utcnow

ROLES = ("viewer", "editor", "admin")
DELEGATION_KINDS = ("party", "team")
PARTICIPANT_ROLES = ("host", "sending_state", "mediator", "analyst")
PARTY_ROLES = ("host", "sending_state")
ISSUE_STATUSES = ("open", "agreed", "dropped")
CLAUSE_STATUSES = ("draft", "proposed", "agreed", "dropped")
VISIBILITIES = ("shared", "private")
CODE = String(40)


class Delegation(Base):
    """A delegation of one party, or a team of analysts or mediators."""

    __tablename__ = "delegations"
    code: Mapped[str] = mapped_column(CODE, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))


class User(Versioned, Base):
    __tablename__ = "users"
    __audit_exclude__: ClassVar[frozenset[str]] = frozenset(
        {"password_hash", "created_at", "updated_at"}
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    delegation: Mapped[str] = mapped_column(ForeignKey("delegations.code"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)


class ApiToken(Base):
    """A token for scripts; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"
    __audit_exclude__: ClassVar[frozenset[str]] = frozenset({"token_hash"})
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class WebSession(Base):
    """A web login session; the cookie holds a random token, only its SHA-256 is stored."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class Negotiation(Versioned, Base):
    __tablename__ = "negotiations"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    expiring_agreement: Mapped[str] = mapped_column(String(200), default="")
    expires_on: Mapped[date | None]
    deadline: Mapped[date | None]
    scenario: Mapped[str | None] = mapped_column(String(80))
    outcome: Mapped[str] = mapped_column(Text, default="")
    concluded_on: Mapped[date | None]
    sources: Mapped[list[str]] = mapped_column(default=list)
    participants: Mapped[list[Participant]] = relationship(
        cascade="all, delete-orphan", order_by="Participant.id", lazy="selectin"
    )

    def snapshot(self) -> dict[str, Any]:
        out = super().snapshot()
        out["participants"] = [p.snapshot() for p in self.participants]
        return out


class Participant(Base):
    """A delegation taking part in a negotiation, as a party (host, sending state) or a team."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("negotiation_id", "delegation"),)
    __audit_exclude__: ClassVar[frozenset[str]] = frozenset({"id", "negotiation_id"})
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(
        ForeignKey("negotiations.id", ondelete="CASCADE"), index=True
    )
    delegation: Mapped[str] = mapped_column(ForeignKey("delegations.code"))
    role: Mapped[str] = mapped_column(String(20))
    chief_negotiator: Mapped[str | None] = mapped_column(String(200))


class Round(NegotiationRecord):
    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("negotiation_id", "number"),)
    number: Mapped[int]
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    venue: Mapped[str | None] = mapped_column(String(200))
    negotiators: Mapped[dict[str, Any] | None]
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[str]] = mapped_column(default=list)


class Issue(NegotiationRecord):
    __tablename__ = "issues"
    __table_args__ = (UniqueConstraint("negotiation_id", "key"),)
    key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(100), default="")
    values: Mapped[list[Any]]
    position: Mapped[int] = mapped_column(default=0)


class IssueStatus(NegotiationRecord):
    """The status of one issue at one round."""

    __tablename__ = "issue_statuses"
    __table_args__ = (UniqueConstraint("issue_id", "round_id"),)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[str]] = mapped_column(default=list)


class Position(NegotiationRecord):
    """A party's stated position on one issue (a value of its domain when it names one)."""

    __tablename__ = "positions"
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"), index=True)
    party: Mapped[str] = mapped_column(ForeignKey("delegations.code"))
    #: the delegation that recorded it (null: the command line); only it, a mediator or the
    #: command line changes it (see store/access.py)
    owner: Mapped[str | None] = mapped_column(CODE)
    value: Mapped[Any | None] = mapped_column(JSON)
    statement: Mapped[str] = mapped_column(Text)
    reported_on: Mapped[date | None]
    sources: Mapped[list[str]] = mapped_column(default=list)


class Offer(NegotiationRecord):
    """A whole package (one value per issue) offered by a party at a round."""

    __tablename__ = "offers"
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    party: Mapped[str] = mapped_column(ForeignKey("delegations.code"))
    #: the delegation that recorded it (null: the command line); only it, a mediator or the
    #: command line changes it (see store/access.py)
    owner: Mapped[str | None] = mapped_column(CODE)
    label: Mapped[str] = mapped_column(String(300), default="")
    terms: Mapped[dict[str, Any]]
    made_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[str]] = mapped_column(default=list)


class Clause(NegotiationRecord):
    """A drafted clause of the agreement text and its status."""

    __tablename__ = "clauses"
    __table_args__ = (UniqueConstraint("negotiation_id", "key"),)
    key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10))
    #: the delegation that recorded it (null: the command line); only it, a mediator or the
    #: command line changes it (see store/access.py)
    owner: Mapped[str | None] = mapped_column(CODE)
    issue_id: Mapped[int | None] = mapped_column(ForeignKey("issues.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[str]] = mapped_column(default=list)


class Note(NegotiationRecord):
    """A note of a delegation: shared with all participants, or private to the delegation."""

    __tablename__ = "notes"
    owner: Mapped[str] = mapped_column(ForeignKey("delegations.code"), index=True)
    visibility: Mapped[str] = mapped_column(String(10))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"), index=True)
    issue_id: Mapped[int | None] = mapped_column(ForeignKey("issues.id"), index=True)
    author: Mapped[str] = mapped_column(String(80), default="")
    body: Mapped[str] = mapped_column(Text)


class Profile(NegotiationRecord):
    """A delegation's private preference profile of one party (its own, or its estimate of the
    other's), in the engine's scenario-preferences form."""

    __tablename__ = "profiles"
    __table_args__ = (UniqueConstraint("negotiation_id", "owner", "party"),)
    owner: Mapped[str] = mapped_column(ForeignKey("delegations.code"), index=True)
    party: Mapped[str] = mapped_column(ForeignKey("delegations.code"))
    label: Mapped[str] = mapped_column(String(300), default="")
    illustration: Mapped[bool] = mapped_column(default=False)
    preferences: Mapped[dict[str, Any]]


class AuditEntry(Base):
    """One change: who, when, what (table, record, action), and the record before and after.

    Append-only: the migration installs triggers that refuse UPDATE and DELETE.
    ``private_to`` names the delegation that alone may read the entry (private records).
    Tamper-evident: ``entry_hash`` is the SHA-256 of ``prev_hash`` and the entry's content,
    ``prev_hash`` the previous entry's (by id), see :func:`burdenshare.store.audit.verify_chain`.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "table_name", "record_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    actor_delegation: Mapped[str | None] = mapped_column(CODE)
    user_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(10))
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int]
    negotiation_id: Mapped[int | None] = mapped_column(index=True)
    private_to: Mapped[str | None] = mapped_column(CODE)
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    entry_hash: Mapped[str | None] = mapped_column(String(64))


RECORD_MODELS: tuple[type[NegotiationRecord], ...] = (
    Round,
    Issue,
    IssueStatus,
    Position,
    Offer,
    Clause,
    Note,
    Profile,
)
