"""A negotiation study: the static analysis of a scenario's or a GENIUS domain's negotiation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from burdenshare.costs.scenario import Scenario
from burdenshare.errors import InputError
from burdenshare.negotiation.analysis import BargainingAnalysis, SolutionPoint, analyze
from burdenshare.negotiation.genius import load_genius
from burdenshare.negotiation.issues import OutcomeSpace
from burdenshare.talks.grounded import GroundedPreferences, build_preferences
from burdenshare.talks.terms import TermsDomain, build_terms_domain

FloatArray = NDArray[np.float64]
POINTS = ("nash", "kalai_smorodinsky", "egalitarian", "max_welfare")


@dataclass(frozen=True, eq=False)
class NegotiationStudy:
    title: str
    space: OutcomeSpace
    parties: tuple[str, str]
    utilities: tuple[FloatArray, FloatArray]
    reservation: tuple[float, float]
    analysis: BargainingAnalysis
    domain: TermsDomain | None = None
    illustration: bool = False
    assumptions: tuple[str, ...] = ()  # money-equivalent valuations: figures marked assumption

    def point(self, name: str) -> SolutionPoint | None:
        point: SolutionPoint | None = getattr(self.analysis, name)
        return point

    def describe(self, index: int) -> dict[str, Any]:
        """An outcome as issue → value, its utilities, and (terms domains) its money."""
        out: dict[str, Any] = {
            "outcome": self.space.as_dict(self.space.outcome_at(index)),
            "utilities": {
                p: float(u[index]) for p, u in zip(self.parties, self.utilities, strict=True)
            },
        }
        if self.domain is not None:
            outcome = self.space.outcome_at(index)
            payments = self.domain.payments_of(outcome)
            out["first_year"] = payments[0]
            out["payments"] = list(payments)
            out["npv"] = round(float(self.domain.npv()[index]))
            out["currency"] = self.domain.currency.code
        return out

    def to_payload(self, with_pareto: bool = True) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "title": self.title,
            "parties": list(self.parties),
            "outcomes": self.space.size,
            "issues": list(self.space.names),
            "reservation": dict(zip(self.parties, self.reservation, strict=True)),
            "pareto_size": int(self.analysis.pareto.size),
            "zopa_size": self.analysis.zopa_size,
            "illustration": self.illustration,
            "points": {
                name: (self.describe(p.index) if (p := self.point(name)) else None)
                for name in POINTS
            },
        }
        if self.assumptions:
            payload["assumptions"] = list(self.assumptions)
        if with_pareto:
            payload["pareto"] = [self.describe(int(i)) for i in self.analysis.pareto]
        return payload


def study_scenario(scenario: Scenario) -> NegotiationStudy:
    """Analyse the ``negotiation:`` section of a scenario (money-grounded utilities)."""
    domain = build_terms_domain(scenario)
    spec = scenario.spec.negotiation
    assert spec is not None
    prefs = []
    for party, pays in ((spec.host, True), (spec.sending_state, False)):
        if party not in spec.preferences:
            raise InputError(
                scenario.path, "negotiation.preferences", f"no preferences for {party!r}"
            )
        prefs.append(build_preferences(domain, party, spec.preferences[party], pays))
    return _study(scenario.title, domain.space, prefs, domain)


def _study(
    title: str, space: OutcomeSpace, prefs: Sequence[GroundedPreferences], domain: TermsDomain
) -> NegotiationStudy:
    u1, u2 = (p.utilities(domain) for p in prefs)
    r1, r2 = (p.reservation_value for p in prefs)
    return NegotiationStudy(
        title,
        space,
        (prefs[0].party, prefs[1].party),
        (u1, u2),
        (r1, r2),
        analyze(u1, u2, r1, r2),
        domain,
        any(p.illustration for p in prefs),
        tuple(dict.fromkeys(a for p in prefs if p.model for a in p.model.assumptions)),
    )


def study_genius(domain: Path, profiles: Sequence[Path]) -> NegotiationStudy:
    """Analyse a GENIUS domain with two profiles (utilities as GENIUS normalizes them)."""
    if len(profiles) != 2:
        raise InputError("--genius", "profiles", f"need two profiles, got {len(profiles)}")
    space, prefs = load_genius(domain, profiles)
    u1, u2 = (p.utilities(space) for p in prefs)
    r1, r2 = (p.reservation_value for p in prefs)
    names = (Path(profiles[0]).stem, Path(profiles[1]).stem)
    return NegotiationStudy(
        Path(domain).stem, space, names, (u1, u2), (r1, r2), analyze(u1, u2, r1, r2)
    )
