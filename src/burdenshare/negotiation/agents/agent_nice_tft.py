"""Nice Tit-for-Tat (Baarslag, Hindriks, Jonker: "A tit for tat negotiation strategy for
real-time bilateral negotiations", in *Complex Automated Negotiations*, Studies in
Computational Intelligence 435, Springer 2013).

Its published strategy, as implemented here: it models the opponent (Bayesian model), reads the
opponent's concession as the fraction of the way from the opponent's first offer to the
estimated Nash point that its latest offer went (in the opponent's estimated utility), and
concedes the same fraction of its own way from its best utility to its utility at the estimated
Nash point ("nice": it never concedes less than the opponent, never beyond the Nash point).
Among the outcomes at or above that target it offers the one best for the opponent (estimate).
It accepts with AC_combi(0.98, MAX^W), the condition the paper's agent uses near the deadline.
"""

from __future__ import annotations

import numpy as np

from burdenshare.negotiation.agents.acceptance import ACCombi
from burdenshare.negotiation.agents.base import AgentContext
from burdenshare.negotiation.agents.boa import BOAAgent
from burdenshare.negotiation.agents.models import BayesianModel
from burdenshare.negotiation.agents.registry import AgentSpec

REFERENCE = (
    "Baarslag, Hindriks, Jonker: A tit for tat negotiation strategy for real-time bilateral "
    "negotiations, in Complex Automated Negotiations, Studies in Computational "
    "Intelligence 435, Springer 2013"
)
SAMPLE = 4096
"""Outcomes (the best ones for me) over which the estimated Nash point is sought."""


class NiceTitForTat(BOAAgent):
    """Mirrors the opponent's concession towards the estimated Nash point."""

    def __init__(self, context: AgentContext) -> None:
        self.high = float(context.utilities.max())
        floor = max(float(context.utilities.min()), context.reservation)
        self.concession = 0.0
        super().__init__(
            context,
            lambda t: self._target(),
            ACCombi(0.98),
            BayesianModel(context.shape, context.seed),
        )
        self.floor = floor

    def _target(self) -> float:
        return self.high - self.concession

    def observe(self, offer: int, t: float) -> None:
        super().observe(offer, t)
        assert self.model is not None
        top = self.ascending[::-1][:SAMPLE]
        theirs = self.model.utilities(self.context.positions[top])
        mine = self.context.utilities[top]
        nash = int(np.argmax((mine - self.floor) * theirs))
        first, last = self.opponent_offers[0], self.opponent_offers[-1]
        estimated = self.model.utilities(self.context.positions[[first, last]])
        way = float(estimated[0]) - float(theirs[nash])
        fraction = 0.0 if way <= 0 else (float(estimated[0]) - float(estimated[1])) / way
        fraction = min(1.0, max(0.0, fraction))
        self.concession = max(self.concession, fraction * (self.high - float(mine[nash])))


AGENTS = (
    AgentSpec(
        "nice-tit-for-tat",
        NiceTitForTat,
        REFERENCE,
        "mirrors the opponent's concession towards the estimated Nash point, AC_combi",
    ),
)
