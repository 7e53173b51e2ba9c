"""A lapse as presentation values, for `burdenshare lapse`, /lapse and its JSON twin, and the
briefing: the headline figures (lapse/timeline.py ``Summary``: when payroll funding runs out,
how many people go on unpaid leave and for how long, what the lapse costs each party), the
month-by-month table (the timeline's records in a money view: present/views.py), what each
party paid during the lapse, and the dated events with the lapse's assumptions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from burdenshare.lapse.timeline import Summary, Timeline, event_lines
from burdenshare.money import Currency
from burdenshare.present.numbers import DIGITS, amount, short_unit
from burdenshare.present.table import Cell, Column, ResultTable
from burdenshare.present.views import MoneyView
from burdenshare.render import DEFAULT_SCALE

Record = Mapping[str, Any]

# money fields of a month's record (lapse/timeline.py ``to_records``): shown in the money view
_MONEY_PREFIXES = ("funds_in_", "spent_", "unfunded_", "carried_", "cost_", "topped_up_")
_MONEY_KEYS = ("reserve_balance", "wages_unpaid", "pay_lost", "bridge_paid", "back_paid")

#: the briefing's appendix (the lapse again for each deal month): no sector columns, the
#: cumulative cost of each party instead
DEAL_MONTH_COLUMNS = (
    "month",
    "lapsed_days",
    "reserve_balance",
    "on_unpaid_leave",
    "pay_lost",
    "cost_host",
    "cost_sending_state",
    "cost_workers",
)


def _digits_note(digits: int) -> str:
    if digits == 0:
        return "Exact amounts."
    return f"Amounts: {digits} significant figures; exact values in the JSON and CSV."


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
        notes=(_digits_note(digits),),
        row_ids=("lapse",),
    )


def shown_records(records: Sequence[Record], view: MoneyView | None) -> list[dict[str, Any]]:
    """The month records in ``view`` (each month's money converted/deflated by its year, with
    the view's currency and prices named); as they are without a view or in the identity."""
    if view is None or view.identity:
        return [dict(r) for r in records]
    out = []
    for record in records:
        year = int(record["month"][:4])
        shown = {}
        for key, value in record.items():
            money = key.startswith(_MONEY_PREFIXES) or key in _MONEY_KEYS
            shown[key] = view.show(value, year) if money and isinstance(value, int) else value
        shown["currency"] = view.target.code
        shown["prices"] = view.describe()
        out.append(shown)
    return out


def lapse_months(
    timeline: Timeline,
    view: MoneyView | None = None,
    scale: str | None = None,
    digits: int = DIGITS,
    costs: bool = False,
) -> ResultTable:
    """The lapse month by month: lapsed days, what each sector spent, the reserve, people on
    unpaid leave and kept by the sending state, the workers' pay lost; with ``costs``, each
    party's cumulative cost too (the briefing's appendix selects :data:`DEAL_MONTH_COLUMNS`).
    Amounts in ``view`` (default: the lapse's currency, nominal), each month at its year."""
    case = timeline.case
    native = Currency.parse(case.currency_code)
    cur = view.target if view is not None else native
    unit = scale or DEFAULT_SCALE[cur]
    money = short_unit(cur, unit)
    records = shown_records(timeline.to_records(), view)

    def cash(minor: int) -> Cell:
        return Cell(amount(minor, cur, unit, digits), minor)

    def count(n: int) -> Cell:
        return Cell(f"{n:,}", n)

    columns = [
        Column("month", "month"),
        Column("lapsed_days", "lapsed", "days", numeric=True),
        *(Column(f"spent_{s}", f"spent {s}", money, numeric=True) for s in case.sectors),
        Column("reserve_balance", "reserve", money, numeric=True),
        Column("on_unpaid_leave", "on unpaid leave", "people", numeric=True),
        Column("kept_by_sending_state", "kept by sending state", "people", numeric=True),
        Column("pay_lost", "pay lost, workers", money, numeric=True),
    ]
    cost_keys = ("cost_host", "cost_sending_state", "cost_workers")
    if costs:
        columns += [
            Column("cost_host", "cost host", money, numeric=True),
            Column("cost_sending_state", "cost sending state", money, numeric=True),
            Column("cost_workers", "cost workers", money, numeric=True),
        ]
    rows = []
    for r in records:
        row = [
            Cell(r["month"], r["month"]),
            count(r["lapsed_days"]),
            *(cash(r[f"spent_{s}"]) for s in case.sectors),
            cash(r["reserve_balance"]),
            count(r["on_unpaid_leave"]),
            count(r["kept_by_sending_state"]),
            cash(r["pay_lost"]),
        ]
        if costs:
            row += [cash(r[k]) for k in cost_keys]
        rows.append(tuple(row))
    notes = [_digits_note(digits)]
    if costs:
        notes.append("Costs cumulative from expiry.")
    return ResultTable(
        title=f"Lapse of {case.expiring_id} after {case.expiry}",
        columns=tuple(columns),
        rows=tuple(rows),
        basis=view.describe() if view is not None else f"{cur.code}, nominal",
        notes=tuple(notes),
        row_ids=tuple(r["month"] for r in records),
    )


def lapse_payments(
    timeline: Timeline, scale: str | None = None, digits: int = DIGITS
) -> ResultTable:
    """Who paid what during the lapse, beside the workers' net pay lost and the employer's
    labour cost of the leave (which is not the workers' loss), in the lapse's currency."""
    cur = Currency.parse(timeline.case.currency_code)
    unit = scale or DEFAULT_SCALE[cur]
    money = short_unit(cur, unit)
    costs = timeline.summary().costs

    def cash(minor: int) -> Cell:
        return Cell(amount(minor, cur, unit, digits), minor)

    return ResultTable(
        title="Paid during the lapse",
        columns=(
            Column("paid_host", "paid by host", money, numeric=True),
            Column("paid_sending_state", "paid by sending state", money, numeric=True),
            Column("workers", "workers' net pay lost", money, numeric=True),
            Column("employer_cost_unpaid", "employer's labour cost of the leave", money, True),
        ),
        rows=(
            (
                cash(costs.paid_host),
                cash(costs.paid_sending_state),
                cash(costs.workers),
                cash(costs.employer_cost_unpaid),
            ),
        ),
        basis=f"{cur.code}, nominal",
        notes=(
            "The employer's labour cost of the leave is not the workers' loss.",
            _digits_note(digits),
        ),
        row_ids=("lapse",),
    )


def lapse_events(timeline: Timeline) -> ResultTable:
    """The dated events (notices, funding windows, suspensions, the lapse clause, months
    without funds; lapse/timeline.py ``event_lines``), then the lapse's assumptions, a row
    each."""
    rows = []
    for line in event_lines(timeline):
        kind, _, what = line.partition(": ")
        rows.append((Cell(kind, kind), Cell(what, what)))
    rows += [(Cell("Assumption", "Assumption"), Cell(a, a)) for a in timeline.summary().assumptions]
    return ResultTable(
        title="Dated events and assumptions",
        columns=(Column("kind", "event"), Column("what", "what and when")),
        rows=tuple(rows),
    )
