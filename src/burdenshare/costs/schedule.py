"""Schedules: an agreement's year-by-year amounts in every view an analyst asks for.

Nominal in the agreement's currency, converted at a stated rate or a named annual series,
in real terms (base-year prices: :func:`real_money`, the one rule every real view uses), per
sector, cumulative, per troop, as a share of the host's defence budget, and the growth rate.
Money stays integer; ratios are ``Decimal`` quantized as documented on each column.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from burdenshare.costs.agreement import Agreement, amounts
from burdenshare.costs.escalation import SeriesBank
from burdenshare.costs.troops import per_troop, troops_for
from burdenshare.money import _CONTEXT, Currency, ExchangeRate, Money, round_to_unit
from burdenshare.series import deflate_by_index, price_index, rate_from_series

US_CPI = "us-cpi"  # CPI-U annual averages, 1982-84=100 (data/series/us-cpi.yaml)
PERCENT_PLACES = Decimal("0.01")
SHARE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Conversion:
    """How amounts reach another currency: one stated rate, or a named annual-average series.

    A series is named ``<quote>-per-<base>`` in lower case, e.g. ``krw-per-usd``.
    """

    target: Currency
    fixed: ExchangeRate | None = None
    series: str | None = None

    def rate(self, year: int, source: Currency, bank: SeriesBank) -> ExchangeRate:
        if self.fixed is not None:
            return self.fixed
        name = self.series or _series_name(source, self.target)
        if name not in bank:
            raise ValueError(f"no exchange-rate series {name!r} for {source}→{self.target}")
        quote, base = (Currency.parse(p) for p in name.split("-per-"))
        return rate_from_series(bank[name], year, quote, base)

    def describe(self, source: Currency) -> str:
        if self.fixed is not None:
            return f"{self.fixed.rate} {self.fixed.pair} ({self.fixed.reference or 'stated'})"
        return f"annual average series {self.series or _series_name(source, self.target)}"


def _series_name(a: Currency, b: Currency) -> str:
    if Currency.USD in (a, b):
        other = b if a is Currency.USD else a
        return f"{other.code.lower()}-per-usd"
    return f"{a.code.lower()}-per-{b.code.lower()}"


@dataclass(frozen=True)
class HostSeries:
    """Which series describe the host: its CPI inflation (%), its defence budget (money) and
    the US troops stationed there by year (persons; per-troop figures divide by it)."""

    inflation: str | None = None
    defence_budget: str | None = None
    currency: Currency | None = None
    troops: str | None = None


@dataclass(frozen=True)
class ScheduleRow:
    year: int
    amount: Money
    rule: str
    growth_pct: Decimal | None
    cumulative: Money
    sectors: dict[str, Money] = field(default_factory=dict)
    converted: Money | None = None
    rate: Decimal | None = None
    real: Money | None = None
    per_troop: Money | None = None
    troops: int | None = None
    troops_basis: str | None = None
    budget_share_pct: Decimal | None = None


@dataclass(frozen=True)
class Schedule:
    agreement: Agreement
    rows: tuple[ScheduleRow, ...]
    conversion: str = ""
    real_base_year: int | None = None
    real_basis: str = ""  # the real view in words (real_basis()); "" when nominal

    @property
    def total(self) -> Money:
        return self.rows[-1].cumulative

    @property
    def caption(self) -> str:
        """The table's caption: the real view's basis and the rate used (either may be absent)."""
        parts = [f"Basis: {self.real_basis}" if self.real_basis else ""]
        parts.append(f"Rate: {self.conversion}" if self.conversion else "")
        return ". ".join(p for p in parts if p)

    def to_records(self) -> list[dict[str, Any]]:
        """One flat record per year: integer smallest units for money, strings for decimals."""
        records = [_record(self.agreement, row) for row in self.rows]
        if self.real_basis:
            for rec in records:
                rec["real_basis"] = self.real_basis
        return records

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame.from_records(self.to_records())


def _record(agreement: Agreement, row: ScheduleRow) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "agreement": agreement.id,
        "year": row.year,
        "currency": row.amount.currency.code,
        "amount": row.amount.minor,
        "growth_pct": None if row.growth_pct is None else str(row.growth_pct),
        "cumulative": row.cumulative.minor,
        "rule": row.rule,
        "signed": None if agreement.signed is None else agreement.signed.isoformat(),
        "entry_into_force": None
        if agreement.entry_into_force is None
        else agreement.entry_into_force.isoformat(),
    }
    for name, money in row.sectors.items():
        rec[f"sector_{name}"] = money.minor
    if row.sectors and agreement.sectors is not None:
        rec["sectors_basis"] = sectors_basis(agreement.sectors.basis, row.year)
        rec["sectors_source"] = agreement.sectors.reference
    if row.converted is not None:
        rec["converted_currency"] = row.converted.currency.code
        rec["converted_amount"] = row.converted.minor
        rec["rate"] = str(row.rate)
    if row.real is not None:
        rec["real_amount"] = row.real.minor
    if row.per_troop is not None:
        rec["per_troop"] = row.per_troop.minor
        rec["troops"] = row.troops
        rec["troops_basis"] = row.troops_basis
    if row.budget_share_pct is not None:
        rec["budget_share_pct"] = str(row.budget_share_pct)
    return rec


def sectors_basis(split_basis: str, year: int) -> str:
    """``published`` for the year whose published amounts define the split; ``derived: ...``
    for every other year (amounts of another year, or approximate shares)."""
    if split_basis == f"amounts {year}":
        return "published"
    if split_basis.startswith("amounts "):
        return f"derived: split in the proportions of the published {split_basis[8:]} amounts"
    return "derived: approximate shares"


def growth(previous: int, current: int) -> Decimal:
    """Year-on-year change in percent, to two decimals."""
    change = _CONTEXT.divide(Decimal(current - previous) * 100, Decimal(previous))
    return change.quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP, context=_CONTEXT)


def schedule(
    agreement: Agreement,
    bank: SeriesBank,
    *,
    conversion: Conversion | None = None,
    real_base_year: int | None = None,
    host: HostSeries = HostSeries(),
) -> Schedule:
    """Compute the schedule of ``agreement``; optional views need the matching series."""
    cur = agreement.currency
    yearly = amounts(agreement, bank)
    rows: list[ScheduleRow] = []
    running = 0
    for i, item in enumerate(yearly):
        running += item.amount
        amount = Money(item.amount, cur)
        rows.append(
            ScheduleRow(
                year=item.year,
                amount=amount,
                rule=item.rule,
                # no growth from zero (a 0% proposal, or a rate of -100%)
                growth_pct=growth(yearly[i - 1].amount, item.amount)
                if i and yearly[i - 1].amount
                else None,
                cumulative=Money(running, cur),
                sectors=_sectors(agreement, item.amount),
                **_views(agreement, amount, item.year, bank, conversion, real_base_year, host),
            )
        )
    if any(r.per_troop is None for r in rows):
        # per troop for every year or for none: a table column must not have holes that look
        # like zeros (only a proposal without a troop level reaching past the series can hit this)
        rows = [replace(r, per_troop=None, troops=None, troops_basis=None) for r in rows]
    described = conversion.describe(cur) if conversion else ""
    prices = ""
    if real_base_year is not None:
        shown = conversion.target if conversion is not None else cur
        prices = real_basis(shown, cur, host.currency or cur, real_base_year)
    return Schedule(agreement, tuple(rows), described, real_base_year, prices)


def _sectors(agreement: Agreement, total: int) -> dict[str, Money]:
    if agreement.sectors is None:
        return {}
    parts = agreement.sectors.split(total, agreement.rounding.unit)
    return {name: Money(v, agreement.currency) for name, v in parts.items()}


def _views(
    agreement: Agreement,
    amount: Money,
    year: int,
    bank: SeriesBank,
    conversion: Conversion | None,
    real_base_year: int | None,
    host: HostSeries,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    shown = amount
    if conversion is not None and conversion.target is not amount.currency:
        rate = conversion.rate(year, amount.currency, bank)
        shown = rate.convert(amount)
        out["converted"], out["rate"] = shown, rate.rate
    if real_base_year is not None:
        out["real"] = _real(amount, shown, year, real_base_year, bank, conversion, host)
    # the year's troops from the host's series; the agreement's stated level only as a fallback
    count = troops_for(year, bank, host.troops, agreement.id, agreement.troops)
    if count is not None:
        out["per_troop"] = per_troop(shown, count)
        out["troops"], out["troops_basis"] = count.count, count.basis
    host_amount = _in_host_currency(amount, shown, host)
    if host_amount is not None and host.defence_budget and host.defence_budget in bank:
        budget = bank[host.defence_budget]
        if budget.has(year):
            share = _CONTEXT.divide(Decimal(host_amount.minor) * 100, budget.value(year))
            out["budget_share_pct"] = share.quantize(
                SHARE_PLACES, rounding=ROUND_HALF_UP, context=_CONTEXT
            )
    return out


def _in_host_currency(amount: Money, shown: Money, host: HostSeries) -> Money | None:
    host_currency = host.currency or amount.currency
    for money in (amount, shown):
        if money.currency is host_currency:
            return money
    return None


def _real(
    amount: Money,
    shown: Money,
    year: int,
    base_year: int,
    bank: SeriesBank,
    conversion: Conversion | None,
    host: HostSeries,
) -> Money:
    """Base-year prices, in the shown currency (:func:`real_money`)."""
    return real_money(amount, year, base_year, shown.currency, bank, conversion, host)


def real_money(
    amount: Money,
    year: int,
    base_year: int,
    target: Currency,
    bank: SeriesBank,
    conversion: Conversion | None,
    host: HostSeries,
) -> Money:
    """``amount`` of ``year`` in ``base_year`` prices, shown in ``target``: the one real view.

    In US dollars: the amount is converted to dollars at ``year``'s rate of the conversion (the
    stated rate, or the named series), rounded to the cent, then deflated by the US CPI-U
    (``us-cpi``): ``dollars × CPI(base_year) / CPI(year)``, rounded half-up to the cent.
    In any other currency: the amount, brought to the host's currency at ``year``'s rate, is
    deflated by the host's CPI, then converted at the base year's rate (constant prices,
    constant rate), so exchange-rate swings do not leak into the real series.
    """
    if target is Currency.USD:
        dollars = amount
        if amount.currency is not Currency.USD:
            to_usd = _via(conversion, Currency.USD).rate(year, amount.currency, bank)
            dollars = to_usd.convert(amount)
        if US_CPI not in bank:
            raise ValueError(f"no US CPI series {US_CPI!r}; real US dollars need one")
        return Money(deflate_by_index(dollars.minor, bank[US_CPI], base_year, year), target)
    host_currency = host.currency or amount.currency
    if not host.inflation:
        raise ValueError(f"no inflation series known for {host_currency}; real terms need one")
    nominal_host = amount
    if amount.currency is not host_currency:
        rate = _via(conversion, host_currency).rate(year, amount.currency, bank)
        nominal_host = rate.convert(amount)
    index = price_index(bank[host.inflation], base_year, year)
    real = Money(round_to_unit(_CONTEXT.divide(Decimal(nominal_host.minor), index)), host_currency)
    if target is not host_currency:
        real = _via(conversion, target).rate(base_year, host_currency, bank).convert(real)
    return real


def real_basis(target: Currency, native: Currency, host: Currency, base_year: int) -> str:
    """The real view of :func:`real_money` in words, e.g. ``USD, real (2020 prices: US CPI-U,
    converted at each year's rate)`` or ``USD, real (2020 prices: KRW CPI, 2020 rate)``
    or ``KRW, real (2020 prices: KRW CPI)``."""
    if target is Currency.USD:
        rate = ", converted at each year's rate" if native is not Currency.USD else ""
        return f"{target}, real ({base_year} prices: US CPI-U{rate})"
    rate = f", {base_year} rate" if target is not host else ""
    return f"{target}, real ({base_year} prices: {host} CPI{rate})"


def _via(conversion: Conversion | None, target: Currency) -> Conversion:
    """The same way of converting (stated rate or named series), towards ``target``."""
    if conversion is None:
        return Conversion(target)
    return Conversion(target, fixed=conversion.fixed, series=conversion.series)
