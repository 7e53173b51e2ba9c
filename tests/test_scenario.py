"""Scenarios: proposals as reforms of the baseline, relative and absolute amounts, comparison."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.costs.agreement import amounts
from burdenshare.costs.compare import compare, npv
from burdenshare.costs.scenario import build_scenario, load_scenario
from burdenshare.data.schemas import ScenarioFile
from burdenshare.money import Currency, Money


def _spec(
    baseline_amount: dict[str, object],
    proposal_amount: dict[str, object],
    years: int,
    escalation: dict[str, object],
) -> ScenarioFile:
    return ScenarioFile.model_validate(
        {
            "scenario": "t",
            "title": "t",
            "dataset": "us-rok",
            "reference": {"agreement": "SMA-9", "year": 2018},
            "baseline": {
                "start": "2019-01-01",
                "years": years,
                "amount": baseline_amount,
                "escalation": escalation,
                "rounding": {"unit": 100_000_000},
            },
            "proposals": {"p": {"amount": proposal_amount}},
        }
    )


@settings(max_examples=40, deadline=None)
@given(
    years=st.integers(1, 10),
    rate=st.decimals(Decimal("-10"), Decimal("15"), places=1),
    indexed=st.booleans(),
)
def test_relative_proposal_at_100_percent_equals_the_baseline(
    years: int, rate: Decimal, indexed: bool
) -> None:
    escalation: dict[str, object] = (
        {"type": "indexed", "series": "kr-cpi", "lag": 2, "cap": Decimal(4)}
        if indexed and years <= 8
        else {"type": "fixed", "rate": rate}
    )
    spec = _spec({"value": 960_200_000_000, "currency": "KRW"}, {"percent": 100}, years, escalation)
    scenario = build_scenario(spec, Path("t.yaml"))
    base, prop = scenario.baseline.agreement, scenario.proposals[0].agreement
    assert amounts(prop, scenario.bank) == amounts(base, scenario.bank)


def test_proposals_inherit_from_the_baseline() -> None:
    scenario = load_scenario("sma-2018")
    p150 = scenario.proposal("us-150pct").agreement
    assert p150.years == (2019, 2020, 2021, 2022, 2023)
    assert p150.base_amount == 1_440_300_000_000
    assert p150.sectors == scenario.baseline.agreement.sectors
    outcome = scenario.proposal("outcome-2019").agreement
    assert outcome.years == (2019,)
    # a dollar proposal keeps no won rounding unit
    assert scenario.proposal("us-1.2bn").agreement.rounding.unit == 1
    assert scenario.proposal("us-1.2bn").agreement.currency is Currency.USD


def test_relative_with_escalation() -> None:
    scenario = load_scenario("sma-2018")
    plus5 = scenario.proposal("us-150pct-plus5").agreement
    got = [a.amount // 100_000_000 for a in amounts(plus5, scenario.bank)]
    # 14,403 억원, then +5% a year on the rounded previous year
    assert got == [14403, 15123, 15879, 16673, 17507]


def test_npv_closed_form() -> None:
    # a flat annuity: Σ 1 / 1.025^t for t = 0..4 = 4.7619742...; at 960.2bn won
    flat = {y: Money(960_200_000_000, Currency.KRW) for y in range(2019, 2024)}
    expected = sum(Decimal(960_200_000_000) / Decimal("1.025") ** t for t in range(5))
    assert npv(flat, Decimal("2.5"), 2019).minor == int(expected.to_integral_value())
    assert npv(flat, Decimal(0), 2019).minor == 5 * 960_200_000_000


def test_comparison_differences_are_to_the_baseline() -> None:
    result = compare(load_scenario("sma-2018"))
    by_key = {i.proposal.key: i for i in result.items}
    assert by_key["baseline"].diff_total.minor == 0
    assert by_key["rok-1tn"].diff_total.minor == 5 * (1_000_000_000_000 - 960_200_000_000)
    records = [r for r in result.to_records() if r["proposal"] == "us-200pct"]
    assert {r["difference"] for r in records} == {960_200_000_000}


def test_real_terms_deflate_by_host_cpi() -> None:
    result = compare(load_scenario("sma-2018"), real=True)
    base = {i.proposal.key: i for i in result.items}["baseline"].yearly
    # 2019 in 2018 prices: 960.2bn / 1.004 (2019 CPI 0.4%)
    assert base[2019].minor == int(
        (Decimal(960_200_000_000) / Decimal("1.004")).to_integral_value()
    )
