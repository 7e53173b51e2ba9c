"""The one presentation value of a result: a titled table of formatted cells, each beside its
exact value, with the units in its column headers, its basis, notes, sources and (for Monte
Carlo results) its run count.

Every result is shaped once, by its builder in ``present/`` (``present/backtest.py``,
``present/comparison.py``, ...); the CLI prints it with :func:`rich_table`, the dashboard page
and the briefing draw it with the one Jinja macro ``present/templates/result_table.html``, and
the page's JSON twin carries :meth:`ResultTable.to_json`. A figure is therefore formatted once
and is the same string wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich loads when a table is printed (the CLI's start-up stays light)
    from rich.table import Table

Exact = int | float | str | bool | Decimal | None | tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    """A column: ``key`` (the JSON twin's name), ``label`` (for people) and the ``unit`` every
    cell of the column is in ("" when the cells carry their own words)."""

    key: str
    label: str
    unit: str = ""
    numeric: bool = False

    @property
    def header(self) -> str:
        """``real first year (KRW bn)``: the label with its unit."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class Cell:
    """A formatted figure (``text``, by the number policy: present/numbers.py) and the exact
    value it shows (integer minor units, a Decimal, a count; None when unknown)."""

    text: str
    value: Exact = None
    links: tuple[tuple[str, str], ...] = ()  # (link text, url): a page shows them as links


@dataclass(frozen=True)
class ResultTable:
    """One result as every surface shows it."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    basis: str = ""  # e.g. "KRW, nominal" or "USD, real (2020 prices: US CPI)"
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    runs: int | None = None  # Monte Carlo results: runs per figure
    interval: str = ""  # Monte Carlo results: what the interval is (e.g. "p10 / p50 / p90")
    row_ids: tuple[str, ...] = field(default=())  # a key per row (e.g. the scenario name)

    def __post_init__(self) -> None:
        width = len(self.columns)
        for row in self.rows:
            if len(row) != width:
                raise ValueError(f"{self.title}: a row of {len(row)} cells for {width} columns")
        if self.row_ids and len(self.row_ids) != len(self.rows):
            raise ValueError(f"{self.title}: {len(self.row_ids)} row ids for {len(self.rows)} rows")

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def numeric(self) -> tuple[bool, ...]:
        return tuple(c.numeric for c in self.columns)

    def texts(self) -> tuple[tuple[str, ...], ...]:
        """The formatted cells, row by row."""
        return tuple(tuple(cell.text for cell in row) for row in self.rows)

    def column(self, key: str) -> tuple[Cell, ...]:
        """The cells of column ``key``."""
        index = next((i for i, c in enumerate(self.columns) if c.key == key), None)
        if index is None:
            raise KeyError(f"{self.title}: no column {key!r}")
        return tuple(row[index] for row in self.rows)

    def select(self, *keys: str) -> ResultTable:
        """The same table with only the columns ``keys``, in that order (a narrow surface shows
        fewer columns, never other strings)."""
        index = {c.key: i for i, c in enumerate(self.columns)}
        missing = [k for k in keys if k not in index]
        if missing:
            raise KeyError(f"{self.title}: no column {', '.join(missing)}")
        picked = [index[k] for k in keys]
        return replace(
            self,
            columns=tuple(self.columns[i] for i in picked),
            rows=tuple(tuple(row[i] for i in picked) for row in self.rows),
        )

    @property
    def caption(self) -> str:
        """The line under the table: basis, run count and notes."""
        parts = [f"Basis: {self.basis}." if self.basis else ""]
        if self.runs is not None:
            parts.append(
                f"{self.runs:,} runs per figure"
                + (f" ({self.interval})." if self.interval else ".")
            )
        parts.extend(self.notes)
        return " ".join(p for p in parts if p)

    def to_json(self) -> dict[str, Any]:
        """The JSON twin: the same formatted texts with their exact values."""
        return {
            "title": self.title,
            "basis": self.basis,
            "columns": [
                {
                    "key": c.key,
                    "label": c.label,
                    "unit": c.unit,
                    "header": c.header,
                    "numeric": c.numeric,
                }
                for c in self.columns
            ],
            "rows": [
                {c.key: _cell_json(cell) for c, cell in zip(self.columns, row, strict=True)}
                for row in self.rows
            ],
            "notes": list(self.notes),
            "sources": list(self.sources),
            "runs": self.runs,
            "interval": self.interval,
            "row_ids": list(self.row_ids),
            "caption": self.caption,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ResultTable:
        """The value back from its JSON twin (a cached page view keeps only JSON); the texts
        are the same strings, exact values come back as JSON gave them."""
        columns = tuple(
            Column(c["key"], c["label"], c["unit"], bool(c.get("numeric", False)))
            for c in data["columns"]
        )
        rows = tuple(tuple(_cell_of(row[c.key]) for c in columns) for row in data["rows"])
        return cls(
            title=data["title"],
            columns=columns,
            rows=rows,
            basis=data["basis"],
            notes=tuple(data["notes"]),
            sources=tuple(data["sources"]),
            runs=data["runs"],
            interval=data["interval"],
            row_ids=tuple(data.get("row_ids", ())),
        )


def _cell_json(cell: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {"text": cell.text, "value": _plain(cell.value)}
    if cell.links:
        out["links"] = [{"text": t, "url": u} for t, u in cell.links]
    return out


def _cell_of(data: Mapping[str, Any]) -> Cell:
    links = tuple((p["text"], p["url"]) for p in data.get("links", ()))
    return Cell(data["text"], _exact(data["value"]), links)


def _exact(value: Any) -> Exact:
    return tuple(value) if isinstance(value, list) else value


def _plain(value: Exact) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def rich_table(result: ResultTable) -> Table:
    """The CLI's one renderer: the table with its caption (basis, runs, notes)."""
    from burdenshare import render

    return render.table(result.title, result.headers, result.texts(), result.caption)


def template_dir() -> Path:
    """The folder of ``result_table.html``, the one Jinja macro the dashboard and the briefing
    draw a :class:`ResultTable` with."""
    return Path(str(resources.files("burdenshare.present").joinpath("templates")))
