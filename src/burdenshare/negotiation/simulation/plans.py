"""Compiling strategies into arrays: each party's offers and acceptance thresholds per turn.

A :class:`Side` is one party of a batch: its ranking, the row of each negotiation in it, its
reservation values and discount factor. A :class:`Plan` is what a non-reactive strategy will do
at each of its turns (rounds ``party, party + 2, …``): the outcome it offers and the threshold
an offer must reach for it to accept. Plans have one row when every negotiation of the batch
looks the same to the party (one utility row, one reservation value), else one per
negotiation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from burdenshare.negotiation.simulation.protocol import Protocol
from burdenshare.negotiation.simulation.ranking import Ranking
from burdenshare.negotiation.simulation.strategies import (
    AcceptAbove,
    Acceptance,
    AcceptNext,
    AcceptReservation,
    AcceptTarget,
    Hardliner,
    TimeDependent,
)

__all__ = ["Plan", "Side", "acceptance_threshold", "hardliner_plan", "time_dependent_plan"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class Side:
    """One party of a batch of ``N`` negotiations."""

    party: int
    ranking: Ranking
    rows: IntArray | None  # (N,) row of each negotiation in the ranking; None: the only row
    reservation: FloatArray  # (N,)
    discount: float

    @property
    def size(self) -> int:
        """The number of negotiations."""
        return int(self.reservation.size)

    @property
    def uniform(self) -> bool:
        """Whether every negotiation looks the same to this party."""
        one_row = self.rows is None or self.ranking.rows == 1
        return one_row and bool((self.reservation == self.reservation[0]).all())

    def plan_rows(self) -> tuple[IntArray | None, FloatArray]:
        """Ranking rows (as a column) and reservation values of the plan's rows."""
        if self.uniform:
            row = None if self.rows is None else self.rows[:1, None]
            return row, self.reservation[:1]
        rows = None if self.rows is None else self.rows[:, None]
        return rows, self.reservation

    def floor_high(self, rows: IntArray | None, reservation: FloatArray) -> tuple[FloatArray, ...]:
        """Per plan row: ``max(min utility, reservation)`` and the best utility, as columns."""
        index = np.zeros(reservation.size, dtype=np.intp) if rows is None else rows[:, 0]
        low, high = self.ranking.lows[index], self.ranking.highs[index]
        return np.maximum(low, reservation)[:, None], high[:, None]

    def utility(self, rows: IntArray | None, outcomes: IntArray) -> FloatArray:
        """This party's utility of ``outcomes`` (rows broadcast against outcomes)."""
        return self.ranking.utility(rows, outcomes)

    def slice(self, start: int, stop: int) -> Side:
        rows = None if self.rows is None else self.rows[start:stop]
        return Side(self.party, self.ranking, rows, self.reservation[start:stop], self.discount)


@dataclass(frozen=True, eq=False)
class Plan:
    """Per plan row and turn: the outcome offered and the acceptance threshold."""

    offers: IntArray  # (P, K)
    accept: FloatArray  # (P, K)


def _powers(discount: float, exponents: list[int]) -> FloatArray:
    return np.array([discount**k for k in exponents], dtype=np.float64)


def acceptance_threshold(
    rules: tuple[Acceptance, ...],
    side: Side,
    reservation: FloatArray,
    rounds: range,
    offered: FloatArray,
    target: FloatArray,
) -> FloatArray:
    """The lowest utility an offer needs at each of ``rounds`` (any rule accepting suffices).

    ``offered`` is the utility of my own offer in that round, ``target`` my target; both
    ``(P, K)`` (or broadcastable). ``inf`` when the strategy has no rule.
    """
    shape = np.broadcast_shapes(offered.shape, target.shape, (reservation.size, len(rounds)))
    threshold = np.full(shape, np.inf)
    for rule in rules:
        if isinstance(rule, AcceptNext):
            value = offered
        elif isinstance(rule, AcceptTarget):
            value = target
        elif isinstance(rule, AcceptAbove):
            value = np.full(shape, rule.threshold)
        else:
            assert isinstance(rule, AcceptReservation)
            powers = _powers(side.discount, [max(k - 1, 0) for k in rounds])
            value = reservation[:, None] / powers[None, :]
        threshold = np.minimum(threshold, value)
    return threshold


def time_dependent_plan(strategy: TimeDependent, side: Side, protocol: Protocol) -> Plan:
    """Targets ``floor + (max − floor)·(1 − t^(1/e)) − tolerance`` clipped to ``[floor, max]``
    (NegMAS's float expression, evaluated in its order), and the offer at each target."""
    rows, reservation = side.plan_rows()
    floor, high = side.floor_high(rows, reservation)
    aspiration = np.array(
        strategy.aspirations(protocol.relative_times(side.party)), dtype=np.float64
    )
    target = (high - floor) * aspiration[None, :] + floor - strategy.tolerance
    target = np.maximum(floor, np.minimum(high, target))
    offers = side.ranking.lowest_at_least(rows, target, strategy.slack)
    offered = side.utility(rows, offers)
    rounds = range(side.party, protocol.rounds, 2)
    accept = acceptance_threshold(strategy.acceptance, side, reservation, rounds, offered, target)
    return Plan(offers, accept)


def hardliner_plan(strategy: Hardliner, side: Side, protocol: Protocol) -> Plan:
    """Its best outcome every turn; accepts at ``threshold`` (default: its best utility)."""
    rows, reservation = side.plan_rows()
    _, high = side.floor_high(rows, reservation)
    turns = protocol.turns(side.party)
    best = side.ranking.lowest_at_least(rows, high)
    offers = np.broadcast_to(best, (reservation.size, turns)).copy()
    level = high if strategy.threshold is None else np.full_like(high, strategy.threshold)
    return Plan(offers, np.broadcast_to(level, offers.shape).copy())
