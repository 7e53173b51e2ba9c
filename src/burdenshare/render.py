"""Rendering of result records as a Rich table, CSV or JSON (the CLI's only output path)."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table

from burdenshare.money import Currency

SCALES = {"unit": 0, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
DEFAULT_SCALE = {Currency.KRW: "billion", Currency.USD: "million", Currency.JPY: "billion"}


def scaled(minor: int | None, currency: Currency, scale: str) -> str:
    """An exact amount in ``scale`` units of the major currency unit: never rounded."""
    if minor is None:
        return "–"
    value = Decimal(minor).scaleb(-currency.exponent - SCALES[scale])
    if scale == "unit":
        return f"{value:,.{currency.exponent}f}"
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    head = f"{int(whole):,}" if whole not in ("-0", "") else whole
    return f"{head}.{frac}" if frac else head


def to_csv(records: Sequence[dict[str, Any]]) -> str:
    if not records:
        return ""
    columns: list[str] = []
    for rec in records:
        columns.extend(k for k in rec if k not in columns)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def to_parquet(records: Sequence[dict[str, Any]]) -> bytes:
    """Records as one Parquet table: integers stay int64 (money in smallest units), decimals
    become their exact text (as in CSV and JSON), missing values are nulls."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns: list[str] = []
    for rec in records:
        columns.extend(k for k in rec if k not in columns)
    rows = [{k: _plain(rec.get(k)) for k in columns} for rec in records]
    buffer = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(rows), buffer)
    data: bytes = buffer.getvalue().to_pybytes()
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def to_json(payload: Any) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"


WIDTH = 160  # the CLI's console width (console())
WORDS = 24  # a word column may be narrowed to this width before number headers wrap


def table(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], caption: str = ""
) -> Table:
    out = Table(title=title, caption=caption, caption_justify="left")
    numeric = [
        i > 0 and all(_numeric(row[i]) for row in rows if i < len(row)) for i in range(len(columns))
    ]
    widest = [
        max((len(row[i]) for row in rows if i < len(row)), default=0) for i in range(len(columns))
    ]
    # a number never wraps inside its cell (the column is at least as wide as the longest one);
    # headers and words may. When the table would not fit, a number column's header is
    # wrapped to its numbers' width beforehand, so that only word columns are narrowed
    # ("would not fit": word columns narrowed to WORDS characters, numbers kept whole).
    needed = 1 + sum(
        3 + (max(len(name), w) if numeric[i] else min(max(len(name), w), WORDS))
        for i, (name, w) in enumerate(zip(columns, widest, strict=True))
    )
    squeeze = needed > WIDTH
    for i, name in enumerate(columns):
        header = name
        if numeric[i] and squeeze:
            longest_word = max((len(word) for word in name.split()), default=0)
            header = textwrap.fill(name, max(widest[i], longest_word))
        out.add_column(
            header,
            justify="right" if numeric[i] else "left",
            overflow="fold",
            min_width=widest[i] if numeric[i] else None,
            no_wrap=numeric[i] and squeeze,
        )
    for row in rows:
        out.add_row(*row)
    return out


def _numeric(cell: str) -> bool:
    return bool(cell) and (cell[0].isdigit() or cell[0] in "-–+")


def console() -> Console:
    return Console(width=WIDTH)
