"""The briefing's "What each side pays" and "How the allies compare" sections, gathered from the
cost layer (``costs/share.py``, ``costs/implied.py``, ``costs/allies.py``) into frozen values.

Self-contained: ``reports/model.py`` calls :func:`share_sections` with its citation callback and
the template includes ``share.html``; nothing else of the briefing depends on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from burdenshare import render
from burdenshare.costs.allies import EXPONENT, allies
from burdenshare.costs.implied import implied_shares
from burdenshare.costs.scenario import Scenario
from burdenshare.costs.share import GDP_NOTE, ShareRow, ShareTable, share
from burdenshare.data.share import share_names
from burdenshare.errors import InputError
from burdenshare.money import Currency
from burdenshare.present.share import BRIEFING_COLUMNS, share_table
from burdenshare.present.table import ResultTable

Cite = Callable[[str, str], str]  # (reference, what it supports) → "[n]"


@dataclass(frozen=True)
class Grid:
    """A table of formatted cells (the briefing's ``table`` shape)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    caption: str = ""


@dataclass(frozen=True)
class ShareSections:
    each_side: ResultTable | None  # present/share.py (None: no sending-state cost bundled)
    implied: Grid | None  # the host share each proposal implies
    facts: tuple[str, ...]
    allies: Grid
    targets: tuple[str, ...]


def _usd(minor: int | None) -> str:
    return "—" if minor is None else f"{render.scaled(minor, Currency.USD, 'million')} M USD"


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _marks(r: ShareRow, cite: Cite) -> str:
    """The row's citation marks: the sending state's cost, then each host source."""
    span = _span(r.first, r.last)
    marks = [cite(r.sending.source, f"sending-state cost {span}")]
    for part in r.host.source.split(" | "):
        mark = cite(part.split(" at ")[0].split(": ", 1)[-1], f"host contribution {span}")
        if mark not in marks:
            marks.append(mark)
    return "".join(marks)


def _each_side(scenario: Scenario, cite: Cite) -> tuple[ResultTable | None, Grid | None, list[str]]:
    name = scenario.dataset.name
    if name not in share_names():
        return None, None, [f"No sending-state cost is bundled for {name}."]
    tables: list[ShareTable] = []
    marks: list[str] = []
    facts: list[str] = []
    for basis in ("direct", "direct+indirect", "sma"):
        try:
            table = share(name, basis, scenario.bank)
        except InputError:
            continue
        tables.append(table)
        marks.extend(_marks(r, cite) for r in table.rows)
        facts.extend(table.omitted)
        facts.extend(
            f"{_span(r.first, r.last)}: {r.basis_change}." for r in table.rows if r.basis_change
        )
        definition = table.definition
    facts.insert(0, definition[0].upper() + definition[1:] + ".")
    facts.append(GDP_NOTE[0].upper() + GDP_NOTE[1:] + ".")
    # present/share.py: the strings `burdenshare share` and /allies print
    each = replace(
        share_table(tables, marks=marks).select(*BRIEFING_COLUMNS),
        notes=(
            "direct: the host's published cash and in-kind support; sma: the SMA "
            "contributions of the history, converted at each year's annual-average rate.",
        ),
    )
    implied = implied_shares(scenario)
    cite(implied.source, "cost assumption of the implied host shares")
    grid = Grid(
        ("proposal", "first year", "host share", "yearly average", "host share (avg)"),
        tuple(
            (
                r.proposal,
                _usd(r.first_year_usd.minor),
                f"{r.share_first_year}%",
                _usd(r.average_usd.minor),
                f"{r.share_average}%",
            )
            for r in implied.rows
        ),
        (False, True, True, True, True),
        caption=f"Cost assumption: {implied.assumption}. Conversion: {implied.rate}.",
    )
    return each, grid, facts


def _allies(cite: Cite) -> tuple[Grid, tuple[str, ...]]:
    panel = allies()
    rows = []
    for code, name in panel.countries:
        cells = [name]
        for measure in ("us_troops", "defence_pct_gdp", "host_support", "sma_contribution"):
            rec = panel.latest(code, measure)
            if rec is None or (measure == "sma_contribution" and rec.usd is None):
                cells.append("—")
                continue
            mark = cite(rec.source.split(" ; ")[0], f"allies: {name} {measure.replace('_', ' ')}")
            span = _span(rec.first, rec.last)
            if measure == "us_troops":
                text = f"{rec.value:,}"
            elif measure == "defence_pct_gdp":
                text = f"{rec.value}%"
            elif measure == "sma_contribution":
                text = _usd(rec.usd)
            elif rec.unit == "USD":
                text = f"{_usd(int(rec.value))} {rec.basis.split()[0]}"
            else:
                scale = Decimal(10 ** EXPONENT[rec.unit])
                text = f"{Decimal(int(rec.value)) / scale:,.{EXPONENT[rec.unit]}f} {rec.unit}"
            flag = " (secondary)" if "secondary" in rec.flags else ""
            cells.append(f"{text} ({span}){flag} {mark}")
        rows.append(tuple(cells))
    grid = Grid(
        ("country", "US troops", "defence, % of GDP", "host support", "SMA (latest, USD)"),
        tuple(rows),
        (False, True, True, True, True),
        caption="Latest sourced figure of each measure; (secondary): a page quoting the "
        "official figure.",
    )
    targets = tuple(
        f"{t.label} (agreed {t.agreed}, by {t.by}) {cite(t.source, 'NATO guidelines')}"
        for t in panel.targets
    )
    return grid, targets


def share_sections(scenario: Scenario, cite: Cite) -> ShareSections:
    each, implied, facts = _each_side(scenario, cite)
    grid, targets = _allies(cite)
    return ShareSections(each, implied, tuple(facts), grid, targets)
