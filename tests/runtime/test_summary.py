"""Exact mergeable summaries: quantiles, histograms and means from value counts; merging in any
order and at any grain gives the same summary."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.runtime.summary import Partial, Totals, describe, histogram, quantile


def test_quantile_is_the_lower_order_statistic() -> None:
    counts = {1: 1, 2: 1, 3: 1, 4: 1, 10: 6}  # 1 2 3 4 10 10 10 10 10 10
    assert quantile(counts, Fraction(1, 10)) == 1
    assert quantile(counts, Fraction(2, 10)) == 2
    assert quantile(counts, Fraction(1, 2)) == 10
    assert quantile({7: 3}, Fraction(1, 100)) == 7


def test_histogram_on_fixed_edges_matches_numpy() -> None:
    values = np.array([0, 1, 4, 5, 5, 9, 10, 11, -1], dtype=np.int64)
    counts = Partial.of(len(values), {"x": values}).counts["x"]
    edges = (0, 5, 10)
    assert histogram(counts, edges) == np.histogram(values, bins=edges)[0].tolist() == [3, 4]


def test_describe_is_exact() -> None:
    big = 10**15 + 1  # float64 sums of such values lose units; the count-based mean does not
    d = describe({big: 3, 0: 1})
    assert d["n"] == 4 and d["min"] == 0 and d["max"] == big
    assert d["mean"] == float(Fraction(3 * big, 4))
    assert d["p50"] == big


def test_partial_round_trips_through_json() -> None:
    p = Partial.of(3, {"a": np.array([5, 5, -2])}, {"s": np.array([1, 2, 3])})
    assert p.counts == {"a": {-2: 1, 5: 2}} and p.sums == {"s": 6}
    assert Partial.from_json(p.to_json()) == p


def merge(parts: list[Partial]) -> Partial:
    """The sum of ``parts`` as the run loop forms it (runtime/run.py: Totals.add per chunk)."""
    totals = Totals()
    for part in parts:
        totals.add(part)
    return totals.result()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-(2**40), 2**40), min_size=1, max_size=200),
    st.integers(1, 50),
    st.randoms(use_true_random=False),
)
def test_merge_does_not_depend_on_grain_or_order(
    values: list[int], grain: int, rnd: random.Random
) -> None:
    array = np.array(values, dtype=np.int64)
    whole = Partial.of(len(values), {"x": array}, {"x": array})
    parts = [
        Partial.of(
            len(array[i : i + grain]), {"x": array[i : i + grain]}, {"x": array[i : i + grain]}
        )
        for i in range(0, len(values), grain)
    ]
    rnd.shuffle(parts)
    merged = merge(parts)
    assert merged == merge([whole])
    assert merged.sums["x"] == sum(values)
    assert describe(merged.counts["x"]) == describe(whole.counts["x"])
