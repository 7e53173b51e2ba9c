"""Replaying a negotiation from what was known at a date: both sides uncertain, the remaining
offers on an uncertain calendar, and where the real outcome fell (issue 16's backtest).

Each run draws, for every party with a ``simulation.uncertain`` entry, a factor uniform in
1 ± ``equivalents`` on each non-payment money component (strategic-asset payments,
continuation, money equivalents) and a shift of its no-deal money; and the length of the rest
of the talks (``simulation.talks_length``, days). The batch engine plays the stated
strategies from the offers recorded on or before the date; the agreement's offer maps to a
date in proportion to the run's talks length, so the simulated deal date is an output, not the
input ``last_round``. Chunks draw from their own streams (``SeedSequence.spawn``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from burdenshare.costs.scenario import Scenario
from burdenshare.data.schemas_valuation import Backtest
from burdenshare.errors import InputError
from burdenshare.negotiation.analysis import analyze
from burdenshare.negotiation.simulation import BatchResult, BatchSpec, simulate_many
from burdenshare.talks import montecarlo, twosided
from burdenshare.talks.learning import (
    hypotheses_of,
    learning_of,
    prior_seed,
    simulate_many_learning,
)
from burdenshare.talks.valuation import MoneyModel

FloatArray = NDArray[np.float64]
CHUNK = 5_000


@dataclass(frozen=True, eq=False)
class Replay:
    """A negotiation set up as of a date (its recorded offers up to then)."""

    setup: montecarlo.Setup
    as_of: date
    history: int  # offers recorded on or before ``as_of``


def default_as_of(spec: Backtest) -> date:
    """The last recorded round before agreement (its last day), else the day before."""
    days = [r.end or r.start for r in spec.rounds if (r.end or r.start) is not None]
    before = [d for d in days if d is not None and d < spec.agreed_on]
    return max(before) if before else spec.agreed_on - timedelta(days=1)


def prepare(scenario: Scenario, as_of: date | None = None) -> Replay:
    """The scenario's negotiation as known on ``as_of`` (default: the backtest's)."""
    spec = scenario.spec
    if spec.simulation is None:
        raise InputError(scenario.path, "simulation", "a replay needs a simulation section")
    if as_of is None:
        if spec.backtest is None:
            raise InputError(scenario.path, "backtest", "give --as-of or a backtest section")
        as_of = default_as_of(spec.backtest)
    sim = spec.simulation
    known = []
    for i, offer in enumerate(sim.recorded):
        when = offer.on or spec.as_of
        if when is None:
            raise InputError(scenario.path, f"simulation.recorded[{i}].on", "a replay needs dates")
        if when <= as_of:
            known.append(offer)
    if len(known) >= sim.rounds:
        raise InputError(scenario.path, "simulation.rounds", "no offers left to simulate")
    last = max(sim.last_round, as_of)
    new = spec.model_copy(
        update={
            "simulation": sim.model_copy(
                update={
                    "recorded": tuple(known),
                    "first_round": min(sim.first_round, as_of),
                    "last_round": last,
                }
            )
        }
    )
    st = montecarlo.setup(replace(scenario, spec=new))
    return Replay(st, as_of, len(known))


def _models(st: montecarlo.Setup) -> tuple[MoneyModel, MoneyModel]:
    models = [p.model for p in st.preferences]
    if models[0] is None or models[1] is None:
        raise InputError(
            st.scenario.path,
            "negotiation.preferences",
            "a replay needs money-equivalent valuations of both parties",
        )
    return models[0], models[1]


@dataclass(frozen=True, eq=False)
class Runs:
    result: BatchResult
    talks_days: NDArray[np.int64]

    def deal_dates(self, replay: Replay) -> NDArray[np.int64]:
        """Ordinal deal date of every run (−1 without agreement)."""
        rounds = replay.setup.protocol.rounds
        done = self.result.round - replay.history
        left = max(1, rounds - replay.history)
        days = np.rint(self.talks_days * np.clip(done, 0, left) / left).astype(np.int64)
        return np.where(self.result.agreed, replay.as_of.toordinal() + days, -1)


def run(replay: Replay, runs: int, seed: int) -> Runs:
    """``runs`` negotiations from ``replay`` under both sides' uncertainty."""
    st = replay.setup
    sim = st.scenario.spec.simulation
    assert sim is not None
    models = _models(st)
    unknown = [p for p in sim.uncertain if p not in st.parties]
    if unknown:
        raise InputError(st.scenario.path, "simulation.uncertain", f"unknown party {unknown[0]!r}")
    talks: list[NDArray[np.int64]] = []
    last = last_offers(replay)
    caps = {st.parties.index(p): i for p, i in last.items()}
    default_days = (st.round_dates[-1] - replay.as_of).days
    longest = sim.talks_length.high_days if sim.talks_length else default_days
    lapse = twosided.lapse_over_time(st.scenario, st.parties, replay.as_of, longest)

    def factory(seed: int, total: int) -> Callable[[int, int], BatchSpec]:
        streams = np.random.SeedSequence(seed).spawn((total + CHUNK - 1) // CHUNK + 1)

        def make(start: int, stop: int) -> BatchSpec:
            rng = np.random.default_rng(streams[start // CHUNK])
            n = stop - start
            d = twosided.draw(st.parties, models, sim, rng, n)
            utilities, reservations = twosided.utilities(models, d, n, caps, lapse)
            talks.append(d.talks_days if d.talks_days is not None else np.full(n, default_days))
            return st.batch(utilities, reservations)

        return make

    learn = learning_of(sim)
    if learn is None:
        result = simulate_many(runs, factory(seed, runs), CHUNK)
    else:  # both sides learn from the recorded and simulated offers (talks/learning.py)
        positions = st.domain.space.index_array()
        prior = None
        if learn.model == "bayesian":  # the scenario's own draws, from a stream of their own
            prior = hypotheses_of(factory(prior_seed(seed), learn.hypotheses)(0, learn.hypotheses))
            talks.clear()
        result = simulate_many_learning(
            runs, factory(seed, runs), positions, learn, CHUNK, None, prior
        )
    return Runs(result, np.concatenate(talks))


def last_offers(replay: Replay) -> dict[str, int]:
    """Each party's last offer recorded on or before the replay date (outcome index)."""
    st = replay.setup
    out: dict[str, int] = {}
    for k, index in enumerate(st.protocol.history):
        out[st.parties[k % 2]] = int(index)
    return out


def percentile(values: NDArray[Any], x: float) -> float | None:
    """Mid-rank percentile of ``x`` among ``values`` (ties count half): 0–100."""
    if values.size == 0:
        return None
    below = float(np.count_nonzero(values < x))
    equal = float(np.count_nonzero(values == x))
    return 100.0 * (below + 0.5 * equal) / values.size


def real_outcome(replay: Replay, spec: Backtest) -> int:
    """The outcome index of the real agreement in the replay's terms domain."""
    space = replay.setup.domain.space
    values = {
        k: ("yes" if v else "no") if isinstance(v, bool) else montecarlo_value(v)
        for k, v in spec.outcome.items()
    }
    try:
        return space.index_of(space.from_dict(values))
    except InputError as exc:
        raise InputError(replay.setup.scenario.path, "backtest.outcome", exc.problem) from None


def montecarlo_value(v: object) -> object:
    from decimal import Decimal

    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def first_year_per_outcome(replay: Replay) -> NDArray[np.int64]:
    domain = replay.setup.domain
    return domain.over_space(domain.payments[..., 0])


def static_analysis(replay: Replay) -> dict[str, Any]:
    """ZOPA and Nash point under the stated (central) valuations."""
    st = replay.setup
    u = [p.utilities(st.domain) for p in st.preferences]
    r = [p.reservation_value for p in st.preferences]
    analysis = analyze(u[0], u[1], r[0], r[1])
    nash = analysis.nash
    out: dict[str, Any] = {"zopa_size": analysis.zopa_size, "nash": None}
    if nash is not None:
        out["nash"] = st.domain.space.as_dict(st.domain.space.outcome_at(nash.index))
        out["nash_first_year"] = int(first_year_per_outcome(replay)[nash.index])
    out["utilities"] = (u[0], u[1])
    out["reservations"] = (r[0], r[1])
    return out
