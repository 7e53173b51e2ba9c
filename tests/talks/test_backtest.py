"""The backtest: each SMA negotiation replayed as of its last round before agreement; tests
named after the event they replay. Runs are fewer than the CLI's (4,000) to stay fast."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.talks import replay as rp
from burdenshare.talks.backtest import CaseResult, backtest
from helpers import run_cli as run

RUNS = 4_000


@pytest.fixture(scope="module")
def tenth() -> CaseResult:
    return backtest(load_scenario("sma-10"), runs=RUNS)


@pytest.fixture(scope="module")
def eleventh() -> CaseResult:
    return backtest(load_scenario("sma-11"), runs=RUNS)


@pytest.fixture(scope="module")
def twelfth() -> CaseResult:
    return backtest(load_scenario("sma-12"), runs=RUNS)


def test_each_case_is_replayed_as_of_its_last_round_before_agreement() -> None:
    expected = {
        "sma-10": date(2018, 12, 13),  # 10th round, Seoul, 11–13 Dec 2018
        "sma-11": date(2021, 2, 5),  # 8th round, video conference, 5 Feb 2021
        "sma-12": date(2024, 9, 27),  # 8th round, Seoul, 25–27 Sep 2024
    }
    for name, day in expected.items():
        spec = load_scenario(name).spec.backtest
        assert spec is not None
        assert rp.default_as_of(spec) == day


def test_real_first_year_amounts_are_the_documented_figures(
    tenth: CaseResult, eleventh: CaseResult, twelfth: CaseResult
) -> None:
    """1.0389 trillion won (2019), 1.1833 trillion (2021), 1.5192 trillion (2026): MOFA, Yonhap."""
    firsts = [r.real["first_year"] for r in (tenth, eleventh, twelfth)]
    assert firsts == [1_038_900_000_000, 1_183_300_000_000, 1_519_200_000_000]


def test_10th_sma_2019_one_year_deal_is_inside_the_zopa_and_mid_distribution(
    tenth: CaseResult,
) -> None:
    r = tenth
    assert r.in_zopa is True
    assert r.percentile_amount is not None and 10 <= r.percentile_amount <= 90
    assert r.percentile_date is not None and 10 <= r.percentile_date <= 90
    assert r.on_target


def test_11th_sma_2021_agreement_after_the_walk_out_is_inside_the_zopa(
    eleventh: CaseResult,
) -> None:
    r = eleventh
    assert r.in_zopa is True
    assert r.percentile_amount is not None and 10 <= r.percentile_amount <= 90
    assert r.percentile_date is not None and 10 <= r.percentile_date <= 90


def test_12th_sma_2024_out_of_sample_result_is_reported_as_it_is(twelfth: CaseResult) -> None:
    """Out of sample, not tuned: in the ZOPA, but the real amount (108.3%) lies below the
    simulated p10 and the deal (5 days after the 8th round) before every simulated date."""
    r = twelfth
    assert r.out_of_sample and r.in_zopa
    assert r.percentile_amount is not None and r.percentile_amount < 10
    assert r.percentile_date == 0.0
    assert not r.on_target


def test_10th_sma_as_of_january_2019_knows_the_one_year_us_position() -> None:
    scenario = load_scenario("sma-10")
    before = rp.prepare(scenario)
    after = rp.prepare(scenario, date(2019, 1, 31))
    assert (before.history, after.history) == (2, 3)
    space = after.setup.domain.space
    assert space.outcome_at(after.setup.protocol.history[-1]) == (117.8, 1, 0, "no")
    assert rp.last_offers(after) == {
        "US": space.index_of((117.8, 1, 0, "no")),
        "ROK": space.index_of((104, 5, 0, "no")),
    }


def test_deal_dates_are_simulated_not_the_input_last_round() -> None:
    replay = rp.prepare(load_scenario("sma-10"))
    runs = rp.run(replay, 2_000, 1)
    dates = runs.deal_dates(replay)[runs.result.agreed]
    as_of = replay.as_of.toordinal()
    assert dates.min() >= as_of and dates.max() <= as_of + 240  # talks_length high_days
    assert np.unique(dates).size > 50
    assert np.median(dates) != replay.setup.round_dates[-1].toordinal()


def test_both_sides_are_uncertain() -> None:
    """Without uncertainty every run is the same negotiation; either side's uncertainty alone
    spreads the settlements, and both together differ from each alone."""
    scenario = load_scenario("sma-10")
    sim = scenario.spec.simulation
    assert sim is not None

    def outcomes(uncertain: dict[str, object]) -> np.ndarray:
        spec = scenario.spec.model_copy(
            update={"simulation": sim.model_copy(update={"uncertain": uncertain})}
        )
        replay = rp.prepare(replace(scenario, spec=spec))
        result = rp.run(replay, 1_000, 3).result
        return np.asarray(result.outcome)

    none = outcomes({})
    assert np.unique(none).size == 1
    us = outcomes({"US": sim.uncertain["US"]})
    rok = outcomes({"ROK": sim.uncertain["ROK"]})
    both = outcomes(dict(sim.uncertain))
    assert np.unique(us).size > 1 and np.unique(rok).size > 1
    assert not np.array_equal(both, us) and not np.array_equal(both, rok)


def test_same_seed_same_backtest() -> None:
    a = backtest(load_scenario("sma-10"), runs=1_000, seed=4)
    b = backtest(load_scenario("sma-10"), runs=1_000, seed=4)
    assert a.to_record() == b.to_record()


def test_backtest_cli_json_gives_one_record_per_case(tmp_path: Path) -> None:
    out = tmp_path / "bt.json"
    result = run(
        "backtest", "sma-10", "sma-11", "--runs", "1000", "--format", "json", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    records = json.loads(out.read_text(encoding="utf-8"))
    assert [r["case"] for r in records] == ["10th SMA (2019)", "11th SMA (2021)"]
    for r in records:
        assert {"case", "as_of", "in_zopa", "percentile_amount", "percentile_date"} <= set(r)
        assert isinstance(r["in_zopa"], bool) and 0 <= r["percentile_amount"] <= 100
        assert r["assumptions"]  # every assumption used is named in the output


def test_backtest_cli_refuses_a_date_after_the_agreement() -> None:
    result = run("backtest", "sma-10", "--as-of", "2019-03-01")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"error: {load_scenario('sma-10').path}: --as-of: 2019-03-01 is not before the "
        "agreement (2019-02-10)"
    ]


def test_backtest_cli_refuses_a_scenario_without_a_backtest_section() -> None:
    result = run("backtest", "sma-2018")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "backtest" in result.stderr
