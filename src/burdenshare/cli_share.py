"""`burdenshare share` (host share per period) and `burdenshare allies` (the allies panel)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from burdenshare import render
from burdenshare.errors import InputError
from burdenshare.files import atomic_write

# the engines load inside the commands: `burdenshare --help` imports none (cli_startup.py)
if TYPE_CHECKING:
    from burdenshare.costs.allies import AlliesPanel
    from burdenshare.costs.scenario import Scenario
    from burdenshare.costs.share import ShareTable

BASES = ("sma", "direct", "direct+indirect")  # = costs.share.BASES (tests/test_cli_views.py)
_SHARE_DIR = Path(__file__).parent / "data" / "share"


def share_names() -> tuple[str, ...]:
    """= data.share.share_names(), without loading the schemas."""
    return tuple(p.stem for p in sorted(_SHARE_DIR.glob("*.yaml")) if p.stem != "allies")


FORMATS = ("table", "csv", "json", "parquet")
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, csv, json or parquet.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write CSV/JSON/Parquet to FILE.")
]


def _emit(fmt: str, records: list[dict[str, Any]], payload: Any, output: Path | None) -> bool:
    """Write CSV/JSON/Parquet; False when the caller should print its table."""
    if fmt not in FORMATS:
        raise InputError(
            "--format", "format", f"unknown format {fmt!r} (known: {', '.join(FORMATS)})"
        )
    if fmt == "table":
        if output is not None:
            raise InputError("--output", "format", "a table is for the terminal: add --format")
        return False
    if fmt == "parquet":
        if output is None:
            raise InputError("--format", "output", "parquet is binary: give -o/--output FILE")
        atomic_write(output, render.to_parquet(records))
        return True
    text = render.to_json(payload) if fmt == "json" else render.to_csv(records)
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text.encode("utf-8"))
    return True


def share_command(
    dataset: Annotated[
        str,
        typer.Option(help=f"Bundled dataset ({', '.join(share_names())}) or a share file path."),
    ] = "us-rok",
    basis: Annotated[str, typer.Option(help=f"Host contribution: {', '.join(BASES)}.")] = "direct",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """What each side pays: host contribution, sending-state cost, host share, cost per troop."""
    from burdenshare.costs.share import share

    result = share(dataset, basis)
    if not _emit(fmt, result.to_records(), result.payload(), output):
        _print_share(result)


def _print_share(result: ShareTable) -> None:
    from burdenshare.present.share import CLI_COLUMNS, share_table
    from burdenshare.present.table import rich_table

    out = render.console()
    out.print(rich_table(share_table([result]).select(*CLI_COLUMNS)))
    for r in result.rows:
        span = str(r.first) if r.first == r.last else f"{r.first}–{r.last}"
        flags = f" [{', '.join(r.sending.flags)}]" if r.sending.flags else ""
        out.print(
            escape(f"{span} sending-state cost: {r.sending.basis} — {r.sending.source}{flags}")
        )
        marks = f" [{', '.join(r.host.flags)}]" if r.host.flags else ""
        out.print(escape(f"{span} host ({r.basis}): {r.host.basis} — {r.host.source}{marks}"))
        if r.basis_change:
            out.print(f"[bold]{span} basis change:[/bold] " + escape(r.basis_change))
        if r.troops_source:
            alt = r.cost_per_stated_troop
            stated = ""
            if alt is not None and r.stated_troops:
                per = f"US$ {alt.major:,.2f} per troop-year"
                stated = f"; on the source's stated {r.stated_troops:,}: {per}"
            out.print(escape(f"{span} troops: {r.troops_source}{stated}"))
    for note in result.payload()["notes"]:
        out.print(escape(f"note: {note}"))


def allies_command(fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """How the allies compare: host support, US troops, defence % of GDP, NATO's guidelines."""
    from burdenshare.costs.allies import allies

    panel = allies()
    if not _emit(fmt, panel.to_records(), panel.payload(), output):
        _print_allies(panel)


def _print_allies(panel: AlliesPanel) -> None:
    from burdenshare.present.allies import allies_table, targets_table
    from burdenshare.present.table import rich_table

    out = render.console()
    out.print(rich_table(allies_table(panel)))  # present/allies.py: the page's and briefing's
    targets = targets_table(panel)
    keys = [c.key for c in targets.columns if c.key != "source"]
    out.print(rich_table(targets.select(*keys)))
    for label, source in zip(targets.column("guideline"), targets.column("source"), strict=True):
        out.print(escape(f"{label.text}: {source.text}"))  # whole URLs (a cell would fold them)


def print_implied(scenario: Scenario, digits: int) -> None:
    """The host share each proposal implies (for `compare`), with the cost assumption stated
    (present/implied.py: the briefing's table)."""
    from burdenshare.costs.implied import implied_shares
    from burdenshare.present.implied import implied_table
    from burdenshare.present.table import rich_table

    try:
        implied = implied_shares(scenario)
    except InputError:
        return  # no sending-state cost bundled for this dataset: nothing to state
    render.console().print(rich_table(implied_table(implied, digits)))


def with_implied(payload: Any, scenario: Scenario, digits: int) -> Any:
    """`compare --format json` with the implied host shares added (when a cost is bundled):
    the exact records and the table as `compare` prints it at ``digits`` (present/implied.py)."""
    if payload is None:
        return None
    try:
        from burdenshare.costs.implied import implied_shares
        from burdenshare.present.implied import implied_table

        implied = implied_shares(scenario)
    except InputError:
        return payload
    table = implied_table(implied, digits).to_json()
    return {**payload, "implied_host_share": {**implied.payload(), "table": table}}


def register(app: typer.Typer) -> None:
    """Add `share` and `allies` to the ``burdenshare`` app."""
    app.command("share")(share_command)
    app.command("allies")(allies_command)
