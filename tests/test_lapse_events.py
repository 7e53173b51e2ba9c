"""Lapse events replayed against the record: notices, the Special Act, Seoul's labour-only
funding, the US programmed funds, the lapse clause, the 2018–19 top-up; calibration."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path

from burdenshare.costs.scenario import load_scenario
from burdenshare.data import scenario_path
from burdenshare.lapse.calibration import calibrate, calibrated_lapse
from burdenshare.lapse.events import Notice, Suspension
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.timeline import event_marks, simulate_case

PAYROLL_2019 = 500_500_000_000  # 5,005억원 (Hankyung 202103105753Y)


def _2020() -> object:
    return simulate_case(lapse_case(load_scenario("sma-2020-lapse")))


def _months(timeline: object) -> dict[str, dict[str, int]]:
    return {r["month"]: r for r in timeline.to_records()}  # type: ignore[attr-defined]


def test_april_2020_furlough_4100_people_75_days_after_the_notices() -> None:
    """60-day notice 29 Jan 2020, 30-day notice 28 Feb: no furlough before 29 Mar; leave from
    1 Apr (Yonhap) for ~4,000–4,500 people, back on 15 Jun after 75 days."""
    timeline = _2020()
    summary = timeline.summary()  # type: ignore[attr-defined]
    assert timeline.case.events.earliest_furlough() == date(2020, 3, 29)  # type: ignore[attr-defined]
    assert summary.leave_starts == date(2020, 4, 1)
    assert summary.max_on_leave == 8_600 - 4_500
    assert 4_000 <= summary.max_on_leave <= 4_500
    assert summary.leave_days_per_worker == 75
    by_month = _months(timeline)
    assert [by_month[m]["leave_days"] for m in ("2020-04", "2020-05", "2020-06")] == [30, 31, 14]
    assert by_month["2020-07"]["on_unpaid_leave"] == 0


def test_a_later_60_day_notice_delays_the_april_2020_furlough() -> None:
    """Served on 1 Mar instead, the 60-day notice runs until 30 Apr: the US pays the idle
    workers' share until then (notice_paid) and the leave is 1 + 31 + 14 days."""
    case = lapse_case(load_scenario("sma-2020-lapse"))
    late = Notice("60-day", date(2020, 3, 1), 60, "test")
    case = replace(case, events=replace(case.events, notices=(late,)))
    timeline = simulate_case(case)
    summary = timeline.summary()
    assert summary.leave_starts == date(2020, 4, 30)
    assert summary.leave_days_per_worker == 46
    april = _months(timeline)["2020-04"]
    need = PAYROLL_2019 * 4 // 12 - PAYROLL_2019 * 3 // 12  # April's twelfth, all 30 days lapsed
    idle_share = Fraction(need * 4_100, 8_600)
    assert abs(april["notice_paid"] - round(idle_share * 29 / 30)) <= 1


def test_special_act_2020_payments_are_seoul_cost() -> None:
    """1.98 million won a month per furloughed worker (Yonhap AEN20200512009300325)."""
    summary = _2020().summary()  # type: ignore[attr-defined]
    expected = 4_100 * 1_980_000 * (1 + 1) + 4_100 * 1_980_000 * 14 // 30
    assert summary.costs.host == expected == 20_024_400_000


def test_workers_loss_is_pay_lost_not_the_employer_cost() -> None:
    """Pay 3.3 million won a month [derived]; the employer's labour cost is reported apart."""
    summary = _2020().summary()  # type: ignore[attr-defined]
    pay_lost = 4_100 * 3_300_000 * 2 + 4_100 * 3_300_000 * 14 // 30
    assert summary.costs.workers == pay_lost - summary.costs.host == 13_349_600_000
    employer = summary.costs.employer_cost_unpaid
    # 5,005억 / 75% / 8,600 a year per worker, over 75 days of 4,100 workers
    per_day = Fraction(PAYROLL_2019 * 100, 75 * 8_600 * 366)
    assert abs(employer - per_day * 4_100 * 75) / employer < Fraction(1, 100)
    assert employer > pay_lost


def test_june_2020_labour_only_funding_leaves_construction_suspended_until_september_2021() -> None:
    timeline = _2020()
    by_month = _months(timeline)
    summary = timeline.summary()  # type: ignore[attr-defined]
    assert summary.entry_into_force == date(2021, 9, 1)
    for m in ("2020-07", "2020-12", "2021-04", "2021-08"):
        assert by_month[m]["funded_host"] == PAYROLL_2019 // 12 + (
            m.endswith(("03", "06", "09", "12"))
        )
    dark = [m for m, r in by_month.items() if r["spent_construction"] == 0]
    assert dark[0] == "2020-10" and dark[-1] == "2021-08"
    assert by_month["2021-09"]["spent_construction"] > 0
    assert ("construction", "2020-10", "2021-08") in summary.suspended


def test_january_march_2020_is_booked_to_the_sending_state() -> None:
    """Stripes: the US paid with programmed funds until the end of March 2020."""
    by_month = _months(_2020())
    paid = sum(by_month[m]["funded_sending_state"] for m in ("2020-01", "2020-02", "2020-03"))
    assert paid == PAYROLL_2019 * 3 // 12 == 125_125_000_000
    assert by_month["2020-03"]["cost_sending_state"] >= paid


def test_2018_19_lapse_no_furlough_10th_sma_in_force_5_april_2019_with_top_up() -> None:
    case = lapse_case(load_scenario("sma-2018"))
    timeline = simulate_case(case)
    summary = timeline.summary()
    assert summary.entry_into_force == date(2019, 4, 5)
    assert summary.max_on_leave == 0
    assert summary.costs.host == summary.costs.sending_state == summary.costs.workers == 0
    assert case.workforce.host_share_pct == 71  # the 9th SMA's figure (Korea Herald 2014)
    # the difference to the 2019 level for 1 Jan–4 Apr, paid in April: 3 months + 4/30 of one
    share = Fraction(3, 12) + Fraction(4, 30 * 12)
    expected = sum(max(case.new_year[s] - case.last_year[s], 0) * share for s in case.sectors)
    top_up = sum(r["top_up_reserve"] + r["top_up_host"] for r in timeline.to_records())
    assert abs(top_up - expected) <= len(case.sectors)
    assert _months(timeline)["2019-04"]["top_up_host"] == top_up


def test_next_lapse_after_the_12th_sma_predicts_no_furlough() -> None:
    case = lapse_case(load_scenario("sma-next-lapse"))
    assert case.events.lapse_clause is not None
    summary = simulate_case(case).summary()
    assert summary.max_on_leave == 0 and summary.costs.workers == 0
    assert any("lapse clause of SMA-12" in a for a in summary.assumptions)
    assert any("last-year amounts" in a for a in summary.assumptions)


def test_next_lapse_furloughs_when_its_inputs_suspend_payroll() -> None:
    case = lapse_case(load_scenario("sma-next-lapse"))
    stop = Suspension("payroll", date(2031, 3, 1), date(2031, 3, 31), assumption="test")
    case = replace(case, events=replace(case.events, suspensions=(stop,)))
    summary = simulate_case(case).summary()
    assert summary.leave_starts == date(2031, 3, 1)
    assert summary.max_on_leave == 8_600 - 4_500
    assert summary.leave_days_per_worker == 31


def test_calibration_puts_every_figure_beside_the_record() -> None:
    result = calibrate()
    by_item = {c.item: c for c in result.checks}
    assert by_item["furlough starts"].verdict == "match"
    assert by_item["days on leave"].verdict == "match"
    assert by_item["people on unpaid leave"].verdict == "within range"
    assert by_item["back at work"].verdict == "match"
    assert by_item["furlough"].verdict == "match"
    assert by_item["10th SMA in force"].model == "2019-04-05"
    # Seoul's 2020 payments: 3,144억원 documented; the model is 7.0% below
    assert by_item["Seoul's 2020 payments: labour prepaid + Special Act relief"].verdict == (
        "differs by -7.0%"
    )
    assert all(c.source.startswith("http") for c in result.checks)
    assert any("Jan–Mar 2021" in a for a in result.assumptions)


def test_calibration_shown_only_for_the_bundled_files(tmp_path: Path) -> None:
    assert calibrated_lapse("sma-2018", scenario_path("sma-2018")) == "2018–19"
    assert calibrated_lapse("sma-2020-lapse", scenario_path("sma-2020-lapse")) == "2019–21"
    copy = tmp_path / "sma-2018.yaml"
    copy.write_text(scenario_path("sma-2018").read_text(encoding="utf-8"), encoding="utf-8")
    assert calibrated_lapse("sma-2018", copy) is None
    assert calibrated_lapse("sma-next-lapse", scenario_path("sma-next-lapse")) is None


def test_the_dashboard_lapse_chart_marks_the_events() -> None:
    from burdenshare.web.charts import lapse_figure
    from burdenshare.web.views import lapse_view

    case = lapse_case(load_scenario("sma-2020-lapse"))
    marks = event_marks(case)
    assert (date(2020, 3, 29), "notices run") in marks  # 29 Jan + 60 days
    assert (date(2020, 6, 15), "host pays") in marks
    assert marks[-1] == (date(2021, 9, 1), "in force")
    figure = lapse_figure(lapse_view("sma-2020-lapse", None))
    lines = [s["x0"] for s in figure["layout"]["shapes"]]
    assert lines == ["2020-01", "2020-03", "2020-06", "2021-01", "2021-04", "2021-09"]
