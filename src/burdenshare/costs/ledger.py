"""One record per year beyond the agreed total: budgeted, paid, executed, carried-over, lapsed
and deferred amounts where documented, and the split by sector (published, or derived and
marked so)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from burdenshare.costs.agreement import Agreement
from burdenshare.costs.schedule import sectors_basis
from burdenshare.costs.sectors import STANDARD_SECTORS
from burdenshare.money import Money

LEDGER_KEYS = ("budgeted", "paid", "executed", "unexecuted", "carried_over", "lapsed", "deferred")


@dataclass(frozen=True)
class LedgerEntry:
    """One documented amount of a year's ledger (e.g. ``carried_over``), with its source."""

    key: str
    amount: Money
    source: str
    flags: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class SectorAmounts:
    """A year's published split by sector."""

    amounts: tuple[tuple[str, Money], ...]
    source: str
    note: str = ""


def ledger_columns(ledger: tuple[LedgerEntry, ...]) -> dict[str, Any]:
    """Flat columns: one per ledger key (smallest units, or None), plus their sources."""
    by_key = {e.key: e for e in ledger}
    out: dict[str, Any] = {
        key: by_key[key].amount.minor if key in by_key else None for key in LEDGER_KEYS
    }
    out["ledger_currency"] = ledger[0].amount.currency.code if ledger else None
    out["ledger_sources"] = " | ".join(
        f"{e.key}: {e.source}"
        + (f" [{','.join(e.flags)}]" if e.flags else "")
        + (f" ({e.note})" if e.note else "")
        for e in ledger
    )
    return out


def sector_columns(
    year: int,
    amount: Money,
    published: SectorAmounts | None,
    agreement: Agreement | None,
    names: tuple[str, ...] = STANDARD_SECTORS,
) -> dict[str, Any]:
    """``sector_<name>`` columns (the dataset's sectors or items): the published split of the
    year, else the agreement's split applied to the year's total and marked derived, else
    empty."""
    out: dict[str, Any] = {f"sector_{name}": None for name in names}
    out["sectors_basis"] = None
    out["sectors_source"] = ""
    if published is not None:
        for name, money in published.amounts:
            out[f"sector_{name}"] = money.minor
        out["sectors_basis"] = "published"
        out["sectors_source"] = published.source
        return out
    split = None if agreement is None else agreement.sectors
    if agreement is None or split is None or agreement.currency is not amount.currency:
        return out
    for name, part in split.split(amount.minor, agreement.rounding.unit).items():
        out[f"sector_{name}"] = part
    out["sectors_basis"] = sectors_basis(split.basis, year)
    out["sectors_source"] = split.reference
    return out
