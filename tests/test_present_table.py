"""The one presentation value (present/table.py) and its builders: cells keep the formatted text
beside the exact value, units sit in the headers, and a table is rejected when ragged."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from burdenshare.present.backtest import assumption_names, backtest_table
from burdenshare.present.table import Cell, Column, ResultTable, rich_table


def _record(**over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "case": "10th SMA (2019)",
        "scenario": "sma-10",
        "as_of": "2018-12-13",
        "out_of_sample": False,
        "in_zopa": True,
        "percentile_amount": 76.7,
        "percentile_duration": 12.5,
        "percentile_date": None,
        "on_target": True,
        "p_deal": 0.98765,
        "runs": 500,
        "seed": 10,
        "real": {"first_year": 1_038_900_000_000, "agreed_on": "2019-02-10"},
        "simulated": {
            "first_year_p10_p50_p90": [960_200_000_000.0, 998_649_999_999.0, 1_075_400_000_000.0],
            "currency": "KRW",
        },
        "assumptions": ["US: money scale (x)", "ROK: risk attitude (y)", "US: money scale (z)"],
    }
    rec.update(over)
    return rec


def test_headers_carry_units_and_json_keeps_exact_values() -> None:
    t = ResultTable(
        "t",
        (Column("year", "year"), Column("amount", "amount", "KRW bn", numeric=True)),
        ((Cell("2019", 2019), Cell("1,038.9", 1_038_900_000_000)),),
        basis="KRW, nominal",
        runs=10_000,
        interval="95% interval",
    )
    assert t.headers == ("year", "amount (KRW bn)")
    assert t.numeric == (False, True)
    assert t.texts() == (("2019", "1,038.9"),)
    twin = t.to_json()
    assert twin["rows"] == [
        {
            "year": {"text": "2019", "value": 2019},
            "amount": {"text": "1,038.9", "value": 1_038_900_000_000},
        }
    ]
    assert t.caption == "Basis: KRW, nominal. 10,000 runs per figure (95% interval)."
    assert twin["caption"] == t.caption
    assert ResultTable("d", (Column("x", "x"),), ((Cell("1.5", Decimal("1.50")),),)).to_json()[
        "rows"
    ] == [{"x": {"text": "1.5", "value": "1.50"}}]
    printed = rich_table(t)
    assert [c.header for c in printed.columns] == ["year", "amount (KRW bn)"]


def test_a_ragged_table_is_refused() -> None:
    with pytest.raises(ValueError, match="a row of 1 cells for 2 columns"):
        ResultTable("t", (Column("a", "a"), Column("b", "b")), ((Cell("1"),),))
    with pytest.raises(ValueError, match="row ids"):
        ResultTable("t", (Column("a", "a"),), ((Cell("1"),),), row_ids=("x", "y"))


def test_backtest_table_formats_by_the_number_policy() -> None:
    t = backtest_table([_record()], (10.0, 90.0), {"sma-10": "[3]"})
    row = t.texts()[0]
    assert row[0:3] == ("10th SMA (2019) [3]", "2018-12-13", "2019-02-10")
    assert row[3:8] == ("yes", "76.7", "12.5", "–", "0.988")
    # KRW billion, five significant figures, half-up: 998.649999999 → 998.65
    assert row[8] == "1,038.9"
    assert row[9] == "960.20 / 998.65 / 1,075.4"
    assert t.column("simulated_first_year")[0].value == (
        960_200_000_000,
        998_649_999_999,
        1_075_400_000_000,
    )
    assert row[10] == "met"
    assert t.runs == 500 and t.row_ids == ("sma-10",)
    assert t.headers[8] == "real 1st year (KRW bn)"
    assert assumption_names([_record()]) == ("US: money scale", "ROK: risk attitude")


def test_backtest_table_refuses_mixed_currencies() -> None:
    usd = _record(simulated={"first_year_p10_p50_p90": None, "currency": "USD"})
    with pytest.raises(ValueError, match="several currencies"):
        backtest_table([_record(), usd], (10.0, 90.0))
    only = backtest_table([usd], (10.0, 90.0)).texts()[0]
    assert only[8] == "10,389" and only[9] == "–"  # cents → USD million


def test_a_wide_table_fits_the_console_and_keeps_every_number_whole() -> None:
    """Eleven number columns with long headers: each number stays on one line, every column
    is printed, and no line is wider than the console (render.WIDTH)."""
    from burdenshare import render

    columns = ["case", *(f"a long header for number column {i} (KRW bn)" for i in range(11))]
    rows = [["a case with several words", *(f"{1_000 + i:,}.{i}" for i in range(11))]]
    out = render.console()
    with out.capture() as captured:
        out.print(render.table("wide", columns, rows))
    lines = captured.get().splitlines()
    assert max(len(line) for line in lines) <= render.WIDTH
    body = next(line for line in lines if "1,000.0" in line)
    assert all(f"{1_000 + i:,}.{i}" in body for i in range(11))


def test_a_source_cell_keeps_its_links_through_the_json_twin() -> None:
    """/history's source column: the text beside its links; a cached page view rebuilt from
    its JSON twin draws the same links (one URL each)."""
    from burdenshare.web import views

    twin = views.history_view()["table"]
    table = ResultTable.from_json(twin)
    assert ResultTable.from_json(table.to_json()) == table
    sources = table.column("source")
    assert all(url.count("http") <= 1 for cell in sources for _, url in cell.links)
    row = table.row_ids.index("1998")  # two news reports: two links
    assert [url for _, url in sources[row].links] == [
        "https://www.donga.com/news/Inter/article/all/19981222/7406345/1",
        "https://www.joongang.co.kr/article/3156584",
    ]
    plain = ResultTable("t", (Column("a", "a"),), ((Cell("x", 1),),))
    assert "links" not in plain.to_json()["rows"][0]["a"]  # other twins are unchanged
