"""Acceptance conditions (Baarslag, Hindriks, Jonker: "Effective acceptance conditions in
real-time automated negotiation", Decision Support Systems 60, 2014; "Acceptance conditions in
automated negotiation", ACAN 2011).

Each condition answers: accept the opponent's ``offer`` (my utility ``u``, undiscounted) at
relative time ``t``, given my next offer's utility ``next_u`` and the history of my utilities
of the opponent's offers so far (``received``, oldest first, the current one included)?

* :class:`ACNext` — AC_next(α, β): ``α · next_u + β ≤ u``.
* :class:`ACTime` — AC_time(T): ``t ≥ T``.
* :class:`ACConst` — AC_const(c): ``u ≥ c``.
* :class:`ACCombi` — AC_combi(T, MAX^W): AC_next, or ``t ≥ T`` and ``u`` is at least the best
  utility received in the last window ``W = 1 − t`` of time (``MAX^W``; a window reaching
  back beyond the start means every offer received).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["ACCombi", "ACConst", "ACNext", "ACTime", "Acceptance"]


@dataclass(frozen=True)
class ACNext:
    """AC_next(α, β): accept when ``α · next_u + β ≤ u``."""

    alpha: float = 1.0
    beta: float = 0.0

    def accepts(
        self, u: float, next_u: float, t: float, received: Sequence[tuple[float, float]]
    ) -> bool:
        return self.alpha * next_u + self.beta <= u


@dataclass(frozen=True)
class ACTime:
    """AC_time(T): accept anything from time ``T`` on."""

    deadline: float = 0.99

    def accepts(
        self, u: float, next_u: float, t: float, received: Sequence[tuple[float, float]]
    ) -> bool:
        return t >= self.deadline


@dataclass(frozen=True)
class ACConst:
    """AC_const(c): accept any offer worth at least ``c``."""

    threshold: float

    def accepts(
        self, u: float, next_u: float, t: float, received: Sequence[tuple[float, float]]
    ) -> bool:
        return u >= self.threshold


@dataclass(frozen=True)
class ACCombi:
    """AC_combi(T, MAX^W): AC_next, or after ``T`` an offer at least the best of the window."""

    deadline: float = 0.98
    alpha: float = 1.0
    beta: float = 0.0

    def accepts(
        self, u: float, next_u: float, t: float, received: Sequence[tuple[float, float]]
    ) -> bool:
        if self.alpha * next_u + self.beta <= u:
            return True
        if t < self.deadline:
            return False
        start = t - (1.0 - t)
        window = [utility for time, utility in received if time >= start]
        return u >= max(window, default=u)


Acceptance = ACNext | ACTime | ACConst | ACCombi
