"""Learning opponents in the SMA simulation (issue 16): in every run each side keeps a
model of the other side's preferences (frequency or Bayesian, below), learns from every
offer the other side makes — the recorded (dated) offers first, then the simulated ones —
and bids as a BOA agent.

Bidding (Baarslag et al.'s BOA; ``negotiation/agents/boa.py`` for one agent): a side's
time-dependent target is the batch engine's (``TimeDependent``: ``floor + (max − floor)·
(1 − t^(1/e))``); among the ``window`` outcomes nearest to the target *at or above it* in its
own utility, it offers the one its model rates best for the other side (ties: the lowest own
utility, then the lowest outcome index). So no bid falls below the target: learning only
changes *which* outcome of about the same own utility is offered. With ``window = 1`` the
bids, acceptances and agreements are exactly the batch engine's (tested).

The mover first learns from the offer standing before it, then bids, then answers that offer
by its acceptance rules (AC_next compares with the bid it would make instead).

The model is either a frequency model — :class:`Beliefs`, the engine's
:class:`~burdenshare.negotiation.agents.models.FrequencyModel` vectorized over runs (``method``
"hardheaded" or "concentration"; the scalar model is its test oracle) — or a Bayesian one —
:class:`Posterior`: per run, a posterior over ``K`` hypotheses about the other side (``K`` draws
of the scenario's own uncertainty, :class:`Hypotheses`), updated on every recorded and
simulated offer; the posterior mean utility takes the frequency model's place in the bidding.
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
MODELS = ("frequency", "bayesian")


@dataclass(frozen=True)
class Learning:
    """How both sides learn and bid: the opponent model (``model``: "frequency", with its
    ``method`` and learning rate; or "bayesian", with its number of ``hypotheses`` and the
    likelihood's ``sigma``: :class:`Posterior`), and the bidding window (outcomes at or above
    the target among which the model chooses)."""

    method: str = "concentration"
    window: int = 8
    learning_rate: float = 0.2
    model: str = "frequency"
    hypotheses: int = 32
    sigma: float = 0.1

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise SimulationError(f"method must be one of {METHODS}, got {self.method!r}")
        if self.model not in MODELS:
            raise SimulationError(f"model must be one of {MODELS}, got {self.model!r}")
        if self.window < 1:
            raise SimulationError(f"window must be >= 1, got {self.window}")
        if self.hypotheses < 1 or not self.sigma > 0:
            raise SimulationError("hypotheses must be >= 1 and sigma > 0")


def learning_of(sim: s.SimulationSpec | None) -> Learning | None:
    """The scenario's learning opponents (``simulation.opponent_model``), if any."""
    if sim is None or sim.opponent_model is None:
        return None
    om = sim.opponent_model
    return Learning(
        om.method, om.window, model=om.type, hypotheses=om.hypotheses, sigma=float(om.sigma)
    )


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


@dataclass(frozen=True, eq=False)
class Hypotheses:
    """What each side may believe about the other: per party, ``K`` hypothetical utility
    vectors ``(K, outcomes)`` and the time-dependent target each implies at every one of the
    party's turns ``(K, turns)`` (the party's own strategy, with that hypothesis's utilities
    and reservation value)."""

    utilities: tuple[FloatArray, FloatArray]
    targets: tuple[FloatArray, FloatArray]

    @property
    def size(self) -> int:
        return int(self.utilities[0].shape[0])


def hypotheses_of(prior: BatchSpec) -> Hypotheses:
    """The hypotheses of ``prior``'s runs: each run of it (its utilities, reservation values,
    the strategies' targets) is one hypothesis about each party."""
    sides = sides_of(prior)
    count, n = sides[0].size, sides[0].ranking.size
    utilities, targets = [], []
    for strategy, side in zip(prior.strategies, sides, strict=True):
        if not isinstance(strategy, TimeDependent) or strategy.slack > 0:
            raise SimulationError("learning opponents need time-dependent strategies (no slack)")
        column = None if side.rows is None else side.rows[:, None]
        dense = side.utility(column, np.arange(n, dtype=np.intp)[None, :])
        utilities.append(np.ascontiguousarray(np.broadcast_to(dense, (count, n)), np.float64))
        aims = _targets(strategy, side, prior)
        targets.append(np.ascontiguousarray(np.broadcast_to(aims, (count, aims.shape[1]))))
    return Hypotheses((utilities[0], utilities[1]), (targets[0], targets[1]))


def prior_seed(seed: int) -> int:
    """The seed of a Monte Carlo's hypothesis draws: independent of its runs' streams."""
    return int(np.random.SeedSequence([seed, 16]).generate_state(1)[0])


class Posterior:
    """One side's Bayesian model of the other, one posterior per run over the ``K`` hypotheses
    of :class:`Hypotheses` (working state: ``K`` log-probabilities per run).

    Likelihood of an offer ``b`` the other side made at its turn ``j``, under hypothesis ``h``
    (Hindriks & Tykhonov 2008's form: a normal density around the utility the hypothesis
    predicts for the bid): ``exp(−(u_h(b) − T_h(j))² / (2σ²))``, ``T_h(j)`` the target the
    other side's time-dependent strategy would aim at under ``h``. Prior: uniform over the
    hypotheses (they are draws from the scenario's own uncertainty). Estimated utility of an
    outcome: its posterior mean ``Σ_h p_h u_h(o)``.
    """

    def __init__(self, utilities: FloatArray, targets: FloatArray, runs: int, sigma: float):
        self.by_outcome = np.ascontiguousarray(utilities.T)  # (outcomes, K)
        self.targets = np.ascontiguousarray(targets.T)  # (turns, K)
        self.scale = 1.0 / (2.0 * sigma * sigma)
        self.log = np.zeros((runs, utilities.shape[0]))

    def update(self, offers: IntArray, turn: int, mask: NDArray[np.bool_] | None = None) -> None:
        """Learn from one offer per run (outcome indices), made at the other side's ``turn``."""
        if mask is None:
            gap = self.by_outcome[offers] - self.targets[turn]
            self.log -= self.scale * gap * gap
            self.log -= self.log.max(axis=1, keepdims=True)
            return
        rows = np.flatnonzero(mask)
        if rows.size == 0:
            return
        gap = self.by_outcome[offers[rows]] - self.targets[turn]
        log = self.log[rows] - self.scale * gap * gap
        self.log[rows] = log - log.max(axis=1, keepdims=True)

    def probabilities(self) -> FloatArray:
        """The posterior ``(runs, K)``."""
        p = np.exp(self.log)
        out: FloatArray = p / p.sum(axis=1, keepdims=True)
        return out

    def mean(self, values: FloatArray) -> FloatArray:
        """Posterior mean of per-hypothesis ``values`` ``(K, …)`` (e.g. weights), per run."""
        out: FloatArray = np.tensordot(self.probabilities(), values, axes=1)
        return out

    def scores(self, candidates: IntArray) -> FloatArray:
        """Posterior mean utility of (runs, k) candidate outcomes."""
        total: FloatArray = np.einsum(
            "rwk,rk->rw", self.by_outcome[candidates], self.probabilities()
        )
        return total


def _targets(strategy: TimeDependent, side: Side, spec: BatchSpec) -> FloatArray:
    """Per run and turn, the engine's time-dependent target (``plans.time_dependent_plan``)."""
    column = None if side.rows is None else side.rows[:, None]
    floor, high = side.floor_high(column, side.reservation)
    times = spec.protocol.relative_times(side.party)
    aspiration = np.array(strategy.aspirations(times), dtype=np.float64)
    target = (high - floor) * aspiration[None, :] + floor - strategy.tolerance
    return np.maximum(floor, np.minimum(high, target))


def simulate_learning(
    spec: BatchSpec, positions: IntArray, learning: Learning, prior: Hypotheses | None = None
) -> BatchResult:
    """The negotiations of ``spec`` with both sides learning (time-dependent strategies only);
    ``positions`` (outcomes, issues) are the outcome space's value positions; ``prior``: the
    hypotheses of a Bayesian model (``learning.model == "bayesian"``)."""
    return learning_offers(spec, positions, learning, prior)[0]


def learning_offers(
    spec: BatchSpec, positions: IntArray, learning: Learning, prior: Hypotheses | None = None
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
    posteriors = _posteriors(learning, prior, count, sides[0].ranking.size)
    offers = np.full((count, protocol.rounds), -1, dtype=np.intp)
    for k, index in enumerate(protocol.history):
        offers[:, k] = index
        if posteriors is not None:
            posteriors[1 - k % 2].update(np.full(count, index, dtype=np.intp), k // 2)
            continue
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
        if k >= 1 and posteriors is not None:
            posteriors[party].update(offers[:, k - 1], (k - 1) // 2, ~done)
        elif k >= 1:
            beliefs[party].update(positions[offers[:, k - 1]], ~done)
        target = targets[party][:, k // 2]
        candidates, own = plans[party][0][:, k // 2], plans[party][1][:, k // 2]
        if span.size == 1:
            bid, offered = candidates[:, 0], np.asarray(own[:, 0], dtype=np.float64)
        else:
            rated = (
                beliefs[party].scores(cells[candidates])
                if posteriors is None
                else posteriors[party].scores(candidates)
            )
            choice = np.argmax(rated, axis=1)
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


def _posteriors(
    learning: Learning, prior: Hypotheses | None, runs: int, outcomes: int
) -> tuple[Posterior, Posterior] | None:
    """Each party's Bayesian model of the other (None for the frequency model)."""
    if learning.model != "bayesian":
        return None
    if prior is None:
        raise SimulationError("a Bayesian opponent model needs its hypotheses (prior)")
    if prior.utilities[0].shape[1] != outcomes:
        raise SimulationError("the hypotheses must cover the same outcomes as the negotiations")
    first, second = (
        Posterior(prior.utilities[1 - p], prior.targets[1 - p], runs, learning.sigma)
        for p in (0, 1)
    )
    return first, second


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
    prior: Hypotheses | None = None,
) -> BatchResult:
    """As :func:`~burdenshare.negotiation.simulation.simulate_many`, with learning sides (the
    same ``prior`` for every chunk: results do not depend on ``chunk``)."""
    if total < 1 or chunk < 1:
        raise SimulationError("total and chunk must be positive")
    parts = []
    for start in range(0, total, chunk):
        stop = min(total, start + chunk)
        parts.append(simulate_learning(factory(start, stop), positions, learning, prior))
        if progress is not None:
            progress(stop)
    return BatchResult.concatenate(parts)
