"""The Backtest and Sensitivity pages in a real browser: table, percentile plot and tornado show
the engine's figures (talks/backtest.py, talks/sensitivity.py), no console error, phone width,
and the JSON twins are the engine's records."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.talks.backtest import CASES, backtest
from burdenshare.talks.calibration import SENSITIVITY_RUNS
from burdenshare.talks.sensitivity import sensitivity
from conftest import VIEWPORTS, Server, Tab, new_tab


@pytest.fixture(scope="module")
def engine_backtest() -> list[dict[str, Any]]:
    return [backtest(load_scenario(name)).to_record() for name in CASES]


def test_backtest_page_shows_the_engine_records(
    tab: Tab, server: Server, engine_backtest: list[dict[str, Any]]
) -> None:
    data = httpx.get(server.url + "/data/backtest", timeout=120).json()
    assert data["records"] == engine_backtest
    assert data["target"] == [10.0, 90.0]
    assert [r["as_of"] for r in data["records"]] == ["2018-12-13", "2021-02-05", "2024-09-27"]
    assert [r["in_zopa"] for r in data["records"]] == [True, True, True]
    assert tab.open("/backtest").status == 200
    rows = tab.page.locator("#backtest-table tbody tr")
    assert rows.count() == 3
    for i, rec in enumerate(engine_backtest):
        text = rows.nth(i).inner_text()
        assert f"{rec['percentile_amount']:.1f}" in text
        assert f"{rec['percentile_date']:.1f}" in text
        assert ("met" if rec["on_target"] else "not met") in text
    assert "out of sample" in rows.nth(2).inner_text()
    cases = [r["case"] for r in engine_backtest]
    for key, name in (
        ("percentile_amount", "first-year amount"),
        ("percentile_duration", "duration"),
        ("percentile_date", "deal date"),
    ):
        trace = tab.trace("chart-backtest", name)
        assert trace["x"] == cases
        assert trace["y"] == [r[key] for r in engine_backtest]
    assert tab.errors == []


def test_sensitivity_page_is_the_engine_tornado(tab: Tab, server: Server) -> None:
    sc = load_scenario("sma-12")
    base, rows = sensitivity(sc, SENSITIVITY_RUNS)
    data = httpx.get(server.url + "/data/sensitivity?scenario=sma-12", timeout=120).json()
    assert data["inputs"] == [r.to_record() for r in rows]
    assert data["base"]["nash_npv"] == base.nash_npv
    assert tab.open("/sensitivity?scenario=sma-12").status == 200
    centre = (base.nash_npv or 0) / 1e9
    high = tab.trace("chart-tornado", "high value")
    assert high["y"] == [r.input for r in rows][::-1]  # largest swing on top
    expected = [(r.at_high.nash_npv or 0) / 1e9 - centre for r in rows][::-1]
    assert high["x"] == pytest.approx(expected)
    assert high["base"] == pytest.approx(centre)
    table = tab.page.locator("#sensitivity-table tbody tr")  # present/sensitivity.py
    assert table.count() == 1 + len(rows)  # the base row first
    assert table.nth(0).get_attribute("data-row") == "base"
    assert data["table"]["row_ids"] == ["base", *(r.input for r in rows)]
    assert "8,712.1" in table.nth(0).inner_text()  # the base Nash point's NPV, KRW bn
    assert tab.page.locator("#f-scenario").input_value() == "sma-12"
    assert tab.errors == []


def test_unknown_scenario_is_refused_with_one_line(server: Server) -> None:
    answer = httpx.get(server.url + "/data/sensitivity?scenario=nope")
    assert answer.status_code == 422
    assert answer.json()["errors"] == {"scenario": "choose one of: sma-10, sma-11, sma-12"}


@pytest.mark.parametrize("path", ["/backtest", "/sensitivity?scenario=sma-12"])
def test_calibration_pages_on_a_phone(browser: Any, server: Server, path: str) -> None:
    tab = new_tab(browser, server.url, "phone")
    try:
        assert tab.open(path).status == 200
        for selector in ("header", "main"):
            width = tab.page.evaluate(f"document.querySelector('{selector}').scrollWidth")
            assert width <= VIEWPORTS["phone"]["width"]
        tab.shot("calibration-phone" + ("-sens" if "sens" in path else ""))
        assert tab.errors == []
    finally:
        tab.page.context.close()
