"""The sourced history: one record per year, documented where published, computed where not."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from burdenshare.costs.agreement import Agreement, YearAmount, iter_amounts
from burdenshare.costs.catalog import Dataset, load_dataset, parse_currency, to_minor
from burdenshare.costs.escalation import SeriesBank, Unstated, rule_in_force
from burdenshare.costs.schedule import Conversion, HostSeries, growth
from burdenshare.data import DATA_DIR, bundled_series, history_file
from burdenshare.data.schemas import Amount
from burdenshare.errors import BurdenshareError
from burdenshare.money import _CONTEXT, Currency, Money, round_to_unit
from burdenshare.series import price_index


@dataclass(frozen=True)
class Figure:
    """A published figure for a year that differs in source or basis from the main one."""

    amount: Money
    source: str
    note: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    """One year's contribution, with its source, or the rule that computed it."""

    year: int
    agreement: str
    amount: Money
    computed: bool
    source: str
    flags: tuple[str, ...] = ()
    note: str = ""
    alternatives: tuple[Figure, ...] = ()

    def to_record(self, previous: HistoryEntry | None = None) -> dict[str, Any]:
        """Flat record; ``growth_pct`` against ``previous`` when it is the year before and in
        the same currency (else empty: no growth across a currency change or a gap)."""
        comparable = (
            previous is not None
            and previous.year == self.year - 1
            and previous.amount.currency is self.amount.currency
            and previous.amount.minor > 0
        )
        return {
            "year": self.year,
            "agreement": self.agreement,
            "amount": self.amount.minor,
            "currency": self.amount.currency.code,
            "growth_pct": str(growth(previous.amount.minor, self.amount.minor))
            if comparable and previous is not None
            else None,
            "computed": self.computed,
            "source": self.source,
            "flags": ",".join(self.flags),
            "note": self.note,
        }


@dataclass(frozen=True)
class History:
    dataset: Dataset
    entries: tuple[HistoryEntry, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """One record per year, with the signing and entry-into-force dates of its agreement."""
        out = []
        for p, e in zip((None, *self.entries), self.entries, strict=False):
            rec = e.to_record(p)
            agreement = self.dataset.agreements.get(e.agreement)
            for key in ("signed", "entry_into_force"):
                day = None if agreement is None else getattr(agreement, key)
                rec[key] = None if day is None else day.isoformat()
            out.append(rec)
        return out

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame.from_records(self.to_records())

    def entry(self, year: int) -> HistoryEntry:
        for e in self.entries:
            if e.year == year:
                return e
        raise KeyError(year)


def _money(amount: Amount, where: str) -> Money:
    path = DATA_DIR / "history"
    cur = parse_currency(amount.currency or "", path, f"{where}.currency")
    return Money(to_minor(amount.value, cur, path, f"{where}.value"), cur)


def documented(dataset_name: str) -> dict[int, HistoryEntry]:
    """The published figures of a dataset, by year."""
    out: dict[int, HistoryEntry] = {}
    for i, rec in enumerate(history_file(dataset_name).records):
        where = f"{dataset_name}.records[{i}]"
        alternatives = tuple(
            Figure(_money(a.amount, f"{where}.alternatives[{j}].amount"), a.source, a.note)
            for j, a in enumerate(rec.alternatives)
        )
        out[rec.year] = HistoryEntry(
            rec.year,
            rec.agreement,
            _money(rec.amount, f"{where}.amount"),
            False,
            rec.source,
            tuple(rec.flags),
            rec.note,
            alternatives,
        )
    return out


def computable(agreement: Agreement, bank: SeriesBank) -> list[YearAmount]:
    """The leading years of an agreement's schedule that the given series can compute."""
    done: list[YearAmount] = []
    try:
        for item in iter_amounts(agreement, bank):
            done.append(item)
    except (BurdenshareError, ValueError):
        pass
    return done


def history(dataset_name: str = "us-rok", bank: SeriesBank | None = None) -> History:
    """Documented amounts, plus the years an agreement's rule computes that were never published.

    A computed year carries ``computed=True`` and its source names the rule it applied.
    """
    bank = bank if bank is not None else bundled_series()
    dataset = load_dataset(dataset_name)
    entries = documented(dataset_name)
    for agreement in dataset.agreements.values():
        for item in computable(agreement, bank):
            if item.year not in entries:
                entries[item.year] = HistoryEntry(
                    item.year,
                    agreement.id,
                    Money(item.amount, agreement.currency),
                    True,
                    f"computed by {agreement.id}'s rule: {item.rule}",
                )
    return History(dataset, tuple(entries[y] for y in sorted(entries)))


def history_records(
    hist: History,
    bank: SeriesBank,
    currency: Currency | None = None,
    real_base_year: int | None = None,
) -> list[dict[str, Any]]:
    """History records with optional views: another currency (annual-average rate of the
    year) and real terms (host CPI, prices of ``real_base_year``). A view that the bundled
    series cannot give for a year is ``None`` for that year, never guessed.
    """
    host = hist.dataset.host_series
    out = []
    for rec, entry in zip(hist.to_records(), hist.entries, strict=True):
        if currency is not None:
            rec["converted_currency"] = currency.code
            rec["converted_amount"] = _convert(entry.amount, entry.year, currency, hist, bank)
        if real_base_year is not None and host.inflation:
            rec["real_base_year"] = real_base_year
            rec["real_amount"] = _real(entry.amount, entry.year, real_base_year, host, bank)
        out.append(rec)
    return out


def _convert(
    money: Money, year: int, target: Currency, hist: History, bank: SeriesBank
) -> int | None:
    if money.currency is target:
        return money.minor
    conversion = Conversion(target, series=hist.dataset.exchange_rate_series)
    try:
        return conversion.rate(year, money.currency, bank).convert(money).minor
    except (BurdenshareError, ValueError):
        return None


def _real(
    money: Money, year: int, base_year: int, host: HostSeries, bank: SeriesBank
) -> int | None:
    if host.inflation is None or money.currency is not host.currency:
        return None
    try:
        index = price_index(bank[host.inflation], base_year, year)
    except BurdenshareError:
        return None
    return round_to_unit(_CONTEXT.divide(Decimal(money.minor), index))


def why_no_rule(agreement: Agreement) -> str | None:
    """The words of an agreement's rule when it exists only in words (SMA-1, JP-SMA-2006...),
    else ``None``: such an agreement has documented years but no schedule to compute."""
    for year in agreement.years[1:]:
        rule = rule_in_force(agreement.escalation, year)
        if isinstance(rule, Unstated):
            return rule.text
    return None


@dataclass(frozen=True)
class DocumentedYears:
    """The documented years of an agreement whose rule cannot run, and why it cannot."""

    agreement: Agreement
    reason: str
    records: tuple[dict[str, Any], ...]

    def to_records(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.records]


def documented_years(
    dataset: Dataset,
    agreement: Agreement,
    bank: SeriesBank,
    currency: Currency | None = None,
    real_base_year: int | None = None,
) -> DocumentedYears | None:
    """What ``schedule`` shows for an agreement whose rule exists only in words: the history's
    records of its years (every view the history offers), each saying why no rule runs.
    ``None`` when the agreement's rule can run."""
    reason = why_no_rule(agreement)
    if reason is None:
        return None
    hist = history(dataset.name, bank)
    years = set(agreement.years)
    records = tuple(
        {**rec, "rule": f"documented; no rule runs: {reason}"}
        for rec in history_records(hist, bank, currency, real_base_year)
        if rec["year"] in years and rec["agreement"] == agreement.id
    )
    return DocumentedYears(agreement, reason, records)
