"""Lapse simulator: the documented 2020 furlough, the 2018–19 lapse, and its invariants."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.costs.scenario import load_scenario
from burdenshare.lapse.engine import batch_of, simulate
from burdenshare.lapse.events import Events, Funding, LapseClause, Notice, Suspension
from burdenshare.lapse.model import LapseCase, LapseRules, Workforce, months
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.timeline import no_deal_cost, simulate_case


def test_2020_furlough_from_documented_inputs() -> None:
    """The 10th SMA expired on 31 Dec 2019; USFK's programmed funds ran out on 31 Mar 2020
    (Yonhap AEN20200224000851325; Stars and Stripes); from 1 Apr 2020 about half of the roughly
    8,600–9,000 Korean employees were furloughed — "about 4,000" (Dong-A; Yonhap 28 Apr),
    "some 4,500" (JoongAng), "around half of approximately 8,600" (KBS) — while about 4,500 in
    life, health and safety posts stayed at work paid by the US (Yonhap AEN20200331008653325).
    Workers returned on 15 Jun 2020 "after a 75-day absence" (Sputnik, 15 Jun 2020).
    """
    timeline = simulate_case(lapse_case(load_scenario("sma-2020-lapse")))
    summary = timeline.summary()
    assert summary.payroll_runs_out == "2020-04"
    assert 4_000 <= summary.max_on_leave <= 4_500
    assert summary.max_on_leave == 8_600 - 4_500
    assert summary.leave_days_per_worker == 75
    assert summary.leave_ends == "2020-06"
    by_month = {r["month"]: r for r in timeline.to_records()}
    assert by_month["2020-03"]["on_unpaid_leave"] == 0
    assert by_month["2020-04"]["kept_by_sending_state"] == 4_500
    assert by_month["2020-07"]["on_unpaid_leave"] == 0


def test_2018_19_lapse_is_covered_by_the_extension() -> None:
    """Seed report: 'the agreement from this year will be extended'; no furlough in 2019."""
    summary = simulate_case(lapse_case(load_scenario("sma-2018"))).summary()
    assert summary.payroll_runs_out is None
    assert summary.costs.host == summary.costs.sending_state == summary.costs.workers == 0


def test_no_deal_until_the_horizon_costs_more() -> None:
    case = lapse_case(load_scenario("sma-2020-lapse"))
    documented = no_deal_cost(case, date(2020, 6, 15))
    never = simulate_case(case.with_deal(None)).summary()
    assert never.leave_ends == "2021-09"  # the 2021 funding windows end in August
    assert never.costs.workers > documented.workers > 0
    # 75 days of 4,100 people
    assert documented.leave_person_days == 75 * 4_100


def test_deal_date_override_in_the_cli_sense() -> None:
    case = lapse_case(load_scenario("sma-2020-lapse"), deal_on=date(2020, 4, 11))
    summary = simulate_case(case).summary()
    assert summary.leave_days_per_worker == 10
    assert summary.leave_ends == "2020-04"


SECTORS = ("payroll", "construction", "logistics")


@st.composite
def cases(draw: st.DrawFn) -> LapseCase:
    annual = {s: draw(st.integers(0, 10**12)) for s in SECTORS}
    annual["payroll"] = draw(st.integers(12, 10**12))
    headcount = draw(st.integers(0, 20_000))
    expiry = date(draw(st.integers(2018, 2024)), 12, 31)
    deal = draw(st.none() | st.integers(0, 800).map(lambda d: expiry + timedelta(days=d)))
    bridge = draw(st.none() | st.integers(0, 400).map(lambda d: expiry + timedelta(days=d)))
    return LapseCase(
        "X",
        "KRW",
        SECTORS,
        annual,
        {s: draw(st.integers(0, 10**12)) for s in SECTORS},
        expiry,
        date(expiry.year + 2, 12, 31),
        LapseRules(
            extension_pct=Decimal(draw(st.integers(0, 100))),
            carried_over={s: draw(st.integers(0, 10**12)) for s in SECTORS},
            reserve=draw(st.integers(0, 10**12)),
            reserve_pays_for=tuple(draw(st.sets(st.sampled_from(SECTORS)))),
        ),
        Workforce(
            headcount,
            Decimal(draw(st.integers(1, 1000))) / 10,
            draw(st.integers(0, headcount)),
            draw(st.booleans()),
            draw(st.integers(0, 3_000_000)),
            bridge,
            draw(st.booleans()),
            monthly_pay=draw(st.integers(0, 10_000_000)),
        ),
        deal,
        draw(events(expiry)),
    )


@st.composite
def events(draw: st.DrawFn, expiry: date) -> Events:
    """Notices, funding windows (payroll by the host then the sending state, construction),
    a payroll suspension after them, the lapse clause and the top-up, each optional."""
    day = st.integers(1, 500)
    first = expiry + timedelta(days=draw(day))
    second = first + timedelta(days=draw(day))
    third = second + timedelta(days=draw(day))
    funding = []
    if draw(st.booleans()):
        funding.append(Funding("h", "host", ("payroll",), first, second, "t"))
    if draw(st.booleans()):
        end = second + timedelta(days=draw(day))
        funding.append(Funding("s", "sending_state", ("construction",), first, end, "t"))
    notices = ()
    if draw(st.booleans()):
        served = expiry - timedelta(days=draw(st.integers(-100, 200)))
        notices = (Notice("n", served, draw(st.integers(0, 180)), "t"),)
    suspensions = ()
    if draw(st.booleans()):
        suspensions = (
            Suspension("payroll", third, draw(st.none() | st.just(third + timedelta(days=40)))),
        )
    clause = LapseClause("X", ("payroll",), "t") if draw(st.booleans()) else None
    return Events(notices, tuple(funding), suspensions, clause, draw(st.booleans()))


@settings(max_examples=150, deadline=None)
@given(case=cases())
def test_money_is_conserved_and_no_fund_goes_negative(case: LapseCase) -> None:
    result = simulate(batch_of([case]))
    opening = sum(case.rules.carried_over.values()) + case.rules.reserve
    funds_in = int(result.funds_in.sum())
    spent = int(result.spent.sum())
    closing = int(result.carried[0, -1].sum()) + int(result.reserve[0, -1])
    assert opening + funds_in == spent + closing
    assert (result.carried >= 0).all() and (result.reserve >= 0).all()
    assert (result.on_leave >= 0).all() and (result.unfunded >= 0).all()
    # nobody is paid from an empty fund: spending never exceeds what came in or was held
    running = opening + np.cumsum(result.funds_in[0].sum(axis=1) - result.spent[0].sum(axis=1))
    assert (running >= 0).all()


@settings(max_examples=100, deadline=None)
@given(case=cases())
def test_a_deal_on_the_expiry_date_costs_nothing(case: LapseCase) -> None:
    costs = no_deal_cost(case, case.expiry)
    assert (costs.host, costs.sending_state, costs.workers, costs.leave_person_days) == (0, 0, 0, 0)


@settings(max_examples=100, deadline=None)
@given(case=cases(), first=st.integers(0, 700), extra=st.integers(1, 300))
def test_a_later_deal_never_costs_less(case: LapseCase, first: int, extra: int) -> None:
    """Monotone up to rounding. People funded in a month are whole workers
    (floor(headcount × spent / need), need and spent each rounded), so a later deal can show
    one worker fewer on leave in a month: the slack is one worker-month per simulated month
    (found by hypothesis with the events of issue 17; money otherwise moves by one unit)."""
    late_day = case.expiry + timedelta(days=first + extra)
    early = no_deal_cost(case, case.expiry + timedelta(days=first))
    late = no_deal_cost(case, late_day)
    m = len(months(case.expiry, case.horizon))
    labour = Decimal(case.last_year["payroll"] * 100) / (12 * case.workforce.host_share_pct)
    worker_month = int(max(case.workforce.monthly_pay, labour / max(case.workforce.headcount, 1)))
    slack = m * (worker_month + 2)
    total = [c.host + c.sending_state + c.workers for c in (early, late)]
    assert total[1] >= total[0] - slack
    assert late.leave_person_days >= early.leave_person_days - 31 * m
    if late_day <= case.horizon:  # back pay falls inside the simulated months for both
        assert late.host >= early.host - slack
        assert late.sending_state >= early.sending_state - slack
        assert late.workers >= early.workers - slack


def test_batch_equals_one_by_one() -> None:
    case = lapse_case(load_scenario("sma-2020-lapse"))
    variants = [replace(case, deal_on=date(2020, m, 1)) for m in range(1, 13)]
    together = simulate(batch_of(variants))
    for i, variant in enumerate(variants):
        alone = simulate(batch_of([variant]))
        assert (together.on_leave[i] == alone.on_leave[0]).all()
        assert (together.cost_workers[i] == alone.cost_workers[0]).all()


def test_monthly_payroll_overrides_the_sector_amount(tmp_path: Path) -> None:
    text = (Path(__file__).parent / "data" / "good-lapse.yaml").read_text()
    text = text.replace("host_share: 70,", "host_share: 70, monthly_payroll: 60000000000,")
    path = tmp_path / "s.yaml"
    path.write_text(text)
    case = lapse_case(load_scenario(path))
    assert case.last_year["payroll"] == 12 * 60_000_000_000 * 70 // 100
    assert case.last_year["construction"] == 444_200_000_000  # the 2018 split is untouched


@settings(max_examples=100, deadline=None)
@given(case=cases())
def test_the_lapse_clause_prevents_furlough_unless_payroll_is_suspended(case: LapseCase) -> None:
    """11th/12th SMA: labour paid at the prior year's level while the agreement lapses."""
    events = replace(
        case.events,
        lapse_clause=LapseClause("X", ("payroll",), "t"),
        suspensions=tuple(s for s in case.events.suspensions if s.sector != "payroll"),
    )
    result = simulate(batch_of([replace(case, events=events)]))
    assert (result.on_leave == 0).all()
    assert (result.pay_lost == 0).all() and (result.cost_workers == 0).all()
