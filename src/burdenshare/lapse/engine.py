"""The lapse engine: month-by-month funds, reserve and workforce for many lapses at once.

One implementation, vectorized over a batch of N lapses (NumPy int64, exact integer money):
the scalar API simulates a batch of one, and sweeps over deal dates × reserves × wage shares
run the same code. Each month the lapsed days (before the deal) draw on, in order, the
extension's inflow, the sector's carried-over funds and the reserve; after the deal the new
agreement's monthly amounts flow and are spent as usual.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from burdenshare.costs.sectors import PAYROLL
from burdenshare.lapse.model import LapseCase, months

I64 = NDArray[np.int64]
PPM = 1_000_000
NO_DEAL = np.iinfo(np.int64).max // 4


def _div(numerator: I64, denominator: I64 | int) -> I64:
    """Half-up integer division of non-negative values."""
    return (2 * numerator + denominator) // (2 * np.asarray(denominator, dtype=np.int64))


@dataclass(frozen=True)
class Batch:
    """N lapses sharing sectors and months; each input is an array over the N lapses."""

    sectors: tuple[str, ...]
    months: tuple[date, ...]
    last_year: I64  # (N, S) annual amounts before expiry
    new_year: I64  # (N, S) annual amounts once the deal is in force
    carried: I64  # (N, S) carried-over funds at expiry
    reserve: I64  # (N,)
    reserve_mask: NDArray[np.bool_]  # (S,) sectors the reserve may pay for
    extension_ppm: I64  # (N,)
    deal_ord: I64  # (N,) ordinal of the deal date; NO_DEAL if none
    headcount: I64
    essential: I64
    host_share_ppm: I64
    pays_essential: NDArray[np.bool_]
    bridge_subsidy: I64
    bridge_from_ord: I64
    back_pay: NDArray[np.bool_]


def ppm(value: object) -> int:
    from decimal import Decimal

    scaled = Decimal(str(value)) * 10_000
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value}% has more than 4 decimals")
    return int(scaled)


def batch_of(cases: Sequence[LapseCase]) -> Batch:
    """Stack cases that share expiry, horizon and sectors into one batch."""
    first = cases[0]
    for case in cases:
        if (case.expiry, case.horizon, case.sectors) != (
            first.expiry,
            first.horizon,
            first.sectors,
        ):
            raise ValueError("a batch needs one expiry, horizon and sector list")

    def col(get: object) -> I64:
        return np.array([get(c) for c in cases], dtype=np.int64)  # type: ignore[operator]

    def per_sector(get: object) -> I64:
        return np.array(
            [[get(c).get(s, 0) for s in first.sectors] for c in cases],  # type: ignore[operator]
            dtype=np.int64,
        )

    return Batch(
        sectors=first.sectors,
        months=tuple(months(first.expiry, first.horizon)),
        last_year=per_sector(lambda c: c.last_year),
        new_year=per_sector(lambda c: c.new_year),
        carried=per_sector(lambda c: c.rules.carried_over),
        reserve=col(lambda c: c.rules.reserve),
        reserve_mask=np.array([s in first.rules.reserve_pays_for for s in first.sectors]),
        extension_ppm=col(lambda c: ppm(c.rules.extension_pct)),
        deal_ord=col(lambda c: c.deal_on.toordinal() if c.deal_on else NO_DEAL),
        headcount=col(lambda c: c.workforce.headcount),
        essential=col(lambda c: c.workforce.essential),
        host_share_ppm=col(lambda c: ppm(c.workforce.host_share_pct)),
        pays_essential=np.array([c.workforce.sending_state_pays_essential for c in cases]),
        bridge_subsidy=col(lambda c: c.workforce.bridge_subsidy),
        bridge_from_ord=col(
            lambda c: c.workforce.bridge_from.toordinal() if c.workforce.bridge_from else NO_DEAL
        ),
        back_pay=np.array([c.workforce.back_pay for c in cases]),
    )


@dataclass(frozen=True)
class Result:
    """Monthly arrays: (N, M) per lapse and month, (N, M, S) per sector too."""

    batch: Batch
    lapsed_days: I64
    funds_in: I64
    spent: I64
    unfunded: I64
    carried: I64
    reserve: I64
    on_leave: I64
    kept_by_sending_state: I64
    wages_unpaid: I64
    bridge_paid: I64
    back_paid: I64
    cost_host: I64  # cumulative
    cost_sending_state: I64  # cumulative
    cost_workers: I64  # cumulative, net of bridge subsidies and back pay


def monthly_share(annual: Any, month: int) -> Any:
    """The ``month``-th (0–11) twelfth of an annual amount; the twelve add up exactly."""
    return annual * (month + 1) // 12 - annual * month // 12


def simulate(b: Batch) -> Result:
    """Run every lapse of the batch month by month."""
    n, s_count, m_count = len(b.headcount), len(b.sectors), len(b.months)
    out = {
        k: np.zeros((n, m_count), np.int64)
        for k in (
            "lapsed_days",
            "reserve",
            "on_leave",
            "kept",
            "unpaid",
            "bridge",
            "back",
            "host",
            "sending",
            "workers",
        )
    }
    flows = {
        k: np.zeros((n, m_count, s_count), np.int64)
        for k in ("funds_in", "spent", "unfunded", "carried")
    }
    carried, reserve = b.carried.copy(), b.reserve.copy()
    owed_back = np.zeros(n, np.int64)
    settled = np.zeros(n, bool)
    totals = {k: np.zeros(n, np.int64) for k in ("host", "sending", "workers")}
    p = b.sectors.index(PAYROLL)
    for m, first_day in enumerate(b.months):
        dim = calendar.monthrange(first_day.year, first_day.month)[1]
        start = first_day.toordinal()
        lapsed = np.clip(b.deal_ord - start, 0, dim).astype(np.int64)
        need = _div(monthly_share(b.last_year, first_day.month - 1) * lapsed[:, None], dim)
        normal = _div(monthly_share(b.new_year, first_day.month - 1) * (dim - lapsed)[:, None], dim)
        spent, gap, carried, reserve, inflow = _fund(need, b, carried, reserve)
        flows["funds_in"][:, m] = inflow + normal
        flows["spent"][:, m] = spent + normal
        flows["unfunded"][:, m] = gap
        flows["carried"][:, m] = carried
        out["reserve"][:, m] = reserve
        out["lapsed_days"][:, m] = lapsed
        w = _workforce(b, need[:, p], spent[:, p], lapsed, start, dim)
        owed_back += w["unpaid"] - w["bridge"]
        pay_now = b.back_pay & ~settled & (lapsed < dim) & (owed_back > 0)
        back = np.where(pay_now, owed_back, 0)
        settled |= pay_now
        back_host = _div(back * b.host_share_ppm, PPM)
        services = gap.sum(axis=1) - gap[:, p]
        totals["host"] += w["bridge"] + back_host
        totals["sending"] += w["extra"] + (back - back_host) + services
        totals["workers"] += w["unpaid"] - w["bridge"] - back
        for key, value in (
            ("on_leave", w["on_leave"]),
            ("kept", w["kept"]),
            ("unpaid", w["unpaid"]),
            ("bridge", w["bridge"]),
            ("back", back),
        ):
            out[key][:, m] = value
        for key in totals:
            out[key][:, m] = totals[key]
    return Result(
        b,
        out["lapsed_days"],
        flows["funds_in"],
        flows["spent"],
        flows["unfunded"],
        flows["carried"],
        out["reserve"],
        out["on_leave"],
        out["kept"],
        out["unpaid"],
        out["bridge"],
        out["back"],
        out["host"],
        out["sending"],
        out["workers"],
    )


def _fund(need: I64, b: Batch, carried: I64, reserve: I64) -> tuple[I64, I64, I64, I64, I64]:
    """Pay each sector's lapsed need from the extension, then its carry-over, then the reserve."""
    inflow = _div(need * b.extension_ppm[:, None], PPM)
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


def _workforce(
    b: Batch, need: I64, spent: I64, lapsed: I64, start: int, dim: int
) -> dict[str, I64]:
    """Who is paid, kept by the sending state or on unpaid leave in the lapsed days."""
    safe_need = np.where(need > 0, need, 1)
    funded = np.where(need > 0, b.headcount * spent // safe_need, b.headcount)
    kept = np.where(b.pays_essential, np.maximum(b.essential - funded, 0), 0)
    on_leave = np.where(lapsed > 0, b.headcount - funded - kept, 0)
    heads = np.where(b.headcount > 0, b.headcount, 1)
    extra = _div(need * kept, heads)
    wage_bill = _div(need * PPM, b.host_share_ppm)  # whole labour cost of the lapsed days
    unpaid = _div(wage_bill * on_leave, heads)
    bridge_days = np.clip(start + lapsed - np.maximum(b.bridge_from_ord, start), 0, lapsed)
    bridge = _div(b.bridge_subsidy * on_leave * bridge_days, dim)
    return {
        "on_leave": on_leave,
        "kept": np.where(lapsed > 0, kept, 0),
        "extra": extra,
        "unpaid": unpaid,
        "bridge": np.minimum(bridge, unpaid),
    }
