"""A job's summary (runtime/kinds.py ``report``) as presentation values, for `burdenshare job
run`: P(deal) of a Monte Carlo job with its run count and 95% interval, every metric's count,
mean and quantiles with its unit, and the histograms.

A Monte Carlo job plays the same draws as `burdenshare simulate` with the same seed and run
count, and its figures are formatted by the same functions as the outlook's
(present/outlook.py): P(deal) by :class:`~burdenshare.present.stats.Proportion`, amounts by
:func:`~burdenshare.present.numbers.amount`, quantiles by the package's one definition
(talks/outlook.py ``quantile_rank``); so the same figure is the same string in both.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from burdenshare.money import Currency
from burdenshare.present.numbers import DIGITS, amount, significant, unit_label
from burdenshare.present.stats import Proportion
from burdenshare.present.table import Cell, Column, ResultTable

STATS = ("n", "mean", "min", "p05", "p10", "p50", "p90", "p95", "max")
# every metric a job kind reports (runtime/kinds.py): money in the job's currency, else a unit
MONEY = frozenset(
    {
        "first_year_amount",
        "lapse_cost_host",
        "lapse_cost_sending_state",
        "lapse_cost_workers",
        "cost_host",
        "cost_sending_state",
        "cost_workers",
        "total",
        "last_year",
    }
)
UNITS = {
    "agreement_round": "round",
    "outcome": "outcome index",
    "deal_by_deadline": "0/1 (1: deal by the deadline)",
    "delay_days": "days",
    "rate_bp": "basis points",
}
DEALS_ONLY = "; n: the draws with a value (a deal, for its terms)."
QUANTILES = "quantiles: the smallest value with ⌈q·n⌉ draws at or below it"


def metric_unit(name: str, currency: Currency) -> str:
    """``KRW billion`` for a money metric, else its unit (``round``, ``days``, ...)."""
    return unit_label(currency) if name in MONEY else UNITS.get(name, "")


def _figure(name: str, value: int | float | None, currency: Currency, digits: int) -> Cell:
    """A money figure by the number policy (the mean rounded to the smallest unit first); a
    count or index exact; a non-money mean to ``digits`` significant figures."""
    if value is None:
        return Cell("–")
    if name in MONEY:
        minor = round(value)
        return Cell(amount(minor, currency, None, digits), value)
    if isinstance(value, float):
        exact = Decimal(repr(value))
        return Cell(significant(exact, digits) if digits else f"{exact:,f}", value)
    return Cell(f"{value:,}", value)


def deal_table(summary: Mapping[str, Any]) -> ResultTable | None:
    """P(deal by the deadline) and P(deal at all) of a Monte Carlo job; None for a sweep."""
    if "p_agreement" not in summary:
        return None
    draws = int(summary["draws"])
    counts = {
        "by_deadline": round(summary["p_deal_by_deadline"] * draws),
        "agreement": int(summary["metrics"].get("agreement_round", {}).get("n", 0)),
    }
    labels = {"by_deadline": "deal by the deadline", "agreement": "deal at all (within the rounds)"}
    rows = []
    for key, hits in counts.items():
        p = Proportion(hits, draws)
        rows.append((Cell(labels[key]), Cell(p.text(), hits)))
    return ResultTable(
        title="Deal probability",
        columns=(Column("measure", ""), Column("value", "value", numeric=True)),
        rows=tuple(rows),
        notes=(f"Seed {summary['seed']}.",),
        runs=draws,
        interval="P(deal): Wilson 95% interval",
        row_ids=tuple(counts),
    )


def metrics_table(summary: Mapping[str, Any], digits: int = DIGITS) -> ResultTable:
    """Every metric's count, mean, min, quantiles and max, each in its unit."""
    currency = Currency.parse(summary["currency"])
    columns = [Column("metric", "metric"), Column("unit", "unit")]
    columns += [Column(k, k, numeric=True) for k in STATS]
    rows = []
    for name, m in summary["metrics"].items():
        cells = [Cell(name, name), Cell(metric_unit(name, currency))]
        cells.append(Cell(f"{m['n']:,}", m["n"]))
        cells += [_figure(name, m.get(k), currency, digits) for k in STATS[1:]]
        rows.append(tuple(cells))
    return ResultTable(
        title="Metrics",
        columns=tuple(columns),
        rows=tuple(rows),
        basis=f"{currency.code}, nominal",
        notes=(f"Seed {summary['seed']}{DEALS_ONLY if 'p_agreement' in summary else '.'}",),
        runs=int(summary["draws"]),
        interval=QUANTILES,
        row_ids=tuple(summary["metrics"]),
    )


def histogram_tables(summary: Mapping[str, Any]) -> tuple[ResultTable, ...]:
    """One table per histogram: the bins (the last one closed) in the metric's unit, exact."""
    currency = Currency.parse(summary["currency"])
    out = []
    for name, h in summary["histograms"].items():
        edges = h["edges"]
        shown = [amount(e, currency, None, 0) if name in MONEY else f"{e:,}" for e in edges]
        bins = [f"[{a}, {b})" for a, b in itertools.pairwise(shown)]
        bins[-1] = f"{bins[-1][:-1]}]"
        out.append(
            ResultTable(
                title=f"Histogram of {name}",
                columns=(
                    Column("bin", "bin", metric_unit(name, currency)),
                    Column("count", "count", numeric=True),
                ),
                rows=tuple(
                    (Cell(b, (lo, hi)), Cell(f"{c:,}", c))
                    for b, (lo, hi), c in zip(
                        bins, itertools.pairwise(edges), h["counts"], strict=True
                    )
                ),
                notes=(f"{int(summary['draws']):,} draws; the last bin is closed.",),
            )
        )
    return tuple(out)


def job_tables(summary: Mapping[str, Any], digits: int = DIGITS) -> tuple[ResultTable, ...]:
    """Everything `job run` prints, in order: P(deal) (Monte Carlo), metrics, histograms."""
    deal = deal_table(summary)
    return (
        *((deal,) if deal is not None else ()),
        metrics_table(summary, digits),
        *histogram_tables(summary),
    )
