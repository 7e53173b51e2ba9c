"""A schedule (costs/schedule.py) as a presentation value, for `burdenshare schedule` and the
briefing's appendix ("schedule of <proposal>"): per year the amount, its growth, the running
total, the sectors, the year in another currency, in real terms, per troop and as a share of
the defence budget, and the rule that gave it."""

from __future__ import annotations

from collections.abc import Sequence

from burdenshare.costs.schedule import Schedule
from burdenshare.money import Currency, Money
from burdenshare.present.numbers import DIGITS, amount, short_unit
from burdenshare.present.table import Cell, Column, ResultTable

EXACT_NOTE = "exact values: burdenshare schedule --format csv"


def _money(money: Money | None, scale: str | None, digits: int) -> Cell:
    if money is None:
        return Cell("–")
    return Cell(amount(money.minor, money.currency, scale, digits), money.minor)


def _unit(currency: Currency, scale: str | None) -> str:
    return short_unit(currency, scale)


def schedule_table(
    sched: Schedule,
    scale: str | None = None,
    digits: int = DIGITS,
    title: str | None = None,
    notes: Sequence[str] = (),
) -> ResultTable:
    """The schedule's rows. ``scale``: the money unit (default: KRW/JPY billion, USD million);
    per-troop figures stay in whole units; ``title`` and ``notes`` replace or add to the
    defaults (the briefing names the proposal)."""
    cur = sched.agreement.currency
    first = sched.rows[0]
    columns = [
        Column("year", "year"),
        Column("amount", "amount", _unit(cur, scale), numeric=True),
        Column("growth_pct", "growth", numeric=True),
        Column("cumulative", "cumulative", _unit(cur, scale), numeric=True),
        *(
            Column(f"sector_{s}", s, _unit(m.currency, scale), numeric=True)
            for s, m in first.sectors.items()
        ),
    ]
    if first.converted is not None:
        conv = first.converted.currency
        columns.append(Column("converted", f"in {_unit(conv, scale)}", numeric=True))
    if first.real is not None:
        real_cur = first.real.currency
        columns.append(
            Column(
                "real",
                f"real ({sched.real_base_year} prices, {_unit(real_cur, scale)})",
                numeric=True,
            )
        )
    if first.per_troop is not None:
        columns.append(Column("per_troop", "per troop", first.per_troop.currency.code, True))
    columns += [
        Column("budget_share_pct", "% def. budget", numeric=True),
        Column("rule", "rule"),
    ]
    rows = []
    for r in sched.rows:
        row = [
            Cell(str(r.year), r.year),
            _money(r.amount, scale, digits),
            Cell("" if r.growth_pct is None else f"{r.growth_pct}%", r.growth_pct),
            _money(r.cumulative, scale, digits),
            *(_money(m, scale, digits) for m in r.sectors.values()),
        ]
        for money, shown in ((r.converted, first.converted), (r.real, first.real)):
            if shown is not None:
                row.append(_money(money, scale, digits))
        if first.per_troop is not None:
            row.append(_money(r.per_troop, "unit", digits))
        share = r.budget_share_pct
        row += [
            Cell("–" if share is None else f"{share}%", share),
            Cell(r.rule, r.rule),
        ]
        rows.append(tuple(row))
    basis = f"{cur.code}, nominal"
    if sched.real_basis:  # the one real rule's words (costs/schedule.real_basis)
        basis = f"{sched.real_basis}; amount and cumulative in {cur.code}, nominal"
    default_notes = [f"Rate: {sched.conversion}."] if sched.conversion else []
    default_notes.append(
        "Exact amounts." if digits == 0 else f"{digits} significant figures ({EXACT_NOTE})."
    )
    return ResultTable(
        title=title or f"{sched.agreement.id}: {sched.agreement.name}",
        columns=tuple(columns),
        rows=tuple(rows),
        basis=basis,
        notes=(*notes, *default_notes),
        row_ids=tuple(str(r.year) for r in sched.rows),
    )
