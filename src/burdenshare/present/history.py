"""The sourced history (costs/history.py's records) as a presentation value, for `burdenshare
history`, /history and its JSON twin, and the briefing's appendix.

One row per year: the amount as agreed (in the agreement's own currency), its growth, the
year's view in another currency (``currency``: documented, computed, converted or missing),
optionally a second currency (``other``, the page's dollar column), real terms by the one rule
(costs/schedule.real_money: real US dollars on the US CPI-U in a dollar view, else the host's
currency on the host's CPI, its words in the basis and notes), whether the figure is
documented, computed or pending, and its source (text, a citation mark, or links).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from burdenshare.costs.history import History
from burdenshare.money import Currency
from burdenshare.present.numbers import DIGITS, amount, short_unit
from burdenshare.present.sources import source_links
from burdenshare.present.table import Cell, Column, ResultTable

Record = Mapping[str, Any]

SCALE_NOTE = "Amounts in the unit of the column header; exact values in --format csv/json."


def _money(minor: int | None, currency: Currency, scale: str | None, digits: int) -> Cell:
    return Cell(amount(minor, currency, scale, digits), minor)


def _pct(value: Any) -> Cell:
    return Cell("" if value is None else f"{value}%", value)


def _figure(rec: Record) -> Cell:
    if rec["amount"] is None:
        return Cell("pending", "pending")
    return Cell("computed" if rec["computed"] else "documented", bool(rec["computed"]))


def _source(rec: Record, mark: str | None, links: bool) -> Cell:
    text = rec["source"] or ""
    if mark is not None:
        return Cell(mark, text)
    if links:
        return Cell(text, text, source_links(text))
    return Cell(text, text)


def history_table(
    hist: History,
    records: Sequence[Record],
    scale: str | None = None,
    digits: int = DIGITS,
    other: Sequence[Record] | None = None,
    marks: Sequence[str] | None = None,
    links: bool = False,
) -> ResultTable:
    """The history table. ``records``: costs.history.history_records (with its currency and
    real views when asked); ``other``: the same years in a second currency (its converted
    amount becomes one more column); ``marks``: a citation per row (the briefing's numbered
    sources) in place of the source text; ``links``: the source cell carries its links."""
    host = hist.dataset.host_series.currency or hist.dataset.currency
    first = records[0] if records else {}
    currencies = dict.fromkeys(Currency.parse(r["currency"]) for r in records if r.get("currency"))
    agreed_unit = " / ".join(short_unit(c, scale) for c in currencies)
    columns = [
        Column("year", "year"),
        Column("agreement", "agreement"),
        Column("currency", "cur"),
        Column("amount", "as agreed", agreed_unit, numeric=True),
        Column("growth_pct", "growth", numeric=True),
    ]
    target = first.get("converted_currency")
    if target is not None:
        tgt = Currency.parse(target)
        columns += [
            Column("converted_amount", f"in {tgt.code}", short_unit(tgt, scale), numeric=True),
            Column("converted_basis", "basis"),
            Column("converted_growth_pct", f"growth in {tgt.code}", numeric=True),
            Column("rate", "rate", numeric=True),
        ]
    alt = None
    if other is not None and other and other[0].get("converted_currency"):
        alt = Currency.parse(other[0]["converted_currency"])
        columns.append(
            Column("other_amount", f"in {alt.code}", short_unit(alt, scale), numeric=True)
        )
    base = first.get("real_base_year")
    real_cur = Currency.parse(first.get("real_currency") or host.code)
    if "real_amount" in first:
        unit = short_unit(real_cur, scale)
        columns.append(Column("real_amount", f"real ({base} prices)", unit, numeric=True))
    columns += [Column("figure", "figure"), Column("source", "source")]
    rows = []
    for i, rec in enumerate(records):
        cur = Currency.parse(rec["currency"]) if rec.get("currency") else host
        row = [
            Cell(str(rec["year"]), rec["year"]),
            Cell(rec["agreement"], rec["agreement"]),
            Cell(rec.get("currency") or "", rec.get("currency")),
            _money(rec["amount"], cur, scale, digits)
            if rec["amount"] is not None
            else Cell("pending"),
            _pct(rec.get("growth_pct")),
        ]
        if target is not None:
            row += [
                _money(rec.get("converted_amount"), tgt, scale, digits),
                Cell(rec.get("converted_basis") or "", rec.get("converted_basis")),
                _pct(rec.get("converted_growth_pct")),
                Cell(rec.get("rate") or "", rec.get("rate")),
            ]
        if alt is not None and other is not None:
            row.append(_money(other[i].get("converted_amount"), alt, scale, digits))
        if "real_amount" in first:
            row.append(_money(rec.get("real_amount"), real_cur, scale, digits))
        row += [_figure(rec), _source(rec, None if marks is None else marks[i], links)]
        rows.append(tuple(row))
    notes = [
        "Computed years apply the agreement's escalation rule to the documented year before; "
        "pending years wait for a series (compute them with --assume).",
        _digits_note(digits),
    ]
    views = [(target, records)] + ([(alt.code, other)] if alt is not None and other else [])
    for code, shown in views:
        assumed = [r for r in shown if r.get("converted_basis") == "assumed"]
        if assumed:
            years = ", ".join(str(r["year"]) for r in assumed)
            notes.append(
                f"Assumption: {years} in {code} at the last published annual-average rate "
                f"({assumed[0]['rate']}), carried forward: a year's average is published after "
                "the year ends (--assume SERIES=YEAR:RATE replaces it)."
            )
    if base is not None:
        words = first.get("real_basis") or f"{host.code}, real ({base} prices: {host.code} CPI)"
        notes.append(f"Real terms: {words}.")
    return ResultTable(
        title=hist.dataset.description.split(".")[0],
        columns=tuple(columns),
        rows=tuple(rows),
        basis=_basis(target, base, first.get("real_basis")),
        notes=tuple(notes),
        row_ids=tuple(_row_ids(records)),
    )


def _basis(target: str | None, base: Any, real: str | None = None) -> str:
    parts = ["as agreed, nominal"]
    if target is not None:
        parts.append(f"in {target} at the year's rate where not documented")
    if base is not None:
        parts.append(real or f"real at {base} prices")
    return "; ".join(parts)


def _row_ids(records: Sequence[Record]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for rec in records:
        key = str(rec["year"])
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return out


def _digits_note(digits: int) -> str:
    if digits == 0:
        return "Exact amounts."
    return f"{digits} significant figures. {SCALE_NOTE}"
