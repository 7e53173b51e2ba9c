"""One simulated negotiation offer by offer (talks/trace.py) as one presentation value: each
offer's round, date, party, terms in words with units (present/labels.py), both parties'
utilities and whether it was recorded or accepted; for `burdenshare simulate --trace`, its JSON
twin ("trace_table") and /negotiation."""

from __future__ import annotations

from burdenshare.present.labels import outcome_label
from burdenshare.present.table import Cell, Column, ResultTable
from burdenshare.talks.trace import Trace

TITLE = "One negotiation under the stated preferences"


def _status(recorded: bool, accepted: bool) -> str:
    return "recorded" if recorded else "accepted" if accepted else ""


def trace_table(trace: Trace) -> ResultTable:
    """The offers of ``trace``, numbered from 1 (the JSON records' ``round`` counts from 0); the
    caption names the engine (learning sides or not), the deal (date, the offer accepted, its
    terms) or its absence, and the central draw's assumption."""
    p1, p2 = trace.parties
    columns = (
        Column("number", "offer no.", numeric=True),
        Column("date", "date"),
        Column("party", "party"),
        Column("offer", "offer"),
        Column("u1", f"utility {p1}", numeric=True),
        Column("u2", f"utility {p2}", numeric=True),
        Column("status", "status"),
    )
    rows = tuple(
        (
            Cell(str(step.round + 1), step.round + 1),
            Cell(step.on.isoformat(), step.on.isoformat()),
            Cell(step.party, step.party),
            Cell(outcome_label(dict(step.terms)), step.outcome),
            Cell(f"{step.utilities[0]:.4f}", step.utilities[0]),
            Cell(f"{step.utilities[1]:.4f}", step.utilities[1]),
            Cell(_status(step.recorded, step.accepted), step.accepted),
        )
        for step in trace.steps
    )
    return ResultTable(
        title=TITLE,
        columns=columns,
        rows=rows,
        basis="each party's own utility (its valuation's scale), undiscounted",
        notes=_notes(trace),
        row_ids=tuple(str(step.round + 1) for step in trace.steps),
    )


def _notes(trace: Trace) -> tuple[str, ...]:
    p1, p2 = trace.parties
    learn = trace.learning
    engine = (
        f"Learning sides, as the Monte Carlo: each side's frequency model ({learn.method}) of "
        f"the other, bidding among the {learn.window} outcomes at or above its target nearest "
        "to it."
        if learn is not None
        else "The stated strategies, as the Monte Carlo (no opponent model)."
    )
    if trace.agreement is not None and trace.deal_date is not None:
        accepted = next(step for step in trace.steps if step.accepted)
        deal = (
            f"Deal on {trace.deal_date.isoformat()}, accepting offer {accepted.round + 1}: "
            f"{outcome_label(dict(accepted.terms))}."
        )
    else:
        deal = f"No deal within the {trace.rounds} offers."
    notes = [
        engine,
        deal,
        f"Reservation values (utility of no deal): {p1} {trace.reservations[0]:.4f}, "
        f"{p2} {trace.reservations[1]:.4f}.",
    ]
    if trace.talks_days is not None and trace.talks_start is not None:
        notes.append(
            f"Central draw (an assumption): stated valuations, no-deal money unshifted, talks "
            f"of {trace.talks_days} days from {trace.talks_start.isoformat()}."
        )
    return tuple(notes)
