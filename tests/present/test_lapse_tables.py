"""The lapse shaped once in present/ (issue 18): the 2019–21 lapse's month-by-month table, what
each party paid, its dated events, the calibration of the 2018–19 and 2019–21 lapses beside the
record and the briefing's lapse-by-deal-month appendix, each a ResultTable; and the same string
in `burdenshare lapse`, /lapse's JSON twin (/data/lapse) and the briefing."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.lapse.calibration import calibrate
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.timeline import Timeline, simulate_case
from burdenshare.money import Currency
from burdenshare.present.lapse import (
    DEAL_MONTH_COLUMNS,
    lapse_events,
    lapse_months,
    lapse_payments,
    shown_records,
)
from burdenshare.present.lapse_calibration import SHOWN, calibration_table
from burdenshare.present.table import ResultTable
from burdenshare.present.views import money_view
from burdenshare.web import views
from test_cli_views import run_inline
from test_present_consistency import _cells, _cli_row, _twin_cell, lapse_briefing_html

KRW = Currency.parse("KRW")
# Seoul's 2020 payments, the one calibration check that differs from the record (docs/lapse.md)
SEOUL_2020 = "2019-seoul-s-2020-payments-labour-prepaid-special-act-relief"


@cache
def lapse_2020() -> Timeline:
    return simulate_case(lapse_case(load_scenario("sma-2020-lapse")))


def _row(table: ResultTable, row_id: str) -> dict[str, tuple[str, object]]:
    row = table.rows[table.row_ids.index(row_id)]
    return {c.key: (cell.text, cell.value) for c, cell in zip(table.columns, row, strict=True)}


def test_2020_lapse_month_table_has_units_in_headers_and_exact_values() -> None:
    table = lapse_months(lapse_2020())
    assert table.title == "Lapse of SMA-10 after 2019-12-31"
    assert table.headers == (
        "month",
        "lapsed (days)",
        "spent payroll (KRW bn)",
        "spent construction (KRW bn)",
        "spent logistics (KRW bn)",
        "reserve (KRW bn)",
        "on unpaid leave (people)",
        "kept by sending state (people)",
        "pay lost, workers (KRW bn)",
    )
    assert table.basis == "KRW, nominal"
    assert table.row_ids[0] == "2020-01" and table.row_ids[-1] == "2021-09"
    # June 2020: Seoul pays payroll from the 15th, so the furlough of 4,100 ends mid-month
    june = _row(table, "2020-06")
    assert june["spent_payroll"] == ("22.244", 22_244_444_445)
    assert june["reserve_balance"] == ("130.80", 130_800_000_000)
    assert june["on_unpaid_leave"] == ("4,100", 4100)
    assert june["kept_by_sending_state"] == ("4,500", 4500)
    assert june["pay_lost"] == ("6.3140", 6_314_000_000)
    april = _row(table, "2020-04")  # payroll runs out: nothing spent on it
    assert april["spent_payroll"] == ("0", 0)
    assert april["pay_lost"] == ("13.530", 13_530_000_000)


def test_exact_digits_show_the_minor_units() -> None:
    june = _row(lapse_months(lapse_2020(), digits=0), "2020-06")
    assert june["spent_payroll"] == ("22.244444445", 22_244_444_445)
    assert june["pay_lost"] == ("6.314", 6_314_000_000)


def test_month_table_in_another_currency_converts_each_month_at_its_year() -> None:
    loaded = load_scenario("sma-2020-lapse")
    view = money_view(loaded, KRW, Currency.parse("USD"), False, 2020)
    table = lapse_months(lapse_2020(), view, "million")
    # cents, at the bundled annual-average won/dollar rate of each month's year (derived)
    assert _row(table, "2020-06")["reserve_balance"] == ("110.79", 11_079_487_701)
    assert _row(table, "2020-06")["spent_payroll"] == ("18.842", 1_884_228_201)
    # September 2021's payroll (41.708 bn won, as every full month) at 2021's rate
    assert _row(table, "2021-09")["spent_payroll"] == ("36.430", 3_642_999_182)
    assert table.headers[5] == "reserve (USD m)"
    assert table.basis == view.describe()
    records = shown_records(lapse_2020().to_records(), view)
    june = next(r for r in records if r["month"] == "2020-06")
    assert june["currency"] == "USD"
    assert june["reserve_balance"] == view.show(130_800_000_000, 2020)
    assert _row(table, "2020-06")["reserve_balance"][1] == june["reserve_balance"]
    # the identity view leaves the records as the timeline gives them
    identity = money_view(loaded, KRW, None, False, 2020)
    assert shown_records(lapse_2020().to_records(), identity) == lapse_2020().to_records()


def test_who_paid_during_the_2020_lapse() -> None:
    table = lapse_payments(lapse_2020())
    cells = [(c.text, c.value) for c in table.rows[0]]
    assert cells == [
        ("501.06", 501_060_511_111),
        ("304.08", 304_082_848_837),
        ("13.350", 13_349_600_000),
        ("65.397", 65_396_942_292),
    ]
    exact = lapse_payments(lapse_2020(), digits=0)  # --digits 0: what the CLI printed before
    assert exact.texts()[0] == ("501.060511111", "304.082848837", "13.3496", "65.396942292")
    assert "not the workers' loss" in table.caption


def test_2020_lapse_events_then_assumptions() -> None:
    table = lapse_events(lapse_2020())
    texts = table.texts()
    assert len(texts) == 13
    assert texts[1] == (
        "Notice",
        "60-day notice (required by US law) served 2020-01-29, minimum 60 days "
        "(furlough not before 2020-03-29).",
    )
    assert texts[7] == ("No funds for payroll", "2020-04 to 2020-05.")
    assert [t[0] for t in texts[-3:]] == ["Assumption"] * 3
    assert texts[-2][1].startswith("US funds, Jan–Mar 2021: who paid the Korean employees")


def test_calibration_of_the_2018_19_and_2019_21_lapses() -> None:
    result = calibrate()
    table = calibration_table(result)
    assert len(table.rows) == 15 and table.row_ids[0] == "2019-furlough-starts"
    seoul = _row(table, SEOUL_2020)
    assert seoul["documented"][0] == "314.4 billion won"
    assert seoul["model"][0] == "292.5 billion won"
    assert seoul["verdict"][0] == "differs by -7.0%"
    assert (
        seoul["source"][0] == "http://www.insightkorea.co.kr/news/articleViewAmp.html?idxno=87224"
    )
    assert table.sources[5].startswith("[6] Seoul's 2020 payments")
    assert any(n.startswith("Assumption: ") for n in table.notes)
    only = calibration_table(result, "2018–19", marks=["[1]", "[2]", "[1]"])
    assert only.row_ids == (
        "2018-furlough",
        "2018-10th-sma-in-force",
        "2018-difference-to-the-2019-level-paid-after-the-deal",
    )
    assert only.column("source")[2].text == "[1]" and only.notes == ()
    with pytest.raises(ValueError, match="2 citation marks for 3 checks"):
        calibration_table(result, "2018–19", marks=["[1]", "[2]"])


def test_briefing_appendix_the_2020_lapse_with_the_deal_on_1_may_2020() -> None:
    case = lapse_2020().case
    table = lapse_months(simulate_case(case, date(2020, 5, 1)), costs=True)
    shown = table.select(*DEAL_MONTH_COLUMNS)
    assert shown.headers == (
        "month",
        "lapsed (days)",
        "reserve (KRW bn)",
        "on unpaid leave (people)",
        "pay lost, workers (KRW bn)",
        "cost host (KRW bn)",
        "cost sending state (KRW bn)",
        "cost workers (KRW bn)",
    )
    april = _row(shown, "2020-04")
    assert april["cost_host"] == ("8.1180", 8_118_000_000)
    assert april["cost_sending_state"] == ("146.95", 146_949_127_907)
    assert april["cost_workers"] == ("5.4120", 5_412_000_000)
    assert "Costs cumulative from expiry." in shown.notes


def test_month_and_calibration_figures_are_one_string(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """June 2020's row of the month table (payroll spent 22.244, pay lost 6.3140 bn won) and
    Seoul's 2020 payments in the calibration: `burdenshare lapse`, /data/lapse, the briefing."""
    code, out, err = run_inline(capsys, "lapse", "sma-2020-lapse")
    assert code == 0, err
    data = views.lapse_view("sma-2020-lapse", None)
    twin = data["table"]
    brief = lapse_briefing_html()
    texts = [_twin_cell(twin, "2020-06", c["key"]) for c in twin["columns"]]
    assert texts[2] == "22.244" and texts[-1] == "6.3140"
    assert _cli_row(out, "2020-06") == texts
    assert _cells(brief, "lapse-months", "2020-06") == texts
    # the first "2020-04" row is the month table's (the headline table's says payroll runs out)
    april = next(x for x in out.splitlines() if x.startswith("│ 2020-04 "))
    reserve = _twin_cell(twin, "2020-04", "reserve_balance")
    assert reserve == "220.53" and f" {reserve} │" in april

    code, out, err = run_inline(capsys, "lapse", "--calibrate")
    assert code == 0, err
    calibration = data["calibration"]
    model = _twin_cell(calibration, SEOUL_2020, "model")
    assert model == "292.5 billion won"
    line = next(x for x in out.splitlines() if "Seoul's 2020" in x)
    assert f"│ {model} " in line
    # the briefing's A4 table draws the selected columns, the source as its citation mark
    shown = _cells(brief, "lapse-calibration", SEOUL_2020)
    assert shown[:4] == [
        _twin_cell(calibration, SEOUL_2020, k) for k in ("item", "documented", "model", "verdict")
    ]
    assert SHOWN == ("lapse", "item", "documented", "model", "verdict")


def test_the_lapse_page_draws_the_same_tables(tmp_path: Path) -> None:
    """/lapse (HTML, through the app) draws the month row and the calibration row of its JSON
    twin with the one macro; off the filed deal date, or for a lapse never recorded, no
    calibration is shown (the record is of the lapse as it happened)."""
    import warnings

    from burdenshare.store.settings import load_settings
    from burdenshare.web import create_web_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    settings = load_settings({"BURDENSHARE_HOME": str(tmp_path)})
    client = TestClient(
        create_web_app(settings.with_database(f"sqlite:///{tmp_path / 'b.db'}")),
        base_url="http://127.0.0.1",
    )
    page = client.get("/lapse?scenario=sma-2020-lapse")
    assert page.status_code == 200
    twin = client.get("/data/lapse?scenario=sma-2020-lapse").json()
    june = [_twin_cell(twin["table"], "2020-06", c["key"]) for c in twin["table"]["columns"]]
    assert _cells(page.text, "lapse-months", "2020-06") == june
    calibration = twin["calibration"]
    assert calibration["row_ids"][0] == "2019-furlough-starts"
    assert _cells(page.text, "lapse-calibration", SEOUL_2020)[2] == "292.5 billion won"
    moved = client.get("/lapse?scenario=sma-2020-lapse&deal_on=2020-05-01")
    assert moved.status_code == 200 and 'id="lapse-calibration"' not in moved.text
    assert client.get("/data/lapse?scenario=sma-next-lapse").json()["calibration"] is None
