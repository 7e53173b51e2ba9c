"""A plain-Python oracle of the simulation semantics: one negotiation, one round at a time.

Written from docs/simulation.md without the engine's arrays (lists, loops, ``max`` over
outcomes), so the vectorized engine can be checked against it exactly, float for float: both
evaluate the same expressions in the same order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from burdenshare.negotiation.simulation import (
    AcceptAbove,
    AcceptNext,
    AcceptReservation,
    AcceptTarget,
    Hardliner,
    Protocol,
    Strategy,
    SubgamePerfect,
    TimeDependent,
    TitForTat,
)


def order_of(u: Sequence[float], reservation: float, ties: str) -> list[int]:
    """Outcome indices by ascending utility, ties by the tie rule."""
    if ties == "index":
        return sorted(range(len(u)), key=lambda i: (u[i], i))
    low = sorted((i for i in range(len(u)) if u[i] < reservation), key=lambda i: (u[i], i))
    high = [i for i in range(len(u)) if u[i] >= reservation]
    ranked = np.argsort(np.array([u[i] for i in high]))  # NegMAS's (unstable) order
    return low + [high[int(j)] for j in ranked]


@dataclass
class Player:
    u: list[float]
    reservation: float
    discount: float
    strategy: Strategy
    order: list[int]
    target: float | None = None
    spe_offers: dict[int, int] = field(default_factory=dict)
    spe_accept: dict[int, float] = field(default_factory=dict)

    @property
    def floor(self) -> float:
        return max(min(self.u), self.reservation)

    @property
    def high(self) -> float:
        return max(self.u)

    def lowest_at_least(self, threshold: float, slack: float = 0.0) -> int:
        values = [self.u[o] for o in self.order]
        position = next((i for i, v in enumerate(values) if v >= threshold), len(values) - 1)
        if slack > 0 and position > 0:
            under = values[position - 1]
            if under >= threshold - slack and threshold - under < values[position] - threshold:
                position = values.index(under)
        return self.order[position]


def relative_time(protocol: Protocol, k: int) -> float:
    if protocol.clock == "offer":
        return (k + 1) / (protocol.rounds + 1)
    return (k // 2 + 1) / ((protocol.rounds + 1) // 2 + 1)


def threshold(player: Player, rules: Sequence[object], k: int, offer: int, target: float) -> float:
    levels = [math.inf]
    for rule in rules:
        if isinstance(rule, AcceptNext):
            levels.append(player.u[offer])
        elif isinstance(rule, AcceptTarget):
            levels.append(target)
        elif isinstance(rule, AcceptAbove):
            levels.append(rule.threshold)
        elif isinstance(rule, AcceptReservation):
            levels.append(player.reservation / player.discount ** max(k - 1, 0))
    return min(levels)


def time_dependent(player: Player, protocol: Protocol, k: int) -> tuple[int, float]:
    strategy = player.strategy
    assert isinstance(strategy, TimeDependent)
    a = 1.0 * (1.0 - math.pow(relative_time(protocol, k), 1.0 / strategy.e))
    floor, high = player.floor, player.high
    target = max(floor, min(high, (high - floor) * a + floor - strategy.tolerance))
    offer = player.lowest_at_least(target, strategy.slack)
    return offer, threshold(player, strategy.acceptance, k, offer, target)


def tit_for_tat(me: Player, other: Player, k: int, offers: list[int]) -> tuple[int, float]:
    strategy = me.strategy
    assert isinstance(strategy, TitForTat)
    if me.target is None:
        me.target = me.u[offers[k - 2]] if k >= 2 else me.high
    if k >= 3:
        last, prev = offers[k - 1], offers[k - 3]
        seen = other if strategy.observe == "opponent" else me
        drop = seen.u[prev] - seen.u[last]
        if strategy.observe == "own":
            drop = -drop
        span = seen.high - seen.floor
        fraction = max(drop / span if span > 0 else 0.0, 0.0)
        me.target = max(me.floor, me.target - fraction * (me.high - me.floor))
    offer = me.lowest_at_least(me.target)
    return offer, threshold(me, strategy.acceptance, k, offer, me.target)


def backward_induction(players: list[Player], rounds: int) -> None:
    """The subgame-perfect offers and thresholds, by brute force over outcomes."""
    value = [players[0].reservation, players[1].reservation]
    last = rounds - 1
    mover = players[last % 2]
    mover.spe_offers[last] = mover.lowest_at_least(mover.high)
    for k in range(rounds - 2, -1, -1):
        m, q = players[k % 2], players[1 - k % 2]
        cutoff = value[1 - k % 2] / q.discount**k
        q.spe_accept[k + 1] = cutoff
        position = {o: i for i, o in enumerate(q.order)}
        feasible = [o for o in range(len(q.u)) if q.u[o] >= cutoff]
        best = m.lowest_at_least(m.high)
        take = False
        if feasible:
            chosen = max(feasible, key=lambda o: (m.u[o], q.u[o], position[o]))
            gain = m.discount**k * m.u[chosen]
            take = gain >= value[k % 2] or not cutoff > min(q.u)
        if take:
            m.spe_offers[k] = chosen
            value[k % 2], value[1 - k % 2] = gain, q.discount**k * q.u[chosen]
        else:
            m.spe_offers[k] = best if q.u[best] < cutoff else q.order[0]


def decide(
    players: list[Player], protocol: Protocol, k: int, offers: list[int]
) -> tuple[int, float]:
    me = players[k % 2]
    strategy = me.strategy
    if isinstance(strategy, TimeDependent):
        return time_dependent(me, protocol, k)
    if isinstance(strategy, Hardliner):
        level = me.high if strategy.threshold is None else strategy.threshold
        return me.lowest_at_least(me.high), level
    if isinstance(strategy, TitForTat):
        return tit_for_tat(me, players[1 - k % 2], k, offers)
    assert isinstance(strategy, SubgamePerfect)
    return me.spe_offers[k], me.spe_accept.get(k, math.inf)


def negotiate(
    utilities: tuple[Sequence[float], Sequence[float]],
    reservations: tuple[float, float],
    strategies: tuple[Strategy, Strategy],
    protocol: Protocol,
    discounts: tuple[float, float] = (1.0, 1.0),
    ties: str = "index",
) -> tuple[int, int, tuple[float, float]]:
    """(agreement round or -1, outcome or -1, each party's payoff) of one negotiation."""
    players = [
        Player(list(map(float, u)), float(r), d, s, order_of(list(map(float, u)), float(r), ties))
        for u, r, d, s in zip(utilities, reservations, discounts, strategies, strict=True)
    ]
    if any(isinstance(s, SubgamePerfect) for s in strategies):
        backward_induction(players, protocol.rounds)
    offers = list(protocol.history)
    for k in range(protocol.start, protocol.rounds):
        offer, level = decide(players, protocol, k, offers)
        me = players[k % 2]
        if k >= 1 and me.u[offers[k - 1]] >= level:
            agreed = offers[k - 1]
            payoff = tuple(p.discount ** (k - 1) * p.u[agreed] for p in players)
            return k, agreed, (payoff[0], payoff[1])
        offers.append(offer)
    return -1, -1, (players[0].reservation, players[1].reservation)
