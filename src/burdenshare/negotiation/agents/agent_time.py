"""Time-dependent agents (Faratin, Sierra, Jennings 1998; GENIUS ``TimeDependentAgent``):
Boulware (``e = 0.2``), linear (``e = 1``) and Conceder (``e = 2``) with AC_next, and two
acceptance combinations on the Boulware curve (AC_combi, AC_time)."""

from __future__ import annotations

from burdenshare.negotiation.agents.acceptance import ACCombi, ACTime
from burdenshare.negotiation.agents.base import AgentContext
from burdenshare.negotiation.agents.boa import BOAAgent, time_target
from burdenshare.negotiation.agents.registry import AgentSpec

FARATIN = (
    "Faratin, Sierra, Jennings: Negotiation decision functions for autonomous agents, "
    "Robotics and Autonomous Systems 24(3-4), 1998"
)
BAARSLAG = (
    "Baarslag, Hindriks, Jonker: Effective acceptance conditions in real-time automated "
    "negotiation, Decision Support Systems 60, 2014"
)


def boulware(context: AgentContext) -> BOAAgent:
    return BOAAgent(context, time_target(context, 0.2))


def linear(context: AgentContext) -> BOAAgent:
    return BOAAgent(context, time_target(context, 1.0))


def conceder(context: AgentContext) -> BOAAgent:
    return BOAAgent(context, time_target(context, 2.0))


def boulware_combi(context: AgentContext) -> BOAAgent:
    return BOAAgent(context, time_target(context, 0.2), ACCombi(0.98))


def boulware_time(context: AgentContext) -> BOAAgent:
    return BOAAgent(context, time_target(context, 0.2), ACTime(0.99))


AGENTS = (
    AgentSpec("boulware", boulware, FARATIN, "time-dependent, e = 0.2, AC_next"),
    AgentSpec("linear", linear, FARATIN, "time-dependent, e = 1, AC_next"),
    AgentSpec("conceder", conceder, FARATIN, "time-dependent, e = 2, AC_next"),
    AgentSpec(
        "boulware-combi", boulware_combi, BAARSLAG, "Boulware bidding, AC_combi(0.98, MAX^W)"
    ),
    AgentSpec("boulware-time", boulware_time, BAARSLAG, "Boulware bidding, AC_time(0.99)"),
)
