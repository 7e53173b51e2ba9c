"""The analysis of a tracked negotiation from plain values: one delegation's own profiles of
both parties, the negotiation's issues and its recorded offers, over a scenario's terms domain.

The store (:mod:`burdenshare.store.analysis`) reads the records and calls these pure
functions; the engine (:mod:`burdenshare.negotiation`) does the bargaining analysis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from burdenshare.costs.scenario import load_scenario
from burdenshare.data.schemas import PartyPreferences
from burdenshare.errors import InputError
from burdenshare.negotiation.analysis import analyze, concessions, distances_to_frontier
from burdenshare.negotiation.issues import IssueError
from burdenshare.talks.grounded import GroundedPreferences, build_preferences
from burdenshare.talks.study import NegotiationStudy
from burdenshare.talks.terms import TermsDomain, build_terms_domain


class TrackedError(ValueError):
    """The records do not fit the scenario's terms domain (the store answers 409)."""


@dataclass(frozen=True)
class ProfileSpec:
    """One recorded profile: whose it is, its preferences, and whether it is an illustration."""

    id: int
    party: str
    preferences: Mapping[str, Any]
    illustration: bool = False


@dataclass(frozen=True)
class RecordedOffer:
    """One recorded offer, with the number of the round it was made in."""

    offer_id: int
    round_id: int
    round_number: int
    party: str
    label: str | None
    terms: Mapping[str, Any]


@lru_cache(maxsize=8)
def terms_domain(scenario: str) -> TermsDomain:
    """The (immutable) terms domain of a bundled scenario, built once per process."""
    return build_terms_domain(load_scenario(scenario))


def check_issues(scenario: str, tracked: Mapping[str, set[Any]], domain: TermsDomain) -> None:
    """Refuse a negotiation whose issues are not the scenario's terms domain's."""
    engine = {i.name: set(i.values) for i in domain.space.issues}
    if dict(tracked) != engine:
        raise TrackedError(
            f"the negotiation's issues do not match scenario {scenario!r}'s terms "
            f"domain ({ {k: sorted(map(str, v)) for k, v in engine.items()} })"
        )


def grounded_preferences(
    domain: TermsDomain, parties: tuple[str, str], owned: Mapping[str, ProfileSpec]
) -> list[GroundedPreferences]:
    """Both parties' money-grounded preferences from one delegation's own profiles."""
    host = parties[0]
    prefs = []
    for party in parties:
        profile = owned.get(party)
        if profile is None:
            raise TrackedError(
                f"your delegation has no profile of {party}: record one (your own, or your "
                "estimate of the other party's) to analyse"
            )
        try:  # a profile an older version stored unchecked (a NaN weight) is refused here
            spec = PartyPreferences.model_validate(dict(profile.preferences))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(map(str, first["loc"]))
            raise TrackedError(
                f"profile {profile.id} ({party}) is invalid (stored before validation): "
                f"{where}: {first['msg']}"
            ) from None
        try:
            prefs.append(build_preferences(domain, party, spec, pays=party == host))
        except InputError as exc:
            raise TrackedError(
                f"profile {profile.id} ({party}): {exc.field}: {exc.problem}"
            ) from None
    return prefs


def tracked_study(
    title: str,
    scenario: str,
    parties: tuple[str, str],
    issues: Mapping[str, set[Any]],
    owned: Mapping[str, ProfileSpec],
) -> NegotiationStudy:
    """The study of a tracked negotiation from one delegation's profiles (host first)."""
    domain = terms_domain(scenario)
    check_issues(scenario, issues, domain)
    prefs = grounded_preferences(domain, parties, owned)
    u1, u2 = (p.utilities(domain) for p in prefs)
    r1, r2 = (p.reservation_value for p in prefs)
    illustration = any(owned[p].illustration for p in parties) or any(p.illustration for p in prefs)
    return NegotiationStudy(
        title,
        domain.space,
        parties,
        (u1, u2),
        (r1, r2),
        analyze(u1, u2, r1, r2),
        domain,
        illustration,
    )


def off_grid(study: NegotiationStudy, terms: Mapping[str, Any]) -> str | None:
    """Why an offer's terms are not an outcome of the analysed grid, or None when they are."""
    for issue in study.space.issues:
        value = terms.get(issue.name)
        try:
            issue.position(value)
        except IssueError:
            return (
                f"off the analysed grid: {issue.name} = {value} is not one of the "
                f"scenario's steps {list(issue.values)}, so it has no utilities"
            )
    return None


def _recorded(offer: RecordedOffer) -> dict[str, Any]:
    """What every placed or unplaced offer reports of its record."""
    return {
        "offer_id": offer.offer_id,
        "round_id": offer.round_id,
        "round_number": offer.round_number,
        "party": offer.party,
        "label": offer.label,
        "terms": offer.terms,
    }


def unplaced_offers(
    study: NegotiationStudy, offers: Sequence[RecordedOffer]
) -> list[dict[str, Any]]:
    """The recorded offers the study cannot place (off its grid), each with the reason."""
    out = []
    for offer in offers:
        reason = off_grid(study, offer.terms)
        if reason is not None:
            out.append({**_recorded(offer), "reason": reason})
    return out


def place_offers(study: NegotiationStudy, offers: Sequence[RecordedOffer]) -> list[dict[str, Any]]:
    """Each recorded offer on the study's grid placed in it: utilities, Pareto, zone, distance,
    concessions (offers off the grid are left to :func:`unplaced_offers`)."""
    space = study.space
    offers = [o for o in offers if off_grid(study, o.terms) is None]
    indices = [space.index_of(tuple(o.terms[n] for n in space.names)) for o in offers]
    pareto = set(study.analysis.pareto.tolist())
    distances = distances_to_frontier(*study.utilities, indices, study.analysis.pareto)
    out = []
    for offer, index, distance in zip(offers, indices, distances, strict=True):
        utilities = [float(u[index]) for u in study.utilities]
        gave = concessions(*study.utilities, index)
        out.append(
            {
                **_recorded(offer),
                "outcome_index": index,
                "utilities": dict(zip(study.parties, utilities, strict=True)),
                "on_pareto": index in pareto,
                "in_zopa": all(u >= r for u, r in zip(utilities, study.reservation, strict=True)),
                "distance_to_pareto": float(distance),
                "concessions": dict(zip(study.parties, gave, strict=True)),
            }
        )
    return out
