"""`burdenshare lapse --calibrate`: the bundled lapses beside every documented figure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from burdenshare import render

# the lapse engine loads inside the functions: `burdenshare --help` imports none


def calibration_command(emit: Any, fmt: Any, output: Path | None, as_table: bool) -> None:
    """Print (or write with ``emit``) the calibration of the 2018–19 and 2019–21 lapses."""
    from burdenshare.lapse.calibration import calibrate

    result = calibrate()
    records = result.to_records()
    if not as_table:
        emit(fmt, records, output=output)
        return
    out = render.console()
    out.print(
        render.table(
            "Lapse calibration: the model beside the record",
            ["lapse", "item", "documented", "model", "verdict"],
            [[r["lapse"], r["item"], r["documented"], r["model"], r["verdict"]] for r in records],
        )
    )
    for i, r in enumerate(records, 1):
        out.print(f"[{i}] {r['item']}: {r['source']}", soft_wrap=True)
    for text in result.assumptions:
        out.print(f"Assumption: {text}", soft_wrap=True)


def print_events(out: Any, timeline: Any, cur: Any, unit: str) -> None:
    """The dated events, who paid what, pay lost beside the employer's cost, assumptions."""
    from burdenshare.lapse.timeline import event_lines

    summary = timeline.summary()
    costs = summary.costs
    for line in event_lines(timeline):
        out.print(line, soft_wrap=True)
    out.print(
        f"Workers' pay lost {render.scaled(costs.workers, cur, unit)} net "
        f"(employer's labour cost of the leave, not the workers' loss: "
        f"{render.scaled(costs.employer_cost_unpaid, cur, unit)}). Paid during the lapse: "
        f"host {render.scaled(costs.paid_host, cur, unit)}, sending state "
        f"{render.scaled(costs.paid_sending_state, cur, unit)}.",
        soft_wrap=True,
    )
    for text in summary.assumptions:
        out.print(f"Assumption: {text}", soft_wrap=True)
