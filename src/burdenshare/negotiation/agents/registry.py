"""The agent registry: every module ``agent_*.py`` of this package declares its agents in a
module-level ``AGENTS`` tuple of :class:`AgentSpec`; they are discovered by name, so adding an
agent touches one new module and nothing else."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from burdenshare.negotiation.agents.base import Agent, AgentContext

__all__ = ["AgentSpec", "agent_names", "make_agent", "registered"]


@dataclass(frozen=True)
class AgentSpec:
    """A named agent: how to build it for a session, and where its strategy is published."""

    name: str
    build: Callable[[AgentContext], Agent]
    reference: str
    summary: str


@cache
def registered() -> dict[str, AgentSpec]:
    """Every declared agent by name (modules ``agent_*`` of this package, sorted)."""
    package = importlib.import_module(__package__ or "burdenshare.negotiation.agents")
    found: dict[str, AgentSpec] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.name.startswith("agent_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for spec in getattr(module, "AGENTS", ()):
            if spec.name in found:
                raise ValueError(f"agent {spec.name!r} is declared twice")
            found[spec.name] = spec
    return found


def agent_names() -> tuple[str, ...]:
    """The registered agent names, sorted."""
    return tuple(sorted(registered()))


def make_agent(name: str, context: AgentContext) -> Agent:
    """A fresh agent called ``name`` for one session."""
    agents = registered()
    if name not in agents:
        raise KeyError(f"unknown agent {name!r}; known: {', '.join(sorted(agents))}")
    return agents[name].build(context)
