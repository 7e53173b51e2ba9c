"""Closed forms: finite-horizon alternating offers on a divisible pie, and Rubinstein's limit.

Party 0 opens; round ``k``'s offer is answered in round ``k+1``; an agreement on round ``k``'s
offer is worth ``δ_p^k`` times the share; the last round's offer (``T−1``) is never answered.
With zero reservation values the proposer of round ``T−2`` takes the whole pie, and backward
induction gives the proposer's share

    s(T−2) = 1,    s(k) = 1 − δ_q · s(k+1)    (q = (k+1) mod 2, the responder of round k),

so party 0 gets ``x(T) = s(0)``, which tends to Rubinstein's ``x* = (1 − δ₁)/(1 − δ₀δ₁)``
(``(1 − δ₂)/(1 − δ₁δ₂)`` in 1-based notation). The engine runs :class:`SubgamePerfect`
on a pie cut into ``M`` equal parts (outcome ``i`` gives party 0 ``i/M``).

Tolerance: each round rounds the responder's share up to the grid, an error in ``[0, 1/M]``
that the next round scales by ``−δ``; the errors alternate in sign, so
``|engine − x(T)| ≤ 1/(M(1 − δ₀δ₁))``. With dyadic ``δ`` (3/4, 1/2) and ``M = 2²⁰`` every
share is a grid point and every float operation is exact, so the engine equals ``x(T)``
exactly; with ``δ = (0.9, 0.8)`` and ``M = 10⁶`` it stays within one step ``1/M``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from burdenshare.negotiation.simulation import BatchSpec, Protocol, SubgamePerfect, simulate


def share(rounds: int, d0: Fraction, d1: Fraction) -> Fraction:
    """Party 0's subgame-perfect share with ``rounds`` rounds (exact)."""
    value = Fraction(1)
    for k in range(rounds - 3, -1, -1):
        value = 1 - (d1 if k % 2 == 0 else d0) * value
    return value


def rubinstein(d0: Fraction, d1: Fraction) -> Fraction:
    return (1 - d1) / (1 - d0 * d1)


def engine_share(rounds: int, steps: int, d0: float, d1: float) -> tuple[int, int, float, float]:
    """Agreement round, agreed outcome (party 0's share in grid steps) and both payoffs."""
    pie = np.arange(steps + 1) / steps
    spec = BatchSpec(
        Protocol(rounds),
        (SubgamePerfect(), SubgamePerfect()),
        (pie, 1.0 - pie),
        discounts=(d0, d1),
    )
    result = simulate(spec)
    utilities = result.utilities[0]
    return int(result.round[0]), int(result.outcome[0]), float(utilities[0]), float(utilities[1])


D0, D1 = Fraction(9, 10), Fraction(4, 5)


def test_backward_induction_exact_values() -> None:
    assert share(2, D0, D1) == 1
    assert share(3, D0, D1) == 1 - D1 == Fraction(1, 5)
    assert share(4, D0, D1) == 1 - D1 * (1 - D0) == Fraction(23, 25)
    assert share(5, D0, D1) == 1 - D1 * (1 - D0 * (1 - D1)) == Fraction(43, 125)
    assert share(6, D0, D1) == Fraction(539, 625)
    assert rubinstein(D0, D1) == Fraction(5, 7)


@pytest.mark.parametrize("rounds", range(2, 14))
def test_engine_equals_backward_induction_exactly_on_a_dyadic_pie(rounds: int) -> None:
    d0, d1 = Fraction(3, 4), Fraction(1, 2)
    agreed_in, outcome, first, second = engine_share(rounds, 2**20, float(d0), float(d1))
    assert agreed_in == 1  # the opening offer is accepted at once
    assert outcome == share(rounds, d0, d1) * 2**20
    assert first == float(share(rounds, d0, d1))
    assert second == 1.0 - first


@pytest.mark.parametrize("rounds", range(2, 13))
def test_engine_within_one_step_of_backward_induction(rounds: int) -> None:
    steps = 10**6
    agreed_in, outcome, _, _ = engine_share(rounds, steps, float(D0), float(D1))
    assert agreed_in == 1
    assert abs(outcome - share(rounds, D0, D1) * steps) <= 1


def test_finite_horizon_converges_to_rubinstein() -> None:
    limit = rubinstein(D0, D1)
    assert abs(share(20, D0, D1) - limit) > Fraction(1, 10**6)
    for rounds in (90, 91, 100, 101):
        assert abs(share(rounds, D0, D1) - limit) < Fraction(1, 10**6)
    # Each pair of rounds shrinks the gap by δ₀δ₁.
    gap = [abs(share(t, D0, D1) - limit) for t in (40, 42)]
    assert gap[1] == gap[0] * D0 * D1


def test_engine_at_a_long_horizon_is_within_a_millionth_of_rubinstein() -> None:
    steps = 2**22  # 1/(M(1 − δ₀δ₁)) = 8.5e-7
    _, _, first, _ = engine_share(100, steps, float(D0), float(D1))
    assert abs(first - 5 / 7) <= 1e-6
    d0, d1 = Fraction(3, 4), Fraction(1, 2)
    _, _, dyadic, _ = engine_share(60, 2**21, float(d0), float(d1))
    assert abs(dyadic - float(rubinstein(d0, d1))) <= 1e-6
