"""One lapse's month-by-month timeline and its summary, as records and DataFrames."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from burdenshare.lapse.engine import Result, batch_of, simulate
from burdenshare.lapse.model import LapseCase


@dataclass(frozen=True)
class PartyCosts:
    """Cumulative cost of a lapse (smallest currency units) and leave in person-days."""

    host: int
    sending_state: int
    workers: int
    leave_person_days: int
    leave_person_months: Decimal  # Σ people on leave × lapsed days / days in the month


def _person_months(result: Result, index: int) -> Decimal:
    total = Decimal(0)
    for m, first in enumerate(result.batch.months):
        days = Decimal(calendar.monthrange(first.year, first.month)[1])
        total += Decimal(int(result.on_leave[index, m] * result.lapsed_days[index, m])) / days
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Summary:
    payroll_runs_out: str | None  # first month (YYYY-MM) with workers on unpaid leave
    leave_ends: str | None  # last month with workers on unpaid leave
    max_on_leave: int
    leave_days_per_worker: int  # days on leave of a worker on leave throughout
    costs: PartyCosts
    reserve_end: int


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
                    "wages_unpaid": int(r.wages_unpaid[i, m]),
                    "bridge_paid": int(r.bridge_paid[i, m]),
                    "back_paid": int(r.back_paid[i, m]),
                    "cost_host": int(r.cost_host[i, m]),
                    "cost_sending_state": int(r.cost_sending_state[i, m]),
                    "cost_workers": int(r.cost_workers[i, m]),
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
        days = int(sum(r.lapsed_days[i, m] for m in range(len(r.batch.months)) if r.on_leave[i, m]))
        return Summary(
            payroll_runs_out=leave_months[0] if leave_months else None,
            leave_ends=leave_months[-1] if leave_months else None,
            max_on_leave=int(r.on_leave[i].max(initial=0)),
            leave_days_per_worker=days,
            costs=costs_of(r, i),
            reserve_end=int(r.reserve[i, -1]),
        )


def costs_of(result: Result, index: int) -> PartyCosts:
    return PartyCosts(
        host=int(result.cost_host[index, -1]),
        sending_state=int(result.cost_sending_state[index, -1]),
        workers=int(result.cost_workers[index, -1]),
        leave_person_days=int((result.on_leave[index] * result.lapsed_days[index]).sum()),
        leave_person_months=_person_months(result, index),
    )


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
