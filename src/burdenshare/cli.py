"""The command line: thin Typer commands that call the engine and render its records."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from burdenshare import (
    cli_backtest,
    cli_job,
    cli_lapse,
    cli_share,
    cli_tournament,
    cli_tracker,
    limits,
    render,
)
from burdenshare.errors import BurdenshareError, InputError
from burdenshare.files import atomic_write, check_output_path
from burdenshare.money import Currency
from burdenshare.present.numbers import DIGITS, amount
from burdenshare.present.policy import DEFAULT_BASE_YEAR, DEFAULT_RUNS

# The engines load inside the commands that use them: `burdenshare --help` stays fast
# (benchmarks/cli_startup.py).
if TYPE_CHECKING:
    from burdenshare.costs.compare import Comparison
    from burdenshare.costs.schedule import Schedule
    from burdenshare.present.table import ResultTable
    from burdenshare.talks.study import NegotiationStudy

_DATA = Path(__file__).parent / "data"


def dataset_names() -> tuple[str, ...]:
    """The bundled datasets (as burdenshare.data names them), without loading the schemas."""
    return tuple(p.stem for p in sorted((_DATA / "agreements").glob("*.yaml")))


def scenario_names() -> tuple[str, ...]:
    return tuple(p.stem for p in sorted((_DATA / "scenarios").glob("*.yaml")))


app = typer.Typer(
    help="burdenshare: alliance cost-sharing agreements, exactly.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
scenario_app = typer.Typer(help="Scenario files: validate and list.", no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _output_path(path: Path | None) -> Path | None:
    """``-o FILE`` is checked before any work: a regular file or a new path (files.py)."""
    if path is not None:
        check_output_path(path, "--output")
    return path


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write CSV/JSON/Parquet to FILE (Parquet needs one).",
        callback=_output_path,
    ),
]
CurrencyOpt = Annotated[str | None, typer.Option(help="Show amounts in KRW, USD or JPY.")]
RealOpt = Annotated[
    bool, typer.Option("--real/--nominal", help="Real terms (host CPI, base-year prices).")
]
BaseYearOpt = Annotated[
    int | None,
    typer.Option(help=f"Price base year for --real (default {DEFAULT_BASE_YEAR})."),
]
ScaleOpt = Annotated[
    str | None,
    typer.Option(
        help="Table unit: unit, thousand, million, billion, trillion (CSV/JSON are exact units)."
    ),
]


DigitsOpt = Annotated[
    int,
    typer.Option(
        min=0,
        max=18,
        help="Significant figures in the table (0: exact values); CSV/JSON are always exact.",
    ),
]


class _Format:
    """The table's number policy for the running command (set from its --digits)."""

    digits = DIGITS


def _digits(digits: int) -> None:
    _Format.digits = digits


def _cell(minor: int | None, currency: Currency, scale: str | None) -> str:
    """A money cell: ``scale`` units, the command's significant figures (present/numbers)."""
    return amount(minor, currency, scale, _Format.digits)


def _currency(code: str | None) -> Currency | None:
    if code is None:
        return None
    try:
        return Currency.parse(code)
    except ValueError as exc:
        raise InputError("--currency", "currency", str(exc)) from None


def _scale(scale: str | None, currency: Currency) -> str:
    if scale is None:
        return render.DEFAULT_SCALE[currency]
    if scale not in render.SCALES:
        raise InputError(
            "--scale", "scale", f"unknown scale {scale!r} (known: {', '.join(render.SCALES)})"
        )
    return scale


def _emit(
    fmt: Format,
    records: list[dict[str, Any]],
    table: Any = None,
    payload: Any = None,
    output: Path | None = None,
) -> None:
    if fmt is Format.json:
        _write(render.to_json(records if payload is None else payload), output)
    elif fmt is Format.csv:
        _write(render.to_csv(records), output)
    elif fmt is Format.parquet:
        if output is None:
            raise InputError("--format", "output", "parquet is binary: give -o/--output FILE")
        atomic_write(output, render.to_parquet(records))
    else:
        if output is not None:
            raise InputError("--output", "format", "a table is for the terminal: add --format")
        render.console().print(table)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text.encode("utf-8"))


@app.command("history")
def history_command(
    dataset: Annotated[
        str, typer.Option(help=f"Dataset: {', '.join(dataset_names())}.")
    ] = "us-rok",
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    currency: CurrencyOpt = None,
    real: RealOpt = False,
    base_year: BaseYearOpt = None,
    assume: Annotated[
        list[str] | None,
        typer.Option(help="Assumed series value SERIES=YEAR:VALUE, e.g. kr-cpi=2026:2.0."),
    ] = None,
    scale: ScaleOpt = None,
    agreed: Annotated[
        bool, typer.Option("--agreed", help="The agreed multi-year totals (a separate view).")
    ] = False,
    digits: DigitsOpt = DIGITS,
) -> None:
    """Every year's contribution since the first agreement, with its source; years still
    waiting for a series are listed as pending (compute them with --assume)."""
    _digits(digits)
    from burdenshare.costs.history import history, history_records
    from burdenshare.costs.record import agreed_totals
    from burdenshare.data import bundled_series

    if dataset not in dataset_names():
        raise InputError(
            "--dataset",
            "dataset",
            f"unknown dataset {dataset!r} (bundled: {', '.join(dataset_names())})",
        )
    if agreed:
        from burdenshare.present.record import agreed_table
        from burdenshare.present.table import rich_table

        totals = agreed_totals(dataset)
        shown = None if scale is None else _scale(scale, Currency.KRW)  # checks it
        _emit(fmt, totals, rich_table(agreed_table(totals, shown, digits)), output=output)
        return
    base_year = base_year or DEFAULT_BASE_YEAR
    bank = _assumed(bundled_series(), assume or [])
    hist = history(dataset, bank)
    records = history_records(
        hist, bank, _currency(currency), base_year if real else None, pending=True
    )
    from burdenshare.present.history import history_table
    from burdenshare.present.table import rich_table

    scale = None if scale is None else _scale(scale, hist.dataset.currency)  # checks it
    table = rich_table(history_table(hist, records, scale, digits))
    _emit(fmt, records, table, output=output)


@app.command("schedule")
def schedule_command(
    agreement: Annotated[str, typer.Argument(help="An agreement id (SMA-9) or a scenario.")],
    proposal: Annotated[str | None, typer.Option(help="Proposal key, with a scenario.")] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    currency: CurrencyOpt = None,
    real: RealOpt = False,
    base_year: BaseYearOpt = None,
    assume: Annotated[
        list[str] | None,
        typer.Option(
            help="Assumed series value SERIES=YEAR:VALUE, e.g. kr-cpi=2026:2.0 (repeatable)."
        ),
    ] = None,
    scale: ScaleOpt = None,
    digits: DigitsOpt = DIGITS,
) -> None:
    """Year-by-year amounts of one agreement or proposal, in every view."""
    _digits(digits)
    from burdenshare.costs.catalog import find_agreement
    from burdenshare.costs.record import documented_years
    from burdenshare.data import bundled_series, scenario_path

    if proposal is None and not scenario_path(agreement).exists():
        dataset, found = find_agreement(agreement)
        doc = documented_years(
            dataset,
            found,
            bundled_series(),
            _currency(currency),
            (base_year or DEFAULT_BASE_YEAR) if real else None,
        )
        if doc is not None:  # the rule exists only in words: show the documented years
            from burdenshare.present.record import documented_table
            from burdenshare.present.table import rich_table

            shown = None if scale is None else _scale(scale, Currency.KRW)  # checks it
            table = rich_table(documented_table(doc, shown, digits))
            _emit(fmt, doc.to_records(), table, output=output)
            return
    sched = _schedule(agreement, proposal, _currency(currency), real, base_year, assume or [])
    records = sched.to_records()
    from burdenshare.present.schedule import schedule_table
    from burdenshare.present.table import rich_table

    scale = None if scale is None else _scale(scale, sched.agreement.currency)  # checks it
    table = rich_table(schedule_table(sched, scale, digits))
    _emit(fmt, records, table, output=output)


def _schedule(
    name: str,
    proposal: str | None,
    currency: Currency | None,
    real: bool,
    base_year: int | None,
    assume: list[str],
) -> Schedule:
    from burdenshare.costs.catalog import find_agreement
    from burdenshare.costs.scenario import load_scenario
    from burdenshare.costs.schedule import Conversion, schedule
    from burdenshare.data import bundled_series, scenario_path

    if proposal is not None or scenario_path(name).exists():
        scenario = load_scenario(name)
        chosen = scenario.proposal(proposal or "baseline")
        bank, host, agreement = scenario.bank, scenario.dataset.host_series, chosen.agreement
        rate_series = scenario.dataset.exchange_rate_series
        fixed = scenario.exchange_rate
    else:
        dataset, agreement = find_agreement(name)
        bank, host, rate_series, fixed = (
            bundled_series(),
            dataset.host_series,
            dataset.exchange_rate_series,
            None,
        )
    bank = _assumed(bank, assume)
    conversion = None
    if real or (currency is not None and currency is not agreement.currency):
        # with --real, the same rate also brings a foreign-currency amount to the host's prices
        target = currency or agreement.currency
        conversion = Conversion(target, fixed=fixed, series=None if fixed else rate_series)
    return schedule(
        agreement,
        bank,
        conversion=conversion,
        real_base_year=(base_year or DEFAULT_BASE_YEAR) if real else None,
        host=host,
    )


def _assumed(bank: Any, assume: list[str]) -> Any:
    out = dict(bank)
    for item in assume:
        try:
            name, rest = item.split("=", 1)
            year, value = rest.split(":", 1)
            series = out[name]
        except (ValueError, KeyError):
            raise InputError(
                "--assume",
                item[:80],
                f"expected SERIES=YEAR:VALUE with a known series ({', '.join(sorted(out))})",
            ) from None
        try:
            number = limits.parse_decimal(value)
            when = limits.parse_int(year, limits.MIN_YEAR, limits.MAX_YEAR)
        except limits.LimitError as exc:
            raise InputError("--assume", item[:80], str(exc)) from None
        problem = series.value_problem(number)
        if problem is not None:
            raise InputError("--assume", item[:80], problem)
        out[name] = series.with_values({when: number}, "--assume")
    return out


@app.command("compare")
def compare_command(
    scenario: Annotated[
        str, typer.Argument(help=f"Scenario file or bundled name ({', '.join(scenario_names())}).")
    ],
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    currency: CurrencyOpt = None,
    real: RealOpt = False,
    base_year: BaseYearOpt = None,
    scale: ScaleOpt = None,
    digits: DigitsOpt = DIGITS,
) -> None:
    """The scenario's proposals side by side: per year, totals, NPV, difference to baseline."""
    _digits(digits)
    from burdenshare.costs.compare import compare
    from burdenshare.costs.scenario import load_scenario

    result = compare(
        load_scenario(scenario), _currency(currency), real, base_year or DEFAULT_BASE_YEAR
    )
    if fmt is Format.table and output is None:
        _print_comparison(result, scale, digits)
        cli_share.print_implied(result.scenario, digits)
    else:
        payload = _comparison_payload(result) if fmt is Format.json else None
        payload = cli_share.with_implied(payload, result.scenario, digits)
        _emit(fmt, result.to_records(), payload=payload, output=output)


def _comparison_payload(result: Comparison) -> dict[str, Any]:
    sc = result.scenario
    return {
        "scenario": sc.name,
        "title": sc.title,
        "currency": result.currency.code,
        "prices": "real" if result.real else "nominal",
        "base_year": result.base_year,
        "rate": result.rate,
        "discount_rate_percent": str(sc.discount_percent),
        "reference": {
            "agreement": sc.reference_agreement,
            "year": sc.reference_year,
            "amount": sc.reference_amount.minor,
            "currency": sc.reference_amount.currency.code,
        },
        "summary": result.summary_records(),
        "yearly": result.to_records(),
    }


def _print_comparison(result: Comparison, scale: str | None, digits: int) -> None:
    from burdenshare.costs.compare import compare
    from burdenshare.present.comparison import (
        comparison_summary,
        comparison_yearly,
        other_currency,
    )
    from burdenshare.present.table import rich_table

    sc = result.scenario
    out = render.console()
    out.print(f"[bold]{sc.title}[/bold]")
    out.print(
        f"Reference: {sc.reference_agreement} {sc.reference_year} = "
        f"{render.scaled(sc.reference_amount.minor, sc.reference_amount.currency, 'unit')} "
        f"{sc.reference_amount.currency}. Rate: {result.rate}."
    )
    unit = _scale(scale, result.currency)
    other = other_currency(result)
    alt = compare(sc, other, result.real, result.base_year) if other else None
    out.print(rich_table(comparison_yearly(result, unit, digits)))
    summary = comparison_summary(result, unit, digits, alt)
    keys = ["proposal", "label", "party", "percent_of_reference", "first_year"]
    keys += ["first_year_other", "total_other"] if alt is not None else []
    out.print(rich_table(summary.select(*keys)))


@app.command("lapse")
def lapse_command(
    scenario: Annotated[
        str | None, typer.Argument(help="Scenario file or bundled name with a lapse.")
    ] = None,
    deal_on: Annotated[
        str | None,
        typer.Option("--deal-on", help="Date (YYYY-MM-DD) the new agreement enters into force."),
    ] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    currency: CurrencyOpt = None,
    real: RealOpt = False,
    base_year: BaseYearOpt = None,
    scale: ScaleOpt = None,
    calibrate: Annotated[
        bool,
        typer.Option("--calibrate", help="Compare the 2018–19 and 2019–21 lapses with the record."),
    ] = False,
    digits: DigitsOpt = DIGITS,
) -> None:
    """Month by month after expiry: funds, reserve, people on unpaid leave, cost to each party."""
    _digits(digits)
    if calibrate:
        table = fmt is Format.table and output is None
        return cli_lapse.calibration_command(_emit, fmt, output, table)
    if scenario is None:
        raise InputError("lapse", "SCENARIO", "give a scenario, or --calibrate")
    from burdenshare.costs.scenario import load_scenario
    from burdenshare.lapse.scenario import lapse_case
    from burdenshare.lapse.timeline import simulate_case
    from burdenshare.present.lapse import lapse_headlines, lapse_months, shown_records
    from burdenshare.present.table import rich_table
    from burdenshare.present.views import money_view

    loaded = load_scenario(scenario)
    timeline = simulate_case(lapse_case(loaded, _date("--deal-on", deal_on)))
    native = Currency.parse(timeline.case.currency_code)
    view = money_view(loaded, native, _currency(currency), real, base_year)
    if fmt is not Format.table or output is not None:
        _emit(fmt, shown_records(timeline.to_records(), view), output=output)
        return
    cur = view.target
    unit = _scale(scale, cur)
    year = timeline.case.expiry.year
    summary = timeline.summary()
    out = render.console()
    out.print(rich_table(lapse_months(timeline, view, unit, _Format.digits)))
    costs = summary.costs
    out.print(
        f"Deal in force: {timeline.case.deal_on or 'none before the horizon'}. "
        f"Payroll funding runs out: {summary.payroll_runs_out or 'never'}; "
        f"up to {summary.max_on_leave:,} on unpaid leave for {summary.leave_days_per_worker}"
        f" days ({costs.leave_person_days:,} person-days, "
        f"{costs.leave_person_months:,} person-months)."
    )
    note = "" if view.identity else f"; totals shown at {year}'s rate/prices"
    headlines = lapse_headlines(
        summary,
        native,
        view.describe() + note,
        lambda minor: view.show(minor, year),
        cur,
        unit,
        _Format.digits,
    )
    out.print(rich_table(headlines))
    cli_lapse.print_events(out, timeline, _scale(scale, native), _Format.digits)


@app.command("negotiate")
def negotiate_command(
    scenario: Annotated[
        str | None, typer.Argument(help="Scenario with a negotiation section.")
    ] = None,
    genius: Annotated[
        tuple[Path, Path, Path] | None,
        typer.Option(help="Analyse a GENIUS domain instead: DOMAIN PROFILE1 PROFILE2."),
    ] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    currency: CurrencyOpt = None,
    real: RealOpt = False,
    base_year: BaseYearOpt = None,
    digits: DigitsOpt = DIGITS,
) -> None:
    """Where can the deal land: Pareto frontier, ZOPA, Nash, Kalai–Smorodinsky, egalitarian."""
    _digits(digits)
    from burdenshare.costs.scenario import load_scenario
    from burdenshare.present.views import money_view
    from burdenshare.talks.study import study_genius, study_scenario

    if (scenario is None) == (genius is None):
        raise InputError("negotiate", "arguments", "give a SCENARIO or --genius DOMAIN P1 P2")
    view, year = None, 0
    if genius is not None:
        if currency is not None or real:
            raise InputError("--genius", "currency", "a GENIUS domain has no money to convert")
        study = study_genius(genius[0], genius[1:])
    else:
        assert scenario is not None
        loaded = load_scenario(scenario)
        study = study_scenario(loaded)
        spec = loaded.spec.negotiation
        year = spec.start.year if spec is not None else 0  # the deal's first agreement year
        if study.domain is not None:
            view = money_view(loaded, study.domain.currency, _currency(currency), real, base_year)
    if fmt is Format.table and output is None:
        _print_study(study, view, year)
        if genius is None and loaded.spec.simulation is not None:
            _print_recorded(loaded, study, view, year)
    else:
        records = [_flat(_shown(study.describe(int(i)), view, year)) for i in study.analysis.pareto]
        payload = study.to_payload() if fmt is Format.json else None
        _emit(fmt, records, payload=payload, output=output)


def _shown(described: dict[str, Any], view: Any, year: int) -> dict[str, Any]:
    if view is None or view.identity or "first_year" not in described:
        return described
    return {
        **described,
        "first_year": view.show(described["first_year"], year),
        "currency": view.target.code,
        "prices": view.describe(),
    }


def _flat(described: dict[str, Any]) -> dict[str, Any]:
    out = dict(described["outcome"])
    out.update({f"utility_{k}": v for k, v in described["utilities"].items()})
    out.update({k: v for k, v in described.items() if k in ("first_year", "npv", "currency")})
    return out


def _print_recorded(loaded: Any, study: NegotiationStudy, view: Any, year: int) -> None:
    """The scenario's recorded offers on the study's grid (present/study.py: /negotiation's)."""
    from burdenshare.present.study import recorded_table
    from burdenshare.present.table import rich_table
    from burdenshare.talks import montecarlo

    st = montecarlo.setup(loaded)
    offers = [(st.parties[k % 2], int(i)) for k, i in enumerate(st.protocol.history)]
    if not offers:
        return
    shows = view is not None and not view.identity
    table = recorded_table(
        study,
        offers,
        (lambda minor: view.show(minor, year)) if shows else None,
        view.target if shows else None,
        view.describe() if shows else "",
        _Format.digits,
    )
    render.console().print(rich_table(table))


def _print_study(study: NegotiationStudy, view: Any = None, year: int = 0) -> None:
    from burdenshare.present.study import points_table
    from burdenshare.present.table import rich_table

    out = render.console()
    p1, p2 = study.parties
    out.print(
        f"[bold]{study.title}[/bold]: {study.space.size:,} outcomes over "
        f"{', '.join(study.space.names)}; Pareto frontier {study.analysis.pareto.size:,}; "
        f"zone of possible agreement {study.analysis.zopa_size:,} outcomes."
    )
    out.print(
        f"Reservation values: {p1} {study.reservation[0]:.4f}, {p2} {study.reservation[1]:.4f}."
    )
    if study.illustration:
        out.print("[italic]Preferences are illustrations, not a delegation's real ones.[/italic]")
    if study.assumptions:
        out.print("Assumptions: " + "; ".join(a.split(" (")[0] for a in study.assumptions) + ".")
    shows = view is not None and not view.identity
    table = points_table(
        study,
        (lambda minor: view.show(minor, year)) if shows else None,
        view.target if shows else None,
        view.describe() if shows else "",
        _Format.digits,
    )
    out.print(rich_table(table))


@app.command("simulate")
def simulate_command(
    scenario: Annotated[str, typer.Argument(help="Scenario with negotiation and simulation.")],
    runs: Annotated[
        int | None,
        typer.Option(
            min=1, max=limits.MAX_RUNS, help="Monte Carlo runs (default: the scenario's)."
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option(min=0, help="Random seed (default: the scenario's).")
    ] = None,
    show_trace: Annotated[
        bool,
        typer.Option(
            "--trace",
            help="Also show one negotiation under the stated preferences, offer by offer.",
        ),
    ] = False,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    currency: CurrencyOpt = None,
    real: RealOpt = False,
    base_year: BaseYearOpt = None,
    digits: DigitsOpt = DIGITS,
) -> None:
    """Where and when do they settle: Monte Carlo of the talks to and past the deadline."""
    _digits(digits)
    from burdenshare.costs.scenario import load_scenario
    from burdenshare.present.views import money_view
    from burdenshare.talks import montecarlo

    loaded = load_scenario(scenario)
    st = montecarlo.setup(loaded)
    native = Currency.parse(st.domain.currency.code)
    view = money_view(loaded, native, _currency(currency), real, base_year)
    total = runs if runs is not None else st.runs
    with _progress(total) as advance:
        result = montecarlo.run(st, total, seed, progress=advance)
    spec = loaded.spec.negotiation
    first = spec.start.year if spec is not None else st.round_dates[0].year
    summary = _summary_shown(result.summary(), view, first)
    steps, table = None, None
    if show_trace:  # the central run, by the engine and rules of the runs above (talks/trace.py)
        from burdenshare.present.trace import trace_table
        from burdenshare.talks.trace import negotiation_trace

        trace = negotiation_trace(st)
        steps, table = trace.rows(), trace_table(trace)
    if fmt is Format.table and output is None:
        _print_simulation(summary, table)
    else:
        from burdenshare.present.stats import deal_probabilities

        p_deal = {k: v.to_json() for k, v in deal_probabilities(summary).items()}
        payload = {
            "summary": summary,
            "deal_probability": p_deal,
            **({"trace": steps, "trace_table": table.to_json()} if table is not None else {}),
        }
        records = steps if steps is not None else [_flat_summary(summary)]
        _emit(fmt, records, payload=payload if fmt is Format.json else None, output=output)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar (throughput and ETA) on stderr for long runs; silent for short ones."""
    if total < 200_000:
        yield lambda done: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class _RateColumn(ProgressColumn):
        """Throughput in runs per second."""

        def render(self, task: Task) -> Text:
            return Text(f"{task.speed:,.0f} runs/s" if task.speed else "")

    columns = (
        TextColumn("simulating"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("runs", total=total)
        yield lambda done: bar.update(task, completed=done)


def _summary_shown(summary: dict[str, Any], view: Any, year: int) -> dict[str, Any]:
    """The outlook's money (first-year amounts, lapse costs) in the asked view, valued in the
    first year of the talks."""
    if view.identity:
        return summary
    out = dict(summary)
    for key in ("first_year_amount", "lapse_cost_mean"):
        if out.get(key):
            out[key] = {k: float(view.show(round(v), year)) for k, v in out[key].items()}
    out["currency"] = view.target.code
    out["prices"] = view.describe()
    return out


def _flat_summary(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if not isinstance(v, dict | list)}


def _print_simulation(summary: dict[str, Any], trace: ResultTable | None) -> None:
    """The outlook and (``--trace``) the trace's table (present/trace.py)."""
    from burdenshare.present.outlook import outlook_table
    from burdenshare.present.table import rich_table

    out = render.console()
    out.print(
        f"[bold]{summary['scenario']}[/bold]: {summary['runs']:,} simulated negotiations "
        f"(seed {summary['seed']}), {summary['rounds']} offers from "
        f"{summary['parties'][0]}, {summary['recorded_offers']} recorded."
    )
    out.print(rich_table(outlook_table(summary, _Format.digits)))
    if trace is not None:
        out.print(rich_table(trace))


@app.command("report")
def report_command(
    scenario: Annotated[
        str, typer.Argument(help=f"Scenario file or bundled name ({', '.join(scenario_names())}).")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The briefing file: FILE.html or FILE.pdf.")
    ],
    title: Annotated[str | None, typer.Option(help="Title (default: the scenario's).")] = None,
    currency: CurrencyOpt = None,
    runs: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=limits.MAX_RUNS,
            help="Monte Carlo runs for the deal probability (default: the scenario's).",
        ),
    ] = DEFAULT_RUNS,
    seed: Annotated[
        int | None, typer.Option(min=0, help="Random seed (default: the scenario's).")
    ] = None,
    appendix: Annotated[
        bool, typer.Option(help="Add full tables: schedules, Pareto frontier, lapse by month.")
    ] = False,
    real: RealOpt = False,
    base_year: BaseYearOpt = None,
) -> None:
    """A self-contained briefing (HTML or PDF by the extension): situation, proposals, lapse,
    negotiation analysis, deal probability, history and every figure's source."""
    from burdenshare import reports  # matplotlib and WeasyPrint: loaded only when needed
    from burdenshare.costs.scenario import load_scenario

    reports.report_format(output)
    check_output_path(output, "-o")
    if base_year is not None and not real:
        raise InputError("--base-year", "report", "a base year needs --real")
    options = reports.Options(title, _currency(currency), runs, seed, appendix, real, base_year)
    kind = reports.write_report(reports.build_report(load_scenario(scenario), options), output)
    typer.echo(f"wrote {output} ({kind.upper()})")


def _date(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            option, option.lstrip("-"), f"{text!r} is not a date (YYYY-MM-DD)"
        ) from None


@scenario_app.command("validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help="Scenario YAML files.")],
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Check scenario files strictly; exit code 2 on the first problem.

    Builds what `compare`, `lapse`, `negotiate` and `simulate` build (and runs two draws of
    the simulation), so a file that passes here does not fail there."""
    from burdenshare.costs.compare import compare
    from burdenshare.costs.scenario import load_scenario
    from burdenshare.lapse.scenario import lapse_case
    from burdenshare.lapse.timeline import simulate_case
    from burdenshare.talks import montecarlo
    from burdenshare.talks.study import study_scenario

    records = []
    for path in files:
        scenario = load_scenario(path)
        compare(scenario)
        if scenario.spec.lapse is not None:
            simulate_case(lapse_case(scenario))
        if scenario.spec.negotiation is not None:
            study_scenario(scenario)
        if scenario.spec.simulation is not None:
            montecarlo.run(montecarlo.setup(scenario), 2, None)
        records.append(
            {
                "file": str(path),
                "ok": True,
                "scenario": scenario.name,
                "proposals": len(scenario.proposals),
                "lapse": scenario.spec.lapse is not None,
            }
        )
    if fmt is not Format.table or output is not None:
        _emit(fmt, records, output=output)
        return
    for r in records:
        lapse = ", lapse" if r["lapse"] else ""
        typer.echo(
            f"{r['file']}: ok ({r['scenario']}: baseline + {r['proposals']} proposals{lapse})"
        )


@scenario_app.command("list")
def list_command() -> None:
    """The bundled scenarios."""
    from burdenshare.costs.scenario import load_scenario

    for name in scenario_names():
        typer.echo(f"{name}\t{load_scenario(name).title}")


cli_tracker.register(app)
cli_job.register(app)
cli_share.register(app)
cli_backtest.register(app)
cli_tournament.register(app)


def main() -> None:
    """Entry point: domain errors become one line on stderr and exit code 2.

    Usage errors (unknown option, missing argument) are Typer's own: a message and exit code 2.
    """
    try:
        app(prog_name="burdenshare")
    except BurdenshareError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
