"""What a batch simulation takes (:class:`BatchSpec`) and returns (:class:`BatchResult`,
:class:`Trace`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from burdenshare.negotiation.simulation.protocol import Protocol, SimulationError
from burdenshare.negotiation.simulation.ranking import Ranking, Ties
from burdenshare.negotiation.simulation.strategies import (
    Hardliner,
    Strategy,
    SubgamePerfect,
    TimeDependent,
    TitForTat,
)

__all__ = ["BatchResult", "BatchSpec", "Trace", "UtilitySource"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
UtilitySource = ArrayLike | Ranking
"""A party's utilities: ``(n,)`` shared by every negotiation, ``(N, n)`` one row per
negotiation, or a :class:`Ranking` from :func:`prepare` (sorted once, reused across calls)."""


@dataclass(frozen=True, eq=False)
class BatchSpec:
    """``N`` negotiations of one protocol between two strategies, simulated at once.

    ``utilities[p]`` and ``reservations[p]`` (a scalar or ``(N,)``) are party ``p``'s;
    ``N`` is the number of rows of whichever is per-negotiation (1 if none is).
    ``discounts[p] = δ_p ∈ (0, 1]``: an agreement in round ``k`` on the offer of round ``k−1``
    is worth ``δ_p^(k−1)·u_p`` to party ``p``; no agreement is worth ``r_p`` (undiscounted).
    ``ties`` orders outcomes of equal utility (``"index"``, or ``"negmas"`` to reproduce
    NegMAS's offers exactly).
    """

    protocol: Protocol
    strategies: tuple[Strategy, Strategy]
    utilities: tuple[UtilitySource, UtilitySource]
    reservations: tuple[ArrayLike, ArrayLike] = (0.0, 0.0)
    discounts: tuple[float, float] = (1.0, 1.0)
    ties: Ties = "index"

    def __post_init__(self) -> None:
        for name in ("strategies", "utilities", "reservations", "discounts"):
            if len(getattr(self, name)) != 2:
                raise SimulationError(f"{name} must hold one entry per party (two)")
        for strategy in self.strategies:
            if not isinstance(strategy, TimeDependent | Hardliner | TitForTat | SubgamePerfect):
                raise SimulationError(f"{strategy!r} is not a strategy")
        for delta in self.discounts:
            if not 0.0 < float(delta) <= 1.0:
                raise SimulationError(f"discount factors must be in (0, 1], got {delta}")
        if self.ties not in ("index", "negmas"):
            raise SimulationError(f"ties must be 'index' or 'negmas', got {self.ties!r}")


@dataclass(frozen=True, eq=False)
class BatchResult:
    """Per negotiation: whether and where it agreed, when, and what each party got.

    ``round`` is the round in which the agreement was reached (the answering party's turn,
    ``≥ 1``; NegMAS's agreement step under ``clock="offer"``), ``-1`` without agreement;
    ``outcome`` the agreed outcome index or ``-1``; ``utilities[:, p]`` party ``p``'s
    discounted utility, or its reservation value without agreement.
    """

    agreed: NDArray[np.bool_]
    outcome: IntArray
    round: IntArray
    utilities: FloatArray  # (N, 2)

    def __len__(self) -> int:
        return int(self.agreed.size)

    @classmethod
    def concatenate(cls, parts: Sequence[BatchResult]) -> BatchResult:
        """One result holding ``parts`` in order."""
        if not parts:
            raise SimulationError("nothing to concatenate")
        return cls(
            np.concatenate([p.agreed for p in parts]),
            np.concatenate([p.outcome for p in parts]),
            np.concatenate([p.round for p in parts]),
            np.concatenate([p.utilities for p in parts]),
        )


@dataclass(frozen=True, eq=False)
class Trace:
    """One negotiation, offer by offer: ``offers[k]`` was made in round ``k`` by party
    ``k mod 2`` (the recorded history included); the agreement, if any, was reached in
    ``round`` on ``offers[round − 1]``."""

    offers: IntArray
    utilities: FloatArray  # (len(offers), 2): each party's undiscounted utility of each offer
    agreement: int
    round: int

    def rows(self) -> list[dict[str, Any]]:
        """Each offer as a plain dict (round, party, outcome, utilities, accepted)."""
        return [
            {
                "round": k,
                "party": k % 2,
                "outcome": int(offer),
                "utilities": (float(self.utilities[k, 0]), float(self.utilities[k, 1])),
                "accepted": k == self.round - 1,
            }
            for k, offer in enumerate(self.offers)
        ]
