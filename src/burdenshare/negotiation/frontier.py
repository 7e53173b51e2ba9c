"""The exact two-party Pareto frontier of a linear-additive domain, without enumeration.

With linear-additive preferences an outcome's utility pair is a sum over issues of per-issue
*terms* ``(w1_i * v1_i(x_i), w2_i * v2_i(x_i))``. A sum is Pareto-optimal only if every partial
sum is Pareto-optimal among the partial sums of its issues (otherwise swapping in a dominating
partial sum would dominate it), so the frontier is built one issue at a time: the frontier of the
first ``k`` issues, plus each undominated term of issue ``k + 1``, filtered to its frontier. The
cost depends on the frontier sizes, not on the number of outcomes (10⁵⁰ for 50 issues of 10
values).

Exactness. The partial sums are added in issue order starting from 0.0, exactly as
:meth:`LinearAdditivePreferences.utilities` adds them, so every frontier utility pair is bit for
bit the enumerated utility pair of its outcomes, and the set of frontier pairs equals the set of
distinct utility pairs of :func:`~burdenshare.negotiation.analysis.pareto_indices` on the
enumerated utilities. Float addition is monotone, so dropping a dominated partial sum never drops
a pair that enumeration keeps; it may drop outcomes whose *rounded* sums tie a kept pair (two
mathematically different sums rounding to the same float), so ``count`` is the number of outcomes
reaching the pair through undominated partial sums: it equals the enumerated count whenever no
such rounding tie occurs (always, in the tests' brute-force comparisons). Counts are Python
integers (exact beyond 2⁶³). Each pair's ``representative`` is its lowest outcome index (product
order, first issue slowest) among those counted, so solution points follow the same tie rules as
:mod:`~burdenshare.negotiation.analysis`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from burdenshare.negotiation.analysis import SolutionPoint
from burdenshare.negotiation.issues import Outcome, OutcomeSpace
from burdenshare.negotiation.preferences import LinearAdditivePreferences, PreferenceError

__all__ = ["LinearFrontier", "linear_frontier"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]


@dataclass(frozen=True)
class _Step:
    """How the frontier after one more issue was made: per point, its parent and value."""

    parent: IndexArray
    value: IndexArray


@dataclass(frozen=True)
class LinearFrontier:
    """The Pareto frontier as utility pairs sorted by ``u1`` descending (``u2`` ascending),
    with each pair's outcome count and lowest outcome index."""

    space: OutcomeSpace
    u1: FloatArray
    u2: FloatArray
    counts: tuple[int, ...]
    _steps: tuple[_Step, ...]

    @property
    def size(self) -> int:
        """The number of distinct frontier utility pairs."""
        return int(self.u1.size)

    def positions(self, point: int) -> tuple[int, ...]:
        """The value positions (one per issue) of frontier pair ``point``'s representative."""
        positions = []
        for step in reversed(self._steps):
            positions.append(int(step.value[point]))
            point = int(step.parent[point])
        return tuple(reversed(positions))

    def representative(self, point: int) -> Outcome:
        """The lowest-index outcome with frontier pair ``point``'s utilities."""
        return tuple(
            issue.values[p]
            for issue, p in zip(self.space.issues, self.positions(point), strict=True)
        )

    def outcome_index(self, point: int) -> int:
        """The outcome index (a Python int: it may exceed 2⁶³) of the representative."""
        index = 0
        for size, position in zip(self.space.shape, self.positions(point), strict=True):
            index = index * size + position
        return index

    def _point(
        self, r1: float, r2: float, score: Callable[[FloatArray, FloatArray], FloatArray]
    ) -> tuple[int, SolutionPoint] | None:
        inside = np.flatnonzero((self.u1 >= r1) & (self.u2 >= r2))
        if inside.size == 0:
            return None
        scores = score(self.u1[inside], self.u2[inside])
        tied = inside[scores == scores.max()]
        welfare = self.u1[tied] + self.u2[tied]
        tied = tied[welfare == welfare.max()]
        best = min(tied.tolist(), key=self.outcome_index)
        return best, SolutionPoint(
            self.outcome_index(best), (float(self.u1[best]), float(self.u2[best]))
        )

    def nash(self, r1: float = 0.0, r2: float = 0.0) -> tuple[int, SolutionPoint] | None:
        """The Nash point (frontier position, point) with the two-party module's rules."""
        return self._point(r1, r2, lambda a, b: (a - r1) * (b - r2))

    def egalitarian(self, r1: float = 0.0, r2: float = 0.0) -> tuple[int, SolutionPoint] | None:
        """The egalitarian point: the largest smaller gain."""
        return self._point(r1, r2, lambda a, b: np.minimum(a - r1, b - r2))

    def max_welfare(self, r1: float = 0.0, r2: float = 0.0) -> tuple[int, SolutionPoint] | None:
        """The point of maximum welfare inside the ZOPA."""
        return self._point(r1, r2, lambda a, b: a + b)

    def kalai_smorodinsky(
        self, r1: float = 0.0, r2: float = 0.0
    ) -> tuple[int, SolutionPoint] | None:
        """The Kalai–Smorodinsky point: the most equal normalised gains."""

        def score(a: FloatArray, b: FloatArray) -> FloatArray:
            s1, s2 = float(a.max()) - r1, float(b.max()) - r2
            n1 = (a - r1) / s1 if s1 > 0 else a - r1
            n2 = (b - r2) / s2 if s2 > 0 else b - r2
            result: FloatArray = -np.abs(n1 - n2)
            return result

        return self._point(r1, r2, score)


def _prune(
    a: FloatArray, b: FloatArray, counts: list[int], rank: IndexArray
) -> tuple[IndexArray, list[int]]:
    """Indices of the undominated points (equal pairs merged: counts added, the lowest rank
    kept), sorted by ``a`` descending, and their merged counts."""
    order = np.lexsort((rank, -b, -a))
    a_sorted, b_sorted = a[order], b[order]
    same = np.zeros(order.size, dtype=bool)
    same[1:] = (a_sorted[1:] == a_sorted[:-1]) & (b_sorted[1:] == b_sorted[:-1])
    starts = np.flatnonzero(~same)
    firsts = order[starts]
    # among distinct pairs sorted by a desc, b desc: keep b strictly above all earlier b's
    b_first = b[firsts]
    best_before = np.empty_like(b_first)
    best_before[0] = -np.inf
    np.maximum.accumulate(b_first[:-1], out=best_before[1:])
    keep = b_first > best_before
    bounds = [*starts.tolist(), order.size]
    merged = [
        sum(counts[int(k)] for k in order[bounds[g] : bounds[g + 1]])
        for g in np.flatnonzero(keep).tolist()
    ]
    return firsts[keep], merged


def linear_frontier(
    space: OutcomeSpace, first: LinearAdditivePreferences, second: LinearAdditivePreferences
) -> LinearFrontier:
    """The exact Pareto frontier of two linear-additive parties over ``space``.

    A party read with GENIUS's semantics whose weighted sums can exceed 1 (``cap_binds``) is
    refused: the cap at 1 makes its utility non-linear, so enumerate and use ``analyze``.
    """
    for party in (first, second):
        if party.cap_binds(space):
            raise PreferenceError(
                party.source,
                "weights",
                "utilities above 1 are capped at 1 (GENIUS), which is not linear: "
                "enumerate the outcomes instead",
            )
    tables1, tables2 = first.tables(space), second.tables(space)
    u1 = np.zeros(1)
    u2 = np.zeros(1)
    counts = [1]
    rank = np.zeros(1, dtype=np.intp)
    steps = []
    for issue, t1, t2 in zip(space.issues, tables1, tables2, strict=True):
        a = first.weights[issue.name] * t1
        b = second.weights[issue.name] * t2
        size = issue.size
        cand1 = (u1[:, None] + a[None, :]).reshape(-1)
        cand2 = (u2[:, None] + b[None, :]).reshape(-1)
        parent = np.repeat(np.arange(u1.size, dtype=np.intp), size)
        value = np.tile(np.arange(size, dtype=np.intp), u1.size)
        cand_counts = [c for c in counts for _ in range(size)]
        cand_rank = rank[parent] * size + value  # lexicographic: prefix rank, then value
        kept, counts = _prune(cand1, cand2, cand_counts, cand_rank)
        u1, u2 = cand1[kept], cand2[kept]
        steps.append(_Step(parent[kept], value[kept]))
        new_rank = np.empty(kept.size, dtype=np.intp)
        new_rank[np.argsort(cand_rank[kept], kind="stable")] = np.arange(kept.size)
        rank = new_rank
    return LinearFrontier(space, u1, u2, tuple(counts), tuple(steps))
