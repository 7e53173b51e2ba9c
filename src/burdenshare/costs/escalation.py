"""Escalation rules: how an agreement's amount moves from one year to the next.

Each rule is a frozen value. A rule's ``rate`` is the year-on-year change in percent (exact
``Decimal``); :func:`next_amount` applies it to the previous year's (rounded) amount and rounds
again, which is how the SMA texts compound ("prior year × (1 + rate)").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from burdenshare.errors import BurdenshareError, InputError
from burdenshare.money import _CONTEXT, RoundingMode, multiply
from burdenshare.series import Series

SeriesBank = Mapping[str, Series]


@dataclass(frozen=True)
class Rounding:
    """Amounts are rounded to a whole multiple of ``unit`` smallest units (1e8 won = 1억원)."""

    unit: int = 1
    mode: RoundingMode = RoundingMode.HALF_UP


@dataclass(frozen=True)
class Freeze:
    """The amount stays at the previous year's level."""

    def rate(self, year: int, bank: SeriesBank) -> Decimal:
        return Decimal(0)

    def describe(self) -> str:
        return "frozen"


@dataclass(frozen=True)
class Fixed:
    """A fixed percentage change a year (``Decimal("5")`` is +5%)."""

    percent: Decimal

    def rate(self, year: int, bank: SeriesBank) -> Decimal:
        return self.percent

    def describe(self) -> str:
        return f"fixed {self.percent:+}%"


@dataclass(frozen=True)
class Indexed:
    """The change of a named series ``lag`` years earlier, plus ``plus`` points, within bounds.

    ``cap`` and ``floor`` bound the resulting rate (in %); either may be ``None``.
    """

    series: str
    lag: int = 0
    cap: Decimal | None = None
    floor: Decimal | None = None
    plus: Decimal = Decimal(0)

    def rate(self, year: int, bank: SeriesBank) -> Decimal:
        raw = bank[self.series].value(year - self.lag) + self.plus
        if self.cap is not None and raw > self.cap:
            raw = self.cap
        if self.floor is not None and raw < self.floor:
            raw = self.floor
        return raw

    def describe(self) -> str:
        parts = [f"{self.series} (t-{self.lag})" if self.lag else self.series]
        if self.plus:
            parts.append(f"{self.plus:+} pts")
        if self.cap is not None:
            parts.append(f"cap {self.cap}%")
        if self.floor is not None:
            parts.append(f"floor {self.floor}%")
        return "indexed: " + ", ".join(parts)


@dataclass(frozen=True)
class Explicit:
    """Amounts stated year by year (in smallest units); no formula."""

    amounts: Mapping[int, int]

    def describe(self) -> str:
        return "explicit amount"


@dataclass(frozen=True)
class DatedRule:
    """A rule that holds from ``year`` until the next dated rule (OpenFisca-style)."""

    year: int
    rule: Rule


def rule_in_force(rules: tuple[DatedRule, ...], year: int) -> Rule:
    """The rule whose start year is the latest one not after ``year``; freeze if none."""
    current: Rule = Freeze()
    for dated in rules:
        if dated.year <= year:
            current = dated.rule
    return current


def next_amount(previous: int, year: int, rule: Rule, bank: SeriesBank, rounding: Rounding) -> int:
    """The amount for ``year`` given the previous year's amount (smallest units)."""
    if isinstance(rule, Freeze):
        return previous  # held exactly, even when it is off the rounding unit
    if isinstance(rule, Explicit):
        if year not in rule.amounts:
            raise KeyError(f"explicit rule has no amount for {year}")
        return rule.amounts[year]
    rate = rule.rate(year, bank)
    if rate < -100:
        raise InputError("escalation", str(year), f"{rule.describe()}: {rate}% is below -100%")
    factor = 1 + _CONTEXT.divide(rate, Decimal(100))
    return multiply(previous, factor, rounding.unit, rounding.mode)


class RuleNotComputable(BurdenshareError):
    """An agreement's rule exists only in words: no year after the first can be computed."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"escalation not computable from bundled data: {text}")


@dataclass(frozen=True)
class Unstated:
    """The sources describe the rule only in words that cannot be computed (early SMAs)."""

    text: str

    def rate(self, year: int, bank: SeriesBank) -> Decimal:
        raise RuleNotComputable(self.text)

    def describe(self) -> str:
        return f"not computable: {self.text}"


Rule = Freeze | Fixed | Indexed | Explicit | Unstated
