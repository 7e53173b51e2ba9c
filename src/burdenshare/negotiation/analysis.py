"""Bargaining analysis of two parties' utilities: Pareto set, ZOPA and solution points.

Every function takes ``u1, u2``: one float64 utility per outcome (indexed by outcome index) for
party 1 and party 2, and, where needed, their reservation values ``r1, r2`` (the utility of no
agreement, which is also the disagreement point). The rules, exactly:

* Outcome ``j`` *dominates* ``k`` when ``u1[j] >= u1[k]`` and ``u2[j] >= u2[k]`` with at least
  one strict. The *Pareto set* is every outcome no outcome dominates; outcomes with identical
  utilities are all kept. :func:`pareto_indices` returns it sorted by outcome index.
* The *ZOPA* is every outcome with ``u1 >= r1`` and ``u2 >= r2`` (equal counts as inside).
* Each *solution point* is chosen among the Pareto outcomes inside the ZOPA (``None`` when the
  ZOPA is empty) by maximizing a score; ties (exact float equality) go to the larger welfare
  ``u1 + u2``, then to the lowest outcome index. The scores, with gains ``g_i = u_i - r_i``:
  Nash ``g1 * g2``; egalitarian ``min(g1, g2)``; maximum welfare ``u1 + u2``;
  Kalai–Smorodinsky ``-|n1 - n2|`` with normalized gains ``n_i = g_i / (ideal_i - r_i)``,
  ``ideal_i`` being party i's best utility inside the ZOPA (``n_i = g_i`` when
  ``ideal_i == r_i``).

The Pareto set is found in ``O(n log n)``: a linear bucket pass drops most dominated outcomes,
the rest are sorted by ``u1`` and scanned with running maxima of ``u2``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "BargainingAnalysis",
    "SolutionPoint",
    "analyze",
    "concessions",
    "distance_to_frontier",
    "distances_to_frontier",
    "egalitarian_point",
    "kalai_smorodinsky_point",
    "max_welfare_point",
    "nash_point",
    "pareto_indices",
    "post_settlement_improvements",
    "zopa_indices",
]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]

_MAX_BUCKETS = 1 << 18
"""At most this many ``u1`` buckets in the linear pre-filter of :func:`pareto_indices`."""

_DISTANCE_CHUNK = 1 << 22
"""At most this many offer × frontier distances are held at once."""


@dataclass(frozen=True)
class SolutionPoint:
    """An outcome index and both parties' utilities there."""

    index: int
    utilities: tuple[float, float]


def _pair(u1: ArrayLike, u2: ArrayLike) -> tuple[FloatArray, FloatArray]:
    first = np.asarray(u1, dtype=np.float64)
    second = np.asarray(u2, dtype=np.float64)
    if first.ndim != 1 or first.shape != second.shape:
        raise ValueError(f"u1 and u2 must be 1-D of one length, got {first.shape}, {second.shape}")
    if not (np.isfinite(first).all() and np.isfinite(second).all()):
        raise ValueError("utilities must be finite")
    return first, second


def _reservations(r1: float, r2: float) -> tuple[float, float]:
    if not (np.isfinite(r1) and np.isfinite(r2)):
        raise ValueError(f"reservation values must be finite, got {r1}, {r2}")
    return float(r1), float(r2)


def _bucket_survivors(first: FloatArray, second: FloatArray) -> IndexArray:
    """Indices of outcomes that survive an exact, linear-time pre-filter.

    ``u1`` is cut into buckets by a monotone map, so a higher bucket means a strictly higher
    ``u1``. An outcome whose ``u2`` is at most the best ``u2`` of any higher bucket is
    dominated by that outcome and is dropped.
    """
    buckets = int(min(max(first.size // 4, 1), _MAX_BUCKETS))
    low = float(first.min())
    span = float(first.max()) - low
    scale = buckets / span if span > 0.0 else math.inf
    if not (math.isfinite(span) and math.isfinite(scale)):
        return np.arange(first.size, dtype=np.intp)
    bucket = ((first - low) * scale).astype(np.intp)
    np.minimum(bucket, buckets - 1, out=bucket)
    best = np.full(buckets, -np.inf)
    np.maximum.at(best, bucket, second)
    best_above = np.empty(buckets)
    best_above[-1] = -np.inf
    best_above[:-1] = np.maximum.accumulate(best[::-1])[::-1][1:]
    return np.flatnonzero(second > best_above[bucket])


def pareto_indices(u1: ArrayLike, u2: ArrayLike) -> IndexArray:
    """Outcome indices of the Pareto set (duplicates of a Pareto point all kept), ascending."""
    first, second = _pair(u1, u2)
    if first.size == 0:
        return np.empty(0, dtype=np.intp)
    candidates = _bucket_survivors(first, second)
    a, b = first[candidates], second[candidates]
    order = np.argsort(-a)
    a_sorted, b_sorted = a[order], b[order]
    new_group = np.empty(a_sorted.size, dtype=bool)
    new_group[0] = True
    np.not_equal(a_sorted[1:], a_sorted[:-1], out=new_group[1:])
    starts = np.flatnonzero(new_group)
    group_best = np.maximum.reduceat(b_sorted, starts)
    best_before = np.empty_like(group_best)
    best_before[0] = -np.inf
    np.maximum.accumulate(group_best[:-1], out=best_before[1:])
    group = np.cumsum(new_group) - 1
    keep = (b_sorted == group_best[group]) & (group_best[group] > best_before[group])
    pareto = np.zeros(first.size, dtype=bool)
    pareto[candidates[order[keep]]] = True
    return np.flatnonzero(pareto)


def zopa_indices(u1: ArrayLike, u2: ArrayLike, r1: float, r2: float) -> IndexArray:
    """Outcome indices where both parties get at least their reservation value, ascending."""
    first, second = _pair(u1, u2)
    r1, r2 = _reservations(r1, r2)
    return np.flatnonzero((first >= r1) & (second >= r2))


def _frontier_in_zopa(
    first: FloatArray, second: FloatArray, r1: float, r2: float, frontier: IndexArray | None
) -> IndexArray:
    pareto = pareto_indices(first, second) if frontier is None else np.asarray(frontier)
    return pareto[(first[pareto] >= r1) & (second[pareto] >= r2)]


def _best(
    candidates: IndexArray, scores: FloatArray, first: FloatArray, second: FloatArray
) -> SolutionPoint | None:
    """The candidate with the highest score; ties: larger welfare, then lowest index."""
    if candidates.size == 0:
        return None
    tied = candidates[scores == scores.max()]
    welfare = first[tied] + second[tied]
    index = int(tied[welfare == welfare.max()].min())
    return SolutionPoint(index, (float(first[index]), float(second[index])))


def _point(
    u1: ArrayLike,
    u2: ArrayLike,
    r1: float,
    r2: float,
    frontier: IndexArray | None,
    score: Callable[[FloatArray, FloatArray, float, float], FloatArray],
) -> SolutionPoint | None:
    first, second = _pair(u1, u2)
    r1, r2 = _reservations(r1, r2)
    candidates = _frontier_in_zopa(first, second, r1, r2, frontier)
    scores = score(first[candidates], second[candidates], r1, r2)
    return _best(candidates, scores, first, second)


def _nash(a: FloatArray, b: FloatArray, r1: float, r2: float) -> FloatArray:
    return (a - r1) * (b - r2)


def _egalitarian(a: FloatArray, b: FloatArray, r1: float, r2: float) -> FloatArray:
    return np.minimum(a - r1, b - r2)


def _welfare(a: FloatArray, b: FloatArray, r1: float, r2: float) -> FloatArray:
    return a + b


def _normalized_gain(u: FloatArray, r: float) -> FloatArray:
    if u.size == 0:
        return u
    span = float(u.max()) - r
    return (u - r) / span if span > 0 else u - r


def _kalai_smorodinsky(a: FloatArray, b: FloatArray, r1: float, r2: float) -> FloatArray:
    return -np.abs(_normalized_gain(a, r1) - _normalized_gain(b, r2))


def nash_point(
    u1: ArrayLike, u2: ArrayLike, r1: float, r2: float, frontier: IndexArray | None = None
) -> SolutionPoint | None:
    """The Nash bargaining point: maximal product of gains over the reservation values.

    ``frontier`` may pass precomputed :func:`pareto_indices` to skip recomputing them.
    """
    return _point(u1, u2, r1, r2, frontier, _nash)


def kalai_smorodinsky_point(
    u1: ArrayLike, u2: ArrayLike, r1: float, r2: float, frontier: IndexArray | None = None
) -> SolutionPoint | None:
    """The Kalai–Smorodinsky point: the most equal gains, each normalized by its ideal."""
    return _point(u1, u2, r1, r2, frontier, _kalai_smorodinsky)


def egalitarian_point(
    u1: ArrayLike, u2: ArrayLike, r1: float, r2: float, frontier: IndexArray | None = None
) -> SolutionPoint | None:
    """The egalitarian point: the largest smaller gain over the reservation values."""
    return _point(u1, u2, r1, r2, frontier, _egalitarian)


def max_welfare_point(
    u1: ArrayLike, u2: ArrayLike, r1: float, r2: float, frontier: IndexArray | None = None
) -> SolutionPoint | None:
    """The point of maximum welfare ``u1 + u2`` inside the ZOPA."""
    return _point(u1, u2, r1, r2, frontier, _welfare)


def concessions(u1: ArrayLike, u2: ArrayLike, index: int) -> tuple[float, float]:
    """Each party's concession at outcome ``index``: its best utility minus its utility there.

    The best utility (the *ideal*) is taken over the whole outcome space.
    """
    first, second = _pair(u1, u2)
    return float(first.max() - first[index]), float(second.max() - second[index])


def distances_to_frontier(
    u1: ArrayLike, u2: ArrayLike, indices: ArrayLike, frontier: IndexArray | None = None
) -> FloatArray:
    """Per outcome in ``indices``: the Euclidean distance in utility space to the nearest
    Pareto outcome (0 for a Pareto outcome)."""
    first, second = _pair(u1, u2)
    offers = np.asarray(indices, dtype=np.intp).reshape(-1)
    pareto = pareto_indices(first, second) if frontier is None else np.asarray(frontier)
    f1, f2 = first[pareto], second[pareto]
    result = np.empty(offers.size, dtype=np.float64)
    step = max(1, _DISTANCE_CHUNK // max(1, pareto.size))
    for start in range(0, offers.size, step):
        chunk = offers[start : start + step]
        d1 = f1[None, :] - first[chunk][:, None]
        d2 = f2[None, :] - second[chunk][:, None]
        result[start : start + step] = np.sqrt((d1 * d1 + d2 * d2).min(axis=1))
    return result


def distance_to_frontier(
    u1: ArrayLike, u2: ArrayLike, index: int, frontier: IndexArray | None = None
) -> float:
    """The Euclidean distance in utility space from outcome ``index`` to the nearest Pareto
    outcome."""
    return float(distances_to_frontier(u1, u2, [index], frontier)[0])


def post_settlement_improvements(u1: ArrayLike, u2: ArrayLike, agreement_index: int) -> IndexArray:
    """Outcomes at least as good for both parties as the agreement and better for one
    (the outcomes that dominate it), ascending by outcome index."""
    first, second = _pair(u1, u2)
    a, b = first[agreement_index], second[agreement_index]
    better = (first >= a) & (second >= b) & ((first > a) | (second > b))
    return np.flatnonzero(better)


@dataclass(frozen=True)
class BargainingAnalysis:
    """The whole static analysis of one two-party negotiation."""

    pareto: IndexArray
    zopa_size: int
    nash: SolutionPoint | None
    kalai_smorodinsky: SolutionPoint | None
    egalitarian: SolutionPoint | None
    max_welfare: SolutionPoint | None


def analyze(u1: ArrayLike, u2: ArrayLike, r1: float, r2: float) -> BargainingAnalysis:
    """Pareto set, ZOPA size and every solution point, computing the Pareto set once."""
    first, second = _pair(u1, u2)
    frontier = pareto_indices(first, second)
    return BargainingAnalysis(
        pareto=frontier,
        zopa_size=int(zopa_indices(first, second, r1, r2).size),
        nash=nash_point(first, second, r1, r2, frontier),
        kalai_smorodinsky=kalai_smorodinsky_point(first, second, r1, r2, frontier),
        egalitarian=egalitarian_point(first, second, r1, r2, frontier),
        max_welfare=max_welfare_point(first, second, r1, r2, frontier),
    )
