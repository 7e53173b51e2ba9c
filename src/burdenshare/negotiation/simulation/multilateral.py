"""Stacked alternating offers (SAOP) for ``n`` parties, ``N`` negotiations at once.

The protocol (Aydoğan, Festen, Hindriks, Jonker: "Alternating offers protocols for multilateral
negotiation", in *Modern Approaches to Agent-based Complex Automated Negotiation*, Studies in
Computational Intelligence 674, Springer 2017): parties move in a fixed order ``0, 1, …, n−1,
0, …``, one move a round, rounds ``0 … T−1``. Party 0 opens with an offer. Every later mover
either accepts the standing offer or rejects it by making its own offer, which becomes the
standing offer. An offer is agreed when the ``n − 1`` parties after its maker all accept it in
a row: the agreement is reached in the round of the last acceptance. No agreement by the
deadline means every party gets its reservation value. With ``n = 2`` this is the bilateral
protocol of :mod:`~burdenshare.negotiation.simulation.protocol` (tested against the batch
engine). Walking away is not modelled.

Strategies are time-dependent with AC_next, as the batch engine's ``TimeDependent(e)``: party
``p`` at round ``r`` targets ``floor + (max − floor)(1 − t^(1/e))`` with
``t = (r + 1) / (T + 1)``, ``floor = max(min utility, reservation)``, offers its lowest-utility
outcome at or above the target (ties: lowest index) and accepts an offer worth at least the
offer it would make now. Every party's plan is computed for all ``N`` negotiations at once; the
round loop then runs over ``T`` rounds with NumPy operations over the ``N`` negotiations.
An agreement reached in round ``k`` on an offer made in round ``j`` is worth ``δ_p^j · u_p``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from burdenshare.negotiation.simulation.protocol import SimulationError

__all__ = ["MultilateralResult", "simulate_saop"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class MultilateralResult:
    """Per negotiation: agreed, the outcome (or −1), the round of the last acceptance (or −1),
    and each party's utility (discounted agreement, or reservation value): ``(N, n)``."""

    agreed: NDArray[np.bool_]
    outcome: IntArray
    round: IntArray
    utilities: FloatArray


def _plans(
    utilities: FloatArray, reservations: FloatArray, exponents: Sequence[float], rounds: int
) -> tuple[IntArray, FloatArray]:
    """Per party: offers ``(N, T)`` and their utilities (the AC_next thresholds)."""
    parties = utilities.shape[0]
    count = reservations.shape[0]
    offers = np.empty((parties, count, rounds), dtype=np.intp)
    values = np.empty((parties, count, rounds))
    times = [(r + 1) / (rounds + 1) for r in range(rounds)]
    for p in range(parties):
        row = utilities[p]
        order = np.argsort(row, kind="stable")
        ascending = row[order]
        high = float(row.max())
        floor = np.minimum(np.maximum(float(row.min()), reservations[:, p]), high)
        power = 1.0 / exponents[p]
        aspiration = np.array([1.0 * (1.0 - math.pow(t, power)) for t in times])
        target = (high - floor)[:, None] * aspiration[None, :] + floor[:, None]
        target = np.maximum(floor[:, None], np.minimum(high, target))
        position = np.minimum(np.searchsorted(ascending, target, side="left"), row.size - 1)
        offers[p] = order[position]
        values[p] = row[offers[p]]
    return offers, values


def simulate_saop(
    utilities: ArrayLike,
    exponents: Sequence[float],
    rounds: int,
    reservations: ArrayLike = 0.0,
    discounts: Sequence[float] | None = None,
) -> MultilateralResult:
    """``N`` SAOP negotiations of ``n`` time-dependent parties.

    ``utilities``: ``(n, outcomes)``, shared; ``reservations``: a scalar, ``(n,)`` or
    ``(N, n)`` (one row per negotiation); ``exponents``: each party's ``e``.
    """
    table = np.asarray(utilities, dtype=np.float64)
    if table.ndim != 2 or table.shape[0] < 2 or not np.isfinite(table).all():
        raise SimulationError(
            f"utilities must be finite (parties ≥ 2, outcomes), got {table.shape}"
        )
    parties = table.shape[0]
    if len(exponents) != parties or not all(e > 0 for e in exponents):
        raise SimulationError(f"need {parties} exponents > 0, got {list(exponents)}")
    if not 1 <= rounds <= 100_000:
        raise SimulationError(f"rounds must be in 1..100000, got {rounds}")
    reserve = np.asarray(reservations, dtype=np.float64)
    if reserve.ndim == 0:
        reserve = np.full((1, parties), float(reserve))
    elif reserve.ndim == 1:
        reserve = reserve.reshape(1, -1)
    if reserve.ndim != 2 or reserve.shape[1] != parties or not np.isfinite(reserve).all():
        raise SimulationError(
            f"reservations must be finite: a scalar, ({parties},) or (N, {parties})"
        )
    delta = np.ones(parties) if discounts is None else np.asarray(discounts, dtype=np.float64)
    if delta.shape != (parties,) or not ((delta > 0) & (delta <= 1)).all():
        raise SimulationError(f"discounts must be {parties} factors in (0, 1]")
    count = reserve.shape[0]
    offers, values = _plans(table, reserve, exponents, rounds)
    rows = np.arange(count)
    standing = offers[0][:, 0].copy()
    made = np.zeros(count, dtype=np.intp)
    streak = np.zeros(count, dtype=np.intp)
    active = np.ones(count, dtype=bool)
    outcome = np.full(count, -1, dtype=np.intp)
    agreed_round = np.full(count, -1, dtype=np.intp)
    for r in range(1, rounds):
        mover = r % parties
        worth = table[mover][standing]
        accept = active & (worth >= values[mover][rows, r]) & (worth >= reserve[:, mover])
        reject = active & ~accept
        streak = np.where(accept, streak + 1, np.where(reject, 0, streak))
        done = accept & (streak == parties - 1)
        outcome[done] = standing[done]
        agreed_round[done] = r
        active &= ~done
        standing = np.where(reject, offers[mover][:, r], standing)
        made = np.where(reject, r, made)
        if not active.any():
            break
    agreed = outcome >= 0
    result = np.where(agreed[:, None], 0.0, reserve)
    for p in range(parties):
        powers = np.array([float(delta[p]) ** j for j in range(rounds)])  # Python's δ**j
        result[agreed, p] = powers[made[agreed]] * table[p][outcome[agreed]]
    return MultilateralResult(agreed, outcome, agreed_round, result)
