"""A Bayesian learning agent (Hindriks, Tykhonov: "Opponent modelling in automated multi-issue
negotiation using Bayesian learning", AAMAS 2008): a time-dependent concession (``e = 0.5``)
whose bids, among those near the target, maximise the opponent's utility estimated by a
:class:`~burdenshare.negotiation.agents.models.BayesianModel`; AC_next."""

from __future__ import annotations

from burdenshare.negotiation.agents.base import AgentContext
from burdenshare.negotiation.agents.boa import BOAAgent, time_target
from burdenshare.negotiation.agents.models import BayesianModel
from burdenshare.negotiation.agents.registry import AgentSpec

REFERENCE = (
    "Hindriks, Tykhonov: Opponent modelling in automated multi-issue negotiation using "
    "Bayesian learning, AAMAS 2008"
)


def bayesian(context: AgentContext) -> BOAAgent:
    model = BayesianModel(context.shape, seed=context.seed)
    return BOAAgent(context, time_target(context, 0.5), model=model)


AGENTS = (AgentSpec("bayesian", bayesian, REFERENCE, "e = 0.5, Bayesian opponent model, AC_next"),)
