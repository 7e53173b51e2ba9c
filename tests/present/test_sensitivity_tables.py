"""The sensitivity (tornado) as one presentation value (present/sensitivity.py): its cells,
units, P(deal) with run count and 95% interval; and the same strings in `burdenshare
sensitivity`, /data/sensitivity (the JSON twin) and the briefing's "Sensitivity" table."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from starlette.requests import Request

from burdenshare.costs.scenario import load_scenario
from burdenshare.present.sensitivity import p_deal_text, sensitivity_table
from burdenshare.present.stats import Proportion
from burdenshare.present.table import ResultTable
from test_cli_views import run_inline

# a hand-made payload (talks/sensitivity.py sensitivity_record's shape)
TOY: dict[str, Any] = {
    "scenario": "toy",
    "title": "A toy negotiation",
    "currency": "KRW",
    "runs": 2_000,
    "seed": 7,
    "base": {
        "nash_first_year": 960_200_000_000,
        "nash_npv": 4_500_000_000_000,
        "ks_first_year": 998_600_000_000,
        "p_deal": 0.642,
        "deals": 1_284,
    },
    "inputs": [
        {
            "input": "US: continuation",
            "low": "×0.5",
            "high": "×1.5",
            "nash_first_year_low": 1_037_000_000_000,
            "nash_first_year_high": 960_200_000_000,
            "ks_first_year_low": 1_075_400_000_000,
            "ks_first_year_high": None,
            "nash_npv_low": 10_042_700_000_000,
            "nash_npv_high": 4_321_050_000_000,
            "p_deal_low": 0.5,
            "p_deal_high": 1.0,
            "deals_low": 1_000,
            "deals_high": 2_000,
            "swing_nash_npv": 5_721_650_000_000,
        },
        {
            "input": "horizon (years)",
            "low": "4",
            "high": "6",
            "nash_first_year_low": 960_200_000_000,
            "nash_first_year_high": 960_200_000_000,
            "ks_first_year_low": 960_200_000_000,
            "ks_first_year_high": 960_200_000_000,
            "nash_npv_low": 4_400_000_000_000,
            "nash_npv_high": 4_600_000_000_000,
            "p_deal_low": 0.0,
            "p_deal_high": 0.642,
            "deals_low": 0,
            "deals_high": 1_284,
            "swing_nash_npv": 200_000_000_000,
        },
    ],
}


def test_the_table_has_units_a_base_row_and_the_inputs_in_tornado_order() -> None:
    table = sensitivity_table(TOY)
    assert table.title == "Sensitivity of toy"
    assert table.headers == (
        "input",
        "low",
        "high",
        "Nash NPV low (KRW bn)",
        "Nash NPV high (KRW bn)",
        "Nash 1st yr low (KRW bn)",
        "Nash 1st yr high (KRW bn)",
        "KS 1st yr low (KRW bn)",
        "KS 1st yr high (KRW bn)",
        "P(deal) low",
        "P(deal) high",
    )
    assert table.row_ids == ("base", "US: continuation", "horizon (years)")
    base, first, second = table.texts()
    assert base == (
        "base (every input as given)",
        "as given",
        "as given",
        "4,500.0",
        "4,500.0",
        "960.20",
        "960.20",
        "998.60",
        "998.60",
        "64.2% (62.1–66.3%)",
        "64.2% (62.1–66.3%)",
    )
    # five significant figures (present/numbers.py), an unknown point as "–"
    assert first[3:9] == ("10,043", "4,321.1", "1,037.0", "960.20", "1,075.4", "–")
    assert first[9:] == ("50.0% (47.8–52.2%)", "100.0% (99.8–100.0%)")
    assert second[:3] == ("horizon (years)", "4", "6")
    assert second[9:] == ("0.0% (0.0–0.2%)", "64.2% (62.1–66.3%)")
    # the exact values beside the texts: integer won, the deal counts
    assert table.column("nash_npv_low")[1].value == 10_042_700_000_000
    assert table.column("p_deal_high")[1].value == 2_000
    assert table.runs == 2_000
    assert table.caption == (
        "Basis: KRW, nominal; NPV at the scenario's discount rate. 2,000 runs per figure "
        "(P(deal): Wilson 95% interval). Each input set to its low and its high value, "
        "everything else as given; rows sorted by the swing of the Nash point's payment NPV "
        "(the tornado). Seed 7, the same for every point."
    )


def test_p_deal_is_the_proportion_with_its_wilson_interval() -> None:
    p = Proportion(1_284, 2_000)
    low, high = p.interval()
    assert p_deal_text(p) == f"64.2% ({100 * low:.1f}–{100 * high:.1f}%)" == "64.2% (62.1–66.3%)"
    # the outlook's long form carries the same figures (present/stats.py)
    assert p.text() == "64.2% (95% interval 62.1–66.3%; 2,000 runs)"


def test_top_keeps_the_base_and_says_how_many_inputs_are_shown() -> None:
    table = sensitivity_table(TOY, top=1)
    assert table.row_ids == ("base", "US: continuation")
    assert table.notes[-1] == "The 1 of 2 inputs with the largest swings."
    narrow = table.select("input", "nash_npv_low", "p_deal_low")
    assert narrow.texts()[1] == ("US: continuation", "10,043", "50.0% (47.8–52.2%)")


def test_exact_digits_and_the_json_twin_round_trip() -> None:
    exact = sensitivity_table(TOY, digits=0)
    assert exact.texts()[1][3:5] == ("10,042.7", "4,321.05")
    twin = sensitivity_table(TOY).to_json()
    assert twin["rows"][1]["nash_npv_low"] == {"text": "10,043", "value": 10_042_700_000_000}
    assert ResultTable.from_json(twin) == sensitivity_table(TOY)


# -- one string in the CLI, the JSON twin and the briefing (sma-12, 2,000 runs, its seed) ----


@cache
def _twin() -> dict[str, Any]:
    """/data/sensitivity?scenario=sma-12 through the route (web/calibration.py)."""
    from burdenshare.web.calibration import sensitivity_page

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/data/sensitivity",
        "query_string": b"scenario=sma-12",
        "headers": [],
    }
    response = sensitivity_page(Request(scope), "sma-12")
    assert response.status_code == 200
    data: dict[str, Any] = json.loads(bytes(response.body))
    return data


def _twin_cell(table: dict[str, Any], row: str, key: str) -> str:
    return str(table["rows"][table["row_ids"].index(row)][key]["text"])


def _cli_row(out: str, first: str) -> list[str]:
    line = next(x for x in out.splitlines() if x.startswith(f"│ {first} "))
    return [cell.strip() for cell in line.strip("│").split("│")]


def test_sensitivity_figures_are_one_string_in_cli_json_twin_and_briefing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from burdenshare.reports.calibration import calibration_sections

    code, out, err = run_inline(capsys, "sensitivity", "sma-12")
    assert code == 0, err
    twin = _twin()
    table = twin["table"]
    assert table["runs"] == 2_000 and twin["runs"] == 2_000
    brief = calibration_sections(load_scenario("sma-12"), lambda ref, what: "[1]").sensitivity
    keys = ("nash_npv_low", "nash_npv_high", "p_deal_low", "p_deal_high")
    for row in ("base", "horizon (years)", "US: continuation"):
        texts = [_twin_cell(table, row, k) for k in keys]
        cli = _cli_row(out, _twin_cell(table, row, "input"))
        assert [cli[3], cli[4], cli[9], cli[10]] == texts, row
        shown = brief.texts()[brief.row_ids.index(row)]
        assert [shown[3], shown[4], shown[5], shown[6]] == texts, row
    # the figures (docs/backtest.md's tornado of the 12th SMA): base Nash point NPV 8,712.1
    # bn won; a horizon one year longer moves it to 10,043 (10,042.7) bn; P(deal) 2,000/2,000
    assert _twin_cell(table, "base", "nash_npv_low") == "8,712.1"
    assert _twin_cell(table, "horizon (years)", "nash_npv_high") == "10,043"
    assert _twin_cell(table, "base", "p_deal_low") == "100.0% (99.8–100.0%)"
    index = table["row_ids"].index("base")
    assert table["rows"][index]["nash_npv_low"]["value"] == twin["base"]["nash_npv"]
    assert twin["base"]["nash_npv"] == 8_712_077_951_590
