"""The BOA architecture (Baarslag et al.: "Decoupling negotiating agents to explore the space of
negotiation strategies", in *Novel Insights in Agent-based Complex Automated Negotiation*,
Springer 2014): a Bidding strategy, an Opponent model and an Acceptance condition.

:class:`BOAAgent` offers, at relative time ``t``, an outcome at or above its target
``floor + (max − floor) · (1 − t^(1/e))`` (Faratin, Sierra, Jennings: "Negotiation decision
functions for autonomous agents", Robotics and Autonomous Systems 24, 1998; GENIUS's
``TimeDependentAgent`` with ``k = 0``), ``floor = max(min utility, reservation, minimum)``.
Without an opponent model it offers the lowest-utility outcome at or above the target (ties:
lowest outcome index), exactly as the batch simulation's ``TimeDependent`` strategy does. With
one, it offers, among the ``window`` outcomes at or above the target nearest to it, the one the
model rates best for the opponent (ties: the lowest own utility, then the lowest index).
It answers an offer by computing its next offer and asking its acceptance condition.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from burdenshare.negotiation.agents.acceptance import Acceptance, ACNext
from burdenshare.negotiation.agents.base import AgentContext
from burdenshare.negotiation.agents.models import OpponentModel

__all__ = ["BOAAgent", "Target", "time_target"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]
AC_NEXT = ACNext()
Target = Callable[[float], float]
"""A target utility as a function of relative time."""


def time_target(context: AgentContext, e: float, minimum: float = 0.0) -> Target:
    """Faratin's time-dependent target with exponent ``e`` over ``[floor, max]``."""
    high = float(context.utilities.max())
    floor = max(float(context.utilities.min()), context.reservation, minimum)
    floor = min(floor, high)
    power = 1.0 / e

    def target(t: float) -> float:
        aspiration = 1.0 * (1.0 - math.pow(t, power))
        return max(floor, min(high, (high - floor) * aspiration + floor))

    return target


class BOAAgent:
    """Bidding by a target curve (with an optional opponent model) and an acceptance rule."""

    def __init__(
        self,
        context: AgentContext,
        target: Target,
        acceptance: Acceptance = AC_NEXT,
        model: OpponentModel | None = None,
        window: int = 200,
    ) -> None:
        self.context = context
        self.target = target
        self.acceptance = acceptance
        self.model = model
        self.window = window
        self.ascending: IndexArray = np.argsort(context.utilities, kind="stable")
        self.sorted: FloatArray = context.utilities[self.ascending]
        self.received: list[tuple[float, float]] = []
        self.opponent_offers: list[int] = []

    def observe(self, offer: int, t: float) -> None:
        """Record an opponent offer (and teach the model)."""
        self.received.append((t, float(self.context.utilities[offer])))
        self.opponent_offers.append(offer)
        if self.model is not None:
            self.model.update(self.context.positions[offer], t)

    def lowest_at_least(self, level: float) -> int:
        """The sorted position of the lowest-utility outcome at or above ``level``."""
        position = int(np.searchsorted(self.sorted, level, side="left"))
        return min(position, self.sorted.size - 1)

    def bid(self, t: float) -> int:
        """My offer at time ``t``."""
        position = self.lowest_at_least(self.target(t))
        if self.model is None:
            return int(self.ascending[position])
        candidates = self.ascending[position : position + self.window]
        scores = self.model.utilities(self.context.positions[candidates])
        return int(candidates[int(np.argmax(scores))])

    def respond(self, offer: int | None, t: float) -> int | None:
        """Accept ``offer`` (return None) or make my next offer."""
        mine = self.bid(t)
        if offer is None:
            return mine
        self.observe(offer, t)
        u = float(self.context.utilities[offer])
        next_u = float(self.context.utilities[mine])
        if u >= self.context.reservation and self.acceptance.accepts(u, next_u, t, self.received):
            return None
        return mine
