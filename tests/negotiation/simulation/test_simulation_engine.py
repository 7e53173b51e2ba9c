"""The batch engine: hand-computed negotiations, and exact agreement with the oracle."""

from __future__ import annotations

import numpy as np
import pytest
import simulation_oracle as oracle

from burdenshare.negotiation.simulation import (
    AcceptAbove,
    AcceptReservation,
    AcceptTarget,
    BatchSpec,
    Hardliner,
    Protocol,
    SimulationError,
    Strategy,
    SubgamePerfect,
    TimeDependent,
    TitForTat,
    linear,
    negmas_time_based,
    prepare,
    simulate,
    simulate_many,
    trace,
)
from burdenshare.negotiation.simulation import engine as engine_module

# A pie in eighths: outcome i gives party 0 x = i/8 and party 1 1 − x (exact floats).
X = np.arange(9) / 8
PIE = (X, 1.0 - X)


def one(spec: BatchSpec) -> tuple[int, int, tuple[float, float]]:
    result = simulate(spec)
    assert len(result) == 1
    return int(result.round[0]), int(result.outcome[0]), tuple(result.utilities[0])  # type: ignore[return-value]


def test_linear_against_linear_by_hand() -> None:
    # t_k = (k+1)/11, target 1 − t_k; AC_next. Offers x = 1, 1/8, 6/8, 2/8, 5/8, 4/8; in
    # round 6 party 0 would offer 3/8 (target 4/11), so it accepts 4/8.
    spec = BatchSpec(Protocol(10), (linear(), linear()), PIE)
    assert one(spec) == (6, 4, (0.5, 0.5))
    replay = trace(spec)
    assert replay.offers.tolist() == [8, 1, 6, 2, 5, 4]
    assert replay.round == 6 and replay.agreement == 4
    assert replay.rows()[5] == {
        "round": 5,
        "party": 1,
        "outcome": 4,
        "utilities": (0.5, 0.5),
        "accepted": True,
    }


def test_discounting_applies_to_the_round_of_the_accepted_offer() -> None:
    spec = BatchSpec(Protocol(10), (linear(), linear()), PIE, discounts=(0.9, 0.8))
    assert one(spec) == (6, 4, (0.9**5 * 0.5, 0.8**5 * 0.5))


def test_recorded_history_is_continued() -> None:
    # Party 0 really offered x = 2/8 in round 2; party 1 (target 7/11 → its offer 6/8) accepts.
    protocol = Protocol.recorded(10, first=(8, 2), second=(1,))
    assert one(BatchSpec(protocol, (linear(), linear()), PIE)) == (3, 2, (0.25, 0.75))


def test_hardliners_never_agree() -> None:
    spec = BatchSpec(Protocol(20), (Hardliner(), Hardliner()), PIE, (0.1, 0.2))
    assert one(spec) == (-1, -1, (0.1, 0.2))


def test_acceptance_rules() -> None:
    reservation = TimeDependent(1.0, (AcceptReservation(),))
    assert one(BatchSpec(Protocol(10), (Hardliner(), reservation), PIE))[:2] == (1, 8)
    spec = BatchSpec(Protocol(10), (Hardliner(), reservation), PIE, (0.0, 0.05))
    assert one(spec)[:2] == (-1, -1)
    # Party 1 accepts x ≤ 0.55: party 0's linear offers 1, 6/8, 5/8, then 3/8 in round 6.
    spec = BatchSpec(Protocol(10), (linear(), Hardliner(threshold=0.45)), PIE)
    assert one(spec) == (7, 3, (0.375, 0.625))
    at_target = TimeDependent(1.0, (AcceptTarget(),))
    assert one(BatchSpec(Protocol(10), (at_target, at_target), PIE)) == (6, 4, (0.5, 0.5))
    never = TimeDependent(1.0, ())
    assert one(BatchSpec(Protocol(10), (never, never), PIE))[:2] == (-1, -1)
    anything = TimeDependent(1.0, (AcceptAbove(0.0),))
    assert one(BatchSpec(Protocol(10), (Hardliner(), anything), PIE))[:2] == (1, 8)


def test_tit_for_tat_by_hand() -> None:
    # Party 1 mirrors party 0's concessions (1 → 6/8 → 5/8): its targets 1, 3/4, 5/8.
    for observe in ("opponent", "own"):
        spec = BatchSpec(Protocol(10), (linear(), TitForTat(observe)), PIE)  # type: ignore[arg-type]
        assert one(spec) == (6, 3, (0.375, 0.625))
        assert trace(spec).offers.tolist() == [8, 0, 6, 2, 5, 3]


def test_subgame_perfect_last_mover_takes_all() -> None:
    # T = 3: party 1's round-1 offer is the last one answered, so party 0 must offer it all.
    spec = BatchSpec(Protocol(3), (SubgamePerfect(), SubgamePerfect()), PIE)
    assert one(spec) == (1, 0, (0.0, 1.0))


STRATEGIES: list[Strategy] = [
    linear(),
    TimeDependent(0.3, (AcceptTarget(),), tolerance=0.01, slack=0.004),
    TimeDependent(3.0, (AcceptReservation(), AcceptAbove(0.7))),
    negmas_time_based("boulware"),
    negmas_time_based("conceder"),
    Hardliner(),
    Hardliner(threshold=0.5),
    TitForTat(),
    TitForTat("own", (AcceptTarget(), AcceptReservation())),
    SubgamePerfect(),
]


def _domain(rng: np.random.Generator, n: int) -> np.ndarray:
    levels = int(rng.integers(2, 7))
    if rng.random() < 0.5:
        return rng.integers(0, levels, n) / (levels - 1)  # many ties
    return rng.random(n)


@pytest.mark.parametrize("seed", range(len(STRATEGIES) ** 2))
def test_engine_equals_oracle(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, count = int(rng.integers(1, 40)), int(rng.integers(1, 6))
    rounds = int(rng.integers(1, 30))
    history = tuple(int(o) for o in rng.integers(0, n, int(rng.integers(0, min(rounds, 5)))))
    protocol = Protocol(rounds, "pair" if seed % 3 == 0 else "offer", history)
    first, second = STRATEGIES[seed % len(STRATEGIES)], STRATEGIES[seed // len(STRATEGIES)]
    per_row = seed % 2 == 0
    u0 = _domain(rng, n)
    u1 = np.stack([_domain(rng, n) for _ in range(count)]) if per_row else _domain(rng, n)
    r0 = float(rng.choice([0.0, 0.2, 0.5]))
    r1 = rng.choice([-0.1, 0.0, 0.3, 0.6], size=count)
    discounts = (1.0, 1.0) if seed % 4 else (0.9, 0.75)
    ties = "negmas" if seed % 5 == 0 else "index"
    spec = BatchSpec(protocol, (first, second), (u0, u1), (r0, r1), discounts, ties)  # type: ignore[arg-type]
    result = simulate(spec)
    for i in range(count):
        row = u1[i] if per_row else u1
        expected = oracle.negotiate(
            (u0, row), (r0, float(r1[i])), (first, second), protocol, discounts, ties
        )
        got = (int(result.round[i]), int(result.outcome[i]), tuple(result.utilities[i]))
        assert got == expected, (i, first, second)
        assert result.agreed[i] == (expected[0] > 0)


def test_batch_results_keep_negotiation_order_and_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(7)
    u0, u1 = rng.random(50), rng.random((30, 50))
    reservations = (0.1, np.linspace(0.0, 0.6, 30))
    boulware = negmas_time_based("boulware")
    spec = BatchSpec(Protocol(40), (boulware, TitForTat()), (u0, u1), reservations)
    whole = simulate(spec)
    monkeypatch.setattr(engine_module, "CHUNK_BUDGET", 7 * 41)
    chunked = simulate(spec)
    for field in ("agreed", "outcome", "round", "utilities"):
        assert np.array_equal(getattr(whole, field), getattr(chunked, field))
    planned = BatchSpec(Protocol(40), (boulware, linear()), (u0, u1), reservations)
    chunked_planned = simulate(planned)
    monkeypatch.undo()
    assert np.array_equal(simulate(planned).outcome, chunked_planned.outcome)
    assert np.array_equal(simulate(planned).round, chunked_planned.round)


def test_prepared_rankings_and_monte_carlo_factory() -> None:
    rng = np.random.default_rng(3)
    host, guest = rng.random(200), rng.random((10, 200))
    reservations = rng.random(10) * 0.5
    strategies = (negmas_time_based("boulware"), negmas_time_based("conceder"))
    spec = BatchSpec(Protocol(100), strategies, (host, guest), (0.2, reservations))
    whole = simulate(spec)
    ranked = prepare(host)

    def factory(start: int, stop: int) -> BatchSpec:
        return BatchSpec(
            Protocol(100), strategies, (ranked, guest[start:stop]), (0.2, reservations[start:stop])
        )

    seen: list[int] = []
    many = simulate_many(10, factory, chunk=4, progress=seen.append)
    assert seen == [4, 8, 10]
    assert np.array_equal(many.outcome, whole.outcome)
    assert np.array_equal(many.round, whole.round)
    assert np.array_equal(many.utilities, whole.utilities)


def test_shared_inputs_give_one_negotiation() -> None:
    result = simulate(BatchSpec(Protocol(10), (linear(), linear()), PIE))
    assert result.round.tolist() == [6] and result.outcome.tolist() == [4]


def _spec(**changes: object) -> BatchSpec:
    fields: dict[str, object] = {
        "protocol": Protocol(5),
        "strategies": (linear(), linear()),
        "utilities": PIE,
    }
    fields.update(changes)
    return BatchSpec(**fields)  # type: ignore[arg-type]


def _make(start: int, stop: int) -> BatchSpec:
    return _spec()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: _spec(strategies=(linear(),)), "one entry per party"),
        (lambda: _spec(discounts=(1.0, 0.0)), "discount"),
        (lambda: _spec(strategies=(linear(), "boulware")), "not a strategy"),
        (lambda: _spec(ties="random"), "ties must be"),
        (lambda: simulate(_spec(utilities=(X, X[:5]))), "same outcomes"),
        (lambda: simulate(_spec(utilities=(X, np.array([np.nan])))), "finite"),
        (lambda: simulate(_spec(utilities=(np.ones((2, 9)), np.ones((3, 9))))), "disagree on N"),
        (lambda: simulate(_spec(reservations=(0.0, np.ones((2, 2))))), "scalar or"),
        (lambda: simulate(_spec(reservations=(np.nan, 0.0))), "reservation"),
        (lambda: simulate(_spec(protocol=Protocol(5, history=(9,)))), "beyond"),
        (lambda: simulate(_spec(utilities=(np.ones((2, 0)), X))), "n > 0"),
        (lambda: trace(_spec(), 1), "outside"),
        (lambda: simulate_many(0, _make), "positive"),
        (lambda: simulate_many(3, _make), "made 1"),
    ],
)
def test_inconsistent_batches_are_refused(make: object, message: str) -> None:
    with pytest.raises(SimulationError, match=message):
        make()  # type: ignore[operator]
