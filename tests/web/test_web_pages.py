"""The public pages in a real browser: they load cleanly, and each chart plots the engine's
numbers (read back from Plotly's own ``.data``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from burdenshare.costs.compare import compare
from burdenshare.costs.history import history, history_records
from burdenshare.costs.scenario import load_scenario
from burdenshare.data import bundled_series
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.timeline import simulate_case
from burdenshare.money import Currency
from burdenshare.present.sources import first_url
from burdenshare.talks.study import study_scenario
from conftest import VIEWPORTS, Server, Tab, new_tab

PAGES = {
    "home": "/",
    "history": "/history",
    "proposals": "/proposals",
    "lapse": "/lapse",
    "negotiation": "/negotiation",
    "login": "/tracker",
}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_loads_without_console_errors(browser: Any, server: Server, viewport: str):
    tab = new_tab(browser, server.url, viewport)
    try:
        for name, path in PAGES.items():
            response = tab.open(path)
            assert response.status == 200, path
            assert tab.page.locator("h1").count() == 1
            tab.shot(f"{name}-{viewport}")
            if viewport == "phone":  # nothing wider than the window but the scrolling tables
                width = tab.page.evaluate("document.querySelector('header').scrollWidth")
                assert width <= VIEWPORTS["phone"]["width"], name
        assert tab.errors == []
    finally:
        tab.page.context.close()


def test_history_chart_plots_every_year_with_its_source(tab: Tab):
    tab.open("/history")
    bank = bundled_series()
    records = history_records(history("us-rok", bank), bank, Currency.KRW, 2020)
    nominal = tab.trace("chart-history-krw", "Nominal KRW")
    # every year on the axis; a year without a value is a gap (null), never bridged
    assert nominal["x"] == [r["year"] for r in records]
    assert [y for y in nominal["y"] if y is not None] == pytest.approx(
        [r["converted_amount"] / 1e9 for r in records if r["converted_amount"] is not None]
    )
    shown = zip(nominal["customdata"], nominal["y"], strict=True)
    assert [u for u, y in shown if y is not None] == [
        first_url(r["source"]) for r in records if r["converted_amount"] is not None
    ]
    real = tab.trace("chart-history-krw", "Real KRW (2020 prices)")
    assert sum(y is not None for y in real["y"]) == sum(
        1 for r in records if r["real_amount"] is not None
    )
    usd = tab.trace("chart-history-usd", "Nominal USD")
    assert usd["x"][0] == 1991 and usd["y"][0] == pytest.approx(150.0)  # US$150 m in 1991
    growth = tab.trace("chart-history-growth", "Growth (%)")
    assert len(growth["x"]) == sum(1 for r in records if r["growth_pct"] is not None)
    switch = tab.trace("chart-history-growth", "Growth in won (the agreed currency changed)")
    assert switch["x"] == [2005] and switch["y"] == pytest.approx([-8.90])  # the first cut
    assert tab.page.locator("#history-table tbody tr").count() == len(records)
    assert tab.errors == []


def test_lapse_chart_and_deal_date_form(tab: Tab):
    tab.open("/lapse")
    case = lapse_case(load_scenario("sma-2020-lapse"))
    records = simulate_case(case).to_records()
    leave = tab.trace("chart-lapse", "People on unpaid leave")
    assert leave["x"] == [r["month"] for r in records]
    assert leave["y"] == [r["on_unpaid_leave"] for r in records]
    reserve = tab.trace("chart-lapse", "Reserve")
    assert reserve["y"] == pytest.approx([r["reserve_balance"] / 1e9 for r in records])
    # a later deal: more months with people on leave
    tab.page.fill("#f-deal_on", "2020-09-30")
    tab.page.click("#lapse-form button[type=submit]")
    tab.wait_charts()
    later = simulate_case(case, date(2020, 9, 30)).to_records()
    assert tab.trace("chart-lapse", "People on unpaid leave")["y"] == [
        r["on_unpaid_leave"] for r in later
    ]
    assert tab.page.text_content("#deal-on") == "2020-09-30"
    # a deal before expiry is refused next to the field, the input kept
    tab.page.fill("#f-deal_on", "2019-06-01")
    tab.page.click("#lapse-form button[type=submit]")
    tab.wait_charts()
    assert "before expiry" in tab.page.text_content("#e-deal_on")
    assert tab.page.input_value("#f-deal_on") == "2019-06-01"
    tab.shot("lapse-error-desktop")
    assert [e for e in tab.errors if "422" not in e] == []


def test_negotiation_plot_has_every_outcome_frontier_and_points(tab: Tab):
    tab.open("/negotiation")
    study = study_scenario(load_scenario("sma-2018"))
    everything = tab.trace("chart-utility", "All outcomes")
    assert len(everything["x"]) == study.space.size == 480
    assert everything["x"] == pytest.approx(study.utilities[0].tolist())
    assert len(tab.trace("chart-utility", "Pareto frontier")["x"]) == study.analysis.pareto.size
    assert len(tab.trace("chart-utility", "Zone of agreement")["x"]) == study.analysis.zopa_size
    nash = study.analysis.nash
    assert nash is not None
    plotted = tab.trace("chart-utility", "Nash")
    assert [plotted["x"][0], plotted["y"][0]] == pytest.approx(list(nash.utilities))
    offers = len(tab.trace("chart-utility", "Recorded offers: US")["x"])
    offers += len(tab.trace("chart-utility", "Recorded offers: ROK")["x"])
    assert offers == 3  # the scenario's recorded December 2018 positions
    assert len(tab.traces("chart-concessions")) == 2
    # the solution points: the one table macro drawing the JSON twin's points_table
    # (present/study.py, as `negotiate` and the briefing print it), cell for cell
    twin = tab.page.request.get(tab.base + "/data/negotiation").json()["points_table"]
    headers = tab.page.locator("#points thead th").all_inner_texts()
    assert [h.strip() for h in headers] == [c["header"] for c in twin["columns"]]
    for k, point in enumerate(twin["row_ids"]):
        cells = tab.page.locator(f'#points tr[data-row="{point}"] td').all_inner_texts()
        expected = [twin["rows"][k][c["key"]]["text"] for c in twin["columns"]]
        assert [c.strip() for c in cells] == expected, point
    nash_row = twin["rows"][twin["row_ids"].index("nash")]
    assert nash_row["first_year"]["text"] == "960.20"  # 100% of 2018's 960.2 bn won, one year
    assert tab.errors == []


def test_proposals_table_chart_and_form_validation(tab: Tab):
    tab.open("/proposals")
    comparison = compare(load_scenario("sma-2018"))
    traces = tab.traces("chart-proposals")
    assert [t["name"] for t in traces] == [i.proposal.key for i in comparison.items]
    baseline = comparison.items[0]
    assert traces[0]["y"] == pytest.approx([m.minor / 1e9 for m in baseline.yearly.values()])
    assert tab.page.locator("#proposals-table tbody tr").count() == len(comparison.items)
    # bad input: the message next to each field, what was typed kept
    tab.page.fill("#f-amount", "lots")
    tab.page.fill("#f-years", "99")
    tab.page.fill("#f-sectors", "payroll=50, construction=40, logistics=20")
    tab.page.click("#proposal-form button[type=submit]")
    tab.wait_charts()
    assert tab.page.text_content("#e-amount") == "enter a number"
    assert "1 to 50" in tab.page.text_content("#e-years")
    assert tab.page.text_content("#e-sectors") == "shares add up to 110%, not 100%"
    assert tab.page.input_value("#f-amount") == "lots"
    assert tab.page.input_value("#f-years") == "99"
    assert tab.page.input_value("#f-sectors") == "payroll=50, construction=40, logistics=20"
    tab.shot("proposals-error-desktop")
    # good input: the chart shows the edited proposal
    tab.page.fill("#f-amount", "130")
    tab.page.fill("#f-years", "3")
    tab.page.select_option("#f-escalation", "fixed")
    tab.page.fill("#f-rate", "2")
    tab.page.fill("#f-sectors", "payroll=50, construction=30, logistics=20")
    tab.page.click("#proposal-form button[type=submit]")
    tab.wait_charts()
    edited = tab.trace("chart-proposals", "us-150pct")
    assert edited["x"] == [2019, 2020, 2021]
    assert edited["y"] == pytest.approx([1248.3, 1273.3, 1298.8])
    assert [e for e in tab.errors if "422" not in e] == []


def test_sector_shares_edit_reaches_the_engine() -> None:
    from burdenshare.web.forms import edit_scenario

    sc = load_scenario("sma-2018")
    form = {
        "proposal": "us-150pct",
        "amount_kind": "percent",
        "amount": "150",
        "years": "5",
        "escalation": "freeze",
        "rate": "",
        "sectors": "payroll=50, construction=30, logistics=20",
    }
    edited, errors = edit_scenario(form, sc)
    assert errors == {} and edited is not None
    split = edited.proposal("us-150pct").agreement.sectors
    assert split is not None
    # 14,403억 × 50/30/20%: 7,201.5, 4,320.9, 2,880.6 → largest remainders go to .9 and .6
    assert split.split(1_440_300_000_000, 100_000_000) == {
        "payroll": 720_100_000_000,
        "construction": 432_100_000_000,
        "logistics": 288_100_000_000,
    }
    _, bad = edit_scenario({**form, "sectors": "payroll=fifty"}, sc)
    assert "sector=percent pairs" in bad["sectors"]
