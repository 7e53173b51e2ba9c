"""Bad input gets 422 with field-level messages, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from tracker_support import Seed

from burdenshare.store.database import open_database
from burdenshare.store.models import AuditEntry, Base

GOOD_TERMS = {"amount": 150, "duration": 5, "increase": 0, "strategic_assets": "no"}


def _counts(url: str) -> dict[str, int]:
    database = open_database(url)
    try:
        with database.reader() as session:
            tables = Base.metadata.sorted_tables
            return {
                t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in tables
            }
    finally:
        database.dispose()


def _bad_requests(seed: Seed) -> list[tuple[str, str, Any, list[Any]]]:
    n = f"/api/negotiations/{seed.negotiation_id}"
    round1 = f"{n}/rounds/{seed.rounds[1]}"
    return [
        ("POST", f"{n}/rounds", {"number": 20, "bogus": 1}, ["body", "bogus"]),
        ("POST", f"{n}/rounds", {"number": "twenty"}, ["body", "number"]),
        (
            "POST",
            f"{n}/rounds",
            {"number": 20, "starts_on": "2018-05-02", "ends_on": "2018-05-01"},
            ["body", "ends_on"],
        ),
        ("POST", f"{n}/rounds", {"number": 3}, ["body", "number"]),
        (
            "POST",
            f"{n}/offers",
            {"round_id": seed.rounds[10], "party": "US", "terms": GOOD_TERMS | {"amount": 300}},
            ["body", "terms", "amount"],
        ),
        (
            "POST",
            f"{n}/offers",
            {
                "round_id": seed.rounds[10],
                "party": "US",
                "terms": {"amount": 150, "duration": 5, "strategic_assets": "no"},
            },
            ["body", "terms", "increase"],
        ),
        (
            "POST",
            f"{n}/offers",
            {
                "round_id": seed.rounds[10],
                "party": "US",
                "terms": GOOD_TERMS | {"strategic_assets": True},
            },
            ["body", "terms", "strategic_assets"],
        ),
        (
            "POST",
            f"{n}/offers",
            {"round_id": seed.rounds[10], "party": "US", "terms": GOOD_TERMS | {"duration": "5"}},
            ["body", "terms", "duration"],
        ),
        (
            "POST",
            f"{n}/offers",
            {"round_id": seed.rounds[10], "party": "analysts", "terms": GOOD_TERMS},
            ["body", "party"],
        ),
        (
            "POST",
            f"{n}/offers",
            {"round_id": 99999, "party": "US", "terms": GOOD_TERMS},
            ["body", "round_id"],
        ),
        (
            "POST",
            f"{n}/positions",
            {"issue_id": seed.issues["amount"], "party": "US", "value": 160, "statement": "x"},
            ["body", "value"],
        ),
        (
            "POST",
            f"{n}/profiles",
            {"party": "US", "preferences": {"money": {"weight": 2}, "reservation": {"value": 0}}},
            ["body", "preferences", "money", "weight"],
        ),
        (
            "POST",
            f"{n}/issue-statuses",
            {"issue_id": seed.issues["amount"], "round_id": seed.rounds[10], "status": "open"},
            ["body", "round_id"],
        ),
        (
            "POST",
            f"{n}/issue-statuses",
            {"issue_id": seed.issues["amount"], "round_id": seed.rounds[1], "status": "closed"},
            ["body", "status"],
        ),
        ("PATCH", round1, {"version": 1, "ends_on": "2018-03-01"}, ["body", "ends_on"]),
        ("PATCH", round1, {"version": 1, "venue": "Honolulu", "extra": True}, ["body", "extra"]),
        ("PATCH", round1, {"venue": "Honolulu"}, ["body", "version"]),
        ("PATCH", round1, {"version": 1, "number": None}, ["body", "number"]),
        (
            "POST",
            "/api/negotiations",
            {
                "key": "x",
                "title": "X",
                "participants": [
                    {"delegation": "ROK", "role": "host"},
                    {"delegation": "analysts", "role": "analyst"},
                ],
            },
            ["body", "participants"],
        ),
        (
            "POST",
            "/api/negotiations",
            {"key": "Bad Key", "title": "X", "participants": []},
            ["body", "key"],
        ),
    ]


def test_bad_input_is_422_field_level_and_writes_nothing(
    client: Any, seed: Seed, tracker_db: Any
) -> None:
    before = _counts(tracker_db.url)
    admin = seed.headers("ROK", "admin")
    for method, path, body, loc in _bad_requests(seed):
        answer = client.request(method, path, json=body, headers=admin)
        assert answer.status_code == 422, (method, path, body, answer.text)
        locs = [error["loc"] for error in answer.json()["detail"]]
        assert any(found[: len(loc)] == loc for found in locs), (path, body, locs)
        assert all(error["msg"] for error in answer.json()["detail"])
    assert _counts(tracker_db.url) == before
    round1 = client.get(
        f"/api/negotiations/{seed.negotiation_id}/rounds/{seed.rounds[1]}", headers=admin
    ).json()
    assert round1["version"] == 1 and round1["venue"] == "Honolulu"


@pytest.mark.parametrize("body", ["not json", "[1, 2]", ""])
def test_malformed_json_is_422(client: Any, seed: Seed, body: str) -> None:
    answer = client.post(
        f"/api/negotiations/{seed.negotiation_id}/rounds",
        content=body,
        headers=seed.headers("ROK", "editor") | {"content-type": "application/json"},
    )
    assert answer.status_code == 422


def test_audit_log_is_append_only(tracker_db: Any) -> None:
    database = open_database(tracker_db.url)
    try:
        for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
            with database.writer() as session:
                with pytest.raises(Exception, match="append-only"):
                    session.execute(__import__("sqlalchemy").text(statement))
                session.rollback()
        with database.reader() as session:
            assert session.scalar(select(func.count()).select_from(AuditEntry)) > 0
    finally:
        database.dispose()
