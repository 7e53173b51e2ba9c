"""The backtest as one presentation value: where each real SMA outcome fell among the simulated
settlements (talks/backtest.py records), for `burdenshare backtest`, /backtest and its JSON
twin, and the briefing's "Calibration" section."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from burdenshare.money import Currency
from burdenshare.present.numbers import amount, short_unit
from burdenshare.present.table import Cell, Column, ResultTable

TITLE = "Backtest: percentiles of the real outcome among simulated settlements"


def _pct(x: float | None) -> Cell:
    return Cell("–" if x is None else f"{x:.1f}", x)


def _money(minor: int | float | None, currency: Currency) -> Cell:
    exact = None if minor is None else int(minor)
    return Cell(amount(exact, currency), exact)


def assumption_names(records: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """The assumptions the cases use, by name, once each (details: the records)."""
    return tuple(dict.fromkeys(a.split(" (")[0] for r in records for a in r["assumptions"]))


def backtest_table(
    records: Sequence[Mapping[str, Any]],
    target: tuple[float, float],
    marks: Mapping[str, str] | None = None,
) -> ResultTable:
    """The table of ``records`` (``CaseResult.to_record()``); ``marks``: a citation mark per
    scenario, appended to its case (the briefing's numbered sources)."""
    codes = {r["simulated"]["currency"] for r in records}
    if len(codes) > 1:
        raise ValueError(f"backtest cases in several currencies: {sorted(codes)}")
    currency = Currency.parse(codes.pop() if codes else "KRW")
    unit = short_unit(currency)
    columns = (
        Column("case", "case"),
        Column("as_of", "as of"),
        Column("agreed_on", "agreed"),
        Column("in_zopa", "in ZOPA"),
        Column("percentile_amount", "amount %ile", numeric=True),
        Column("percentile_duration", "duration %ile", numeric=True),
        Column("percentile_date", "date %ile", numeric=True),
        Column("p_deal", "P(deal)", numeric=True),
        Column("real_first_year", "real 1st year", unit, numeric=True),
        Column("simulated_first_year", "simulated p10/p50/p90", unit, numeric=True),
        Column("on_target", "target"),
    )
    rows = []
    for rec in records:
        mark = (marks or {}).get(rec["scenario"], "")
        quantiles = rec["simulated"]["first_year_p10_p50_p90"]
        cells = [_money(q, currency) for q in quantiles or ()]
        rows.append(
            (
                Cell(
                    rec["case"]
                    + (" (out of sample)" if rec["out_of_sample"] else "")
                    + (f" {mark}" if mark else ""),
                    rec["case"],
                ),
                Cell(rec["as_of"], rec["as_of"]),
                Cell(rec["real"]["agreed_on"], rec["real"]["agreed_on"]),
                Cell("yes" if rec["in_zopa"] else "NO", rec["in_zopa"]),
                _pct(rec["percentile_amount"]),
                _pct(rec["percentile_duration"]),
                _pct(rec["percentile_date"]),
                Cell(f"{rec['p_deal']:.3f}", rec["p_deal"]),
                _money(rec["real"]["first_year"], currency),
                Cell(
                    " / ".join(c.text for c in cells) if cells else "–",
                    tuple(c.value for c in cells) or None,
                ),
                Cell("met" if rec["on_target"] else "not met", rec["on_target"]),
            )
        )
    low, high = target
    runs = {int(r["runs"]) for r in records}
    seeds = ", ".join(str(r["seed"]) for r in records)
    notes = [
        f"Target: inside the zone of agreement, amount and date percentiles in [{low:g}, "
        f"{high:g}].",
        f"Seeds: the scenarios' ({seeds}).",
    ]
    if len(runs) > 1:
        notes.append("Runs per case: " + ", ".join(f"{r['runs']:,}" for r in records) + ".")
    return ResultTable(
        title=f"{TITLE} (target: in the ZOPA, amount and date in [{low:g}, {high:g}])",
        columns=columns,
        rows=tuple(rows),
        basis=f"{currency.code}, nominal",
        notes=tuple(notes),
        runs=runs.pop() if len(runs) == 1 else None,
        interval="percentile: mid-rank among the simulated settlements",
        row_ids=tuple(r["scenario"] for r in records),
    )
