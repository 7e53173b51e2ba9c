"""`burdenshare lapse --calibrate`: the bundled lapses beside every documented figure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from burdenshare import render
from burdenshare.lapse.calibration import calibrate


def calibration_command(emit: Any, fmt: Any, output: Path | None, as_table: bool) -> None:
    """Print (or write with ``emit``) the calibration of the 2018–19 and 2019–21 lapses."""
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
    case, summary = timeline.case, timeline.summary()
    ev = case.events
    costs = summary.costs
    for n in ev.notices:
        out.print(
            f"Notice: {n.name} served {n.served}, minimum {n.minimum_days} days "
            f"(furlough not before {n.earliest_furlough}).",
            soft_wrap=True,
        )
    for f in ev.funding:
        who = "host" if f.payer == "host" else "sending state"
        out.print(
            f"Funding: {f.label}: {who} pays {', '.join(f.sectors)} {f.start} to {f.end}.",
            soft_wrap=True,
        )
    for x in ev.suspensions:
        out.print(f"Suspension: {x.sector} from {x.start} to {x.end or 'entry into force'}.")
    if ev.lapse_clause is not None:
        out.print(
            f"Lapse clause of {ev.lapse_clause.agreement}: "
            f"{', '.join(ev.lapse_clause.sectors)} paid at the prior year's level."
        )
    for sector, first, last in summary.suspended:
        out.print(f"No funds for {sector}: {first} to {last}; resumes at entry into force.")
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
