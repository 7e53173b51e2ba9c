"""Money views: the one way every result command shows amounts in another currency and in
real terms, by the same rule as the schedules (costs/schedule.py, ``real_money``).

Nominal: converted at the scenario's stated rate, else at the year's annual-average rate of
the dataset's series. Real (``base_year`` prices) in US dollars: the amount converted to
dollars at the year's rate, then deflated by the US CPI-U (``us-cpi``): ``amount × CPI(base) /
CPI(year)``, rounded half-up to the cent. Real in any other currency: the amount in the host's
currency is deflated by the host's CPI, then converted at the base year's rate (constant
prices, constant rate). A view the data cannot give is an :class:`InputError`, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from burdenshare.costs.escalation import SeriesBank
from burdenshare.costs.scenario import Scenario
from burdenshare.costs.schedule import US_CPI, Conversion, HostSeries, real_basis, real_money
from burdenshare.errors import BurdenshareError, InputError
from burdenshare.money import Currency, ExchangeRate, Money
from burdenshare.present.policy import DEFAULT_BASE_YEAR
from burdenshare.series import deflate_by_index

__all__ = ["US_CPI", "MoneyView", "deflate_by_index", "money_view"]


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
            host = HostSeries(inflation=self.inflation, currency=self.host)
            conversion = self._conversion(self.target)
            real = real_money(money, year, self.base_year, self.target, self.bank, conversion, host)
            return real.minor
        except (BurdenshareError, ValueError, KeyError) as exc:
            raise InputError("--currency/--real", "view", str(exc)) from None

    def describe(self) -> str:
        """``KRW, nominal`` or ``USD, real (2020 prices: US CPI-U, converted at each year's
        rate)`` (costs/schedule.py, ``real_basis``)."""
        if self.base_year is None:
            return f"{self.target}, nominal"
        return real_basis(self.target, self.native, self.host, self.base_year)


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
