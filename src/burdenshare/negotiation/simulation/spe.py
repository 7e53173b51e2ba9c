"""The subgame-perfect plan of the finite alternating-offers game, by backward induction.

``W(k) = (W₀(k), W₁(k))`` is what each party gets (discounted to round 0) in the subgame where
the mover ``m = k mod 2`` of round ``k`` makes an offer that the other party ``q`` answers in
round ``k + 1``. Exactly:

* ``W(T−1) = (r₀, r₁)``: the last offer is never answered.
* For ``k < T−1``, ``q`` accepts ``o`` in round ``k+1`` iff ``u_q(o) ≥ c_q(k) = W_q(k+1) / δ_q^k``
  (accepting is worth ``δ_q^k·u_q(o)``). ``m`` offers ``o* = argmax {u_m(o) : u_q(o) ≥ c}``
  (ties: the higher ``u_q``) when that is worth ``δ_m^k·u_m(o*) ≥ W_m(k+1)``, giving
  ``W(k) = (δ^k·u(o*))``; otherwise it offers something ``q`` rejects (its best outcome, or
  ``q``'s worst) and ``W(k) = W(k+1)``. When every outcome is acceptable it cannot walk away
  and offers ``o*``.
* Party ``p`` answering in round ``k`` accepts at ``W_p(k) / δ_p^(k−1)``, the same float as
  ``c`` above, so offers meant to be accepted are.

On a pie ``u₀ = x, u₁ = 1 − x`` with zero reservation values, the proposer's share obeys
``s(T−2) = 1`` and ``s(k) = 1 − δ_q·s(k+1)``, which tends to Rubinstein's
``x* = (1 − δ₁)/(1 − δ₀δ₁)`` for party 0 (party indices 0, 1 here; ``δ₁, δ₂`` in the usual
1-based notation).

For each proposer the *staircase* is computed once: the responder's outcomes in ascending
utility order and the suffix maxima of the proposer's utility along it, so each round is one
binary search per negotiation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from burdenshare.negotiation.simulation.plans import Plan, Side
from burdenshare.negotiation.simulation.protocol import Protocol

__all__ = ["subgame_perfect_plans"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
_T = TypeVar("_T", bound=np.generic)


@dataclass(frozen=True, eq=False)
class _View:
    """One side restricted to the plan's rows."""

    side: Side
    rows: IntArray | None  # (P,) rows in the side's ranking, or None for its only row
    reservation: FloatArray  # (P,)

    def utilities(self) -> FloatArray:
        ranking = self.side.ranking
        return ranking.utilities[[0] if self.rows is None else self.rows]

    def order(self) -> IntArray:
        ranking = self.side.ranking
        return ranking.order[[0] if self.rows is None else self.rows]


def _view(side: Side, rows: int) -> _View:
    if side.rows is None:
        return _View(side, None, side.reservation[:rows])
    return _View(side, side.rows[:rows], side.reservation[:rows])


def _staircase(proposer: _View, responder: _View) -> tuple[FloatArray, IntArray]:
    """Per responder-sorted position ``j``: the proposer's best utility among positions ``≥ j``
    and that outcome (the last such position: the higher responder utility on ties)."""
    utilities, order = proposer.utilities(), responder.order()
    shape = (max(utilities.shape[0], order.shape[0]), order.shape[1])
    order = np.broadcast_to(order, shape)
    values = np.take_along_axis(np.broadcast_to(utilities, shape), order, axis=1)
    reverse = values[:, ::-1]
    best = np.maximum.accumulate(reverse, axis=1)
    rises = np.ones(shape, dtype=bool)
    rises[:, 1:] = reverse[:, 1:] > best[:, :-1]
    where = np.maximum.accumulate(np.where(rises, np.arange(shape[1]), 0), axis=1)
    arg_from = np.take_along_axis(order, (shape[1] - 1 - where)[:, ::-1], axis=1)
    return np.ascontiguousarray(best[:, ::-1]), np.ascontiguousarray(arg_from)


def _gather(array: NDArray[_T], positions: IntArray) -> NDArray[_T]:
    """``array[row, positions[row]]`` per row (one shared row broadcasts)."""
    rows = np.arange(positions.size) if array.shape[0] > 1 else np.zeros(positions.size, np.intp)
    return array[rows, positions]


def subgame_perfect_plans(sides: tuple[Side, Side], protocol: Protocol) -> tuple[Plan, Plan]:
    """Both parties' subgame-perfect offers and acceptance thresholds."""
    count = 1 if sides[0].uniform and sides[1].uniform else sides[0].size
    views = (_view(sides[0], count), _view(sides[1], count))
    stairs = (_staircase(views[0], views[1]), _staircase(views[1], views[0]))
    rounds = protocol.rounds
    offers = [np.zeros((count, protocol.turns(p)), dtype=np.intp) for p in (0, 1)]
    accept = [np.full((count, protocol.turns(p)), np.inf) for p in (0, 1)]
    best = [_best(view, count) for view in views]
    value = [views[0].reservation.copy(), views[1].reservation.copy()]
    last = rounds - 1
    offers[last % 2][:, last // 2] = best[last % 2]
    for k in range(rounds - 2, -1, -1):
        m, q = k % 2, 1 - k % 2
        delta_m, delta_q = sides[m].discount ** k, sides[q].discount ** k
        cutoff = value[q] / delta_q
        accept[q][:, (k + 1) // 2] = cutoff
        offer, take, gain = _round(views, stairs[m], best[m], m, cutoff, value[m], delta_m)
        offers[m][:, k // 2] = offer
        utility_q = _gather(views[q].utilities(), offer)
        value[q] = np.where(take, delta_q * utility_q, value[q])
        value[m] = np.where(take, gain, value[m])
    return Plan(offers[0], accept[0]), Plan(offers[1], accept[1])


def _best(view: _View, count: int) -> IntArray:
    """The proposer's best outcome per plan row (the first of its top utility group)."""
    ranking = view.side.ranking
    index = np.zeros(count, dtype=np.intp) if view.rows is None else view.rows
    return ranking.lowest_at_least(view.rows, ranking.highs[index])


def _round(
    views: tuple[_View, _View],
    stair: tuple[FloatArray, IntArray],
    best: IntArray,
    m: int,
    cutoff: FloatArray,
    continuation: FloatArray,
    delta_m: float,
) -> tuple[IntArray, NDArray[np.bool_], FloatArray]:
    """The proposer's offer, whether it is meant to be accepted, and its discounted value."""
    responder = views[1 - m]
    ranking = responder.side.ranking
    rows = [0] if responder.rows is None else responder.rows
    position = ranking.search(responder.rows, cutoff)
    feasible = position < ranking.size
    clipped = np.minimum(position, ranking.size - 1)
    best_from, arg_from = stair
    gain = delta_m * _gather(best_from, clipped)
    chosen = _gather(arg_from, clipped)
    can_walk = cutoff > ranking.lows[rows]
    take = feasible & ((gain >= continuation) | ~can_walk)
    best_rejected = _gather(responder.utilities(), best) < cutoff
    walk = np.where(best_rejected, best, ranking.order[rows, 0])
    return np.where(take, chosen, walk).astype(np.intp), take, gain
