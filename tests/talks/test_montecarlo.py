"""Monte Carlo of a scenario's negotiation: reproducibility, calendar, recorded offers, lapse."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.errors import InputError
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.timeline import no_deal_cost
from burdenshare.negotiation.simulation import BatchSpec, simulate
from burdenshare.talks import montecarlo
from helpers import run_cli as run

WEIGHTS = Path(__file__).parents[1] / "data" / "sma-2018-weights.yaml"

SCENARIO = load_scenario(WEIGHTS)  # the weights form (sma-2018 before it moved to valuations)
SETUP = montecarlo.setup(SCENARIO)


def _variant(tmp_path: Path, old: str, new: str) -> montecarlo.Setup:
    path = tmp_path / "s.yaml"
    text = SCENARIO.path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return montecarlo.setup(load_scenario(path))


def test_round_dates_are_spread_evenly() -> None:
    assert montecarlo.round_dates(date(2019, 1, 1), date(2019, 1, 11), 3) == (
        date(2019, 1, 1),
        date(2019, 1, 6),
        date(2019, 1, 11),
    )
    assert SETUP.round_dates[0] == date(2018, 12, 11)
    assert SETUP.round_dates[-1] == date(2019, 4, 30)


def test_recorded_offers_open_the_protocol() -> None:
    space = SETUP.domain.space
    assert SETUP.parties == ("US", "ROK")
    assert SETUP.protocol.history == (
        space.index_of((200, 5, 0, "yes")),
        space.index_of((104, 5, 0, "no")),
        space.index_of((150, 5, 0, "no")),
    )
    rows = montecarlo.one_trace(SETUP)
    assert [r["recorded"] for r in rows[:4]] == [True, True, True, False]
    assert rows[1]["party"] == "ROK" and rows[1]["date"] == "2018-12-16"


def test_same_seed_same_result_and_chunking_does_not_matter() -> None:
    a = montecarlo.run(SETUP, 25_000, seed=5, chunk=10_000).result
    b = montecarlo.run(SETUP, 25_000, seed=5, chunk=50_000).result
    c = montecarlo.run(SETUP, 25_000, seed=6).result
    assert np.array_equal(a.outcome, b.outcome) and np.array_equal(a.round, b.round)
    assert np.array_equal(a.utilities, b.utilities)
    assert not np.array_equal(a.outcome, c.outcome)


def test_a_run_is_its_own_negotiation() -> None:
    mc = montecarlo.run(SETUP, 30_000, seed=3)
    make = montecarlo.factory(SETUP, 3)
    for i in (0, 9_999, 10_000, 29_999):
        one = simulate(make(i, i + 1))
        assert one.outcome[0] == mc.result.outcome[i] and one.round[0] == mc.result.round[i]


def test_without_uncertainty_every_run_is_the_trace(tmp_path: Path) -> None:
    st = _variant(
        tmp_path,
        "  uncertainty:\n    about: US\n    weights_concentration: 30\n"
        "    reservation: {low: 0.05, high: 0.3}\n",
        "",
    )
    mc = montecarlo.run(st, 1_000, seed=0)
    rows = montecarlo.one_trace(st)
    accepted = [r for r in rows if r["accepted"]]
    if accepted:
        index = st.domain.space.index_of(tuple(accepted[0]["outcome"].values()))
        assert set(mc.result.outcome.tolist()) == {index}
    else:
        assert not mc.result.agreed.any()


def test_summary_is_consistent_with_the_runs() -> None:
    mc = montecarlo.run(SETUP, 20_000, seed=11)
    s = mc.summary()
    res = mc.result
    assert s["agreements"] == int(res.agreed.sum())
    assert s["p_agreement"] == pytest.approx(res.agreed.mean())
    dates = np.array([d.toordinal() for d in SETUP.round_dates])
    by_deadline = res.agreed & (dates[np.maximum(res.round, 0)] <= date(2018, 12, 31).toordinal())
    assert s["p_deal_by_deadline"] == pytest.approx(by_deadline.mean())
    assert sum(s["duration_shares"].values()) == pytest.approx(1.0)
    first = s["first_year_amount"]
    assert 960_200_000_000 <= first["p10"] <= first["p50"] <= first["p90"] <= 1_920_400_000_000


def test_deals_after_a_costly_expiry_carry_the_lapse_cost(tmp_path: Path) -> None:
    st = _variant(
        tmp_path,
        '    percent: 100\n    reference: "seed report',
        '    percent: 0\n    reference: "no extension; seed report',
    )
    assert st.lapse is not None
    case = lapse_case(st.scenario)
    for k in (0, 10, 29):
        expected = no_deal_cost(case, max(st.round_dates[k], case.expiry))
        assert st.lapse.workers[0, k] == expected.workers
        assert st.lapse.host[0, k] == expected.host
    assert st.lapse.workers[0, 29] > 0
    s = montecarlo.run(st, 10_000, seed=2).summary()
    assert s["lapse_cost_mean"]["workers"] > 0


def test_recorded_offers_must_alternate(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"simulation\.recorded\[1\]\.party"):
        _variant(
            tmp_path,
            "    - {party: ROK, outcome: {amount: 104",
            "    - {party: US, outcome: {amount: 104",
        )


def test_recorded_offer_outside_the_domain(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown value 105"):
        _variant(tmp_path, "outcome: {amount: 104,", "outcome: {amount: 105,")


def test_missing_strategy(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no strategy for 'ROK'"):
        _variant(tmp_path, "    ROK: {type: linear}\n", "")


def test_spec_is_a_batch_of_the_right_size() -> None:
    spec = montecarlo.factory(SETUP, 0)(10_000, 10_250)
    assert isinstance(spec, BatchSpec)
    assert len(simulate(replace(spec))) == 250


def test_simulate_cli_json_and_trace() -> None:
    result = run(
        "simulate", str(WEIGHTS), "--runs", "20000", "--seed", "4", "--format", "json", "--trace"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["runs"] == 20_000 and data["summary"]["seed"] == 4
    assert data["trace"][0]["recorded"] is True
    again = json.loads(
        run("simulate", str(WEIGHTS), "--runs", "20000", "--seed", "4", "--format", "json").stdout
    )
    assert again["summary"] == data["summary"]


def test_simulate_cli_errors() -> None:
    result = run("simulate", "sma-2020-lapse")
    assert result.returncode == 2 and "simulation" in result.stderr
    result = run("simulate", "sma-2018", "--runs", "0")
    assert result.returncode == 2


def test_trace_utilities_are_keyed_by_party() -> None:
    rows = montecarlo.one_trace(SETUP)
    first = rows[0]  # the US's recorded 200% ask: good for the US, bad for Seoul
    space = SETUP.domain.space
    index = space.index_of((200, 5, 0, "yes"))
    us, rok = SETUP.preferences
    assert first["party"] == "US"
    assert first["utilities"]["US"] == us.utilities(SETUP.domain)[index]
    assert first["utilities"]["ROK"] == rok.utilities(SETUP.domain)[index]
    assert first["utilities"]["US"] > first["utilities"]["ROK"]


def test_small_chunks_give_the_same_result() -> None:
    fine = montecarlo.run(SETUP, 12_000, seed=8, chunk=500).result
    coarse = montecarlo.run(SETUP, 12_000, seed=8).result
    assert np.array_equal(fine.outcome, coarse.outcome)
    assert np.array_equal(fine.round, coarse.round)
