"""Rendering of the record views of `schedule`: an agreement whose rule exists only in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.markup import escape

from burdenshare import render
from burdenshare.money import Currency

if TYPE_CHECKING:  # loaded by the commands that use it (`--help` stays fast)
    from burdenshare.costs.record import DocumentedYears


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


def agreed_table(records: list[dict[str, Any]], scale: Callable[..., str]) -> object:
    """The agreed multi-year totals, one row per agreement."""
    rows = []
    for rec in records:
        cur = Currency.parse(rec["currency"])
        total, avg = rec["agreed_total"], rec["average_per_year"]
        rows.append(
            [
                rec["agreement"],
                f"{rec['first_year']}–{rec['last_year']}",
                rec["currency"],
                "–" if total is None else render.scaled(total, cur, scale(None, cur)),
                "–" if avg is None else render.scaled(avg, cur, scale(None, cur)),
                rec["basis"],
                rec["source"],
            ]
        )
    return render.table(
        "Agreed multi-year totals (not spread over the annual history)",
        [
            "agreement",
            "years",
            "cur",
            "agreed total",
            "average a year (derived)",
            "basis",
            "source",
        ],
        rows,
    )
