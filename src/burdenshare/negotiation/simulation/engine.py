"""The batch engine: ``N`` alternating-offers negotiations at once over NumPy arrays.

Non-reactive strategies (time-dependent, hardliner, subgame-perfect) are compiled into plans
(:mod:`~burdenshare.negotiation.simulation.plans`): every offer and acceptance threshold is
known before the first round, so the whole run is array arithmetic with no loop over rounds —
the offer standing in round ``k`` is the plan's offer of round ``k−1``, the answer is one
comparison, and the agreement is the first accepting round. A reactive strategy (tit-for-tat)
needs the previous offers, so a batch holding one runs a loop over the ``T`` rounds, vectorized
over the negotiations. Large batches are cut into chunks of bounded memory.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from burdenshare.negotiation.simulation.batch import BatchResult, BatchSpec, Trace, UtilitySource
from burdenshare.negotiation.simulation.plans import (
    Plan,
    Side,
    acceptance_threshold,
    hardliner_plan,
    time_dependent_plan,
)
from burdenshare.negotiation.simulation.protocol import Protocol, SimulationError
from burdenshare.negotiation.simulation.ranking import Ranking, negmas_ranking, prepare
from burdenshare.negotiation.simulation.spe import subgame_perfect_plans
from burdenshare.negotiation.simulation.strategies import (
    Hardliner,
    Strategy,
    SubgamePerfect,
    TimeDependent,
    TitForTat,
)

__all__ = ["simulate", "simulate_many", "trace"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
CHUNK_BUDGET = 1 << 22
"""At most about this many (negotiation × round) or (negotiation × outcome) cells at once."""


def _side(spec: BatchSpec, party: int, count: int) -> Side:
    source = spec.utilities[party]
    ranking = source if isinstance(source, Ranking) else prepare(source)
    reservation = np.broadcast_to(
        np.asarray(spec.reservations[party], dtype=np.float64), (count,)
    ).copy()
    if not np.isfinite(reservation).all():
        raise SimulationError(f"party {party}'s reservation values must be finite")
    rows: IntArray | None = None
    if spec.ties == "negmas":
        ranking, rows = negmas_ranking(ranking.utilities, reservation)
    elif ranking.rows > 1:
        rows = np.arange(count, dtype=np.intp)
    return Side(party, ranking, rows, reservation, float(spec.discounts[party]))


def _rows(source: UtilitySource) -> int:
    if isinstance(source, Ranking):
        return source.rows
    shape = np.shape(source)
    return int(shape[0]) if len(shape) == 2 else 1


def _count(spec: BatchSpec) -> int:
    """``N``: the size shared by every per-negotiation input (1 when none is)."""
    sizes = {_rows(source) for source in spec.utilities} - {1}
    for reservation in spec.reservations:
        shape = np.shape(reservation)
        if len(shape) > 1:
            raise SimulationError("reservation values must be a scalar or (N,)")
        if len(shape) == 1:
            sizes.add(int(shape[0]))
    if len(sizes) > 1:
        raise SimulationError(f"per-negotiation inputs disagree on N: {sorted(sizes)}")
    return sizes.pop() if sizes else 1


def sides_of(spec: BatchSpec) -> tuple[Side, Side]:
    """Both parties of ``spec``, checked, with their rankings prepared."""
    count = _count(spec)
    sides = (_side(spec, 0, count), _side(spec, 1, count))
    if sides[0].ranking.size != sides[1].ranking.size:
        raise SimulationError("both parties' utilities must cover the same outcomes")
    history = spec.protocol.history
    if history and max(history) >= sides[0].ranking.size:
        raise SimulationError(f"history holds outcome {max(history)} beyond the outcome space")
    return sides


def _plan(strategy: Strategy, side: Side, protocol: Protocol) -> Plan:
    if isinstance(strategy, TimeDependent):
        return time_dependent_plan(strategy, side, protocol)
    if isinstance(strategy, Hardliner):
        return hardliner_plan(strategy, side, protocol)
    raise SimulationError(f"{strategy!r} has no plan")  # pragma: no cover


def _plans(
    strategies: tuple[Strategy, Strategy], sides: tuple[Side, Side], protocol: Protocol
) -> dict[int, Plan]:
    plans: dict[int, Plan] = {}
    if any(isinstance(s, SubgamePerfect) for s in strategies):
        both = subgame_perfect_plans(sides, protocol)
        plans = {p: both[p] for p in (0, 1) if isinstance(strategies[p], SubgamePerfect)}
    for party, strategy in enumerate(strategies):
        if isinstance(strategy, TimeDependent | Hardliner):
            plans[party] = _plan(strategy, sides[party], protocol)
    return plans


def _column(side: Side) -> IntArray | None:
    return None if side.rows is None else side.rows[:, None]


def _run_planned(
    sides: tuple[Side, Side], plans: dict[int, Plan], protocol: Protocol
) -> tuple[IntArray, IntArray]:
    """Agreement round and outcome per negotiation, all rounds at once."""
    rounds, start = protocol.rounds, protocol.start
    width = max(plans[0].offers.shape[0], plans[1].offers.shape[0])
    offers = np.empty((width, rounds), dtype=np.intp)
    offers[:, 0::2], offers[:, 1::2] = plans[0].offers, plans[1].offers
    offers[:, :start] = protocol.history
    answers = []
    for party in (0, 1):
        first = max(start, 1)
        first += (first - party) % 2
        standing = offers[:, first - 1 : rounds - 1 : 2]
        utility = sides[party].utility(_column(sides[party]), standing)
        answers.append((first, utility >= plans[party].accept[:, first // 2 :]))
    height = max(a.shape[0] for _, a in answers)
    accepted = np.zeros((height, rounds), dtype=bool)
    for first, answer in answers:
        accepted[:, first::2] = answer
    agreed_at = np.argmax(accepted, axis=1)
    row = np.arange(height)
    round_ = np.where(accepted[row, agreed_at], agreed_at, -1).astype(np.intp)
    outcome = np.where(round_ > 0, offers[row % width, np.maximum(round_ - 1, 0)], -1)
    outcome = outcome.astype(np.intp)
    count = sides[0].size
    return np.broadcast_to(round_, (count,)).copy(), np.broadcast_to(outcome, (count,)).copy()


def _floor_high(side: Side) -> tuple[FloatArray, FloatArray]:
    floor, high = side.floor_high(_column(side), side.reservation)
    return floor[:, 0], high[:, 0]


def _concession(
    strategy: TitForTat, sides: tuple[Side, Side], party: int, last: IntArray, prev: IntArray
) -> FloatArray:
    """The fraction of its range the opponent conceded between ``prev`` and ``last``."""
    me, other = sides[party], sides[1 - party]
    observer = other if strategy.observe == "opponent" else me
    floor, high = _floor_high(observer)
    drop = observer.utility(observer.rows, prev) - observer.utility(observer.rows, last)
    if strategy.observe == "own":
        drop = -drop
    span = high - floor
    fraction = np.where(span > 0, drop / np.where(span > 0, span, 1.0), 0.0)
    return np.maximum(fraction, 0.0)


def _tit_for_tat(
    strategy: TitForTat,
    sides: tuple[Side, Side],
    party: int,
    k: int,
    offers: IntArray,
    target: FloatArray | None,
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Offer, acceptance threshold and new target of a tit-for-tat party in round ``k``."""
    me = sides[party]
    floor, high = _floor_high(me)
    if target is None:
        target = me.utility(me.rows, offers[:, k - 2]) if k >= 2 else high.copy()
    if k >= 3:
        fraction = _concession(strategy, sides, party, offers[:, k - 1], offers[:, k - 3])
        target = np.maximum(floor, target - fraction * (high - floor))
    offer = me.ranking.lowest_at_least(me.rows, target)
    offered = me.utility(me.rows, offer)
    threshold = acceptance_threshold(
        strategy.acceptance, me, me.reservation, range(k, k + 1), offered[:, None], target[:, None]
    )
    return offer, threshold[:, 0], target


def _run_loop(
    strategies: tuple[Strategy, Strategy],
    sides: tuple[Side, Side],
    plans: dict[int, Plan],
    protocol: Protocol,
) -> tuple[IntArray, IntArray, IntArray]:
    """Agreement round, outcome and all offers, one round at a time."""
    count, rounds, start = sides[0].size, protocol.rounds, protocol.start
    offers = np.full((count, rounds), -1, dtype=np.intp)
    offers[:, :start] = protocol.history
    round_ = np.full(count, -1, dtype=np.intp)
    done = np.zeros(count, dtype=bool)
    targets: dict[int, FloatArray | None] = {0: None, 1: None}
    for k in range(start, rounds):
        party = k % 2
        strategy = strategies[party]
        if isinstance(strategy, TitForTat):
            offer, threshold, targets[party] = _tit_for_tat(
                strategy, sides, party, k, offers, targets[party]
            )
        else:
            offer = np.broadcast_to(plans[party].offers[:, k // 2], (count,))
            threshold = np.broadcast_to(plans[party].accept[:, k // 2], (count,))
        if k >= 1:
            utility = sides[party].utility(sides[party].rows, offers[:, k - 1])
            now = ~done & (utility >= threshold)
            round_[now] = k
            done |= now
        offers[:, k] = offer
        if done.all():
            break
    agreed = round_ > 0
    outcome = np.where(agreed, offers[np.arange(count), np.maximum(round_ - 1, 0)], -1)
    return round_, outcome.astype(np.intp), offers


def _payoffs(
    sides: tuple[Side, Side], round_: IntArray, outcome: IntArray, rounds: int
) -> FloatArray:
    """``δ^(k−1)·u`` for an agreement in round ``k`` (Python's ``δ**j``), else ``r``."""
    agreed = round_ > 0
    payoffs = np.empty((round_.size, 2))
    for party, side in enumerate(sides):
        utility = side.utility(side.rows, np.where(agreed, outcome, 0))
        powers = np.array([side.discount**j for j in range(rounds)], dtype=np.float64)
        discount = powers[np.maximum(round_ - 1, 0)]
        payoffs[:, party] = np.where(agreed, discount * utility, side.reservation)
    return payoffs


def _chunk(strategies: tuple[Strategy, Strategy], sides: tuple[Side, Side], rounds: int) -> int:
    cells = rounds
    if any(isinstance(s, SubgamePerfect) for s in strategies):
        cells += sides[0].ranking.size
    return max(1, CHUNK_BUDGET // cells)


def _simulate_sides(
    strategies: tuple[Strategy, Strategy], sides: tuple[Side, Side], protocol: Protocol
) -> BatchResult:
    plans = _plans(strategies, sides, protocol)
    if any(isinstance(s, TitForTat) for s in strategies):
        round_, outcome, _ = _run_loop(strategies, sides, plans, protocol)
    else:
        round_, outcome = _run_planned(sides, plans, protocol)
    payoffs = _payoffs(sides, round_, outcome, protocol.rounds)
    return BatchResult(round_ > 0, outcome, round_, payoffs)


def simulate(spec: BatchSpec) -> BatchResult:
    """Simulate every negotiation of ``spec``; results in negotiation order."""
    sides = sides_of(spec)
    count = sides[0].size
    step = _chunk(spec.strategies, sides, spec.protocol.rounds)
    if count <= step:
        return _simulate_sides(spec.strategies, sides, spec.protocol)
    parts = []
    for begin in range(0, count, step):
        part = (sides[0].slice(begin, begin + step), sides[1].slice(begin, begin + step))
        parts.append(_simulate_sides(spec.strategies, part, spec.protocol))
    return BatchResult.concatenate(parts)


def simulate_many(
    total: int,
    factory: Callable[[int, int], BatchSpec],
    chunk: int = 100_000,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """``total`` negotiations from ``factory(start, stop)`` — a spec of negotiations
    ``start … stop−1`` (e.g. sampled utilities for a Monte Carlo) — ``chunk`` at a time.
    ``progress(done)`` is called after each chunk."""
    if total < 1 or chunk < 1:
        raise SimulationError("total and chunk must be positive")
    parts = []
    for start in range(0, total, chunk):
        stop = min(total, start + chunk)
        result = simulate(factory(start, stop))
        if len(result) != stop - start:
            raise SimulationError(
                f"factory({start}, {stop}) made {len(result)} negotiations, not {stop - start}"
            )
        parts.append(result)
        if progress is not None:
            progress(stop)
    return BatchResult.concatenate(parts)


def trace(spec: BatchSpec, index: int = 0) -> Trace:
    """Negotiation ``index`` of ``spec`` offer by offer."""
    sides = sides_of(spec)
    if not 0 <= index < sides[0].size:
        raise SimulationError(f"index {index} is outside 0..{sides[0].size - 1}")
    one = (sides[0].slice(index, index + 1), sides[1].slice(index, index + 1))
    plans = _plans(spec.strategies, one, spec.protocol)
    round_, outcome, offers = _run_loop(spec.strategies, one, plans, spec.protocol)
    made = offers[0][offers[0] >= 0]
    if round_[0] > 0:
        made = made[: round_[0]]
    utilities = np.stack([side.utility(side.rows, made[None, :])[0] for side in one], axis=1)
    return Trace(made, utilities, int(outcome[0]), int(round_[0]))
