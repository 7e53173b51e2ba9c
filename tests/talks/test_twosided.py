"""The scenario Monte Carlo with both sides uncertain (simulation.uncertain) and its calendar."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.errors import InputError
from burdenshare.talks import montecarlo
from burdenshare.talks.twosided import deal_ordinals, talks_from

WEIGHTS = Path(__file__).parents[1] / "data" / "sma-2018-weights.yaml"

SCENARIO = load_scenario("sma-10")
SETUP = montecarlo.setup(SCENARIO)


def test_a_valuation_scenario_with_uncertain_parties_is_two_sided() -> None:
    assert SETUP.two_sided and SETUP.uncertain is None
    assert talks_from(SETUP) == date(2019, 1, 22)  # the last recorded offer


def test_chunking_does_not_matter_and_a_run_is_its_own_negotiation() -> None:
    a = montecarlo.run(SETUP, 12_000, seed=5, chunk=5_000)
    b = montecarlo.run(SETUP, 12_000, seed=5, chunk=12_000)
    assert np.array_equal(a.result.outcome, b.result.outcome)
    assert a.talks_days is not None and b.talks_days is not None
    assert np.array_equal(a.talks_days, b.talks_days)
    make = montecarlo.factory(SETUP, 5)
    for i in (0, 9_999, 10_000, 11_999):
        one = montecarlo.simulate_one(SETUP, make(i, i + 1))  # learning sides, as run()
        assert (one.outcome[0], one.round[0]) == (a.result.outcome[i], a.result.round[i])


def test_deal_dates_follow_each_runs_talks_length() -> None:
    mc = montecarlo.run(SETUP, 2_000, seed=1)
    assert mc.talks_days is not None
    dates = deal_ordinals(SETUP, mc.result, mc.talks_days)
    agreed = mc.result.agreed
    start = date(2019, 1, 22).toordinal()
    left = SETUP.protocol.rounds - SETUP.protocol.start
    expected = start + np.rint(
        mc.talks_days * (mc.result.round - SETUP.protocol.start) / left
    ).astype(np.int64)
    assert np.array_equal(dates[agreed], expected[agreed])
    assert (dates[~agreed] == -1).all()
    summary = mc.summary()
    assert summary["deal_date_p50"] not in {d.isoformat() for d in SETUP.round_dates}
    assert summary["lapse_cost_mean"] is None


def test_uncertain_and_uncertainty_do_not_mix(tmp_path: Path) -> None:
    text = SCENARIO.path.read_text(encoding="utf-8")
    old = "  uncertain:\n"
    assert old in text
    path = tmp_path / "s.yaml"
    path.write_text(
        text.replace(old, "  uncertainty: {about: US, weights_concentration: 30}\n" + old),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        montecarlo.setup(load_scenario(path))
    assert err.value.field == "simulation.uncertain"


def test_weights_only_scenarios_keep_their_one_sided_monte_carlo() -> None:
    st = montecarlo.setup(load_scenario(WEIGHTS))
    assert not st.two_sided
    assert montecarlo.run(st, 100, seed=0).talks_days is None
    assert replace(st, runs=1).two_sided is False


def test_the_no_deal_lapse_cost_grows_with_each_runs_talks(tmp_path: Path) -> None:
    """Time-varying no deal: without the 2018 extension, a lapse to the end of a longer run's
    talks costs Seoul more (the lapse simulator, one sweep over the dates); at the stated
    ``lapse_until`` the table is the static no-deal part, and it is the floor."""
    from burdenshare.talks import twosided
    from burdenshare.talks.grounded import build_preferences
    from burdenshare.talks.terms import build_terms_domain

    text = SCENARIO.path.read_text(encoding="utf-8")
    old = "  extension:\n    percent: 100\n"
    assert old in text and text.count("lapse_until: 2019-12-31") == 2
    text = text.replace(old, "  extension:\n    percent: 0\n")
    path = tmp_path / "no-extension.yaml"
    path.write_text(text.replace("lapse_until: 2019-12-31", "lapse_until: 2019-02-01"), "utf-8")
    scenario = load_scenario(path)
    start = date(2018, 12, 13)
    lapse = twosided.lapse_over_time(scenario, ("US", "ROK"), start, 240)
    assert lapse is not None and lapse.stated == (50, 50)  # 1 Feb 2019
    host_table = lapse.tables[1]
    assert host_table is not None and host_table.size == 241
    assert (np.diff(host_table) <= 0).all() and host_table[240] < host_table[50] < 0
    neg = scenario.spec.negotiation
    assert neg is not None
    host = build_preferences(build_terms_domain(scenario), "ROK", neg.preferences["ROK"], True)
    assert host.model is not None
    assert host_table[50] == pytest.approx(host.model.no_deal_parts["lapse_cost"])
    models = (host.model, host.model)
    draws = twosided.TwoSidedDraws((None, None), (None, None), np.array([0, 50, 240]))
    _, r = twosided.utilities(models, draws, 3, None, lapse)
    assert r[1][0] == r[1][1] == pytest.approx(host.reservation_value)  # the floor
    assert r[1][2] < r[1][1]  # a longer lapse, a worse no deal for Seoul
