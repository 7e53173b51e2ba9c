"""Agents: opponent models converge on synthetic opponents, acceptance conditions, the
registry, sessions, and time-dependent agents equal the batch simulation engine."""

from __future__ import annotations

import numpy as np
import pytest

from burdenshare.negotiation import Issue, OutcomeSpace
from burdenshare.negotiation.agents import (
    ACCombi,
    ACConst,
    ACNext,
    ACTime,
    AgentContext,
    BayesianModel,
    FrequencyModel,
    agent_names,
    make_agent,
    registered,
    run_session,
)
from burdenshare.negotiation.agents.models import weight_distance
from burdenshare.negotiation.simulation import (
    BatchSpec,
    Protocol,
    boulware,
    conceder,
    linear,
    simulate,
)

SHAPE = (5, 5, 5, 5)
TRUTH = np.array([0.45, 0.3, 0.17, 0.08])


def synthetic_offers(
    seed: int, offers: int = 400
) -> tuple[np.ndarray, list[tuple[np.ndarray, float]]]:
    """An opponent with weights TRUTH conceding linearly in its own utility (1 → 0.7), each
    offer drawn at random among its outcomes within 0.03 of its target."""
    space = OutcomeSpace(tuple(Issue(f"i{k}", tuple(range(n))) for k, n in enumerate(SHAPE)))
    positions = space.index_array()
    rng = np.random.default_rng(3)
    tables = [rng.permutation(np.linspace(0, 1, n)) for n in SHAPE]
    utility = sum(TRUTH[i] * tables[i][positions[:, i]] for i in range(len(SHAPE)))
    draw = np.random.default_rng(seed)
    made = []
    for k in range(offers):
        t = (k + 1) / (offers + 1)
        target = 1 - 0.3 * t
        near = np.flatnonzero(np.abs(utility - target) <= 0.03)
        made.append((positions[int(draw.choice(near))], t))
    return utility, made


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("kind", ["frequency", "bayesian"])
def test_opponent_models_converge_to_the_true_weights(kind: str, seed: int) -> None:
    _, offers = synthetic_offers(seed)
    model = (
        FrequencyModel(SHAPE, method="concentration")
        if kind == "frequency"
        else BayesianModel(SHAPE)
    )
    distances = []
    for positions, t in offers:
        model.update(positions, t)
        distances.append(weight_distance(model.weights, TRUTH))
    assert distances[-1] < 0.08  # half-L1: 8 % of the weight misplaced at most
    assert distances[-1] < distances[9] - 0.05
    assert np.argsort(-model.weights).tolist()[:2] == [0, 1]  # the two main issues, in order


def test_hardheaded_learning_rule() -> None:
    model = FrequencyModel((3, 3))
    model.update(np.array([0, 1]), 0.1)
    model.update(np.array([0, 2]), 0.2)  # issue 0 unchanged: + 0.2 / 2, then renormalised
    assert model.weights.tolist() == pytest.approx([0.6 / 1.1, 0.5 / 1.1])
    assert [t.tolist() for t in model.value_tables()] == [[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]]


def test_acceptance_conditions() -> None:
    received = [(0.1, 0.2), (0.5, 0.6), (0.9, 0.4), (0.95, 0.5)]
    assert ACNext().accepts(0.5, 0.5, 0.1, received)
    assert not ACNext(1.0, 0.01).accepts(0.5, 0.5, 0.1, received)
    assert ACTime(0.9).accepts(0.0, 1.0, 0.9, received) and not ACTime(0.9).accepts(
        0.0, 1.0, 0.89, received
    )
    assert ACConst(0.5).accepts(0.5, 1.0, 0.0, received)
    # AC_combi at t = 0.95: window [0.9, 0.95] holds 0.4 and 0.5 → accept 0.5, not 0.45
    assert ACCombi(0.9).accepts(0.5, 0.9, 0.95, received)
    assert not ACCombi(0.9).accepts(0.45, 0.9, 0.95, [*received[:-1], (0.95, 0.45), (0.94, 0.5)])
    assert not ACCombi(0.98).accepts(0.5, 0.9, 0.95, received)


def _context(utilities: np.ndarray, reservation: float = 0.0, seed: int = 0) -> AgentContext:
    space = OutcomeSpace(
        (Issue("a", tuple(range(10))), Issue("b", tuple(range(utilities.size // 10))))
    )
    return AgentContext(utilities, reservation, space.index_array(), space.shape, 60, seed)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    ("first", "second", "strategies"),
    [("boulware", "conceder", (boulware(), conceder())),
     ("linear", "boulware", (linear(), boulware())),
     ("conceder", "conceder", (conceder(), conceder()))],
)  # fmt: skip
def test_time_agents_equal_the_batch_engine(
    first: str, second: str, strategies: tuple, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    u = rng.random((2, 200)).round(2)  # ties included
    r = (0.1, 0.2)
    agents = (make_agent(first, _context(u[0], r[0])), make_agent(second, _context(u[1], r[1])))
    session = run_session(agents, (u[0], u[1]), r, (1.0, 1.0), 60)
    batch = simulate(BatchSpec(Protocol(60), strategies, (u[0], u[1]), r))
    assert (session.agreement, session.round) == (int(batch.outcome[0]), int(batch.round[0]))
    assert session.utilities == tuple(float(x) for x in batch.utilities[0])
    assert session.agreement >= 0  # these pairs all agree before the deadline


def test_session_discounts_as_genius_does() -> None:
    u = np.linspace(0, 1, 100)
    agents = (make_agent("conceder", _context(u)), make_agent("conceder", _context(u[::-1].copy())))
    session = run_session(agents, (u, u[::-1].copy()), (0.0, 0.0), (0.5, 0.9), 60)
    assert session.agreement >= 0
    t = (session.round) / 61  # the accepted offer was made in the round before
    assert session.utilities == (u[session.agreement] * 0.5**t, u[::-1][session.agreement] * 0.9**t)


def test_registry_declares_every_agent_with_a_reference() -> None:
    names = agent_names()
    assert {"boulware", "conceder", "hardheaded", "bayesian", "nice-tit-for-tat"} <= set(names)
    assert all(spec.reference and spec.summary for spec in registered().values())
    with pytest.raises(KeyError, match="unknown agent 'nobody'"):
        make_agent("nobody", _context(np.linspace(0, 1, 100)))


@pytest.mark.parametrize("name", agent_names())
def test_every_agent_negotiates_deterministically(name: str) -> None:
    rng = np.random.default_rng(7)
    u = rng.random((2, 100))

    def once() -> tuple[int, int, tuple[int, ...]]:
        agents = (
            make_agent(name, _context(u[0], 0.2, 1)),
            make_agent("boulware", _context(u[1], 0.2, 2)),
        )
        s = run_session(agents, (u[0], u[1]), (0.2, 0.2), (1.0, 1.0), 60)
        assert all(0 <= o < 100 for o in s.offers)
        return s.agreement, s.round, s.offers

    assert once() == once()


def test_the_tough_agent_offers_its_best_and_accepts_only_its_best() -> None:
    u = np.zeros(20)
    u[:6] = [0.3, 1.0, 0.2, 1.0, 1.0 - 5e-11, 0.9]
    tough = make_agent("tough", _context(u))
    assert tough.respond(None, 0.1) == 1  # best utility, lowest index among the ties
    assert tough.respond(5, 0.5) == 1  # 0.9: rejected, best offered again
    assert tough.respond(3, 0.6) is None  # tied best
    assert make_agent("tough", _context(u)).respond(4, 0.7) is None  # within 1e-10 of the best
    # two tough agents with different bests never agree; with the same best, at once
    v = u[::-1].copy()
    agents = (make_agent("tough", _context(u)), make_agent("tough", _context(v)))
    assert run_session(agents, (u, v), (0.0, 0.0), (1.0, 1.0), 60).agreement == -1
    agents = (make_agent("tough", _context(u)), make_agent("tough", _context(u)))
    session = run_session(agents, (u, u), (0.0, 0.0), (1.0, 1.0), 60)
    assert (session.agreement, session.round) == (1, 1)
