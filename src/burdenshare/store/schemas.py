"""The fields of each record, as Pydantic models shared by the JSON API and the exchange file.

Strict shapes (unknown fields are errors, issue values are labels or numbers but never
booleans); the rules that need the database (references, issue domains, dates in order) are
checked by :mod:`burdenshare.store.rules`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    field_validator,
)

from burdenshare.data.schemas import PartyPreferences
from burdenshare.limits import MAX_INT
from burdenshare.talks.terms import NO, YES

Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=40)]


def _scalar(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("must be a label (text) or a number")
    return value


Scalar = Annotated[StrictStr | StrictInt | StrictFloat, BeforeValidator(_scalar)]
Text = Annotated[str, Field(max_length=20_000)]
Title = Annotated[str, Field(min_length=1, max_length=300)]
Sources = Annotated[list[Annotated[str, Field(max_length=2000)]], Field(max_length=100)]
IssueStatusValue = Literal["open", "agreed", "dropped"]
ClauseStatusValue = Literal["draft", "proposed", "agreed", "dropped"]
Visibility = Literal["shared", "private"]
ParticipantRole = Literal["host", "sending_state", "mediator", "analyst"]


def has_nul(value: Any) -> bool:
    """Whether a string anywhere in ``value`` holds NUL (PostgreSQL text cannot)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    return False


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if has_nul(value):
            raise ValueError("must not contain NUL characters")
        return value


class ParticipantFields(Strict):
    delegation: Code
    role: ParticipantRole
    chief_negotiator: Annotated[str, Field(max_length=200)] | None = None


class NegotiationFields(Strict):
    key: Key
    title: Title
    description: Text = ""
    expiring_agreement: Annotated[str, Field(max_length=200)] = ""
    expires_on: dt.date | None = None
    deadline: dt.date | None = None
    scenario: str | None = None
    outcome: Text = ""
    concluded_on: dt.date | None = None
    sources: Sources = []


class RoundFields(Strict):
    number: Annotated[int, Field(ge=1, le=10_000)]
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    venue: Annotated[str, Field(max_length=200)] | None = None
    negotiators: dict[Code, Annotated[str, Field(max_length=200)]] | None = None
    note: Text = ""
    sources: Sources = []


class IssueFields(Strict):
    key: Key
    title: Title
    description: Text = ""
    unit: Annotated[str, Field(max_length=100)] = ""
    values: Annotated[list[Scalar], Field(min_length=1, max_length=1000)]
    position: Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)] = 0


class IssueStatusFields(Strict):
    status: IssueStatusValue
    note: Text = ""
    sources: Sources = []


class PositionFields(Strict):
    party: Code
    value: Scalar | None = None
    statement: Annotated[str, Field(min_length=1, max_length=20_000)]
    reported_on: dt.date | None = None
    sources: Sources = []


class OfferFields(Strict):
    party: Code
    label: Annotated[str, Field(max_length=300)] = ""
    terms: dict[Key, Scalar]
    made_on: dt.date | None = None
    note: Text = ""
    sources: Sources = []


class ClauseFields(Strict):
    key: Key
    title: Title
    text: Text = ""
    status: ClauseStatusValue
    note: Text = ""
    sources: Sources = []


class NoteFields(Strict):
    visibility: Visibility
    body: Annotated[str, Field(min_length=1, max_length=20_000)]


class ProfileFields(Strict):
    party: Code
    label: Annotated[str, Field(max_length=300)] = ""
    illustration: bool = False
    preferences: PartyPreferences


def plain(value: Any) -> Any:
    """A Python dump as plain JSON values: decimals as numbers, dates as ISO text."""
    if isinstance(value, dict):
        return {_key_text(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _key_text(key: object) -> str:
    """A mapping key as JSON text; booleans as the terms domain spells them ("yes"/"no")."""
    if isinstance(key, bool):
        return YES if key else NO
    return str(key)


def preferences_json(preferences: PartyPreferences) -> dict[str, Any]:
    """A profile's preferences as stored: the fields given, with plain JSON numbers."""
    dumped: dict[str, Any] = plain(preferences.model_dump(mode="python", exclude_unset=True))
    return dumped
