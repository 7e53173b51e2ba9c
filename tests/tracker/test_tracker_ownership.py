"""Issue 20, findings 7 and 11, on SQLite and PostgreSQL: who may change a record, and answers
that do not depend on another delegation's private records.

Positions, offers and clauses belong to the delegation that recorded them; a party records
positions and offers in its own name only; a mediator participant may change any of them;
removing a party needs that party. Deleting a round that another delegation's private note
uses answers as if the note did not exist (the note loses the link, audited for its owner).
Notes, profiles and audit entries carry no sequential ids.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from sqlalchemy import select
from tracker_support import Seed

from burdenshare.store.access import SYSTEM
from burdenshare.store.database import open_database
from burdenshare.store.errors import Forbidden
from burdenshare.store.models import AuditEntry, Note, Offer, Round
from burdenshare.store.negotiations import create_negotiation
from burdenshare.store.records import Records
from burdenshare.store.users import get_user, principal_of

TERMS = {"amount": 150, "duration": 5, "increase": 0, "strategic_assets": "no"}


def _n(seed: Seed) -> str:
    return f"/api/negotiations/{seed.negotiation_id}"


def test_a_party_records_and_changes_only_its_own_positions_and_offers(
    client: Any, seed: Seed
) -> None:
    rok, us = seed.headers("ROK", "editor"), seed.headers("US", "editor")
    position = {"issue_id": seed.issues["amount"], "party": "ROK", "statement": "ROK's own"}
    made = client.post(f"{_n(seed)}/positions", json=position, headers=rok)
    assert made.status_code == 201 and made.json()["owner"] == "ROK"
    in_rok_name = client.post(f"{_n(seed)}/positions", json=position, headers=us)
    assert in_rok_name.status_code == 403  # US may not speak for ROK
    url = f"{_n(seed)}/positions/{made.json()['id']}"
    edit = {"version": 1, "statement": "rewritten by US"}
    assert client.patch(url, json=edit, headers=us).status_code == 403
    assert client.delete(url, headers=us).status_code == 403
    assert client.get(url, headers=us).json()["statement"] == "ROK's own"
    offer = {"round_id": seed.rounds[10], "party": "US", "terms": TERMS}
    us_offer = client.post(f"{_n(seed)}/offers", json=offer, headers=us).json()
    offer_url = f"{_n(seed)}/offers/{us_offer['id']}"
    assert client.delete(offer_url, headers=rok).status_code == 403  # ROK deleted US's offer
    turned = client.patch(offer_url, json={"version": 1, "party": "ROK"}, headers=us)
    assert turned.status_code == 403  # nor may US turn its offer into ROK's
    assert client.delete(offer_url, headers=us).status_code == 204
    clause = {"key": "c-own", "title": "T", "status": "draft"}
    mine = client.post(f"{_n(seed)}/clauses", json=clause, headers=rok).json()
    clause_url = f"{_n(seed)}/clauses/{mine['id']}"
    assert (
        client.patch(clause_url, json={"version": 1, "status": "agreed"}, headers=us).status_code
        == 403
    )
    assert client.patch(clause_url, json={"version": 1, "status": "agreed"}, headers=rok).is_success
    # a team (the analysts) reports either party's positions, and owns what it recorded
    analysts = seed.headers("analysts", "editor")
    reported = client.post(
        f"{_n(seed)}/positions", json={**position, "party": "US"}, headers=analysts
    )
    assert reported.status_code == 201 and reported.json()["owner"] == "analysts"
    reported_url = f"{_n(seed)}/positions/{reported.json()['id']}"
    assert client.delete(reported_url, headers=us).status_code == 403


def test_a_mediator_may_change_every_delegations_shared_records(tracker_db: Any) -> None:
    database = open_database(tracker_db.url)
    try:
        with database.writer() as session:
            data = {
                "key": "mediated",
                "title": "Mediated",
                "participants": [
                    {"delegation": "ROK", "role": "host"},
                    {"delegation": "US", "role": "sending_state"},
                    {"delegation": "analysts", "role": "mediator"},
                ],
            }
            nid = create_negotiation(session, SYSTEM, data).id
            round_id = Records(session, SYSTEM).create(Round, nid, {"number": 1}).id
            us = principal_of(get_user(session, SYSTEM, tracker_db.seed.user_ids[("US", "editor")]))
            mediator = principal_of(
                get_user(session, SYSTEM, tracker_db.seed.user_ids[("analysts", "editor")])
            )
            rok = principal_of(
                get_user(session, SYSTEM, tracker_db.seed.user_ids[("ROK", "editor")])
            )
            offer = Records(session, us).create(
                Offer, nid, {"round_id": round_id, "party": "US", "terms": {}}
            )
            assert offer.owner == "US"
            changed = Records(session, mediator).update(Offer, nid, offer.id, 1, {"label": "m"})
            assert changed.label == "m" and changed.owner == "US"
            try:
                Records(session, rok).update(Offer, nid, offer.id, 2, {"label": "rok"})
            except Forbidden:
                session.rollback()
            else:
                raise AssertionError("ROK changed US's offer")
    finally:
        database.dispose()


def test_deleting_a_round_answers_the_same_whether_or_not_a_hidden_note_uses_it(
    client: Any, seed: Seed, tracker_db: Any
) -> None:
    rok, us = seed.headers("ROK", "editor"), seed.headers("US", "editor")
    used = client.post(f"{_n(seed)}/rounds", json={"number": 40}, headers=us).json()
    unused = client.post(f"{_n(seed)}/rounds", json={"number": 41}, headers=us).json()
    note = {"visibility": "private", "body": "SECRET-ROK-round-note", "round_id": used["id"]}
    private = client.post(f"{_n(seed)}/notes", json=note, headers=rok).json()
    answers = [client.delete(f"{_n(seed)}/rounds/{r['id']}", headers=us) for r in (used, unused)]
    assert [a.status_code for a in answers] == [204, 204]
    assert answers[0].content == answers[1].content == b""
    kept = client.get(f"{_n(seed)}/notes/{private['id']}", headers=rok).json()
    assert kept["body"] == "SECRET-ROK-round-note" and kept["round_id"] is None
    database = open_database(tracker_db.url)
    try:
        with database.reader() as session:
            entry = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.table_name == "notes", AuditEntry.record_id == private["id"])
                .order_by(AuditEntry.id.desc())
            ).first()
            assert entry is not None
            assert (entry.actor, entry.private_to, entry.action) == ("cascade", "ROK", "update")
    finally:
        database.dispose()
    # a shared record still holding the round: the same 409 for everyone
    shared = client.post(f"{_n(seed)}/rounds", json={"number": 42}, headers=us).json()
    client.post(
        f"{_n(seed)}/notes",
        json={"visibility": "shared", "body": "x", "round_id": shared["id"]},
        headers=rok,
    )
    assert client.delete(f"{_n(seed)}/rounds/{shared['id']}", headers=us).status_code == 409


def test_private_records_and_audit_entries_have_no_sequential_ids(
    client: Any, seed: Seed, tracker_db: Any
) -> None:
    rok = seed.headers("ROK", "editor")
    url = f"{_n(seed)}/notes"
    bodies = [{"visibility": "shared", "body": f"own-{i}"} for i in range(6)]
    ids = [client.post(url, json=body, headers=rok).json()["id"] for body in bodies]
    steps = {b - a for a, b in itertools.pairwise(ids)}
    assert steps != {1} and len(set(ids)) == 6  # random, not counting anyone's notes
    listed = client.get(url, params={"limit": 500}, headers=rok).json()["items"]
    assert [n["id"] for n in listed if n["body"].startswith("own-")][-6:] == ids  # by creation
    audit = client.get("/api/audit", params={"limit": 5}, headers=rok).json()["items"]
    assert all(len(e["id"]) == 64 and int(e["id"], 16) >= 0 for e in audit)
    assert {e["actor_delegation"] for e in audit} == {"ROK"}
    database = open_database(tracker_db.url)
    try:
        with database.reader() as session:
            stored = session.scalars(select(Note.id).where(Note.id.in_(ids))).all()
            assert sorted(stored) == sorted(ids)
    finally:
        database.dispose()


def test_owners_survive_export_and_import(
    client: Any, seed: Seed, tracker_db: Any, empty_url: str, tmp_path: Any
) -> None:
    from test_tracker_exchange import cli

    from burdenshare.store.models import Clause

    rok = seed.headers("ROK", "editor")
    body = {"key": "c-exported", "title": "T", "status": "draft"}
    assert client.post(f"{_n(seed)}/clauses", json=body, headers=rok).status_code == 201
    exported = tmp_path / "n.json"
    args = ("--negotiation", "sma-10-2018", "--database-url", tracker_db.url)
    assert cli("negotiation", "export", str(exported), *args)[0] == 0
    clauses = {c["key"]: c for c in json.loads(exported.read_text())["clauses"]}
    assert clauses["c-exported"]["owner"] == "ROK"
    assert all("owner" not in c for k, c in clauses.items() if k != "c-exported")  # the default
    assert cli("db", "upgrade", "--database-url", empty_url)[0] == 0
    assert cli("negotiation", "import", str(exported), "--database-url", empty_url)[0] == 0
    database = open_database(empty_url)
    try:
        with database.reader() as session:
            owners = {k: o for k, o in session.execute(select(Clause.key, Clause.owner))}
    finally:
        database.dispose()
    assert owners["c-exported"] == "ROK" and {
        o for k, o in owners.items() if k != "c-exported"
    } <= {None}
