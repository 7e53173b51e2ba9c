"""The sourced history: one record per year, documented where published, computed where not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from burdenshare.costs.agreement import Agreement, YearAmount, iter_amounts
from burdenshare.costs.catalog import Dataset, load_dataset, parse_currency, to_minor
from burdenshare.costs.escalation import SeriesBank
from burdenshare.costs.ledger import (
    LedgerEntry,
    SectorAmounts,
    ledger_columns,
    sector_columns,
)
from burdenshare.costs.schedule import Conversion, growth, real_basis, real_money
from burdenshare.costs.sectors import STANDARD_SECTORS
from burdenshare.costs.troops import troop_columns
from burdenshare.data import DATA_DIR, bundled_series, history_file
from burdenshare.data.schemas import Amount
from burdenshare.errors import BurdenshareError, InputError, MissingDataError
from burdenshare.money import Currency, ExchangeRate, Money


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
    ledger: tuple[LedgerEntry, ...] = ()
    sectors: SectorAmounts | None = None

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
    pending: tuple[Pending, ...] = ()

    def to_records(self) -> list[dict[str, Any]]:
        """One record per year, with the signing and entry-into-force dates of its agreement."""
        out = []
        for p, e in zip((None, *self.entries), self.entries, strict=False):
            rec = e.to_record(p)
            agreement = self.dataset.agreements.get(e.agreement)
            for key in ("signed", "entry_into_force"):
                day = None if agreement is None else getattr(agreement, key)
                rec[key] = None if day is None else day.isoformat()
            rec.update(ledger_columns(e.ledger))
            rec.update(
                sector_columns(e.year, e.amount, e.sectors, agreement, self.dataset.sector_names)
            )
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
        ledger = tuple(
            LedgerEntry(
                key,
                _money(fig.amount, f"{where}.ledger.{key}.amount"),
                fig.source,
                tuple(fig.flags),
                fig.note,
            )
            for key, fig in rec.ledger.items()
        )
        sectors = None
        if rec.sectors is not None:
            amounts = tuple(
                (
                    name,
                    _money(
                        Amount(value=v, currency=rec.sectors.currency),
                        f"{where}.sectors.amounts.{name}",
                    ),
                )
                for name, v in rec.sectors.amounts.items()
            )
            sectors = SectorAmounts(amounts, rec.sectors.source, rec.sectors.note)
            total = _money(rec.amount, f"{where}.amount")
            if (
                amounts[0][1].currency is total.currency
                and sum(m.minor for _, m in amounts) != total.minor
            ):
                raise InputError(
                    DATA_DIR / "history" / f"{dataset_name}.yaml",
                    f"{where}.sectors.amounts",
                    f"sectors add up to {sum(m.minor for _, m in amounts)}, "
                    f"not the year's {total.minor}",
                )
        out[rec.year] = HistoryEntry(
            rec.year,
            rec.agreement,
            _money(rec.amount, f"{where}.amount"),
            rec.computed,
            rec.source,
            tuple(rec.flags),
            rec.note,
            alternatives,
            ledger,
            sectors,
        )
    return out


def computable(agreement: Agreement, bank: SeriesBank) -> list[YearAmount]:
    """The leading years of an agreement's schedule that the given series can compute."""
    return _computable(agreement, bank)[0]


def _computable(
    agreement: Agreement, bank: SeriesBank
) -> tuple[list[YearAmount], BurdenshareError | ValueError | None]:
    done: list[YearAmount] = []
    try:
        for item in iter_amounts(agreement, bank):
            done.append(item)
    except (BurdenshareError, ValueError) as exc:
        return done, exc
    return done, None


@dataclass(frozen=True)
class Pending:
    """A year an agreement covers that no source states and its rule cannot compute yet."""

    year: int
    agreement: str
    waits_for: str  # the series value it waits for, e.g. "kr-cpi 2026"
    reason: str
    sector_names: tuple[str, ...] = STANDARD_SECTORS

    def to_record(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "agreement": self.agreement,
            "amount": None,
            "currency": None,
            "growth_pct": None,
            "computed": False,
            "source": f"pending: waits for {self.waits_for}",
            "flags": "pending",
            "note": f"{self.reason}; compute it with --assume "
            f"{self.waits_for.replace(' ', '=')}:VALUE",
            "signed": None,
            "entry_into_force": None,
            **ledger_columns(()),
            **{f"sector_{s}": None for s in self.sector_names},
            "sectors_basis": None,
            "sectors_source": "",
            "basis": "pending",
        }


def history(dataset_name: str = "us-rok", bank: SeriesBank | None = None) -> History:
    """Documented amounts, plus the years an agreement's rule computes that were never published.

    A computed year carries ``computed=True`` and its source names the rule it applied. A
    bundled record marked computed must equal its agreement's rule (else an InputError), so
    the history and the schedule never disagree. Years an agreement covers that its rule
    cannot compute yet (a series value not yet published) are listed in ``pending``.
    """
    bank = bank if bank is not None else bundled_series()
    dataset = load_dataset(dataset_name)
    entries = documented(dataset_name)
    unchecked = {year for year, entry in entries.items() if entry.computed}
    pending: list[Pending] = []
    for agreement in dataset.agreements.values():
        if dataset.history_basis == "budget_lines":
            break  # only documented budget lines: no year is filled from an agreement
        done, error = _computable(agreement, bank)
        for item in done:
            entry = entries.get(item.year)
            if entry is None:
                entries[item.year] = HistoryEntry(
                    item.year,
                    agreement.id,
                    Money(item.amount, agreement.currency),
                    True,
                    f"computed by {agreement.id}'s rule: {item.rule}",
                )
            elif entry.computed:
                unchecked.discard(item.year)
                if entry.amount == Money(item.amount, agreement.currency):
                    continue
                raise InputError(
                    DATA_DIR / "history" / f"{dataset_name}.yaml",
                    f"records (year {item.year}).amount",
                    f"marked computed but {agreement.id}'s rule gives {item.amount} "
                    f"smallest units, not {entry.amount.minor}",
                )
        if isinstance(error, MissingDataError):
            for year in agreement.years[len(done) :]:
                if year not in entries:
                    waits = f"{error.series} {error.year}"
                    reason = str(error).split(";")[0]
                    pending.append(Pending(year, agreement.id, waits, reason, dataset.sector_names))
    if unchecked:
        year = min(unchecked)
        raise InputError(
            DATA_DIR / "history" / f"{dataset_name}.yaml",
            f"records (year {year}).computed",
            f"marked computed but no agreement's rule computes {year}",
        )
    return History(
        dataset, tuple(entries[y] for y in sorted(entries)), tuple(sorted(pending, key=_year))
    )


def _year(p: Pending) -> int:
    return p.year


def history_records(
    hist: History,
    bank: SeriesBank,
    currency: Currency | None = None,
    real_base_year: int | None = None,
    pending: bool = False,
) -> list[dict[str, Any]]:
    """History records with optional views: another currency and real terms (host CPI,
    prices of ``real_base_year``); with ``pending``, the years still waiting for a series.

    In another currency each year says how it got there (``converted_basis``): ``documented``
    (a published figure in that currency, e.g. the won figures of the dollar years),
    ``computed`` (the agreement's rule in that currency), ``converted`` (at the year's annual
    average rate, given with its source), ``assumed`` (a year after the rate series' last
    published annual average: converted at that last average, the rate's source saying it is
    an assumption; ``--assume`` replaces it) or ``missing`` (no rate bundled for a past year:
    left empty, never guessed).
    """
    host = hist.dataset.host_series
    view, known, out = currency is not None, hist.dataset.agreements, []
    for rec, entry in zip(hist.to_records(), hist.entries, strict=True):
        rec["basis"] = "computed" if entry.computed else "documented"
        if currency is not None:
            rec.update(_in_currency(entry, currency, hist, bank))
        shown = rec.get("converted_amount")
        pair = (entry.amount, Money(shown, currency) if currency and shown is not None else None)
        rec.update(troop_columns(entry.year, pair, view, bank, host.troops, entry.agreement, known))
        if real_base_year is not None and host.inflation:
            rec.update(_real_view(entry, rec, currency, real_base_year, hist, bank))
        out.append(rec)
    if pending:
        for item in hist.pending:
            rec = item.to_record()
            agreement = hist.dataset.agreements[item.agreement]
            for key in ("signed", "entry_into_force"):
                day = getattr(agreement, key)
                rec[key] = None if day is None else day.isoformat()
            if currency is not None:
                rec.update(
                    converted_currency=currency.code,
                    rate=None,
                    rate_source="",
                    converted_amount=None,
                    converted_basis="pending",
                    converted_source=f"waits for {item.waits_for}",
                )
            if real_base_year is not None and host.inflation:
                real_cur = _real_currency(currency, hist)
                rec.update(
                    real_base_year=real_base_year,
                    real_amount=None,
                    real_currency=real_cur.code,
                    real_basis=_real_words(real_cur, hist, real_base_year),
                )
            nil = (None, None)
            rec.update(
                troop_columns(item.year, nil, view, bank, host.troops, item.agreement, known)
            )
            out.append(rec)
    if currency is not None:
        _converted_growth(out)
    return out


def _converted_growth(records: list[dict[str, Any]]) -> None:
    """Year-on-year growth of the one-currency series (where both years have a value)."""
    previous: dict[str, Any] | None = None
    for rec in records:
        before = None if previous is None else previous.get("converted_amount")
        now = rec.get("converted_amount")
        comparable = previous is not None and previous["year"] == rec["year"] - 1
        if comparable and isinstance(before, int) and isinstance(now, int) and before > 0:
            rec["converted_growth_pct"] = str(growth(before, now))
        else:
            rec["converted_growth_pct"] = None
        previous = rec


def _in_currency(
    entry: HistoryEntry, target: Currency, hist: History, bank: SeriesBank
) -> dict[str, Any]:
    view: dict[str, Any] = {"converted_currency": target.code, "rate": None, "rate_source": ""}
    if entry.amount.currency is target:
        basis = "computed" if entry.computed else "documented"
        return {**view, "converted_amount": entry.amount.minor, "converted_basis": basis,
                "converted_source": entry.source}  # fmt: skip
    for alt in entry.alternatives:
        if alt.amount.currency is target:
            return {**view, "converted_amount": alt.amount.minor, "converted_basis": "documented",
                    "converted_source": alt.source}  # fmt: skip
    conversion = Conversion(target, series=hist.dataset.exchange_rate_series)
    try:
        rate = conversion.rate(entry.year, entry.amount.currency, bank)
    except MissingDataError as exc:
        known = bank.get(exc.series)
        if known is not None and exc.year > max(known.years, default=exc.year):
            # a year after the series' last published annual average: that average carried
            # forward, marked as an assumption wherever it is shown
            return _carried_forward(view, entry, conversion, bank, exc.series, max(known.years))
        return _no_rate(view, exc)
    except (BurdenshareError, ValueError) as exc:
        return _no_rate(view, exc)
    return _at_rate(view, entry, rate, "converted", rate.reference)


def _no_rate(view: dict[str, Any], exc: Exception) -> dict[str, Any]:
    return {**view, "converted_amount": None, "converted_basis": "missing",
            "converted_source": f"no rate: {str(exc).split(';')[0]}"}  # fmt: skip


def _at_rate(
    view: dict[str, Any], entry: HistoryEntry, rate: ExchangeRate, basis: str, source: str
) -> dict[str, Any]:
    return {
        **view,
        "converted_amount": rate.convert(entry.amount).minor,
        "converted_basis": basis,
        "converted_source": entry.source,
        "rate": str(rate.rate),
        "rate_source": source,
    }


def _carried_forward(
    view: dict[str, Any],
    entry: HistoryEntry,
    conversion: Conversion,
    bank: SeriesBank,
    series: str,
    last: int,
) -> dict[str, Any]:
    """A year after ``series``' last published annual average, converted at that average:
    ``converted_basis`` ``assumed``, the rate's source saying so (``--assume`` replaces it)."""
    try:
        rate = conversion.rate(last, entry.amount.currency, bank)
    except (BurdenshareError, ValueError) as exc:
        return _no_rate(view, exc)
    words = (
        f"assumption: {series} {last} carried forward to {entry.year} (a year's annual "
        f"average is published after the year ends; --assume {series}={entry.year}:RATE "
        f"replaces it); {rate.reference}"
    )
    return _at_rate(view, entry, rate, "assumed", words)


def _real_currency(currency: Currency | None, hist: History) -> Currency:
    """The real view's currency: US dollars when the view is in dollars, else the host's."""
    host = hist.dataset.host_series.currency or hist.dataset.currency
    return Currency.USD if currency is Currency.USD else host


def _real_words(target: Currency, hist: History, base_year: int) -> str:
    host = hist.dataset.host_series.currency or hist.dataset.currency
    return real_basis(target, hist.dataset.currency, host, base_year)


def _real_view(
    entry: HistoryEntry,
    rec: dict[str, Any],
    currency: Currency | None,
    base_year: int,
    hist: History,
    bank: SeriesBank,
) -> dict[str, Any]:
    """The year in real terms by the one rule (costs/schedule.real_money): in US dollars the
    year's dollar view (documented, or converted at the year's rate) deflated by the US CPI-U;
    otherwise the year's host-currency amount (its own, or its documented or converted value
    in the host-currency view) deflated by the host's CPI. Empty where a series is missing."""
    host = hist.dataset.host_series
    target = _real_currency(currency, hist)
    nominal: Money | None = entry.amount
    converted = rec.get("converted_amount")
    if currency is not None and currency is target and entry.amount.currency is not target:
        nominal = Money(converted, target) if isinstance(converted, int) else None
    real: int | None = None
    if nominal is not None and nominal.currency is target:
        try:
            real = real_money(nominal, entry.year, base_year, target, bank, None, host).minor
        except (BurdenshareError, ValueError, KeyError):
            real = None
    return {
        "real_base_year": base_year,
        "real_amount": real,
        "real_currency": target.code,
        "real_basis": _real_words(target, hist, base_year),
    }
