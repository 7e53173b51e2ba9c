"""The lapse engine's inputs as arrays: a batch of N lapses sharing sectors, months and events.

``batch_of`` stacks frozen :class:`LapseCase` values; sweeps build batches directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from burdenshare.lapse.events import HOST
from burdenshare.lapse.model import LapseCase, months

I64 = NDArray[np.int64]
PPM = 1_000_000
NO_DEAL = np.iinfo(np.int64).max // 4


def _div(numerator: I64, denominator: I64 | int) -> I64:
    """Half-up integer division of non-negative values."""
    return (2 * numerator + denominator) // (2 * np.asarray(denominator, dtype=np.int64))


@dataclass(frozen=True)
class Batch:
    """N lapses sharing sectors, months and dated events; each input is an array over the N."""

    sectors: tuple[str, ...]
    months: tuple[date, ...]
    last_year: I64  # (N, S) annual amounts before expiry
    new_year: I64  # (N, S) annual amounts once the deal is in force
    carried: I64  # (N, S) carried-over funds at expiry
    reserve: I64  # (N,)
    reserve_mask: NDArray[np.bool_]  # (S,) sectors the reserve may pay for
    extension_ppm: I64  # (N, S): share of the last year's level flowing while lapsed
    deal_ord: I64  # (N,) ordinal of the deal date; NO_DEAL if none
    headcount: I64
    essential: I64
    host_share_ppm: I64
    pays_essential: NDArray[np.bool_]
    bridge_subsidy: I64
    bridge_from_ord: I64
    back_pay: NDArray[np.bool_]
    monthly_pay: I64  # (N,) a worker's monthly pay; 0: count the employer's labour cost
    furlough_from_ord: I64  # (N,) first day the notices allow a furlough (0: no notice)
    fund_start: I64  # (W,) funding windows: first day (ordinal)
    fund_end: I64  # (W,) day after the last
    fund_mask: NDArray[np.bool_]  # (W, S)
    fund_host: NDArray[np.bool_]  # (W,) paid by the host (else the sending state)
    sus_start: I64  # (K,) suspensions: first day
    sus_end: I64  # (K,) day after the last (NO_DEAL: until entry into force)
    sus_mask: NDArray[np.bool_]  # (K, S)
    top_up: NDArray[np.bool_]  # (N,) pay the difference to the new level at the deal


def ppm(value: object) -> int:
    from decimal import Decimal

    scaled = Decimal(str(value)) * 10_000
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value}% has more than 4 decimals")
    return int(scaled)


def _extension(case: LapseCase) -> list[int]:
    """Per sector: the rules' extension, or 100% for sectors under the lapse clause."""
    clause = case.events.lapse_clause
    covered = set(clause.sectors) if clause else set()
    base = ppm(case.rules.extension_pct)
    return [PPM if s in covered else base for s in case.sectors]


def batch_of(cases: Sequence[LapseCase]) -> Batch:
    """Stack cases that share expiry, horizon, sectors and events into one batch."""
    first = cases[0]
    for case in cases:
        if (case.expiry, case.horizon, case.sectors, case.events) != (
            first.expiry,
            first.horizon,
            first.sectors,
            first.events,
        ):
            raise ValueError("a batch needs one expiry, horizon, sector list and event list")

    def col(get: object) -> I64:
        return np.array([get(c) for c in cases], dtype=np.int64)  # type: ignore[operator]

    def per_sector(get: object) -> I64:
        return np.array(
            [[get(c).get(s, 0) for s in first.sectors] for c in cases],  # type: ignore[operator]
            dtype=np.int64,
        )

    ev = first.events
    furlough = ev.earliest_furlough()
    windows = ev.funding
    sus = ev.suspensions
    return Batch(
        sectors=first.sectors,
        months=tuple(months(first.expiry, first.horizon)),
        last_year=per_sector(lambda c: c.last_year),
        new_year=per_sector(lambda c: c.new_year),
        carried=per_sector(lambda c: c.rules.carried_over),
        reserve=col(lambda c: c.rules.reserve),
        reserve_mask=np.array([s in first.rules.reserve_pays_for for s in first.sectors]),
        extension_ppm=np.array([_extension(c) for c in cases], dtype=np.int64).reshape(
            len(cases), len(first.sectors)
        ),
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
        monthly_pay=col(lambda c: c.workforce.monthly_pay),
        furlough_from_ord=col(lambda c: furlough.toordinal() if furlough else 0),
        fund_start=np.array([w.start.toordinal() for w in windows], dtype=np.int64),
        fund_end=np.array([w.end.toordinal() + 1 for w in windows], dtype=np.int64),
        fund_mask=np.array(
            [[s in w.sectors for s in first.sectors] for w in windows], dtype=bool
        ).reshape(len(windows), len(first.sectors)),
        fund_host=np.array([w.payer == HOST for w in windows], dtype=bool),
        sus_start=np.array([x.start.toordinal() for x in sus], dtype=np.int64),
        sus_end=np.array(
            [x.end.toordinal() + 1 if x.end else NO_DEAL for x in sus], dtype=np.int64
        ),
        sus_mask=np.array(
            [[s == x.sector for s in first.sectors] for x in sus], dtype=bool
        ).reshape(len(sus), len(first.sectors)),
        top_up=np.array([c.events.top_up for c in cases]),
    )
