"""Export → import into an empty database → export gives identical JSON; the command line;
the demo data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import func, select
from tracker_support import Seed
from typer.testing import CliRunner

from burdenshare.cli_tracker import register
from burdenshare.costs.scenario import load_scenario
from burdenshare.errors import BurdenshareError
from burdenshare.store.database import open_database
from burdenshare.store.demo import DEMO_USERS, demo_text
from burdenshare.store.exchange import dumps, export_negotiation
from burdenshare.store.models import Base
from burdenshare.store.schemas import preferences_json


def cli(*args: str, stdin: str | None = None) -> tuple[int, str]:
    """Run a tracker command as `burdenshare` does (domain errors: one line, exit code 2)."""
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, list(args), input=stdin)
    if isinstance(result.exception, BurdenshareError):
        return 2, f"error: {result.exception}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _export(url: str, key: str = "sma-10-2018") -> str:
    database = open_database(url)
    try:
        with database.reader() as session:
            return dumps(export_negotiation(session, key))
    finally:
        database.dispose()


def _rows(url: str) -> int:
    database = open_database(url)
    try:
        with database.reader() as session:
            return sum(
                session.scalar(select(func.count()).select_from(t)) or 0
                for t in Base.metadata.sorted_tables
            )
    finally:
        database.dispose()


def test_export_import_export_is_identical(
    client: Any, seed: Seed, tracker_db: Any, empty_url: str, tmp_path: Path
) -> None:
    headers = seed.headers("US", "editor")
    base = f"/api/negotiations/{seed.negotiation_id}"
    client.patch(
        f"{base}/rounds/{seed.rounds[5]}",
        json={"version": 1, "venue": "Seattle, WA"},
        headers=headers,
    )
    client.post(
        f"{base}/notes", json={"visibility": "private", "body": "ünïcode ✓"}, headers=headers
    )
    first = tmp_path / "first.json"
    code, _ = cli(
        "negotiation",
        "export",
        str(first),
        "--negotiation",
        "sma-10-2018",
        "--database-url",
        tracker_db.url,
    )
    assert code == 0
    assert cli("db", "upgrade", "--database-url", empty_url)[0] == 0
    code, out = cli("negotiation", "import", str(first), "--database-url", empty_url)
    assert code == 0, out
    second = tmp_path / "second.json"
    assert cli("negotiation", "export", str(second), "--database-url", empty_url)[0] == 0
    assert second.read_text("utf-8") == first.read_text("utf-8")
    data = json.loads(first.read_text("utf-8"))
    assert data["rounds"][4]["venue"] == "Seattle, WA" and data["notes"][-1]["body"] == "ünïcode ✓"
    assert {n["owner"] for n in data["notes"] if n["visibility"] == "private"} >= {"ROK", "US"}


def test_demo_file_is_canonical_and_round_trips(tracker_db: Any) -> None:
    exported = json.loads(_export(tracker_db.url))
    demo = json.loads(demo_text())
    for name in (
        "negotiation",
        "participants",
        "rounds",
        "issues",
        "issue_statuses",
        "positions",
        "offers",
        "clauses",
    ):
        assert exported[name] == demo[name], name


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ("{not json", "line 1"),
        ('{"format": "burdenshare-negotiation", "version": 1}', "negotiation"),
        ("OFFER_OUT_OF_DOMAIN", "offers[0].terms.amount"),
        ("ROUND_DATES", "rounds[1].ends_on"),
        ("UNKNOWN_ROUND", "offers[0].round"),
        ("EXTRA_FIELD", "rounds[0].weather"),
    ],
)
def test_bad_import_exits_2_naming_file_and_field(
    content: str, field: str, tmp_path: Path, tracker_db: Any, empty_url: str
) -> None:
    demo = json.loads(demo_text())
    if content == "OFFER_OUT_OF_DOMAIN":
        demo["offers"][0]["terms"]["amount"] = 333
    elif content == "ROUND_DATES":
        demo["rounds"][1]["ends_on"] = "2018-01-01"
    elif content == "UNKNOWN_ROUND":
        demo["offers"][0]["round"] = 77
    elif content == "EXTRA_FIELD":
        demo["rounds"][0]["weather"] = "sunny"
    text = json.dumps(demo) if content.isupper() else content
    path = tmp_path / "bad.json"
    path.write_text(text, "utf-8")
    assert cli("db", "upgrade", "--database-url", empty_url)[0] == 0
    before = _rows(empty_url)
    code, out = cli("negotiation", "import", str(path), "--database-url", empty_url)
    assert code == 2
    assert f"{path}: {field}" in out, out
    assert _rows(empty_url) == before


def test_cli_db_user_token_demo(empty_url: str) -> None:
    code, out = cli("negotiation", "export", "-", "--database-url", empty_url)
    assert code == 2 and "db upgrade" in out
    assert cli("db", "upgrade", "--database-url", empty_url)[0] == 0
    assert "0002 (newest: 0002)" in cli("db", "current", "--database-url", empty_url)[1]
    code, out = cli("demo", "load", "--database-url", empty_url)
    assert code == 0 and "loaded" in out and "rok-demo / rok-demo-2018" in out
    assert "already there" in cli("demo", "load", "--database-url", empty_url)[1]
    code, out = cli(
        "user",
        "add",
        "kim",
        "--delegation",
        "ROK",
        "--role",
        "editor",
        "--password-stdin",
        "--database-url",
        empty_url,
        stdin="a-long-password\n",
    )
    assert code == 0 and "added kim (editor, ROK)" in out
    code, out = cli(
        "user",
        "add",
        "lee",
        "--delegation",
        "ROK",
        "--role",
        "boss",
        "--password-stdin",
        "--database-url",
        empty_url,
        stdin="a-long-password\n",
    )
    assert code == 2 and "role" in out
    assert "kim\tROK\teditor\tactive" in cli("user", "list", "--database-url", empty_url)[1]
    code, out = cli("user", "token", "kim", "--database-url", empty_url)
    assert code == 0 and out.startswith("bst_")
    assert cli("user", "token", "nobody", "--database-url", empty_url)[0] == 2
    assert cli("negotiation", "export", "-", "--database-url", empty_url)[0] == 2  # several
    code, out = cli(
        "negotiation", "export", "-", "--negotiation", "sma-10-2018", "--database-url", empty_url
    )
    assert code == 0 and json.loads(out)["negotiation"]["key"] == "sma-10-2018"


def test_demo_records_what_is_known_and_no_more(client: Any, seed: Seed) -> None:
    headers = seed.headers("analysts", "viewer")
    base = f"/api/negotiations/{seed.negotiation_id}"
    rounds = {r["number"]: r for r in client.get(f"{base}/rounds", headers=headers).json()["items"]}
    assert sorted(rounds) == list(range(1, 11))
    assert (rounds[1]["starts_on"], rounds[1]["ends_on"], rounds[1]["venue"]) == (
        "2018-03-07",
        "2018-03-09",
        "Honolulu",
    )
    assert (rounds[10]["starts_on"], rounds[10]["venue"]) == ("2018-12-11", "Seoul")
    assert rounds[10]["negotiators"] == {"ROK": "Chang Won-sam", "US": "Timothy Betts"}
    assert (rounds[4]["starts_on"], rounds[4]["ends_on"]) == ("2018-06-26", "2018-06-27")
    # rounds 5–8 as SPN Seoul-Pyongyang News listed them (Nov 2018): tests/talks/test_sma10_rounds
    assert [(rounds[n]["starts_on"], rounds[n]["venue"]) for n in (5, 6, 7, 8)] == [
        ("2018-07-18", "Seattle"),
        ("2018-08-22", "Seoul"),
        ("2018-09-19", "Washington"),
        ("2018-10-16", "Seoul"),
    ]
    statuses = client.get(f"{base}/issue-statuses", headers=headers).json()["items"]
    issues = {
        i["id"]: i["key"] for i in client.get(f"{base}/issues", headers=headers).json()["items"]
    }
    assert {issues[s["issue_id"]]: s["status"] for s in statuses} == {
        "amount": "open",
        "duration": "agreed",
        "increase": "agreed",
        "strategic_assets": "agreed",
    }
    positions = client.get(f"{base}/positions", headers=headers).json()["items"]
    stated = {(p["party"], p["value"]) for p in positions}
    assert {("US", 200), ("US", 150), ("US", 1)} <= stated
    texts = " ".join(p["statement"] for p in positions)
    assert "US$1 billion" in texts and "1 trillion won" in texts
    negotiation = client.get(base, headers=headers).json()
    assert (
        negotiation["concluded_on"] == "2019-03-08" and "1.0389 trillion" in negotiation["outcome"]
    )


def test_demo_users_and_illustrative_profiles(client: Any, seed: Seed) -> None:
    # the demo's illustrative profiles are the weights sma-2018 had before issue 16 moved it
    # to money-equivalent valuations: kept as tests/data/sma-2018-weights.yaml
    weights = Path(__file__).parents[1] / "data" / "sma-2018-weights.yaml"
    scenario = load_scenario(weights).spec.negotiation
    assert scenario is not None
    for user in DEMO_USERS:
        login = {"username": user.username, "password": user.password}
        assert client.post("/api/auth/login", json=login).status_code == 200
        profiles = client.get(f"/api/negotiations/{seed.negotiation_id}/profiles").json()["items"]
        client.cookies.clear()
        assert {p["party"] for p in profiles} == {"ROK", "US"}
        for profile in profiles:
            assert profile["illustration"] is True
            expected = preferences_json(scenario.preferences[profile["party"]])
            assert {k: v for k, v in profile["preferences"].items() if k != "note"} == expected


def test_serve_runs_the_app_with_uvicorn(
    monkeypatch: pytest.MonkeyPatch, tracker_db: Any, empty_url: str
) -> None:
    import uvicorn
    from fastapi import FastAPI

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        uvicorn,
        "run",
        lambda app, **options: calls.append({"app": app, **options}),
    )
    assert cli("serve", "--database-url", tracker_db.url)[0] == 0
    assert (
        cli("serve", "--host", "127.0.0.2", "--port", "8123", "--database-url", tracker_db.url)[0]
        == 0
    )
    assert [(c["host"], c["port"]) for c in calls] == [("127.0.0.1", 8000), ("127.0.0.2", 8123)]
    assert all(c["proxy_headers"] is False for c in calls)  # X-Forwarded-For not believed
    assert all(isinstance(c["app"], FastAPI) for c in calls)
    for call in calls:
        call["app"].state.database.dispose()
    code, out = cli("serve", "--database-url", empty_url)
    assert code == 2 and "db upgrade" in out and len(calls) == 2
