"""The Bayesian opponent model of the SMA Monte Carlo (issue 16): its posterior update equals
the closed form, with one hypothesis (the truth) it is the frequency engine with perfect
knowledge, with window 1 it is the batch engine, its posterior mean converges on synthetic
opponents, and a Monte Carlo of 10^4 negotiations is reproducible by seed."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.errors import InputError
from burdenshare.negotiation.agents.models import weight_distance
from burdenshare.negotiation.simulation import BatchSpec, Protocol, SimulationError, linear
from burdenshare.negotiation.simulation import simulate as batch_simulate
from burdenshare.talks import learning, montecarlo
from burdenshare.talks.learning import (
    Beliefs,
    Learning,
    Posterior,
    hypotheses_of,
    simulate_learning,
)

SCENARIOS = Path(montecarlo.__file__).parents[1] / "data" / "scenarios"


# (a) the posterior update, by hand ------------------------------------------------------------


def _closed_form(
    utilities: list[list[Fraction]],
    targets: list[list[Fraction]],
    offers: list[tuple[int, int]],
    sigma: Fraction,
) -> list[Fraction]:
    """Log-posterior (up to a constant) of each hypothesis after ``offers`` (outcome, turn):
    ``−Σ (u_h(b) − T_h(j))² / (2σ²)``, exactly."""
    return [
        -sum(((u[b] - t[j]) ** 2 for b, j in offers), Fraction(0)) / (2 * sigma * sigma)
        for u, t in zip(utilities, targets, strict=True)
    ]


def test_posterior_update_equals_the_closed_form_exactly() -> None:
    # three outcomes, three hypotheses about the other side, two of its turns
    u = [
        [Fraction(1), Fraction(1, 2), Fraction(0)],
        [Fraction(0), Fraction(1, 2), Fraction(1)],
        [Fraction(1, 4), Fraction(1), Fraction(3, 4)],
    ]
    t = [
        [Fraction(1), Fraction(3, 4)],
        [Fraction(1), Fraction(1, 2)],
        [Fraction(7, 8), Fraction(5, 8)],
    ]
    sigma = Fraction(1, 4)
    post = Posterior(np.array(u, dtype=np.float64), np.array(t, dtype=np.float64), 2, float(sigma))
    # run 0 sees outcome 0 then outcome 1; run 1 sees outcome 2 and is masked out of turn 1
    post.update(np.array([0, 2]), 0)
    post.update(np.array([1, 1]), 1, np.array([True, False]))
    for run, offers in enumerate([[(0, 0), (1, 1)], [(2, 0)]]):
        log = _closed_form(u, t, offers, sigma)
        # the stored log-posterior is the closed form shifted by its maximum, exactly
        shifted = [x - max(log) for x in log]
        assert post.log[run].tolist() == [float(x) for x in shifted]
        weights = [math.exp(float(x)) for x in shifted]
        expected = [w / math.fsum(weights) for w in weights]
        assert post.probabilities()[run] == pytest.approx(expected, rel=1e-15, abs=0)
    # by hand for run 0: hypothesis 0 misses by 0 then 1/4, hypothesis 1 by 1 then 0,
    # hypothesis 2 by 5/8 then 3/8: log-posteriors −1/2, −8, −17/4 (1/(2σ²) = 8)
    assert _closed_form(u, t, [(0, 0), (1, 1)], sigma) == [
        Fraction(-1, 2),
        Fraction(-8),
        Fraction(-17, 4),
    ]
    # posterior mean of the hypotheses' utilities, the bidding's estimate
    p = post.probabilities()
    scores = post.scores(np.array([[0, 1, 2], [2, 1, 0]]))
    table = np.array(u, dtype=np.float64)
    assert scores[0] == pytest.approx(p[0] @ table, abs=1e-15)
    assert scores[1] == pytest.approx(p[1] @ table[:, [2, 1, 0]], abs=1e-15)


def test_hypotheses_targets_are_the_strategies_targets_by_hand() -> None:
    # a linear strategy aims at floor + (max − floor)(1 − t), t = (k + 1) / (rounds + 1)
    prior = BatchSpec(
        Protocol(4),
        (linear(), linear()),
        (np.array([[0.0, 0.5, 1.0], [0.2, 0.4, 0.8]]), np.array([1.0, 0.5, 0.0])),
        (np.array([0.0, 0.5]), 0.25),
    )
    hyp = hypotheses_of(prior)
    assert hyp.size == 2
    assert hyp.utilities[0].tolist() == [[0.0, 0.5, 1.0], [0.2, 0.4, 0.8]]
    assert hyp.utilities[1].tolist() == [[1.0, 0.5, 0.0], [1.0, 0.5, 0.0]]
    # party 0 moves in rounds 0 and 2 (t = 1/5, 3/5); party 1 in rounds 1 and 3 (2/5, 4/5)
    assert hyp.targets[0] == pytest.approx(
        np.array([[1 - 1 / 5, 1 - 3 / 5], [0.5 + 0.3 * (1 - 1 / 5), 0.5 + 0.3 * (1 - 3 / 5)]]),
        abs=1e-15,
    )
    assert hyp.targets[1] == pytest.approx(
        np.array([[0.25 + 0.75 * (1 - 2 / 5), 0.25 + 0.75 * (1 - 4 / 5)]] * 2), abs=1e-15
    )


# (b) exact equivalences -----------------------------------------------------------------------


def _space_positions(shape: tuple[int, ...]) -> np.ndarray:
    return np.ascontiguousarray(np.indices(shape).reshape(len(shape), -1).T).astype(np.intp)


def _integrative(runs: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Two issues of 10 levels, opposed preferences with different weights (logrolling)."""
    positions = _space_positions((10, 10))
    x, y = positions[:, 0] / 9, positions[:, 1] / 9
    u0 = 0.8 * x + 0.2 * y
    u1 = 0.75 * (1 - y) + 0.25 * (1 - x)
    reservations = np.random.default_rng(seed).uniform(0.1, 0.4, runs)
    return positions, u0, u1, reservations


def test_one_true_hypothesis_is_the_frequency_engine_with_perfect_knowledge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    positions, u0, u1, res = _integrative(400, 1)
    spec = BatchSpec(
        Protocol.recorded(20, [99, 90], [9]), (linear(), linear()), (u0, u1), (res, 0.2)
    )
    truth = (u0, u1)

    class Perfect(Beliefs):
        """The frequency engine's model, but it knows the other side's utilities."""

        made = 0

        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            self.other = truth[1 - Perfect.made % 2]  # beliefs[p] is party p's model of 1 − p
            Perfect.made += 1

        def scores(self, cells: np.ndarray) -> np.ndarray:
            outcome = np.ravel_multi_index(
                tuple(np.moveaxis(cells - self.offsets, -1, 0)), self.shape
            )
            return self.other[outcome]

    window = Learning(window=6)
    monkeypatch.setattr(learning, "Beliefs", Perfect)
    perfect = simulate_learning(spec, positions, window)
    monkeypatch.undo()
    prior = hypotheses_of(BatchSpec(spec.protocol, spec.strategies, (u0, u1), (0.3, 0.2)))
    bayes = simulate_learning(
        spec, positions, Learning(window=6, model="bayesian", hypotheses=1), prior
    )
    assert np.array_equal(bayes.round, perfect.round)
    assert np.array_equal(bayes.outcome, perfect.outcome)
    assert np.array_equal(bayes.utilities, perfect.utilities)
    # and knowing the other side changes the bids (else the test would be vacuous)
    blind = batch_simulate(spec)
    assert not np.array_equal(bayes.outcome, blind.outcome)


def test_with_window_1_the_bayesian_engine_is_the_batch_engine_exactly() -> None:
    positions, u0, u1, res = _integrative(300, 2)
    spec = BatchSpec(Protocol.recorded(20, [99], []), (linear(), linear()), (u0, u1), (res, 0.2))
    prior = hypotheses_of(
        BatchSpec(
            spec.protocol, spec.strategies, (np.stack([u0, u1]), np.stack([u1, u0])), (0.1, 0.2)
        )
    )
    engine = batch_simulate(spec)
    learned = simulate_learning(spec, positions, Learning(window=1, model="bayesian"), prior)
    assert np.array_equal(engine.round, learned.round)
    assert np.array_equal(engine.outcome, learned.outcome)
    assert np.array_equal(engine.utilities, learned.utilities)


def test_a_bayesian_model_without_hypotheses_is_refused() -> None:
    positions, u0, u1, res = _integrative(3, 3)
    spec = BatchSpec(Protocol(6), (linear(), linear()), (u0, u1), (res, 0.2))
    with pytest.raises(SimulationError, match="hypotheses"):
        simulate_learning(spec, positions, Learning(model="bayesian"))
    with pytest.raises(SimulationError, match="model must be one of"):
        Learning(model="oracle")


# (c) convergence on synthetic opponents -------------------------------------------------------


def test_posterior_mean_converges_to_synthetic_opponents_true_weights() -> None:
    """20 opponents with Dirichlet(2, 2, 2, 2) weights over four issues of five values (value
    tables known to the model), each conceding linearly half-way in its own utility and
    offering, at each of 40 turns, one of the 5 outcomes nearest its target at random; the
    model's 286 hypotheses are the weights on a 1/10 simplex grid (the truths are off it)."""
    shape = (5, 5, 5, 5)
    positions = _space_positions(shape)
    rng = np.random.default_rng(3)
    tables = [rng.permutation(np.linspace(0, 1, n)) for n in shape]
    values = np.stack([tables[i][positions[:, i]] for i in range(4)])  # (issues, outcomes)
    grid = np.array([c for c in itertools.product(range(11), repeat=4) if sum(c) == 10]) / 10
    runs, offers = 20, 40
    truths = np.random.default_rng(11).dirichlet(np.full(4, 2.0), runs)
    times = np.arange(1, offers + 1) / (offers + 1)

    def targets(u: np.ndarray) -> np.ndarray:
        low, high = u.min(axis=-1, keepdims=True), u.max(axis=-1, keepdims=True)
        return low + (high - low) * (1 - 0.5 * times[None, :])

    hypotheses = grid @ values
    post = Posterior(hypotheses, targets(hypotheses), runs, 0.1)
    true_u = truths @ values
    aims = targets(true_u)
    draw = np.random.default_rng(7)
    distances = []
    for j in range(offers):
        near = np.argsort(np.abs(true_u - aims[:, j : j + 1]), axis=1, kind="stable")[:, :5]
        made = near[np.arange(runs), draw.integers(0, 5, runs)]
        post.update(made, j)
        estimate = post.mean(grid)
        distances.append([weight_distance(e, w) for e, w in zip(estimate, truths, strict=True)])
    early, last = np.array(distances[2]), np.array(distances[-1])
    # measured: after 3 offers mean 0.155, max 0.313; after 40 mean 0.011, max 0.023
    assert early.mean() > 0.1
    assert last.max() < 0.05  # at most 5 % of the weight misplaced, every opponent
    assert last.mean() < 0.02


# (d) reproducible by seed; the scenario opt-in --------------------------------------------


def _bayesian_scenario(tmp_path: Path, model: str = "{type: bayesian, window: 2}") -> Path:
    text = (SCENARIOS / "sma-2018.yaml").read_text()
    out = text.replace("  runs: 10000\n", f"  opponent_model: {model}\n  runs: 10000\n", 1)
    assert out != text
    path = tmp_path / "sma-2018-bayesian.yaml"
    path.write_text(out)
    return path


def test_ten_thousand_bayesian_negotiations_are_reproducible_by_seed(tmp_path: Path) -> None:
    st = montecarlo.setup(load_scenario(_bayesian_scenario(tmp_path)))
    first = montecarlo.run(st, 10_000, seed=5)
    again = montecarlo.run(st, 10_000, seed=5, chunk=3_000)  # another chunking, same result
    other = montecarlo.run(st, 10_000, seed=6)
    for name in ("agreed", "outcome", "round", "utilities"):
        assert np.array_equal(getattr(first.result, name), getattr(again.result, name))
    assert not np.array_equal(first.result.outcome, other.result.outcome)
    # a run replayed on its own (montecarlo.simulate_one, the same seed) is the same run
    make = montecarlo.factory(st, 5)
    for i in (0, 4_321, 9_999):
        one = montecarlo.simulate_one(st, make(i, i + 1), seed=5)
        assert one.outcome[0] == first.result.outcome[i]
        assert one.round[0] == first.result.round[i]
    # the Bayesian model changes the simulation (against the frequency model, same seed)
    freq = montecarlo.setup(
        load_scenario(_bayesian_scenario(tmp_path, "{type: frequency, window: 2}"))
    )
    assert not np.array_equal(
        montecarlo.run(freq, 10_000, seed=5).result.outcome, first.result.outcome
    )


def test_an_unknown_opponent_model_is_a_one_line_error_naming_the_field(tmp_path: Path) -> None:
    path = _bayesian_scenario(tmp_path, "{type: oracle}")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "simulation.opponent_model.type" in message
    assert "'frequency' or 'bayesian'" in message
    assert "\n" not in message
