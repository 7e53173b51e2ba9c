"""Analyse a tracked negotiation with the engine: the caller's delegation's own private
profiles, the negotiation's recorded offers, and the scenario's terms domain.

The engine (:mod:`burdenshare.negotiation`) does all the work: money-grounded utilities, the
Pareto set, the zone of agreement and the solution points. This module only gathers the
records, checks they fit the scenario's outcome space, and places each recorded offer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from burdenshare.costs.scenario import load_scenario
from burdenshare.data.schemas import PartyPreferences
from burdenshare.errors import InputError
from burdenshare.negotiation.analysis import analyze, concessions, distances_to_frontier
from burdenshare.negotiation.grounded import GroundedPreferences, build_preferences
from burdenshare.negotiation.study import NegotiationStudy
from burdenshare.negotiation.terms import TermsDomain, build_terms_domain
from burdenshare.store.access import Principal
from burdenshare.store.errors import Conflict
from burdenshare.store.models import Issue, Negotiation, Offer, Profile, Round
from burdenshare.store.records import Records


@lru_cache(maxsize=8)
def terms_domain(scenario: str) -> TermsDomain:
    """The (immutable) terms domain of a bundled scenario, built once per process."""
    return build_terms_domain(load_scenario(scenario))


def _parties(negotiation: Negotiation) -> tuple[str, str]:
    roles = {p.role: p.delegation for p in negotiation.participants}
    return roles["host"], roles["sending_state"]


def _check_issues(session: Session, negotiation: Negotiation, domain: TermsDomain) -> None:
    query = select(Issue).where(Issue.negotiation_id == negotiation.id)
    tracked = {i.key: set(i.values) for i in session.scalars(query)}
    engine = {i.name: set(i.values) for i in domain.space.issues}
    if tracked != engine:
        raise Conflict(
            f"the negotiation's issues do not match scenario {negotiation.scenario!r}'s terms "
            f"domain ({ {k: sorted(map(str, v)) for k, v in engine.items()} })"
        )


def _preferences(
    session: Session, principal: Principal, negotiation: Negotiation, domain: TermsDomain
) -> tuple[list[Profile], list[GroundedPreferences]]:
    query = select(Profile).where(
        Profile.negotiation_id == negotiation.id, Profile.owner == principal.delegation
    )
    owned = {p.party: p for p in session.scalars(query)}
    host, _ = _parties(negotiation)
    profiles, prefs = [], []
    for party in _parties(negotiation):
        profile = owned.get(party)
        if profile is None:
            raise Conflict(
                f"your delegation has no profile of {party}: record one (your own, or your "
                "estimate of the other party's) to analyse"
            )
        spec = PartyPreferences.model_validate(profile.preferences)
        try:
            prefs.append(build_preferences(domain, party, spec, pays=party == host))
        except InputError as exc:
            raise Conflict(f"profile {profile.id} ({party}): {exc.field}: {exc.problem}") from None
        profiles.append(profile)
    return profiles, prefs


def _offers(session: Session, study: NegotiationStudy, negotiation_id: int) -> list[Any]:
    query = (
        select(Offer, Round.number)
        .join(Round, Offer.round_id == Round.id)
        .where(Offer.negotiation_id == negotiation_id)
        .order_by(Round.number, Offer.id)
    )
    rows = list(session.execute(query))
    space = study.space
    indices = [space.index_of(tuple(o.terms[n] for n in space.names)) for o, _ in rows]
    pareto = set(study.analysis.pareto.tolist())
    distances = distances_to_frontier(*study.utilities, indices, study.analysis.pareto)
    out = []
    for (offer, number), index, distance in zip(rows, indices, distances, strict=True):
        utilities = [float(u[index]) for u in study.utilities]
        gave = concessions(*study.utilities, index)
        out.append(
            {
                "offer_id": offer.id,
                "round_id": offer.round_id,
                "round_number": number,
                "party": offer.party,
                "label": offer.label,
                "terms": offer.terms,
                "outcome_index": index,
                "utilities": dict(zip(study.parties, utilities, strict=True)),
                "on_pareto": index in pareto,
                "in_zopa": all(u >= r for u, r in zip(utilities, study.reservation, strict=True)),
                "distance_to_pareto": float(distance),
                "concessions": dict(zip(study.parties, gave, strict=True)),
            }
        )
    return out


def negotiation_study(
    session: Session, principal: Principal, negotiation_id: int
) -> tuple[Negotiation, NegotiationStudy, list[Profile]]:
    """The negotiation (as the principal may read it) and the study of its delegation's own
    profiles over the scenario's terms domain, and those profiles."""
    negotiation = Records(session, principal).negotiation(negotiation_id)
    if negotiation.scenario is None:
        raise Conflict("the negotiation names no scenario: its terms domain is unknown")
    domain = terms_domain(negotiation.scenario)
    _check_issues(session, negotiation, domain)
    profiles, prefs = _preferences(session, principal, negotiation, domain)
    u1, u2 = (p.utilities(domain) for p in prefs)
    r1, r2 = (p.reservation_value for p in prefs)
    illustration = any(p.illustration for p in profiles) or any(p.illustration for p in prefs)
    study = NegotiationStudy(
        negotiation.title,
        domain.space,
        _parties(negotiation),
        (u1, u2),
        (r1, r2),
        analyze(u1, u2, r1, r2),
        domain,
        illustration,
    )
    return negotiation, study, profiles


def recorded_offers(session: Session, study: NegotiationStudy, negotiation_id: int) -> list[Any]:
    """The negotiation's offers placed in the study (round, party, utilities, distances)."""
    return _offers(session, study, negotiation_id)


def analyse(
    session: Session, principal: Principal, negotiation_id: int, with_outcomes: bool = False
) -> dict[str, Any]:
    """The bargaining analysis of a negotiation from the principal's delegation's own profiles."""
    negotiation, study, profiles = negotiation_study(session, principal, negotiation_id)
    payload = study.to_payload(with_pareto=True)
    payload.update(
        negotiation_id=negotiation.id,
        scenario=negotiation.scenario,
        delegation=principal.delegation,
        profiles=[
            {"id": p.id, "party": p.party, "label": p.label, "illustration": p.illustration}
            for p in profiles
        ],
        offers=_offers(session, study, negotiation.id),
        outcome_utilities=(
            {party: u.tolist() for party, u in zip(study.parties, study.utilities, strict=True)}
            if with_outcomes
            else None
        ),
    )
    return payload
