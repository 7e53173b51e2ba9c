"""SAOP and the mediated single-text protocol: equal to plain per-negotiation references, to
the bilateral batch engine for two parties, and their closed properties."""

from __future__ import annotations

import math

import numpy as np
import pytest

from burdenshare.negotiation.simulation import BatchSpec, Protocol, TimeDependent, simulate
from burdenshare.negotiation.simulation.mediated import simulate_mediated
from burdenshare.negotiation.simulation.multilateral import simulate_saop


def saop_reference(u: np.ndarray, e: list[float], rounds: int, r: list[float], d: list[float]):
    """One SAOP negotiation, written out move by move."""
    n = len(e)

    def offer(p: int, k: int) -> int:
        t = (k + 1) / (rounds + 1)
        high, floor = float(u[p].max()), min(max(float(u[p].min()), r[p]), float(u[p].max()))
        target = max(
            floor, min(high, (high - floor) * (1.0 * (1.0 - math.pow(t, 1 / e[p]))) + floor)
        )
        at_least = [o for o in range(u.shape[1]) if u[p][o] >= target]
        return min(at_least, key=lambda o: (u[p][o], o))

    standing, made, streak = offer(0, 0), 0, 0
    for k in range(1, rounds):
        p = k % n
        if u[p][standing] >= u[p][offer(p, k)] and u[p][standing] >= r[p]:
            streak += 1
            if streak == n - 1:
                return standing, k, [d[q] ** made * float(u[q][standing]) for q in range(n)]
        else:
            standing, made, streak = offer(p, k), k, 0
    return -1, -1, list(r)


@pytest.mark.parametrize("parties", [3, 4])
@pytest.mark.parametrize("seed", range(4))
def test_saop_equals_the_reference(parties: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    u = rng.random((parties, 60)).round(2)
    e = rng.choice([0.2, 0.5, 1.0, 2.0], parties).tolist()
    reservations = rng.random((8, parties)) * 0.5
    d = [1.0, 0.9, 0.8, 0.95][:parties]
    result = simulate_saop(u, e, 40, reservations, d)
    for row in range(8):
        outcome, round_, values = saop_reference(u, e, 40, reservations[row].tolist(), d)
        assert (int(result.outcome[row]), int(result.round[row])) == (outcome, round_)
        assert result.utilities[row].tolist() == values
        assert bool(result.agreed[row]) == (outcome >= 0)
        if outcome >= 0:  # unanimity: every party values the agreement at least at its reservation
            assert all(u[p][outcome] >= reservations[row][p] for p in range(parties))


@pytest.mark.parametrize("seed", range(5))
def test_two_party_saop_is_the_bilateral_batch_engine(seed: int) -> None:
    rng = np.random.default_rng(seed)
    u = rng.random((2, 300))
    e = [0.2, 2.0] if seed % 2 else [1.0, 0.5]
    reservations = rng.random((50, 2)) * 0.6
    ours = simulate_saop(u, e, 80, reservations, [0.9, 0.95])
    batch = simulate(
        BatchSpec(
            Protocol(80),
            (TimeDependent(e[0]), TimeDependent(e[1])),
            (u[0], u[1]),
            (reservations[:, 0], reservations[:, 1]),
            (0.9, 0.95),
        )
    )
    assert ours.outcome.tolist() == batch.outcome.tolist()
    assert ours.round.tolist() == batch.round.tolist()
    np.testing.assert_array_equal(ours.utilities, batch.utilities)


def mediated_reference(u, shape, steps, count, seed, heat, r, start):
    """The same draws (same calls, same order), then each negotiation followed alone."""
    rng = np.random.default_rng(seed)
    sizes = list(shape)
    strides = [math.prod(sizes[i + 1 :]) for i in range(len(sizes))]
    texts = [start] * count
    for step in range(steps):
        issues = rng.integers(0, len(sizes), count)
        shifts = rng.integers(1, np.maximum(np.array(sizes)[issues], 2), count)
        draws = rng.random((u.shape[0], count))
        for k in range(count):
            i = int(issues[k])
            current = (texts[k] // strides[i]) % sizes[i]
            value = (current + int(shifts[k])) % sizes[i]
            proposal = texts[k] + (value - current) * strides[i]
            votes = []
            for p in range(u.shape[0]):
                loss = u[p][texts[k]] - u[p][proposal]
                tau = heat[p] * (1 - step / max(1, steps))
                votes.append(loss <= 0 or (tau > 0 and draws[p, k] < math.exp(-loss / tau)))
            if all(votes):
                texts[k] = proposal
    return texts


@pytest.mark.parametrize("heat", [(0.0, 0.0, 0.0), (0.1, 0.0, 0.3)])
@pytest.mark.parametrize("seed", range(3))
def test_mediated_equals_the_reference(heat: tuple[float, ...], seed: int) -> None:
    shape = (3, 4, 2, 3)
    u = np.random.default_rng(seed).random((3, math.prod(shape)))
    result = simulate_mediated(u, shape, 120, 16, seed, heat, 0.2, start=5)
    assert result.text.tolist() == mediated_reference(u, shape, 120, 16, seed, heat, [0.2] * 3, 5)
    worth = u[:, result.text].T
    assert result.agreed.tolist() == (worth >= 0.2).all(axis=1).tolist()


def test_hill_climbers_never_lose_and_anneal_only_when_hot() -> None:
    shape = (4, 4, 4)
    u = np.random.default_rng(9).random((3, 64))
    start = int(np.argmin(u.min(axis=0)))  # a text someone hates: room to improve
    cold = simulate_mediated(u, shape, 300, 64, 1, None, 0.0, start=start)
    assert (u[:, cold.text] >= u[:, [start]]).all()  # every accepted mutation was unanimous
    assert cold.agreed.all() and (cold.accepted > 0).any()
    hot = simulate_mediated(u, shape, 300, 64, 1, (5.0, 5.0, 5.0), 0.0, start=start)
    assert (hot.accepted > cold.accepted).any()
