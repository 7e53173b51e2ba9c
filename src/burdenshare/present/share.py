"""What each side pays (costs/share.py's ShareTable) as a presentation value, for `burdenshare
share`, /allies' share table and its JSON twin, and the briefing's "What each side pays".

One row per period and host basis: the host's contribution and the sending state's cost (US$
million), the host share, troops, cost per troop-year (US$), the host's share of its defence
budget and of GDP, flags and sources (text, citation marks, or links). A narrow surface selects
its columns (:meth:`ResultTable.select`), never other strings."""

from __future__ import annotations

from collections.abc import Sequence

from burdenshare.costs.share import ShareRow, ShareTable
from burdenshare.money import Currency
from burdenshare.present.numbers import DIGITS, amount
from burdenshare.present.table import Cell, Column, ResultTable

PAGE_COLUMNS = (  # /allies: every bundled host and basis
    "host",
    "basis",
    "years",
    "host_contribution",
    "sending_state_cost",
    "host_share_pct",
    "flags",
    "sources",
)
BRIEFING_COLUMNS = (
    "years",
    "basis",
    "host_contribution",
    "sending_state_cost",
    "host_share_pct",
    "cost_per_troop",
    "host_pct_of_gdp",
    "flags",
    "sources",
)
CLI_COLUMNS = (
    "years",
    "host_contribution",
    "sending_state_cost",
    "host_share_pct",
    "troops",
    "cost_per_troop",
    "host_pct_of_defence_budget",
    "host_pct_of_gdp",
)


def span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _usd(minor: int | None, scale: str, digits: int) -> Cell:
    if minor is None:
        return Cell("—")
    return Cell(amount(minor, Currency.USD, scale, digits), minor)


def _pct(value: object) -> Cell:
    return Cell("—" if not value else f"{value}%", str(value) if value else None)


def _share(value: object) -> Cell:
    return Cell("—" if value is None else f"{value}%", None if value is None else str(value))


def _flags(r: ShareRow) -> Cell:
    flags = (*r.sending.flags, *(("basis changes",) if r.basis_change else ()))
    return Cell(", ".join(flags), flags)


def _sources(r: ShareRow, mark: str | None, links: bool) -> Cell:
    text = f"US cost: {r.sending.source} | host: {r.host.source}"
    if mark is not None:
        return Cell(mark, text)
    if links:
        parts = [("US cost", r.sending.source)]
        if r.host.source.startswith("http"):
            parts.append(("host", r.host.source))
        else:
            parts.append(("host: derived from the history", ""))
        return Cell(text, text, tuple(parts))
    return Cell(text, text)


def share_table(
    tables: Sequence[ShareTable],
    digits: int = DIGITS,
    marks: Sequence[str] | None = None,
    links: bool = False,
) -> ResultTable:
    """Every row of ``tables`` (one dataset and basis each), in order. ``marks``: a citation
    per row (the briefing's numbered sources); ``links``: the sources cell carries its links."""
    first = tables[0]
    columns = (
        Column("host", "host"),
        Column("basis", "host basis"),
        Column("years", "years"),
        Column("host_contribution", "host", "US$ m", numeric=True),
        Column("sending_state_cost", f"{first.sending_state} cost", "US$ m", numeric=True),
        Column("host_share_pct", "host share", numeric=True),
        Column("troops", "troops", numeric=True),
        Column("cost_per_troop", "cost/troop/yr", "US$", numeric=True),
        Column("host_pct_of_defence_budget", "host % of defence budget", numeric=True),
        Column("host_pct_of_gdp", "host % of GDP", numeric=True),
        Column("flags", "flags"),
        Column("sources", "sources"),
    )
    rows, ids = [], []
    i = 0
    for table in tables:
        for r in table.rows:
            rec = r.to_record()
            when = span(r.first, r.last)
            cost = r.cost_per_troop
            rows.append(
                (
                    Cell(table.host, table.host),
                    Cell(r.basis, r.basis),
                    Cell(when, (r.first, r.last)),
                    _usd(rec["host_contribution"], "million", digits),
                    _usd(rec["sending_state_cost"], "million", digits),
                    _share(rec["host_share_pct"]),
                    Cell(f"{r.troops:,}", r.troops) if r.troops else Cell("—"),
                    # per troop-year: exact cents (the figure a reader checks by hand)
                    _usd(None if cost is None else cost.minor, "unit", 0),
                    _pct(rec["host_pct_of_defence_budget"]),
                    _pct(rec["host_pct_of_gdp"]),
                    _flags(r),
                    _sources(r, None if marks is None else marks[i], links),
                )
            )
            ids.append(f"{table.dataset}/{r.basis}/{when}")
            i += 1
    title = (
        f"What each side pays: {first.host} and {first.sending_state} ({first.dataset}), "
        f"host basis {first.basis}"
        if len(tables) == 1
        else "What each side pays"
    )
    return ResultTable(
        title=title,
        columns=columns,
        rows=tuple(rows),
        basis="US$, nominal; the host's contribution converted at each year's annual-average rate",
        notes=(
            first.definition[0].upper() + first.definition[1:] + ".",
            f"Amounts to {digits} significant figures (exact cents: --format csv/json)."
            if digits
            else "Exact amounts.",
        ),
        row_ids=tuple(ids),
    )
