"""The allies panel: Korea, Japan and Germany side by side (host-nation support, US troops,
defence spending as a share of GDP) against NATO's guidelines, every figure with its source.

SMA contributions come from the bundled histories (exact, converted to US cents at each year's
annual-average rate); the other figures are read from ``data/share/allies.yaml``. Money stays in
integer minor units of its own currency (EUR in cents: Germany's support is published in euros).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from burdenshare.costs.escalation import SeriesBank
from burdenshare.costs.history import history
from burdenshare.costs.schedule import Conversion
from burdenshare.data import bundled_series
from burdenshare.data.share import Ally, allies_file
from burdenshare.errors import BurdenshareError, InputError
from burdenshare.money import _CONTEXT, Currency

EXPONENT = {"USD": 2, "EUR": 2, "KRW": 0, "JPY": 0}


def minor_units(value: Decimal, currency: str, where: str) -> int:
    if currency not in EXPONENT:
        raise InputError("allies.yaml", where, f"unknown currency {currency!r}")
    minor = _CONTEXT.multiply(value, Decimal(10 ** EXPONENT[currency]))
    if minor != minor.to_integral_value():
        raise InputError("allies.yaml", where, f"{value} is finer than the currency's unit")
    return int(minor)


@dataclass(frozen=True)
class AllyRecord:
    """One figure of the panel: a country, a measure, a year (or span), value and source."""

    country: str
    measure: str  # us_troops | defence_pct_gdp | host_support | sma_contribution
    first: int
    last: int
    value: int | Decimal
    unit: str  # troops | percent of GDP | USD | EUR | KRW | JPY (money in minor units)
    basis: str
    source: str
    flags: tuple[str, ...] = ()
    note: str = ""
    usd: int | None = None  # money converted to US cents where the bundled rates allow

    def to_record(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "measure": self.measure,
            "year": self.first,
            "year_to": self.last,
            "value": self.value if isinstance(self.value, int) else None,
            "percent": None if isinstance(self.value, int) else str(self.value),
            "unit": self.unit,
            "usd_cents": self.usd,
            "basis": self.basis,
            "source": self.source,
            "flags": ",".join(self.flags),
            "note": self.note,
        }


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    percent: Decimal
    agreed: int
    by: int
    source: str
    flags: tuple[str, ...]


@dataclass(frozen=True)
class AlliesPanel:
    countries: tuple[tuple[str, str], ...]  # (code, name)
    records: tuple[AllyRecord, ...]
    targets: tuple[Target, ...]

    def to_records(self) -> list[dict[str, Any]]:
        return [r.to_record() for r in self.records]

    def of(self, country: str, measure: str) -> list[AllyRecord]:
        return [r for r in self.records if r.country == country and r.measure == measure]

    def latest(self, country: str, measure: str) -> AllyRecord | None:
        """The latest figure of a measure (an SMA amount only where it converts to USD)."""
        found = [
            r
            for r in self.of(country, measure)
            if measure != "sma_contribution" or r.usd is not None
        ]
        return max(found, key=lambda r: (r.last, r.first)) if found else None

    def payload(self) -> dict[str, Any]:
        return {
            "countries": [{"code": c, "name": n} for c, n in self.countries],
            "targets": [
                {
                    "key": t.key,
                    "label": t.label,
                    "percent": str(t.percent),
                    "agreed": t.agreed,
                    "by": t.by,
                    "source": t.source,
                    "flags": ",".join(t.flags),
                }
                for t in self.targets
            ],
            "records": self.to_records(),
        }


def _sma_records(ally: Ally, bank: SeriesBank, since: int) -> list[AllyRecord]:
    if ally.history is None:
        return []
    hist = history(ally.history, bank)
    out = []
    for e in hist.entries:
        if e.year < since:
            continue
        usd = None
        try:
            rate = Conversion(Currency.USD, series=hist.dataset.exchange_rate_series).rate(
                e.year, e.amount.currency, bank
            )
            usd = rate.convert(e.amount).minor
        except (BurdenshareError, ValueError):
            pass
        out.append(
            AllyRecord(
                ally.code,
                "sma_contribution",
                e.year,
                e.year,
                e.amount.minor,
                e.amount.currency.code,
                "SMA / host-nation-support agreement amount (bundled history)",
                e.source,
                (*e.flags, *(("computed",) if e.computed else ())),
                e.note,
                usd,
            )
        )
    return out


def allies(bank: SeriesBank | None = None, since: int = 2014) -> AlliesPanel:
    """The bundled allies panel; SMA contributions from ``since`` on."""
    bank = bank if bank is not None else bundled_series()
    spec = allies_file()
    records: list[AllyRecord] = []
    for i, ally in enumerate(spec.countries):
        for f in ally.us_troops:
            records.append(
                AllyRecord(
                    ally.code, "us_troops", f.year, f.year, int(f.value), "troops",
                    "US troops stationed", f.source, f.flags, f.note,
                )
            )  # fmt: skip
        for f in ally.defence_pct_gdp:
            records.append(
                AllyRecord(
                    ally.code, "defence_pct_gdp", f.year, f.year, f.value, "percent of GDP",
                    "defence expenditure as a share of GDP", f.source, f.flags, f.note,
                )
            )  # fmt: skip
        for j, s in enumerate(ally.host_support):
            minor = minor_units(s.value, s.currency, f"countries[{i}].host_support[{j}].value")
            records.append(
                AllyRecord(
                    ally.code, "host_support", s.first, s.last, minor, s.currency,
                    f"{s.basis} support", s.source, s.flags, s.note,
                    minor if s.currency == "USD" else None,
                )
            )  # fmt: skip
        records.extend(_sma_records(ally, bank, since))
    targets = tuple(
        Target(t.key, t.label, t.percent, t.agreed, t.by, t.source, t.flags) for t in spec.targets
    )
    countries = tuple((a.code, a.name) for a in spec.countries)
    return AlliesPanel(countries, tuple(records), targets)
