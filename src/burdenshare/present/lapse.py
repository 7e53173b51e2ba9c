"""A lapse's headline figures (lapse/timeline.py ``Summary``) as one presentation value: when
payroll funding runs out, how many people go on unpaid leave and for how long, and what the
lapse costs each party; for `burdenshare lapse`, /lapse and its JSON twin, and the briefing."""

from __future__ import annotations

from collections.abc import Callable

from burdenshare.lapse.timeline import Summary
from burdenshare.money import Currency
from burdenshare.present.numbers import DIGITS, amount, short_unit
from burdenshare.present.table import Cell, Column, ResultTable
from burdenshare.render import DEFAULT_SCALE


def lapse_headlines(
    summary: Summary,
    currency: Currency,
    basis: str,
    show: Callable[[int], int] | None = None,
    target: Currency | None = None,
    scale: str | None = None,
    digits: int = DIGITS,
) -> ResultTable:
    """The headline figures, one row; ``show`` turns a native amount into the one shown (a
    money view: another currency or real terms, ``target``), ``basis`` says which."""
    shown = target or currency
    unit = scale or DEFAULT_SCALE[shown]
    money = short_unit(shown, unit)
    convert = show or (lambda minor: minor)
    costs = summary.costs

    def cash(minor: int) -> Cell:
        value = convert(minor)
        return Cell(amount(value, shown, unit, digits), value)

    def count(n: int) -> Cell:
        return Cell(f"{n:,}", n)

    columns = (
        Column("runs_out", "payroll runs out", "month"),
        Column("max_on_leave", "most on unpaid leave", "people", numeric=True),
        Column("days", "leave per worker", "days", numeric=True),
        Column("person_days", "leave in all", "person-days", numeric=True),
        Column("host", "cost to host", money, numeric=True),
        Column("sending", "cost to sending state", money, numeric=True),
        Column("workers", "workers' net pay lost", money, numeric=True),
    )
    row = (
        Cell(summary.payroll_runs_out or "never", summary.payroll_runs_out),
        count(summary.max_on_leave),
        count(summary.leave_days_per_worker),
        count(costs.leave_person_days),
        cash(costs.host),
        cash(costs.sending_state),
        cash(costs.workers),
    )
    return ResultTable(
        title="The lapse in figures",
        columns=columns,
        rows=(row,),
        basis=basis,
        notes=(f"Amounts: {digits} significant figures; exact values in the JSON and CSV.",),
        row_ids=("lapse",),
    )
