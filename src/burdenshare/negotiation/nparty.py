"""Bargaining analysis for any number of parties: Pareto set and solution points.

Every function takes ``utilities``: an ``(n_parties, n_outcomes)`` float64 array (row ``i`` is
party ``i``'s utility of every outcome, indexed by outcome index), and, where needed,
``reservations`` (one per party: the utility of no agreement, also the disagreement point).
The rules extend the two-party ones of :mod:`burdenshare.negotiation.analysis` exactly:

* Outcome ``j`` *dominates* ``k`` when every party gets at least as much at ``j`` and one gets
  strictly more. The *Pareto set* is every undominated outcome (identical utility vectors are
  all kept), ascending by outcome index.
* Solution points are chosen among the Pareto outcomes where every party gets at least its
  reservation value (``None`` when there is none) by maximising a score; ties (exact float
  equality) go to the larger welfare ``sum_i u_i``, then to the lowest outcome index. With gains
  ``g_i = u_i - r_i``: Nash ``prod_i g_i`` (multiplied in party order); egalitarian
  ``min_i g_i``; maximum welfare ``sum_i u_i`` (added in party order); Kalai–Smorodinsky
  ``-(max_i n_i - min_i n_i)`` with normalised gains ``n_i = g_i / (ideal_i - r_i)``, ``ideal_i``
  being party i's best utility among those outcomes (``n_i = g_i`` when ``ideal_i == r_i``).
  With two parties these are the two-party functions' scores, so both agree.

The Pareto set: two parties use the ``O(n log n)`` sweep of the two-party module; more parties
sort the outcomes by welfare, then lexicographically (a dominating outcome always comes first)
and keep each outcome no kept outcome dominates, in vectorised blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from burdenshare.negotiation.analysis import pareto_indices

__all__ = [
    "MultiPoint",
    "MultilateralAnalysis",
    "analyze_n",
    "egalitarian_point_n",
    "kalai_smorodinsky_point_n",
    "max_welfare_point_n",
    "nash_point_n",
    "pareto_indices_n",
]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]

_BLOCK = 2048
"""Outcomes compared against the kept set at once."""

_CELLS = 1 << 20
"""At most this many kept × block pairs are compared at once (memory: cells × parties)."""


@dataclass(frozen=True)
class MultiPoint:
    """An outcome index and every party's utility there."""

    index: int
    utilities: tuple[float, ...]


def _matrix(utilities: ArrayLike) -> FloatArray:
    matrix = np.asarray(utilities, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] < 1:
        raise ValueError(f"utilities must be (parties, outcomes), got shape {matrix.shape}")
    if not np.isfinite(matrix).all():
        raise ValueError("utilities must be finite")
    return matrix


def _reservation_vector(reservations: Sequence[float] | None, parties: int) -> FloatArray:
    if reservations is None:
        return np.zeros(parties)
    vector = np.asarray(reservations, dtype=np.float64).reshape(-1)
    if vector.size != parties or not np.isfinite(vector).all():
        raise ValueError(f"need {parties} finite reservation values, got {reservations!r}")
    return vector


def _dominated_by(kept: FloatArray, block: FloatArray) -> NDArray[np.bool_]:
    """Per column of ``block``: whether some column of ``kept`` dominates it."""
    result = np.zeros(block.shape[1], dtype=bool)
    step = max(1, _CELLS // max(1, block.shape[1]))
    for start in range(0, kept.shape[1], step):
        part = kept[:, start : start + step]
        geq = np.all(part[:, :, None] >= block[:, None, :], axis=0)
        gt = np.any(part[:, :, None] > block[:, None, :], axis=0)
        result |= np.any(geq & gt, axis=0)
    return result


def pareto_indices_n(utilities: ArrayLike) -> IndexArray:
    """Outcome indices of the n-party Pareto set, ascending (duplicates all kept)."""
    matrix = _matrix(utilities)
    parties, size = matrix.shape
    if size == 0:
        return np.empty(0, dtype=np.intp)
    if parties == 1:
        return np.flatnonzero(matrix[0] == matrix[0].max())
    if parties == 2:
        return pareto_indices(matrix[0], matrix[1])
    welfare = matrix.sum(axis=0)
    keys = [-matrix[i] for i in range(parties - 1, -1, -1)] + [-welfare]
    order = np.lexsort(keys)
    kept = np.empty((parties, 0))
    kept_indices: list[IndexArray] = []
    for start in range(0, size, _BLOCK):
        chunk = order[start : start + _BLOCK]
        block = matrix[:, chunk]
        alive = ~_dominated_by(kept, block)
        chunk, block = chunk[alive], block[:, alive]
        # within the block, earlier outcomes may dominate later ones (never the reverse)
        geq = np.all(block[:, :, None] >= block[:, None, :], axis=0)
        gt = np.any(block[:, :, None] > block[:, None, :], axis=0)
        inner = np.any(geq & gt, axis=0)
        chunk, block = chunk[~inner], block[:, ~inner]
        kept = np.concatenate([kept, block], axis=1)
        kept_indices.append(chunk)
    return np.sort(np.concatenate(kept_indices)).astype(np.intp)


def _candidates(
    matrix: FloatArray, reservations: FloatArray, frontier: IndexArray | None
) -> IndexArray:
    pareto = pareto_indices_n(matrix) if frontier is None else np.asarray(frontier, dtype=np.intp)
    inside = np.all(matrix[:, pareto] >= reservations[:, None], axis=0)
    return pareto[inside]


def _welfare(block: FloatArray) -> FloatArray:
    total: FloatArray = block[0].copy()
    for row in block[1:]:
        total = total + row
    return total


def _best(candidates: IndexArray, scores: FloatArray, matrix: FloatArray) -> MultiPoint | None:
    if candidates.size == 0:
        return None
    tied = candidates[scores == scores.max()]
    welfare = _welfare(matrix[:, tied])
    index = int(tied[welfare == welfare.max()].min())
    return MultiPoint(index, tuple(float(u) for u in matrix[:, index]))


Score = Callable[[FloatArray, FloatArray], FloatArray]


def _nash(block: FloatArray, reservations: FloatArray) -> FloatArray:
    product: FloatArray = block[0] - reservations[0]
    for row, reservation in zip(block[1:], reservations[1:], strict=True):
        product = product * (row - reservation)
    return product


def _egalitarian(block: FloatArray, reservations: FloatArray) -> FloatArray:
    result: FloatArray = (block - reservations[:, None]).min(axis=0)
    return result


def _max_welfare(block: FloatArray, reservations: FloatArray) -> FloatArray:
    return _welfare(block)


def _kalai_smorodinsky(block: FloatArray, reservations: FloatArray) -> FloatArray:
    if block.shape[1] == 0:
        return np.empty(0)
    gains = block - reservations[:, None]
    spans = block.max(axis=1) - reservations
    normalised = np.where(
        spans[:, None] > 0, gains / np.where(spans > 0, spans, 1.0)[:, None], gains
    )
    result: FloatArray = -(normalised.max(axis=0) - normalised.min(axis=0))
    return result


def _point(
    utilities: ArrayLike,
    reservations: Sequence[float] | None,
    frontier: IndexArray | None,
    score: Score,
) -> MultiPoint | None:
    matrix = _matrix(utilities)
    vector = _reservation_vector(reservations, matrix.shape[0])
    candidates = _candidates(matrix, vector, frontier)
    return _best(candidates, score(matrix[:, candidates], vector), matrix)


def nash_point_n(
    utilities: ArrayLike,
    reservations: Sequence[float] | None = None,
    frontier: IndexArray | None = None,
) -> MultiPoint | None:
    """The n-party Nash point: the largest product of gains over the reservation values."""
    return _point(utilities, reservations, frontier, _nash)


def egalitarian_point_n(
    utilities: ArrayLike,
    reservations: Sequence[float] | None = None,
    frontier: IndexArray | None = None,
) -> MultiPoint | None:
    """The n-party egalitarian point: the largest smallest gain."""
    return _point(utilities, reservations, frontier, _egalitarian)


def max_welfare_point_n(
    utilities: ArrayLike,
    reservations: Sequence[float] | None = None,
    frontier: IndexArray | None = None,
) -> MultiPoint | None:
    """The n-party point of maximum welfare (sum of utilities) inside the ZOPA."""
    return _point(utilities, reservations, frontier, _max_welfare)


def kalai_smorodinsky_point_n(
    utilities: ArrayLike,
    reservations: Sequence[float] | None = None,
    frontier: IndexArray | None = None,
) -> MultiPoint | None:
    """The n-party Kalai–Smorodinsky point: the most equal normalised gains."""
    return _point(utilities, reservations, frontier, _kalai_smorodinsky)


@dataclass(frozen=True)
class MultilateralAnalysis:
    """The whole static analysis of one n-party negotiation."""

    pareto: IndexArray
    zopa_size: int
    nash: MultiPoint | None
    kalai_smorodinsky: MultiPoint | None
    egalitarian: MultiPoint | None
    max_welfare: MultiPoint | None


def analyze_n(
    utilities: ArrayLike, reservations: Sequence[float] | None = None
) -> MultilateralAnalysis:
    """Pareto set, ZOPA size and every solution point, computing the Pareto set once."""
    matrix = _matrix(utilities)
    vector = _reservation_vector(reservations, matrix.shape[0])
    frontier = pareto_indices_n(matrix)
    zopa = int(np.all(matrix >= vector[:, None], axis=0).sum())
    listed = [float(r) for r in vector]
    return MultilateralAnalysis(
        pareto=frontier,
        zopa_size=zopa,
        nash=nash_point_n(matrix, listed, frontier),
        kalai_smorodinsky=kalai_smorodinsky_point_n(matrix, listed, frontier),
        egalitarian=egalitarian_point_n(matrix, listed, frontier),
        max_welfare=max_welfare_point_n(matrix, listed, frontier),
    )
