"""Opponent models: estimates of the opponent's linear-additive utility from its offers alone.

Both models see only the opponent's offers, as value positions per issue (one row of the
outcome space's :meth:`~burdenshare.negotiation.issues.OutcomeSpace.index_array`), and estimate
``u(o) = sum_i w_i * v_i(o_i)`` with weights ``w`` summing to 1 and values in [0, 1].

* :class:`FrequencyModel` — by default HardHeaded's frequency model (van Krimpen, Looije, Hajizadeh:
  "HardHeaded", in *Complex Automated Negotiations*, Studies in Computational Intelligence 435,
  Springer 2013; ANAC 2011 winner): an issue whose value is unchanged between two consecutive
  opponent offers gains ``learning_rate`` weight (weights then renormalised); every offered
  value gains one count, and a value is worth ``count / max count`` of its issue.
* :class:`BayesianModel` — Bayesian learning over weight hypotheses (Hindriks, Tykhonov:
  "Opponent modelling in automated multi-issue negotiation using Bayesian learning", AAMAS
  2008), simplified: the hypotheses are weight vectors (every permutation of rank-based weights
  for up to 6 issues, plus 1000 seeded Dirichlet samples), the value functions are the frequency
  estimates above, and an offer made at time ``t`` has likelihood
  ``exp(-(u_h(offer) - expected(t))² / (2σ²))`` with ``expected(t) = 1 - concession · t``
  (the opponent is assumed to concede linearly; ``concession = 0.3``, ``σ = 0.05``:
  assumptions). The estimated weights are the posterior mean.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = ["BayesianModel", "FrequencyModel", "OpponentModel"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]


@dataclass
class FrequencyModel:
    """A frequency model over issues of ``shape`` values.

    ``method="hardheaded"`` learns weights as HardHeaded does (unchanged issues gain weight);
    ``method="concentration"`` sets each weight proportional to how far the issue's most offered
    value's share exceeds the uniform share ``1 / values`` (an opponent keeps the issues it
    cares about at its preferred values), a direct estimate that converges on opponents that
    concede in their own utility (tests/negotiation/test_agents.py).
    """

    shape: tuple[int, ...]
    learning_rate: float = 0.2
    method: str = "hardheaded"
    weights: FloatArray = field(init=False)
    counts: list[FloatArray] = field(init=False)
    _last: IndexArray | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.method not in ("hardheaded", "concentration"):
            raise ValueError(f"method must be 'hardheaded' or 'concentration': {self.method!r}")
        self.weights = np.full(len(self.shape), 1.0 / len(self.shape))
        self.counts = [np.zeros(size) for size in self.shape]

    def update(self, positions: IndexArray, t: float) -> None:
        """Learn from one opponent offer (its value position per issue) made at time ``t``."""
        if self._last is not None:
            unchanged = positions == self._last
            if unchanged.any():
                self.weights = self.weights + self.learning_rate / len(self.shape) * unchanged
                self.weights = self.weights / self.weights.sum()
        for issue, position in enumerate(positions.tolist()):
            self.counts[issue][position] += 1.0
        self._last = positions.copy()
        if self.method == "concentration":
            shares = np.array([c.max() / c.sum() - 1.0 / c.size for c in self.counts])
            shares = np.maximum(shares, 0.0)
            total = float(shares.sum())
            self.weights = shares / total if total > 0 else np.full(shares.size, 1 / shares.size)

    def value_tables(self) -> list[FloatArray]:
        """Per issue, each value's estimated worth (``count / max count``; 1 before any offer)."""
        return [c / c.max() if c.max() > 0 else np.ones_like(c) for c in self.counts]

    def utilities(self, positions: IndexArray) -> FloatArray:
        """The estimated utility of outcomes given as rows of value positions."""
        tables = self.value_tables()
        total = np.zeros(positions.shape[0])
        for issue, table in enumerate(tables):
            total = total + self.weights[issue] * table[positions[:, issue]]
        return total


def _hypotheses(issues: int, samples: int, rng: np.random.Generator) -> FloatArray:
    """Rank-based weights in every order (up to 6 issues) and seeded Dirichlet samples."""
    drawn = rng.dirichlet(np.ones(issues), size=samples)
    if issues > 6:
        return drawn
    ranks = np.arange(issues, 0, -1, dtype=np.float64)
    base = (ranks / ranks.sum()).tolist()
    return np.concatenate([np.array(sorted(set(itertools.permutations(base)))), drawn])


@dataclass
class BayesianModel:
    """Bayesian learning of the opponent's weights (value functions by frequency).

    Every update re-reads *all* offers so far with the current value estimates, through
    sufficient statistics: per issue pair the co-occurrence counts of their values, per issue
    the expected utilities summed per value. So the posterior is exactly
    ``∝ exp(-sum_k (u_h(offer_k) - expected(t_k))² / (2σ²))`` for the current tables, at a
    cost per update that does not grow with the number of offers.
    """

    shape: tuple[int, ...]
    seed: int = 0
    concession: float = 0.3
    sigma: float = 0.05
    samples: int = 1000
    hypotheses: FloatArray = field(init=False)
    log_posterior: FloatArray = field(init=False)
    frequency: FrequencyModel = field(init=False)
    _pairs: list[list[FloatArray]] = field(init=False)
    _expected: list[FloatArray] = field(init=False)

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        self.hypotheses = _hypotheses(len(self.shape), self.samples, rng)
        self.log_posterior = np.zeros(len(self.hypotheses))
        self.frequency = FrequencyModel(self.shape)
        self._pairs = [[np.zeros((a, b)) for b in self.shape] for a in self.shape]
        self._expected = [np.zeros(size) for size in self.shape]

    def update(self, positions: IndexArray, t: float) -> None:
        """Learn from one opponent offer made at time ``t`` (Bayes' rule over hypotheses)."""
        self.frequency.update(positions, t)
        expected = 1.0 - self.concession * t
        listed = positions.tolist()
        for i, a in enumerate(listed):
            self._expected[i][a] += expected
            for j, b in enumerate(listed):
                self._pairs[i][j][a, b] += 1.0
        tables = self._tables()
        issues = len(self.shape)
        second = np.array(
            [
                [tables[i] @ self._pairs[i][j] @ tables[j] for j in range(issues)]
                for i in range(issues)
            ]
        )
        first = np.array([tables[i] @ self._expected[i] for i in range(issues)])
        h = self.hypotheses
        squared = np.einsum("hi,ij,hj->h", h, second, h) - 2.0 * (h @ first)
        log_posterior = -squared / (2 * self.sigma**2)
        self.log_posterior = log_posterior - log_posterior.max()

    def _tables(self) -> list[FloatArray]:
        """Value estimates spread over [0, 1]: ``(count − min) / (max − min)`` per issue."""
        tables = []
        for counts in self.frequency.counts:
            low, high = float(counts.min()), float(counts.max())
            tables.append((counts - low) / (high - low) if high > low else np.ones_like(counts))
        return tables

    @property
    def weights(self) -> FloatArray:
        """The posterior mean of the weights."""
        posterior = np.exp(self.log_posterior)
        mean: FloatArray = posterior @ self.hypotheses / posterior.sum()
        return mean

    def utilities(self, positions: IndexArray) -> FloatArray:
        """The estimated utility of outcomes given as rows of value positions."""
        weights = self.weights
        total = np.zeros(positions.shape[0])
        for issue, table in enumerate(self._tables()):
            total = total + weights[issue] * table[positions[:, issue]]
        return total


OpponentModel = FrequencyModel | BayesianModel


def weight_distance(estimate: FloatArray, truth: FloatArray) -> float:
    """Half the L1 distance between two weight vectors (0: equal, 1: disjoint)."""
    return 0.5 * math.fsum(abs(float(a - b)) for a, b in zip(estimate, truth, strict=True))
