"""Money views: the one way every result command shows amounts in another currency and in
real terms, as the schedules do (costs/schedule.py).

Nominal: converted at the scenario's stated rate, else at the year's annual-average rate of
the dataset's series. Real (``base_year`` prices) in US dollars: the amount converted to
dollars at the year's rate, then deflated by the US CPI-U (``us-cpi``): ``amount × CPI(base) /
CPI(year)``, rounded half-up to the cent. Real in any other currency: the amount in the host's
currency is deflated by the host's CPI, then converted at the base year's rate (constant
prices, constant rate). A view the data cannot give is an :class:`InputError`, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from burdenshare.costs.escalation import SeriesBank
from burdenshare.costs.scenario import Scenario
from burdenshare.costs.schedule import Conversion
from burdenshare.errors import BurdenshareError, InputError
from burdenshare.money import _CONTEXT, Currency, ExchangeRate, Money, round_to_unit
from burdenshare.present.policy import DEFAULT_BASE_YEAR
from burdenshare.series import Series, price_index

US_CPI = "us-cpi"  # CPI-U annual averages, 1982-84=100 (data/series/us-cpi.yaml)


@dataclass(frozen=True)
class MoneyView:
    """How amounts of ``native`` currency are shown: in ``target``, nominal or real."""

    native: Currency
    target: Currency
    base_year: int | None  # None: nominal
    host: Currency
    inflation: str | None
    conversion_fixed: ExchangeRate | None
    rate_series: str | None
    bank: SeriesBank

    @property
    def identity(self) -> bool:
        return self.target is self.native and self.base_year is None

    def _conversion(self, target: Currency) -> Conversion:
        fixed = self.conversion_fixed
        if fixed is not None:
            return Conversion(target, fixed=fixed)
        return Conversion(target, series=self.rate_series)

    def _to(self, money: Money, target: Currency, year: int) -> Money:
        if money.currency is target:
            return money
        return self._conversion(target).rate(year, money.currency, self.bank).convert(money)

    def show(self, minor: int, year: int) -> int:
        """``minor`` units of the native currency in ``year``, as this view shows them."""
        money = Money(int(minor), self.native)
        try:
            if self.base_year is None:
                return self._to(money, self.target, year).minor
            if self.target is Currency.USD:
                dollars = self._to(money, Currency.USD, year)
                return deflate_by_index(dollars.minor, self.bank[US_CPI], self.base_year, year)
            assert self.inflation is not None
            in_host = self._to(money, self.host, year)
            index = price_index(self.bank[self.inflation], self.base_year, year)
            real = Money(round_to_unit(_CONTEXT.divide(Decimal(in_host.minor), index)), self.host)
            return self._to(real, self.target, self.base_year).minor
        except (BurdenshareError, ValueError, KeyError) as exc:
            raise InputError("--currency/--real", "view", str(exc)) from None

    def describe(self) -> str:
        """``KRW, nominal`` or ``USD, real (2020 prices: Korean CPI, 2020 rate)``."""
        if self.base_year is None:
            return f"{self.target}, nominal"
        if self.target is Currency.USD:
            rate = "converted at each year's rate, " if self.native is not Currency.USD else ""
            return f"{self.target}, real ({self.base_year} prices: {rate}US CPI-U)"
        rate = f", {self.base_year} rate" if self.target is not self.host else ""
        return f"{self.target}, real ({self.base_year} prices: {self.host} CPI{rate})"


def deflate_by_index(minor: int, index: Series, base_year: int, year: int) -> int:
    """``minor`` of ``year`` in ``base_year`` prices by a price-level index: ``minor ×
    index(base_year) / index(year)``, rounded half-up to the smallest unit."""
    return round_to_unit(
        _CONTEXT.divide(
            _CONTEXT.multiply(Decimal(minor), index.value(base_year)), index.value(year)
        )
    )


def money_view(
    scenario: Scenario,
    native: Currency,
    currency: Currency | None,
    real: bool,
    base_year: int | None = None,
) -> MoneyView:
    """The view a command's ``--currency``, ``--real`` and ``--base-year`` ask for."""
    host = scenario.dataset.host_series
    inflation = host.inflation
    if real and not inflation:
        raise InputError("--real", "real", f"no inflation series known for {native}")
    rate = scenario.exchange_rate
    target = currency or native
    if rate is not None and target not in (rate.base_currency, rate.quote_currency, native):
        raise InputError(
            f"scenario {scenario.name}",
            "exchange_rate",
            f"states only a {rate.pair} rate, so amounts cannot be shown in {target.code}; "
            f"use --currency {rate.quote_currency.code} or {rate.base_currency.code}",
        )
    return MoneyView(
        native=native,
        target=target,
        base_year=(base_year or DEFAULT_BASE_YEAR) if real else None,
        host=host.currency or scenario.dataset.currency,
        inflation=inflation,
        conversion_fixed=rate,
        rate_series=None if rate is not None else scenario.dataset.exchange_rate_series,
        bank=scenario.bank,
    )
