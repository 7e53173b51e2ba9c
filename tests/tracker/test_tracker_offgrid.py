"""Offers off the scenario's analysed grid (issue 18): the real 2019 deal, 108.2% of the 2018
level (1,038.9 billion won, +8.2%; DOMAIN.md), is kept as stated through the API, and the
analysis lists it as not placed with the reason, never a 5xx; numbers outside an issue's range
and labels outside its domain are still refused at the field."""

from __future__ import annotations

from typing import Any

from tracker_support import Seed

from burdenshare.store.rules import offer_value

REAL = {"amount": 108.2, "duration": 1, "increase": 0, "strategic_assets": "no"}


def test_offer_value_rule() -> None:
    steps = [100, 104, 108, 112, 200]
    assert offer_value(steps, 108.2) == (True, 108.2)
    assert offer_value(steps, 108.0) == (True, 108)  # on the grid: the domain's spelling
    assert offer_value(steps, 100) == (True, 100)
    assert offer_value(steps, 200) == (True, 200)
    assert offer_value(steps, 99.9) == (False, 99.9)
    assert offer_value(steps, 200.5) == (False, 200.5)
    assert offer_value(steps, True) == (False, True)
    assert offer_value(steps, "108.2") == (False, "108.2")
    assert offer_value(["no", "yes"], "maybe") == (False, "maybe")


def test_off_grid_offer_is_kept_and_not_placed(client: Any, seed: Seed) -> None:
    nid = seed.negotiation_id
    headers = seed.headers("ROK", "editor")
    body = {"round_id": seed.rounds[10], "party": "ROK", "terms": REAL, "label": "signed"}
    made = client.post(f"/api/negotiations/{nid}/offers", json=body, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json()["terms"] == REAL
    analysis = client.get(f"/api/negotiations/{nid}/analysis", headers=headers)
    assert analysis.status_code == 200, analysis.text
    data = analysis.json()
    assert made.json()["id"] not in {o["offer_id"] for o in data["offers"]}
    [unplaced] = data["unplaced"]
    assert unplaced["offer_id"] == made.json()["id"] and unplaced["round_number"] == 10
    assert unplaced["reason"].startswith("off the analysed grid: amount = 108.2 is not one of")


def test_offer_outside_the_range_is_refused_at_the_field(client: Any, seed: Seed) -> None:
    nid = seed.negotiation_id
    headers = seed.headers("ROK", "editor")
    url = f"/api/negotiations/{nid}/offers"
    before = client.get(url, headers=headers).json()["total"]
    for key, bad in (("amount", 250), ("duration", 0.5), ("strategic_assets", "maybe")):
        body = {"round_id": seed.rounds[10], "party": "ROK", "terms": REAL | {key: bad}}
        answer = client.post(url, json=body, headers=headers)
        assert answer.status_code == 422, answer.text
        [error] = answer.json()["detail"]
        assert error["loc"][-2:] == ["terms", key]
    assert client.get(url, headers=headers).json()["total"] == before
