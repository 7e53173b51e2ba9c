"""The briefing's "Calibration" and "Sensitivity" sections: the backtest's documented results
(docs/backtest.md) and the engine's tornado, cited, drawn, and stated as assumptions."""

from __future__ import annotations

import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.reports import Options, build_report
from burdenshare.reports.calibration import TORNADO_ROWS
from burdenshare.reports.html import render_html
from burdenshare.reports.model import Report
from burdenshare.talks.calibration import sensitivity_payload


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report(load_scenario("sma-2018"), Options(runs=200, seed=1))


def test_calibration_table_holds_the_documented_backtest(report: Report) -> None:
    cal = report.calibration
    assert cal is not None
    bt = cal.backtest  # the one presentation value (present/backtest.py), A4 columns

    def col(key: str) -> list[str]:
        return [c.text for c in bt.column(key)]

    assert bt.headers[2:9] == (
        "in ZOPA",
        "amount %ile",
        "duration %ile",
        "date %ile",
        "P(deal)",
        "real 1st year (KRW bn)",
        "simulated p10/p50/p90 (KRW bn)",
    )
    assert col("as_of") == ["2018-12-13", "2021-02-05", "2024-09-27"]
    assert col("in_zopa") == ["yes", "yes", "yes"]
    assert col("percentile_amount") == ["73.9", "12.7", "2.6"]
    assert col("percentile_duration") == ["19.0", "81.8", "79.9"]
    assert col("percentile_date") == ["57.2", "76.9", "0.0"]
    assert col("p_deal") == ["1.000", "1.000", "1.000"]
    assert col("on_target") == ["met", "met", "not met"]
    rows = bt.texts()
    assert rows[2][0].startswith("12th SMA (2024) (out of sample) [")
    assert col("real_first_year")[0] == "1,038.9"  # the 2019 amount, 108.2% of 2018
    assert bt.column("real_first_year")[0].value == 1_038_900_000_000
    assert col("simulated_first_year")[2] == "1,543.1 / 1,597.8 / 1,683.4"  # docs' p10/p50/p90
    assert bt.runs == 20_000
    assert cal.percentiles[1] == ("11th SMA (2021)", 12.7, 81.8, 76.9)
    assert "ROK: no deal: troop_reduction_threat" in cal.assumptions
    supports = {what for _, what in report.sources.entries}
    assert {f"backtest: {r[0].split(' (out')[0].split(' [')[0]}" for r in rows} <= supports
    refs = {ref for ref, what in report.sources.entries if what == "backtest: 12th SMA (2024)"}
    assert refs and all(ref.startswith("http") for ref in refs)


def test_sensitivity_is_the_engine_tornado(report: Report) -> None:
    cal = report.calibration
    assert cal is not None and cal.sensitivity_scenario == "sma-12"  # sma-2018 has no valuations
    engine = sensitivity_payload("sma-12")
    shown = engine["inputs"][:TORNADO_ROWS]
    assert cal.tornado == tuple((r["input"], r["nash_npv_low"], r["nash_npv_high"]) for r in shown)
    swings = [abs(hi - lo) for _, lo, hi in cal.tornado]
    assert swings == sorted(swings, reverse=True)
    assert cal.base_nash_npv == engine["base"]["nash_npv"] == 8_712_077_951_590
    # present/sensitivity.py's cells (5 significant figures, the unit in the header), base first
    table = cal.sensitivity
    assert table.row_ids[0] == "base" and len(table.rows) == 1 + len(shown)  # 9 inputs
    assert table.texts()[1][:5] == ("horizon (years)", "6", "7", "8,712.1", "10,043")
    assert table.headers[3:5] == ("Nash NPV low (KRW bn)", "Nash NPV high (KRW bn)")
    assert table.column("nash_npv_high")[1].value == engine["inputs"][0]["nash_npv_high"]


def test_sections_are_drawn_in_the_html(report: Report) -> None:
    html = render_html(report)
    for anchor in ('<section id="calibration">', '<section id="sensitivity">'):
        assert html.count(anchor) == 1
    assert 'aria-label="calibration"' in html and 'aria-label="tornado"' in html
    assert "Assumptions used (marked in the scenario files): US: money scale;" in html
