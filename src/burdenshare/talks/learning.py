"""Learning opponents in the SMA simulation (issue 16): in every run each side keeps a
frequency model of the other side's preferences, learns from every offer the other side makes
— the recorded (dated) offers first, then the simulated ones — and bids as a BOA agent.

Bidding (Baarslag et al.'s BOA; ``negotiation/agents/boa.py`` for one agent): a side's
time-dependent target is the batch engine's (``TimeDependent``: ``floor + (max − floor)·
(1 − t^(1/e))``); among the ``window`` outcomes nearest to the target *at or above it* in its
own utility, it offers the one its model rates best for the other side (ties: the lowest own
utility, then the lowest outcome index). So no bid falls below the target: learning only
changes *which* outcome of about the same own utility is offered. With ``window = 1`` the
bids, acceptances and agreements are exactly the batch engine's (tested).

The mover first learns from the offer standing before it, then bids, then answers that offer
by its acceptance rules (AC_next compares with the bid it would make instead).

:class:`Beliefs` is :class:`~burdenshare.negotiation.agents.models.FrequencyModel` vectorized
over runs (``method`` "hardheaded" or "concentration"); the scalar model is its test oracle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from burdenshare.data import schemas as s
from burdenshare.negotiation.simulation import (
    BatchResult,
    BatchSpec,
    SimulationError,
    TimeDependent,
)
from burdenshare.negotiation.simulation.engine import sides_of
from burdenshare.negotiation.simulation.plans import Side, acceptance_threshold

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
METHODS = ("hardheaded", "concentration")


@dataclass(frozen=True)
class Learning:
    """How both sides learn and bid: the frequency model's method and learning rate, and the
    bidding window (outcomes at or above the target among which the model chooses)."""

    method: str = "concentration"
    window: int = 8
    learning_rate: float = 0.2

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise SimulationError(f"method must be one of {METHODS}, got {self.method!r}")
        if self.window < 1:
            raise SimulationError(f"window must be >= 1, got {self.window}")


def learning_of(sim: s.SimulationSpec | None) -> Learning | None:
    """The scenario's learning opponents (``simulation.opponent_model``), if any."""
    if sim is None or sim.opponent_model is None:
        return None
    return Learning(sim.opponent_model.method, sim.opponent_model.window)


class Beliefs:
    """One side's frequency models of the other side, one per run (working state of a
    simulation; not a domain value)."""

    def __init__(self, shape: tuple[int, ...], runs: int, method: str, rate: float) -> None:
        self.shape = shape
        self.method = method
        self.rate = rate
        self.offsets = np.concatenate([[0], np.cumsum(shape)[:-1]]).astype(np.intp)
        self.counts = np.zeros((runs, int(sum(shape))))
        self.weights = np.full((runs, len(shape)), 1.0 / len(shape))
        self.last = np.full((runs, len(shape)), -1, dtype=np.intp)
        self.seen = np.zeros(runs)  # offers learnt from (each issue's count total)
        self.top = np.zeros((runs, len(shape)))  # each issue's highest value count

    def update(self, positions: IntArray, mask: NDArray[np.bool_] | None = None) -> None:
        """Learn from one offer per run (``positions``: (runs, issues)); only ``mask`` runs."""
        rows = np.arange(self.counts.shape[0]) if mask is None else np.flatnonzero(mask)
        if rows.size == 0:
            return
        pos = positions[rows]
        if self.method == "hardheaded":  # (the concentration weights replace these below)
            last = self.last[rows]
            unchanged = (pos == last) & (last >= 0)
            moved = unchanged.any(axis=1)
            if moved.any():
                r = rows[moved]
                w = self.weights[r] + self.rate / len(self.shape) * unchanged[moved]
                self.weights[r] = w / w.sum(axis=1, keepdims=True)
            self.last[rows] = pos
        flat = self.counts.reshape(-1)
        cells = rows[:, None] * self.counts.shape[1] + (self.offsets + pos)
        counted = flat[cells] + 1.0
        flat[cells] = counted
        self.top[rows] = np.maximum(self.top[rows], counted)
        self.seen[rows] += 1.0
        if self.method == "concentration":
            self.weights[rows] = self._concentration(rows)

    def _concentration(self, rows: IntArray) -> FloatArray:
        sizes = np.asarray(self.shape, dtype=np.float64)
        shares = np.maximum(self.top[rows] / self.seen[rows, None] - 1.0 / sizes, 0.0)
        total = shares.sum(axis=1, keepdims=True)
        uniform = np.full_like(shares, 1.0 / len(self.shape))
        return np.where(total > 0, shares / np.where(total > 0, total, 1.0), uniform)

    def tables(self) -> list[FloatArray]:
        """Per issue (runs, values): count / max count (1 before any offer)."""
        out = []
        for i, (start, size) in enumerate(zip(self.offsets, self.shape, strict=True)):
            c, top = self.counts[:, start : start + size], self.top[:, i : i + 1]
            out.append(np.where(top > 0, c / np.where(top > 0, top, 1.0), 1.0))
        return out

    def utilities(self, positions: IntArray) -> FloatArray:
        """Estimated utility of (runs, k) outcomes given as (runs, k, issues) positions."""
        return self.scores(positions + self.offsets)

    def scores(self, cells: IntArray) -> FloatArray:
        """As :meth:`utilities`, from count cells (positions + issue offsets): one gather."""
        runs, width = self.counts.shape
        flat = self.counts.reshape(-1)[np.arange(runs)[:, None, None] * width + cells]
        top = np.where(self.top > 0, self.top, 1.0)[:, None, :]
        value = np.where(self.top[:, None, :] > 0, flat / top, 1.0)
        total: FloatArray = (value * self.weights[:, None, :]).sum(axis=2)
        return total


def _targets(strategy: TimeDependent, side: Side, spec: BatchSpec) -> FloatArray:
    """Per run and turn, the engine's time-dependent target (``plans.time_dependent_plan``)."""
    column = None if side.rows is None else side.rows[:, None]
    floor, high = side.floor_high(column, side.reservation)
    times = spec.protocol.relative_times(side.party)
    aspiration = np.array(strategy.aspirations(times), dtype=np.float64)
    target = (high - floor) * aspiration[None, :] + floor - strategy.tolerance
    return np.maximum(floor, np.minimum(high, target))


def simulate_learning(spec: BatchSpec, positions: IntArray, learning: Learning) -> BatchResult:
    """The negotiations of ``spec`` with both sides learning (time-dependent strategies only);
    ``positions`` (outcomes, issues) are the outcome space's value positions."""
    return learning_offers(spec, positions, learning)[0]


def learning_offers(
    spec: BatchSpec, positions: IntArray, learning: Learning
) -> tuple[BatchResult, IntArray]:
    """As :func:`simulate_learning`, with every offer made: (runs, rounds) outcome indices, the
    recorded ones first, −1 for rounds not played (talks/trace.py shows one run offer by offer)."""
    sides = sides_of(spec)
    strategies = spec.strategies
    for strategy in strategies:
        if not isinstance(strategy, TimeDependent) or strategy.slack > 0:
            raise SimulationError("learning opponents need time-dependent strategies (no slack)")
    protocol, count, n = spec.protocol, sides[0].size, sides[0].ranking.size
    shape = tuple(int(positions[:, i].max()) + 1 for i in range(positions.shape[1]))
    targets = [_targets(st, side, spec) for st, side in zip(strategies, sides, strict=True)]  # type: ignore[arg-type]
    beliefs = [Beliefs(shape, count, learning.method, learning.learning_rate) for _ in (0, 1)]
    offers = np.full((count, protocol.rounds), -1, dtype=np.intp)
    for k, index in enumerate(protocol.history):
        offers[:, k] = index
        beliefs[1 - k % 2].update(np.broadcast_to(positions[index], (count, positions.shape[1])))
    round_ = np.full(count, -1, dtype=np.intp)
    done = np.zeros(count, dtype=bool)
    span = np.arange(learning.window)
    rows = np.arange(count)
    cells = positions + beliefs[0].offsets  # per outcome, its count cell of each issue
    plans: list[
        tuple[IntArray, FloatArray]
    ] = []  # per party: the window of candidates at each turn, and their own utilities
    for side, target in zip(sides, targets, strict=True):
        column = None if side.rows is None else side.rows[:, None]
        first = np.minimum(side.ranking.search(column, target), n - 1)
        window = np.minimum(first[:, :, None] + span, n - 1)
        at = side.ranking.at(None if column is None else column[:, :, None], window)
        shape3 = (count, *window.shape[1:])
        plans.append((np.broadcast_to(at[0], shape3), np.broadcast_to(at[1], shape3)))
    for k in range(protocol.start, protocol.rounds):
        party, side = k % 2, sides[k % 2]
        strategy = strategies[party]
        assert isinstance(strategy, TimeDependent)
        column = None if side.rows is None else side.rows[:, None]
        if k >= 1:
            beliefs[party].update(positions[offers[:, k - 1]], ~done)
        target = targets[party][:, k // 2]
        candidates, own = plans[party][0][:, k // 2], plans[party][1][:, k // 2]
        if span.size == 1:
            bid, offered = candidates[:, 0], np.asarray(own[:, 0], dtype=np.float64)
        else:
            choice = np.argmax(beliefs[party].scores(cells[candidates]), axis=1)
            bid, offered = candidates[rows, choice], np.asarray(own[rows, choice], np.float64)
        if k >= 1:
            standing = side.utility(column, offers[:, k - 1][:, None])[:, 0]
            threshold = acceptance_threshold(
                strategy.acceptance,
                side,
                side.reservation,
                range(k, k + 1),
                offered[:, None],
                target[:, None],
            )[:, 0]
            now = ~done & (standing >= threshold)
            round_[now] = k
            done |= now
        offers[:, k] = bid
        if done.all():
            break
    agreed = round_ > 0
    outcome = np.where(agreed, offers[rows, np.maximum(round_ - 1, 0)], -1).astype(np.intp)
    payoffs = _payoffs(sides, round_, outcome, protocol.rounds)
    return BatchResult(agreed, outcome, round_, payoffs), offers


def _payoffs(
    sides: tuple[Side, Side], round_: IntArray, outcome: IntArray, rounds: int
) -> FloatArray:
    """``δ^(k−1)·u`` for an agreement in round ``k``, else the reservation value (as the
    batch engine)."""
    agreed = round_ > 0
    payoffs = np.empty((round_.size, 2))
    for party, side in enumerate(sides):
        column = None if side.rows is None else side.rows
        utility = side.utility(column, np.where(agreed, outcome, 0))
        powers = np.array([side.discount**j for j in range(rounds)], dtype=np.float64)
        payoffs[:, party] = np.where(
            agreed, powers[np.maximum(round_ - 1, 0)] * utility, side.reservation
        )
    return payoffs


def simulate_many_learning(
    total: int,
    factory: Callable[[int, int], BatchSpec],
    positions: IntArray,
    learning: Learning,
    chunk: int = 100_000,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """As :func:`~burdenshare.negotiation.simulation.simulate_many`, with learning sides."""
    if total < 1 or chunk < 1:
        raise SimulationError("total and chunk must be positive")
    parts = []
    for start in range(0, total, chunk):
        stop = min(total, start + chunk)
        parts.append(simulate_learning(factory(start, stop), positions, learning))
        if progress is not None:
            progress(stop)
    return BatchResult.concatenate(parts)
