"""One negotiation of a scenario offer by offer (``simulate --trace``, /negotiation), played by
the engine and rules its Monte Carlo uses (issue 16): learning sides when the scenario has
``simulation.opponent_model`` (talks/learning.py), else the batch engine; both at the stated
(central) preferences.

The central run is the Monte Carlo's run whose draw has no spread: each party's stated
utilities and reservation value (one-sided uncertainty: the stated weights, the Dirichlet's
mean, and the stated reservation value); with both sides uncertain (talks/twosided.py) the
stated valuations, no shift of the no-deal money and the middle of the talks' length.

Dates are the Monte Carlo's calendar: a recorded offer on its own date (``on``) where the file
gives one, else on the round calendar; a simulated offer on the round calendar, or with both
sides uncertain, at its share of the talks' length from the date the simulated talks start
(``twosided.deal_ordinals``); the deal on the date of the round that accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from burdenshare.negotiation.simulation import BatchSpec, trace
from burdenshare.talks.learning import Learning, learning_of, learning_offers
from burdenshare.talks.montecarlo import Setup, hypotheses
from burdenshare.talks.twosided import central_days, central_spec, deal_ordinals, talks_from

Value = int | float | str


@dataclass(frozen=True)
class Step:
    """One offer: made in ``round`` (0-based) on ``on`` by ``party``; ``outcome`` (its index)
    with its ``terms``; each party's undiscounted utility of it (in the parties' move order);
    ``accepted``: the offer the deal was made on; ``recorded``: a real, recorded offer."""

    round: int
    on: date
    party: str
    outcome: int
    terms: tuple[tuple[str, Value], ...]
    utilities: tuple[float, float]
    accepted: bool
    recorded: bool


@dataclass(frozen=True)
class Trace:
    """The central run: its offers, the agreement (outcome index; None without one) reached in
    ``agreement_round`` (the round that accepted; 0 without one) on ``deal_date``."""

    scenario: str
    parties: tuple[str, str]
    steps: tuple[Step, ...]
    agreement: int | None
    agreement_round: int
    deal_date: date | None
    rounds: int
    reservations: tuple[float, float]
    learning: Learning | None
    talks_days: int | None  # both sides uncertain: the central talks' length (days)
    talks_start: date | None  # ... from this date (the last recorded offer's, else as-of)

    def rows(self) -> list[dict[str, Any]]:
        """Each offer as a plain record (``simulate --trace -f json|csv``, /negotiation)."""
        return [
            {
                "round": step.round,
                "party": step.party,
                "outcome": dict(step.terms),
                "utilities": dict(zip(self.parties, step.utilities, strict=True)),
                "accepted": step.accepted,
                "date": step.on.isoformat(),
                "recorded": step.recorded,
            }
            for step in self.steps
        ]


def central(st: Setup) -> tuple[BatchSpec, int | None]:
    """The Monte Carlo's run at the stated preferences (one negotiation) and, with both sides
    uncertain, its talks' length in days."""
    if st.two_sided:
        return central_spec(st), central_days(st)
    first, second = st.preferences
    spec = st.batch(
        (first.utilities(st.domain), second.utilities(st.domain)),
        (first.reservation_value, second.reservation_value),
    )
    return spec, None


def negotiation_trace(st: Setup) -> Trace:
    """The central run offer by offer, by the Monte Carlo's engine (``montecarlo.run``)."""
    spec, days = central(st)
    learn = learning_of(st.scenario.spec.simulation)
    if learn is None:
        played = trace(spec)
        offers, round_ = [int(o) for o in played.offers], played.round
    else:
        prior = hypotheses(st, st.seed, learn)  # a Bayesian model's, as the Monte Carlo draws them
        result, made = learning_offers(spec, st.domain.space.index_array(), learn, prior)
        round_ = int(result.round[0])
        offers = [int(o) for o in made[0] if o >= 0]
        offers = offers[:round_] if round_ > 0 else offers
    utilities = [np.asarray(u, dtype=np.float64).reshape(-1) for u in spec.utilities]
    calendar = _calendar(st, days)
    space = st.domain.space
    steps = tuple(
        Step(
            k,
            calendar[k],
            st.parties[k % 2],
            index,
            tuple(space.as_dict(space.outcome_at(index)).items()),
            (float(utilities[0][index]), float(utilities[1][index])),
            k == round_ - 1,
            k < st.protocol.start,
        )
        for k, index in enumerate(offers)
    )
    agreed = round_ > 0
    return Trace(
        st.scenario.name,
        st.parties,
        steps,
        offers[round_ - 1] if agreed else None,
        round_ if agreed else 0,
        _deal_date(st, round_, days) if agreed else None,
        st.protocol.rounds,
        _reservations(spec),
        learn,
        days,
        talks_from(st) if days is not None else None,
    )


def _reservations(spec: BatchSpec) -> tuple[float, float]:
    first, second = (np.asarray(r, dtype=np.float64).reshape(-1) for r in spec.reservations)
    return float(first[0]), float(second[0])


def _calendar(st: Setup, days: int | None) -> tuple[date, ...]:
    """The date of each round's offer (see the module's docstring)."""
    sim = st.scenario.spec.simulation
    assert sim is not None
    start = st.protocol.start
    dates = list(st.round_dates)
    if days is not None:
        begin = talks_from(st)
        left = max(1, st.protocol.rounds - start)
        for k in range(st.protocol.rounds):
            if k < start:
                dates[k] = min(dates[k], begin)
            else:
                offset = int(np.rint(days * (k - start) / left))  # as deal_ordinals
                dates[k] = date.fromordinal(begin.toordinal() + offset)
    for k, offer in enumerate(sim.recorded):
        if offer.on is not None:
            dates[k] = offer.on
    return tuple(dates)


def _deal_date(st: Setup, round_: int, days: int | None) -> date:
    """The Monte Carlo's date of a deal in ``round_`` (outlook.summarize's rule)."""
    if days is None:
        return st.round_dates[round_]
    from burdenshare.negotiation.simulation import BatchResult

    one = BatchResult(
        np.array([True]), np.array([0], dtype=np.intp), np.array([round_]), np.zeros((1, 2))
    )
    return date.fromordinal(int(deal_ordinals(st, one, np.array([days], dtype=np.int64))[0]))
