"""NegMAS 0.16's time-based negotiators as session agents: ``BoulwareTBNegotiator``,
``LinearTBNegotiator`` and ``ConcederTBNegotiator`` (NegMAS documentation:
https://negmas.readthedocs.io/en/latest/api/negmas.gb.BoulwareTBNegotiator.html).

Their offers and acceptances do not depend on the opponent, so each agent replays the batch
engine's plan for :func:`~burdenshare.negotiation.simulation.negmas_time_based` with NegMAS's
tie order (``ties="negmas"``), which ``tests/peer/test_negmas_simulation.py`` shows agree
with NegMAS; ``tests/peer/test_negmas_agents.py`` checks these agents against NegMAS directly
(``SAOMechanism(one_offer_per_step=True)``: one round a step)."""

from __future__ import annotations

import numpy as np

from burdenshare.negotiation.agents.base import AgentContext
from burdenshare.negotiation.agents.registry import AgentSpec
from burdenshare.negotiation.simulation import BatchSpec, Protocol, negmas_time_based
from burdenshare.negotiation.simulation.engine import sides_of
from burdenshare.negotiation.simulation.plans import Plan, time_dependent_plan
from burdenshare.negotiation.simulation.strategies import Kind

REFERENCE = "NegMAS 0.16 {}TBNegotiator (negmas.gb.negotiators.timebased)"


class NegmasTimeBased:
    """Replays NegMAS's time-based plan; learns its party from the first call."""

    def __init__(self, context: AgentContext, kind: Kind) -> None:
        self.context = context
        self.kind = kind
        self.plan: Plan | None = None
        self.turn = 0

    def _plan(self, party: int) -> Plan:
        strategy = negmas_time_based(self.kind)
        protocol = Protocol(self.context.rounds)
        u, r = self.context.utilities, self.context.reservation
        spec = BatchSpec(protocol, (strategy, strategy), (u, u), (r, r), ties="negmas")
        return time_dependent_plan(strategy, sides_of(spec)[party], protocol)

    def respond(self, offer: int | None, t: float) -> int | None:
        if self.plan is None:
            self.plan = self._plan(0 if offer is None else 1)
        turn, self.turn = self.turn, self.turn + 1
        if offer is not None and self.context.utilities[offer] >= self.plan.accept[0, turn]:
            return None
        return int(np.asarray(self.plan.offers)[0, turn])


def _builder(kind: Kind) -> AgentSpec:
    def build(context: AgentContext) -> NegmasTimeBased:
        return NegmasTimeBased(context, kind)

    title = {"boulware": "Boulware", "linear": "Linear", "conceder": "Conceder"}[kind]
    return AgentSpec(
        f"negmas-{kind}",
        build,
        REFERENCE.format(title),
        f"NegMAS's {title}TBNegotiator: accept at the target, eps 1e-4, NegMAS tie order",
    )


AGENTS = tuple(_builder(kind) for kind in ("boulware", "linear", "conceder"))
