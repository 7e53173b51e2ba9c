"""Negotiating agents: opponent models, acceptance conditions, BOA agents, a registry of
named agents (one module ``agent_*.py`` each) and bilateral sessions between two of them.
See docs/negotiation.md ("Agents") for each agent's published reference."""

from burdenshare.negotiation.agents.acceptance import Acceptance, ACCombi, ACConst, ACNext, ACTime
from burdenshare.negotiation.agents.base import Agent, AgentContext, Session, run_session
from burdenshare.negotiation.agents.boa import BOAAgent, time_target
from burdenshare.negotiation.agents.models import BayesianModel, FrequencyModel, OpponentModel
from burdenshare.negotiation.agents.registry import AgentSpec, agent_names, make_agent, registered

__all__ = [
    "ACCombi",
    "ACConst",
    "ACNext",
    "ACTime",
    "Acceptance",
    "Agent",
    "AgentContext",
    "AgentSpec",
    "BOAAgent",
    "BayesianModel",
    "FrequencyModel",
    "OpponentModel",
    "Session",
    "agent_names",
    "make_agent",
    "registered",
    "run_session",
    "time_target",
]
