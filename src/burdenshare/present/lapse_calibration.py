"""The calibration of the 2018–19 and 2019–21 lapses (lapse/calibration.py: the model beside
every documented figure) as one presentation value, for `burdenshare lapse --calibrate`, the
/lapse page of a calibrated lapse and its JSON twin, and the briefing's lapse section."""

from __future__ import annotations

from collections.abc import Sequence

from burdenshare.lapse.calibration import Calibration
from burdenshare.present.sources import split_sources
from burdenshare.present.table import Cell, Column, ResultTable

#: the columns the CLI and the briefing draw (the CLI lists the sources under the table)
SHOWN = ("lapse", "item", "documented", "model", "verdict")


def calibration_table(
    calibration: Calibration, lapse: str | None = None, marks: Sequence[str] | None = None
) -> ResultTable:
    """The checks (of one ``lapse``, e.g. ``"2019–21"``, or all), one row each: documented
    figure, model output, verdict and source (its links; or ``marks``, the briefing's numbered
    citations, one per row shown). The sources are also listed, numbered, in ``sources``."""
    checks = [c for c in calibration.checks if lapse is None or c.lapse == lapse]
    if marks is not None and len(marks) != len(checks):
        raise ValueError(f"{len(marks)} citation marks for {len(checks)} checks")
    rows = []
    for i, c in enumerate(checks):
        if marks is not None:
            source = Cell(marks[i], c.source)
        else:
            links = tuple(("source" if p.url else p.text, p.url) for p in split_sources(c.source))
            source = Cell(c.source, c.source, links)
        rows.append(
            (
                Cell(c.lapse, c.lapse),
                Cell(c.item, c.item),
                Cell(c.documented, c.documented),
                Cell(c.model, c.model),
                Cell(c.verdict, c.verdict),
                source,
            )
        )
    return ResultTable(
        title="Lapse calibration: the model beside the record",
        columns=(
            Column("lapse", "lapse"),
            Column("item", "item"),
            Column("documented", "documented"),
            Column("model", "model"),
            Column("verdict", "verdict"),
            Column("source", "source"),
        ),
        rows=tuple(rows),
        # the assumptions of both lapses (one lapse's surface shows its own beside it)
        notes=tuple(f"Assumption: {a}" for a in calibration.assumptions) if lapse is None else (),
        sources=tuple(f"[{i}] {c.item}: {c.source}" for i, c in enumerate(checks, 1)),
        row_ids=tuple(_key(c.lapse, c.item) for c in checks),
    )


def _key(lapse: str, item: str) -> str:
    """A row's key: the lapse's first year and the item, hyphenated (``2019-days-on-leave``)."""
    words = "".join(ch if ch.isalnum() else " " for ch in item.lower()).split()
    return "-".join([lapse[:4], *words])
