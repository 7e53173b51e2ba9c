"""The tough (hard-line) agent: offers its best outcome every time and accepts only an offer
worth its best utility (within 1e-10). This is NegMAS 0.16's ``ToughNegotiator``
(``AcceptBest`` + ``OfferBest``, in NegMAS's ``negmas/gb/negotiators/tough.py``), the session
counterpart of the simulation's :class:`~burdenshare.negotiation.simulation.strategies.Hardliner`.
Among outcomes tied at the best utility it offers the lowest outcome index;
``tests/peer/test_negmas_agents.py`` plays it against NegMAS on domains whose best outcome is
unique, where NegMAS's choice cannot differ."""

from __future__ import annotations

from burdenshare.negotiation.agents.base import AgentContext
from burdenshare.negotiation.agents.registry import AgentSpec

TOLERANCE = 1e-10
"""NegMAS's ``AcceptBest``: an offer is accepted when worth at least ``max − 1e-10``."""


class Tough:
    """Always its best outcome; accepts only offers worth (nearly) as much."""

    def __init__(self, context: AgentContext) -> None:
        self.utilities = context.utilities
        self.best = int(context.order()[0])
        self.threshold = float(context.utilities.max()) - TOLERANCE

    def respond(self, offer: int | None, t: float) -> int | None:
        if offer is not None and self.utilities[offer] >= self.threshold:
            return None
        return self.best


AGENTS = (
    AgentSpec(
        "tough",
        Tough,
        "NegMAS 0.16 ToughNegotiator (negmas.gb.negotiators.tough): AcceptBest + OfferBest",
        "offers its best outcome, accepts only its best utility (within 1e-10)",
    ),
)
