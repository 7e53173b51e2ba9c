"""CRUD of every record type through the JSON API: create, read, list (paging, filters),
update (version bump, audit entry), stale update (409), delete."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from tracker_support import Seed

PREFERENCES = {"money": {"weight": 1}, "reservation": {"value": 0.2}}


@dataclass(frozen=True)
class Kind:
    path: str
    create: Callable[[Seed], dict[str, Any]]
    change: dict[str, Any]
    filter: tuple[str, Callable[[Seed], Any]] | None = None
    other: bool = False  # in the negotiation without offers (US and JP), as a US editor


TERMS = {"amount": 125, "duration": 3, "increase": 2.5, "strategic_assets": "no"}
KINDS = {
    "rounds": Kind("rounds", lambda s: {"number": 11, "venue": "Seoul"}, {"venue": "Busan"}),
    "issues": Kind(
        "issues",
        lambda s: {"key": "troops", "title": "Troop level", "values": ["keep", "cut"]},
        {"title": "Troops"},
        other=True,
    ),
    "issue-statuses": Kind(
        "issue-statuses",
        lambda s: {"issue_id": s.issues["amount"], "round_id": s.rounds[9], "status": "open"},
        {"status": "dropped"},
        ("status", lambda s: "open"),
    ),
    "positions": Kind(
        "positions",
        lambda s: {
            "issue_id": s.issues["duration"],
            "party": "ROK",  # a party records its own positions only
            "value": 2,
            "statement": "Two years",
            "round_id": s.rounds[9],
        },
        {"statement": "Two years at most"},
        ("round_id", lambda s: s.rounds[9]),
    ),
    "offers": Kind(
        "offers",
        lambda s: {"round_id": s.rounds[9], "party": "ROK", "terms": TERMS, "label": "ROK"},
        {"label": "ROK counter"},
        ("party", lambda s: "ROK"),
    ),
    "clauses": Kind(
        "clauses",
        lambda s: {
            "key": "reserve",
            "title": "Reserve fund",
            "status": "proposed",
            "issue_id": s.issues["amount"],
        },
        {"status": "agreed"},
        ("issue_id", lambda s: s.issues["amount"]),
    ),
    "notes": Kind(
        "notes",
        lambda s: {"visibility": "shared", "body": "Met the press", "round_id": s.rounds[2]},
        {"visibility": "private"},
        ("round_id", lambda s: s.rounds[2]),
    ),
    "profiles": Kind(
        "profiles",
        lambda s: {"party": "JP", "preferences": PREFERENCES},
        {"label": "Mine"},
        other=True,
    ),
}


def _base(seed: Seed, other: bool = False) -> str:
    return f"/api/negotiations/{seed.other_negotiation_id if other else seed.negotiation_id}"


@pytest.mark.parametrize("name", list(KINDS))
def test_crud(name: str, client: Any, seed: Seed) -> None:
    kind = KINDS[name]
    headers = seed.headers("US" if kind.other else "ROK", "editor")
    url = f"{_base(seed, kind.other)}/{kind.path}"
    body = kind.create(seed)
    answer = client.post(url, json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert created["version"] == 1
    assert {k: created[k] for k in body} == body
    one = f"{url}/{created['id']}"
    assert client.get(one, headers=headers).json() == created
    updated = client.patch(
        one, json={"version": created["version"], **kind.change}, headers=headers
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == created["version"] + 1
    assert {k: updated.json()[k] for k in kind.change} == kind.change
    stale = client.patch(one, json={"version": created["version"], **kind.change}, headers=headers)
    assert stale.status_code == 409
    audit = client.get(
        "/api/audit",
        params={"record_id": created["id"], "table": name.replace("-", "_")},
        headers=headers,
    ).json()["items"]
    assert audit[0]["action"] == "update" and set(kind.change) <= set(audit[0]["changed"])
    if kind.filter is not None:
        field, value = kind.filter[0], kind.filter[1](seed)
        items = client.get(url, params={field: value}, headers=headers).json()["items"]
        assert items and all(item[field] == value for item in items)
    assert client.delete(one, params={"version": 1}, headers=headers).status_code == 409
    assert client.delete(one, headers=headers).status_code == 204
    assert client.get(one, headers=headers).status_code == 404
    gone = client.get("/api/audit", params={"record_id": created["id"]}, headers=headers)
    assert any(e["action"] == "delete" for e in gone.json()["items"])


def test_paging_and_order(client: Any, seed: Seed) -> None:
    url, headers = f"{_base(seed)}/rounds", seed.headers("US", "viewer")
    first = client.get(url, params={"limit": 4}, headers=headers).json()
    rest = client.get(url, params={"limit": 4, "offset": 4}, headers=headers).json()
    assert first["total"] == rest["total"] == 10
    numbers = [r["number"] for r in first["items"] + rest["items"]]
    assert numbers == list(range(1, 9))
    assert client.get(url, params={"limit": 0}, headers=headers).status_code == 422
    too_many = client.get(url, params={"limit": 501}, headers=headers)
    assert too_many.status_code == 422 and too_many.json()["detail"][0]["loc"] == ["query", "limit"]


def test_statuses_filter_by_round_issue_status(client: Any, seed: Seed) -> None:
    url, headers = f"{_base(seed)}/issue-statuses", seed.headers("US", "viewer")
    agreed = client.get(url, params={"status": "agreed"}, headers=headers).json()["items"]
    assert len(agreed) == 3 and {s["round_id"] for s in agreed} == {seed.rounds[10]}
    amount = client.get(url, params={"issue_id": seed.issues["amount"]}, headers=headers)
    assert [s["status"] for s in amount.json()["items"]] == ["open"]
    assert (
        client.get(url, params={"round_id": seed.rounds[1]}, headers=headers).json()["total"] == 0
    )


def test_negotiation_crud(client: Any, seed: Seed) -> None:
    headers = seed.headers("analysts", "admin")
    body = {
        "key": "sma-11",
        "title": "11th SMA",
        "deadline": "2019-12-31",
        "participants": [
            {"delegation": "ROK", "role": "host", "chief_negotiator": "Jeong Eun-bo"},
            {"delegation": "US", "role": "sending_state"},
            {"delegation": "analysts", "role": "mediator"},
        ],
    }
    created = client.post("/api/negotiations", json=body, headers=headers)
    assert created.status_code == 201, created.text
    one = f"/api/negotiations/{created.json()['id']}"
    assert client.get(one, headers=seed.headers("US", "viewer")).json()["deadline"] == "2019-12-31"
    listed = client.get("/api/negotiations", headers=seed.headers("ROK", "viewer")).json()
    assert [n["key"] for n in listed["items"]] == [
        "sma-10-2018",
        "sma-11-2019",
        "sma-12-2024",
        "sma-11",
    ]
    analyst = {"delegation": "analysts", "role": "analyst"}
    update = {"version": 1, "participants": [*body["participants"][:2], analyst]}
    changed = client.patch(one, json=update, headers=headers)
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert changed.json()["participants"][2]["role"] == "analyst"
    assert client.patch(one, json=update, headers=headers).status_code == 409
    jp = {"delegation": "JP", "role": "sending_state"}
    without_us = {"version": 2, "participants": [body["participants"][0], jp, analyst]}
    removed = client.patch(one, json=without_us, headers=headers)
    assert removed.status_code == 403 and "US's own admin" in removed.json()["detail"]
    demo = f"/api/negotiations/{seed.negotiation_id}"
    party = seed.headers("ROK", "admin")
    assert client.delete(one, headers=headers).status_code == 403  # a team: not a party
    assert client.delete(demo, headers=party).status_code == 409  # still has records
    assert client.delete(one, headers=party).status_code == 204
    assert client.get(one, headers=headers).status_code == 404


def test_auth_login_me_logout(client: Any, seed: Seed) -> None:
    wrong = client.post("/api/auth/login", json={"username": "rok-demo", "password": "nope"})
    assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
    answer = client.post(
        "/api/auth/login", json={"username": "rok-demo", "password": "rok-demo-2018"}
    )
    assert answer.status_code == 200
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert client.get("/api/auth/me").json()["username"] == "rok-demo"
    assert client.post("/api/auth/logout").status_code == 403  # a cookie write needs the token
    csrf = {"X-CSRF-Token": answer.headers["X-CSRF-Token"]}
    assert client.post("/api/auth/logout", headers=csrf).status_code == 204
    client.cookies.clear()
    assert client.get("/api/auth/me").status_code == 401


def test_tokens_create_list_revoke(client: Any, seed: Seed) -> None:
    headers = seed.headers("US", "viewer")
    made = client.post("/api/auth/tokens", json={"name": "nightly"}, headers=headers)
    assert made.status_code == 201
    secret, token_id = made.json()["token"], made.json()["id"]
    mine = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/auth/me", headers=mine).json()["username"] == "us-viewer"
    names = [t["name"] for t in client.get("/api/auth/tokens", headers=mine).json()]
    assert names == ["tests", "nightly"]
    assert "token" not in client.get("/api/auth/tokens", headers=mine).json()[1]
    other = seed.headers("ROK", "admin")
    assert client.delete(f"/api/auth/tokens/{token_id}", headers=other).status_code == 404
    assert client.delete(f"/api/auth/tokens/{token_id}", headers=mine).status_code == 204
    assert client.get("/api/auth/me", headers=mine).status_code == 401


def test_users_and_delegations(client: Any, seed: Seed) -> None:
    admin = seed.headers("US", "admin")
    codes = [d["code"] for d in client.get("/api/delegations", headers=admin).json()]
    assert codes == ["JP", "ROK", "US", "analysts"]
    body = {"username": "us-new", "password": "long-password", "role": "viewer"}
    made = client.post("/api/users", json=body, headers=admin)
    assert made.status_code == 201 and made.json()["delegation"] == "US"
    assert "password" not in made.text and "hash" not in made.text
    listed = client.get("/api/users", headers=admin).json()
    assert {u["delegation"] for u in listed} == {"US"}
    one = f"/api/users/{made.json()['id']}"
    assert client.get(one, headers=seed.headers("ROK", "admin")).status_code == 404
    changed = client.patch(one, json={"version": 1, "role": "editor"}, headers=admin)
    assert changed.status_code == 200 and changed.json()["role"] == "editor"
    assert client.get(one, headers=admin).json()["version"] == 2
    assert client.post("/api/users", json=body, headers=admin).status_code == 422  # taken
    assert client.get("/api/users", headers=seed.headers("US", "editor")).status_code == 403


def test_analysis_uses_own_profiles_and_places_offers(client: Any, seed: Seed) -> None:
    url = f"/api/negotiations/{seed.negotiation_id}/analysis"
    result = client.get(url, params={"outcomes": "true"}, headers=seed.headers("ROK", "viewer"))
    assert result.status_code == 200, result.text
    data = result.json()
    assert data["delegation"] == "ROK" and data["parties"] == ["ROK", "US"]
    assert {p["id"] for p in data["profiles"]} == set(seed.private_profiles["ROK"])
    assert data["outcomes"] == 480 and len(data["outcome_utilities"]["ROK"]) == 480
    assert data["pareto_size"] == len(data["pareto"]) > 0
    assert data["illustration"] is True
    offers = {o["label"]: o for o in data["offers"]}
    doubled = offers["US ask as reported: double (200%) for five years"]
    assert doubled["terms"]["amount"] == 200 and doubled["round_number"] == 10
    utilities = data["outcome_utilities"]
    index = doubled["outcome_index"]
    assert doubled["utilities"] == {p: utilities[p][index] for p in ("ROK", "US")}
    nash = data["points"]["nash"]
    assert nash is not None and nash["currency"] == "KRW"


def test_analysis_without_profiles_is_a_conflict(client: Any, seed: Seed) -> None:
    headers = seed.headers("US", "editor")
    other = f"/api/negotiations/{seed.other_negotiation_id}/analysis"
    answer = client.get(other, headers=headers)
    assert answer.status_code == 409 and "scenario" in answer.json()["detail"]


def test_openapi_and_health(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/negotiations/{negotiation_id}/offers" in spec["paths"]
    assert client.get("/api/health").headers["x-content-type-options"] == "nosniff"
