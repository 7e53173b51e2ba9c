"""The negotiation's record kinds: one declaration each.

A :class:`RecordKind` names a record's collection path, its id's path parameter, the store
model, the request and response models, the list filters and who sees what. The access table
(:mod:`burdenshare.api.access`) and the routes (:mod:`burdenshare.api.routes.records`) are both
built from :data:`RECORD_KINDS`, so a new record kind is one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from burdenshare.api.models import (
    ClauseCreate,
    ClauseRead,
    ClauseUpdate,
    IssueRead,
    IssueStatusCreate,
    IssueStatusRead,
    IssueStatusUpdate,
    IssueUpdate,
    NoteCreate,
    NoteRead,
    NoteUpdate,
    OfferCreate,
    OfferRead,
    OfferUpdate,
    PositionCreate,
    PositionRead,
    PositionUpdate,
    ProfileCreate,
    ProfileRead,
    ProfileUpdate,
    RoundRead,
    RoundUpdate,
)
from burdenshare.api.params import QueryCode, QueryId
from burdenshare.store.base import NegotiationRecord
from burdenshare.store.models import (
    Clause,
    Issue,
    IssueStatus,
    Note,
    Offer,
    Position,
    Profile,
    Round,
)
from burdenshare.store.schemas import (
    ClauseStatusValue,
    IssueFields,
    IssueStatusValue,
    RoundFields,
    Visibility,
)


@dataclass(frozen=True)
class RecordKind:
    """One kind of a negotiation's records and its five routes (list, create, get, update,
    delete) under ``/api/negotiations/{negotiation_id}/<path>``."""

    path: str  # the collection: "issue-statuses"
    key: str  # the id's path parameter: "status_id"
    one: str  # one record, in route names: "issue_status" (create_issue_status)
    model: type[NegotiationRecord]
    read: type[BaseModel]
    create: type[BaseModel]
    update: type[BaseModel]
    filters: tuple[tuple[str, Any], ...] = ()  # list filters: (query parameter, annotation)
    private: str | None = None  # who sees which records, when not all participants all

    @property
    def many(self) -> str:
        """The collection in route names: "issue_statuses" (list_issue_statuses)."""
        return self.path.replace("-", "_")

    @property
    def scope(self) -> str:
        """What the routes reach, for the access table."""
        return f"participants: {self.path}" + (f" ({self.private})" if self.private else "")


ROUND_ID = ("round_id", QueryId)
ISSUE_ID = ("issue_id", QueryId)
PARTY = ("party", QueryCode)

RECORD_KINDS: tuple[RecordKind, ...] = (
    # Rounds: one meeting of the delegations (unknown dates and venues stay null).
    RecordKind("rounds", "round_id", "round", Round, RoundRead, RoundFields, RoundUpdate),
    # Issues: the negotiable terms and each one's domain of values.
    RecordKind("issues", "issue_id", "issue", Issue, IssueRead, IssueFields, IssueUpdate),
    # Issue statuses: open, agreed or dropped, per issue per round.
    RecordKind(
        "issue-statuses",
        "status_id",
        "issue_status",
        IssueStatus,
        IssueStatusRead,
        IssueStatusCreate,
        IssueStatusUpdate,
        (ROUND_ID, ISSUE_ID, ("status", IssueStatusValue | None)),
    ),
    # Positions: a party's stated stance on one issue.
    RecordKind(
        "positions",
        "position_id",
        "position",
        Position,
        PositionRead,
        PositionCreate,
        PositionUpdate,
        (ROUND_ID, ISSUE_ID, PARTY),
    ),
    # Offers: whole packages (a value of every issue's domain) by a party at a round.
    RecordKind(
        "offers",
        "offer_id",
        "offer",
        Offer,
        OfferRead,
        OfferCreate,
        OfferUpdate,
        (ROUND_ID, PARTY),
    ),
    # Draft clauses of the agreement text and their status.
    RecordKind(
        "clauses",
        "clause_id",
        "clause",
        Clause,
        ClauseRead,
        ClauseCreate,
        ClauseUpdate,
        (ROUND_ID, ISSUE_ID, ("status", ClauseStatusValue | None)),
    ),
    # Notes: shared with all participants, or private to your delegation.
    RecordKind(
        "notes",
        "note_id",
        "note",
        Note,
        NoteRead,
        NoteCreate,
        NoteUpdate,
        (ROUND_ID, ISSUE_ID, ("visibility", Visibility | None)),
        private="shared ones, and its own delegation's private ones",
    ),
    # Private preference profiles: your delegation's only.
    RecordKind(
        "profiles",
        "profile_id",
        "profile",
        Profile,
        ProfileRead,
        ProfileCreate,
        ProfileUpdate,
        (PARTY,),
        private="own delegation's only",
    ),
)
