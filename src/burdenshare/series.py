"""Dated series (CPI, defence budget, exchange rates) with a reference on every value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from burdenshare.errors import MissingDataError
from burdenshare.money import _CONTEXT, Currency, ExchangeRate, round_to_unit


@dataclass(frozen=True)
class Observation:
    """One value of a series for one year, with where it comes from."""

    year: int
    value: Decimal
    reference: str
    flags: tuple[str, ...] = ()  # e.g. ("derived",), ("uncertain",), ("assumption",)
    note: str = ""


@dataclass(frozen=True)
class Series:
    """An annual series: a name, a unit, and sourced observations keyed by year."""

    name: str
    description: str
    unit: str
    observations: Mapping[int, Observation] = field(default_factory=dict)

    def value(self, year: int) -> Decimal:
        try:
            return self.observations[year].value
        except KeyError:
            have = (
                f"{min(self.observations)}–{max(self.observations)}"
                if self.observations
                else "none"
            )
            raise MissingDataError(
                self.name,
                year,
                f"bundled years: {have}; supply an assumption "
                f"(e.g. --assume {self.name}={year}:VALUE)",
            ) from None

    def has(self, year: int) -> bool:
        return year in self.observations

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.observations))

    def value_problem(self, value: Decimal) -> str | None:
        """Why ``value`` cannot be one of this series' values, or None: a change in percent
        below -100 would turn an amount negative; a level, price or exchange rate is above 0."""
        if self.unit == "percent":
            return f"{value}% is below -100%" if value < -100 else None
        return f"{value} is not above 0 ({self.unit})" if value <= 0 else None

    def with_values(
        self,
        values: Mapping[int, Decimal],
        reference: str,
        flags: tuple[str, ...] = ("assumption",),
    ) -> Series:
        """A copy with extra (or replaced) values, e.g. a scenario's assumed future CPI."""
        merged = dict(self.observations)
        for year, value in values.items():
            merged[year] = Observation(year, value, reference, flags)
        return replace(self, observations=merged)


def price_index(inflation: Series, base_year: int, year: int) -> Decimal:
    """Price level of ``year`` relative to ``base_year`` (= 1) from annual inflation rates in %.

    The index moves by the inflation of each year after the base year up to ``year``
    (and backwards for earlier years), so ``price_index(s, y, y) == 1``.
    """
    level = Decimal(1)
    if year > base_year:
        for y in range(base_year + 1, year + 1):
            level = _CONTEXT.multiply(level, 1 + _CONTEXT.divide(inflation.value(y), Decimal(100)))
    else:
        for y in range(year + 1, base_year + 1):
            level = _CONTEXT.divide(level, 1 + _CONTEXT.divide(inflation.value(y), Decimal(100)))
    return level


def deflate_by_index(minor: int, index: Series, base_year: int, year: int) -> int:
    """``minor`` of ``year`` in ``base_year`` prices by a price-level index: ``minor ×
    index(base_year) / index(year)``, rounded half-up to the smallest unit."""
    return round_to_unit(
        _CONTEXT.divide(
            _CONTEXT.multiply(Decimal(minor), index.value(base_year)), index.value(year)
        )
    )


def rate_from_series(series: Series, year: int, quote: Currency, base: Currency) -> ExchangeRate:
    """The exchange rate a ``quote``-per-``base`` series gives for ``year``, carrying its source."""
    obs = series.observations.get(year)
    if obs is None:
        series.value(year)  # raises MissingDataError with a hint
        raise AssertionError("unreachable")
    return ExchangeRate(quote, base, obs.value, f"{series.name} {year}: {obs.reference}")
