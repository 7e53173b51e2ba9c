"""The agreement: terms in force over a period, and the year-by-year amounts they imply."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from burdenshare.costs.escalation import (
    DatedRule,
    Explicit,
    Rounding,
    SeriesBank,
    next_amount,
    rule_in_force,
)
from burdenshare.costs.sectors import SectorSplit
from burdenshare.money import Currency, Money

ClauseValue = str | bool | int


@dataclass(frozen=True)
class Agreement:
    """One cost-sharing agreement (an SMA, or a proposal for one).

    ``base_amount`` is the first agreement-year's total in smallest units of ``currency``;
    later years follow ``escalation`` (dated rules, each in force until the next).
    Agreement-years are labelled by the calendar year they start in, so Japan's FY2022
    (1 Apr 2022 – 31 Mar 2023) is year 2022.
    """

    id: str
    name: str
    host: str
    sending_state: str
    currency: Currency
    start: date
    end: date
    base_amount: int
    escalation: tuple[DatedRule, ...] = ()
    rounding: Rounding = field(default_factory=Rounding)
    sectors: SectorSplit | None = None
    troops: int | None = None
    clauses: Mapping[str, ClauseValue] = field(default_factory=dict)
    references: tuple[str, ...] = ()
    signed: date | None = None
    notes: str = ""
    # the day it took legal effect (after ratification): before it, a lapse runs even if signed
    entry_into_force: date | None = None
    entry_into_force_reference: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"agreement {self.id}: end {self.end} is before start {self.start}")
        if self.base_amount < 0:
            raise ValueError(f"agreement {self.id}: base amount is negative")

    @classmethod
    def annual(
        cls,
        base_amount: int,
        years: int,
        escalation: tuple[DatedRule, ...] = (),
        *,
        rounding: Rounding | None = None,
        start_year: int = 2000,
        currency: Currency = Currency.KRW,
        agreement_id: str = "proposal",
    ) -> Agreement:
        """A calendar-year agreement of ``years`` years from ``start_year`` (for notebooks)."""
        return cls(
            id=agreement_id,
            name=agreement_id,
            host="host",
            sending_state="sending state",
            currency=currency,
            start=date(start_year, 1, 1),
            end=date(start_year + years - 1, 12, 31),
            base_amount=base_amount,
            escalation=escalation,
            rounding=rounding or Rounding(),
        )

    @property
    def years(self) -> tuple[int, ...]:
        """The agreement-year labels covered: one per started 12-month period."""
        count = 0
        while _add_years(self.start, count) <= self.end:
            count += 1
        return tuple(self.start.year + k for k in range(count))

    @property
    def duration(self) -> int:
        return len(self.years)

    def base(self) -> Money:
        return Money(self.base_amount, self.currency)


def period_end(start: date, years: int) -> date:
    """The last day of a period of ``years`` years starting on ``start``."""
    return _add_years(start, years) - timedelta(days=1)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class YearAmount:
    """One agreement-year's total and how it was obtained."""

    year: int
    amount: int
    rule: str


def iter_amounts(agreement: Agreement, bank: SeriesBank) -> Iterator[YearAmount]:
    """Year-by-year totals (smallest units) from the agreement's own rules and the series.

    Lazy, so a caller can keep the years computed before a series runs out.
    """
    years = agreement.years
    previous = YearAmount(years[0], agreement.base_amount, "base amount")
    yield previous
    for year in years[1:]:
        rule = rule_in_force(agreement.escalation, year)
        if isinstance(rule, Explicit) and year not in rule.amounts:
            raise ValueError(f"agreement {agreement.id}: explicit rule has no amount for {year}")
        previous = YearAmount(
            year,
            next_amount(previous.amount, year, rule, bank, agreement.rounding),
            rule.describe(),
        )
        yield previous


def amounts(agreement: Agreement, bank: SeriesBank) -> tuple[YearAmount, ...]:
    """Every year's total; raises if a rule cannot be computed for some year."""
    return tuple(iter_amounts(agreement, bank))
