"""A negotiation study's solution points (talks/study.py) as one presentation value: each
point's terms (readable, never a dict repr), both parties' utilities and, on a money domain,
its first-year payment; for `burdenshare negotiate`, /negotiation's JSON twin and the briefing.
The Pareto frontier (the briefing's appendix) is shaped here too, with the same cells."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from burdenshare.money import Currency
from burdenshare.present.labels import issue_column, issue_value, outcome_label
from burdenshare.present.numbers import DIGITS, amount, short_unit
from burdenshare.present.table import Cell, Column, ResultTable
from burdenshare.talks.study import POINTS, NegotiationStudy

POINT_NAMES = {
    "nash": "Nash bargaining solution",
    "kalai_smorodinsky": "Kalai–Smorodinsky",
    "egalitarian": "Egalitarian",
    "max_welfare": "Maximum welfare",
}
NO_POINT = "no agreement beats both reservation values"


def _outcome_columns(study: NegotiationStudy, shown: Currency | None) -> list[Column]:
    """An outcome's columns: its terms in words, both utilities, its first-year payment."""
    p1, p2 = study.parties
    columns = [
        Column("terms", "terms"),
        Column("u1", f"utility {p1}", numeric=True),
        Column("u2", f"utility {p2}", numeric=True),
    ]
    if shown is not None:
        columns.append(Column("first_year", "first year", short_unit(shown), numeric=True))
    return columns


def _outcome_cells(
    study: NegotiationStudy,
    index: int,
    utilities: tuple[float, float],
    shown: Currency | None,
    convert: Callable[[int], int],
    digits: int,
) -> list[Cell]:
    """The cells of :func:`_outcome_columns` for the outcome ``index``."""
    described = study.describe(index)
    u1, u2 = utilities
    cells = [
        Cell(outcome_label(described["outcome"]), index),
        Cell(f"{u1:.4f}", u1),
        Cell(f"{u2:.4f}", u2),
    ]
    if shown is not None:
        if "first_year" in described:
            minor = convert(int(described["first_year"]))
            cells.append(Cell(amount(minor, shown, None, digits), minor))
        else:
            cells.append(Cell("–"))
    return cells


def points_table(
    study: NegotiationStudy,
    show: Callable[[int], int] | None = None,
    target: Currency | None = None,
    basis: str = "",
    digits: int = DIGITS,
) -> ResultTable:
    """The solution points; ``show`` turns a first-year payment into the one shown (a money
    view: ``target`` currency or real terms, named by ``basis``)."""
    p1, p2 = study.parties
    money = study.domain.currency if study.domain is not None else None
    shown = target or money
    columns = [Column("point", "solution"), *_outcome_columns(study, shown)]
    convert = show or (lambda minor: minor)
    rows = []
    for name in POINTS:
        point = study.point(name)
        if point is None:
            cells = [Cell(POINT_NAMES[name], name), Cell(NO_POINT), Cell("–"), Cell("–")]
            rows.append(tuple(cells + ([Cell("–")] if shown is not None else [])))
            continue
        u1, u2 = (float(u) for u in point.utilities)
        cells = [
            Cell(POINT_NAMES[name], name),
            *_outcome_cells(study, point.index, (u1, u2), shown, convert, digits),
        ]
        rows.append(tuple(cells))
    return ResultTable(
        title="Solution points",
        columns=tuple(columns),
        rows=tuple(rows),
        basis=basis or (f"{shown.code}, nominal" if shown is not None else ""),
        notes=(
            f"Reservation values (utility of no deal): {p1} {study.reservation[0]:.4f}, "
            f"{p2} {study.reservation[1]:.4f}.",
        ),
        row_ids=tuple(POINTS),
    )


def recorded_table(
    study: NegotiationStudy,
    offers: Sequence[tuple[str, int]],
    show: Callable[[int], int] | None = None,
    target: Currency | None = None,
    basis: str = "",
    digits: int = DIGITS,
) -> ResultTable:
    """The recorded offers, in order: who made it, its terms in words with units, both
    parties' utilities and (on a money domain) its first-year payment, in the money view of
    :func:`points_table` (``show``, ``target``, ``basis``) and formatted as its cells are.
    ``offers``: (party, outcome index) pairs."""
    money = target or (study.domain.currency if study.domain is not None else None)
    convert = show or (lambda minor: minor)
    columns = [Column("offer", "offer"), Column("party", "party"), *_outcome_columns(study, money)]
    rows = []
    for number, (party, index) in enumerate(offers, start=1):
        u1, u2 = (float(u[index]) for u in study.utilities)
        cells = [
            Cell(str(number), number),
            Cell(party),
            *_outcome_cells(study, index, (u1, u2), money, convert, digits),
        ]
        rows.append(tuple(cells))
    return ResultTable(
        title="Recorded offers",
        columns=tuple(columns),
        rows=tuple(rows),
        basis=basis or (f"{money.code}, nominal" if money is not None else ""),
        notes=(
            "The offers as recorded in the scenario, placed on its outcome grid; utilities "
            "under the stated preferences.",
        ),
    )


def frontier_table(study: NegotiationStudy, digits: int = DIGITS) -> ResultTable:
    """Every outcome on the Pareto frontier: its terms (one column per issue, units in the
    headers), both parties' utilities and, on a money domain, its first-year payment; the
    cells are formatted as :func:`points_table`'s."""
    p1, p2 = study.parties
    money = study.domain.currency if study.domain is not None else None
    columns = []
    for name in study.space.names:
        label, unit = issue_column(name)
        columns.append(Column(name, label, unit))
    columns += [
        Column("u1", f"utility {p1}", numeric=True),
        Column("u2", f"utility {p2}", numeric=True),
    ]
    if money is not None:
        columns.append(Column("first_year", "first year", short_unit(money), numeric=True))
    rows = []
    indices = [int(i) for i in study.analysis.pareto]
    for index in indices:
        described = study.describe(index)
        u1, u2 = (float(described["utilities"][p]) for p in (p1, p2))
        cells = [Cell(issue_value(v), v) for v in described["outcome"].values()]
        cells += [Cell(f"{u1:.4f}", u1), Cell(f"{u2:.4f}", u2)]
        if money is not None:
            minor = int(described["first_year"])
            cells.append(Cell(amount(minor, money, None, digits), minor))
        rows.append(tuple(cells))
    return ResultTable(
        title="Pareto frontier",
        columns=tuple(columns),
        rows=tuple(rows),
        basis=f"{money.code}, nominal" if money is not None else "",
        notes=(
            f"{len(indices):,} of {study.space.size:,} possible agreements: for each, no other "
            "is better for one side and no worse for the other.",
        ),
        row_ids=tuple(str(i) for i in indices),
    )
