"""`burdenshare lapse --calibrate`: the bundled lapses beside every documented figure; and the
lapse's dated events and payments under the month-by-month table (present/lapse.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from burdenshare import render

# the lapse engine loads inside the functions: `burdenshare --help` imports none


def calibration_command(emit: Any, fmt: Any, output: Path | None, as_table: bool) -> None:
    """Print (or write with ``emit``) the calibration of the 2018–19 and 2019–21 lapses."""
    from burdenshare.lapse.calibration import calibrate
    from burdenshare.present.lapse_calibration import SHOWN, calibration_table
    from burdenshare.present.table import rich_table

    result = calibrate()
    if not as_table:
        emit(fmt, result.to_records(), output=output)
        return
    table = calibration_table(result)  # present/lapse_calibration.py, as /lapse and the briefing
    out = render.console()
    # the caption's assumptions go under the numbered sources, a line each
    out.print(rich_table(replace(table.select(*SHOWN), notes=())))
    for line in (*table.sources, *table.notes):
        out.print(line, soft_wrap=True)


def print_events(out: Any, timeline: Any, scale: str | None, digits: int) -> None:
    """The dated events with the lapse's assumptions, and who paid what during the lapse (pay
    lost beside the employer's cost), in the lapse's own currency."""
    from burdenshare.present.lapse import lapse_events, lapse_payments
    from burdenshare.present.table import rich_table

    out.print(rich_table(lapse_events(timeline)))
    out.print(rich_table(lapse_payments(timeline, scale, digits)))
