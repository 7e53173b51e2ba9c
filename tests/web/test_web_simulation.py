"""Negotiation page: the probability of a deal computed in the background with a progress bar."""

from __future__ import annotations

import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.talks import montecarlo
from conftest import Tab


def test_probability_of_a_deal_with_progress(tab: Tab):
    tab.open("/negotiation")
    tab.page.fill("#sim-form #f-runs", "8000")
    tab.page.fill("#sim-form #f-seed", "7")
    tab.page.click("#sim-form button[type=submit]")
    tab.page.wait_for_selector("#sim-progress", state="visible")  # the indicator while it runs
    tab.page.wait_for_selector("#sim-form[data-sim=done]", timeout=60_000)
    script = "(el => [el.value, el.max])(document.getElementById('sim-progress'))"
    value = tab.page.evaluate(script)
    assert value == [8000, 8000]
    got = float(tab.page.get_attribute("#sim-text", "data-p"))
    setup = montecarlo.setup(load_scenario("sma-2018"))
    assert got == pytest.approx(
        montecarlo.run(setup, runs=8000, seed=7).summary()["p_agreement"], abs=0
    )
    assert tab.errors == []
