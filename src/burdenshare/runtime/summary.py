"""Mergeable, exact partial summaries: what a chunk sends back instead of its raw draws.

A :class:`Partial` holds, per metric, the count of every distinct integer value (money in
minor units, rounds, outcome indices: each metric takes few distinct values), and exact
integer sums. Merging adds counts, so the merged summary is the same whatever the chunk size
and the order in which chunks finish; quantiles, means and histograms come from the exact
counts, so the report is bit-identical too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from burdenshare.talks.outlook import quantile_rank

QUANTILES = (("p05", Fraction(5, 100)), ("p10", Fraction(1, 10)), ("p50", Fraction(1, 2)),
             ("p90", Fraction(9, 10)), ("p95", Fraction(95, 100)))  # fmt: skip


@dataclass(frozen=True)
class Partial:
    """Draws ``n`` of a chunk (or of merged chunks): value counts and exact sums per metric."""

    n: int
    counts: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    sums: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        n: int,
        values: Mapping[str, NDArray[np.int64]],
        sums: Mapping[str, NDArray[np.int64]] | None = None,
    ) -> Partial:
        """Counts of each metric's ``values`` and exact sums of ``sums`` (Python ints)."""
        counts = {}
        for name, array in values.items():
            distinct, times = np.unique(np.asarray(array, dtype=np.int64), return_counts=True)
            counts[name] = dict(zip(distinct.tolist(), times.tolist(), strict=True))
        exact = {k: sum(int(x) for x in np.asarray(v).tolist()) for k, v in (sums or {}).items()}
        return cls(n, counts, exact)

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "counts": {k: [[v, c] for v, c in sorted(m.items())] for k, m in self.counts.items()},
            "sums": dict(self.sums),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Partial:
        return cls(
            int(data["n"]),
            {k: {int(v): int(c) for v, c in pairs} for k, pairs in data["counts"].items()},
            {k: int(v) for k, v in data["sums"].items()},
        )


class Totals:
    """A running sum of partials, for merging chunk by chunk as they finish."""

    def __init__(self) -> None:
        self.n = 0
        self.counts: dict[str, Counter[int]] = {}
        self.sums: Counter[str] = Counter()

    def add(self, part: Partial) -> None:
        self.n += part.n
        for name, m in part.counts.items():
            self.counts.setdefault(name, Counter()).update(m)
        self.sums.update(part.sums)

    def result(self) -> Partial:
        return Partial(
            self.n,
            {k: dict(sorted(c.items())) for k, c in sorted(self.counts.items())},
            dict(sorted(self.sums.items())),
        )


def quantile(counts: Mapping[int, int], q: Fraction) -> int:
    """The exact ``q`` quantile: the smallest value with at least ⌈q·n⌉ values at or below it."""
    n = sum(counts.values())
    rank = quantile_rank(n, q)  # the package's one definition (talks/outlook.py)
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    raise ValueError("no values")


def histogram(counts: Mapping[int, int], edges: tuple[int, ...]) -> list[int]:
    """Counts in ``[e0, e1), [e1, e2), … [e_{k-1}, e_k]`` (the last bin closed), as NumPy does."""
    bins = [0] * (len(edges) - 1)
    for value, c in counts.items():
        if edges[0] <= value <= edges[-1]:
            k = min(int(np.searchsorted(edges, value, side="right")) - 1, len(bins) - 1)
            bins[k] += c
    return bins


def describe(counts: Mapping[int, int]) -> dict[str, Any]:
    """Count, exact mean (as a float), min, quantiles and max of one metric."""
    n = sum(counts.values())
    if n == 0:
        return {"n": 0}
    total = sum(v * c for v, c in counts.items())
    return {
        "n": n,
        "mean": float(Fraction(total, n)),
        "min": min(counts),
        **{name: quantile(counts, q) for name, q in QUANTILES},
        "max": max(counts),
    }
