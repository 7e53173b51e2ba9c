"""n-party analysis against brute force: Pareto set and every solution point, and agreement
with the two-party module when n = 2."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.negotiation import analyze
from burdenshare.negotiation.genius import GeniusWarning, load_genius_folder
from burdenshare.negotiation.nparty import analyze_n, pareto_indices_n


def brute_pareto(matrix: list[list[float]]) -> list[int]:
    n = len(matrix[0])
    parties = range(len(matrix))

    def dominates(j: int, k: int) -> bool:
        return all(matrix[i][j] >= matrix[i][k] for i in parties) and any(
            matrix[i][j] > matrix[i][k] for i in parties
        )

    return [k for k in range(n) if not any(dominates(j, k) for j in range(n))]


def brute_point(matrix: list[list[float]], reservations: list[float], rule: str) -> int | None:
    """The documented rule, written out: best score over Pareto ∩ ZOPA; ties → welfare → index."""
    parties = range(len(matrix))
    candidates = [
        k for k in brute_pareto(matrix) if all(matrix[i][k] >= reservations[i] for i in parties)
    ]
    if not candidates:
        return None
    ideal = [max(matrix[i][k] for k in candidates) for i in parties]

    def welfare(k: int) -> float:
        total = matrix[0][k]
        for i in parties[1:]:
            total += matrix[i][k]
        return total

    def score(k: int) -> float:
        gains = [matrix[i][k] - reservations[i] for i in parties]
        if rule == "nash":
            product = gains[0]
            for gain in gains[1:]:
                product *= gain
            return product
        if rule == "egalitarian":
            return min(gains)
        if rule == "welfare":
            return welfare(k)
        spans = [ideal[i] - reservations[i] for i in parties]
        normal = [g / s if s > 0 else g for g, s in zip(gains, spans, strict=True)]
        return -(max(normal) - min(normal))

    best = max(score(k) for k in candidates)
    tied = [k for k in candidates if score(k) == best]
    top = max(welfare(k) for k in tied)
    return min(k for k in tied if welfare(k) == top)


@st.composite
def games(draw: st.DrawFn) -> tuple[list[list[float]], list[float]]:
    parties = draw(st.integers(1, 4))
    outcomes = draw(st.integers(1, 40))
    level = st.integers(0, 6).map(lambda x: x / 6)  # coarse levels: many ties and duplicates
    matrix = [[draw(level) for _ in range(outcomes)] for _ in range(parties)]
    reservations = [draw(st.sampled_from([0.0, 0.2, 0.5])) for _ in range(parties)]
    return matrix, reservations


@settings(max_examples=150, deadline=None)
@given(games())
def test_analysis_equals_brute_force(game: tuple[list[list[float]], list[float]]) -> None:
    matrix, reservations = game
    result = analyze_n(np.array(matrix), reservations)
    assert result.pareto.tolist() == brute_pareto(matrix)
    inside = [
        all(row[k] >= r for row, r in zip(matrix, reservations, strict=True))
        for k in range(len(matrix[0]))
    ]
    assert result.zopa_size == sum(inside)
    for rule, point in [
        ("nash", result.nash),
        ("egalitarian", result.egalitarian),
        ("welfare", result.max_welfare),
        ("ks", result.kalai_smorodinsky),
    ]:
        expected = brute_point(matrix, reservations, rule)
        assert (None if point is None else point.index) == expected, rule
        if point is not None:
            assert point.utilities == tuple(row[point.index] for row in matrix)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 800))
def test_pareto_on_continuous_utilities(seed: int, outcomes: int) -> None:
    matrix = np.random.default_rng(seed).random((3, outcomes))
    ours = pareto_indices_n(matrix)
    candidate = matrix[:, ours]
    # no kept outcome is dominated; every dropped one is dominated by a kept one
    for k in range(outcomes):
        geq = np.all(candidate >= matrix[:, k : k + 1], axis=0)
        gt = np.any(candidate > matrix[:, k : k + 1], axis=0)
        assert bool(np.any(geq & gt)) != (k in set(ours.tolist()))


@settings(max_examples=100, deadline=None)
@given(games())
def test_two_parties_agree_with_the_two_party_module(
    game: tuple[list[list[float]], list[float]],
) -> None:
    matrix, reservations = game
    if len(matrix) != 2:
        return
    two = analyze(matrix[0], matrix[1], reservations[0], reservations[1])
    many = analyze_n(np.array(matrix), reservations)
    assert two.pareto.tolist() == many.pareto.tolist()
    for a, b in [
        (two.nash, many.nash),
        (two.kalai_smorodinsky, many.kalai_smorodinsky),
        (two.egalitarian, many.egalitarian),
        (two.max_welfare, many.max_welfare),
    ]:
        assert (a is None and b is None) or (a is not None and b is not None and a.index == b.index)


SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "genius" / "y2015"


@pytest.mark.skipif(not SHARED.is_dir(), reason="no shared ANAC 2015 data")
@pytest.mark.parametrize("name", ["group2-dinner", "group2-new_sporthal", "group9-vacation"])
def test_three_party_anac_2015_domains_at_once(name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GeniusWarning)
        space, parties = load_genius_folder(SHARED / name)
    assert len(parties) == 3
    matrix = np.stack([party.utilities(space) for party in parties])
    reservations = [party.reservation_value for party in parties]
    result = analyze_n(matrix, reservations)
    listed = matrix.tolist()
    assert result.pareto.tolist() == brute_pareto(listed) if space.size <= 300 else True
    for rule, point in [
        ("nash", result.nash),
        ("egalitarian", result.egalitarian),
        ("welfare", result.max_welfare),
        ("ks", result.kalai_smorodinsky),
    ]:
        assert point is not None
        # brute force restricted to the (independently checked) frontier
        sub = [[row[k] for k in result.pareto.tolist()] for row in listed]
        expected = brute_point(sub, reservations, rule)
        assert expected is not None and result.pareto[expected] == point.index, rule
    assert math.isclose(sum(result.max_welfare.utilities), float(matrix.sum(axis=0).max()))  # type: ignore[union-attr]
