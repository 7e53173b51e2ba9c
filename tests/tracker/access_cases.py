"""Sample requests for every route of the application, for the access-matrix test.

``SAMPLES`` maps each (method, path template) to a function building that route's requests
for one caller. Each request names its *target*: ``shared`` (a record every participant
reads), ``own`` (the caller's delegation's private record), ``foreign`` (another delegation's
shared note: readable, not writable), ``other`` (another delegation's private record) or
``hidden`` (a negotiation the caller takes no part in). A route missing here fails the test.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from tracker_support import DELEGATIONS, PASSWORD, Seed

from burdenshare.store.access import SYSTEM
from burdenshare.store.base import NegotiationRecord
from burdenshare.store.database import Database
from burdenshare.store.models import (
    Clause,
    Issue,
    IssueStatus,
    Negotiation,
    Note,
    Offer,
    Position,
    Profile,
    Round,
    User,
)
from burdenshare.store.negotiations import create_negotiation
from burdenshare.store.records import Records
from burdenshare.store.users import create_token, create_user

TERMS = {"amount": 150, "duration": 5, "increase": 0, "strategic_assets": "no"}
PREFERENCES = {"money": {"weight": 1}, "reservation": {"value": 0.1}}
_unique = itertools.count(1000)


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    target: str = "shared"
    body: Any = None


@dataclass
class Ctx:
    """What the sample builders need: the seed, the caller, and a way to make records."""

    seed: Seed
    database: Database
    delegation: str | None  # None: no credentials
    role: str | None
    real: bool = True  # False: the route refuses this caller's role, any existing ids do
    made: dict[Any, int] = field(default_factory=dict)  # shared by callers: reused when not real

    @property
    def nid(self) -> int:
        return self.seed.negotiation_id

    @property
    def nid2(self) -> int:
        return self.seed.other_negotiation_id

    def n(self, nid: int | None = None) -> str:
        return f"/api/negotiations/{self.nid if nid is None else nid}"

    @property
    def in_nid2(self) -> bool:
        return self.delegation == "US"

    def make(self, model: type[NegotiationRecord], nid: int, data: dict[str, Any]) -> int:
        if not self.real and (model, nid) in self.made:
            return self.made[(model, nid)]
        with self.database.writer() as session:
            made = int(Records(session, SYSTEM).create(model, nid, data).id)
        self.made[(model, nid)] = made
        return made

    def version(self, model: type[Any], record_id: int) -> int:
        if not self.real:
            return 1
        with self.database.reader() as session:
            found = session.get(model, record_id)
            return int(found.version) if found is not None else 1

    @property
    def others(self) -> list[str]:
        return [d for d in DELEGATIONS if d != self.delegation]

    @property
    def me(self) -> str:
        return self.delegation or "ROK"


def _round(ctx: Ctx, nid: int | None = None) -> int:
    return ctx.make(Round, nid or ctx.nid, {"number": next(_unique)})


def _hidden_target(ctx: Ctx) -> str:
    return "shared" if ctx.in_nid2 else "hidden"


Item = tuple[int, int, str]  # negotiation id, record id, target


ItemsBuilder = Callable[[Ctx, str], list[Item]]


def _items_plain(
    model: type[NegotiationRecord], make: Callable[[Ctx, int], dict[str, Any]]
) -> ItemsBuilder:
    def build(ctx: Ctx, method: str) -> list[Item]:
        first = ctx.make(model, ctx.nid, make(ctx, ctx.nid))
        second = ctx.make(model, ctx.nid2, make(ctx, ctx.nid2))
        return [(ctx.nid, first, "shared"), (ctx.nid2, second, _hidden_target(ctx))]

    return build


def _party_of(delegation: str) -> str:
    """The party a delegation may record positions and offers for (a team: either)."""
    return delegation if delegation in ("ROK", "US") else "US"


def _owned_items(
    model: type[NegotiationRecord],
    make: Callable[[Ctx, int, str], dict[str, Any]],
    second_negotiation: bool = True,
) -> ItemsBuilder:
    """A record the caller's delegation recorded (``shared``: it may change it), one another
    delegation recorded (``foreign``: readable, never changeable), one in the second
    negotiation (US's)."""

    def build(ctx: Ctx, method: str) -> list[Item]:
        mine = ctx.make(model, ctx.nid, make(ctx, ctx.nid, ctx.me) | {"owner": ctx.me})
        other = ctx.others[0]
        theirs = ctx.make(model, ctx.nid, make(ctx, ctx.nid, other) | {"owner": other})
        items = [
            (ctx.nid, mine, "shared"),
            (ctx.nid, theirs, "foreign" if theirs != mine else "shared"),
        ]
        if second_negotiation:
            second = ctx.make(model, ctx.nid2, make(ctx, ctx.nid2, "US") | {"owner": "US"})
            items.append((ctx.nid2, second, _hidden_target(ctx)))
        return items

    return build


def _position(c: Ctx, n: int, owner: str) -> dict[str, Any]:
    issue = (
        c.make(Issue, n, {"key": f"p{next(_unique)}", "title": "T", "values": [1]})
        if n == c.nid2
        else c.seed.issues["amount"]
    )
    return {"issue_id": issue, "party": _party_of(owner), "statement": "m"}


def _offer(c: Ctx, n: int, owner: str) -> dict[str, Any]:
    return {"round_id": c.seed.rounds[10], "party": _party_of(owner), "terms": TERMS}


def _issue_items(ctx: Ctx, method: str) -> list[Item]:
    key = f"k{next(_unique)}"
    made = ctx.make(Issue, ctx.nid2, {"key": key, "title": "T", "values": [1, 2]})
    return [(ctx.nid, ctx.seed.issues["amount"], "shared"), (ctx.nid2, made, _hidden_target(ctx))]


def _note_items(ctx: Ctx, method: str) -> list[Item]:
    def note(owner: str, visibility: str) -> int:
        data = {"owner": owner, "visibility": visibility, "body": "matrix", "author": "seed"}
        return ctx.make(Note, ctx.nid, data)

    items = [(ctx.nid, note(ctx.me, "shared"), "shared"), (ctx.nid, note(ctx.me, "private"), "own")]
    items += [(ctx.nid, note(o, "shared"), "foreign") for o in ctx.others]
    items += [(ctx.nid, ctx.seed.private_notes[o], "other") for o in ctx.others]
    return items


def _free_jp_profile(ctx: Ctx) -> None:
    """Remove US's profile of JP in the second negotiation, so one can be made again."""
    with ctx.database.writer() as session:
        query = select(Profile).where(Profile.negotiation_id == ctx.nid2, Profile.party == "JP")
        for stale in session.scalars(query):
            session.delete(stale)
        session.commit()


def _create_profiles(ctx: Ctx) -> list[tuple[int, dict[str, Any]]]:
    cases = [(ctx.nid, {"party": "US", "preferences": PREFERENCES})]
    if ctx.in_nid2:
        _free_jp_profile(ctx)
        cases.append((ctx.nid2, {"party": "JP", "preferences": PREFERENCES}))
    return cases


def _profile_items(ctx: Ctx, method: str) -> list[Item]:
    own = ctx.seed.private_profiles[ctx.me][:1] if method != "DELETE" else []
    items = [(ctx.nid, pid, "own") for pid in own]  # the marker profiles are never deleted
    items += [(ctx.nid, ctx.seed.private_profiles[o][0], "other") for o in ctx.others]
    if ctx.in_nid2:
        _free_jp_profile(ctx)
        data = {"owner": "US", "party": "JP", "preferences": PREFERENCES}
        items.append((ctx.nid2, ctx.make(Profile, ctx.nid2, data), "own"))
    return items


ITEMS: dict[str, tuple[type[NegotiationRecord], ItemsBuilder, dict[str, Any]]] = {
    "rounds": (Round, _items_plain(Round, lambda c, n: {"number": next(_unique)}), {"note": "m"}),
    "issues": (Issue, _issue_items, {"title": "Amount"}),
    "issue-statuses": (
        IssueStatus,
        _items_plain(
            IssueStatus,
            lambda c, n: {
                "issue_id": c.make(
                    Issue, n, {"key": f"s{next(_unique)}", "title": "T", "values": [1]}
                )
                if n == c.nid2
                else c.seed.issues["amount"],
                "round_id": _round(c, n),
                "status": "open",
            },
        ),
        {"note": "m"},
    ),
    "positions": (Position, _owned_items(Position, _position), {"statement": "m2"}),
    "offers": (Offer, _owned_items(Offer, _offer, second_negotiation=False), {"label": "m"}),
    "clauses": (
        Clause,
        _owned_items(
            Clause, lambda c, n, o: {"key": f"c{next(_unique)}", "title": "T", "status": "draft"}
        ),
        {"status": "agreed"},
    ),
    "notes": (Note, _note_items, {"body": "edited"}),
    "profiles": (Profile, _profile_items, {"illustration": True}),
}

CREATE: dict[str, Callable[[Ctx], list[tuple[int, dict[str, Any]]]]] = {
    "rounds": lambda c: [(c.nid, {"number": next(_unique)}), (c.nid2, {"number": next(_unique)})],
    "issues": lambda c: [(c.nid2, {"key": f"i{next(_unique)}", "title": "T", "values": [1]})],
    "issue-statuses": lambda c: [
        (c.nid, {"issue_id": c.seed.issues["amount"], "round_id": _round(c), "status": "open"})
    ],
    "positions": lambda c: [
        (c.nid, {"issue_id": c.seed.issues["amount"], "party": _party_of(c.me), "statement": "m"})
    ],
    "offers": lambda c: [
        (c.nid, {"round_id": c.seed.rounds[10], "party": _party_of(c.me), "terms": TERMS})
    ],
    "clauses": lambda c: [(c.nid, {"key": f"c{next(_unique)}", "title": "T", "status": "draft"})],
    "notes": lambda c: [(c.nid, {"visibility": "private", "body": "m"})],
    "profiles": _create_profiles,
}


def _record_samples(name: str) -> dict[tuple[str, str], Callable[[Ctx], list[Case]]]:
    model, items, change = ITEMS[name]
    key = {
        "rounds": "round_id",
        "issues": "issue_id",
        "issue-statuses": "status_id",
        "positions": "position_id",
        "offers": "offer_id",
        "clauses": "clause_id",
        "notes": "note_id",
        "profiles": "profile_id",
    }[name]
    collection = f"/api/negotiations/{{negotiation_id}}/{name}"
    item = f"{collection}/{{{key}}}"

    def target(ctx: Ctx, nid: int) -> str:
        return "shared" if nid == ctx.nid else _hidden_target(ctx)

    def lists(ctx: Ctx) -> list[Case]:
        return [Case("GET", f"{ctx.n(n)}/{name}", target(ctx, n)) for n in (ctx.nid, ctx.nid2)]

    def creates(ctx: Ctx) -> list[Case]:
        return [
            Case("POST", f"{ctx.n(n)}/{name}", target(ctx, n), body)
            for n, body in CREATE[name](ctx)
        ]

    def per_item(method: str) -> Callable[[Ctx], list[Case]]:
        def build(ctx: Ctx) -> list[Case]:
            cases = []
            for nid, rid, kind in items(ctx, method):
                body = {"version": ctx.version(model, rid), **change} if method == "PATCH" else None
                cases.append(Case(method, f"{ctx.n(nid)}/{name}/{rid}", kind, body))
            return cases

        return build

    return {
        ("GET", collection): lists,
        ("POST", collection): creates,
        ("GET", item): per_item("GET"),
        ("PATCH", item): per_item("PATCH"),
        ("DELETE", item): per_item("DELETE"),
    }


def _user_id(ctx: Ctx, delegation: str) -> int:
    return ctx.seed.user_ids[(delegation, "viewer")]


def _users_item(method: str) -> Callable[[Ctx], list[Case]]:
    def build(ctx: Ctx) -> list[Case]:
        cases = []
        for delegation, kind in [(ctx.me, "shared")] + [(o, "other") for o in ctx.others]:
            uid = _user_id(ctx, delegation)
            body = (
                {"version": ctx.version(User, uid), "display_name": "m"}
                if method == "PATCH"
                else None
            )
            cases.append(Case(method, f"/api/users/{uid}", kind, body))
        return cases

    return build


def _token_cases(ctx: Ctx) -> list[Case]:
    if not ctx.real:
        return [Case("DELETE", "/api/auth/tokens/1")]
    with ctx.database.writer() as session:
        cases = []
        for delegation, kind in [(ctx.me, "shared")] + [(o, "other") for o in ctx.others[:1]]:
            role = ctx.role if delegation == ctx.me and ctx.role else "viewer"
            user = session.get(User, ctx.seed.user_ids[(delegation, role)])
            assert user is not None
            _, token = create_token(session, SYSTEM, user, "throwaway")
            cases.append(Case("DELETE", f"/api/auth/tokens/{token.id}", kind))
    return cases


def _revoke_cases(ctx: Ctx) -> list[Case]:
    """Revoke the credentials of a throwaway user of each delegation (the seeded users keep
    theirs, the matrix runs on their tokens)."""
    if not ctx.real:
        return [Case("POST", f"/api/users/{_user_id(ctx, ctx.me)}/revoke")]
    cases = []
    with ctx.database.writer() as session:
        for delegation, kind in [(ctx.me, "shared")] + [(o, "other") for o in ctx.others]:
            data = {"username": f"r{next(_unique)}", "password": PASSWORD, "role": "viewer"}
            user = create_user(session, SYSTEM, data | {"delegation": delegation})
            cases.append(Case("POST", f"/api/users/{user.id}/revoke", kind))
    return cases


def _negotiation_cases(method: str) -> Callable[[Ctx], list[Case]]:
    def build(ctx: Ctx) -> list[Case]:
        if method == "DELETE" and not ctx.real:
            return [Case("DELETE", ctx.n(ctx.nid2), _hidden_target(ctx))]
        if method == "DELETE":
            with ctx.database.writer() as session:
                data = {
                    "key": f"empty-{next(_unique)}",
                    "title": "Empty",
                    "participants": [
                        {"delegation": "ROK", "role": "host"},
                        {"delegation": "US", "role": "sending_state"},
                        {"delegation": "analysts", "role": "analyst"},
                    ],
                }
                empty = create_negotiation(session, SYSTEM, data).id
            party = ctx.me in ("ROK", "US")  # a team's admin may not end the parties' part
            return [
                Case("DELETE", ctx.n(empty), "shared" if party else "foreign"),
                Case("DELETE", ctx.n(ctx.nid2), _hidden_target(ctx)),
            ]
        cases = []
        for nid in (ctx.nid, ctx.nid2):
            body = (
                {"version": ctx.version(Negotiation, nid), "description": "m"}
                if method == "PATCH"
                else None
            )
            kind = "shared" if nid == ctx.nid else _hidden_target(ctx)
            cases.append(Case(method, ctx.n(nid), kind, body))
        return cases

    return build


def _new_negotiation(ctx: Ctx) -> list[Case]:
    participants = [
        {"delegation": "ROK", "role": "host"},
        {"delegation": "US", "role": "sending_state"},
    ]
    if ctx.me == "analysts":
        participants.append({"delegation": "analysts", "role": "mediator"})
    body = {"key": f"new-{next(_unique)}", "title": "New", "participants": participants}
    return [Case("POST", "/api/negotiations", "shared", body)]


def _simple(method: str, path: str, body: Any = None) -> Callable[[Ctx], list[Case]]:
    return lambda ctx: [Case(method, path, "shared", body)]


def _login(ctx: Ctx) -> list[Case]:
    username = f"{ctx.me.lower()}-{ctx.role or 'viewer'}"
    return [Case("POST", "/api/auth/login", "shared", {"username": username, "password": PASSWORD})]


SAMPLES: dict[tuple[str, str], Callable[[Ctx], list[Case]]] = {
    ("GET", "/openapi.json"): _simple("GET", "/openapi.json"),
    ("GET", "/docs"): _simple("GET", "/docs"),
    ("GET", "/docs/oauth2-redirect"): _simple("GET", "/docs/oauth2-redirect"),
    ("GET", "/redoc"): _simple("GET", "/redoc"),
    ("GET", "/docs/assets/{name}"): _simple("GET", "/docs/assets/swagger-ui.css"),
    ("GET", "/api/health"): _simple("GET", "/api/health"),
    ("POST", "/api/auth/login"): _login,
    ("POST", "/api/auth/logout"): _simple("POST", "/api/auth/logout"),
    ("GET", "/api/auth/me"): _simple("GET", "/api/auth/me"),
    ("GET", "/api/auth/tokens"): _simple("GET", "/api/auth/tokens"),
    ("POST", "/api/auth/tokens"): _simple("POST", "/api/auth/tokens", {"name": "matrix"}),
    ("DELETE", "/api/auth/tokens/{token_id}"): _token_cases,
    ("POST", "/api/users/{user_id}/revoke"): _revoke_cases,
    ("GET", "/api/delegations"): _simple("GET", "/api/delegations"),
    ("GET", "/api/users"): _simple("GET", "/api/users"),
    ("POST", "/api/users"): lambda ctx: [
        Case(
            "POST",
            "/api/users",
            "shared",
            {"username": f"u{next(_unique)}", "password": "long-password", "role": "viewer"},
        )
    ],
    ("GET", "/api/users/{user_id}"): _users_item("GET"),
    ("PATCH", "/api/users/{user_id}"): _users_item("PATCH"),
    ("GET", "/api/negotiations"): _simple("GET", "/api/negotiations"),
    ("POST", "/api/negotiations"): _new_negotiation,
    ("GET", "/api/negotiations/{negotiation_id}"): _negotiation_cases("GET"),
    ("PATCH", "/api/negotiations/{negotiation_id}"): _negotiation_cases("PATCH"),
    ("DELETE", "/api/negotiations/{negotiation_id}"): _negotiation_cases("DELETE"),
    ("GET", "/api/negotiations/{negotiation_id}/analysis"): lambda ctx: [
        Case("GET", f"{ctx.n()}/analysis?outcomes=true"),
        Case("GET", f"{ctx.n(ctx.nid2)}/analysis", _hidden_target(ctx)),
    ],
    ("GET", "/api/audit"): lambda ctx: [
        Case("GET", "/api/audit?limit=500"),
        Case("GET", f"/api/audit?limit=500&negotiation_id={ctx.nid2}"),
    ],
    **{k: v for name in ITEMS for k, v in _record_samples(name).items()},
}


# The dashboard's routes (burdenshare.web.WEB_RULES): one request each, as every caller, and
# the statuses allowed to each: anonymous callers / callers with a token. Form posts carry no
# CSRF token here, so every one must be refused (403) whoever calls: nothing changes.
PAGE = ({200}, {200})
WEB_SAMPLES: dict[tuple[str, str], tuple[str, tuple[set[int], set[int]]]] = {
    ("GET", "/static/plotly.min.js"): ("/static/plotly.min.js", PAGE),
    ("GET", "/static/{name}"): ("/static/dashboard.css", PAGE),
    ("GET", "/"): ("/", PAGE),
    ("GET", "/history"): ("/history", PAGE),
    ("GET", "/proposals"): ("/proposals", PAGE),
    ("GET", "/lapse"): ("/lapse", PAGE),
    ("GET", "/negotiation"): ("/negotiation", PAGE),
    ("GET", "/data/history"): ("/data/history", PAGE),
    ("GET", "/data/proposals"): ("/data/proposals", PAGE),
    ("GET", "/data/lapse"): ("/data/lapse", PAGE),
    ("GET", "/data/negotiation"): ("/data/negotiation", PAGE),
    ("GET", "/allies"): ("/allies", PAGE),
    ("GET", "/data/allies"): ("/data/allies", PAGE),
    ("GET", "/backtest"): ("/backtest", PAGE),
    ("GET", "/data/backtest"): ("/data/backtest", PAGE),
    ("GET", "/sensitivity"): ("/sensitivity?scenario=sma-12", PAGE),
    ("GET", "/data/sensitivity"): ("/data/sensitivity?scenario=sma-12", PAGE),
    ("POST", "/proposals"): ("/proposals", ({403}, {403})),
    ("GET", "/proposals/download.{kind}"): ("/proposals/download.yaml", PAGE),
    ("POST", "/proposals/save"): ("/proposals/save", ({403}, {403})),
    ("POST", "/negotiation/simulations"): ("/negotiation/simulations", ({403}, {403})),
    ("GET", "/negotiation/simulations/{job_id}"): ("/negotiation/simulations/x", ({404}, {404})),
    ("GET", "/tracker"): ("/tracker", PAGE),
    ("GET", "/data/tracker"): ("/data/tracker", ({401}, {200})),
    ("POST", "/tracker/login"): ("/tracker/login", ({403}, {403})),
    ("POST", "/tracker/logout"): ("/tracker/logout", ({403}, {403})),
    ("POST", "/tracker/{negotiation_id}/rounds"): ("/tracker/{nid}/rounds", ({401}, {403})),
    ("POST", "/tracker/{negotiation_id}/offers"): ("/tracker/{nid}/offers", ({401}, {403})),
    ("POST", "/tracker/{negotiation_id}/notes"): ("/tracker/{nid}/notes", ({401}, {403})),
    ("POST", "/tracker/{negotiation_id}/issue-statuses"): (
        "/tracker/{nid}/issue-statuses",
        ({401}, {403}),
    ),
    ("POST", "/tracker/{negotiation_id}/clauses"): ("/tracker/{nid}/clauses", ({401}, {403})),
    # The bundled scenario's briefing is public (tests/web/test_web_briefings.py); here a saved
    # scenario's: only with a session, and only one's own (nobody has one named "none").
    ("GET", "/proposals/briefing.{kind}"): ("/proposals/briefing.html?saved=none", ({401}, {404})),
    # Participants get their briefing (200), others 404; 409 for a delegation with no profiles.
    # The matrix checks that no briefing carries another delegation's private markers.
    ("GET", "/tracker/{negotiation_id}/briefing.{kind}"): (
        "/tracker/{nid}/briefing.html",
        ({401}, {200, 404, 409}),
    ),
}
