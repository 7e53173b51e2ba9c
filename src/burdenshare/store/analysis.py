"""Read a tracked negotiation's records for its analysis: the caller's delegation's own
private profiles, the negotiation's issues and its recorded offers.

The application (:mod:`burdenshare.talks.tracked`) does the analysis on plain values; this
module only reads the records the principal may read and turns its refusals into 409s.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from burdenshare.store.access import Principal
from burdenshare.store.errors import Conflict
from burdenshare.store.models import Issue, Negotiation, Offer, Profile, Round
from burdenshare.store.records import Records
from burdenshare.talks.study import NegotiationStudy
from burdenshare.talks.tracked import (
    ProfileSpec,
    RecordedOffer,
    TrackedError,
    place_offers,
    tracked_study,
    unplaced_offers,
)


def _parties(negotiation: Negotiation) -> tuple[str, str]:
    roles = {p.role: p.delegation for p in negotiation.participants}
    return roles["host"], roles["sending_state"]


def _owned_profiles(
    session: Session, principal: Principal, negotiation: Negotiation
) -> dict[str, Profile]:
    query = select(Profile).where(
        Profile.negotiation_id == negotiation.id, Profile.owner == principal.delegation
    )
    return {p.party: p for p in session.scalars(query)}


def negotiation_study(
    session: Session, principal: Principal, negotiation_id: int
) -> tuple[Negotiation, NegotiationStudy, list[Profile]]:
    """The negotiation (as the principal may read it) and the study of its delegation's own
    profiles over the scenario's terms domain, and those profiles."""
    negotiation = Records(session, principal).negotiation(negotiation_id)
    if negotiation.scenario is None:
        raise Conflict("the negotiation names no scenario: its terms domain is unknown")
    issues = {
        i.key: set(i.values)
        for i in session.scalars(select(Issue).where(Issue.negotiation_id == negotiation.id))
    }
    owned = _owned_profiles(session, principal, negotiation)
    specs = {
        party: ProfileSpec(p.id, p.party, p.preferences, p.illustration)
        for party, p in owned.items()
    }
    parties = _parties(negotiation)
    try:
        study = tracked_study(negotiation.title, negotiation.scenario, parties, issues, specs)
    except TrackedError as exc:
        raise Conflict(str(exc)) from None
    return negotiation, study, [owned[p] for p in parties]


def _recorded(session: Session, negotiation_id: int) -> list[RecordedOffer]:
    query = (
        select(Offer, Round.number)
        .join(Round, Offer.round_id == Round.id)
        .where(Offer.negotiation_id == negotiation_id)
        .order_by(Round.number, Offer.id)
    )
    return [
        RecordedOffer(o.id, o.round_id, number, o.party, o.label, o.terms)
        for o, number in session.execute(query)
    ]


def recorded_offers(
    session: Session, study: NegotiationStudy, negotiation_id: int
) -> list[dict[str, Any]]:
    """The negotiation's offers placed in the study (round, party, utilities, distances)."""
    return place_offers(study, _recorded(session, negotiation_id))


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
        offers=recorded_offers(session, study, negotiation.id),
        unplaced=unplaced_offers(study, _recorded(session, negotiation.id)),
        outcome_utilities=(
            {party: u.tolist() for party, u in zip(study.parties, study.utilities, strict=True)}
            if with_outcomes
            else None
        ),
    )
    return payload
