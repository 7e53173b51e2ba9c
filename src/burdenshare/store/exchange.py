"""Export a negotiation to JSON and import it back, losslessly.

Records refer to each other by natural keys (round numbers, issue keys, delegation codes), not
database ids, so export → import into an empty database → export gives identical JSON. Import
is one transaction: any error names the file and the field, and nothing is written.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any, Literal

from pydantic import Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from burdenshare.errors import InputError
from burdenshare.store.access import SYSTEM, Principal
from burdenshare.store.base import NegotiationRecord
from burdenshare.store.errors import Conflict, Invalid
from burdenshare.store.models import (
    Clause,
    Delegation,
    Issue,
    IssueStatus,
    Negotiation,
    Note,
    Offer,
    Position,
    Profile,
    Round,
)
from burdenshare.store.negotiations import create_negotiation
from burdenshare.store.records import Records, deferred_commit
from burdenshare.store.schemas import (
    ClauseFields,
    Code,
    IssueFields,
    IssueStatusFields,
    NegotiationFields,
    NoteFields,
    OfferFields,
    ParticipantFields,
    PositionFields,
    ProfileFields,
    RoundFields,
    Strict,
    preferences_json,
)
from burdenshare.store.users import ensure_delegation

FORMAT = "burdenshare-negotiation"


class DelegationEntry(Strict):
    code: Code
    name: str
    kind: Literal["party", "team"]


class StatusEntry(IssueStatusFields):
    issue: str
    round: int


class PositionEntry(PositionFields):
    issue: str
    round: int | None = None
    owner: Code | None = None  # the recording delegation (default: the party)


class OfferEntry(OfferFields):
    round: int
    owner: Code | None = None  # the recording delegation (default: the party)


class ClauseEntry(ClauseFields):
    issue: str | None = None
    round: int | None = None
    owner: Code | None = None  # the recording delegation (default: the command line)


class NoteEntry(NoteFields):
    owner: Code
    author: str = ""
    created_at: datetime
    issue: str | None = None
    round: int | None = None


class ProfileEntry(ProfileFields):
    owner: Code


class ExchangeFile(Strict):
    format: Literal["burdenshare-negotiation"]
    version: Literal[1]
    negotiation: NegotiationFields
    delegations: list[DelegationEntry]
    participants: list[ParticipantFields]
    rounds: list[RoundFields] = Field(default_factory=list)
    issues: list[IssueFields] = Field(default_factory=list)
    issue_statuses: list[StatusEntry] = Field(default_factory=list)
    positions: list[PositionEntry] = Field(default_factory=list)
    offers: list[OfferEntry] = Field(default_factory=list)
    clauses: list[ClauseEntry] = Field(default_factory=list)
    notes: list[NoteEntry] = Field(default_factory=list)
    profiles: list[ProfileEntry] = Field(default_factory=list)


def _all(session: Session, model: type[NegotiationRecord], negotiation_id: int) -> list[Any]:
    order: tuple[Any, ...] = (model.id,)
    if model is Note:  # random ids: by time, then content (an import keeps both)
        order = (Note.created_at, Note.owner, Note.visibility, Note.body, Note.id)
    elif model is Profile:
        order = (Profile.created_at, Profile.owner, Profile.party, Profile.id)
    query = select(model).where(model.negotiation_id == negotiation_id).order_by(*order)
    return list(session.scalars(query))


def _fields(record: object, model: type[Strict], **extra: Any) -> dict[str, Any]:
    names = [n for n in model.model_fields if n not in extra]
    data = {n: getattr(record, n) for n in names} | extra
    return model.model_validate(data).model_dump(mode="json")


def export_negotiation(session: Session, key: str) -> dict[str, Any]:
    """The whole negotiation (every delegation's private records too) as a JSON-ready dict."""
    negotiation = session.scalar(select(Negotiation).where(Negotiation.key == key))
    if negotiation is None:
        raise InputError("--negotiation", "key", f"no negotiation {key!r}")
    nid = negotiation.id
    rounds = sorted(_all(session, Round, nid), key=lambda r: r.number)
    issues = sorted(_all(session, Issue, nid), key=lambda i: (i.position, i.id))
    number = {r.id: r.number for r in rounds}
    issue_key: dict[int | None, str | None] = {i.id: i.key for i in issues} | {None: None}
    round_no: dict[int | None, int | None] = {**number, None: None}
    profiles = _all(session, Profile, nid)
    return {
        "format": FORMAT,
        "version": 1,
        "negotiation": _fields(negotiation, NegotiationFields),
        "delegations": _delegations(session, negotiation, profiles),
        "participants": [_fields(p, ParticipantFields) for p in negotiation.participants],
        "rounds": [_fields(r, RoundFields) for r in rounds],
        "issues": [_fields(i, IssueFields) for i in issues],
        "issue_statuses": [
            _fields(s, StatusEntry, issue=issue_key[s.issue_id], round=number[s.round_id])
            for s in _all(session, IssueStatus, nid)
        ],
        "positions": [
            _owner(
                _fields(p, PositionEntry, issue=issue_key[p.issue_id], round=round_no[p.round_id]),
                p.party,
            )
            for p in _all(session, Position, nid)
        ],
        "offers": [
            _owner(_fields(o, OfferEntry, round=number[o.round_id]), o.party)
            for o in _all(session, Offer, nid)
        ],
        "clauses": [
            _owner(
                _fields(c, ClauseEntry, issue=issue_key[c.issue_id], round=round_no[c.round_id]),
                None,
            )
            for c in _all(session, Clause, nid)
        ],
        "notes": [
            _fields(n, NoteEntry, issue=issue_key[n.issue_id], round=round_no[n.round_id])
            for n in _all(session, Note, nid)
        ],
        "profiles": [_fields(p, ProfileEntry) | {"preferences": p.preferences} for p in profiles],
    }


def _owner(entry: dict[str, Any], default: str | None) -> dict[str, Any]:
    """The entry without ``owner`` when it is the default an import gives (the party for
    positions and offers, the command line for clauses): files stay as they were."""
    if entry.get("owner") == default:
        entry.pop("owner", None)
    return entry


def _delegations(session: Session, negotiation: Negotiation, profiles: list[Profile]) -> list[Any]:
    codes = {p.delegation for p in negotiation.participants} | {p.owner for p in profiles}
    query = select(Delegation).where(Delegation.code.in_(codes)).order_by(Delegation.code)
    return [_fields(d, DelegationEntry) for d in session.scalars(query)]


def dumps(payload: dict[str, Any]) -> str:
    """The exchange file's text: stable (field order fixed by the models), UTF-8, indented."""
    return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:40]} is too large for a number")
    return value


def parse(text: str, source: str) -> ExchangeFile:
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except ValueError as exc:
        if not isinstance(exc, json.JSONDecodeError):  # NaN, Infinity: never stored
            raise InputError(source, "", str(exc)) from None
        raise InputError(source, f"line {exc.lineno}", f"not valid JSON: {exc.msg}") from None
    try:
        return ExchangeFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(source, _path(first["loc"]), first["msg"]) from None


def _path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def import_negotiation(
    session: Session, file: ExchangeFile, source: str, principal: Principal = SYSTEM
) -> Negotiation:
    """Create the negotiation and all its records in one transaction (or none on error);
    every record's audit entry names ``principal`` (the command line's user)."""
    with deferred_commit(session):
        try:
            negotiation = _import(session, file, source, principal)
        except Exception:
            session.rollback()
            raise
    session.commit()
    return negotiation


def _import(session: Session, file: ExchangeFile, source: str, principal: Principal) -> Negotiation:
    for d in file.delegations:
        ensure_delegation(session, d.code, d.name, d.kind)
    data = file.negotiation.model_dump() | {
        "participants": [p.model_dump() for p in file.participants]
    }
    negotiation: Negotiation = _guard(
        source, "negotiation", lambda: create_negotiation(session, principal, data)
    )
    importer = _Importer(Records(session, principal), negotiation.id, source)
    importer.run(file)
    return negotiation


def _guard(source: str, where: str, action: Any) -> Any:
    try:
        return action()
    except Invalid as exc:
        error = exc.errors[0]
        raise InputError(source, _path((where, *error.loc)), error.msg) from None
    except Conflict as exc:
        raise InputError(source, where, str(exc)) from None


class _Importer:
    def __init__(self, records: Records, negotiation_id: int, source: str) -> None:
        self.records = records
        self.nid = negotiation_id
        self.source = source
        self.rounds: dict[int, int] = {}
        self.issues: dict[str, int] = {}

    def add(self, model: type[NegotiationRecord], where: str, data: dict[str, Any]) -> int:
        create = self.records.create
        record = _guard(self.source, where, lambda: create(model, self.nid, data))
        return int(record.id)

    def ref(self, table: dict[Any, int], value: Any, where: str) -> int | None:
        if value is None:
            return None
        if value not in table:
            raise InputError(self.source, where, f"no {where.rsplit('.', 1)[-1]} {value!r}")
        return table[value]

    def run(self, file: ExchangeFile) -> None:
        for i, r in enumerate(file.rounds):
            self.rounds[r.number] = self.add(Round, f"rounds[{i}]", r.model_dump())
        for i, issue in enumerate(file.issues):
            self.issues[issue.key] = self.add(Issue, f"issues[{i}]", issue.model_dump())
        self.linked(IssueStatus, "issue_statuses", file.issue_statuses)
        self.linked(Position, "positions", file.positions)
        self.linked(Offer, "offers", file.offers)
        self.linked(Clause, "clauses", file.clauses)
        self.linked(Note, "notes", file.notes)
        for i, p in enumerate(file.profiles):
            data = p.model_dump() | {"preferences": preferences_json(p.preferences)}
            self.add(Profile, f"profiles[{i}]", data)

    def linked(self, model: type[NegotiationRecord], name: str, entries: list[Any]) -> None:
        for i, entry in enumerate(entries):
            where = f"{name}[{i}]"
            data = entry.model_dump(exclude={"issue", "round"})
            if "issue" in type(entry).model_fields:
                data["issue_id"] = self.ref(self.issues, entry.issue, f"{where}.issue")
            if "round" in type(entry).model_fields:
                data["round_id"] = self.ref(self.rounds, entry.round, f"{where}.round")
            self.add(model, where, data)
