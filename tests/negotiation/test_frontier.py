"""The issue-by-issue linear-additive frontier against brute-force enumeration."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.negotiation import (
    Issue,
    LinearAdditivePreferences,
    OutcomeSpace,
    PreferenceError,
    TableValue,
    analyze,
    pareto_indices,
)
from burdenshare.negotiation.frontier import linear_frontier


def party(
    space: OutcomeSpace, weights: list[float], tables: list[list[float]]
) -> LinearAdditivePreferences:
    return LinearAdditivePreferences(
        {issue.name: w for issue, w in zip(space.issues, weights, strict=True)},
        {
            issue.name: TableValue(tuple(zip(issue.values, table, strict=True)))
            for issue, table in zip(space.issues, tables, strict=True)
        },
    )


@st.composite
def domains(
    draw: st.DrawFn,
) -> tuple[OutcomeSpace, LinearAdditivePreferences, LinearAdditivePreferences]:
    shape = draw(st.lists(st.integers(1, 4), min_size=1, max_size=5))
    space = OutcomeSpace(tuple(Issue(f"i{k}", tuple(range(n))) for k, n in enumerate(shape)))
    coarse = draw(st.booleans())  # dyadic weights and quarter values: many exact ties
    parties = []
    for _ in range(2):
        if coarse:
            left, parts = 8, []
            for _ in shape[:-1]:
                parts.append(draw(st.integers(0, left)))
                left -= parts[-1]
            weights = [part / 8 for part in [*parts, left]]
            value = st.integers(0, 4).map(lambda x: x / 4)
        else:
            raw = [draw(st.floats(0.01, 1.0)) for _ in shape]
            weights = [r / sum(raw) for r in raw]
            value = st.floats(0.0, 1.0)
        tables = [[draw(value) for _ in range(n)] for n in shape]
        parties.append(party(space, weights, tables))
    return space, parties[0], parties[1]


def enumerated(
    space: OutcomeSpace, first: LinearAdditivePreferences, second: LinearAdditivePreferences
) -> dict[tuple[float, float], tuple[int, int]]:
    """Brute force: per distinct Pareto utility pair, (count, lowest outcome index)."""
    u1, u2 = first.utilities(space), second.utilities(space)
    result: dict[tuple[float, float], tuple[int, int]] = {}
    for k in pareto_indices(u1, u2).tolist():
        pair = (float(u1[k]), float(u2[k]))
        count, low = result.get(pair, (0, k))
        result[pair] = (count + 1, min(low, k))
    return result


@settings(max_examples=200, deadline=None)
@given(domains(), st.sampled_from([(0.0, 0.0), (0.3, 0.2), (0.6, 0.6)]))
def test_frontier_equals_enumeration(
    domain: tuple[OutcomeSpace, LinearAdditivePreferences, LinearAdditivePreferences],
    reservations: tuple[float, float],
) -> None:
    space, first, second = domain
    frontier = linear_frontier(space, first, second)
    expected = enumerated(space, first, second)
    pairs = list(zip(frontier.u1.tolist(), frontier.u2.tolist(), strict=True))
    assert pairs == sorted(expected, reverse=True)
    for point, pair in enumerate(pairs):
        assert (frontier.counts[point], frontier.outcome_index(point)) == expected[pair]
        outcome = frontier.representative(point)
        assert space.index_of(outcome) == frontier.outcome_index(point)
    r1, r2 = reservations
    full = analyze(first.utilities(space), second.utilities(space), r1, r2)
    for ours, theirs in [
        (frontier.nash(r1, r2), full.nash),
        (frontier.egalitarian(r1, r2), full.egalitarian),
        (frontier.max_welfare(r1, r2), full.max_welfare),
        (frontier.kalai_smorodinsky(r1, r2), full.kalai_smorodinsky),
    ]:
        assert (None if ours is None else ours[1]) == theirs


def test_fifty_issues_of_ten_values_in_under_a_second() -> None:
    rng = np.random.default_rng(50)
    space = OutcomeSpace(tuple(Issue(f"i{k}", tuple(range(10))) for k in range(50)))
    parties = []
    for _ in range(2):
        raw = rng.random(50)
        parties.append(party(space, (raw / raw.sum()).tolist(), rng.random((50, 10)).tolist()))
    start = time.perf_counter()
    frontier = linear_frontier(space, *parties)
    nash = frontier.nash()
    elapsed = time.perf_counter() - start
    assert space.size == 10**50
    assert elapsed < 1.0
    assert nash is not None
    # every frontier pair is attained by its representative (utilities recomputed directly)
    for point in (0, frontier.size // 2, frontier.size - 1, nash[0]):
        outcome = frontier.representative(point)
        assert parties[0].utility(space, outcome) == frontier.u1[point]
        assert parties[1].utility(space, outcome) == frontier.u2[point]
    # the ends are each party's ideal: the best value of every issue
    assert frontier.u1[0] == parties[0].utility(
        space, tuple(int(np.argmax(t)) for t in parties[0].tables(space))
    )
    assert all(np.diff(frontier.u1) < 0) and all(np.diff(frontier.u2) > 0)


def test_a_genius_profile_whose_cap_binds_is_refused_and_one_below_one_is_exact() -> None:
    space = OutcomeSpace((Issue("a", ("x", "y")), Issue("b", ("x", "y"))))
    table = TableValue.of({"x": 1.0, "y": 0.0})
    other = LinearAdditivePreferences(
        {"a": 0.5, "b": 0.5}, {"a": TableValue.of({"x": 0.0, "y": 1.0}), "b": table}
    )
    over = LinearAdditivePreferences(
        {"a": 0.75, "b": 0.5}, {"a": table, "b": table}, source="p.xml", cap_at_one=True
    )
    with pytest.raises(PreferenceError, match=r"^p\.xml: weights: utilities above 1 are capped"):
        linear_frontier(space, over, other)
    under = LinearAdditivePreferences(
        {"a": 0.5, "b": 0.25}, {"a": table, "b": table}, cap_at_one=True
    )
    frontier = linear_frontier(space, under, other)
    # brute force: (x,x) 0.75/0.5, (x,y) 0.5/0.0, (y,x) 0.25/1.0, (y,y) 0.0/0.5
    assert sorted(zip(frontier.u1.tolist(), frontier.u2.tolist(), strict=True)) == [
        (0.25, 1.0),
        (0.75, 0.5),
    ]
