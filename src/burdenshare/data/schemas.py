"""Pydantic schemas of the bundled and user-written YAML files (strict: unknown keys are errors).

These validate *shape* (types, signs, dates in order, shares adding to 100); the cost engine
turns them into domain values and checks what needs the series bank (e.g. unknown series).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

import burdenshare.limits as limits
from burdenshare.data.schemas_valuation import (
    Backtest,
    OpponentModelSpec,
    PartyUncertainty,
    StrategicAssets,
    TalksLength,
    Valuation,
)

# Every number, year and date of a file passes the limits table first (burdenshare/limits.py):
# finite, at most 10**18 in magnitude, at most 12 decimal places, years 1900…2200; amounts
# (NonNegative) at most 10**15 major units.
Number = Annotated[Decimal, AfterValidator(limits.check_decimal)]
Day = Annotated[dt.date, AfterValidator(limits.check_date)]
Year = Annotated[int, AfterValidator(limits.check_year)]
People = Annotated[int, Field(ge=0, le=limits.MAX_PEOPLE)]
Percent = Annotated[Number, Field(ge=limits.MIN_RATE)]  # a change: never below -100%
NonNegative = Annotated[Number, Field(ge=0, le=limits.MAX_AMOUNT)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SeriesValue(Strict):
    value: Number
    reference: str = Field(min_length=1)
    flags: tuple[Literal["derived", "uncertain", "secondary", "assumption"], ...] = ()
    note: str = ""


class SeriesFile(Strict):
    name: str
    description: str
    unit: str
    values: dict[Day, SeriesValue]


class Amount(Strict):
    """An amount in major units (won, dollars, yen), exact to the currency's smallest unit."""

    value: NonNegative
    currency: str | None = None
    reference: str = ""


class Relative(Strict):
    """A percentage of a reference year's amount (default: the scenario's reference)."""

    percent: Annotated[NonNegative, Field(le=limits.MAX_PERCENT)]
    agreement: str | None = None
    year: Year | None = None


class RuleSpec(Strict):
    type: Literal["freeze", "fixed", "indexed", "explicit", "unstated"]
    rate: Percent | None = None
    series: str | None = None
    lag: Annotated[int, Field(ge=0, le=10)] = 0
    cap: Percent | None = None
    floor: Percent | None = None
    plus: Percent = Decimal(0)
    amounts: dict[Year, NonNegative] | None = None
    text: str = ""
    reference: str = ""

    @model_validator(mode="after")
    def _fields_match_type(self) -> RuleSpec:
        needs = {
            "fixed": ("rate",),
            "indexed": ("series",),
            "explicit": ("amounts",),
            "unstated": ("text",),
        }
        for name in needs.get(self.type, ()):
            if getattr(self, name) in (None, "", {}):
                raise ValueError(f"a {self.type} rule needs '{name}'")
        if self.cap is not None and self.floor is not None and self.cap < self.floor:
            raise ValueError(f"cap ({self.cap}%) is below floor ({self.floor}%)")
        return self


class Rounding(Strict):
    unit: Annotated[Number, Field(gt=0)] = Decimal(1)  # in major units, e.g. 100000000 won
    mode: Literal["half_up", "half_even", "down", "up"] = "half_up"


class Sectors(Strict):
    shares: dict[str, NonNegative] | None = None
    amounts: dict[str, NonNegative] | None = None
    year: Year | None = None
    reference: str = ""

    @model_validator(mode="after")
    def _one_basis(self) -> Sectors:
        if (self.shares is None) == (self.amounts is None):
            raise ValueError("give either 'shares' (percent) or 'amounts' (with 'year'), not both")
        if self.shares is not None and sum(self.shares.values()) != 100:
            raise ValueError(f"shares add up to {sum(self.shares.values())}%, not 100%")
        if self.amounts is not None and self.year is None:
            raise ValueError("sector 'amounts' need the 'year' they describe")
        return self


class CostShare(Strict):
    """A share of the sending state's annual cost of its presence (``data/share/``): "cost plus
    50%" is ``{cost_percent: 150}``, "50% of non-personnel costs" is ``{cost_percent: 50, of:
    non_personnel}``; in US dollars, with the cost assumption stated in the output."""

    cost_percent: NonNegative
    of: Literal["total", "non_personnel"] = "total"


def _amount_kind(value: Any) -> str:
    """Which amount a mapping means: a percentage if it says ``percent``, a share of the
    sending state's cost if it says ``cost_percent``, else a value."""
    if isinstance(value, CostShare) or (isinstance(value, dict) and "cost_percent" in value):
        return "CostShare"
    is_relative = isinstance(value, Relative) or (isinstance(value, dict) and "percent" in value)
    return "Relative" if is_relative else "Amount"


def _escalation_kind(value: Any) -> str:
    """One rule if the mapping says ``type``, else rules by the date they start."""
    is_rule = isinstance(value, RuleSpec) or (isinstance(value, dict) and "type" in value)
    return "RuleSpec" if is_rule else "DatedRules"


DatedRules = dict[Day, RuleSpec]
AmountSpec = Annotated[
    Annotated[Amount, Tag("Amount")]
    | Annotated[Relative, Tag("Relative")]
    | Annotated[CostShare, Tag("CostShare")],
    Discriminator(_amount_kind),
]
EscalationSpec = Annotated[
    Annotated[RuleSpec, Tag("RuleSpec")] | Annotated[DatedRules, Tag("DatedRules")],
    Discriminator(_escalation_kind),
]


class AgreementSpec(Strict):
    """One agreement in a dataset file, or a baseline/proposal in a scenario (fields inherit)."""

    id: str | None = None
    name: str | None = None
    label: str | None = None
    party: str | None = None
    currency: str | None = None
    start: Day | None = None
    end: Day | None = None
    years: Annotated[int, Field(ge=1, le=50)] | None = None
    amount: AmountSpec | None = None
    escalation: EscalationSpec | None = None
    rounding: Rounding | None = None
    sectors: Sectors | None = None
    troops: People | None = None
    clauses: dict[str, str | bool | int] | None = None
    signed: Day | None = None
    agreed_total: Amount | None = None  # a multi-year total as agreed, with its reference
    # the day the agreement took legal effect (after ratification), with the page stating it
    entry_into_force: Day | None = None
    entry_into_force_reference: str = ""
    references: tuple[str, ...] = ()
    reference: str = ""
    notes: str = ""

    @model_validator(mode="after")
    def _dates_in_order(self) -> AgreementSpec:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        if self.signed and self.entry_into_force and self.entry_into_force < self.signed:
            raise ValueError(
                f"entry_into_force ({self.entry_into_force}) is before signed ({self.signed})"
            )
        if self.entry_into_force and not self.entry_into_force_reference:
            raise ValueError("entry_into_force needs 'entry_into_force_reference' (its source)")
        if self.end is not None and self.years is not None:
            raise ValueError("give 'end' or 'years', not both")
        return self


class HostSeriesSpec(Strict):
    inflation: str | None = None
    defence_budget: str | None = None
    troops: str | None = None


class DatasetFile(Strict):
    dataset: str
    description: str
    host: str
    sending_state: str
    currency: str
    host_series: HostSeriesSpec = HostSeriesSpec()
    exchange_rate_series: str | None = None
    # what the history's annual column holds: the agreements' amounts (documented, else
    # computed by each rule), or only documented annual budget lines (Japan: agreed
    # multi-year totals are a separate view, never spread over the years)
    history_basis: Literal["agreements", "budget_lines"] = "agreements"
    sectors: tuple[str, ...] = ("payroll", "construction", "logistics")
    agreements: list[AgreementSpec]


class AlternativeFigure(Strict):
    amount: Amount
    source: str = Field(min_length=1)
    note: str = ""


LedgerKey = Literal[
    "budgeted", "paid", "executed", "unexecuted", "carried_over", "lapsed", "deferred"
]


class LedgerFigure(Strict):
    """Beyond the agreed total: what was budgeted, paid, executed, carried over, lapsed..."""

    amount: Amount
    source: str = Field(min_length=1)
    flags: tuple[Literal["derived", "uncertain", "secondary"], ...] = ()
    note: str = ""


class SectorFigures(Strict):
    """A year's published split by sector (e.g. the ministry's), in one currency."""

    amounts: dict[str, NonNegative]
    currency: str
    source: str = Field(min_length=1)
    note: str = ""


class HistoryRecord(Strict):
    year: Year
    agreement: str
    # true: no published figure beats the agreement's own rule; the loader checks the amount
    # against the rule, so history and schedule cannot disagree
    computed: bool = False
    amount: Amount
    source: str = Field(min_length=1)
    flags: tuple[Literal["derived", "uncertain", "secondary"], ...] = ()
    note: str = ""
    alternatives: tuple[AlternativeFigure, ...] = ()
    ledger: dict[LedgerKey, LedgerFigure] = {}
    sectors: SectorFigures | None = None


class HistoryFile(Strict):
    dataset: str
    records: list[HistoryRecord]


class RateSpec(Strict):
    pair: str = Field(pattern=r"^[A-Z]{3}/[A-Z]{3}$")
    value: Annotated[Number, Field(gt=0)]
    reference: str = ""


class DiscountSpec(Strict):
    percent: Annotated[Number, Field(ge=0, le=100)]
    reference: str = ""


class ReferenceSpec(Strict):
    agreement: str
    year: Year


class IssueValues(Strict):
    """A party's weight on a non-money issue and the value (0–1) of each level."""

    weight: Annotated[Number, Field(ge=0, le=1)]
    values: dict[str | int | bool | Number, Annotated[Number, Field(ge=0, le=1)]]


class Funds(Strict):
    """Money at expiry: an amount, or the payroll it covers until a date (USFK's 2020 funds)."""

    value: NonNegative | None = None
    covers_until: Day | None = None
    reference: str = ""

    @model_validator(mode="after")
    def _one_form(self) -> Funds:
        if (self.value is None) == (self.covers_until is None):
            raise ValueError("give either 'value' or 'covers_until'")
        return self


class ReserveSpec(Strict):
    value: NonNegative = Decimal(0)
    pays_for: tuple[str, ...] = ("payroll",)
    reference: str = ""


class ExtensionSpec(Strict):
    percent: Annotated[Number, Field(ge=0, le=100)]
    reference: str = ""


class BridgeSpec(Strict):
    subsidy: NonNegative  # per worker on leave per month, major units
    start: Day
    reference: str = ""


class WorkforceSpec(Strict):
    headcount: People
    # share (%) of the labour cost paid from the host's funds; default: the expiring
    # agreement's `host_wage_share_pct` clause (one figure per agreement, with its source)
    host_share: Annotated[Number, Field(gt=0, le=100)] | None = None
    # what one worker is paid a month (major units): workers' pay lost is counted from it
    monthly_pay: NonNegative | None = None
    pay_reference: str = ""
    # whole monthly labour cost of all employees (major units); default: the payroll sector's
    # last-year amount / 12 / host share
    monthly_payroll: NonNegative | None = None
    essential: People = 0
    sending_state_pays_essential: bool = True
    bridge: BridgeSpec | None = None
    back_pay: bool = False
    references: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _essential_within_headcount(self) -> WorkforceSpec:
        if self.essential > self.headcount:
            raise ValueError(f"essential ({self.essential}) exceeds headcount ({self.headcount})")
        return self


class Sourced(Strict):
    """An input with its source (a URL) or, failing one, a stated assumption."""

    reference: str = ""
    assumption: str = ""

    @model_validator(mode="after")
    def _sourced(self) -> Sourced:
        if not self.reference and not self.assumption:
            raise ValueError("give a 'reference' (a public URL) or an 'assumption'")
        return self


class NoticeSpec(Sourced):
    name: str
    served: Day
    minimum_days: Annotated[int, Field(ge=0, le=36_500)]  # no furlough before served + minimum_days


class FundingSpec(Sourced):
    """A party pays the lapsed need of ``sectors`` from ``start`` to ``end`` (inclusive)."""

    label: str
    payer: Literal["host", "sending_state"]
    sectors: tuple[str, ...] = ("payroll",)
    start: Day
    end: Day

    @model_validator(mode="after")
    def _in_order(self) -> FundingSpec:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class SuspensionSpec(Sourced):
    sector: str
    start: Day
    end: Day | None = None  # default: until entry into force

    @model_validator(mode="after")
    def _in_order(self) -> SuspensionSpec:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class LastYearSpec(Sourced):
    """The expiring agreement's last-year amounts per sector when the series cannot give them
    (a future year): major units."""

    amounts: dict[str, NonNegative]


class LapseSpec(Strict):
    expiring: str | None = None  # agreement id; default: the scenario's reference agreement
    expiry: Day | None = None  # default: the expiring agreement's end
    deal_on: Day | None = None
    deal_reference: str = ""
    new_agreement: str = "baseline"  # proposal key in force after the deal
    horizon: Day
    extension: ExtensionSpec = ExtensionSpec(percent=Decimal(0))
    carried_over: dict[str, Funds] = {}
    reserve: ReserveSpec = ReserveSpec()
    workforce: WorkforceSpec
    notices: tuple[NoticeSpec, ...] = ()
    funding: tuple[FundingSpec, ...] = ()
    suspensions: tuple[SuspensionSpec, ...] = ()
    top_up: Sourced | None = None  # the difference to the new level paid at the deal
    last_year: LastYearSpec | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> LapseSpec:
        if self.expiry and self.horizon <= self.expiry:
            raise ValueError(f"horizon ({self.horizon}) is not after expiry ({self.expiry})")
        if self.expiry and self.deal_on and self.deal_on < self.expiry:
            raise ValueError(f"deal_on ({self.deal_on}) is before expiry ({self.expiry})")
        return self


class AmountLevels(Strict):
    """Levels of the total-amount issue: percentages of the reference level, or absolute."""

    percent: tuple[Annotated[NonNegative, Field(le=limits.MAX_PERCENT)], ...] | None = None
    values: tuple[NonNegative, ...] | None = None  # major units of `currency`
    currency: str | None = None

    @model_validator(mode="after")
    def _one_form(self) -> AmountLevels:
        if (self.percent is None) == (self.values is None):
            raise ValueError("give either 'percent' or 'values'")
        levels = self.percent or self.values or ()
        if not levels or len(set(levels)) != len(levels):
            raise ValueError("levels must be distinct and not empty")
        return self


class IndexedIncrease(Strict):
    """An increase level that follows a named series (e.g. CPI two years earlier, capped)."""

    label: str = Field(min_length=1)
    series: str
    lag: Annotated[int, Field(ge=0, le=10)] = 0
    cap: Percent | None = None
    floor: Percent | None = None

    @model_validator(mode="after")
    def _bounds(self) -> IndexedIncrease:
        if self.cap is not None and self.floor is not None and self.cap < self.floor:
            raise ValueError(f"cap ({self.cap}%) is below floor ({self.floor}%)")
        return self


class TermIssues(Strict):
    """The negotiable terms of an agreement, each a finite list of levels."""

    amount: AmountLevels
    duration: tuple[Annotated[int, Field(ge=1, le=30)], ...]
    increase: tuple[
        Annotated[Number, Field(ge=-50, le=50, decimal_places=4)] | IndexedIncrease, ...
    ] = (Decimal(0),)  # whole millionths (ppm), as the batch engine computes
    strategic_assets: tuple[bool, ...] = (False,)
    other: dict[str, tuple[str | int | Number, ...]] = {}

    @model_validator(mode="after")
    def _distinct(self) -> TermIssues:
        increase = tuple(v.label if isinstance(v, IndexedIncrease) else v for v in self.increase)
        for name, levels in (
            ("duration", self.duration),
            ("increase", increase),
            ("strategic_assets", self.strategic_assets),
            *self.other.items(),
        ):
            if not levels or len(set(levels)) != len(levels):
                raise ValueError(f"{name}: levels must be distinct and not empty")
        return self


class MoneyUtility(Strict):
    """Utility from the NPV of the payments: best NPV → 1, worst → 0, through a mapping."""

    weight: Annotated[Number, Field(ge=0, le=1)]
    mapping: Literal["linear", "power"] = "linear"
    exponent: Annotated[Number, Field(gt=0)] = Decimal(1)


class ReservationSpec(Strict):
    """No deal: the lapse until ``lapse_until`` (costs from the lapse simulator), or a value."""

    lapse_until: Day | None = None
    value: Number | None = None
    workers_weight: Annotated[Number, Field(ge=0, le=1)] = Decimal(0)

    @model_validator(mode="after")
    def _one_form(self) -> ReservationSpec:
        if (self.lapse_until is None) == (self.value is None):
            raise ValueError("give either 'lapse_until' or 'value'")
        return self


class PartyPreferences(Strict):
    """Weights and 0–1 tables (``money`` + ``issues`` + ``reservation``), or a money-equivalent
    ``valuation`` (grid-independent; see schemas_valuation.py)."""

    money: MoneyUtility | None = None
    issues: dict[str, IssueValues] = {}
    reservation: ReservationSpec | None = None
    valuation: Valuation | None = None
    discount_factor: Annotated[Number, Field(gt=0, le=1)] = Decimal(1)
    illustration: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _one_form(self) -> PartyPreferences:
        if self.valuation is None and (self.money is None or self.reservation is None):
            raise ValueError("give 'money' and 'reservation', or a 'valuation'")
        if self.valuation is not None and (self.money or self.reservation or self.issues):
            raise ValueError("a 'valuation' replaces 'money', 'issues' and 'reservation'")
        return self


class NegotiationSpec(Strict):
    host: str
    sending_state: str
    start: Day
    horizon: Annotated[int, Field(ge=1, le=30)] | None = None  # years of payments in the NPV
    discount_rate: Annotated[Number, Field(ge=0, le=100)] = Decimal(0)
    issues: TermIssues
    no_deal: dict[str, str | int | bool | Number] = {}
    preferences: dict[str, PartyPreferences]
    strategic_assets: StrategicAssets | None = None  # the money category "yes" adds


class StrategySpec(Strict):
    """A party's strategy: time-dependent (exponent e, GENIUS convention), or another kind."""

    type: Literal["boulware", "linear", "conceder", "time_dependent", "hardliner", "tit_for_tat"]
    exponent: Annotated[Number, Field(gt=0)] | None = None
    acceptance: Literal["next", "target", "reservation"] = "next"


class RecordedOffer(Strict):
    party: str
    outcome: dict[str, str | int | bool | Number]
    on: Day | None = None
    note: str = ""


class UniformRange(Strict):
    low: Number
    high: Number

    @model_validator(mode="after")
    def _ordered(self) -> UniformRange:
        if self.high < self.low:
            raise ValueError(f"high ({self.high}) is below low ({self.low})")
        return self


class UncertaintySpec(Strict):
    """What the analyst does not know about the other side, and about the lapse's cost."""

    about: str  # the party whose preferences are uncertain
    weights_concentration: Annotated[Number, Field(gt=0)] | None = None  # Dirichlet
    reservation: UniformRange | None = None
    reserve: UniformRange | None = None  # the lapse's reserve fund, major units
    reserve_levels: Annotated[int, Field(ge=1, le=50)] = 5


class SimulationSpec(Strict):
    rounds: Annotated[int, Field(ge=2, le=10_000)]
    first_round: Day
    last_round: Day
    deadline: Day | None = None  # default: the expiring agreement's end (lapse section)
    opens: str | None = None  # the party making the first offer (default: the sending state)
    strategies: dict[str, StrategySpec]
    recorded: tuple[RecordedOffer, ...] = ()
    uncertainty: UncertaintySpec | None = None
    uncertain: dict[str, PartyUncertainty] = {}  # both sides, money-equivalent valuations
    talks_length: TalksLength | None = None  # replays: the calendar of the remaining offers
    opponent_model: OpponentModelSpec | None = None  # both sides learn (talks/learning.py)
    runs: Annotated[int, Field(ge=1, le=limits.MAX_RUNS)] = 10_000
    seed: Annotated[int, Field(ge=0, lt=2**63)] = 0

    @model_validator(mode="after")
    def _dates(self) -> SimulationSpec:
        if self.last_round < self.first_round:
            raise ValueError(
                f"last_round ({self.last_round}) is before first_round ({self.first_round})"
            )
        return self


class ScenarioFile(Strict):
    scenario: str
    title: str
    description: str = ""
    as_of: Day | None = None
    dataset: str
    reference: ReferenceSpec
    exchange_rate: RateSpec | None = None
    discount_rate: DiscountSpec = DiscountSpec(percent=Decimal(0))
    assumptions: dict[str, dict[Day, SeriesValue]] = {}
    baseline: AgreementSpec
    proposals: dict[str, AgreementSpec] = {}
    lapse: LapseSpec | None = None
    negotiation: NegotiationSpec | None = None
    simulation: SimulationSpec | None = None
    backtest: Backtest | None = None
    sources: tuple[str, ...] = ()
