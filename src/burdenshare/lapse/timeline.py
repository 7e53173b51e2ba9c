"""One lapse's month-by-month timeline and its summary, as records and DataFrames."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from burdenshare.lapse.engine import Result, batch_of, simulate
from burdenshare.lapse.model import LapseCase


@dataclass(frozen=True)
class PartyCosts:
    """Cumulative cost of a lapse (smallest currency units) and leave in person-days."""

    host: int
    sending_state: int
    workers: int  # pay lost, net of bridge subsidies and back pay
    leave_person_days: int
    leave_person_months: Decimal  # Σ people on leave × leave days / days in the month
    paid_host: int = 0  # everything the host paid during the lapse (not only its cost)
    paid_sending_state: int = 0
    employer_cost_unpaid: int = 0  # the labour cost of the leave (not the workers' loss)


def _person_months(result: Result, index: int) -> Decimal:
    total = Decimal(0)
    for m, first in enumerate(result.batch.months):
        days = Decimal(calendar.monthrange(first.year, first.month)[1])
        total += Decimal(int(result.on_leave[index, m] * result.leave_days[index, m])) / days
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Summary:
    payroll_runs_out: str | None  # first month (YYYY-MM) with workers on unpaid leave
    leave_ends: str | None  # last month with workers on unpaid leave
    max_on_leave: int
    leave_days_per_worker: int  # days on leave of a worker on leave throughout
    costs: PartyCosts
    reserve_end: int
    leave_starts: date | None = None  # first day of unpaid leave
    entry_into_force: date | None = None
    suspended: tuple[tuple[str, str, str], ...] = ()  # (sector, first month, last month)
    assumptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Timeline:
    case: LapseCase
    result: Result
    index: int = 0

    def to_records(self) -> list[dict[str, Any]]:
        r, i = self.result, self.index
        out = []
        for m, first in enumerate(r.batch.months):
            rec: dict[str, Any] = {
                "month": f"{first:%Y-%m}",
                "lapsed_days": int(r.lapsed_days[i, m]),
            }
            for s, sector in enumerate(r.batch.sectors):
                rec[f"funds_in_{sector}"] = int(r.funds_in[i, m, s])
                rec[f"spent_{sector}"] = int(r.spent[i, m, s])
                rec[f"unfunded_{sector}"] = int(r.unfunded[i, m, s])
                rec[f"carried_{sector}"] = int(r.carried[i, m, s])
            rec.update(
                {
                    "reserve_balance": int(r.reserve[i, m]),
                    "on_unpaid_leave": int(r.on_leave[i, m]),
                    "kept_by_sending_state": int(r.kept_by_sending_state[i, m]),
                    "leave_days": int(r.leave_days[i, m]),
                    "pay_lost": int(r.pay_lost[i, m]),
                    "employer_cost_unpaid": int(r.employer_cost_unpaid[i, m]),
                    "bridge_paid": int(r.bridge_paid[i, m]),
                    "back_paid": int(r.back_paid[i, m]),
                    "funded_host": int(r.funded_host[i, m]),
                    "funded_sending_state": int(r.funded_sending_state[i, m]),
                    "notice_paid": int(r.notice_paid[i, m]),
                    "top_up_reserve": int(r.top_up_reserve[i, m]),
                    "top_up_host": int(r.top_up_host[i, m]),
                    "cost_host": int(r.cost_host[i, m]),
                    "cost_sending_state": int(r.cost_sending_state[i, m]),
                    "cost_workers": int(r.cost_workers[i, m]),
                    "paid_host": int(r.paid_host[i, m]),
                    "paid_sending_state": int(r.paid_sending_state[i, m]),
                    "currency": self.case.currency_code,
                }
            )
            out.append(rec)
        return out

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame.from_records(self.to_records())

    def summary(self) -> Summary:
        r, i = self.result, self.index
        leave_months = [f"{d:%Y-%m}" for m, d in enumerate(r.batch.months) if r.on_leave[i, m]]
        days = int(sum(r.leave_days[i, m] for m in range(len(r.batch.months)) if r.on_leave[i, m]))
        return Summary(
            payroll_runs_out=leave_months[0] if leave_months else None,
            leave_ends=leave_months[-1] if leave_months else None,
            max_on_leave=int(r.on_leave[i].max(initial=0)),
            leave_days_per_worker=days,
            costs=costs_of(r, i),
            reserve_end=int(r.reserve[i, -1]),
            leave_starts=self._leave_starts(),
            entry_into_force=self.case.deal_on,
            suspended=self._suspended(),
            assumptions=tuple(
                a for a in assumptions(self.case) if r.on_leave[i].any() or a != NO_PAY
            ),
        )

    def _leave_starts(self) -> date | None:
        r, i = self.result, self.index
        for m, first in enumerate(r.batch.months):
            if r.on_leave[i, m]:
                return first + timedelta(days=int(r.lapsed_days[i, m] - r.leave_days[i, m]))
        return None

    def _suspended(self) -> tuple[tuple[str, str, str], ...]:
        """Per sector, the first and last month in which lapsed need went wholly unfunded."""
        r, i = self.result, self.index
        out = []
        for s, sector in enumerate(r.batch.sectors):
            dark = [
                f"{d:%Y-%m}"
                for m, d in enumerate(r.batch.months)
                if r.lapsed_days[i, m] and r.unfunded[i, m, s] and not r.spent[i, m, s]
            ]
            if dark:
                out.append((sector, dark[0], dark[-1]))
        return tuple(out)


def costs_of(result: Result, index: int) -> PartyCosts:
    return PartyCosts(
        host=int(result.cost_host[index, -1]),
        sending_state=int(result.cost_sending_state[index, -1]),
        workers=int(result.cost_workers[index, -1]),
        leave_person_days=int((result.on_leave[index] * result.leave_days[index]).sum()),
        leave_person_months=_person_months(result, index),
        paid_host=int(result.paid_host[index, -1]),
        paid_sending_state=int(result.paid_sending_state[index, -1]),
        employer_cost_unpaid=int(result.employer_cost_unpaid[index].sum()),
    )


NO_PAY = "no pay figure given: workers' pay lost is counted as the employer's labour cost"


def assumptions(case: LapseCase) -> list[str]:
    """Every input of the case that no source states, labelled (shown in every output)."""
    out = case.events.assumptions()
    if case.workforce.bridge_subsidy and not case.workforce.reference:
        out.append("bridge subsidy: no source given")
    if not case.workforce.monthly_pay:
        out.append(NO_PAY)
    elif not case.workforce.pay_reference:
        out.append("monthly pay: no source given")
    return out


def simulate_case(case: LapseCase, deal_on: date | None = None) -> Timeline:
    """Simulate one lapse (optionally with another deal date) and return its timeline."""
    if deal_on is not None:
        case = case.with_deal(deal_on)
    return Timeline(case, simulate(batch_of([case])))


def no_deal_cost(case: LapseCase, until: date) -> PartyCosts:
    """Each party's cost of having no deal until ``until`` (the deal then comes that day).

    This is the negotiation engine's reservation value in money: what walking away from the
    table until ``until`` costs the host, the sending state and the workers.
    """
    return costs_of(simulate(batch_of([case.with_deal(until)])), 0)


def event_lines(timeline: Timeline) -> list[str]:
    """The dated events of a lapse as sentences (no money): for the CLI and the briefing."""
    case, summary = timeline.case, timeline.summary()
    ev = case.events
    out = [
        f"Notice: {n.name} served {n.served}, minimum {n.minimum_days} days "
        f"(furlough not before {n.earliest_furlough})."
        for n in ev.notices
    ]
    for f in ev.funding:
        who = "the host" if f.payer == "host" else "the sending state"
        out.append(f"Funding: {f.label}: {who} pays {', '.join(f.sectors)}, {f.start} to {f.end}.")
    for x in ev.suspensions:
        out.append(f"Suspension: {x.sector} from {x.start} to {x.end or 'entry into force'}.")
    if ev.lapse_clause is not None:
        out.append(
            f"Lapse clause of {ev.lapse_clause.agreement}: "
            f"{', '.join(ev.lapse_clause.sectors)} paid at the prior year's level."
        )
    for sector, first, last in summary.suspended:
        out.append(f"No funds for {sector}: {first} to {last}.")
    return out


def event_marks(case: LapseCase) -> list[tuple[date, str]]:
    """Dated marks for a timeline chart: furlough allowed, funding windows, entry into force."""
    ev = case.events
    marks = []
    furlough = ev.earliest_furlough()
    if furlough is not None:
        marks.append((furlough, "notices run"))
    for f in ev.funding:
        marks.append((f.start, f"{'host' if f.payer == 'host' else 'sending state'} pays"))
    for x in ev.suspensions:
        marks.append((x.start, f"{x.sector} suspended"))
    if case.deal_on is not None:
        marks.append((case.deal_on, "in force"))
    return sorted(marks)
