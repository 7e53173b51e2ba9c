"""Strategies as data: frozen dataclasses the engine compiles into arrays (no callbacks).

Every strategy offers *the lowest-utility outcome at or above a target* (its utility the
smallest one ≥ target; among outcomes of equal utility, the engine's tie rule decides, see
:mod:`~burdenshare.negotiation.simulation.ranking`). Its *floor* is
``max(min utility, reservation value)``; no target goes below it.

* :class:`TimeDependent` — ``target(t) = floor + (max − floor) · (1 − f(t))`` with
  ``f(t) = t^(1/e)`` (GENIUS's ``TimeDependentAgent`` convention with ``k = 0``: ``e < 1``
  Boulware, ``e = 1`` linear, ``e > 1`` Conceder), i.e. ``max + (floor − max)·f(t)``. NegMAS's
  ``PolyAspiration`` writes ``1 − t^p``, so ``p = 1/e``.
* :class:`Hardliner` — always offers its best outcome.
* :class:`TitForTat` — relative tit-for-tat: concedes the fraction of its range
  ``[floor, max]`` that the opponent conceded of its own range between its last two offers.
* :class:`SubgamePerfect` — the subgame-perfect equilibrium strategy of the finite game with
  discounting (backward induction, complete information).

Acceptance rules (a strategy accepts when *any* of its rules does; each compares the offer's
undiscounted utility ``u`` with a threshold):

* :class:`AcceptNext` — AC_next: ``u ≥`` the utility of the offer I would make now instead.
* :class:`AcceptTarget` — ``u ≥`` my current target (NegMAS's ``TimeBasedNegotiator.respond``).
* :class:`AcceptAbove` — AC_const: ``u ≥ threshold``.
* :class:`AcceptReservation` — AC_reservation: accepting beats no deal, ``δ^(k−1)·u ≥ r`` for
  the offer of round ``k−1`` (evaluated as ``u ≥ r / δ^(k−1)``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from burdenshare.negotiation.simulation.protocol import SimulationError

__all__ = [
    "GENIUS_EXPONENTS",
    "NEGMAS_EPS",
    "NEGMAS_EXPONENTS",
    "NEGMAS_SLACK",
    "AcceptAbove",
    "AcceptNext",
    "AcceptReservation",
    "AcceptTarget",
    "Acceptance",
    "Hardliner",
    "Strategy",
    "SubgamePerfect",
    "TimeDependent",
    "TitForTat",
    "boulware",
    "conceder",
    "linear",
    "negmas_time_based",
]

Kind = Literal["boulware", "linear", "conceder"]

NEGMAS_EXPONENTS: dict[str, float] = {"boulware": 4.0, "linear": 1.0, "conceder": 0.25}
"""NegMAS 0.16 ``POLY_ASPIRATION_EXPONENTS`` (``negmas/negotiators/helpers.py``): the ``p`` of
``1 − t^p`` used by ``BoulwareTBNegotiator`` / ``LinearTBNegotiator`` / ``ConcederTBNegotiator``."""

GENIUS_EXPONENTS: dict[str, float] = {"boulware": 0.2, "linear": 1.0, "conceder": 2.0}
"""GENIUS's ``e`` for its Boulware / linear / Conceder time-dependent agents, as NegMAS 0.16
transcribes them (``GBoulwareOffering`` / ``GLinearOffering`` / ``GConcederOffering`` in
``negmas/gb/components/genius/offering/base_offering.py``)."""

NEGMAS_EPS = 1e-4
"""``UtilBasedNegotiator(eps=0.0001)``: NegMAS lowers its target by this before offering and
accepting (``UtilityBasedOutcomeSetRecommender.scale_utilities``)."""

NEGMAS_SLACK = 1e-6
"""``PresortingInverseUtilityFunction.worst_in`` (``EPS = 1e-6``): an outcome up to this far
below the target is offered when it is strictly nearer to the target than the lowest outcome at
or above it (``_nearest_around``)."""


@dataclass(frozen=True)
class AcceptNext:
    """AC_next: accept when the offer is at least as good as my next offer."""


@dataclass(frozen=True)
class AcceptTarget:
    """Accept when the offer reaches my current target (after ``tolerance``)."""


@dataclass(frozen=True)
class AcceptAbove:
    """AC_const: accept any offer worth at least ``threshold`` (undiscounted)."""

    threshold: float

    def __post_init__(self) -> None:
        if not math.isfinite(self.threshold):
            raise SimulationError(f"AcceptAbove threshold must be finite: {self.threshold}")


@dataclass(frozen=True)
class AcceptReservation:
    """AC_reservation: accept when agreeing now is worth at least the reservation value."""


Acceptance = AcceptNext | AcceptTarget | AcceptAbove | AcceptReservation


def _acceptance(rules: Sequence[Acceptance], allowed: tuple[type, ...]) -> tuple[Acceptance, ...]:
    rules = tuple(rules)
    for rule in rules:
        if not isinstance(rule, allowed):
            raise SimulationError(f"{rule!r} is not an acceptance rule of this strategy")
    return rules


_RULES = (AcceptNext, AcceptTarget, AcceptAbove, AcceptReservation)


@dataclass(frozen=True)
class TimeDependent:
    """Time-dependent concession with exponent ``e`` (``f(t) = t^(1/e)``).

    ``tolerance`` lowers the target before offering and accepting (NegMAS: ``1e-4``);
    ``slack`` lets an outcome up to that far *below* the target be offered when it is strictly
    nearer to the target than the lowest one above (NegMAS: ``1e-6``). Both are 0 by default.
    """

    e: float
    acceptance: tuple[Acceptance, ...] = (AcceptNext(),)
    tolerance: float = 0.0
    slack: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.e) and self.e > 0):
            raise SimulationError(f"the concession exponent e must be > 0, got {self.e}")
        if not (self.tolerance >= 0 and self.slack >= 0):
            raise SimulationError("tolerance and slack must be >= 0")
        object.__setattr__(self, "acceptance", _acceptance(self.acceptance, _RULES))

    @property
    def power(self) -> float:
        """NegMAS's exponent ``p = 1/e`` of ``1 − t^p``."""
        return 1.0 / self.e

    def aspirations(self, times: Sequence[float]) -> tuple[float, ...]:
        """``1 − t^(1/e)`` per relative time, with ``math.pow`` as NegMAS evaluates it."""
        power = self.power
        return tuple(1.0 * (1.0 - math.pow(t, power)) for t in times)


@dataclass(frozen=True)
class Hardliner:
    """Always offers its best outcome; accepts at or above ``threshold`` (default: its best)."""

    threshold: float | None = None

    def __post_init__(self) -> None:
        if self.threshold is not None and not math.isfinite(self.threshold):
            raise SimulationError(f"Hardliner threshold must be finite: {self.threshold}")


@dataclass(frozen=True)
class TitForTat:
    """Relative tit-for-tat.

    The opponent's concession between its last two offers is read as a fraction of its range
    ``[floor, max]`` — in its own utility (``observe="opponent"``, complete information) or in
    mine (``observe="own"``, NegMAS's naive zero-sum reading) — and I lower my target by the
    same fraction of my range (never below my floor; a worse offer counts as no concession).
    The first offer is my best outcome, or after a recorded history, my last recorded offer's
    utility is my starting target.
    """

    observe: Literal["opponent", "own"] = "opponent"
    acceptance: tuple[Acceptance, ...] = (AcceptNext(),)

    def __post_init__(self) -> None:
        if self.observe not in ("opponent", "own"):
            raise SimulationError(f"observe must be 'opponent' or 'own', got {self.observe!r}")
        object.__setattr__(self, "acceptance", _acceptance(self.acceptance, _RULES))


@dataclass(frozen=True)
class SubgamePerfect:
    """Backward induction on the finite game: offer the best outcome the opponent accepts,
    accept an offer worth at least the value of the subgame that rejecting it starts."""


Strategy = TimeDependent | Hardliner | TitForTat | SubgamePerfect


def _kind_exponent(table: dict[str, float], kind: str) -> float:
    if kind not in table:
        raise SimulationError(f"kind must be one of {sorted(table)}, got {kind!r}")
    return table[kind]


def negmas_time_based(kind: Kind) -> TimeDependent:
    """NegMAS 0.16's ``BoulwareTBNegotiator`` / ``LinearTBNegotiator`` /
    ``ConcederTBNegotiator``: ``e = 1/p``, accept at the target, NegMAS's ``eps`` and slack."""
    power = _kind_exponent(NEGMAS_EXPONENTS, kind)
    return TimeDependent(1.0 / power, (AcceptTarget(),), NEGMAS_EPS, NEGMAS_SLACK)


def boulware(e: float = GENIUS_EXPONENTS["boulware"]) -> TimeDependent:
    """A Boulware agent (GENIUS default ``e = 0.2``) with AC_next."""
    return TimeDependent(e)


def linear(e: float = GENIUS_EXPONENTS["linear"]) -> TimeDependent:
    """A linear concession agent (``e = 1``) with AC_next."""
    return TimeDependent(e)


def conceder(e: float = GENIUS_EXPONENTS["conceder"]) -> TimeDependent:
    """A Conceder agent (GENIUS default ``e = 2``) with AC_next."""
    return TimeDependent(e)
