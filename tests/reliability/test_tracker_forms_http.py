"""The Tracker's record forms over HTTP, in process (no browser): each form's field messages
for bad values (422, the input kept, nothing written) and its redirect when the record is
written. The messages are the ones the forms gave before their handlers shared one shape
(web/tracker_forms.py), so the refactoring is checked value for value."""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from live_server import prepare
from test_access import expected_token, web_login
from test_hostile_numbers import NUMBERS, SETTINGS, bounded

from burdenshare.limits import within_limits
from burdenshare.store.settings import load_settings
from burdenshare.web import create_web_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROK = {"username": "rok-demo", "password": "rok-demo-2018"}
ERROR = re.compile(r'<p class="error" id="e-([a-z_]+)" role="alert">([^<]*)</p>')
RANGE = "Total amount: enter a number from 100 to 200 % of the 2018 level"
OFFER = {"party": "ROK", "label": "L", "term_amount": "108", "term_duration": "1"}
OFFER |= {"term_increase": "0", "term_strategic_assets": "no"}
#: the text fields (the others are selects)
TYPED = {"label", "term_amount", "term_duration", "term_increase", "clause_key", "clause_title"}
TYPED |= {"number", "starts_on", "ends_on", "venue"}


pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, int, dict[str, Any]]]:
    """A logged-in ROK client on a fresh demo database, the demo negotiation's id and its
    tracker data (ids of rounds and issues)."""
    home: Path = tmp_path_factory.mktemp("forms")
    url = f"sqlite:///{home / 'burdenshare.db'}"
    nid = prepare(url).negotiation_id
    settings = load_settings({"BURDENSHARE_HOME": str(home)}).with_database(url)
    with TestClient(create_web_app(settings), base_url="http://127.0.0.1") as client:
        assert web_login(client, ROK).status_code == 303
        data = client.get(f"/data/tracker?negotiation={nid}").json()
        yield client, nid, data


def _post(site: tuple[Any, int, dict[str, Any]], path: str, form: dict[str, str]) -> Any:
    client, nid, _ = site
    body = {**form, "csrf_token": expected_token(client)}
    return client.post(f"/tracker/{nid}/{path}", data=body, follow_redirects=False)


def _ids(site: tuple[Any, int, dict[str, Any]]) -> dict[str, str]:
    _, _, data = site
    rounds = {r["number"]: str(r["id"]) for r in data["rounds"]}
    issues = {i["key"]: str(i["id"]) for i in data["issues"]}
    return {"round_10": rounds[10], "round_9": rounds[9], "amount": issues["amount"]}


def _counts(site: tuple[Any, int, dict[str, Any]]) -> tuple[int, ...]:
    client, nid, _ = site
    data = client.get(f"/data/tracker?negotiation={nid}").json()
    return tuple(len(data[k]) for k in ("rounds", "offers", "notes", "board", "clauses"))


REFUSED: list[tuple[str, dict[str, str], dict[str, str]]] = [
    (
        "offers",
        {**OFFER, "term_amount": "250", "term_duration": "one"},
        {"term_amount": RANGE, "term_duration": "Duration: enter a number in years"},
    ),
    ("offers", {**OFFER, "term_amount": "NaN"}, {"term_amount": RANGE}),
    ("offers", {**OFFER, "term_amount": "-Infinity"}, {"term_amount": RANGE}),
    ("offers", {**OFFER, "term_amount": "1e999999999"}, {"term_amount": RANGE}),
    (
        "offers",
        {**OFFER, "term_amount": "0e-999999999"},
        {"term_amount": "Total amount: more than 12 decimal places"},
    ),
    ("offers", {**OFFER, "term_amount": "1" * 70}, {"term_amount": RANGE}),
    # the limits table's 12 decimal places (this was taken as the float 108.0000000000001)
    (
        "offers",
        {**OFFER, "term_amount": "108.0000000000001"},
        {"term_amount": "Total amount: more than 12 decimal places"},
    ),
    (
        "offers",
        {**OFFER, "term_amount_in": "billions", "term_amount": "1000.0000000000001"},
        {"term_amount": "Total amount: more than 12 decimal places"},
    ),
    (
        "offers",
        {**OFFER, "term_amount": "12,5x"},
        {"term_amount": "Total amount: enter a number in % of the 2018 level"},
    ),
    (
        "offers",
        {**OFFER, "term_amount_in": "billions", "term_amount": "2,000"},
        {"term_amount": "Total amount: enter a number from 960.2 to 1920.4 billion KRW"},
    ),
    (
        "offers",
        {**OFFER, "term_amount_in": "billions", "term_amount": "much"},
        {"term_amount": "Total amount: enter a number in billion KRW"},
    ),
    (
        "offers",
        {**OFFER, "term_amount_in": "billions", "term_amount": "nan"},
        {"term_amount": "Total amount: enter a number from 960.2 to 1920.4 billion KRW"},
    ),
    (
        "offers",
        {**OFFER, "term_strategic_assets": "maybe"},
        {"term_strategic_assets": "Strategic-asset support: choose one of no, yes"},
    ),
    ("offers", {**OFFER, "round_id": "x"}, {"round_id": "enter a whole number"}),
    (
        "offers",
        {**OFFER, "round_id": "0"},
        {"round_id": "enter a whole number from 1 to 2147483647"},
    ),
    ("offers", {**OFFER, "party": "XX"}, {"party": "'XX' is not a party (parties: ['ROK', 'US'])"}),
    ("notes", {"note_visibility": "private", "note_body": " "}, {"note_body": "write the note"}),
    (
        "notes",
        {"note_visibility": "public", "note_body": "x", "note_round_id": "y"},
        {
            "note_round_id": "enter a whole number",
            "note_visibility": "choose private (your delegation only) or shared",
        },
    ),
    (
        "issue-statuses",
        {"status_issue_id": "", "status_round_id": "1e3", "status_value": "agreed"},
        {"status_issue_id": "enter a whole number", "status_round_id": "enter a whole number"},
    ),
    (
        "issue-statuses",
        {"status_value": "bogus"},
        {"status_value": "Input should be 'open', 'agreed' or 'dropped'"},
    ),
    (
        "clauses",
        {"clause_key": "k", "clause_title": ""},
        {"clause_title": "give the clause a title"},
    ),
    (
        "clauses",
        {"clause_key": "bad key!", "clause_title": "T", "clause_status": "draft"},
        {"clause_key": "String should match pattern '^[a-z0-9][a-z0-9._-]*$'"},
    ),
    (
        "clauses",
        {"clause_key": "k2", "clause_title": "T", "clause_status": "nope"},
        {"clause_status": "Input should be 'draft', 'proposed', 'agreed' or 'dropped'"},
    ),
    (
        "clauses",
        {"clause_key": "k3", "clause_title": "T", "clause_status": "draft", "clause_issue_id": "x"},
        {"clause_issue_id": "enter a whole number"},
    ),
    (
        "rounds",
        {"number": "eleven", "starts_on": "2019-02-30"},
        {"number": "enter a whole number", "starts_on": "enter a date as YYYY-MM-DD"},
    ),
    (
        "rounds",
        {"number": "11", "starts_on": "2019-02-03", "ends_on": "2019-02-01"},
        {"ends_on": "the round cannot end before it starts"},
    ),
    ("rounds", {"number": "10"}, {"number": "10 is already used in this negotiation"}),
]


@pytest.mark.parametrize(("path", "form", "errors"), REFUSED, ids=range(len(REFUSED)))
def test_a_refused_form_gives_its_fields_messages_and_writes_nothing(
    site: tuple[Any, int, dict[str, Any]], path: str, form: dict[str, str], errors: dict[str, str]
) -> None:
    ids = _ids(site)
    if path == "offers":
        form = {"round_id": ids["round_10"], **form}
    if path == "issue-statuses":
        form = {"status_issue_id": ids["amount"], "status_round_id": ids["round_10"], **form}
    before = _counts(site)
    answer = _post(site, path, form)
    assert answer.status_code == 422
    assert {k: html.unescape(v) for k, v in ERROR.findall(answer.text)} == errors
    for name in TYPED & set(form):  # what was typed is kept
        assert f'value="{html.escape(form[name])}"' in answer.text, name
    assert _counts(site) == before


def test_each_form_writes_its_record_and_redirects(site: tuple[Any, int, dict[str, Any]]) -> None:
    client, nid, _ = site
    ids = _ids(site)
    rounds, offers, notes, board, clauses = _counts(site)

    def posted(path: str, form: dict[str, str]) -> dict[str, Any]:
        answer = _post(site, path, form)
        assert answer.status_code == 303, answer.text[:300]
        assert answer.headers["location"] == f"/tracker?negotiation={nid}"
        found: dict[str, Any] = client.get(f"/data/tracker?negotiation={nid}").json()
        return found

    data = posted("offers", {**OFFER, "round_id": ids["round_10"], "label": "as typed"})
    # 1,038.9 of 960.2 billion won = 108.196…% → 108.2 (half-up to 0.01)
    in_won = {**OFFER, "round_id": ids["round_10"], "label": "in won"}
    data = posted("offers", in_won | {"term_amount_in": "billions", "term_amount": "1,038.9"})
    terms = {o["label"]: o["terms"] for o in data["offers"]}
    assert terms["as typed"] == {
        "amount": 108,
        "duration": 1,
        "increase": 0,
        "strategic_assets": "no",
    }
    assert terms["in won"]["amount"] == 108.2
    data = posted(
        "notes", {"note_visibility": "private", "note_body": " mine ", "note_round_id": ""}
    )
    assert data["notes"][-1] == {
        "owner": "ROK",
        "visibility": "private",
        "body": "mine",
        "author": "rok-demo",
    }
    status = {"status_issue_id": ids["amount"], "status_round_id": ids["round_9"]}
    data = posted("issue-statuses", status | {"status_value": "agreed", "status_note": ""})
    assert len(data["board"]) == board + 1
    data = posted("issue-statuses", status | {"status_value": "dropped", "status_note": "n"})
    assert len(data["board"]) == board + 1  # the same issue and round: changed, not added
    assert [b["status"] for b in data["board"] if b["issue"] == "amount" and b["round"] == 9] == [
        "dropped"
    ]
    clause = {"clause_key": "art-1", "clause_title": " Article I ", "clause_text": "t"}
    data = posted(
        "clauses", clause | {"clause_status": "proposed", "clause_issue_id": ids["amount"]}
    )
    assert (
        data["clauses"][-1]["title"] == "Article I" and data["clauses"][-1]["status"] == "proposed"
    )
    data = posted("rounds", {"number": "11", "starts_on": "2019-01-21", "venue": " Seoul "})
    assert data["rounds"][-1] | {"id": 0} == {
        "id": 0,
        "number": 11,
        "starts_on": "2019-01-21",
        "ends_on": None,
        "venue": "Seoul",
        "note": "",
    }
    assert _counts(site) == (rounds + 1, offers + 2, notes + 1, board + 1, clauses + 1)


@settings(SETTINGS, max_examples=40)
@given(number=NUMBERS, field=st.sampled_from(["term_amount", "term_increase", "billions"]))
def test_hostile_numbers_in_the_offer_form_are_a_message_or_a_record(
    site: tuple[Any, int, dict[str, Any]], number: str, field: str
) -> None:
    """Any number typed into the offer form (the limits table's hostile ones, any decimal,
    float or exponent) ends in 422 with a message next to the field, or in a stored offer whose
    terms are finite and within the issue's range; within the time and CPU bounds."""
    form = {**OFFER, "round_id": _ids(site)["round_10"], "label": "hostile"}
    if field == "billions":
        form |= {"term_amount_in": "billions", "term_amount": number}
    else:
        form[field] = number
    with bounded():
        answer = _post(site, "offers", form)
    assert answer.status_code in (303, 422), answer.text[:300]
    if answer.status_code == 422:
        assert set(dict(ERROR.findall(answer.text))) == {field.replace("billions", "term_amount")}
        return
    client, nid, _ = site
    offers = client.get(f"/data/tracker?negotiation={nid}").json()["offers"]
    terms = [o["terms"] for o in offers if o["label"] == "hostile"][-1]
    assert within_limits(terms) and not any(o.get("invalid") for o in offers)
    assert 100 <= terms["amount"] <= 200 and 0 <= terms["increase"] <= 8.2
