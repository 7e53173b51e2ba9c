"""The record's views of `schedule` and `history` as presentation values: the documented years
of an agreement whose rule exists only in words (`schedule SMA-1`), and the agreed multi-year
totals (`history --agreed`), a separate labelled view never spread over the annual column."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from burdenshare.money import Currency
from burdenshare.present.numbers import DIGITS, amount, short_unit
from burdenshare.present.sources import source_links
from burdenshare.present.table import Cell, Column, ResultTable

if TYPE_CHECKING:  # loaded by the commands that use it
    from burdenshare.costs.record import DocumentedYears


def _unit(currencies: Sequence[str], scale: str | None) -> str:
    """One header unit per currency met in the column, e.g. ``USD m / KRW bn``."""
    return " / ".join(short_unit(Currency.parse(c), scale) for c in dict.fromkeys(currencies))


def _money(minor: int | None, code: str, scale: str | None, digits: int) -> Cell:
    if minor is None:
        return Cell("–")
    return Cell(amount(minor, Currency.parse(code), scale, digits), minor)


def _source(text: str) -> Cell:
    return Cell(text, text, source_links(text))


def documented_table(
    doc: DocumentedYears, scale: str | None = None, digits: int = DIGITS
) -> ResultTable:
    """The documented years of an agreement whose rule cannot run; the notes say why."""
    records = doc.records
    converted = bool(records) and "converted_amount" in records[0]
    columns = [
        Column("year", "year"),
        Column("currency", "cur"),
        Column("amount", "as agreed", _unit([r["currency"] for r in records], scale), True),
        Column("growth_pct", "growth", numeric=True),
    ]
    target = str(records[0]["converted_currency"]) if converted else ""
    if converted:
        unit = short_unit(Currency.parse(target), scale)
        columns.append(Column("converted_amount", f"in {target}", unit, numeric=True))
        columns.append(Column("converted_basis", "basis"))
    columns += [Column("computed", "computed"), Column("source", "source")]
    rows = []
    for rec in records:
        growth = rec["growth_pct"]
        row = [
            Cell(str(rec["year"]), rec["year"]),
            Cell(rec["currency"]),
            _money(rec["amount"], rec["currency"], scale, digits),
            Cell("" if growth is None else f"{growth}%", growth),
        ]
        if converted:
            row.append(_money(rec.get("converted_amount"), target, scale, digits))
            row.append(Cell(str(rec.get("converted_basis") or "")))
        computed = bool(rec["computed"])
        row += [Cell("yes" if computed else "", computed), _source(rec["source"])]
        rows.append(tuple(row))
    agreement = doc.agreement
    return ResultTable(
        title=f"{agreement.id}: {agreement.name} (documented years)",
        columns=tuple(columns),
        rows=tuple(rows),
        basis="as agreed, nominal" + (f"; in {target} where stated" if converted else ""),
        notes=(
            f"No rule runs for {agreement.id}: its rule exists only in words "
            f"({doc.reason}). The documented years are shown instead.",
            f"{digits} significant figures; exact values in --format csv/json."
            if digits
            else "Exact values.",
        ),
    )


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def agreed_table(
    records: Sequence[dict[str, Any]], scale: str | None = None, digits: int = DIGITS
) -> ResultTable:
    """The agreed multi-year totals, one row per agreement (``history --agreed``)."""
    unit = _unit([r["currency"] for r in records], scale) if records else ""
    columns = (
        Column("agreement", "agreement"),
        Column("years", "years"),
        Column("currency", "cur"),
        Column("agreed_total", "agreed total", unit, numeric=True),
        Column("average_per_year", "average a year (derived)", unit, numeric=True),
        Column("basis", "basis"),
        Column("source", "source"),
    )
    rows = tuple(
        (
            Cell(rec["agreement"]),
            Cell(_span(rec["first_year"], rec["last_year"]), rec["years"]),
            Cell(rec["currency"]),
            _money(rec["agreed_total"], rec["currency"], scale, digits),
            _money(rec["average_per_year"], rec["currency"], scale, digits),
            Cell(rec["basis"]),
            _source(rec["source"]),
        )
        for rec in records
    )
    return ResultTable(
        title="Agreed multi-year totals (not spread over the annual history)",
        columns=columns,
        rows=rows,
        basis="as agreed, nominal; the average a year is derived (total / years)",
        notes=(
            f"{digits} significant figures; exact values in --format csv/json."
            if digits
            else "Exact values.",
        ),
    )
