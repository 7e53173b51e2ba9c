"""The sensitivity (tornado) of a scenario's uncertain inputs as one presentation value: each
input's low and high value, the Nash point (payment NPV and first-year amount), the
Kalai–Smorodinsky first-year amount and P(deal) at each, below the base row (every input as
given); for `burdenshare sensitivity`, /sensitivity and its JSON twin, and the briefing's
"Sensitivity" section. The tornado charts draw the payload's exact values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from burdenshare.money import Currency
from burdenshare.present.numbers import DIGITS, amount, short_unit
from burdenshare.present.stats import Proportion
from burdenshare.present.table import Cell, Column, ResultTable

BASE = "base (every input as given)"
AS_GIVEN = "as given"
# (key, label): each is shown at the input's low and at its high value
MONEY = (
    ("nash_npv", "Nash NPV"),
    ("nash_first_year", "Nash 1st yr"),
    ("ks_first_year", "KS 1st yr"),
)


def p_deal_text(p: Proportion) -> str:
    """``64.2% (63.3–65.1%)``: P(deal) with its Wilson 95% interval; the run count is the
    table's (its caption: "2,000 runs per figure")."""
    low, high = p.interval()
    return f"{p.percent()} ({100 * low:.1f}–{100 * high:.1f}%)"


def _money(minor: int | None, currency: Currency, digits: int) -> Cell:
    return Cell(amount(minor, currency, None, digits), minor)


def _p_deal(deals: int, runs: int) -> Cell:
    p = Proportion(deals, runs)
    return Cell(p_deal_text(p), deals)


def sensitivity_table(
    payload: Mapping[str, Any], top: int | None = None, digits: int = DIGITS
) -> ResultTable:
    """The table of ``payload`` (talks/sensitivity.py ``sensitivity_record``); ``top``: only
    the inputs with the ``top`` largest swings (the base row always)."""
    currency = Currency.parse(payload["currency"])
    unit = short_unit(currency)
    runs = int(payload["runs"])
    columns = [Column("input", "input"), Column("low", "low"), Column("high", "high")]
    for key, label in MONEY:
        columns.append(Column(f"{key}_low", f"{label} low", unit, numeric=True))
        columns.append(Column(f"{key}_high", f"{label} high", unit, numeric=True))
    columns.append(Column("p_deal_low", "P(deal) low", numeric=True))
    columns.append(Column("p_deal_high", "P(deal) high", numeric=True))
    base = payload["base"]
    rows = [
        (
            Cell(BASE),
            Cell(AS_GIVEN),
            Cell(AS_GIVEN),
            *(_money(base[key], currency, digits) for key, _ in MONEY for _side in range(2)),
            _p_deal(base["deals"], runs),
            _p_deal(base["deals"], runs),
        )
    ]
    inputs = list(payload["inputs"])
    shown = inputs if top is None else inputs[:top]
    for rec in shown:
        rows.append(
            (
                Cell(rec["input"], rec["input"]),
                Cell(rec["low"], rec["low"]),
                Cell(rec["high"], rec["high"]),
                *(
                    _money(rec[f"{key}_{side}"], currency, digits)
                    for key, _ in MONEY
                    for side in ("low", "high")
                ),
                _p_deal(rec["deals_low"], runs),
                _p_deal(rec["deals_high"], runs),
            )
        )
    notes = [
        "Each input set to its low and its high value, everything else as given; rows sorted "
        "by the swing of the Nash point's payment NPV (the tornado).",
        f"Seed {payload['seed']}, the same for every point.",
    ]
    if len(shown) < len(inputs):
        notes.append(f"The {len(shown)} of {len(inputs)} inputs with the largest swings.")
    return ResultTable(
        title=f"Sensitivity of {payload['scenario']}",
        columns=tuple(columns),
        rows=tuple(rows),
        basis=f"{currency.code}, nominal; NPV at the scenario's discount rate",
        notes=tuple(notes),
        runs=runs,
        interval="P(deal): Wilson 95% interval",
        row_ids=("base", *(r["input"] for r in shown)),
    )
