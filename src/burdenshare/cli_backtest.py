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


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f}"


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
    from burdenshare.talks.sensitivity import sensitivity, tornado_svg

    sc = load_scenario(scenario)
    base, rows = sensitivity(sc, runs, seed, spread)
    currency = sc.reference_amount.currency.code
    if chart is not None:
        if chart.suffix.lower() != ".svg":
            raise InputError("--chart", "suffix", f"{chart.name}: the chart is SVG (.svg)")
        atomic_write(chart, tornado_svg(sc.title, base, rows, currency).encode(), "--chart")
    if fmt is Out.json or output is not None:
        _emit(
            {
                "scenario": sc.name,
                "currency": currency,
                "base": {
                    "nash_first_year": base.nash_first_year,
                    "nash_npv": base.nash_npv,
                    "ks_first_year": base.ks_first_year,
                    "p_deal": round(base.p_deal, 4),
                },
                "inputs": [r.to_record() for r in rows],
            },
            output,
        )
        return

    def bn(x: int | None) -> str:
        return "–" if x is None else f"{x / 1e9:,.1f}"

    table = [
        [
            r.input,
            r.low,
            r.high,
            bn(r.at_low.nash_npv),
            bn(r.at_high.nash_npv),
            bn(r.at_low.nash_first_year),
            bn(r.at_high.nash_first_year),
            f"{r.at_low.p_deal:.3f}",
            f"{r.at_high.p_deal:.3f}",
        ]
        for r in rows
    ]
    render.console().print(
        render.table(
            f"Sensitivity of {sc.name} (billion {currency}); base: Nash NPV {bn(base.nash_npv)}, "
            f"first year {bn(base.nash_first_year)}, P(deal) {base.p_deal:.3f}",
            [
                "input",
                "low",
                "high",
                "Nash NPV low",
                "Nash NPV high",
                "Nash 1st yr low",
                "Nash 1st yr high",
                "P(deal) low",
                "P(deal) high",
            ],
            table,
        )
    )


def register(app: typer.Typer) -> None:
    """Add `backtest` and `sensitivity` to the ``burdenshare`` app."""
    app.command("backtest")(backtest_command)
    app.command("sensitivity")(sensitivity_command)
