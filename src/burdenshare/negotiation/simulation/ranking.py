"""Per-domain preparation: each party's outcomes sorted by utility once, and offer look-ups.

A :class:`Ranking` holds ``B`` rows of utilities (one shared row, or one per negotiation), each
row's outcome indices in ascending utility order and the sorted utilities. Offers are found by
binary search: *the lowest outcome at or above a threshold* is the first sorted position whose
utility is ``≥`` the threshold. With one row that is :func:`numpy.searchsorted`; with many rows
it is a vectorized branchless binary search over all (row, threshold) queries at once (one
gather per power of two) — exact, with no row-offset arithmetic that would round utilities.

Ties (outcomes of equal utility) are ordered by the *tie rule*:

* ``"index"`` — lowest outcome index first (a stable sort): the documented default.
* ``"negmas"`` — NegMAS 0.16's ``PresortingInverseUtilityFunction.init`` order: the outcomes
  below the reservation value (irrational) first in outcome order, then the rational ones in
  ``numpy.argsort`` (default, unstable) order of their utilities. It depends on the reservation
  value, so it is built per distinct reservation value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from burdenshare.negotiation.simulation.protocol import SimulationError

__all__ = ["Ranking", "Ties", "prepare"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
Ties = Literal["index", "negmas"]


def _utilities(values: ArrayLike) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim not in (1, 2) or array.shape[-1] == 0:
        raise SimulationError(f"utilities must be (n,) or (N, n) with n > 0, got {array.shape}")
    if not np.isfinite(array).all():
        raise SimulationError("utilities must be finite")
    return array if array.ndim == 2 else array[None, :]


def _negmas_order(row: FloatArray, reservation: float) -> IntArray:
    rational = row >= reservation
    low = np.flatnonzero(~rational)
    high = np.flatnonzero(rational)
    low = low[np.argsort(row[low], kind="stable")]
    high = high[np.argsort(row[high])]
    return np.concatenate([low, high]).astype(np.intp)


@dataclass(frozen=True, eq=False)
class Ranking:
    """``B`` rows of utilities with each row's outcomes sorted ascending by utility."""

    utilities: FloatArray  # (B, n)
    order: IntArray  # (B, n): outcome indices, ascending utility
    sorted: FloatArray  # (B, n): utilities along ``order``
    ties: Ties = "index"

    @property
    def rows(self) -> int:
        return int(self.utilities.shape[0])

    @property
    def size(self) -> int:
        """The number of outcomes."""
        return int(self.utilities.shape[1])

    @property
    def lows(self) -> FloatArray:
        return self.sorted[:, 0]

    @property
    def highs(self) -> FloatArray:
        return self.sorted[:, -1]

    def search(self, rows: IntArray | None, values: FloatArray) -> IntArray:
        """Per query, the first sorted position with utility ``≥ value`` (``n`` if none)."""
        if rows is None or self.rows == 1:
            found: IntArray = np.searchsorted(self.sorted[0], values, side="left")
            return found
        n = self.size
        flat = self.sorted.reshape(-1)
        base = rows * n - 1
        position = np.zeros(np.broadcast_shapes(base.shape, values.shape), dtype=np.intp)
        step = 1 << (n.bit_length() - 1)
        while step:  # branchless lower bound: grow by each power of two while still below
            grown = position + step
            below = flat[base + np.minimum(grown, n)] < values
            below &= grown <= n
            position += below * step
            step >>= 1
        return position

    def at(self, rows: IntArray | None, positions: IntArray) -> tuple[IntArray, FloatArray]:
        """Outcome indices and utilities at sorted ``positions``."""
        if rows is None or self.rows == 1:
            return self.order[0][positions], self.sorted[0][positions]
        flat = rows * self.size + positions
        return self.order.reshape(-1)[flat], self.sorted.reshape(-1)[flat]

    def utility(self, rows: IntArray | None, outcomes: IntArray) -> FloatArray:
        """The utility of ``outcomes`` (per query row)."""
        if rows is None or self.rows == 1:
            values: FloatArray = self.utilities[0][outcomes]
            return values
        flat = rows * self.size + outcomes
        gathered: FloatArray = self.utilities.reshape(-1)[flat]
        return gathered

    def lowest_at_least(
        self, rows: IntArray | None, thresholds: FloatArray, slack: float = 0.0
    ) -> IntArray:
        """The outcome offered for each threshold: the lowest at or above it (the best outcome
        when none is); with ``slack > 0``, the nearest outcome up to ``slack`` below instead
        when it is strictly nearer (the first of its equal-utility group)."""
        position = np.minimum(self.search(rows, thresholds), self.size - 1)
        outcome, value = self.at(rows, position)
        if slack <= 0.0:
            return outcome
        below = np.maximum(position - 1, 0)
        _, under = self.at(rows, below)
        nearer = (
            (position > 0)
            & (under >= thresholds - slack)
            & (thresholds - under < value - thresholds)
        )
        if not nearer.any():
            return outcome
        where = np.nonzero(nearer)
        picked = None if rows is None or self.rows == 1 else np.broadcast_to(rows, nearer.shape)
        if picked is not None:
            picked = picked[where]
        chosen, _ = self.at(picked, self.search(picked, under[where]))
        outcome = outcome.copy()
        outcome[where] = chosen
        return outcome


def prepare(utilities: ArrayLike) -> Ranking:
    """Sort utilities ``(n,)`` or ``(N, n)`` once, ties by lowest outcome index."""
    array = _utilities(utilities)
    order = np.argsort(array, axis=1, kind="stable").astype(np.intp)
    return Ranking(array, order, np.take_along_axis(array, order, axis=1), "index")


def negmas_ranking(utilities: FloatArray, reservations: FloatArray) -> tuple[Ranking, IntArray]:
    """NegMAS-ordered rankings, one per distinct (utility row, reservation value); returns the
    ranking and each negotiation's row in it."""
    if utilities.shape[0] == 1:
        unique, rows = np.unique(reservations, return_inverse=True)
        source = np.zeros(unique.size, dtype=np.intp)
    else:
        unique, rows = reservations, np.arange(reservations.size, dtype=np.intp)
        source = rows
    order = np.stack(
        [_negmas_order(utilities[s], float(r)) for s, r in zip(source, unique, strict=True)]
    )
    base = utilities[source]
    ranking = Ranking(base, order, np.take_along_axis(base, order, axis=1), "negmas")
    return ranking, rows.astype(np.intp)
