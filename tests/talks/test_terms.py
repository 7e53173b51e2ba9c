"""Negotiation over agreement terms: payments, money-grounded utility, lapse reservation."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.costs.agreement import amounts
from burdenshare.costs.scenario import load_scenario
from burdenshare.errors import InputError
from burdenshare.talks.grounded import build_preferences, no_deal_npv
from burdenshare.talks.study import study_scenario
from burdenshare.talks.terms import build_terms_domain
from helpers import run_cli as run

WEIGHTS = Path(__file__).parents[1] / "data" / "sma-2018-weights.yaml"

SCENARIO = load_scenario(WEIGHTS)  # the weights form (sma-2018 before it moved to valuations)
DOMAIN = build_terms_domain(SCENARIO)


def test_space_of_the_four_issues() -> None:
    assert DOMAIN.space.names == ("amount", "duration", "increase", "strategic_assets")
    assert DOMAIN.space.shape == (12, 5, 4, 2)
    assert DOMAIN.first_year[DOMAIN.space.issue("amount").position(150)] == 1_440_300_000_000


@settings(max_examples=60, deadline=None)
@given(index=st.integers(0, DOMAIN.space.size - 1))
def test_every_outcome_maps_to_an_agreement_with_the_same_payments(index: int) -> None:
    outcome = DOMAIN.space.outcome_at(index)
    agreement = DOMAIN.agreement(outcome)
    schedule = [a.amount for a in amounts(agreement, SCENARIO.bank)]
    held = schedule + [schedule[-1]] * (DOMAIN.horizon - len(schedule))  # lapse: level carried
    assert list(DOMAIN.payments_of(outcome)) == held
    assert agreement.duration == outcome[1]
    assert agreement.clauses["strategic_assets"] is (outcome[3] == "yes")


def test_payments_of_a_known_outcome() -> None:
    # 120% of 9,602억 = 11,522억, +8.2% a year for five years, each year rounded to 1억
    assert DOMAIN.payments_of((120, 5, 8.2, "yes")) == (
        1_152_200_000_000,
        1_246_700_000_000,
        1_348_900_000_000,
        1_459_500_000_000,
        1_579_200_000_000,
    )
    # a one-year deal: the level is carried on (lapse rule) to the horizon
    assert DOMAIN.payments_of((108, 1, 8.2, "no")) == (1_037_000_000_000,) * 5


def test_npv_closed_form() -> None:
    flat = DOMAIN.npv()[DOMAIN.space.index_of((100, 3, 0, "no"))]
    expected = sum(960_200_000_000 / 1.025**t for t in range(5))
    assert flat == pytest.approx(expected, rel=1e-15)


def test_money_utility_runs_from_best_to_worst() -> None:
    spec = SCENARIO.spec.negotiation
    assert spec is not None
    host = build_preferences(DOMAIN, "ROK", spec.preferences["ROK"], pays=True)
    guest = build_preferences(DOMAIN, "US", spec.preferences["US"], pays=False)
    u_host, u_guest = host.utilities(DOMAIN), guest.utilities(DOMAIN)
    cheapest = DOMAIN.space.index_of((100, 5, 0, "no"))
    dearest = DOMAIN.space.index_of((200, 5, 8.2, "yes"))
    # host: money 0.5 × 1 + duration 0.4 × 1 + assets 0.1 × 1
    assert u_host[cheapest] == pytest.approx(1.0, abs=1e-15)
    assert u_guest[cheapest] == pytest.approx(0.0, abs=1e-15)
    # US: money 0.7 × 1 + duration(5) 0.15 × 0 + assets 0.15 × 1
    assert u_guest[dearest] == pytest.approx(0.85, abs=1e-15)
    assert u_host[dearest] == pytest.approx(0.4 * 1.0, abs=1e-15)


def test_reservation_values_come_from_the_lapse() -> None:
    spec = SCENARIO.spec.negotiation
    assert spec is not None
    host = build_preferences(DOMAIN, "ROK", spec.preferences["ROK"], pays=True)
    # the 2018 lapse is extended (no cost), so no deal = the 2018 level carried on:
    # money 0.5 × 1 (the cheapest NPV) + duration(1) 0.4 × 0 + assets(no) 0.1 × 1
    assert host.reservation_value == pytest.approx(0.6, abs=1e-15)


def test_a_costlier_lapse_lowers_the_host_reservation(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    text = SCENARIO.path.read_text(encoding="utf-8")
    text = text.replace(
        '    percent: 100\n    reference: "seed report',
        '    percent: 0\n    reference: "no extension; seed report',
    )
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    domain = build_terms_domain(scenario)
    spec = scenario.spec.negotiation
    assert spec is not None
    values = []
    for until in ("2019-02-01", "2019-06-30", "2019-12-31"):
        prefs = spec.preferences["ROK"].model_copy(
            update={
                "reservation": spec.preferences["ROK"].reservation.model_copy(
                    update={"lapse_until": date.fromisoformat(until)}
                )
            }
        )
        values.append(build_preferences(domain, "ROK", prefs, pays=True).reservation_value)
    assert values[0] > values[1] > values[2]


def test_no_deal_npv_adds_lapse_costs_for_the_payer() -> None:
    from burdenshare.lapse.timeline import PartyCosts

    costs = PartyCosts(
        host=10, sending_state=7, workers=100, leave_person_days=0, leave_person_months=Decimal(0)
    )
    base = no_deal_npv(DOMAIN, PartyCosts(0, 0, 0, 0, Decimal(0)), True, Decimal(0))
    assert no_deal_npv(DOMAIN, costs, True, Decimal(1)) == pytest.approx(base + 110)
    assert no_deal_npv(DOMAIN, costs, False, Decimal(1)) == pytest.approx(base - 7)


def test_study_points_lie_on_the_frontier_and_in_the_zopa() -> None:
    study = study_scenario(SCENARIO)
    u1, u2 = study.utilities
    r1, r2 = study.reservation
    frontier = set(study.analysis.pareto.tolist())
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "max_welfare"):
        point = study.point(name)
        assert point is not None
        assert point.index in frontier
        assert u1[point.index] >= r1 and u2[point.index] >= r2
    nash = study.point("nash")
    assert nash is not None
    gains = (u1 - r1) * (u2 - r2)
    zopa = (u1 >= r1) & (u2 >= r2)
    assert gains[nash.index] == np.max(gains[zopa])


def test_weights_not_summing_to_one_fail_clearly(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    text = SCENARIO.path.read_text(encoding="utf-8").replace(
        "money: {weight: 0.5}", "money: {weight: 0.6}"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"sum to 1\.1"):
        study_scenario(load_scenario(path))


def test_negotiate_json() -> None:
    result = run("negotiate", str(WEIGHTS), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["outcomes"] == 480 and data["parties"] == ["ROK", "US"]
    assert data["pareto_size"] == len(data["pareto"])
    first = data["pareto"][0]
    assert set(first["outcome"]) == {"amount", "duration", "increase", "strategic_assets"}
    nash = data["points"]["nash"]
    assert nash["first_year"] == nash["payments"][0]
    assert data["illustration"] is True


def test_negotiate_genius_and_errors() -> None:
    base = Path(__file__).parents[1] / "negotiation" / "data" / "genius" / "y2011" / "Camera"
    result = run(
        "negotiate",
        "--genius",
        str(base / "camera_domain.xml"),
        str(base / "camera_buyer_utility.xml"),
        str(base / "camera_seller_utility.xml"),
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["outcomes"] == 3_600
    assert data["pareto_size"] == 16
    missing = run(
        "negotiate",
        "--genius",
        str(base / "camera_domain.xml"),
        str(base / "camera_buyer_utility.xml"),
        str(base / "nope.xml"),
    )
    assert missing.returncode == 2 and "nope.xml" in missing.stderr
    neither = run("negotiate")
    assert neither.returncode == 2 and "give a SCENARIO or --genius" in neither.stderr


def test_an_indexed_increase_level_follows_its_series(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    text = SCENARIO.path.read_text(encoding="utf-8").replace(
        "increase: [0, 2.5, 5, 8.2]",
        "increase: [0, {label: cpi-2y-cap4, series: kr-cpi, lag: 2, cap: 4}]",
    )
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    domain = build_terms_domain(scenario)
    assert domain.space.issue("increase").values == (0, "cpi-2y-cap4")
    outcome = (100, 5, "cpi-2y-cap4", "no")
    # 9,602억, then × CPI two years earlier (2018–2021: 1.5, 0.4, 0.5, 2.5 %), rounded to 1억
    assert domain.payments_of(outcome) == (
        960_200_000_000,
        974_600_000_000,
        978_500_000_000,
        983_400_000_000,
        1_008_000_000_000,
    )
    agreement = domain.agreement(outcome)
    assert [a.amount for a in amounts(agreement, scenario.bank)] == list(
        domain.payments_of(outcome)
    )


def test_an_indexed_increase_needs_its_series(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    text = SCENARIO.path.read_text(encoding="utf-8").replace(
        "increase: [0, 2.5, 5, 8.2]", "increase: [0, {label: x, series: kr-cpx}]"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="unknown series 'kr-cpx'"):
        build_terms_domain(load_scenario(path))


def test_negotiate_genius_malformed_files_exit_2(tmp_path: Path) -> None:
    base = Path(__file__).parents[1] / "negotiation" / "data" / "genius" / "y2011" / "Camera"
    broken = tmp_path / "broken.xml"
    broken.write_text("<utility_space><objective", encoding="utf-8")
    result = run(
        "negotiate",
        "--genius",
        str(base / "camera_domain.xml"),
        str(broken),
        str(base / "camera_seller_utility.xml"),
    )
    assert result.returncode == 2 and str(broken) in result.stderr
    assert "Traceback" not in result.stderr
    text = (base / "camera_buyer_utility.xml").read_text(encoding="utf-8")
    heavy = tmp_path / "heavy.xml"
    # weights that miss 1 load (used as given, capped at 1, as GENIUS does); a negative one does not
    heavy.write_text(text.replace('value="0.34"', 'value="-0.34"', 1), encoding="utf-8")
    result = run(
        "negotiate",
        "--genius",
        str(base / "camera_domain.xml"),
        str(heavy),
        str(base / "camera_seller_utility.xml"),
    )
    assert result.returncode == 2 and str(heavy) in result.stderr and "weight" in result.stderr
