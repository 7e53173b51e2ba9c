"""A comparison (costs/compare.py) as presentation values: the proposals' summary (first year,
total, NPV and the difference to the baseline on the years both cover) and the amounts per year,
for `burdenshare compare`, /proposals and its JSON twin, and the briefing."""

from __future__ import annotations

from collections.abc import Mapping

from burdenshare.costs.compare import Comparison, horizon_text
from burdenshare.money import Currency, Money
from burdenshare.present.numbers import DIGITS, amount, short_unit, unit_label
from burdenshare.present.table import Cell, Column, ResultTable
from burdenshare.render import DEFAULT_SCALE

COMMON_HORIZON = (
    "Differences to the baseline are over the years both cover (common horizon); totals are "
    "over each proposal's own years."
)


def _money(money: Money | None, scale: str, digits: int) -> Cell:
    if money is None:
        return Cell("–")
    return Cell(amount(money.minor, money.currency, scale, digits), money.minor)


def basis(result: Comparison) -> str:
    """``KRW, nominal`` or ``USD, real (2020 prices: US CPI-U, converted at each year's
    rate)`` (Comparison.prices), and the rate used."""
    return f"{result.prices}; rate {result.rate}"


def comparison_summary(
    result: Comparison,
    scale: str | None = None,
    digits: int = DIGITS,
    other: Comparison | None = None,
    marks: Mapping[str, str] | None = None,
) -> ResultTable:
    """One row per proposal. ``other``: the same comparison in the other currency of the
    scenario's rate (its first year and total are added); ``marks``: a citation per proposal
    (the briefing's numbered sources, as a "source" column)."""
    sc, cur = result.scenario, result.currency
    unit = scale or DEFAULT_SCALE[cur]
    label = short_unit(cur, unit)
    columns = [
        Column("proposal", "proposal"),
        Column("label", "label"),
        Column("party", "party"),
        Column("years", "years", numeric=True),
        Column("percent_of_reference", "% of ref.", numeric=True),
        Column("first_year", "first year", label, numeric=True),
        Column("total", "total", label, numeric=True),
        Column("npv", f"NPV @{sc.discount_percent}%", label, numeric=True),
        Column("diff_total", "vs baseline, same years", label, numeric=True),
        Column("diff_basis", "years compared"),
    ]
    alt = {i.proposal.key: i for i in other.items} if other is not None else {}
    if other is not None:
        alt_label = short_unit(other.currency)
        columns += [
            Column("first_year_other", "first year", alt_label, numeric=True),
            Column("total_other", "total", alt_label, numeric=True),
        ]
    if marks is not None:
        columns.append(Column("source", "source"))
    rows = []
    for item, rec in zip(result.items, result.summary_records(), strict=True):
        first = item.yearly[min(item.yearly)]
        row = [
            Cell(item.proposal.key, item.proposal.key),
            Cell(item.proposal.label, item.proposal.label),
            Cell(item.proposal.party, item.proposal.party),
            Cell(str(rec["years"]), rec["years"]),
            Cell(f"{rec['percent_of_reference']}%", rec["percent_of_reference"]),
            _money(first, unit, digits),
            _money(item.total, unit, digits),
            _money(item.npv, unit, digits),
            _money(item.diff_total, unit, digits),
            Cell(horizon_text(item.horizon), list_of(item.horizon)),
        ]
        if other is not None:
            o = alt[item.proposal.key]
            o_unit = DEFAULT_SCALE[other.currency]
            row += [
                _money(o.yearly[min(o.yearly)], o_unit, digits),
                _money(o.total, o_unit, digits),
            ]
        if marks is not None:
            row.append(Cell(marks.get(item.proposal.key, "")))
        rows.append(tuple(row))
    notes = [COMMON_HORIZON, _digits_note(digits)]
    return ResultTable(
        title=f"Proposals: {sc.title}",
        columns=tuple(columns),
        rows=tuple(rows),
        basis=basis(result),
        notes=tuple(notes),
        sources=tuple(
            dict.fromkeys(i.proposal.reference for i in result.items if i.proposal.reference)
        ),
        row_ids=tuple(i.proposal.key for i in result.items),
    )


def comparison_yearly(
    result: Comparison, scale: str | None = None, digits: int = DIGITS, detail: bool = True
) -> ResultTable:
    """Each proposal's amount per year and its total; ``detail`` adds the NPV, the mean per
    year, the difference to the baseline on the common horizon and that horizon."""
    sc, cur = result.scenario, result.currency
    unit = scale or DEFAULT_SCALE[cur]
    columns = [
        Column("proposal", "proposal"),
        *(Column(str(y), str(y), numeric=True) for y in result.years),
        Column("total", "total", numeric=True),
    ]
    if detail:
        columns += [
            Column("npv", f"NPV @{sc.discount_percent}%", numeric=True),
            Column("annual_mean", "mean per year", numeric=True),
            Column("diff_total", "vs baseline, same years", numeric=True),
            Column("diff_basis", "years compared"),
        ]
    rows = []
    for item in result.items:
        row = [
            Cell(item.proposal.key, item.proposal.key),
            *(_money(item.yearly.get(y), unit, digits) for y in result.years),
            _money(item.total, unit, digits),
        ]
        if detail:
            row += [
                _money(item.npv, unit, digits),
                _money(item.annual_mean, unit, digits),
                _money(item.diff_total, unit, digits),
                Cell(horizon_text(item.horizon), list_of(item.horizon)),
            ]
        rows.append(tuple(row))
    prices = f"real, {result.base_year} prices" if result.real else "nominal"
    return ResultTable(
        title=f"Per year, {unit_label(cur, unit)} ({prices})",
        columns=tuple(columns),
        rows=tuple(rows),
        basis=basis(result),
        notes=(COMMON_HORIZON, _digits_note(digits)) if detail else (_digits_note(digits),),
        row_ids=tuple(i.proposal.key for i in result.items),
    )


def list_of(years: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(y) for y in years)


def _digits_note(digits: int) -> str:
    if digits == 0:
        return "Exact amounts."
    return f"{digits} significant figures (exact values: burdenshare compare --format csv)."


def other_currency(result: Comparison) -> Currency | None:
    """The second currency worth showing: the other side of the scenario's stated rate."""
    rate = result.scenario.exchange_rate
    if rate is None:
        return None
    return rate.base_currency if result.currency is rate.quote_currency else rate.quote_currency
