"""The seeded tracker database the tests start from: the demo negotiation, a second one that
ROK and the analysts take no part in, a user and token per delegation and role, and marker
strings in every delegation's private records (a leak is a marker in the wrong answer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from burdenshare.store.access import SYSTEM
from burdenshare.store.database import open_database
from burdenshare.store.demo import load_demo
from burdenshare.store.migrate import upgrade
from burdenshare.store.models import Issue, Negotiation, Note, Profile, Round, User
from burdenshare.store.negotiations import create_negotiation
from burdenshare.store.records import Records
from burdenshare.store.users import create_token, create_user, ensure_delegation

DELEGATIONS = ("ROK", "US", "analysts")
ROLES = ("viewer", "editor", "admin")
PASSWORD = "test-password-1"
NEG2_MARKER = "SECRET-NEG2"


def marker(delegation: str, what: str) -> str:
    return f"SECRET-{delegation}-{what}"


def forbidden_markers(delegation: str) -> list[str]:
    """Markers a member of ``delegation`` must never receive."""
    out = [f"SECRET-{other}-" for other in DELEGATIONS if other != delegation]
    return out if delegation == "US" else [*out, NEG2_MARKER]


@dataclass
class Seed:
    negotiation_id: int = 0
    other_negotiation_id: int = 0
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)
    user_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    private_notes: dict[str, int] = field(default_factory=dict)
    private_profiles: dict[str, list[int]] = field(default_factory=dict)
    rounds: dict[int, int] = field(default_factory=dict)
    issues: dict[str, int] = field(default_factory=dict)

    def token(self, delegation: str, role: str) -> str:
        return self.tokens[(delegation, role)]

    def headers(self, delegation: str, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(delegation, role)}"}


def _users(session: Any, seed: Seed) -> None:
    for delegation in DELEGATIONS:
        for role in ROLES:
            data = {
                "username": f"{delegation.lower()}-{role}",
                "password": PASSWORD,
                "delegation": delegation,
                "role": role,
            }
            user = create_user(session, SYSTEM, data)
            seed.user_ids[(delegation, role)] = user.id
            seed.tokens[(delegation, role)], _ = create_token(session, SYSTEM, user, "tests")


def _markers(session: Any, seed: Seed) -> None:
    records = Records(session, SYSTEM)
    nid = seed.negotiation_id
    for delegation in DELEGATIONS:
        note = records.create(
            Note,
            nid,
            {
                "owner": delegation,
                "visibility": "private",
                "author": "seed",
                "body": marker(delegation, "NOTE"),
            },
        )
        seed.private_notes[delegation] = note.id
        query = select(Profile).where(Profile.negotiation_id == nid, Profile.owner == delegation)
        seed.private_profiles[delegation] = []
        for profile in list(session.scalars(query)):
            prefs = dict(profile.preferences) | {"note": marker(delegation, "PREFS")}
            changes = {"label": marker(delegation, "PROFILE"), "preferences": prefs}
            records.update(Profile, nid, profile.id, profile.version, changes)
            seed.private_profiles[delegation].append(profile.id)


def _other_negotiation(session: Any, seed: Seed) -> None:
    ensure_delegation(session, "JP", "Japan delegation")
    data = {
        "key": "us-japan-test",
        "title": "A negotiation without ROK or the analysts",
        "participants": [
            {"delegation": "JP", "role": "host"},
            {"delegation": "US", "role": "sending_state"},
        ],
    }
    negotiation = create_negotiation(session, SYSTEM, data)
    seed.other_negotiation_id = negotiation.id
    records = Records(session, SYSTEM)
    records.create(Round, negotiation.id, {"number": 1, "note": NEG2_MARKER})
    records.create(
        Note,
        negotiation.id,
        {"owner": "US", "visibility": "shared", "author": "seed", "body": NEG2_MARKER},
    )


def build_seed(url: str) -> Seed:
    """Migrate and seed the database at ``url``; the ids and tokens of what was made."""
    database = open_database(url)
    seed = Seed()
    try:
        upgrade(database.engine)
        with database.writer() as session:
            load_demo(session)
            seed.negotiation_id = session.scalar(
                select(Negotiation.id).where(Negotiation.key == "sma-10-2018")
            )
            _users(session, seed)
            _markers(session, seed)
            _other_negotiation(session, seed)
            nid = seed.negotiation_id
            seed.rounds = {
                r.number: r.id
                for r in session.scalars(select(Round).where(Round.negotiation_id == nid))
            }
            seed.issues = {
                i.key: i.id
                for i in session.scalars(select(Issue).where(Issue.negotiation_id == nid))
            }
            assert session.scalar(select(User.id).where(User.username == "rok-demo"))
    finally:
        database.dispose()
    return seed
