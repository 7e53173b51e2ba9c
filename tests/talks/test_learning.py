"""Learning opponents in the SMA simulation (issue 16, item 2): the vectorized frequency model
equals the engine's scalar one, with window 1 the simulation is the batch engine exactly, the
beliefs converge on a synthetic opponent, and learning moves outcomes the expected way."""

from __future__ import annotations

import numpy as np
import pytest

from burdenshare.negotiation import Issue, OutcomeSpace
from burdenshare.negotiation.agents import FrequencyModel
from burdenshare.negotiation.agents.models import weight_distance
from burdenshare.negotiation.simulation import BatchSpec, Protocol, linear, simulate
from burdenshare.talks.learning import Beliefs, Learning, simulate_learning

SHAPE = (5, 5, 5, 5)
TRUTH = np.array([0.45, 0.3, 0.17, 0.08])


def _space(shape: tuple[int, ...]) -> OutcomeSpace:
    return OutcomeSpace(tuple(Issue(f"i{k}", tuple(range(n))) for k, n in enumerate(shape)))


def _synthetic(seed: int, offers: int) -> list[np.ndarray]:
    """An opponent with weights TRUTH conceding linearly in its own utility (1 → 0.7), each
    offer drawn among its outcomes within 0.03 of its target (as tests/negotiation)."""
    positions = _space(SHAPE).index_array()
    rng = np.random.default_rng(3)
    tables = [rng.permutation(np.linspace(0, 1, n)) for n in SHAPE]
    utility = sum(TRUTH[i] * tables[i][positions[:, i]] for i in range(len(SHAPE)))
    draw = np.random.default_rng(seed)
    made = []
    for k in range(offers):
        target = 1 - 0.3 * (k + 1) / (offers + 1)
        near = np.flatnonzero(np.abs(utility - target) <= 0.03)
        made.append(positions[int(draw.choice(near))])
    return made


@pytest.mark.parametrize("method", ["hardheaded", "concentration"])
def test_vectorized_beliefs_equal_the_scalar_frequency_model(method: str) -> None:
    runs = [_synthetic(seed, 60) for seed in range(3)]
    beliefs = Beliefs(SHAPE, 3, method, 0.2)
    scalar = [FrequencyModel(SHAPE, method=method) for _ in range(3)]
    mask = np.array([True, False, True])
    for k in range(60):
        offers = np.stack([r[k] for r in runs])
        live = mask if k % 7 == 3 else None  # some offers reach only some runs
        beliefs.update(offers, live)
        for i, model in enumerate(scalar):
            if live is None or live[i]:
                model.update(offers[i], 0.0)
    positions = _space(SHAPE).index_array()
    estimated = beliefs.utilities(np.broadcast_to(positions, (3, *positions.shape)))
    for i, model in enumerate(scalar):
        assert beliefs.weights[i].tolist() == pytest.approx(model.weights.tolist(), abs=1e-12)
        assert estimated[i] == pytest.approx(model.utilities(positions), abs=1e-12)


def test_beliefs_converge_to_the_true_weights_on_a_synthetic_opponent() -> None:
    runs = 5
    made = [_synthetic(seed, 400) for seed in range(runs)]
    beliefs = Beliefs(SHAPE, runs, "concentration", 0.2)
    distances = []
    for k in range(400):
        beliefs.update(np.stack([m[k] for m in made]))
        distances.append([weight_distance(w, TRUTH) for w in beliefs.weights])
    last, early = np.array(distances[-1]), np.array(distances[9])
    assert (last < 0.08).all()  # at most 8 % of the weight misplaced in every run
    assert (last < early - 0.05).all()
    assert (np.argsort(-beliefs.weights, axis=1)[:, :2] == [0, 1]).all()


def _integrative(runs: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two issues of 10 levels: party 0 cares 0.8 about issue 0, party 1 0.8 about issue 1
    (opposed directions on both): logrolling is possible, a side that learns finds it."""
    space = _space((10, 10))
    positions = space.index_array()
    x, y = positions[:, 0] / 9, positions[:, 1] / 9
    rng = np.random.default_rng(seed)
    w0 = rng.uniform(0.7, 0.9, (runs, 1))
    w1 = rng.uniform(0.7, 0.9, (runs, 1))
    u0 = w0 * x[None, :] + (1 - w0) * y[None, :]
    u1 = w1 * (1 - y[None, :]) + (1 - w1) * (1 - x[None, :])
    return positions, u0, u1


def test_with_window_1_learning_is_the_batch_engine_exactly() -> None:
    positions, u0, u1 = _integrative(500, 1)
    spec = BatchSpec(
        Protocol.recorded(20, [99, 90], [9]),
        (linear(), linear()),
        (u0, u1),
        (np.linspace(0.1, 0.4, 500), 0.2),
    )
    engine = simulate(spec)
    learned = simulate_learning(spec, positions, Learning(window=1))
    assert np.array_equal(engine.round, learned.round)
    assert np.array_equal(engine.outcome, learned.outcome)
    assert np.array_equal(engine.utilities, learned.utilities)


def test_learning_sides_logroll_agreements_are_better_for_both() -> None:
    positions, u0, u1 = _integrative(2000, 2)
    spec = BatchSpec(Protocol(20), (linear(), linear()), (u0, u1), (0.3, 0.3))
    blind = simulate(spec)
    learned = simulate_learning(spec, positions, Learning(window=12))
    # the expected direction: bids near each target but better for the other side, so the
    # sides meet more often, earlier and higher (the Pareto frontier is u0 + u1 ≈ 1.6;
    # measured: P(deal) 0.997 → 1.0, mean round 10.4 → 7.0, welfare 1.40 → 1.58)
    assert learned.agreed.mean() >= blind.agreed.mean() > 0.99
    assert learned.round[learned.agreed].mean() < blind.round[blind.agreed].mean() - 2
    welfare = (learned.utilities.sum(axis=1).mean(), blind.utilities.sum(axis=1).mean())
    assert welfare[0] > welfare[1] + 0.1


def test_the_sma_replays_learn_and_window_1_is_the_unlearning_replay() -> None:
    from dataclasses import replace

    from burdenshare.costs.scenario import load_scenario
    from burdenshare.talks import replay as rp
    from burdenshare.talks.backtest import CASES

    for name in CASES:
        sim = load_scenario(name).spec.simulation
        assert sim is not None and sim.opponent_model is not None
    scenario = load_scenario("sma-10")
    sim = scenario.spec.simulation
    assert sim is not None and sim.opponent_model is not None

    def with_model(model: object) -> rp.Runs:
        spec = scenario.spec.model_copy(
            update={"simulation": sim.model_copy(update={"opponent_model": model})}
        )
        return rp.run(rp.prepare(replace(scenario, spec=spec)), 2_000, 3)

    off = with_model(None)
    one = with_model(sim.opponent_model.model_copy(update={"window": 1}))
    on = with_model(sim.opponent_model)
    assert np.array_equal(off.result.outcome, one.result.outcome)
    assert np.array_equal(off.result.round, one.result.round)
    assert not np.array_equal(off.result.outcome, on.result.outcome)  # learning changes bids
