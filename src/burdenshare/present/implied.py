"""The host share each proposal implies (costs/implied.py's ImpliedShares) as a presentation
value, for `burdenshare compare` (table and ``--format json``) and the briefing's "What each
side pays".

One row per proposal: its first-year amount and yearly average in US$ million (as ``compare``
converts them), the sending-state cost assumed beside them, and the host share each implies
(derived: proposal / (proposal + cost) × 100). The cost assumption and its source are stated
in the notes."""

from __future__ import annotations

from decimal import Decimal

from burdenshare.costs.implied import ImpliedShares
from burdenshare.money import Currency
from burdenshare.present.numbers import DIGITS, amount
from burdenshare.present.table import Cell, Column, ResultTable

TITLE = "Host share each proposal implies"


def _usd(minor: int, digits: int) -> Cell:
    return Cell(amount(minor, Currency.USD, "million", digits), minor)


def _share(value: Decimal | None) -> Cell:
    return Cell("—" if value is None else f"{value}%", value)


def implied_table(implied: ImpliedShares, digits: int = DIGITS, mark: str = "") -> ResultTable:
    """The implied host shares (``row_ids``: the proposal keys). ``mark``: the citation of the
    assumed cost's source (the briefing), after the cost assumption."""
    columns = (
        Column("proposal", "proposal"),
        Column("first_year", "first year", "US$ m", numeric=True),
        Column("host_share_first_year", "host share", numeric=True),
        Column("average", "yearly average", "US$ m", numeric=True),
        Column("host_share_average", "host share (avg)", numeric=True),
        Column("sending_state_cost", "cost assumed", "US$ m", numeric=True),
    )
    cost = _usd(implied.cost.minor, digits)
    rows = tuple(
        (
            Cell(r.proposal, r.proposal),
            _usd(r.first_year_usd.minor, digits),
            _share(r.share_first_year),
            _usd(r.average_usd.minor, digits),
            _share(r.share_average),
            cost,
        )
        for r in implied.rows
    )
    assumption = f"Cost assumption: {implied.assumption}." + (f" {mark}" if mark else "")
    return ResultTable(
        title=TITLE,
        columns=columns,
        rows=rows,
        basis=f"US$, nominal; conversion: {implied.rate}",
        notes=(
            assumption,
            "Host share = proposal / (proposal + cost assumed) × 100 (derived).",
            f"Amounts to {digits} significant figures (exact cents: --format json)."
            if digits
            else "Exact amounts.",
        ),
        sources=(implied.source,) if implied.source else (),
        row_ids=tuple(r.proposal for r in implied.rows),
    )
