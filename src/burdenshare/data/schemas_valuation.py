"""File schemas of money-equivalent valuation (issue 16): each party values an outcome in
money, maps money to utility over a fixed scale by a stated risk attitude, and builds its
no-deal option from named parts. Every real-world figure cites a public page (a URL) or is
marked ``assumption: true``; outputs list the assumptions they use.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

import burdenshare.limits as limits

# The limits table (burdenshare/limits.py), as in schemas.py (which imports this module).
Number = Annotated[Decimal, AfterValidator(limits.check_decimal)]
Day = Annotated[dt.date, AfterValidator(limits.check_date)]
Probability = Annotated[Number, Field(ge=0, le=1)]
Major = Annotated[Number, Field(ge=-(10**15), le=10**15)]  # money, major units (bounded)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Strict):
    """A figure with its public source (``reference``: a URL) or marked as an assumption."""

    reference: str = ""
    assumption: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _sourced(self) -> Sourced:
        urls = [r.strip() for r in self.reference.split(";") if r.strip()]
        if not self.assumption and (not urls or not all(u.startswith("http") for u in urls)):
            raise ValueError("give 'reference' (a public URL) or mark it 'assumption: true'")
        return self


class MoneyScale(Sourced):
    """The fixed money range (major units) mapped onto utility 0 … 1: it does not depend on the
    enumerated outcomes, so adding outcomes never moves another outcome's utility."""

    low: Major
    high: Major

    @model_validator(mode="after")
    def _ordered(self) -> MoneyScale:
        if self.high <= self.low:
            raise ValueError(f"high ({self.high}) must be above low ({self.low})")
        return self


class RiskAttitude(Sourced):
    """``linear`` (risk neutral) or ``cara``: u = (1 − e^(−a·x)) / (1 − e^(−a)), x on the scale."""

    type: Literal["linear", "cara"] = "linear"
    coefficient: Annotated[Number, Field(ge=-50, le=50)] = Decimal(0)

    @model_validator(mode="after")
    def _coefficient(self) -> RiskAttitude:
        if self.type == "cara" and self.coefficient == 0:
            raise ValueError("a cara attitude needs a non-zero coefficient")
        return self


class Equivalent(Sourced):
    """Money (major units, present value over the horizon) of each level of a non-money issue."""

    values: dict[str | int | bool | Number, Major]


class Continuation(Sourced):
    """What happens at expiry: the next agreement steps the last year's amount up by
    ``step_up`` % for every later year of the horizon, and its talks lapse with probability
    ``lapse_probability`` at a cost of ``lapse_cost`` (major units) to this party."""

    step_up: Annotated[Number, Field(ge=-100, le=1000)] = Decimal(0)
    lapse_probability: Probability = Decimal(0)
    lapse_cost: Annotated[Number, Field(ge=0, le=10**15)] = Decimal(0)


class NoDealPart(Sourced):
    """One part of the no-deal option: money to this party (negative: a loss), either
    ``value`` (present value) or ``annual`` (each year of the horizon, discounted), times
    ``probability`` (the credibility of a threat; 1 for a certainty)."""

    name: str = Field(min_length=1)
    value: Major | None = None
    annual: Major | None = None
    probability: Probability = Decimal(1)

    @model_validator(mode="after")
    def _one_form(self) -> NoDealPart:
        if (self.value is None) == (self.annual is None):
            raise ValueError("give either 'value' or 'annual'")
        return self


class Valuation(_Strict):
    """A party's money-equivalent valuation of the outcomes and of no deal."""

    scale: MoneyScale
    risk: RiskAttitude = RiskAttitude(assumption=True)
    equivalents: dict[str, Equivalent] = {}
    continuation: Continuation | None = None
    no_deal: tuple[NoDealPart, ...] = ()
    lapse_until: Day | None = None  # the lapse simulator's cost of a lapse until then
    workers_weight: Annotated[Number, Field(ge=0, le=1)] = Decimal(0)


class StrategicAssets(Sourced):
    """The money category strategic-asset support adds: ``annual`` (major units) paid by the
    host each year of the agreement when the ``strategic_assets`` issue is "yes"."""

    annual: Annotated[Number, Field(ge=0, le=10**15)]


class PartyUncertainty(_Strict):
    """The analyst's uncertainty about one party: each money equivalent (and the continuation
    and no-deal parts) scaled by a factor uniform in 1 ± ``equivalents``, and the no-deal money
    shifted by a uniform amount in [``reservation_low``, ``reservation_high``] (major units)."""

    equivalents: Annotated[Number, Field(ge=0, le=1)] = Decimal(0)
    reservation_low: Major = Decimal(0)
    reservation_high: Major = Decimal(0)

    @model_validator(mode="after")
    def _ordered(self) -> PartyUncertainty:
        if self.reservation_high < self.reservation_low:
            raise ValueError("reservation_high is below reservation_low")
        return self


class OpponentModelSpec(_Strict):
    """Learning opponents (talks/learning.py): each side's model of the other — ``frequency``
    (``method``) or ``bayesian`` (a posterior over ``hypotheses`` draws of the scenario's own
    uncertainty; likelihood width ``sigma``, an assumption) — learnt from the recorded and
    simulated offers, and its bidding window (outcomes at or above its target among which it
    offers the one it believes best for the other side)."""

    type: Literal["frequency", "bayesian"] = "frequency"
    method: Literal["hardheaded", "concentration"] = "concentration"
    window: Annotated[int, Field(ge=1, le=1000)] = 8
    hypotheses: Annotated[int, Field(ge=1, le=1000)] = 32
    sigma: Annotated[Number, Field(gt=0, le=10)] = Decimal("0.1")


class TalksLength(Sourced):
    """How long the talks may still run from the replay date (days, uniform per run)."""

    low_days: Annotated[int, Field(ge=1, le=36_500)]
    high_days: Annotated[int, Field(ge=1, le=36_500)]

    @model_validator(mode="after")
    def _ordered(self) -> TalksLength:
        if self.high_days < self.low_days:
            raise ValueError("high_days is below low_days")
        return self


class Round(_Strict):
    """A recorded round of talks: when, where, and the public source."""

    number: int = Field(ge=1)
    start: Day | None = None
    end: Day | None = None
    month: str = ""  # when only the month is known, e.g. "2018-07"
    venue: str = ""
    reference: str = ""
    note: str = ""


class Backtest(_Strict):
    """The real outcome of a negotiation, for replaying it from what was known at a date."""

    case: str = Field(min_length=1)
    outcome: dict[str, str | int | bool | Number]
    agreed_on: Day
    agreed_reference: str = Field(min_length=1)
    rounds: tuple[Round, ...] = ()
    as_of: Day | None = None  # default: the last recorded round before agreement
    out_of_sample: bool = False
    note: str = ""
