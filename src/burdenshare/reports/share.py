"""The briefing's "What each side pays" and "How the allies compare" sections, gathered from the
cost layer (``costs/share.py``, ``costs/implied.py``, ``costs/allies.py``) into frozen values.

Self-contained: ``reports/model.py`` calls :func:`share_sections` with its citation callback and
the template includes ``share.html``; nothing else of the briefing depends on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from burdenshare.costs.allies import allies
from burdenshare.costs.implied import implied_shares
from burdenshare.costs.scenario import Scenario
from burdenshare.costs.share import GDP_NOTE, ShareRow, ShareTable, share
from burdenshare.data.share import share_names
from burdenshare.errors import InputError
from burdenshare.present.allies import allies_table, targets_table
from burdenshare.present.implied import implied_table
from burdenshare.present.share import BRIEFING_COLUMNS, share_table
from burdenshare.present.table import ResultTable

Cite = Callable[[str, str], str]  # (reference, what it supports) → "[n]"


@dataclass(frozen=True)
class Grid:
    """A table of formatted cells (the briefing's ``table`` shape; reports/calibration.py's
    sensitivity table, the one still outside present/)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    caption: str = ""


@dataclass(frozen=True)
class ShareSections:
    each_side: ResultTable | None  # present/share.py (None: no sending-state cost bundled)
    implied: ResultTable | None  # present/implied.py: the host share each proposal implies
    facts: tuple[str, ...]
    allies: ResultTable  # present/allies.py: the latest figure of each measure, cited
    targets: ResultTable  # present/allies.py: NATO's guidelines, cited


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


def _each_side(
    scenario: Scenario, cite: Cite
) -> tuple[ResultTable | None, ResultTable | None, list[str]]:
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
    mark = cite(implied.source, "cost assumption of the implied host shares")
    return each, implied_table(implied, mark=mark), facts


def _allies(cite: Cite) -> tuple[ResultTable, ResultTable]:
    """present/allies.py's tables (the strings `allies` and /allies print), each figure
    followed by its citation mark."""
    panel = allies()
    return allies_table(panel, mark=cite), targets_table(panel, mark=cite)


def share_sections(scenario: Scenario, cite: Cite) -> ShareSections:
    each, implied, facts = _each_side(scenario, cite)
    panel, targets = _allies(cite)
    return ShareSections(each, implied, tuple(facts), panel, targets)
