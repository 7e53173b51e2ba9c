"""Exports of results as CSV, JSON and Parquet: every value comes back exactly.

The oracle is the engine's own records (money as integers of the smallest unit, decimals as
their text); the files are written by the command line (Typer's runner, in process), read back
with pandas (CSV) and pyarrow/pandas (Parquet), and compared value by value.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from burdenshare.cli import app
from burdenshare.costs.compare import compare
from burdenshare.costs.history import history, history_records
from burdenshare.costs.scenario import load_scenario
from burdenshare.data import bundled_series
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.timeline import simulate_case
from helpers import run_cli as _run

RUNNER = CliRunner()


def _records(name: str) -> list[dict[str, Any]]:
    if name == "compare":
        return compare(load_scenario("sma-2018")).to_records()
    if name == "lapse":
        return simulate_case(lapse_case(load_scenario("sma-2020-lapse"))).to_records()
    # the command lists the pending years (2028–2030) after the computed ones
    return history_records(history("us-rok"), bundled_series(), None, None, pending=True)


COMMANDS = {
    "compare": ["compare", "sma-2018"],
    "lapse": ["lapse", "sma-2020-lapse"],
    "history": ["history"],
}
# Text columns that pandas would otherwise parse (decimals kept as their exact text).
TEXT = {"growth_pct": str, "flags": str, "note": str}


def _cli(*args: str) -> str:
    result = RUNNER.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _same(value: Any, expected: Any) -> bool:
    if value is pd.NA:
        return expected is None
    if expected is None or expected == "":
        return value is None or value == "" or (isinstance(value, float) and math.isnan(value))
    return bool(value == expected) and type(value) is type(expected)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_csv_round_trip_keeps_every_value(name: str) -> None:
    expected = _records(name)
    # integer columns with empty cells (pending years, ledger and sector columns) read as
    # nullable integers, so money stays exact
    nullable = {
        k
        for r in expected
        for k, v in r.items()
        if isinstance(v, int) and not isinstance(v, bool) and any(x[k] is None for x in expected)
    }
    dtypes = {**TEXT, **dict.fromkeys(nullable, "Int64")}
    frame = pd.read_csv(io.StringIO(_cli(*COMMANDS[name], "--format", "csv")), dtype=dtypes)
    assert list(frame.columns) == list(expected[0])
    assert len(frame) == len(expected)
    for column in frame.columns:
        if all(isinstance(r[column], int) and not isinstance(r[column], bool) for r in expected):
            assert frame[column].dtype == "int64", column  # money: exact integers
    for row, rec in zip(frame.to_dict("records"), expected, strict=True):
        for key, value in rec.items():
            got = row[key]
            got = got.item() if hasattr(got, "item") else got
            assert _same(got, value), (name, key, got, value)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_parquet_round_trip_keeps_every_value(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.parquet"
    _cli(*COMMANDS[name], "--format", "parquet", "-o", str(path))
    expected = _records(name)
    assert pq.read_table(path).to_pylist() == expected
    frame = pd.read_parquet(path)
    assert frame["year" if name != "lapse" else "lapsed_days"].dtype == "int64"


def test_json_and_csv_to_a_file_match_stdout(tmp_path: Path) -> None:
    for fmt in ("json", "csv"):
        path = tmp_path / f"compare.{fmt}"
        _cli("compare", "sma-2018", "--format", fmt, "-o", str(path))
        assert path.read_text(encoding="utf-8") == _cli("compare", "sma-2018", "--format", fmt)
    payload = json.loads((tmp_path / "compare.json").read_text())
    totals = {r["proposal"]: r["total"] for r in payload["summary"]}
    assert totals["us-150pct"] == 7_201_500_000_000
    assert totals["us-1.2bn"] == 6_786_000_000_000


def test_every_result_command_exports_parquet(tmp_path: Path) -> None:
    commands = {
        "schedule": ["schedule", "SMA-9"],
        "negotiate": ["negotiate", "sma-2018"],
        "simulate": ["simulate", "sma-2018", "--runs", "200"],
    }
    for name, args in commands.items():
        path = tmp_path / f"{name}.parquet"
        _cli(*args, "--format", "parquet", "-o", str(path))
        csv_frame = pd.read_csv(io.StringIO(_cli(*args, "--format", "csv")))
        table = pq.read_table(path)
        assert table.column_names == list(csv_frame.columns), name
        assert table.num_rows == len(csv_frame), name
    schedule = pq.read_table(tmp_path / "schedule.parquet").to_pylist()
    # SMA-9: 920.0 bn won in 2014, +1.3% (2013 CPI) rounded to 1억 = 932.0 bn in 2015
    assert [r["amount"] for r in schedule][:2] == [920_000_000_000, 932_000_000_000]


def test_parquet_needs_an_output_file() -> None:
    result = _run("compare", "sma-2018", "--format", "parquet")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "parquet is binary: give -o/--output FILE" in result.stderr
