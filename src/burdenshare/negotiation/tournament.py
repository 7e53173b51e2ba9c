"""Tournaments: agents × domains × repetitions of bilateral sessions, scored and ranked.

Every ordered pair of distinct agents meets on every domain in both roles (agent ``a`` with
profile 0 against agent ``b`` with profile 1, and the reverse), ``repetitions`` times. A
*match* is one such session; match ``m`` draws its agents' seeds from
``numpy.random.SeedSequence([seed, m])``, so each match depends only on the tournament seed and
its own number, never on where or in which order matches run: the results are identical
(to the last digit) in-process and on a Dask cluster.

Scores per match: each agent's utility (the discounted agreement, or its reservation value),
welfare (their sum), agreement, the Euclidean distance in utility space from the result to the
nearest Pareto outcome and to the Nash point (both computed once per domain on the undiscounted
utilities with the reservation values as disagreement point). Per agent, the ranking averages
its utility over all its matches (both roles), then welfare, distances and agreement rate; it
is sorted by mean utility, descending (ties: name).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from burdenshare.negotiation.agents import AgentContext, make_agent, run_session
from burdenshare.negotiation.analysis import nash_point, pareto_indices
from burdenshare.negotiation.issues import OutcomeSpace
from burdenshare.negotiation.preferences import LinearAdditivePreferences

__all__ = [
    "Match",
    "MatchResult",
    "Standing",
    "TournamentDomain",
    "matches",
    "prepare_domain",
    "ranking",
    "run_match",
    "run_tournament",
    "serial",
]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class TournamentDomain:
    """A domain prepared once: both parties' utilities, reservation values and discounts, the
    outcomes' value positions, and the Pareto frontier's and Nash point's utilities."""

    name: str
    shape: tuple[int, ...]
    positions: IndexArray
    utilities: tuple[FloatArray, FloatArray]
    reservations: tuple[float, float]
    discounts: tuple[float, float]
    frontier: FloatArray  # (k, 2) Pareto utility pairs
    nash: tuple[float, float]


def prepare_domain(
    name: str, space: OutcomeSpace, parties: Sequence[LinearAdditivePreferences]
) -> TournamentDomain:
    """Utilities, frontier and Nash point of a two-party domain (the first two profiles)."""
    first, second = parties[0], parties[1]
    u1, u2 = first.utilities(space), second.utilities(space)
    r1, r2 = first.reservation_value, second.reservation_value
    pareto = pareto_indices(u1, u2)
    nash = nash_point(u1, u2, r1, r2, pareto)
    nash_utilities = nash.utilities if nash is not None else (r1, r2)
    return TournamentDomain(
        name,
        space.shape,
        space.index_array(),
        (u1, u2),
        (r1, r2),
        (first.discount_factor, second.discount_factor),
        np.stack([u1[pareto], u2[pareto]], axis=1),
        nash_utilities,
    )


@dataclass(frozen=True)
class Match:
    """Match ``number``: ``agents[p]`` plays profile ``p`` of domain ``domain``."""

    number: int
    domain: int
    agents: tuple[str, str]
    repetition: int


@dataclass(frozen=True)
class MatchResult:
    """One match's outcome and scores."""

    match: Match
    domain: str
    agreement: int
    round: int
    utilities: tuple[float, float]
    welfare: float
    pareto_distance: float
    nash_distance: float

    @property
    def agreed(self) -> bool:
        return self.agreement >= 0

    def record(self) -> dict[str, object]:
        """A flat record (floats as they are; writers use ``repr``)."""
        return {
            "match": self.match.number,
            "domain": self.domain,
            "repetition": self.match.repetition,
            "agent_0": self.match.agents[0],
            "agent_1": self.match.agents[1],
            "agreed": self.agreed,
            "agreement": self.agreement,
            "round": self.round,
            "utility_0": self.utilities[0],
            "utility_1": self.utilities[1],
            "welfare": self.welfare,
            "pareto_distance": self.pareto_distance,
            "nash_distance": self.nash_distance,
        }


def matches(agents: Sequence[str], domains: int, repetitions: int) -> list[Match]:
    """Every match, numbered: domain, then repetition, then ordered agent pair."""
    pairs = [(a, b) for a in agents for b in agents if a != b]
    listed: list[Match] = []
    for domain in range(domains):
        for repetition in range(repetitions):
            for pair in pairs:
                listed.append(Match(len(listed), domain, pair, repetition))
    return listed


def _seeds(seed: int, number: int) -> tuple[int, int]:
    state = np.random.SeedSequence([seed, number]).generate_state(2)
    return int(state[0]), int(state[1])


def run_match(
    match: Match, domains: Sequence[TournamentDomain], rounds: int, seed: int
) -> MatchResult:
    """Play one match (pure: the same arguments give the same result anywhere)."""
    domain = domains[match.domain]
    seeds = _seeds(seed, match.number)
    agents = tuple(
        make_agent(
            match.agents[p],
            AgentContext(
                domain.utilities[p],
                domain.reservations[p],
                domain.positions,
                domain.shape,
                rounds,
                seeds[p],
            ),
        )
        for p in (0, 1)
    )
    session = run_session(
        (agents[0], agents[1]), domain.utilities, domain.reservations, domain.discounts, rounds
    )
    point = np.array(session.utilities)
    pareto = float(np.sqrt(((domain.frontier - point) ** 2).sum(axis=1)).min())
    nash = math.hypot(point[0] - domain.nash[0], point[1] - domain.nash[1])
    return MatchResult(
        match,
        domain.name,
        session.agreement,
        session.round,
        session.utilities,
        session.utilities[0] + session.utilities[1],
        pareto,
        nash,
    )


Mapper = Callable[[Sequence[Match], Sequence[TournamentDomain], int, int], Iterable[MatchResult]]
"""Plays ``run_match(match, domains, rounds, seed)`` for every match, anywhere, in any order."""


def serial(
    listed: Sequence[Match], domains: Sequence[TournamentDomain], rounds: int, seed: int
) -> Iterator[MatchResult]:
    """The default mapper: here, one match after another."""
    return (run_match(match, domains, rounds, seed) for match in listed)


def run_tournament(
    agents: Sequence[str],
    domains: Sequence[TournamentDomain],
    repetitions: int,
    rounds: int,
    seed: int,
    mapper: Mapper = serial,
) -> list[MatchResult]:
    """Every match, played by ``mapper``, sorted by match number."""
    listed = matches(agents, len(domains), repetitions)
    results = list(mapper(listed, domains, rounds, seed))
    return sorted(results, key=lambda result: result.match.number)


@dataclass(frozen=True)
class Standing:
    """One agent's averages over all its matches (both roles)."""

    agent: str
    matches: int
    utility: float
    welfare: float
    pareto_distance: float
    nash_distance: float
    agreement_rate: float


def ranking(results: Sequence[MatchResult]) -> list[Standing]:
    """Per agent, averages over its matches; sorted by mean utility (desc), then name."""
    rows: dict[str, list[tuple[float, float, float, float, float]]] = {}
    for result in results:
        for side in (0, 1):
            rows.setdefault(result.match.agents[side], []).append(
                (
                    result.utilities[side],
                    result.welfare,
                    result.pareto_distance,
                    result.nash_distance,
                    1.0 if result.agreed else 0.0,
                )
            )
    standings = []
    for agent, values in rows.items():
        columns = list(zip(*values, strict=True))
        means = [math.fsum(column) / len(values) for column in columns]
        standings.append(Standing(agent, len(values), *means))
    return sorted(standings, key=lambda s: (-s.utility, s.agent))
