"""The trace of one simulated negotiation as one presentation value (present/trace.py): offers
in words with units, never a dict repr, shaped once and printed the same by `simulate --trace`,
its JSON twin ("trace_table") and /negotiation (tests/talks/test_trace_engine.py: the engine)."""

from __future__ import annotations

import html
import json
import re
import warnings
from functools import cache
from pathlib import Path

import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.present.table import ResultTable
from burdenshare.present.trace import TITLE, trace_table
from burdenshare.talks import montecarlo
from burdenshare.talks.trace import Trace, negotiation_trace
from burdenshare.web import views
from test_cli_views import run_inline

SMA10_ACCEPTED = [
    "16",
    "2019-04-27",
    "ROK",
    "amount 117.8% of the reference level · duration 3 years · annual increase 0% · "
    "strategic assets: no",
    "0.3775",
    "0.6658",
    "accepted",
]


@cache
def _trace(name: str) -> Trace:
    return negotiation_trace(montecarlo.setup(load_scenario(name)))


def _row(table: ResultTable | dict, row_id: str) -> list[str]:
    twin = table if isinstance(table, dict) else table.to_json()
    row = twin["rows"][twin["row_ids"].index(row_id)]
    return [str(row[c["key"]]["text"]) for c in twin["columns"]]


def test_sma10_trace_table_in_words_with_units() -> None:
    """The 10th SMA's central run: the US accepts offer 16, a deal on 5 May 2019."""
    table = trace_table(_trace("sma-10"))
    assert table.title == TITLE
    assert table.headers == (
        "offer no.",
        "date",
        "party",
        "offer",
        "utility US",
        "utility ROK",
        "status",
    )
    assert table.row_ids == tuple(str(k) for k in range(1, 17))
    assert _row(table, "16") == SMA10_ACCEPTED
    assert [c.text for c in table.column("status")] == ["recorded"] * 3 + [""] * 12 + ["accepted"]
    assert table.column("offer")[2].text == (
        "amount 117.8% of the reference level · duration 1 year · annual increase 0% · "
        "strategic assets: no"
    )
    assert table.column("offer")[15].value == _trace("sma-10").agreement  # the outcome index
    assert table.column("u1")[15].value == _trace("sma-10").steps[15].utilities[0]  # exact
    assert all("{" not in cell.text and "=" not in cell.text for row in table.rows for cell in row)
    assert table.notes[:2] == (
        "Learning sides, as the Monte Carlo: each side's frequency model (concentration) of the "
        "other, bidding among the 2 outcomes at or above its target nearest to it.",
        "Deal on 2019-05-05, accepting offer 16: amount 117.8% of the reference level · "
        "duration 3 years · annual increase 0% · strategic assets: no.",
    )
    assert table.notes[3] == (
        "Central draw (an assumption): stated valuations, no-deal money unshifted, talks of "
        "135 days from 2019-01-22."
    )


def test_index_rules_are_words_without_a_unit() -> None:
    """The 12th SMA's terms: an increase by an index rule reads as words, never ``…)%``."""
    table = trace_table(_trace("sma-12"))
    assert table.column("offer")[0].text == (
        "amount 150% of the reference level · duration 3 years · annual increase: defence "
        "budget growth (previous year) · strategic assets: yes"
    )
    assert "No deal" not in " ".join(table.notes)


def test_no_deal_and_the_stated_strategies() -> None:
    table = trace_table(_trace("sma-2018"))  # both sides uncertain, no opponent model
    assert len(table.rows) == 30 and "accepted" not in [c.text for c in table.column("status")]
    assert table.notes[:2] == (
        "The stated strategies, as the Monte Carlo (no opponent model).",
        "No deal within the 30 offers.",
    )


def test_simulate_trace_table_and_json_are_the_one_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_inline(capsys, "simulate", "sma-10", "--runs", "100", "--trace")
    assert code == 0, err
    assert TITLE in out and "{'amount'" not in out
    line = next(x for x in out.splitlines() if x.startswith("│ 16 "))
    cells = [c.strip() for c in line.strip("│").split("│")]
    assert (
        [cells[0], cells[1], cells[2], *cells[4:]]
        == [  # the terms wrap in a terminal
            *SMA10_ACCEPTED[:3],
            *SMA10_ACCEPTED[4:],
        ]
    )
    code, out, err = run_inline(
        capsys, "simulate", "sma-10", "--runs", "100", "--trace", "-f", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["trace"] == _trace("sma-10").rows()  # today's records, from the new engine
    assert data["trace"][15]["outcome"] == {
        "amount": 117.8,
        "duration": 3,
        "increase": 0,
        "strategic_assets": "no",
    }
    assert data["trace_table"] == trace_table(_trace("sma-10")).to_json()
    assert _row(data["trace_table"], "16") == SMA10_ACCEPTED


def test_negotiation_page_draws_the_trace_table(tmp_path: Path) -> None:
    """/negotiation (sma-2018): the JSON twin's "trace_table" is present/trace.py's value and
    the page draws it with the one macro; the concession curves are its offers."""
    from burdenshare.store.settings import load_settings
    from burdenshare.web import create_web_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    view = views.negotiation_view()
    twin = view["trace_table"]
    assert twin == trace_table(_trace("sma-2018")).to_json()
    assert [c["date"] for c in view["concessions"]] == [
        s.on.isoformat() for s in _trace("sma-2018").steps
    ]
    settings = load_settings({"BURDENSHARE_HOME": str(tmp_path)}).with_database(
        f"sqlite:///{tmp_path / 'b.db'}"
    )
    page = TestClient(create_web_app(settings), base_url="http://127.0.0.1").get("/negotiation")
    assert page.status_code == 200
    body = page.text
    start = body.index('id="trace-table"')
    table = body[start : body.index("</table>", start)]
    for row_id in ("1", "4", "30"):
        found = re.search(rf'<tr data-row="{row_id}">(.*?)</tr>', table, re.S)
        assert found, row_id
        cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1))]
        assert cells == _row(twin, row_id)
    assert _row(twin, "4")[3] == (
        "amount 100% of the reference level · duration 4 years · annual increase 0% · "
        "strategic assets: no"
    )
