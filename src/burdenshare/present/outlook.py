"""The simulation outlook (talks/outlook.py summary) as one presentation value: P(deal) with
its 95% interval and run count, the median deal date, the first-year amount's p10/p50/p90,
the terms agreed and the expected lapse cost; for `burdenshare simulate`, /negotiation and its
JSON twin, and the briefing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from burdenshare.money import Currency
from burdenshare.present.numbers import DIGITS, amount, unit_label
from burdenshare.present.stats import deal_probabilities
from burdenshare.present.table import Cell, Column, ResultTable

ISSUES = ("duration", "increase", "strategic_assets")


def outlook_table(
    summary: Mapping[str, Any], digits: int = DIGITS, shares: bool = True
) -> ResultTable:
    """The outlook of ``summary`` (its amounts already in the view to show: ``currency`` and,
    when not nominal, ``prices``); ``shares``: add how often each issue value was agreed."""
    cur = Currency.parse(summary["currency"])
    unit = unit_label(cur)
    p_deal = deal_probabilities(dict(summary))
    by_deadline, agreement = p_deal["by_deadline"], p_deal["agreement"]
    rows: list[tuple[Cell, Cell]] = [
        (
            Cell(f"deal by the deadline ({summary['deadline']})"),
            Cell(by_deadline.text(), by_deadline.hits),
        ),
        (Cell("deal at all (within the rounds)"), Cell(agreement.text(), agreement.hits)),
        (Cell("median deal date"), Cell(summary["deal_date_p50"] or "–", summary["deal_date_p50"])),
    ]
    ids = ["by_deadline", "agreement", "deal_date_p50"]
    first = summary.get("first_year_amount")
    if first:
        for key in ("p10", "p50", "p90"):
            minor = round(first[key])
            rows.append(
                (
                    Cell(f"first-year amount, {key} ({unit})"),
                    Cell(amount(minor, cur, None, digits), minor),
                )
            )
            ids.append(f"first_year_{key}")
    if shares:
        for issue in ISSUES:
            found = summary.get(f"{issue}_shares") or {}
            text = ", ".join(f"{k}: {v:.0%}" for k, v in found.items()) or "–"
            rows.append((Cell(f"{issue.replace('_', ' ')} (share of deals)"), Cell(text)))
            ids.append(f"{issue}_shares")
    lapse = summary.get("lapse_cost_mean")
    if lapse:
        minors = tuple(round(lapse[k]) for k in ("host", "sending_state", "workers"))
        rows.append(
            (
                Cell(f"expected lapse cost, host / sending state / workers ({unit})"),
                Cell(" / ".join(amount(m, cur, None, digits) for m in minors), minors),
            )
        )
        ids.append("lapse_cost_mean")
    prices = summary.get("prices") or f"{cur.code}, nominal"
    return ResultTable(
        title="Outlook",
        columns=(Column("measure", ""), Column("value", "value", numeric=True)),
        rows=tuple(rows),
        basis=prices,
        notes=(
            f"Seed {summary['seed']}; {summary['rounds']} offers from {summary['parties'][0]}, "
            f"{summary['recorded_offers']} recorded.",
        ),
        runs=int(summary["runs"]),
        interval="P(deal): Wilson 95% interval",
        row_ids=tuple(ids),
    )
