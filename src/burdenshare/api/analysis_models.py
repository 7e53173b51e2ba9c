"""Response models of the analysis endpoint (the engine's study, and each recorded offer)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Described(BaseModel):
    outcome: dict[str, Any]
    utilities: dict[str, float]
    first_year: int | None = None
    payments: list[int] | None = None
    npv: int | None = None
    currency: str | None = None


class Points(BaseModel):
    nash: Described | None
    kalai_smorodinsky: Described | None
    egalitarian: Described | None
    max_welfare: Described | None


class ProfileUsed(BaseModel):
    id: int
    party: str
    label: str
    illustration: bool


class RecordedOffer(BaseModel):
    """What the analysis says of every recorded offer, placed or not."""

    offer_id: int
    round_id: int
    round_number: int
    party: str
    label: str
    terms: dict[str, Any]


class PlacedOffer(RecordedOffer):
    outcome_index: int
    utilities: dict[str, float]
    on_pareto: bool
    in_zopa: bool
    distance_to_pareto: float
    concessions: dict[str, float]


class UnplacedOffer(RecordedOffer):
    reason: str = Field(description="Why the analysis cannot place it (off the analysed grid).")


class Analysis(BaseModel):
    negotiation_id: int
    scenario: str
    delegation: str | None
    title: str
    parties: list[str]
    outcomes: int
    issues: list[str]
    reservation: dict[str, float]
    pareto_size: int
    zopa_size: int
    illustration: bool
    profiles: list[ProfileUsed]
    points: Points
    pareto: list[Described]
    offers: list[PlacedOffer]
    unplaced: list[UnplacedOffer] = Field(
        default=[], description="Recorded offers off the scenario's analysed grid."
    )
    outcome_utilities: dict[str, list[float]] | None
