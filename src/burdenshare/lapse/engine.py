"""The lapse engine: month-by-month funds, reserve and workforce for many lapses at once.

One implementation, vectorized over a batch of N lapses (NumPy int64, exact integer money):
the scalar API simulates a batch of one, and sweeps over deal dates × reserves × wage shares
run the same code. Each month the lapsed days (before the deal, i.e. entry into force) are
paid, per sector, by a dated funding window if one covers them (the host's or the sending
state's), draw nothing if the sector is suspended, and otherwise draw on, in order, the
extension's inflow (or the lapse clause's prior-year level), the sector's carried-over funds
and the reserve; after the deal the new agreement's monthly amounts flow and are spent as
usual, and the difference to the new level is topped up if the scenario says so. Nobody is
furloughed before the notices have run.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from burdenshare.costs.sectors import PAYROLL
from burdenshare.lapse.batch import NO_DEAL, PPM, Batch, _div, batch_of, ppm

__all__ = ["NO_DEAL", "PPM", "Batch", "Result", "batch_of", "monthly_share", "ppm", "simulate"]

I64 = NDArray[np.int64]


@dataclass(frozen=True)
class Result:
    """Monthly arrays: (N, M) per lapse and month, (N, M, S) per sector too."""

    batch: Batch
    lapsed_days: I64
    leave_days: I64  # lapsed days on which the notices allow a furlough
    funds_in: I64
    spent: I64
    unfunded: I64
    carried: I64
    reserve: I64
    on_leave: I64
    kept_by_sending_state: I64
    pay_lost: I64  # the pay of the workers on leave (employer cost if no pay is given)
    employer_cost_unpaid: I64  # the whole labour cost of the workers on leave
    bridge_paid: I64
    back_paid: I64
    funded_host: I64  # lapsed need paid by the host's interim funding
    funded_sending_state: I64  # lapsed need paid by the sending state (programmed funds)
    notice_paid: I64  # paid by the sending state while the notices had not yet run
    top_up_reserve: I64  # difference to the new level, paid from the reserve at the deal
    top_up_host: I64  # the same, paid by the host directly
    cost_host: I64  # cumulative
    cost_sending_state: I64  # cumulative
    cost_workers: I64  # cumulative, net of bridge subsidies and back pay
    paid_host: I64  # cumulative: everything the host paid during the lapse
    paid_sending_state: I64  # cumulative: everything the sending state paid


MONTHLY = [
    "lapsed_days",
    "leave_days",
    "reserve",
    "on_leave",
    "kept",
    "pay_lost",
    "employer_unpaid",
    "bridge",
    "back",
    "funded_host",
    "funded_sending",
    "notice",
    "top_reserve",
    "top_host",
    "host",
    "sending",
    "workers",
    "paid_host",
    "paid_sending",
]


def monthly_share(annual: Any, month: int) -> Any:
    """The ``month``-th (0–11) twelfth of an annual amount; the twelve add up exactly."""
    return annual * (month + 1) // 12 - annual * month // 12


def _overlap(start: I64 | int, end: I64 | int, lo: int, hi: I64) -> I64:
    """Days of [start, end) inside [lo, hi), element-wise."""
    days: I64 = np.clip(np.minimum(end, hi) - np.maximum(start, lo), 0, None).astype(np.int64)
    return days


def simulate(b: Batch) -> Result:
    """Run every lapse of the batch month by month."""
    n, s_count, m_count = len(b.headcount), len(b.sectors), len(b.months)
    # month-major while filling (contiguous writes), transposed to (N, M[, S]) at the end
    out = {k: np.zeros((m_count, n), np.int64) for k in MONTHLY}
    flows = {
        k: np.zeros((m_count, n, s_count), np.int64)
        for k in ("funds_in", "spent", "unfunded", "carried")
    }
    carried, reserve = b.carried.copy(), b.reserve.copy()
    owed_back = np.zeros(n, np.int64)
    owed_top = np.zeros((n, s_count), np.int64)
    settled = np.zeros(n, bool)
    settled_top = np.zeros(n, bool)
    totals = {k: np.zeros(n, np.int64) for k in ("host", "sending", "workers", "ph", "ps")}
    p = b.sectors.index(PAYROLL)
    for m, first_day in enumerate(b.months):
        dim = calendar.monthrange(first_day.year, first_day.month)[1]
        start = first_day.toordinal()
        lapsed = np.clip(b.deal_ord - start, 0, dim).astype(np.int64)
        end = start + lapsed  # (N,) day after the last lapsed day of the month
        old = monthly_share(b.last_year, first_day.month - 1)
        need = _div(old * lapsed[:, None], dim)
        normal = _div(monthly_share(b.new_year, first_day.month - 1) * (dim - lapsed)[:, None], dim)
        by_host = _window_need(
            old, b.fund_start, b.fund_end, b.fund_mask & b.fund_host[:, None], start, end, dim
        )
        by_send = _window_need(
            old, b.fund_start, b.fund_end, b.fund_mask & ~b.fund_host[:, None], start, end, dim
        )
        held = _window_need(old, b.sus_start, b.sus_end, b.sus_mask, start, end, dim)
        by_host = np.minimum(by_host, need)
        by_send = np.minimum(by_send, need - by_host)
        held = np.minimum(held, need - by_host - by_send)
        rest = need - by_host - by_send - held
        spent, gap, carried, reserve, inflow = _fund(rest, b, carried, reserve)
        windows = by_host + by_send
        top_r, top_h, reserve = _top_up(
            b, old, lapsed, need, dim, owed_top, settled_top, reserve, first_day
        )
        flows["funds_in"][m] = inflow + normal + windows + top_h
        flows["spent"][m] = spent + normal + windows + top_r + top_h
        flows["unfunded"][m] = gap + held
        flows["carried"][m] = carried
        out["reserve"][m] = reserve
        out["lapsed_days"][m] = lapsed
        pay_windows = b.fund_mask[:, p]
        free = _free_days(b.fund_start[pay_windows], b.fund_end[pay_windows], start, end)
        uncovered = free(np.zeros(n, np.int64))
        leave = uncovered if (b.furlough_from_ord <= start).all() else free(b.furlough_from_ord)
        bridge_from = np.maximum(b.furlough_from_ord, b.bridge_from_ord)
        if (bridge_from >= start + dim).all():
            bridge = np.zeros(n, np.int64)  # no bridge law pays in this month
        else:
            bridge = leave if (bridge_from <= start).all() else free(bridge_from)
        days = {"uncovered": uncovered, "leave": leave, "bridge": bridge}
        w = _workforce(b, rest[:, p] + held[:, p], spent[:, p], days, dim)
        owed_back += w["pay_lost"] - w["bridge"]
        pay_now = b.back_pay & ~settled & (lapsed < dim) & (owed_back > 0)
        back = np.where(pay_now, owed_back, 0)
        settled |= pay_now
        back_host = _div(back * b.host_share_ppm, PPM)
        services = (gap + held).sum(axis=1) - (gap + held)[:, p]
        sending_windows = by_send.sum(axis=1)
        totals["host"] += w["bridge"] + back_host
        totals["sending"] += w["extra"] + w["notice"] + (back - back_host) + services
        totals["sending"] += sending_windows
        totals["workers"] += w["pay_lost"] - w["bridge"] - back
        totals["ph"] += by_host.sum(axis=1) + w["bridge"] + back_host + top_h.sum(axis=1)
        totals["ph"] += inflow.sum(axis=1)  # the extension (or lapse clause) is host money
        totals["ps"] += sending_windows + w["extra"] + w["notice"] + (back - back_host)
        for key, value in (
            ("leave_days", w["leave_days"]),
            ("on_leave", w["on_leave"]),
            ("kept", w["kept"]),
            ("pay_lost", w["pay_lost"]),
            ("employer_unpaid", w["employer_unpaid"]),
            ("bridge", w["bridge"]),
            ("back", back),
            ("funded_host", by_host.sum(axis=1)),
            ("funded_sending", sending_windows),
            ("notice", w["notice"]),
            ("top_reserve", top_r.sum(axis=1)),
            ("top_host", top_h.sum(axis=1)),
            ("host", totals["host"]),
            ("sending", totals["sending"]),
            ("workers", totals["workers"]),
            ("paid_host", totals["ph"]),
            ("paid_sending", totals["ps"]),
        ):
            out[key][m] = value
    out = {k: np.ascontiguousarray(v.T) for k, v in out.items()}
    flows = {k: np.ascontiguousarray(v.transpose(1, 0, 2)) for k, v in flows.items()}
    return Result(
        b,
        out["lapsed_days"],
        out["leave_days"],
        flows["funds_in"],
        flows["spent"],
        flows["unfunded"],
        flows["carried"],
        out["reserve"],
        out["on_leave"],
        out["kept"],
        out["pay_lost"],
        out["employer_unpaid"],
        out["bridge"],
        out["back"],
        out["funded_host"],
        out["funded_sending"],
        out["notice"],
        out["top_reserve"],
        out["top_host"],
        out["host"],
        out["sending"],
        out["workers"],
        out["paid_host"],
        out["paid_sending"],
    )


def _window_need(
    old: I64, lo: I64, hi: I64, mask: NDArray[np.bool_], start: int, end: I64, dim: int
) -> I64:
    """The lapsed need (N, S) falling inside dated windows [lo, hi) that cover ``mask``."""
    days = np.zeros_like(old)
    hit = False
    for w in range(len(lo)):
        if hi[w] <= start or lo[w] >= start + dim or not mask[w].any():
            continue  # this window misses the month or every sector
        covered = _overlap(lo[w], hi[w], start, end)  # (N,)
        days += covered[:, None] * mask[w][None, :]
        hit = True
    return _div(old * days, dim) if hit else days


def _top_up(
    b: Batch,
    old: I64,
    lapsed: I64,
    need: I64,
    dim: int,
    owed: I64,
    settled: NDArray[np.bool_],
    reserve: I64,
    first_day: date,
) -> tuple[I64, I64, I64]:
    """Accrue the difference between the new and the extended level for the lapsed days; pay
    it in the month the deal comes, from the reserve first, the rest by the host.

    ``owed`` and ``settled`` are updated in place; returns (from reserve, by host, reserve).
    """
    if not b.top_up.any():
        zero = np.zeros_like(need)
        return zero, zero, reserve
    new = _div(monthly_share(b.new_year, first_day.month - 1) * lapsed[:, None], dim)
    diff = np.maximum(new - need, 0)
    owed += np.where(b.top_up[:, None], _div(diff * b.extension_ppm, PPM), 0)
    now = b.top_up & ~settled & (lapsed < dim) & (owed.sum(axis=1) > 0)
    due = np.where(now[:, None], owed, 0)
    from_reserve = np.zeros_like(due)
    reserve = reserve.copy()
    for s in np.flatnonzero(b.reserve_mask):
        take = np.minimum(reserve, due[:, s])
        reserve -= take
        from_reserve[:, s] = take
    owed -= due
    settled |= now
    return from_reserve, due - from_reserve, reserve


def _fund(need: I64, b: Batch, carried: I64, reserve: I64) -> tuple[I64, I64, I64, I64, I64]:
    """Pay each sector's lapsed need from the extension, then its carry-over, then the reserve."""
    inflow = _div(need * b.extension_ppm, PPM)
    from_inflow = np.minimum(inflow, need)
    carried = carried + inflow - from_inflow
    gap = need - from_inflow
    take = np.minimum(carried, gap)
    carried, gap = carried - take, gap - take
    reserve = reserve.copy()
    for s in np.flatnonzero(b.reserve_mask):
        take_r = np.minimum(reserve, gap[:, s])
        reserve -= take_r
        gap[:, s] -= take_r
    return need - gap, gap, carried, reserve, inflow


def _free_days(lo: I64, hi: I64, start: int, end: I64) -> Any:
    """Days of the lapsed part [start, end) on or after a date and outside the windows."""

    def after(first: I64) -> I64:
        since = np.maximum(first, start)
        total = np.clip(end - since, 0, None)
        for w in range(len(lo)):
            if hi[w] <= start or lo[w] >= int(end.max(initial=start)):
                continue  # this window misses the lapsed days of the month
            total = total - _overlap(np.maximum(lo[w], since), hi[w], start, end)
        return np.clip(total, 0, None).astype(np.int64)

    return after


def _workforce(b: Batch, need: I64, spent: I64, days: dict[str, I64], dim: int) -> dict[str, I64]:
    """Who is paid, kept by the sending state or on unpaid leave in the lapsed days that no
    funding window covers (``need`` and ``spent`` are those days' payroll).

    Before the notices have run nobody may be furloughed: the sending state pays those it
    cannot fund (``notice``). Pay lost is the workers' pay; the employer's labour cost of the
    same days is reported beside it.
    """
    uncovered, leave_days = days["uncovered"], days["leave"]
    safe_need = np.where(need > 0, need, 1)
    funded = np.where(need > 0, b.headcount * spent // safe_need, b.headcount)
    kept = np.where(b.pays_essential, np.maximum(b.essential - funded, 0), 0)
    idle = np.where(uncovered > 0, b.headcount - funded - kept, 0)
    on_leave = np.where(leave_days > 0, idle, 0)
    heads = np.where(b.headcount > 0, b.headcount, 1)
    span = np.where(uncovered > 0, uncovered, 1)
    extra = _div(need * kept, heads)
    notice = _div(_div(need * idle, heads) * (uncovered - leave_days), span)
    wage_bill = _div(need * PPM, b.host_share_ppm)  # whole labour cost of those days
    employer_unpaid = _div(_div(wage_bill * on_leave, heads) * leave_days, span)
    pay = _div(b.monthly_pay * on_leave * leave_days, dim)
    pay_lost = np.where(b.monthly_pay > 0, pay, employer_unpaid)
    bridge = _div(b.bridge_subsidy * on_leave * days["bridge"], dim)
    return {
        "leave_days": np.where(on_leave > 0, leave_days, 0),
        "on_leave": on_leave,
        "kept": np.where(uncovered > 0, kept, 0),
        "extra": extra,
        "notice": notice,
        "pay_lost": pay_lost,
        "employer_unpaid": employer_unpaid,
        "bridge": np.minimum(bridge, pay_lost),
    }
