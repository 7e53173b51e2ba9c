"""Agents, their context, and a bilateral alternating-offers session between two of them.

An agent sees only its own utilities (one per outcome index), its reservation value, the
outcome space's value positions (for opponent models), the deadline and a seeded random
stream. The protocol is the simulation's (:mod:`~burdenshare.negotiation.simulation.protocol`):
rounds ``0 … T−1``, party 0 opens, in round ``k ≥ 1`` the mover answers the standing offer
(accept, or counter-offer); the last offer is never answered; relative time
``t_k = (k + 1) / (T + 1)``. An agreement on an offer at relative time ``t`` is worth
``u · δ^t`` (GENIUS's discount); no agreement is worth the reservation value (undiscounted
here, as the simulation engine does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

__all__ = ["Agent", "AgentContext", "Session", "run_session"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class AgentContext:
    """What one agent knows when a session starts."""

    utilities: FloatArray
    reservation: float
    positions: IndexArray
    shape: tuple[int, ...]
    rounds: int
    seed: int

    def order(self) -> IndexArray:
        """Outcome indices by my utility, descending (ties: lower index first)."""
        order: IndexArray = np.lexsort((np.arange(self.utilities.size), -self.utilities))
        return order


class Agent(Protocol):
    """A negotiating agent: ``respond`` returns ``None`` to accept, else its (counter-)offer."""

    def respond(self, offer: int | None, t: float) -> int | None: ...


@dataclass(frozen=True)
class Session:
    """One session's result: the agreed outcome (or -1), the round of agreement (or -1), each
    party's utility (discounted agreement, or reservation value), and every offer made."""

    agreement: int
    round: int
    utilities: tuple[float, float]
    offers: tuple[int, ...]


def run_session(
    agents: tuple[Agent, Agent],
    utilities: tuple[FloatArray, FloatArray],
    reservations: tuple[float, float],
    discounts: tuple[float, float],
    rounds: int,
) -> Session:
    """Alternating offers between ``agents`` to a deadline of ``rounds`` offers."""
    offers: list[int] = []
    standing: int | None = None
    for k in range(rounds):
        mover = k % 2
        t = (k + 1) / (rounds + 1)
        answer = agents[mover].respond(standing, t)
        if answer is None:
            if standing is None:
                raise ValueError("an agent accepted before any offer was made")
            offered = (k) / (rounds + 1)  # the standing offer was made at round k - 1
            values = tuple(float(utilities[p][standing]) * discounts[p] ** offered for p in (0, 1))
            return Session(standing, k, (values[0], values[1]), tuple(offers))
        offers.append(int(answer))
        standing = int(answer)
    return Session(-1, -1, (float(reservations[0]), float(reservations[1])), tuple(offers))
