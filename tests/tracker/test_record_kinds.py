"""The record routes are built from one declaration per kind (api/kinds.py): the names,
parameters and access rules they get are the ones the hand-written routes had (listed here
literally), and a new kind is one RecordKind and nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter

from burdenshare.api import create_app
from burdenshare.api.access import API_RULES, Rule
from burdenshare.api.kinds import RECORD_KINDS, RecordKind
from burdenshare.api.models import NoteCreate, NoteRead, NoteUpdate
from burdenshare.api.params import QueryId
from burdenshare.api.routes.records import add_record_routes
from burdenshare.store.models import Note
from burdenshare.store.settings import load_settings

BASE = "/api/negotiations/{negotiation_id}"
# (collection, id parameter, route names list/create/get/update/delete, list filters)
EXPECTED = [
    ("rounds", "round_id", "rounds round", []),
    ("issues", "issue_id", "issues issue", []),
    (
        "issue-statuses",
        "status_id",
        "issue_statuses issue_status",
        ["round_id", "issue_id", "status"],
    ),
    ("positions", "position_id", "positions position", ["round_id", "issue_id", "party"]),
    ("offers", "offer_id", "offers offer", ["round_id", "party"]),
    ("clauses", "clause_id", "clauses clause", ["round_id", "issue_id", "status"]),
    ("notes", "note_id", "notes note", ["round_id", "issue_id", "visibility"]),
    ("profiles", "profile_id", "profiles profile", ["party"]),
]


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home: Path = tmp_path_factory.mktemp("kinds")
    settings = load_settings({}, home=home, database_url=f"sqlite:///{home / 't.db'}")
    found: dict[str, Any] = create_app(settings).openapi()
    return found


def _operation_ids(path: str, key: str, names: str) -> list[str]:
    many, one = names.split()
    flat = lambda p: p.replace("/", "_").replace("{", "_").replace("}", "_").replace("-", "_")  # noqa: E731
    collection, item = f"{BASE}/{path}", f"{BASE}/{path}/{{{key}}}"
    return [
        f"list_{many}{flat(collection)}_get",
        f"create_{one}{flat(collection)}_post",
        f"get_{one}{flat(item)}_get",
        f"update_{one}{flat(item)}_patch",
        f"delete_{one}{flat(item)}_delete",
    ]


def test_every_kind_has_its_five_operations_in_order(spec: dict[str, Any]) -> None:
    record_paths = [p for p in spec["paths"] if p.startswith(f"{BASE}/") and "analysis" not in p]
    found = [op["operationId"] for p in record_paths for op in spec["paths"][p].values()]
    expected = [i for path, key, names, _ in EXPECTED for i in _operation_ids(path, key, names)]
    assert found == expected
    assert found[0] == "list_rounds_api_negotiations__negotiation_id__rounds_get"
    assert len(found) == 40


@pytest.mark.parametrize(("path", "filters"), [(e[0], e[3]) for e in EXPECTED])
def test_list_filters_and_statuses(spec: dict[str, Any], path: str, filters: list[str]) -> None:
    ops = spec["paths"][f"{BASE}/{path}"]
    query = [p["name"] for p in ops["get"]["parameters"] if p["in"] == "query"]
    assert query == [*filters, "limit", "offset"]
    assert ops["get"]["summary"].startswith("List ")
    assert "201" in ops["post"]["responses"]
    item = next(v for k, v in spec["paths"].items() if k.startswith(f"{BASE}/{path}/"))
    assert "204" in item["delete"]["responses"]
    assert [p["name"] for p in item["delete"]["parameters"]][-1] == "version"
    assert item["patch"]["requestBody"]["required"] is True


def test_access_rules_of_the_records() -> None:
    scope = "participants: profiles (own delegation's only)"
    assert API_RULES[("GET", f"{BASE}/profiles")] == Rule("viewer", scope)
    assert API_RULES[("DELETE", f"{BASE}/profiles/{{profile_id}}")] == Rule("editor", scope)
    assert API_RULES[("POST", f"{BASE}/rounds")] == Rule("editor", "participants: rounds")
    notes = "participants: notes (shared ones, and its own delegation's private ones)"
    assert API_RULES[("PATCH", f"{BASE}/notes/{{note_id}}")] == Rule("editor", notes)
    record_rules = [key for key in API_RULES if key[1].startswith(f"{BASE}/")]
    assert len(record_rules) == 1 + 5 * len(RECORD_KINDS)  # + the analysis


def test_a_new_kind_is_one_declaration() -> None:
    memo = RecordKind(
        "memos", "memo_id", "memo", Note, NoteRead, NoteCreate, NoteUpdate, (("round_id", QueryId),)
    )
    router = APIRouter(prefix=BASE)
    add_record_routes(router, memo)
    routes = [(r.path, sorted(r.methods), r.name) for r in router.routes]  # type: ignore[attr-defined]
    assert routes == [
        (f"{BASE}/memos", ["GET"], "list_memos"),
        (f"{BASE}/memos", ["POST"], "create_memo"),
        (f"{BASE}/memos/{{memo_id}}", ["GET"], "get_memo"),
        (f"{BASE}/memos/{{memo_id}}", ["PATCH"], "update_memo"),
        (f"{BASE}/memos/{{memo_id}}", ["DELETE"], "delete_memo"),
    ]
    assert memo.scope == "participants: memos" and memo.many == "memos"
