"""Bargaining analysis: a hand-computed example, and brute-force oracles under hypothesis."""

from __future__ import annotations

import math

import negotiation_oracle as oracle
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.negotiation import (
    Issue,
    LinearAdditivePreferences,
    OutcomeSpace,
    SolutionPoint,
    TableValue,
    analyze,
    concessions,
    distance_to_frontier,
    distances_to_frontier,
    egalitarian_point,
    kalai_smorodinsky_point,
    max_welfare_point,
    nash_point,
    pareto_indices,
    post_settlement_improvements,
    zopa_indices,
)

# index:   0    1    2     3     4    5    6    7    8     9
U1 = [1.0, 0.8, 0.7, 0.25, 0.0, 0.5, 0.8, 0.6, 0.5, 0.35]
U2 = [0.0, 0.4, 0.45, 0.9, 1.0, 0.5, 0.4, 0.3, 0.55, 0.7]
R1, R2 = 0.2, 0.1


def test_pareto_of_the_hand_example_keeps_the_duplicate_and_drops_dominated() -> None:
    # 5 (.5,.5) is dominated by 8 (.5,.55); 7 (.6,.3) by 2 (.7,.45); 6 duplicates 1.
    assert pareto_indices(U1, U2).tolist() == [0, 1, 2, 3, 4, 6, 8, 9]


def test_zopa_of_the_hand_example() -> None:
    assert zopa_indices(U1, U2, R1, R2).tolist() == [1, 2, 3, 5, 6, 7, 8, 9]


def test_solution_points_of_the_hand_example() -> None:
    # Gains over (0.2, 0.1) on the Pareto outcomes in the ZOPA:
    # 1: (.6,.3)  2: (.5,.35)  3: (.05,.8)  6: (.6,.3)  8: (.3,.45)  9: (.15,.6)
    # Nash products .18 .175 .04 .18 .135 .09 → 1 and 6 tie (same welfare) → lowest index 1.
    assert nash_point(U1, U2, R1, R2) == SolutionPoint(1, (0.8, 0.4))
    # Smaller gains .3 .35 .05 .3 .3 .15 → 2.
    assert egalitarian_point(U1, U2, R1, R2) == SolutionPoint(2, (0.7, 0.45))
    # Welfare 1.2 1.15 1.15 1.2 1.05 1.05 → 1 and 6 tie → 1.
    assert max_welfare_point(U1, U2, R1, R2) == SolutionPoint(1, (0.8, 0.4))
    # Ideal over the ZOPA (.8, .9); normalized gains: 1 (1, .375) 2 (.83, .44) 3 (.08, 1)
    # 8 (.5, .5625) 9 (.25, .75) → smallest difference at 8.
    assert kalai_smorodinsky_point(U1, U2, R1, R2) == SolutionPoint(8, (0.5, 0.55))


def test_analyze_bundles_the_same_results() -> None:
    result = analyze(U1, U2, R1, R2)
    assert result.pareto.tolist() == [0, 1, 2, 3, 4, 6, 8, 9]
    assert result.zopa_size == 8
    assert (result.nash, result.egalitarian) == (
        SolutionPoint(1, (0.8, 0.4)),
        SolutionPoint(2, (0.7, 0.45)),
    )
    assert result.kalai_smorodinsky == SolutionPoint(8, (0.5, 0.55))
    assert result.max_welfare == SolutionPoint(1, (0.8, 0.4))


def test_points_are_none_when_the_zopa_is_empty() -> None:
    assert zopa_indices(U1, U2, 0.95, 0.95).tolist() == []
    for point in (nash_point, kalai_smorodinsky_point, egalitarian_point, max_welfare_point):
        assert point(U1, U2, 0.95, 0.95) is None


def test_post_settlement_improvements_of_the_hand_example() -> None:
    assert post_settlement_improvements(U1, U2, 5).tolist() == [8]
    assert post_settlement_improvements(U1, U2, 7).tolist() == [1, 2, 6]
    assert post_settlement_improvements(U1, U2, 2).tolist() == []


def test_concessions_and_distances_of_the_hand_example() -> None:
    assert concessions(U1, U2, 2) == (1.0 - 0.7, 1.0 - 0.45)
    assert distance_to_frontier(U1, U2, 5) == math.sqrt((0.55 - 0.5) * (0.55 - 0.5))
    assert distance_to_frontier(U1, U2, 2) == 0.0
    distances = distances_to_frontier(U1, U2, [2, 5, 7])
    assert distances.tolist() == [
        0.0,
        math.sqrt((0.55 - 0.5) * (0.55 - 0.5)),
        math.sqrt((0.7 - 0.6) * (0.7 - 0.6) + (0.45 - 0.3) * (0.45 - 0.3)),
    ]


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="1-D of one length"):
        pareto_indices([0.1, 0.2], [0.1])
    with pytest.raises(ValueError, match="utilities must be finite"):
        pareto_indices([0.1, math.nan], [0.1, 0.2])
    with pytest.raises(ValueError, match="reservation values must be finite"):
        nash_point(U1, U2, -math.inf, 0.0)
    assert pareto_indices([], []).tolist() == []


def test_signed_zeros_are_equal() -> None:
    assert pareto_indices([0.0, -0.0], [1.0, 1.0]).tolist() == [0, 1]


@pytest.mark.parametrize(
    "u1",
    [
        [0.0, 5e-324, 5e-324, 0.0, 1e-323, 0.0, 5e-324, 0.0],  # range too small to bucket
        [-1e308, 1e308, 1e308, -1e308, 0.0, -1e308, 1e308, -1e308],  # range overflows
        [0.5] * 8,  # one value
    ],
)
def test_extreme_ranges_equal_brute_force(u1: list[float]) -> None:
    u2 = [0.0, 0.1, 0.2, 0.3, 0.0, 0.3, 0.2, 0.1]
    assert pareto_indices(u1, u2).tolist() == oracle.pareto(u1, u2)


# --- oracles ----------------------------------------------------------------------------------

COARSE = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])
"""Few distinct values, so ties and duplicate utility pairs are frequent."""
FINE = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False, width=64)


@st.composite
def utilities(draw: st.DrawFn) -> tuple[list[float], list[float], float, float]:
    values = draw(st.sampled_from([COARSE, FINE]))
    n = draw(st.integers(min_value=1, max_value=120))
    u1 = draw(st.lists(values, min_size=n, max_size=n))
    u2 = draw(st.lists(values, min_size=n, max_size=n))
    return u1, u2, draw(values), draw(values)


def _index(point: SolutionPoint | None) -> int | None:
    return None if point is None else point.index


@settings(max_examples=400, deadline=None, derandomize=True)
@given(utilities())
def test_pareto_zopa_and_points_equal_brute_force(
    case: tuple[list[float], list[float], float, float],
) -> None:
    u1, u2, r1, r2 = case
    assert pareto_indices(u1, u2).tolist() == oracle.pareto(u1, u2)
    assert zopa_indices(u1, u2, r1, r2).tolist() == oracle.zopa(u1, u2, r1, r2)
    assert _index(nash_point(u1, u2, r1, r2)) == oracle.nash(u1, u2, r1, r2)
    assert _index(egalitarian_point(u1, u2, r1, r2)) == oracle.egalitarian(u1, u2, r1, r2)
    assert _index(max_welfare_point(u1, u2, r1, r2)) == oracle.max_welfare(u1, u2, r1, r2)
    expected_ks = oracle.kalai_smorodinsky(u1, u2, r1, r2)
    assert _index(kalai_smorodinsky_point(u1, u2, r1, r2)) == expected_ks


@settings(max_examples=200, deadline=None, derandomize=True)
@given(utilities(), st.data())
def test_improvements_and_distances_equal_brute_force(
    case: tuple[list[float], list[float], float, float], data: st.DataObject
) -> None:
    u1, u2, _, _ = case
    k = data.draw(st.integers(min_value=0, max_value=len(u1) - 1))
    assert post_settlement_improvements(u1, u2, k).tolist() == oracle.improvements(u1, u2, k)
    assert distance_to_frontier(u1, u2, k) == oracle.distance(u1, u2, k)
    assert concessions(u1, u2, k) == (max(u1) - u1[k], max(u2) - u2[k])


Domain = tuple[OutcomeSpace, LinearAdditivePreferences, LinearAdditivePreferences]


def _party(draw: st.DrawFn, space: OutcomeSpace) -> LinearAdditivePreferences:
    raw = draw(st.lists(st.integers(0, 4), min_size=len(space.issues), max_size=len(space.issues)))
    raw = [w + 1 for w in raw] if sum(raw) == 0 else raw
    weights = {issue.name: w / sum(raw) for issue, w in zip(space.issues, raw, strict=True)}
    tables = {
        issue.name: TableValue(tuple((value, draw(COARSE)) for value in issue.values))
        for issue in space.issues
    }
    return LinearAdditivePreferences(weights, tables)


@st.composite
def domains(draw: st.DrawFn) -> Domain:
    """Random linear-additive domains of 1–5 issues with coarse values (many ties)."""
    sizes = draw(
        st.lists(st.integers(1, 4), min_size=1, max_size=5).filter(lambda s: math.prod(s) <= 200)
    )
    space = OutcomeSpace(
        tuple(Issue(f"issue {i}", tuple(f"v{j}" for j in range(n))) for i, n in enumerate(sizes))
    )
    return space, _party(draw, space), _party(draw, space)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(domains(), COARSE, COARSE)
def test_linear_additive_domains_equal_brute_force(
    domain: Domain,
    r1: float,
    r2: float,
) -> None:
    space, first, second = domain
    u1, u2 = first.utilities(space), second.utilities(space)
    for k, outcome in enumerate(space.outcomes()):
        assert u1[k] == first.utility(space, outcome)
    a, b = u1.tolist(), u2.tolist()
    assert pareto_indices(u1, u2).tolist() == oracle.pareto(a, b)
    assert _index(nash_point(u1, u2, r1, r2)) == oracle.nash(a, b, r1, r2)
    assert _index(kalai_smorodinsky_point(u1, u2, r1, r2)) == oracle.kalai_smorodinsky(a, b, r1, r2)
    assert _index(egalitarian_point(u1, u2, r1, r2)) == oracle.egalitarian(a, b, r1, r2)


def test_pareto_at_a_million_outcomes_is_exact() -> None:
    # Outcome k has a = k % 1000, b = k // 1000: u1 = a / 1000, u2 = (999 - a) / 1000 - b / 1e6.
    # Only b == 0 is Pareto-optimal; the rows are shuffled so the input is in no useful order.
    k = np.random.default_rng(7).permutation(1_000_000)
    a, b = k % 1000, k // 1000
    u1 = a / 1000.0
    u2 = (999 - a) / 1000.0 - b / 1e6
    assert pareto_indices(u1, u2).tolist() == np.flatnonzero(b == 0).tolist()
