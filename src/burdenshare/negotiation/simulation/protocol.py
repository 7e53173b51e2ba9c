"""The protocol: bilateral alternating offers to a deadline of ``rounds`` rounds.

A *round* is one offer. Rounds are numbered ``0 … T−1``; party 0 moves in the even rounds,
party 1 in the odd ones (party 0 opens). In round ``k ≥ 1`` the mover first answers the offer
standing from round ``k−1``: it accepts (the negotiation ends with an agreement *in round k* on
that offer) or rejects and makes its own offer. The offer of the last round ``T−1`` is never
answered: the deadline falls before the other party's turn, so no agreement means each party
gets its reservation value.

Relative time (what time-dependent strategies concede on) follows NegMAS 0.16's
``SAOMechanism`` (``Mechanism._relative_time_for``: ``(step + 1) / (n_steps + 1)``):

* ``clock="offer"`` — one NegMAS step per round, as ``SAOMechanism(n_steps=T,
  one_offer_per_step=True)``: ``t_k = (k + 1) / (T + 1)``.
* ``clock="pair"`` — one NegMAS step per two rounds, as NegMAS's default
  ``SAOMechanism(n_steps=S, one_offer_per_step=False)`` with ``T = 2S``:
  ``t_k = (⌊k/2⌋ + 1) / (S + 1)`` with ``S = ⌈T/2⌉``; both moves of a step see the same time.

So ``t`` never reaches 0 or 1. A *recorded history* (outcome indices of offers actually made,
in round order, party 0's first) fills rounds ``0 … R−1``; nobody accepted during it (the talks
are still on), and the simulated strategies take over in round ``R``, the mover first answering
the last recorded offer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Clock", "Protocol", "SimulationError"]

Clock = Literal["offer", "pair"]
MAX_ROUNDS = 100_000


class SimulationError(ValueError):
    """A simulation was specified inconsistently (shapes, ranges, strategies)."""


@dataclass(frozen=True)
class Protocol:
    """Alternating offers: ``rounds`` offers at most, a clock, and an optional recorded history."""

    rounds: int
    clock: Clock = "offer"
    history: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.rounds, bool) or not isinstance(self.rounds, int):
            raise SimulationError(f"rounds must be an integer, got {self.rounds!r}")
        if not 1 <= self.rounds <= MAX_ROUNDS:
            raise SimulationError(f"rounds must be in 1..{MAX_ROUNDS}, got {self.rounds}")
        if self.clock not in ("offer", "pair"):
            raise SimulationError(f"clock must be 'offer' or 'pair', got {self.clock!r}")
        history = tuple(int(k) for k in self.history)
        if len(history) >= self.rounds:
            raise SimulationError(
                f"a history of {len(history)} offers leaves nothing to simulate in "
                f"{self.rounds} rounds"
            )
        if any(k < 0 for k in history):
            raise SimulationError(f"history holds a negative outcome index: {history}")
        object.__setattr__(self, "history", history)

    @classmethod
    def recorded(
        cls,
        rounds: int,
        first: Sequence[int],
        second: Sequence[int],
        clock: Clock = "offer",
    ) -> Protocol:
        """A protocol continuing a real negotiation: ``first``/``second`` are each party's
        offers in the order made (party 0 opened, so it made as many or one more)."""
        if not len(second) <= len(first) <= len(second) + 1:
            raise SimulationError(
                f"party 0 opens, so it made {len(second)} or {len(second) + 1} offers, "
                f"not {len(first)}"
            )
        history = [0] * (len(first) + len(second))
        history[0::2], history[1::2] = list(first), list(second)
        return cls(rounds, clock, tuple(history))

    @property
    def start(self) -> int:
        """The first simulated round (the length of the history)."""
        return len(self.history)

    @property
    def steps(self) -> int:
        """NegMAS's ``n_steps`` for the same negotiation under this clock."""
        return self.rounds if self.clock == "offer" else (self.rounds + 1) // 2

    def relative_time(self, round_: int) -> float:
        """Relative time of round ``round_`` (a Python float, computed as NegMAS does)."""
        step = round_ if self.clock == "offer" else round_ // 2
        return (step + 1) / (self.steps + 1)

    def relative_times(self, party: int) -> tuple[float, ...]:
        """Relative time of each of ``party``'s rounds ``party, party + 2, …``."""
        return tuple(self.relative_time(k) for k in range(party, self.rounds, 2))

    def turns(self, party: int) -> int:
        """How many rounds ``party`` moves in."""
        return len(range(party, self.rounds, 2))
