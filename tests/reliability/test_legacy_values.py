"""Records stored by an older version, before NaN and infinities were refused (issue 20's
leftover): the Tracker page and its JSON twin still answer 200, show such a record as
"invalid (stored before validation)" and leave it out of the analysis."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from live_server import Prepared, prepare
from sqlalchemy import select
from test_access import web_login

from burdenshare.store.database import open_database
from burdenshare.store.models import Issue, Offer, Profile
from burdenshare.store.settings import load_settings
from burdenshare.web import create_web_app
from burdenshare.web.tracker import INVALID

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROK = {"username": "rok-demo", "password": "rok-demo-2018"}


pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Prepared]:
    home = tmp_path_factory.mktemp("legacy")
    url = f"sqlite:///{home / 'burdenshare.db'}"
    return home, url, prepare(url)


def _client(home: Path, url: str) -> Any:
    settings = load_settings({"BURDENSHARE_HOME": str(home)}).with_database(url)
    client = TestClient(create_web_app(settings), base_url="http://127.0.0.1")
    assert web_login(client, ROK).status_code == 303
    return client


def _store(url: str, nid: int, model: Any, change: Any) -> int:
    """Write ``change(record)`` into the first record of ``model`` in negotiation ``nid`` (a
    profile: the ROK's own) with SQLAlchemy, behind the API's back, as an older version could;
    its id."""
    query = select(model).where(model.negotiation_id == nid).order_by(model.id)
    if model is Profile:
        query = query.where(Profile.owner == "ROK", Profile.party == "ROK")
    database = open_database(url)
    try:
        with database.writer() as session:
            record = session.scalars(query).first()
            assert record is not None
            change(record)
            session.commit()
            return int(record.id)
    finally:
        database.dispose()


def _amount(offer: Offer, amount: float) -> None:
    offer.terms = {**offer.terms, "amount": amount}


def _tracker(client: Any, nid: int) -> tuple[dict[str, Any], str]:
    data = client.get(f"/data/tracker?negotiation={nid}", headers={"Accept": "application/json"})
    html = client.get(f"/tracker?negotiation={nid}")
    assert (data.status_code, html.status_code) == (200, 200), data.text[:300]
    return data.json(), html.text


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), 1e300])
def test_an_offer_stored_with_a_non_finite_amount_is_shown_invalid_and_not_analysed(
    demo: tuple[Path, str, Prepared], bad: float
) -> None:
    home, url, prepared = demo
    nid = prepared.negotiation_id
    with _client(home, url) as client:
        before, _ = _tracker(client, nid)
        offer_id = _store(url, nid, Offer, lambda o: _amount(o, bad))
        try:
            after, html = _tracker(client, nid)
        finally:
            _store(url, nid, Offer, lambda o: _amount(o, 200))
    shown = next(o for o in after["offers"] if o["id"] == offer_id)
    assert shown["invalid"] is True
    assert shown["stated"] == [INVALID] and shown["terms"] == INVALID
    # the offer (US, 200% for five years) was placed before; now it is left out, with the reason
    assert len(after["analysis"]["offers"]) == len(before["analysis"]["offers"]) - 1
    assert after["analysis"]["unplaced"][str(offer_id)] == INVALID
    assert str(offer_id) not in before["analysis"]["unplaced"]
    assert f"not placed: {INVALID}" in html
    assert html.count(INVALID) >= 2  # its terms and its analysis cell


def test_a_profile_stored_with_nan_is_shown_invalid_and_gives_no_analysis(
    demo: tuple[Path, str, Prepared],
) -> None:
    home, url, prepared = demo
    nid = prepared.negotiation_id

    def nan_weight(profile: Any) -> None:
        profile.preferences = {**profile.preferences, "money": {"weight": float("nan")}}

    original: dict[str, Any] = {}
    with _client(home, url) as client:
        profile_id = _store(url, nid, Profile, lambda p: original.update(p.preferences))
        _store(url, nid, Profile, nan_weight)
        try:
            after, html = _tracker(client, nid)
            bearer = {"Authorization": f"Bearer {prepared.tokens['rok-demo']}"}
            api = client.get(f"/api/negotiations/{nid}/analysis", headers=bearer)
        finally:
            _store(url, nid, Profile, lambda p: setattr(p, "preferences", original))
    assert api.status_code == 409  # was 500
    assert "invalid (stored before validation): money.weight" in api.text
    mine = [p for p in after["profiles"] if p["owner"] == "ROK"]
    assert profile_id > 0 and len(mine) == 2  # the ROK's profiles of both parties
    assert [p["preferences"] for p in mine if p["party"] == "ROK"] == [INVALID]
    assert [p["preferences"] == INVALID for p in mine].count(True) == 1
    assert after["analysis"] is None  # no analysis from an invalid profile
    assert "no analysis" in html


def test_an_issue_stored_with_an_infinite_step_keeps_the_page_and_the_form(
    demo: tuple[Path, str, Prepared],
) -> None:
    home, url, prepared = demo
    nid = prepared.negotiation_id
    steps: list[Any] = []

    def infinite_step(issue: Any) -> None:
        steps.extend(issue.values)
        issue.values = [*issue.values, float("inf")]

    with _client(home, url) as client:
        _store(url, nid, Issue, infinite_step)
        try:
            after, html = _tracker(client, nid)
        finally:
            _store(url, nid, Issue, lambda i: setattr(i, "values", steps))
    issue = after["issues"][0]
    assert issue["invalid"] is True and issue["values"] == steps  # the finite steps stay
    assert issue["key"] == "amount" and steps[:2] == [100, 104]
    assert 'id="offer-form"' in html
