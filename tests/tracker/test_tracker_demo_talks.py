"""The demo's 11th and 12th SMA talks: `demo load` loads them with their rounds (dates and
venues as reported, unknown ones left unknown), positions and offers with their sources, and
each delegation sees the shared records and only its own private notes."""

from __future__ import annotations

import json
from typing import Any

from tracker_support import Seed

from burdenshare.costs.scenario import load_scenario
from burdenshare.store.demo import DEMO_NEGOTIATIONS, demo_text

TALKS = {"sma-11-2019": "sma-11", "sma-12-2024": "sma-12"}


def _ids(client: Any, headers: dict[str, str]) -> dict[str, int]:
    items = client.get("/api/negotiations", headers=headers).json()["items"]
    return {n["key"]: n["id"] for n in items}


def test_demo_files_follow_the_scenarios_rounds_and_offers() -> None:
    assert [k for k, _ in DEMO_NEGOTIATIONS] == ["sma-10-2018", "sma-11-2019", "sma-12-2024"]
    for key, file in DEMO_NEGOTIATIONS[1:]:
        demo = json.loads(demo_text(file))
        sc = load_scenario(TALKS[key]).spec
        assert sc.backtest is not None and sc.simulation is not None
        assert demo["negotiation"]["scenario"] == TALKS[key]
        assert [r["number"] for r in demo["rounds"]] == [r.number for r in sc.backtest.rounds]
        for r in demo["rounds"]:
            assert all(s.startswith("http") for s in r["sources"])
        recorded = sc.simulation.recorded or ()
        assert [o["made_on"] for o in demo["offers"]] == [str(r.on) for r in recorded]
        for offer in demo["offers"]:
            assert offer["sources"] and all(s.startswith("http") for s in offer["sources"])


def test_demo_load_loads_the_11th_and_12th_talks(client: Any, seed: Seed) -> None:
    headers = seed.headers("analysts", "viewer")
    ids = _ids(client, headers)
    assert {"sma-10-2018", "sma-11-2019", "sma-12-2024"} <= set(ids)
    base = f"/api/negotiations/{ids['sma-11-2019']}"
    rounds = {r["number"]: r for r in client.get(f"{base}/rounds", headers=headers).json()["items"]}
    assert sorted(rounds) == list(range(1, 10))
    assert (rounds[3]["starts_on"], rounds[3]["venue"]) == ("2019-11-18", "Seoul")
    assert "walked out" in rounds[3]["note"]
    assert rounds[2]["starts_on"] is None and "2019-10" in rounds[2]["note"]
    assert (rounds[9]["starts_on"], rounds[9]["venue"]) == ("2021-03-05", "Washington")
    positions = client.get(f"{base}/positions", headers=headers).json()["items"]
    assert [(p["party"], p["value"]) for p in positions] == [
        ("US", 568),  # about US$5 billion
        ("ROK", 110),
        ("US", 400),
        ("ROK", 113),  # the rejected 13% deal
        ("US", 150),
    ]
    offers = client.get(f"{base}/offers", headers=headers).json()["items"]
    assert len(offers) == 5 and offers[0]["terms"]["amount"] == 568
    negotiation = client.get(base, headers=headers).json()
    assert (
        negotiation["concluded_on"] == "2021-03-07" and "1.1833 trillion" in negotiation["outcome"]
    )
    base12 = f"/api/negotiations/{ids['sma-12-2024']}"
    rounds12 = client.get(f"{base12}/rounds", headers=headers).json()["items"]
    assert [r["number"] for r in rounds12] == list(range(1, 9))
    six = next(r for r in rounds12 if r["number"] == 6)
    assert six["starts_on"] is six["venue"] is None and "not found" in six["note"]
    assert client.get(f"{base12}/offers", headers=headers).json()["items"] == []  # none public
    assert client.get(base12, headers=headers).json()["concluded_on"] == "2024-10-02"


def test_each_delegation_sees_only_its_own_private_notes_and_profiles(
    client: Any, seed: Seed
) -> None:
    for key in TALKS:
        seen: dict[str, set[tuple[str, str]]] = {}
        for delegation in ("ROK", "US", "analysts"):
            headers = seed.headers(delegation, "viewer")
            nid = _ids(client, headers)[key]
            notes = client.get(f"/api/negotiations/{nid}/notes", headers=headers).json()["items"]
            seen[delegation] = {(n["owner"], n["visibility"]) for n in notes}
            url = f"/api/negotiations/{nid}/profiles"
            profiles = client.get(url, headers=headers).json()["items"]
            assert {(p["owner"], p["party"]) for p in profiles} == {
                (delegation, "ROK"),
                (delegation, "US"),
            }
            assert all(p["illustration"] is True for p in profiles)
        assert seen["ROK"] == {("analysts", "shared"), ("ROK", "private")}
        assert seen["US"] == {("analysts", "shared"), ("US", "private")}
        assert seen["analysts"] == {("analysts", "shared")}


def test_demo_files_are_canonical_and_round_trip(tracker_db: Any) -> None:
    from burdenshare.store.database import open_database
    from burdenshare.store.exchange import dumps, export_negotiation

    database = open_database(tracker_db.url)
    try:
        with database.reader() as session:
            for key, file in DEMO_NEGOTIATIONS[1:]:
                exported = json.loads(dumps(export_negotiation(session, key)))
                demo = json.loads(demo_text(file))
                for name in ("negotiation", "participants", "rounds", "issues", "positions"):
                    assert exported[name] == demo[name], (key, name)
                assert exported["offers"] == demo["offers"], key
                assert exported["clauses"] == demo["clauses"], key
    finally:
        database.dispose()
