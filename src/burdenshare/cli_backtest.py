"""The `backtest` and `sensitivity` commands (issue 16): replay past SMA negotiations, and the
tornado of a scenario's uncertain inputs. The logic is in talks/backtest.py and
talks/sensitivity.py; this module parses options and renders."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from burdenshare import render
from burdenshare.errors import InputError
from burdenshare.files import atomic_write

# the engines load inside the commands: `burdenshare --help` imports none (cli_startup.py)
CASES = ("sma-10", "sma-11", "sma-12")  # = talks.backtest.CASES (tests/test_cli_views.py)
TARGET = (10.0, 90.0)  # = talks.backtest.TARGET


class Out(StrEnum):
    table = "table"
    json = "json"


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError("--as-of", "date", f"{text!r} is not a date (YYYY-MM-DD)") from None


def _emit(payload: Any, output: Path | None) -> None:
    text = render.to_json(payload)
    if output is None:
        typer.echo(text)
    else:
        atomic_write(output, (text + "\n").encode())


def backtest_command(
    scenarios: Annotated[
        list[str] | None,
        typer.Argument(help=f"Scenarios with a backtest section (default: {', '.join(CASES)})."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Replay from this date (default: each case's last round)."),
    ] = None,
    runs: Annotated[int | None, typer.Option(min=1, help="Runs per case.")] = None,
    seed: Annotated[int | None, typer.Option(min=0, help="Random seed.")] = None,
    fmt: Annotated[Out, typer.Option("--format", "-f", help="table or json.")] = Out.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write JSON here.")] = None,
) -> None:
    """Replay each negotiation as of a date: was the real outcome in the zone of agreement, and
    what are its percentiles among the simulated settlements (first-year amount, duration,
    deal date)?"""
    when = _date(as_of)
    from burdenshare.costs.scenario import load_scenario
    from burdenshare.talks.backtest import backtest

    results = [backtest(load_scenario(n), when, runs, seed) for n in scenarios or CASES]
    if fmt is Out.json or output is not None:
        _emit([r.to_record() for r in results], output)
        return
    from burdenshare.present.backtest import assumption_names, backtest_table
    from burdenshare.present.table import rich_table

    records = [r.to_record() for r in results]
    render.console().print(rich_table(backtest_table(records, TARGET)))
    for rec in records:  # every output that uses an assumption names it (details: --format json)
        typer.echo(f"{rec['case']}: assumptions used: {', '.join(assumption_names([rec]))}")


def sensitivity_command(
    scenario: Annotated[str, typer.Argument(help="A scenario with money-equivalent valuations.")],
    runs: Annotated[int, typer.Option(min=1, help="Monte Carlo runs per point.")] = 2_000,
    seed: Annotated[int | None, typer.Option(min=0, help="Random seed.")] = None,
    spread: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Scale money inputs by 1 ∓ spread.")
    ] = 0.5,
    fmt: Annotated[Out, typer.Option("--format", "-f", help="table or json.")] = Out.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write JSON here.")] = None,
    chart: Annotated[Path | None, typer.Option(help="Write the tornado chart (SVG) here.")] = None,
) -> None:
    """How the Nash and Kalai–Smorodinsky points and P(deal) move with each uncertain input."""
    from burdenshare.costs.scenario import load_scenario
    from burdenshare.talks.sensitivity import sensitivity, sensitivity_record, tornado_svg

    sc = load_scenario(scenario)
    base, rows = sensitivity(sc, runs, seed, spread)
    payload = sensitivity_record(sc, base, rows, runs, seed)
    if chart is not None:
        if chart.suffix.lower() != ".svg":
            raise InputError("--chart", "suffix", f"{chart.name}: the chart is SVG (.svg)")
        svg = tornado_svg(sc.title, base, rows, payload["currency"])
        atomic_write(chart, svg.encode(), "--chart")
    if fmt is Out.json or output is not None:
        _emit(payload, output)
        return
    from burdenshare.present.sensitivity import sensitivity_table
    from burdenshare.present.table import rich_table

    render.console().print(rich_table(sensitivity_table(payload)))


def register(app: typer.Typer) -> None:
    """Add `backtest` and `sensitivity` to the ``burdenshare`` app."""
    app.command("backtest")(backtest_command)
    app.command("sensitivity")(sensitivity_command)
