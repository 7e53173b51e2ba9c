"""Two clients update the same record at once: one wins, the other gets 409, one audit entry."""

from __future__ import annotations

import threading
from typing import Any

from tracker_support import Seed

from burdenshare.store.access import SYSTEM
from burdenshare.store.database import open_database
from burdenshare.store.errors import Conflict
from burdenshare.store.models import Clause
from burdenshare.store.records import Records, commit


def _race(client: Any, url: str, headers: list[dict[str, str]], version: int) -> list[int]:
    barrier = threading.Barrier(len(headers))
    statuses: list[int] = []

    def update(who: dict[str, str], text: str) -> None:
        barrier.wait()
        answer = client.patch(url, json={"version": version, "note": text}, headers=who)
        statuses.append(answer.status_code)

    threads = [threading.Thread(target=update, args=(h, f"by {i}")) for i, h in enumerate(headers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(statuses)


def test_concurrent_updates_one_wins(client: Any, seed: Seed) -> None:
    headers = [seed.headers("ROK", "editor"), seed.headers("US", "editor")]
    for number in (1, 2, 3, 9, 10):
        rid = seed.rounds[number]
        url = f"/api/negotiations/{seed.negotiation_id}/rounds/{rid}"
        assert _race(client, url, headers, version=1) == [200, 409]
        final = client.get(url, headers=headers[0]).json()
        assert final["version"] == 2 and final["note"] in ("by 0", "by 1")
        audit = client.get(
            "/api/audit", params={"table": "rounds", "record_id": rid}, headers=headers[0]
        ).json()["items"]
        updates = [e for e in audit if e["action"] == "update"]
        assert len(updates) == 1 and updates[0]["after"]["note"] == final["note"]


def test_stale_session_commit_is_a_conflict(tracker_db: Any, seed: Seed) -> None:
    """The database itself refuses the second write when both read the same version."""
    database = open_database(tracker_db.url)
    nid = seed.negotiation_id
    try:
        with database.reader() as first, database.reader() as second:
            a = Records(first, SYSTEM).get(Clause, nid, 1)
            b = Records(second, SYSTEM).get(Clause, nid, 1)
            a.note, b.note = "first", "second"
            commit(first, "clause")
            try:
                commit(second, "clause")
            except Conflict:
                pass  # PostgreSQL: the version check matched 0 rows; SQLite: stale snapshot
            else:
                raise AssertionError("a stale write was committed")
        with database.writer() as session:
            clause = Records(session, SYSTEM).get(Clause, nid, 1)
            assert clause.note == "first" and clause.version == 2
            try:
                Records(session, SYSTEM).update(Clause, nid, 1, 1, {"note": "third"})
            except Conflict:
                pass
            else:
                raise AssertionError("stale version accepted")
    finally:
        database.dispose()
