"""Negotiation simulation: alternating offers to a deadline, strategies as data, batches.

Pure NumPy. :func:`simulate` runs a :class:`BatchSpec` — ``N`` negotiations of one
:class:`Protocol` between two strategies, over utility arrays shared or per negotiation — and
returns a :class:`BatchResult`; :func:`simulate_many` draws the specs chunk by chunk from a
factory (Monte Carlo); :func:`trace` replays one negotiation offer by offer. See
docs/simulation.md for the protocol, the strategies and their mapping to NegMAS and GENIUS.
"""

from burdenshare.negotiation.simulation.batch import BatchResult, BatchSpec, Trace, UtilitySource
from burdenshare.negotiation.simulation.engine import simulate, simulate_many, trace
from burdenshare.negotiation.simulation.mediated import MediatedResult, simulate_mediated
from burdenshare.negotiation.simulation.multilateral import MultilateralResult, simulate_saop
from burdenshare.negotiation.simulation.protocol import Clock, Protocol, SimulationError
from burdenshare.negotiation.simulation.ranking import Ranking, Ties, prepare
from burdenshare.negotiation.simulation.strategies import (
    GENIUS_EXPONENTS,
    NEGMAS_EPS,
    NEGMAS_EXPONENTS,
    NEGMAS_SLACK,
    AcceptAbove,
    Acceptance,
    AcceptNext,
    AcceptReservation,
    AcceptTarget,
    Hardliner,
    Strategy,
    SubgamePerfect,
    TimeDependent,
    TitForTat,
    boulware,
    conceder,
    linear,
    negmas_time_based,
)

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
    "BatchResult",
    "BatchSpec",
    "Clock",
    "Hardliner",
    "MediatedResult",
    "MultilateralResult",
    "Protocol",
    "Ranking",
    "SimulationError",
    "Strategy",
    "SubgamePerfect",
    "Ties",
    "TimeDependent",
    "TitForTat",
    "Trace",
    "UtilitySource",
    "boulware",
    "conceder",
    "linear",
    "negmas_time_based",
    "prepare",
    "simulate",
    "simulate_many",
    "simulate_mediated",
    "simulate_saop",
    "trace",
]
