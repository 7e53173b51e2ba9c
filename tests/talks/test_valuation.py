"""Money-equivalent valuations: closed forms, brute-force money, grid independence, inputs."""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from burdenshare.costs.scenario import build_scenario, load_scenario
from burdenshare.data.schemas import PartyPreferences
from burdenshare.errors import InputError
from burdenshare.negotiation.analysis import analyze, zopa_indices
from burdenshare.talks.grounded import build_preferences
from burdenshare.talks.terms import build_terms_domain
from burdenshare.talks.valuation import MoneyModel
from helpers import run_cli as run

SMA10 = load_scenario("sma-10")
DOMAIN = build_terms_domain(SMA10)
NEG = SMA10.spec.negotiation
assert NEG is not None
HOST = build_preferences(DOMAIN, "ROK", NEG.preferences["ROK"], pays=True)
US = build_preferences(DOMAIN, "US", NEG.preferences["US"], pays=False)
RATE = 0.025
F = [(1 + RATE) ** -k for k in range(6)]


def _model(prefs: object) -> MoneyModel:
    model = getattr(prefs, "model", None)
    assert isinstance(model, MoneyModel)
    return model


def test_cara_and_linear_utilities_are_the_closed_forms() -> None:
    model = replace(_model(HOST), scale=(0.0, 1.0), risk="cara", coefficient=1.0)
    assert float(model.utility(0.5)) == pytest.approx((1 - math.exp(-0.5)) / (1 - math.exp(-1)))
    assert float(model.utility(0.0)) == 0.0 and float(model.utility(1.0)) == pytest.approx(1.0)
    linear = replace(model, risk="linear", scale=(-20e12, 0.0))
    assert float(linear.utility(-5e12)) == pytest.approx(0.75)


def _brute_money(outcome: tuple[object, ...], host: bool) -> float:
    """The money of one outcome by the formula, year by year (the test oracle)."""
    values = dict(zip(DOMAIN.space.names, outcome, strict=True))
    payments = DOMAIN.payments_of(outcome)
    duration = int(str(values["duration"]))
    sign = -1.0 if host else 1.0
    step, p_lapse, lapse_cost = (0.082, 0.5, 100e9) if host else (0.386, 0.5, 50e9)
    money = sign * sum(p * f for p, f in zip(payments, F, strict=True))
    if values["strategic_assets"] == "yes":
        money += sign * 100e9 * sum(F[:duration])
    money += sign * step * sum(payments[k] * F[k] for k in range(duration, 6))
    if duration < 6:
        money -= p_lapse * lapse_cost * F[duration]
    return money


@pytest.mark.parametrize(
    "outcome",
    [(108.2, 1, 0, "no"), (150, 5, 0, "no"), (104, 3, 5, "yes"), (200, 2, 8.2, "yes")],
)
def test_money_of_an_outcome_is_the_formula_year_by_year(outcome: tuple[object, ...]) -> None:
    index = DOMAIN.space.index_of(outcome)
    assert _model(HOST).money[index] == pytest.approx(_brute_money(outcome, True), rel=1e-12)
    assert _model(US).money[index] == pytest.approx(_brute_money(outcome, False), rel=1e-12)


def test_a_one_year_deal_costs_the_host_its_continuation() -> None:
    """At 108.2%, a one-year deal costs Seoul more than a five-year one at the same level: the
    next agreement's step-up and its lapse risk (a flat tail would make them equal)."""
    one = DOMAIN.space.index_of((108.2, 1, 0, "no"))
    five = DOMAIN.space.index_of((108.2, 5, 0, "no"))
    host = _model(HOST)
    assert DOMAIN.npv()[one] == pytest.approx(DOMAIN.npv()[five])  # payments alone: equal
    gap = host.money[five] - host.money[one]
    level = 1_038_900_000_000
    expected = 0.082 * level * sum(F[1:5]) + 0.5 * 100e9 * F[1] - 0.5 * 100e9 * F[5]
    assert gap == pytest.approx(expected, rel=1e-12)


def test_no_deal_is_built_from_named_parts() -> None:
    host = _model(HOST)
    assert set(host.no_deal_parts) == {"baseline_payments", "lapse_cost", "troop_reduction_threat"}
    annuity = sum(F)
    assert host.no_deal_parts["baseline_payments"] == pytest.approx(-960_200_000_000 * annuity)
    assert host.no_deal_parts["troop_reduction_threat"] == pytest.approx(
        0.25 * -1_151_000_000_000 * annuity
    )
    assert host.no_deal_parts["lapse_cost"] <= 0
    assert HOST.reservation_value == pytest.approx(float(host.utility(host.no_deal)))


def test_the_2019_outcome_is_inside_the_zone_of_agreement() -> None:
    """Issue 16: in sma-2018 the 2019 deal gave Seoul 0.570 < 0.6; here it is acceptable."""
    index = DOMAIN.space.index_of((108.2, 1, 0, "no"))
    assert HOST.utilities(DOMAIN)[index] >= HOST.reservation_value
    assert US.utilities(DOMAIN)[index] >= US.reservation_value


def _points(levels: list[float]) -> dict[str, tuple[object, ...] | None]:
    spec = SMA10.spec
    assert spec.negotiation is not None
    issues = spec.negotiation.issues
    amount = issues.amount.model_copy(update={"percent": tuple(Decimal(str(v)) for v in levels)})
    neg = spec.negotiation.model_copy(
        update={"issues": issues.model_copy(update={"amount": amount})}
    )
    scenario = build_scenario(spec.model_copy(update={"negotiation": neg}), SMA10.path)
    domain = build_terms_domain(scenario)
    assert domain.space.issue("amount").size == len(levels)
    host = build_preferences(domain, "ROK", neg.preferences["ROK"], pays=True)
    us = build_preferences(domain, "US", neg.preferences["US"], pays=False)
    u1, u2 = host.utilities(domain), us.utilities(domain)
    analysis = analyze(u1, u2, host.reservation_value, us.reservation_value)
    out: dict[str, tuple[object, ...] | None] = {}
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "max_welfare"):
        point = getattr(analysis, name)
        out[name] = None if point is None else domain.space.outcome_at(point.index)
    out["zopa"] = tuple(
        sorted(
            map(
                str,
                (
                    domain.space.outcome_at(int(i))
                    for i in zopa_indices(u1, u2, host.reservation_value, us.reservation_value)
                ),
            )
        )
    )
    return out


BASE_LEVELS = [float(str(v)) for v in DOMAIN.space.issue("amount").values]
BASE_POINTS = _points(BASE_LEVELS)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    high=st.lists(st.integers(201, 1000), max_size=3, unique=True),
    low=st.lists(st.integers(1, 60), max_size=2, unique=True),
)
def test_outcomes_nobody_prefers_leave_every_solution_point_unchanged(
    high: list[int], low: list[int]
) -> None:
    """Amount levels beyond both parties' bounds (Seoul refuses every outcome above 200%,
    Washington every one at 60% or less) move no solution point and add nothing to the ZOPA:
    utilities are on a fixed money scale, not the grid's range. (issue 16: adding 300% and 400%
    moved the Nash point of sma-2018 from 1,152.2 to 1,920.4 billion won.)"""
    levels = sorted(set(BASE_LEVELS) | {float(v) for v in high} | {float(v) for v in low})
    assert _points(levels) == BASE_POINTS


def test_the_bounds_of_the_property_hold() -> None:
    """The property's premise, by brute force: at 201% every outcome is below Seoul's
    reservation value, at 60% every outcome below Washington's (money is monotone in the
    amount, so every level beyond is too); at 65% Washington would accept some."""
    spec = SMA10.spec
    assert spec.negotiation is not None
    issues = spec.negotiation.issues
    amount = issues.amount.model_copy(update={"percent": (Decimal(60), Decimal(65), Decimal(201))})
    neg = spec.negotiation.model_copy(
        update={"issues": issues.model_copy(update={"amount": amount})}
    )
    scenario = build_scenario(spec.model_copy(update={"negotiation": neg}), SMA10.path)
    domain = build_terms_domain(scenario)
    host = build_preferences(domain, "ROK", neg.preferences["ROK"], pays=True)
    us = build_preferences(domain, "US", neg.preferences["US"], pays=False)
    first = np.array([domain.space.outcome_at(i)[0] for i in range(domain.space.size)])
    u_host, u_us = host.utilities(domain), us.utilities(domain)
    assert (u_host[first == 201] < host.reservation_value).all()
    assert (u_us[first == 60] < us.reservation_value).all()
    assert (u_us[first == 65] >= us.reservation_value).any()


def _bad(tmp_path: Path, old: str, new: str) -> Path:
    text = SMA10.path.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_unsourced_figure_is_refused_with_one_line(tmp_path: Path) -> None:
    path = _bad(
        tmp_path,
        "scale: {low: -20000000000000, high: 0, assumption: true,",
        "scale: {low: -20000000000000, high: 0,",
    )
    result = run("negotiate", str(path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "negotiation.preferences.ROK.valuation.scale" in result.stderr
    assert "reference" in result.stderr and "assumption" in result.stderr


def test_an_equivalent_of_a_money_issue_is_refused(tmp_path: Path) -> None:
    path = _bad(
        tmp_path,
        "        risk: {type: linear, assumption: true}\n        continuation:\n"
        "          step_up: 8.2",
        "        risk: {type: linear, assumption: true}\n"
        "        equivalents: {duration: {values: {1: 0}, assumption: true}}\n"
        "        continuation:\n          step_up: 8.2",
    )
    sc = load_scenario(path)
    neg = sc.spec.negotiation
    assert neg is not None
    with pytest.raises(InputError) as err:
        build_preferences(build_terms_domain(sc), "ROK", neg.preferences["ROK"], True)
    assert err.value.field == "negotiation.preferences.ROK.valuation.equivalents.duration"


def test_valuation_and_weights_do_not_mix() -> None:
    data = {"money": {"weight": 1}, "reservation": {"value": 0.5}}
    PartyPreferences.model_validate(data)
    with pytest.raises(ValueError, match="replaces"):
        PartyPreferences.model_validate(
            {**data, "valuation": {"scale": {"low": 0, "high": 1, "assumption": True}}}
        )
    with pytest.raises(ValueError, match="give 'money' and 'reservation'"):
        PartyPreferences.model_validate({"money": {"weight": 1}})


def test_an_overflowing_risk_attitude_is_refused() -> None:
    spec = PartyPreferences.model_validate(
        {
            "valuation": {
                "scale": {"low": 0, "high": 0.001, "assumption": True},
                "risk": {"type": "cara", "coefficient": -50, "assumption": True},
            }
        }
    )
    with pytest.raises(InputError) as err:
        build_preferences(DOMAIN, "US", spec, pays=False)
    assert err.value.field == "negotiation.preferences.US.valuation.risk"
    with pytest.raises(ValueError, match=r"less than or equal|larger than"):
        PartyPreferences.model_validate(
            {"valuation": {"scale": {"low": 0, "high": 1e300, "assumption": True}}}
        )
