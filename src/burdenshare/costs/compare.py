"""Side-by-side comparison of a scenario's baseline and proposals in one currency.

Per year, totals, net present value at the scenario's discount rate (to the baseline's first
year), and the difference of each to the baseline. Differences are taken on a common horizon:
the years that both the proposal and the baseline cover (a one-year deal is set against one
year of the baseline, never against five). All money exact; the rate used is stated.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from burdenshare.costs.scenario import Proposal, Scenario
from burdenshare.costs.schedule import Conversion, Schedule, real_basis, schedule
from burdenshare.errors import InputError
from burdenshare.money import _CONTEXT, Currency, Money, round_to_unit


@dataclass(frozen=True)
class Compared:
    """One proposal's schedule shown in the comparison currency.

    ``diff_total`` and ``diff_npv`` are on the common horizon ``horizon`` (the years this
    proposal and the baseline both cover); ``annual_mean`` is the total over the proposal's own
    years divided by their number (rounded half-up to the smallest unit).
    """

    proposal: Proposal
    schedule: Schedule
    yearly: dict[int, Money]
    total: Money
    npv: Money
    diff_total: Money
    diff_npv: Money
    horizon: tuple[int, ...] = ()
    annual_mean: Money | None = None


@dataclass(frozen=True)
class Comparison:
    scenario: Scenario
    currency: Currency
    real: bool
    rate: str
    years: tuple[int, ...]
    items: tuple[Compared, ...]
    base_year: int | None = None  # the price base of real terms (None: nominal)

    @property
    def prices(self) -> str:
        """The view in words: ``KRW, nominal`` or ``USD, real (2020 prices: US CPI-U, converted
        at each year's rate)``, by the rule of the schedules' real amounts (``real_basis``)."""
        if not self.real or self.base_year is None:
            return f"{self.currency}, nominal"
        dataset = self.scenario.dataset
        host = dataset.host_series.currency or dataset.currency
        return real_basis(self.currency, dataset.currency, host, self.base_year)

    def to_records(self) -> list[dict[str, Any]]:
        """Long form: one record per proposal and year (money in smallest units)."""
        base = self.items[0].yearly
        prices = self.prices
        out = []
        for item in self.items:
            for year, money in item.yearly.items():
                native = next(r.amount for r in item.schedule.rows if r.year == year)
                out.append(
                    {
                        "proposal": item.proposal.key,
                        "party": item.proposal.party,
                        "year": year,
                        "currency": money.currency.code,
                        "amount": money.minor,
                        "native_currency": native.currency.code,
                        "native_amount": native.minor,
                        "difference": (money - base[year]).minor if year in base else None,
                        "prices": "real" if self.real else "nominal",
                        "base_year": self.base_year,
                        "basis": prices,
                    }
                )
        return out

    def summary_records(self) -> list[dict[str, Any]]:
        """One record per proposal: first-year amount, total, NPV and differences."""
        out = []
        for item in self.items:
            first = item.schedule.rows[0].amount
            out.append(
                {
                    "proposal": item.proposal.key,
                    "label": item.proposal.label,
                    "party": item.proposal.party,
                    "years": len(item.yearly),
                    "first_year_native": first.minor,
                    "native_currency": first.currency.code,
                    "percent_of_reference": _pct(item, self.scenario),
                    "currency": self.currency.code,
                    "total": item.total.minor,
                    "npv": item.npv.minor,
                    "annual_mean": None if item.annual_mean is None else item.annual_mean.minor,
                    "diff_basis": horizon_text(item.horizon),
                    "diff_total": item.diff_total.minor,
                    "diff_npv": item.diff_npv.minor,
                }
            )
        return out

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame.from_records(self.to_records())


def horizon_text(horizon: tuple[int, ...]) -> str:
    """The common horizon in words, e.g. ``2019-2023 (5 years)``."""
    if not horizon:
        return "no common year"
    span = str(horizon[0]) if len(horizon) == 1 else f"{horizon[0]}-{horizon[-1]}"
    return f"{span} ({len(horizon)} year{'s' if len(horizon) != 1 else ''})"


def _pct(item: Compared, scenario: Scenario) -> str:
    """First-year amount as a percentage of the reference level (in the comparison currency)."""
    ref = scenario.reference_amount
    first_year = min(item.yearly)
    first = item.yearly[first_year]
    if first.currency is not ref.currency:
        conv = _conversion(scenario, first.currency)
        ref = conv.rate(scenario.reference_year, ref.currency, scenario.bank).convert(ref)
    share = _CONTEXT.divide(Decimal(first.minor) * 100, Decimal(ref.minor))
    return str(share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP, context=_CONTEXT))


def _conversion(scenario: Scenario, target: Currency) -> Conversion:
    if scenario.exchange_rate is not None:
        return Conversion(target, fixed=scenario.exchange_rate)
    return Conversion(target, series=scenario.dataset.exchange_rate_series)


def npv(yearly: dict[int, Money], percent: Decimal, base_year: int) -> Money:
    """Σ amount / (1 + r)^(year − base_year), rounded once to the smallest unit."""
    factor = 1 + _CONTEXT.divide(percent, Decimal(100))
    value = sum(
        (
            _CONTEXT.divide(Decimal(m.minor), _CONTEXT.power(factor, year - base_year))
            for year, m in yearly.items()
        ),
        Decimal(0),
    )
    currency = next(iter(yearly.values())).currency
    return Money(round_to_unit(value), currency)


def compare(
    scenario: Scenario,
    currency: Currency | str | None = None,
    real: bool = False,
    base_year: int | None = None,
) -> Comparison:
    """Every proposal beside the baseline, in ``currency`` (default: the dataset's).

    ``currency`` may be a :class:`Currency` or its code (``"USD"``). A currency that the
    scenario's stated rate does not reach is refused with an :class:`InputError`. Real terms
    are in ``base_year`` prices (default: the scenario's reference year): real US dollars are
    converted at each year's rate and deflated by the US CPI-U, any other currency is deflated
    by the host's CPI and converted at the base year's rate (costs/schedule.py, ``real_money``).
    """
    target = _target(scenario, currency)
    conversion = _conversion(scenario, target)
    prices = (base_year or scenario.reference_year) if real else None
    base_year = scenario.baseline.agreement.years[0]  # the NPV's base
    shown: list[tuple[Proposal, Schedule, dict[int, Money]]] = []
    for proposal in scenario.all:
        sched = schedule(
            proposal.agreement,
            scenario.bank,
            conversion=conversion,
            real_base_year=prices,
            host=scenario.dataset.host_series,
        )
        yearly = {r.year: _shown(r, real) for r in sched.rows}
        shown.append((proposal, sched, yearly))
    base = shown[0][2]
    items = []
    for proposal, sched, yearly in shown:
        total = sum(yearly.values(), Money(0, target))
        value = npv(yearly, scenario.discount_percent, base_year)
        horizon = tuple(sorted(set(yearly) & set(base)))
        mine = {y: yearly[y] for y in horizon}
        theirs = {y: base[y] for y in horizon}
        diff_total = diff_npv = Money(0, target)
        if horizon:
            diff_total = _sum(mine, target) - _sum(theirs, target)
            rate = scenario.discount_percent
            diff_npv = npv(mine, rate, base_year) - npv(theirs, rate, base_year)
        mean = round_to_unit(_CONTEXT.divide(Decimal(total.minor), Decimal(len(yearly))))
        items.append(
            Compared(
                proposal,
                sched,
                yearly,
                total,
                value,
                diff_total,
                diff_npv,
                horizon,
                Money(mean, target),
            )
        )
    years = tuple(sorted({y for _, _, yearly in shown for y in yearly}))
    return Comparison(
        scenario,
        target,
        real,
        conversion.describe(scenario.dataset.currency),
        years,
        tuple(items),
        prices,
    )


def _sum(yearly: dict[int, Money], currency: Currency) -> Money:
    return sum(yearly.values(), Money(0, currency))


def _target(scenario: Scenario, currency: Currency | str | None) -> Currency:
    if currency is None:
        return scenario.dataset.currency
    if isinstance(currency, str):
        try:
            currency = Currency.parse(currency)
        except ValueError as exc:
            raise InputError("--currency", "currency", str(exc)) from None
    rate = scenario.exchange_rate
    if rate is not None and currency not in (rate.base_currency, rate.quote_currency):
        raise InputError(
            f"scenario {scenario.name}",
            "exchange_rate",
            f"states only a {rate.pair} rate, so amounts cannot be shown in {currency.code}; "
            f"use --currency {rate.quote_currency.code} or {rate.base_currency.code}",
        )
    return currency


def _shown(row: Any, real: bool) -> Money:
    if real:
        assert row.real is not None
        return row.real  # type: ignore[no-any-return]
    return row.converted or row.amount  # type: ignore[no-any-return]
