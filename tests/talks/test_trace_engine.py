"""The trace of `simulate --trace` and /negotiation (talks/trace.py) is the Monte Carlo's own
run at the stated (central) preferences, by the Monte Carlo's engine and rules (issue 16):
without learning opponents it is step for step the trace before the fix; with them it is the
run `montecarlo.run` plays when no draw has any spread."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.negotiation.simulation import trace as batch_trace
from burdenshare.talks import montecarlo
from burdenshare.talks.learning import learning_of, learning_offers
from burdenshare.talks.trace import central, negotiation_trace

WEIGHTS = Path(__file__).parents[1] / "data" / "sma-2018-weights.yaml"

# `montecarlo.one_trace` on main (8acceaf) for the weights form of sma-2018 (no learning, one
# side uncertain): date, party, (amount, duration, increase, strategic assets), u_US, u_ROK;
# the last offer accepted.
MAIN_WEIGHTS_TRACE = [
    ("2018-12-11", "US", (200, 5, 0, "yes"), 0.6696989745649571, 0.5287864467393164),
    ("2018-12-16", "ROK", (104, 5, 0, "no"), 0.02078362905987742, 0.9851545506715161),
    ("2018-12-21", "US", (150, 5, 0, "no"), 0.25984948728247864, 0.8143932233696581),
    ("2018-12-25", "ROK", (108, 5, 2.5, "no"), 0.06961009391732703, 0.9502785043447665),
    ("2018-12-30", "US", (200, 4, 8.2, "yes"), 0.8594576294976294, 0.3546731217874076),
    ("2019-01-04", "ROK", (100, 4, 2.5, "no"), 0.053307172781902126, 0.9233520194414985),
    ("2019-01-09", "US", (200, 4, 8.2, "yes"), 0.8594576294976294, 0.3546731217874076),
    ("2019-01-14", "ROK", (100, 5, 0, "yes"), 0.15, 0.9),
    ("2019-01-19", "US", (200, 4, 8.2, "yes"), 0.8594576294976294, 0.3546731217874076),
    ("2019-01-23", "ROK", (108, 4, 5, "no"), 0.12291387193092083, 0.8736329486207709),
    ("2019-01-28", "US", (200, 4, 8.2, "yes"), 0.8594576294976294, 0.3546731217874076),
    ("2019-02-02", "ROK", (104, 5, 5, "yes"), 0.22613458607367481, 0.845618152804518),
    ("2019-02-07", "US", (200, 3, 8.2, "yes"), 0.8510078722580793, 0.3221372341013719),
    ("2019-02-12", "ROK", (104, 3, 8.2, "no"), 0.14386172230127245, 0.8200987697848053),
    ("2019-02-17", "US", (200, 2, 8.2, "yes"), 0.8420430649483517, 0.20068352503689163),
    ("2019-02-21", "ROK", (112, 4, 0, "yes"), 0.2423508871796325, 0.7954636520145482),
    ("2019-02-26", "US", (200, 2, 8.2, "yes"), 0.8420430649483517, 0.20068352503689163),
    ("2019-03-03", "ROK", (140, 4, 2.5, "no"), 0.27051195898797037, 0.7682057435800211),
    ("2019-03-08", "US", (200, 3, 5, "yes"), 0.8026696448450434, 0.35666453939639753),
    ("2019-03-13", "ROK", (140, 4, 5, "no"), 0.30443334886612855, 0.7439761793813368),
    ("2019-03-18", "US", (200, 3, 2.5, "yes"), 0.7658042758507063, 0.38299694582092403),
    ("2019-03-22", "ROK", (150, 5, 8.2, "no"), 0.39506199258871205, 0.7178128624366342),
    ("2019-03-27", "US", (200, 5, 8.2, "no"), 0.7, 0.5),
    ("2019-04-01", "ROK", (116, 3, 5, "yes"), 0.33547745764811376, 0.6903732445370616),
    ("2019-04-06", "US", (200, 2, 0, "no"), 0.624698974564957, 0.34878644673931636),
    ("2019-04-11", "ROK", (112, 2, 2.5, "no"), 0.17885283023558993, 0.6672479784031501),
    ("2019-04-16", "US", (140, 1, 0, "yes"), 0.5078904146327847, 0.35150684669086807),
    ("2019-04-20", "ROK", (116, 2, 5, "no"), 0.21195080725128812, 0.6436065662490799),
    ("2019-04-25", "US", (140, 3, 8.2, "no"), 0.3527915978392297, 0.6708631444005501),
]


def _zero_spread(tmp_path: Path, name: str, days: int) -> montecarlo.Setup:
    """``name`` with no spread in any draw: no factor on the valuations, no shift of the no-deal
    money, talks of exactly ``days`` days."""
    text = load_scenario(name).path.read_text(encoding="utf-8")
    text, n = re.subn(r"equivalents: [0-9.]+", "equivalents: 0", text)
    text, m = re.subn(r"reservation_(low|high): -?\d+", r"reservation_\1: 0", text)
    text, k = re.subn(
        r"low_days: \d+, high_days: \d+", f"low_days: {days}, high_days: {days}", text
    )
    assert (n, m, k) == (2, 4, 1)
    path = tmp_path / f"{name}-zero.yaml"
    path.write_text(text, encoding="utf-8")
    return montecarlo.setup(load_scenario(path))


def test_without_learning_the_trace_is_mains_step_for_step() -> None:
    st = montecarlo.setup(load_scenario(WEIGHTS))
    assert learning_of(st.scenario.spec.simulation) is None
    got = negotiation_trace(st)
    assert [
        (
            s.on.isoformat(),
            s.party,
            tuple(v for _, v in s.terms),
            s.utilities[0],
            s.utilities[1],
        )
        for s in got.steps
    ] == MAIN_WEIGHTS_TRACE
    assert [s.recorded for s in got.steps] == [True] * 3 + [False] * 26
    assert [s.accepted for s in got.steps] == [False] * 28 + [True]
    assert got.agreement == st.domain.space.index_of((140, 3, 8.2, "no"))
    # the US answers offer 29 in round 30 (index 29): the Monte Carlo's deal date for it
    assert got.agreement_round == 29 and got.deal_date == st.round_dates[29] == date(2019, 4, 30)
    assert got.learning is None and got.talks_days is None
    assert montecarlo.one_trace(st) == got.rows()  # the JSON records, as before


def test_sma2018_without_learning_is_the_batch_engines_trace_on_the_two_sided_calendar() -> None:
    """sma-2018 (both sides uncertain, no opponent model): the batch engine's offers at the
    stated valuations; dates on the two-sided runs' calendar (talks from the as-of date,
    2018-12-14, for 137 days to 30 April 2019), not the even round calendar."""
    st = montecarlo.setup(load_scenario("sma-2018"))
    got = negotiation_trace(st)
    spec, days = central(st)
    old = batch_trace(spec)
    assert [s.outcome for s in got.steps] == [int(o) for o in old.offers]
    assert got.agreement is None and old.round == -1 and got.deal_date is None
    assert days == 137 and got.talks_start == date(2018, 12, 14)
    dates = [s.on.isoformat() for s in got.steps]
    # recorded offers: the round calendar, no later than the as-of date (the file gives none)
    assert dates[:4] == ["2018-12-11", "2018-12-14", "2018-12-14", "2018-12-14"]
    assert dates[4] == "2018-12-19"  # 137 × 1/27 = 5.07 days on
    assert dates[-1] == "2019-04-25"  # 137 × 26/27 = 131.9 days on


SMA10_OFFERS = [  # the 10th SMA's central run, learning sides (window 2)
    ("2018-12-07", "US", (150, 5, 0, "no")),  # recorded, on their own dates
    ("2018-12-11", "ROK", (104, 5, 0, "no")),
    ("2019-01-22", "US", (117.8, 1, 0, "no")),
    ("2019-01-22", "ROK", (104, 5, 0, "no")),  # Seoul repeats its line: learnt, not conceded
    ("2019-01-30", "US", (175, 5, 8.2, "yes")),
    ("2019-02-07", "ROK", (100, 1, 0, "yes")),
    ("2019-02-15", "US", (200, 5, 0, "yes")),
    ("2019-02-23", "ROK", (104, 5, 2.5, "no")),
    ("2019-03-03", "US", (175, 4, 0, "yes")),
    ("2019-03-11", "ROK", (104, 5, 0, "yes")),
    ("2019-03-19", "US", (141.4, 1, 0, "no")),
    ("2019-03-27", "ROK", (100, 3, 8.2, "no")),
    ("2019-04-03", "US", (130, 1, 0, "no")),
    ("2019-04-11", "ROK", (112, 1, 0, "no")),
    ("2019-04-19", "US", (125, 3, 2.5, "no")),
    ("2019-04-27", "ROK", (117.8, 3, 0, "no")),  # accepted by the US
]


def test_sma10_trace_is_the_monte_carlos_run_at_the_central_draw(tmp_path: Path) -> None:
    """The 10th SMA (learning opponents): the trace's offers, agreement and deal date are those
    of `montecarlo.run` with one run and no spread in any draw (talks of 135 days, the middle
    of 30–240)."""
    st = montecarlo.setup(load_scenario("sma-10"))
    got = negotiation_trace(st)
    assert [(s.on.isoformat(), s.party, tuple(v for _, v in s.terms)) for s in got.steps] == (
        SMA10_OFFERS
    )
    assert got.learning is not None and got.learning.window == 2
    assert got.talks_days == 135 and got.talks_start == date(2019, 1, 22)
    agreed = st.domain.space.index_of((117.8, 3, 0, "no"))
    assert (got.agreement, got.agreement_round, got.deal_date) == (agreed, 16, date(2019, 5, 5))
    # 22 Jan 2019 + rint(135 × (16 − 3) / 17) = + 103 days
    zero = _zero_spread(tmp_path, "sma-10", 135)
    mc = montecarlo.run(zero, runs=1, seed=0)
    assert (int(mc.result.outcome[0]), int(mc.result.round[0])) == (agreed, 16)
    assert mc.summary()["deal_date_p50"] == "2019-05-05"
    learn = learning_of(zero.scenario.spec.simulation)
    assert learn is not None
    _, offers = learning_offers(
        montecarlo.factory(zero, 0)(0, 1), zero.domain.space.index_array(), learn
    )
    assert [int(o) for o in offers[0][:16]] == [s.outcome for s in got.steps]
    assert negotiation_trace(zero).steps == got.steps


def test_the_old_engine_traced_another_sma10_negotiation() -> None:
    """Issue 16: the batch engine (no learning) on the same central run bids otherwise."""
    st = montecarlo.setup(load_scenario("sma-10"))
    spec, _ = central(st)
    old = [int(o) for o in batch_trace(spec).offers]
    new = [s.outcome for s in negotiation_trace(st).steps]
    assert old[:3] == new[:3]  # the recorded offers
    assert old[3] != new[3]
    assert st.domain.space.as_dict(st.domain.space.outcome_at(old[3])) == {
        "amount": 100,
        "duration": 2,
        "increase": 0,
        "strategic_assets": "no",
    }


@pytest.mark.parametrize(
    ("name", "terms", "round_", "deal"),
    [
        ("sma-11", None, 0, None),
        (
            "sma-12",
            (113.9, 4, "defence budget growth (previous year)", "no"),
            13,
            date(2024, 12, 24),
        ),
    ],
)
def test_sma11_and_sma12_traces_are_the_monte_carlos_central_run(
    tmp_path: Path, name: str, terms: tuple[object, ...] | None, round_: int, deal: date | None
) -> None:
    st = montecarlo.setup(load_scenario(name))
    got = negotiation_trace(st)
    space = st.domain.space
    assert got.agreement == (space.index_of(terms) if terms is not None else None)
    assert (got.agreement_round, got.deal_date) == (round_, deal)
    mc = montecarlo.run(_zero_spread(tmp_path, name, 135), runs=1, seed=0)
    assert int(mc.result.outcome[0]) == (got.agreement if got.agreement is not None else -1)
    assert int(mc.result.round[0]) == (round_ if round_ else -1)
    assert mc.summary()["deal_date_p50"] == (deal.isoformat() if deal else None)


def test_the_central_run_is_the_zero_spread_draw_up_to_summation_order(tmp_path: Path) -> None:
    """Stated valuations (summed once) against a factor of exactly 1 (summed per component):
    the same utilities to a few units in the last place, the same reservation values."""
    spec, _ = central(montecarlo.setup(load_scenario("sma-10")))
    zero = _zero_spread(tmp_path, "sma-10", 135)
    drawn = montecarlo.factory(zero, 0)(0, 1)
    for k in (0, 1):
        assert np.allclose(spec.utilities[k], drawn.utilities[k], rtol=0, atol=1e-15)
        assert np.array_equal(spec.reservations[k], drawn.reservations[k])


def test_a_bayesian_scenarios_trace_is_its_monte_carlos_central_run(tmp_path: Path) -> None:
    """With a Bayesian opponent model the trace draws the hypotheses as the Monte Carlo does;
    with no spread every hypothesis is the truth, so the trace is `montecarlo.run`'s one run."""
    zero = _zero_spread(tmp_path, "sma-10", 135)
    text = zero.scenario.path.read_text(encoding="utf-8")
    text, n = re.subn(
        r"opponent_model: \{type: frequency[^}]*\}", "opponent_model: {type: bayesian}", text
    )
    assert n == 1
    path = tmp_path / "sma-10-bayesian.yaml"
    path.write_text(text, encoding="utf-8")
    st = montecarlo.setup(load_scenario(path))
    got = negotiation_trace(st)
    mc = montecarlo.run(st, runs=1, seed=0)
    assert got.agreement is not None
    assert int(mc.result.outcome[0]) == got.agreement
    assert int(mc.result.round[0]) == got.agreement_round
    assert mc.summary()["deal_date_p50"] == got.deal_date.isoformat()
