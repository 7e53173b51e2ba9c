"""Brute-force oracles for the bargaining analysis: plain Python, O(n²), obviously right."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

Utilities = Sequence[float]


def dominates(j: int, k: int, u1: Utilities, u2: Utilities) -> bool:
    """Whether outcome j dominates outcome k."""
    return u1[j] >= u1[k] and u2[j] >= u2[k] and (u1[j] > u1[k] or u2[j] > u2[k])


def pareto(u1: Utilities, u2: Utilities) -> list[int]:
    n = len(u1)
    return [k for k in range(n) if not any(dominates(j, k, u1, u2) for j in range(n))]


def zopa(u1: Utilities, u2: Utilities, r1: float, r2: float) -> list[int]:
    return [k for k in range(len(u1)) if u1[k] >= r1 and u2[k] >= r2]


def point(
    u1: Utilities, u2: Utilities, r1: float, r2: float, score: Callable[[int], float]
) -> int | None:
    """The documented rule: best score among Pareto outcomes in the ZOPA; ties → larger
    welfare, then lowest index."""
    inside = set(zopa(u1, u2, r1, r2))
    candidates = [k for k in pareto(u1, u2) if k in inside]
    if not candidates:
        return None
    best = max(score(k) for k in candidates)
    tied = [k for k in candidates if score(k) == best]
    best_welfare = max(u1[k] + u2[k] for k in tied)
    return min(k for k in tied if u1[k] + u2[k] == best_welfare)


def nash(u1: Utilities, u2: Utilities, r1: float, r2: float) -> int | None:
    return point(u1, u2, r1, r2, lambda k: (u1[k] - r1) * (u2[k] - r2))


def egalitarian(u1: Utilities, u2: Utilities, r1: float, r2: float) -> int | None:
    return point(u1, u2, r1, r2, lambda k: min(u1[k] - r1, u2[k] - r2))


def max_welfare(u1: Utilities, u2: Utilities, r1: float, r2: float) -> int | None:
    return point(u1, u2, r1, r2, lambda k: u1[k] + u2[k])


def kalai_smorodinsky(u1: Utilities, u2: Utilities, r1: float, r2: float) -> int | None:
    inside = zopa(u1, u2, r1, r2)
    if not inside:
        return None
    span1 = max(u1[k] for k in inside) - r1
    span2 = max(u2[k] for k in inside) - r2

    def normalized(u: float, r: float, span: float) -> float:
        return (u - r) / span if span > 0 else u - r

    return point(
        u1,
        u2,
        r1,
        r2,
        lambda k: -abs(normalized(u1[k], r1, span1) - normalized(u2[k], r2, span2)),
    )


def improvements(u1: Utilities, u2: Utilities, agreement: int) -> list[int]:
    return [k for k in range(len(u1)) if dominates(k, agreement, u1, u2)]


def distance(u1: Utilities, u2: Utilities, k: int) -> float:
    return min(
        math.sqrt((u1[p] - u1[k]) * (u1[p] - u1[k]) + (u2[p] - u2[k]) * (u2[p] - u2[k]))
        for p in pareto(u1, u2)
    )
