"""The access matrix: every route × every role of every delegation (and no credentials).

Routes come from the application itself, so a new endpoint without an access rule (or without
sample requests here) fails this test. For every answer: no server error; no credentials →
401 on every non-public route; too small a role → 403; another delegation's private notes and
profiles, and negotiations the caller takes no part in → 404, never their content (0 leaks);
and they are never changed (checked on the records and in the audit log); positions, offers
and clauses are changed and deleted by the delegation that recorded them only (403 for every
other caller, and checked in the audit log).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from access_cases import SAMPLES, Case, Ctx
from fastapi import FastAPI
from sqlalchemy import select
from tracker_support import DELEGATIONS, ROLES, Seed, forbidden_markers

from burdenshare.api.access import Rule, check_routes, route_keys
from burdenshare.store.access import RANK
from burdenshare.store.database import Database, open_database
from burdenshare.store.models import AuditEntry, Note, Profile, User

CALLERS: list[tuple[str | None, str | None]] = [(None, None)] + [
    (d, r) for d in DELEGATIONS for r in ROLES
]
WRITES = {"POST", "PATCH", "DELETE"}


def _private_snapshot(database: Database, seed: Seed) -> dict[str, Any]:
    with database.reader() as session:
        out = {}
        for delegation in DELEGATIONS:
            ids = [(Note, seed.private_notes[delegation])] + [
                (Profile, pid) for pid in seed.private_profiles[delegation]
            ]
            for model, rid in ids:
                record = session.get(model, rid)
                assert record is not None, f"{model.__name__} {rid} of {delegation} is gone"
                snap = record.snapshot()
                snap.pop("version")
                out[f"{model.__name__}-{rid}"] = snap
        return out


def expected(rule: Rule, caller: tuple[str | None, str | None], case: Case) -> set[int] | None:
    """The allowed statuses, or None: allowed (any answer but 401, 403, 404 and 5xx)."""
    delegation, role = caller
    if rule.role is None:
        return None if case.path != "/api/auth/login" or delegation else {200}
    if role is None:
        return {401}
    if RANK[role] < RANK[rule.role]:
        return {403}
    if case.target in ("hidden", "other"):
        return {404} if case.method == "GET" else {403, 404}
    if case.target == "foreign" and case.method in WRITES:
        return {403}
    return None


def _check(answer: Any, rule: Rule, caller: Any, case: Case) -> list[str]:
    problems = []
    where = f"{caller} {case.method} {case.path} [{case.target}] -> {answer.status_code}"
    if answer.status_code >= 500:
        problems.append(f"server error: {where}: {answer.text[:200]}")
    allowed = expected(rule, caller, case)
    if allowed is not None and answer.status_code not in allowed:
        problems.append(f"expected {sorted(allowed)}: {where}: {answer.text[:200]}")
    if allowed is None and answer.status_code in (401, 403, 404):
        problems.append(f"refused an allowed request: {where}: {answer.text[:200]}")
    markers = forbidden_markers(caller[0]) if caller[0] else ["SECRET-"]
    for leaked in (m for m in markers if m in answer.text):
        problems.append(f"LEAK of {leaked}: {where}")
    return problems


def _run_matrix(client: Any, app: FastAPI, seed: Seed, database: Database) -> list[str]:
    problems: list[str] = []
    successes: Counter[tuple[str, str]] = Counter()
    keys = route_keys(app.routes)
    problems += [f"no sample requests for route {k}" for k in keys if k not in SAMPLES]
    made: dict[Any, int] = {}
    for caller in CALLERS:
        headers = seed.headers(*caller) if caller[0] and caller[1] else {}
        for key in keys:
            rule = app.state.access.rule(*key)
            if rule is None or key not in SAMPLES:
                continue
            real = rule.role is None or (
                caller[1] is not None and RANK[caller[1]] >= RANK[rule.role]
            )
            for case in SAMPLES[key](Ctx(seed, database, *caller, real, made)):
                answer = client.request(case.method, case.path, json=case.body, headers=headers)
                client.cookies.clear()
                problems += _check(answer, rule, caller, case)
                successes[key] += answer.status_code < 300
    problems += [f"no caller ever succeeded on {k}" for k in keys if not successes[k]]
    return problems


def _cross_delegation_changes(database: Database) -> list[str]:
    """Private records changed by another delegation, and owned records (positions, offers,
    clauses) changed or deleted by anyone but their owner (no mediator takes part here)."""
    with database.reader() as session:
        members = {u.username: u.delegation for u in session.scalars(select(User))}
        entries = session.scalars(select(AuditEntry).where(AuditEntry.private_to.is_not(None)))
        problems = [
            f"{e.actor} changed {e.table_name} {e.record_id} private to {e.private_to}"
            for e in entries
            if e.actor != "cli" and members.get(e.actor) != e.private_to
        ]
        owned = select(AuditEntry).where(
            AuditEntry.table_name.in_(["positions", "offers", "clauses"]),
            AuditEntry.action.in_(["update", "delete"]),
        )
        for e in session.scalars(owned):
            owner = (e.before or {}).get("owner")
            if e.actor != "cli" and (members.get(e.actor) != owner or e.actor_delegation != owner):
                problems.append(f"{e.actor} {e.action}d {e.table_name} {e.record_id} of {owner}")
        return problems


def test_access_matrix(client: Any, tracker_db: Any) -> None:
    app: FastAPI = client.app
    seed = tracker_db.seed
    assert app.state.access.missing(app.routes) == []
    database = open_database(tracker_db.url)
    try:
        before = _private_snapshot(database, seed)
        problems = _run_matrix(client, app, seed, database)
        problems += _cross_delegation_changes(database)
        assert _private_snapshot(database, seed) == before
    finally:
        database.dispose()
    assert problems == [], "\n".join(problems[:40])


def test_a_route_without_an_access_rule_fails(tracker_db: Any) -> None:
    from burdenshare.api import create_app

    app = create_app(tracker_db.settings)

    @app.get("/api/forgotten")
    def forgotten() -> dict[str, str]:
        return {"secret": "SECRET-ROK-x"}

    assert app.state.access.missing(app.routes) == [("GET", "/api/forgotten")]
    try:
        check_routes(app)
    except RuntimeError as exc:
        assert "/api/forgotten" in str(exc)
    else:
        raise AssertionError("check_routes accepted a route without a rule")
    app.state.database.dispose()


def test_access_matrix_of_the_dashboard_routes(tracker_db: Any) -> None:
    """Every dashboard route has a rule and a sample; as every caller: the expected status,
    no server error, no other delegation's private marker, no change to private records."""
    from access_cases import WEB_SAMPLES
    from fastapi.testclient import TestClient

    from burdenshare.web import WEB_RULES, create_web_app

    seed = tracker_db.seed
    app = create_web_app(tracker_db.settings)
    keys = [key for key in route_keys(app.routes) if key in WEB_RULES]
    assert app.state.access.missing(app.routes) == []
    assert sorted(keys) == sorted(WEB_RULES) == sorted(WEB_SAMPLES)
    problems: list[str] = []
    statuses: dict[tuple[str, str], set[int]] = {}
    database = open_database(tracker_db.url)
    try:
        before = _private_snapshot(database, seed)
        with TestClient(app, base_url="http://127.0.0.1") as client:
            for caller in CALLERS:
                headers = seed.headers(*caller) if caller[0] and caller[1] else {}
                for method, template in keys:
                    sample, (anonymous, known) = WEB_SAMPLES[(method, template)]
                    path = sample.replace("{nid}", str(seed.negotiation_id))
                    answer = client.request(method, path, headers=headers, data={})
                    client.cookies.clear()
                    allowed = known if caller[0] else anonymous
                    where = f"{caller} {method} {path} -> {answer.status_code}"
                    if answer.status_code not in allowed:
                        problems.append(f"expected {sorted(allowed)}: {where}")
                    statuses.setdefault((method, template), set()).add(answer.status_code)
                    markers = forbidden_markers(caller[0]) if caller[0] else ["SECRET-"]
                    problems += [f"LEAK of {m}: {where}" for m in markers if m in answer.text]
        assert _private_snapshot(database, seed) == before
    finally:
        database.dispose()
    assert problems == [], "\n".join(problems[:40])
    # A leak check means something only where some caller got the content.
    answered = {key for key, got in statuses.items() if 200 in got}
    assert {k for k, (_, (_, known)) in WEB_SAMPLES.items() if 200 in known} <= answered
