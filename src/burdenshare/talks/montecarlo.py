"""Monte Carlo of a scenario's negotiation: strategies to a deadline on a calendar, uncertainty
about the other side, and the lapse's cost while talks go on past expiry.

Each run draws the uncertain party's weights (Dirichlet around its stated weights) and its
reservation value (uniform), and the lapse's reserve fund (one of a few levels); the batch
engine plays the stated strategies; the agreement round maps to a date on the calendar, and a
deal after expiry carries the lapse's cost of a deal on that date. Draws come from independent
streams per block of runs (``SeedSequence.spawn``), so results do not depend on chunk size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from numpy.typing import NDArray

from burdenshare.costs.scenario import Scenario
from burdenshare.data import schemas as s
from burdenshare.errors import InputError
from burdenshare.lapse.scenario import lapse_case, reserve_grid
from burdenshare.lapse.sweep import sweep
from burdenshare.negotiation.simulation import (
    Acceptance,
    AcceptNext,
    AcceptReservation,
    AcceptTarget,
    BatchResult,
    BatchSpec,
    Hardliner,
    Protocol,
    Strategy,
    TimeDependent,
    TitForTat,
    prepare,
    simulate,
    simulate_many,
)
from burdenshare.negotiation.simulation.strategies import GENIUS_EXPONENTS
from burdenshare.talks.grounded import GroundedPreferences, build_preferences
from burdenshare.talks.learning import (
    Hypotheses,
    Learning,
    hypotheses_of,
    learning_of,
    prior_seed,
    simulate_learning,
    simulate_many_learning,
)
from burdenshare.talks.terms import TermsDomain, build_terms_domain
from burdenshare.talks.twosided import two_sided_factory, twosided_check

BLOCK = 10_000  # runs per independent random stream
FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class LapseCosts:
    """Cost of a deal in each round (rows: reserve levels; columns: rounds, then no deal)."""

    host: NDArray[np.int64]
    sending_state: NDArray[np.int64]
    workers: NDArray[np.int64]
    reserves: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class Setup:
    scenario: Scenario
    domain: TermsDomain
    parties: tuple[str, str]  # in move order: parties[0] opens
    preferences: tuple[GroundedPreferences, GroundedPreferences]
    strategies: tuple[Strategy, Strategy]
    protocol: Protocol
    round_dates: tuple[date, ...]
    deadline: date
    uncertain: int | None
    concentration: float | None
    reservation_range: tuple[float, float] | None
    lapse: LapseCosts | None
    runs: int
    seed: int
    two_sided: bool = False  # simulation.uncertain: both sides' valuations drawn (twosided.py)

    def batch(self, utilities: Sequence[Any], reservations: Sequence[Any]) -> BatchSpec:
        """Negotiations under this setup's protocol and strategies with the two sides' (drawn
        or stated) utilities and reservation values, in move order."""
        return BatchSpec(
            self.protocol,
            self.strategies,
            (utilities[0], utilities[1]),
            (reservations[0], reservations[1]),
        )


def _spec(scenario: Scenario) -> s.SimulationSpec:
    if scenario.spec.simulation is None:
        raise InputError(scenario.path, "simulation", "this scenario has no simulation section")
    return scenario.spec.simulation


def round_dates(first: date, last: date, rounds: int) -> tuple[date, ...]:
    """Rounds spread evenly from ``first`` to ``last`` (whole days, rounded half up)."""
    span = (last - first).days
    return tuple(
        first + timedelta(days=(2 * span * k + rounds - 1) // (2 * (rounds - 1)))
        for k in range(rounds)
    )


def _strategy(spec: s.StrategySpec, where: str, path: Any) -> Strategy:
    if spec.type == "hardliner":
        return Hardliner()
    if spec.type == "tit_for_tat":
        return TitForTat()
    if spec.type == "time_dependent" and spec.exponent is None:
        raise InputError(path, f"{where}.exponent", "a time_dependent strategy needs one")
    e = float(spec.exponent) if spec.exponent is not None else GENIUS_EXPONENTS[spec.type]
    rules: dict[str, Acceptance] = {
        "next": AcceptNext(),
        "target": AcceptTarget(),
        "reservation": AcceptReservation(),
    }
    return TimeDependent(e, (rules[spec.acceptance],))


def setup(scenario: Scenario) -> Setup:
    """Everything a Monte Carlo needs, prepared once per scenario."""
    spec, neg = _spec(scenario), scenario.spec.negotiation
    if neg is None:
        raise InputError(scenario.path, "negotiation", "a simulation needs a negotiation section")
    domain = build_terms_domain(scenario)
    opens = spec.opens or neg.sending_state
    order = (opens, neg.host if opens == neg.sending_state else neg.sending_state)
    if opens not in (neg.host, neg.sending_state):
        raise InputError(scenario.path, "simulation.opens", f"unknown party {opens!r}")
    prefs = tuple(build_preferences(domain, p, neg.preferences[p], p == neg.host) for p in order)
    strategies = []
    for party in order:
        if party not in spec.strategies:
            raise InputError(scenario.path, "simulation.strategies", f"no strategy for {party!r}")
        strategies.append(
            _strategy(spec.strategies[party], f"simulation.strategies.{party}", scenario.path)
        )
    dates = round_dates(spec.first_round, spec.last_round, spec.rounds)
    deadline = spec.deadline or _expiry(scenario)
    unc = spec.uncertainty
    uncertain = None if unc is None else _party_index(unc.about, order, scenario)
    two_sided = twosided_check(scenario, spec, prefs)
    return Setup(
        scenario,
        domain,
        order,
        (prefs[0], prefs[1]),
        (strategies[0], strategies[1]),
        _protocol(spec, domain, order, scenario),
        dates,
        deadline,
        uncertain,
        float(unc.weights_concentration) if unc and unc.weights_concentration else None,
        (float(unc.reservation.low), float(unc.reservation.high))
        if unc and unc.reservation
        else None,
        _lapse_costs(scenario, dates, unc),
        spec.runs,
        spec.seed,
        two_sided,
    )


def _party_index(party: str, order: tuple[str, str], scenario: Scenario) -> int:
    if party not in order:
        raise InputError(scenario.path, "simulation.uncertainty.about", f"unknown party {party!r}")
    return order.index(party)


def _expiry(scenario: Scenario) -> date:
    if scenario.spec.lapse is not None:
        return lapse_case(scenario).expiry
    return scenario.baseline.agreement.start - timedelta(days=1)


def _protocol(
    spec: s.SimulationSpec, domain: TermsDomain, order: tuple[str, str], scenario: Scenario
) -> Protocol:
    offers: tuple[list[int], list[int]] = ([], [])
    for i, offer in enumerate(spec.recorded):
        where = f"simulation.recorded[{i}]"
        if offer.party != order[i % 2]:
            raise InputError(
                scenario.path,
                f"{where}.party",
                f"expected {order[i % 2]!r}: offers alternate and {order[0]} opens",
            )
        values = {
            k: ("yes" if v else "no")
            if isinstance(v, bool)
            else (
                int(v)
                if isinstance(v, Decimal) and v == v.to_integral_value()
                else float(v)
                if isinstance(v, Decimal)
                else v
            )
            for k, v in offer.outcome.items()
        }
        try:
            outcome = domain.space.from_dict(values)
        except InputError as exc:
            raise InputError(scenario.path, f"{where}.outcome", exc.problem) from None
        offers[i % 2].append(domain.space.index_of(outcome))
    return Protocol.recorded(spec.rounds, offers[0], offers[1])


def _lapse_costs(
    scenario: Scenario, dates: tuple[date, ...], unc: s.UncertaintySpec | None
) -> LapseCosts | None:
    if scenario.spec.lapse is None:
        return None
    case = lapse_case(scenario)
    reserves = [case.rules.reserve]
    if unc is not None and unc.reserve is not None:
        reserves = reserve_grid(
            scenario,
            case,
            unc.reserve.low,
            unc.reserve.high,
            unc.reserve_levels,
            "simulation.uncertainty.reserve",
        )
    deals = [max(d, case.expiry) for d in dates] + [None]
    result = sweep(case, deals, reserves, [case.workforce.host_share_pct])
    shape = (len(deals), len(reserves))

    def grid(values: NDArray[np.int64]) -> NDArray[np.int64]:
        return np.ascontiguousarray(values[:, -1].reshape(shape).T)

    return LapseCosts(
        grid(result.cost_host),
        grid(result.cost_sending_state),
        grid(result.cost_workers),
        tuple(reserves),
    )


@dataclass(frozen=True, eq=False)
class Draws:
    """The random inputs of runs ``start … stop−1``."""

    weights: FloatArray | None  # (N, k) weights of the uncertain party's components
    reservation: FloatArray | None  # (N,) its reservation value
    reserve_level: NDArray[np.intp]  # (N,) index into LapseCosts.reserves


def draws(st: Setup, start: int, stop: int, seed: int) -> Draws:
    """Draws for runs ``start … stop−1``: each block of ``BLOCK`` runs has its own stream."""
    parts: list[tuple[FloatArray | None, FloatArray | None, NDArray[np.intp]]] = []
    first, last = start // BLOCK, (stop - 1) // BLOCK
    streams = np.random.SeedSequence(seed).spawn(last + 1)[first:]
    for block, stream in zip(range(first, last + 1), streams, strict=True):
        rng = np.random.default_rng(stream)
        lo, hi = max(start, block * BLOCK) - block * BLOCK, min(stop, (block + 1) * BLOCK)
        w, r, lvl = _block(st, rng)
        cut = slice(lo, hi - block * BLOCK)
        parts.append((None if w is None else w[cut], None if r is None else r[cut], lvl[cut]))
    weights = None if parts[0][0] is None else np.vstack([p[0] for p in parts if p[0] is not None])
    reservation = (
        None if parts[0][1] is None else np.concatenate([p[1] for p in parts if p[1] is not None])
    )
    return Draws(weights, reservation, np.concatenate([p[2] for p in parts]))


def _block(
    st: Setup, rng: np.random.Generator
) -> tuple[FloatArray | None, FloatArray | None, NDArray[np.intp]]:
    """One block's draws, always in the same order, always ``BLOCK`` of each."""
    weights = reservation = None
    if st.uncertain is not None and st.concentration is not None:
        _, stated, _ = st.preferences[st.uncertain].components(st.domain)
        alpha = np.maximum(stated * st.concentration, 1e-9)
        weights = rng.dirichlet(alpha, size=BLOCK)
    if st.uncertain is not None and st.reservation_range is not None:
        reservation = rng.uniform(*st.reservation_range, size=BLOCK)
    levels = 1 if st.lapse is None else len(st.lapse.reserves)
    return weights, reservation, rng.integers(0, levels, size=BLOCK).astype(np.intp)


def factory(
    st: Setup, seed: int, record: Callable[[Draws], None] | None = None
) -> Callable[[int, int], BatchSpec]:
    """Batch specs for runs ``start … stop−1`` (sampled utilities and reservations);
    ``record`` sees each chunk's draws, so a caller need not draw them again."""
    if st.two_sided:
        return two_sided_factory(st, seed, record, None)
    known = [prepare(p.utilities(st.domain)) for p in st.preferences]
    values = (
        st.preferences[st.uncertain].components(st.domain)[2] if st.uncertain is not None else None
    )

    def make(start: int, stop: int) -> BatchSpec:
        d = draws(st, start, stop, seed)
        if record is not None:
            record(d)
        utilities: list[Any] = list(known)
        reservations: list[Any] = [p.reservation_value for p in st.preferences]
        if st.uncertain is not None and d.weights is not None and values is not None:
            utilities[st.uncertain] = d.weights @ values
        if st.uncertain is not None and d.reservation is not None:
            reservations[st.uncertain] = d.reservation
        if all(not isinstance(u, np.ndarray) for u in utilities) and not any(
            isinstance(r, np.ndarray) for r in reservations
        ):
            reservations[0] = np.full(stop - start, reservations[0])
        return st.batch(utilities, reservations)

    return make


@dataclass(frozen=True, eq=False)
class MonteCarlo:
    setup: Setup
    runs: int
    seed: int
    result: BatchResult
    reserve_level: NDArray[np.intp]
    talks_days: NDArray[np.int64] | None = None  # two-sided runs: the talks' drawn length

    def summary(self) -> dict[str, Any]:
        from burdenshare.talks.outlook import summarize

        return summarize(self)


def hypotheses(st: Setup, seed: int, learn: Learning | None) -> Hypotheses | None:
    """A Bayesian opponent model's hypotheses: ``learn.hypotheses`` runs of the scenario's own
    draws, from a stream independent of the runs' (``learning.prior_seed``)."""
    if learn is None or learn.model != "bayesian":
        return None
    hseed = prior_seed(seed)
    make = two_sided_factory(st, hseed, None, None) if st.two_sided else factory(st, hseed)
    return hypotheses_of(make(0, learn.hypotheses))


def simulate_one(st: Setup, spec: BatchSpec, seed: int | None = None) -> BatchResult:
    """``spec``'s negotiations as :func:`run` plays them from ``seed`` (default: the
    scenario's; learning sides when the scenario has ``simulation.opponent_model``): a run of
    a Monte Carlo replayed on its own."""
    learn = learning_of(st.scenario.spec.simulation)
    if learn is None:
        return simulate(spec)
    prior = hypotheses(st, st.seed if seed is None else seed, learn)
    return simulate_learning(spec, st.domain.space.index_array(), learn, prior)


def run(
    st: Setup,
    runs: int | None = None,
    seed: int | None = None,
    chunk: int = 50_000,
    progress: Callable[[int], None] | None = None,
) -> MonteCarlo:
    """Play ``runs`` negotiations (default: the scenario's) from ``seed``, ``chunk`` at a time.

    The result does not depend on ``chunk``; a chunk that is a multiple of ``BLOCK`` draws each
    block once (a smaller one, for finer progress, redraws the blocks it cuts).
    """
    total = runs if runs is not None else st.runs
    seed = seed if seed is not None else st.seed
    chunk = max(1, chunk)
    levels: list[NDArray[np.intp]] = []
    talks: list[NDArray[np.int64]] = []
    record: Callable[[Draws], None] = lambda d: levels.append(d.reserve_level)  # noqa: E731
    make = two_sided_factory(st, seed, record, talks) if st.two_sided else factory(st, seed, record)
    learn = learning_of(st.scenario.spec.simulation)
    if learn is None:
        result = simulate_many(total, make, chunk, progress)
    else:  # both sides learn from the recorded and simulated offers (talks/learning.py)
        positions = st.domain.space.index_array()
        prior = hypotheses(st, seed, learn)
        result = simulate_many_learning(total, make, positions, learn, chunk, progress, prior)
    days = np.concatenate(talks) if talks else None
    return MonteCarlo(st, total, seed, result, np.concatenate(levels), days)


def one_trace(st: Setup) -> list[dict[str, Any]]:
    """The negotiation under the stated preferences, offer by offer, with dates and terms: the
    records of :func:`burdenshare.talks.trace.negotiation_trace` (the engine and rules of
    :func:`run`, learning sides included)."""
    from burdenshare.talks.trace import negotiation_trace

    return negotiation_trace(st).rows()
