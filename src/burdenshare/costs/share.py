"""Host share: what the host pays against what the sending state spends, per period, exactly.

A *period* is a year, or a span of years where the source publishes only a total (GAO-21-270
gives 2016–2019 as one figure). For each period on a chosen *basis* of the host's contribution:

- ``sma``: the SMA contributions of the bundled history (documented or computed by the
  agreement's rule), converted to US cents year by year at the annual-average rate series;
- ``direct``: the host's published cash and in-kind support (e.g. GAO's figure);
- ``direct+indirect``: direct plus indirect support (forgone rents, waived taxes, ...), where
  officially published.

host share = host contribution / (host contribution + sending-state cost) × 100, a ``Decimal``
rounded half-up to 0.01; cost per troop = sending-state cost / troops / years, in whole cents.
Every figure carries its source; a change of basis between periods is stated on the later row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from burdenshare.costs.catalog import load_dataset
from burdenshare.costs.escalation import SeriesBank
from burdenshare.costs.history import History, history
from burdenshare.costs.schedule import Conversion
from burdenshare.costs.troops import per_count, period_troops, stated_troops
from burdenshare.data import bundled_series
from burdenshare.data.share import (
    HostFigure,
    SendingStateCost,
    ShareFile,
    SharePeriod,
    share_file,
)
from burdenshare.errors import BurdenshareError, InputError
from burdenshare.money import _CONTEXT, Currency, Money, round_to_unit

BASES = ("sma", "direct", "direct+indirect")
CENT = Decimal("0.01")
MILLI = Decimal("0.001")  # shares of GDP are small: three places
GDP_NOTE = (
    "host % of GDP: where the host's GDP is bundled for every year of the period (World Bank, "
    "calendar years, secondary; a Japanese fiscal year against the calendar year it starts in)"
)


def pct(part: int, whole: int, quantum: Decimal = CENT) -> Decimal | None:
    """``part / whole × 100`` rounded half-up to ``quantum`` (None when ``whole`` is zero)."""
    if whole == 0:
        return None
    return _CONTEXT.divide(Decimal(part) * 100, Decimal(whole)).quantize(quantum, _CONTEXT.rounding)


def host_share_pct(host: int, sending: int) -> Decimal | None:
    """The host's share of the two sides' combined spending, in percent."""
    return pct(host, host + sending)


@dataclass(frozen=True)
class Sourced:
    """A money figure (or ``None``: not available) with its source and how it was read."""

    amount: Money | None
    source: str
    basis: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ShareRow:
    first: int
    last: int
    basis: str
    host: Sourced
    sending: Sourced
    categories: tuple[tuple[str, Money], ...]
    troop_years: int | None  # the divisor of cost_per_troop (sum of the years' counts)
    troops_source: str
    defence_budget_pct: Decimal | None
    defence_budget_source: str
    basis_change: str = ""
    gdp_pct: Decimal | None = None
    gdp_source: str = ""
    stated_troops: int | None = None  # the source's own level (GAO's "about 28,500")
    stated_troops_source: str = ""

    @property
    def years(self) -> int:
        return self.last - self.first + 1

    @property
    def troops(self) -> int | None:
        """Troops per year of the per-troop basis: the troop-years over the years, half-up
        (exact for a one-year period)."""
        if not self.troop_years:
            return None
        return round_to_unit(_CONTEXT.divide(Decimal(self.troop_years), Decimal(self.years)))

    @property
    def host_share_pct(self) -> Decimal | None:
        if self.host.amount is None or self.sending.amount is None:
            return None
        return host_share_pct(self.host.amount.minor, self.sending.amount.minor)

    @property
    def categories_gap(self) -> int | None:
        """The published categories' sum less the published total, in cents (0 where they add
        up; the rounding of printed figures otherwise); None without categories."""
        if not self.categories or self.sending.amount is None:
            return None
        return sum(m.minor for _, m in self.categories) - self.sending.amount.minor

    @property
    def cost_per_troop(self) -> Money | None:
        """Sending-state cost per troop-year (whole cents, half-up)."""
        return per_count(self.sending.amount, self.troop_years)

    @property
    def cost_per_stated_troop(self) -> Money | None:
        """The same on the source's own troop level: cost / stated troops / years."""
        return per_count(
            self.sending.amount, self.stated_troops and self.stated_troops * self.years
        )

    def to_record(self) -> dict[str, Any]:
        per_troop = self.cost_per_troop
        per_stated = self.cost_per_stated_troop
        share = self.host_share_pct
        return {
            "year": self.first,
            "year_to": self.last,
            "years": self.years,
            "basis": self.basis,
            "currency": "USD",
            "host_contribution": None if self.host.amount is None else self.host.amount.minor,
            "host_basis": self.host.basis,
            "host_source": self.host.source,
            "host_flags": ",".join(self.host.flags),
            "sending_state_cost": None
            if self.sending.amount is None
            else self.sending.amount.minor,
            "sending_state_basis": self.sending.basis,
            "sending_state_source": self.sending.source,
            "sending_state_flags": ",".join(self.sending.flags),
            **{f"sending_{name}": m.minor for name, m in self.categories},
            "sending_categories_gap": self.categories_gap,
            "host_share_pct": None if share is None else str(share),
            "troops": self.troops,
            "troop_years": self.troop_years,
            "troops_source": self.troops_source,
            "cost_per_troop": None if per_troop is None else per_troop.minor,
            "stated_troops": self.stated_troops,
            "stated_troops_source": self.stated_troops_source,
            "cost_per_stated_troop": None if per_stated is None else per_stated.minor,
            "host_pct_of_defence_budget": None
            if self.defence_budget_pct is None
            else str(self.defence_budget_pct),
            "defence_budget_source": self.defence_budget_source,
            "host_pct_of_gdp": None if self.gdp_pct is None else str(self.gdp_pct),
            "gdp_source": self.gdp_source,
            "basis_change": self.basis_change,
        }


@dataclass(frozen=True)
class ShareTable:
    dataset: str
    host: str
    sending_state: str
    basis: str
    rows: tuple[ShareRow, ...]
    omitted: tuple[str, ...] = field(default=())
    definition: str = (
        "host share = host contribution / (host contribution + sending-state cost) × 100; "
        "cost per troop = sending-state cost / troop-years (the year's US troops summed over the "
        "period; the source's stated level × years where no count covers it); money in US cents"
    )

    def to_records(self) -> list[dict[str, Any]]:
        return [r.to_record() for r in self.rows]

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame.from_records(self.to_records())

    def payload(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "host": self.host,
            "sending_state": self.sending_state,
            "basis": self.basis,
            "definition": self.definition,
            "notes": [*self.omitted, GDP_NOTE],
            "records": self.to_records(),
        }


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _usd(value: Decimal, currency: str, where: Path, field_name: str) -> Money:
    if currency != "USD":
        raise InputError(where, field_name, f"host figures are read in USD, not {currency}")
    minor = _CONTEXT.multiply(value, Decimal(100))
    if minor != minor.to_integral_value():
        raise InputError(where, field_name, f"{value} is finer than one cent")
    return Money(int(minor), Currency.USD)


def _sma(period: SharePeriod, hist: History, bank: SeriesBank) -> tuple[Sourced, str]:
    """The period's SMA contributions in US cents, converted year by year (or why not)."""
    series = hist.dataset.exchange_rate_series
    total = 0
    sources: list[str] = []
    flags: set[str] = {"derived"}
    for year in range(period.first, period.last + 1):
        try:
            entry = hist.entry(year)
        except KeyError:
            return Sourced(None, "", "sma"), f"no SMA contribution for {year} in the history"
        try:
            rate = Conversion(Currency.USD, series=series).rate(year, entry.amount.currency, bank)
        except (BurdenshareError, ValueError):
            return Sourced(None, "", "sma"), f"no {series} rate for {year}"
        total += rate.convert(entry.amount).minor
        sources.append(f"{year}: {entry.source.split(' ; ')[0]} at {rate.rate} ({rate.reference})")
        flags.update(entry.flags)
        if entry.computed:
            flags.add("computed")
    basis = "SMA contributions (bundled history), converted at each year's annual-average rate"
    return Sourced(Money(total, Currency.USD), " | ".join(sources), basis, tuple(sorted(flags))), ""


def _share_of(
    period: SharePeriod,
    host: Money | None,
    name: str | None,
    hist: History,
    bank: SeriesBank,
    quantum: Decimal = CENT,
) -> tuple[Decimal | None, str]:
    """The host contribution as a share of a bundled host series (defence budget, GDP) over
    the period's years (None, and why, when a year is missing)."""
    if host is None or name is None or name not in bank:
        return None, ""
    series = bank[name]
    values = {
        year: (int(series.value(year)), series.observations[year].reference.split(" ; ")[0])
        for year in range(period.first, period.last + 1)
        if series.has(year)
    }
    return _share_of_values(period, host, name, values, hist, bank, quantum)


def _share_of_values(
    period: SharePeriod,
    host: Money,
    label: str,
    values: dict[int, tuple[int, str]],
    hist: History,
    bank: SeriesBank,
    quantum: Decimal,
) -> tuple[Decimal | None, str]:
    """``host`` over the sum of ``values`` (host currency, year → (amount, reference)) of the
    period's years, both in US cents at each year's annual-average rate."""
    rates = hist.dataset.exchange_rate_series
    total = 0
    refs = []
    for year in range(period.first, period.last + 1):
        if year not in values:
            return None, f"{label} has no {year}"
        amount, reference = values[year]
        native = Money(amount, hist.dataset.currency)
        try:
            rate = Conversion(Currency.USD, series=rates).rate(year, native.currency, bank)
        except (BurdenshareError, ValueError):
            return None, f"no {rates} rate for {year}"
        total += rate.convert(native).minor
        refs.append(f"{year}: {reference}")
    return pct(host.minor, total, quantum), f"{label} " + " | ".join(refs)


def _gdp_share(
    spec: ShareFile,
    path: Path,
    period: SharePeriod,
    host: Money | None,
    hist: History,
    bank: SeriesBank,
) -> tuple[Decimal | None, str]:
    """The host contribution as a share of the host's GDP: a bundled series or the file's own
    ``gdp`` figures (three places)."""
    if not spec.gdp:
        return _share_of(period, host, spec.gdp_series, hist, bank, MILLI)
    if host is None:
        return None, ""
    values = {}
    currency = hist.dataset.currency
    for i, g in enumerate(spec.gdp):
        if g.currency != currency.code:
            raise InputError(path, f"gdp[{i}].currency", f"{g.currency}, not {currency.code}")
        minor = _CONTEXT.multiply(g.value, Decimal(currency.minor_per_major))
        if minor != minor.to_integral_value():
            raise InputError(path, f"gdp[{i}].value", f"{g.value} is finer than one {currency}")
        flags = f" ({', '.join(g.flags)})" if g.flags else ""
        values[g.year] = (int(minor), g.source + flags)
    return _share_of_values(period, host, "host GDP", values, hist, bank, MILLI)


def _direct(period: SharePeriod, basis: str, path: Path, index: int) -> tuple[Sourced, str]:
    figures = {h.basis: (i, h) for i, h in enumerate(period.host)}
    if basis not in figures:
        span = _span(period.first, period.last)
        return Sourced(None, "", basis), f"no published {basis} host support for {span}"
    i, fig = figures[basis]
    return _host_figure(fig, path, f"periods[{index}].host[{i}].value"), ""


def _host_figure(fig: HostFigure, path: Path, where: str) -> Sourced:
    money = _usd(fig.value, fig.currency, path, where)
    text = fig.description.strip() + (f" [{fig.table}]" if fig.table else "")
    text += f"; note: {fig.note.strip()}" if fig.note else ""
    return Sourced(money, fig.source, text, fig.flags)


def _cost_basis(cost: SendingStateCost) -> str:
    """The cost's basis and table, and where its printed categories miss its printed total by
    rounding, by how much (the total is kept as published)."""
    text = cost.basis.strip() + (f" [{cost.table}]" if cost.table else "")
    gap = cost.rounding_gap
    if gap:
        parts = cost.total + gap
        side = "more" if gap > 0 else "less"
        text += (
            f"; the categories as published add up to US$ {parts:,}, US$ {abs(gap):,} {side} "
            f"than the total (each rounded to US$ {cost.rounding:,}): the total is kept as "
            "published"
        )
    return text


def share(
    dataset: str | Path = "us-rok", basis: str = "direct", bank: SeriesBank | None = None
) -> ShareTable:
    """The host share per period of a bundled share dataset (or a share file) on ``basis``."""
    if basis not in BASES:
        raise InputError("--basis", "basis", f"unknown basis {basis!r} (known: {', '.join(BASES)})")
    bank = bank if bank is not None else bundled_series()
    path, spec = share_file(dataset)
    try:
        load_dataset(spec.dataset)
    except InputError:
        raise InputError(path, "dataset", f"unknown agreements dataset {spec.dataset!r}") from None
    hist = history(spec.dataset, bank)
    rows: list[ShareRow] = []
    omitted: list[str] = []
    previous_basis = None
    for i, period in enumerate(spec.periods):
        span = _span(period.first, period.last)
        cost = period.sending_state_cost
        if cost is None:
            omitted.append(f"{span} left out: no sourced sending-state cost ({period.gap.strip()})")
            continue
        if basis == "sma":
            host, why = _sma(period, hist, bank)
        else:
            host, why = _direct(period, basis, path, i)
        if host.amount is None:
            omitted.append(f"{span} left out: {why}")
            continue
        sending = Sourced(
            _usd(cost.total, "USD", path, f"periods[{i}].sending_state_cost.total"),
            cost.source,
            _cost_basis(cost),
            cost.flags,
        )
        categories = tuple(
            (name, _usd(v, "USD", path, f"periods[{i}].sending_state_cost.categories.{name}"))
            for name, v in cost.categories.items()
        )
        budget = hist.dataset.host_series.defence_budget
        defence, defence_source = _share_of(period, host.amount, budget, hist, bank)
        gdp, gdp_source = _gdp_share(spec, path, period, host.amount, hist, bank)
        change = ""
        if previous_basis is not None and previous_basis != sending.basis:
            change = f"sending-state cost basis changes: {previous_basis[:80]}… → {sending.basis}"
        previous_basis = sending.basis
        rows.append(
            ShareRow(
                period.first,
                period.last,
                basis,
                host,
                sending,
                categories,
                *period_troops(
                    period.first, period.last, period.troops, bank, hist.dataset.host_series.troops
                ),
                defence,
                defence_source,
                change,
                gdp,
                gdp_source,
                period.troops.value if period.troops else None,
                stated_troops(period.troops) if period.troops else "",
            )
        )
    if not rows:
        raise InputError(
            path, "periods", f"no period has a {basis} host figure: {'; '.join(omitted)}"
        )
    return ShareTable(
        spec.dataset, spec.host, spec.sending_state, basis, tuple(rows), tuple(omitted)
    )


def annual_cost(dataset: str = "us-rok") -> tuple[Money, Money | None, str]:
    """The latest period's sending-state cost per year (total, military personnel) and its source:
    the cost assumption used to state the host share a proposal implies."""
    path, spec = share_file(dataset)
    index, cost = spec.latest_cost
    period = spec.periods[index]
    years = Decimal(period.last - period.first + 1)
    where = f"periods[{index}].sending_state_cost"
    total = _usd(cost.total, "USD", path, f"{where}.total")
    per_year = Money(round_to_unit(_CONTEXT.divide(Decimal(total.minor), years)), Currency.USD)
    personnel = None
    if "military_personnel" in cost.categories:
        mp = _usd(cost.categories["military_personnel"], "USD", path, f"{where}.categories")
        personnel = Money(round_to_unit(_CONTEXT.divide(Decimal(mp.minor), years)), Currency.USD)
    span = _span(period.first, period.last)
    flags = f" ({', '.join(cost.flags)})" if cost.flags else ""
    what = cost.table or cost.basis.strip()
    return per_year, personnel, f"{what} ({span}): {cost.source}{flags}"
