"""Rendering of the record views of `schedule`: an agreement whose rule exists only in words."""

from __future__ import annotations

from rich.markup import escape

from burdenshare import render
from burdenshare.costs.history import DocumentedYears
from burdenshare.money import Currency


def documented_table(doc: DocumentedYears, scale_of: dict[Currency, str]) -> object:
    """The documented years as a table; the caption says why no rule runs."""
    records = doc.records
    converted = bool(records) and "converted_amount" in records[0]
    rows = []
    for rec in records:
        cur = Currency.parse(rec["currency"])
        row = [
            str(rec["year"]),
            rec["currency"],
            render.scaled(rec["amount"], cur, scale_of[cur]),
            "" if rec["growth_pct"] is None else f"{rec['growth_pct']}%",
        ]
        if converted:
            value = rec.get("converted_amount")
            tgt = Currency.parse(rec["converted_currency"])
            row.append("–" if value is None else render.scaled(value, tgt, scale_of[tgt]))
        row += ["yes" if rec["computed"] else "", rec["source"]]
        rows.append(row)
    cols = ["year", "cur", "amount", "growth"]
    if converted:
        cols.append(f"in {records[0]['converted_currency']}")
    cols += ["computed", "source"]
    agreement = doc.agreement
    return render.table(
        f"{agreement.id}: {agreement.name} (documented years)",
        cols,
        rows,
        caption=escape(
            f"No rule runs for {agreement.id}: its rule exists only in words "
            f"({doc.reason}). The documented years are shown instead."
        ),
    )
