"""The JSON API's request and response models (requests forbid unknown fields).

Create requests are the record's fields (:mod:`burdenshare.store.schemas`) plus references by
id; update requests carry the ``version`` they were read at and only the fields that change.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from burdenshare.data.schemas import PartyPreferences
from burdenshare.limits import MAX_INT, TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS
from burdenshare.store.schemas import (
    ClauseFields,
    ClauseStatusValue,
    Code,
    IssueFields,
    IssueStatusFields,
    IssueStatusValue,
    Key,
    NegotiationFields,
    NoteFields,
    OfferFields,
    ParticipantFields,
    PositionFields,
    RoundFields,
    Scalar,
    Sources,
    Strict,
    Text,
    Title,
    Visibility,
)

Item = TypeVar("Item")
Version = Annotated[
    int, Field(ge=1, le=MAX_INT, description="The version you read; a stale one gets 409.")
]
RefId = Annotated[int, Field(ge=1, le=MAX_INT, description="The id of a record.")]
Position = Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)]
Short = Annotated[str, Field(max_length=200)]


class Stored(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class NegotiationStored(Stored):
    negotiation_id: int


class Page(BaseModel, Generic[Item]):
    items: list[Item]
    total: int
    limit: int
    offset: int


class Participant(ParticipantFields):
    model_config = ConfigDict(from_attributes=True, extra="forbid")


class NegotiationCreate(NegotiationFields):
    participants: Annotated[list[Participant], Field(min_length=2, max_length=20)]


class NegotiationUpdate(Strict):
    version: Version
    key: Key | None = None
    title: Title | None = None
    description: Text | None = None
    expiring_agreement: Short | None = None
    expires_on: dt.date | None = None
    deadline: dt.date | None = None
    scenario: str | None = None
    outcome: Text | None = None
    concluded_on: dt.date | None = None
    sources: Sources | None = None
    participants: Annotated[list[Participant], Field(min_length=2, max_length=20)] | None = None


class NegotiationRead(NegotiationFields, Stored):
    participants: list[Participant]


class RoundRead(RoundFields, NegotiationStored):
    pass


class RoundUpdate(Strict):
    version: Version
    number: Annotated[int, Field(ge=1, le=10_000)] | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    venue: Short | None = None
    negotiators: dict[Code, Short] | None = None
    note: Text | None = None
    sources: Sources | None = None


class IssueRead(IssueFields, NegotiationStored):
    pass


class IssueUpdate(Strict):
    version: Version
    key: Key | None = None
    title: Title | None = None
    description: Text | None = None
    unit: Annotated[str, Field(max_length=100)] | None = None
    values: Annotated[list[Scalar], Field(min_length=1, max_length=1000)] | None = None
    position: Position | None = None


class IssueStatusCreate(IssueStatusFields):
    issue_id: RefId
    round_id: RefId


class IssueStatusRead(IssueStatusCreate, NegotiationStored):
    pass


class IssueStatusUpdate(Strict):
    version: Version
    issue_id: RefId | None = None
    round_id: RefId | None = None
    status: IssueStatusValue | None = None
    note: Text | None = None
    sources: Sources | None = None


class PositionCreate(PositionFields):
    issue_id: RefId
    round_id: RefId | None = None


class PositionRead(PositionCreate, NegotiationStored):
    owner: str | None = Field(
        description="The delegation that recorded it and alone changes it (or a mediator); "
        "null: recorded by the command line."
    )


class PositionUpdate(Strict):
    version: Version
    issue_id: RefId | None = None
    round_id: RefId | None = None
    party: Code | None = None
    value: Scalar | None = None
    statement: Annotated[str, Field(min_length=1, max_length=20_000)] | None = None
    reported_on: dt.date | None = None
    sources: Sources | None = None


class OfferCreate(OfferFields):
    round_id: RefId


class OfferRead(OfferCreate, NegotiationStored):
    owner: str | None = Field(
        description="The delegation that recorded it and alone changes it (or a mediator); "
        "null: recorded by the command line."
    )


class OfferUpdate(Strict):
    version: Version
    round_id: RefId | None = None
    party: Code | None = None
    label: Annotated[str, Field(max_length=300)] | None = None
    terms: dict[Key, Scalar] | None = None
    made_on: dt.date | None = None
    note: Text | None = None
    sources: Sources | None = None


class ClauseCreate(ClauseFields):
    issue_id: RefId | None = None
    round_id: RefId | None = None


class ClauseRead(ClauseCreate, NegotiationStored):
    owner: str | None = Field(
        description="The delegation that recorded it and alone changes it (or a mediator); "
        "null: recorded by the command line."
    )


class ClauseUpdate(Strict):
    version: Version
    key: Key | None = None
    title: Title | None = None
    text: Text | None = None
    status: ClauseStatusValue | None = None
    issue_id: RefId | None = None
    round_id: RefId | None = None
    note: Text | None = None
    sources: Sources | None = None


class NoteCreate(NoteFields):
    round_id: RefId | None = None
    issue_id: RefId | None = None


class NoteRead(NoteCreate, NegotiationStored):
    owner: str
    author: str


class NoteUpdate(Strict):
    version: Version
    visibility: Visibility | None = None
    body: Annotated[str, Field(min_length=1, max_length=20_000)] | None = None
    round_id: RefId | None = None
    issue_id: RefId | None = None


class ProfileCreate(Strict):
    party: Code
    label: Annotated[str, Field(max_length=300)] = ""
    illustration: bool = False
    preferences: PartyPreferences


class ProfileRead(NegotiationStored):
    owner: str
    party: str
    label: str
    illustration: bool
    preferences: dict[str, Any]


class ProfileUpdate(Strict):
    version: Version
    party: Code | None = None
    label: Annotated[str, Field(max_length=300)] | None = None
    illustration: bool | None = None
    preferences: PartyPreferences | None = None


class Delegation(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    code: str
    name: str
    kind: str


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    username: str
    display_name: str
    delegation: str
    role: str
    active: bool
    version: int


Role = Literal["viewer", "editor", "admin"]
Password = Annotated[str, Field(min_length=8, max_length=1024)]


class UserCreate(Strict):
    username: Annotated[str, Field(min_length=2, max_length=80)]
    password: Password
    role: Role
    display_name: Short = ""


class UserUpdate(Strict):
    version: Version
    display_name: Short | None = None
    role: Role | None = None
    active: bool | None = None
    password: Password | None = None


class Login(Strict):
    username: Annotated[str, Field(max_length=80)]
    password: Annotated[str, Field(max_length=1024)]


class TokenCreate(Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    expires_at: (
        Annotated[
            AwareDatetime,
            Field(
                description=f"With a time zone, in the next {TOKEN_MAX_DAYS} days "
                f"(default: {TOKEN_DEFAULT_DAYS} days from now)."
            ),
        ]
        | None
    ) = None


class TokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreated(TokenRead):
    token: str = Field(description="The secret: shown once, store it now.")


class AuditRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str = Field(
        description="The entry's hash in the audit chain (opaque: entries are not numbered)."
    )
    at: dt.datetime
    actor: str
    actor_delegation: str | None = Field(
        description="The actor's delegation (null: the command line)."
    )
    action: str
    table_name: str
    record_id: int
    negotiation_id: int | None
    changed: list[str]
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class Revoked(BaseModel):
    """What an admin's revocation ended."""

    tokens: int
    sessions: int


class Health(BaseModel):
    status: Literal["ok"]
    database: str
