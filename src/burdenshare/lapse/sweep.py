"""Sensitivity sweeps: one lapse varied over deal dates × reserves × wage shares, in one batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

import numpy as np

from burdenshare.lapse.engine import NO_DEAL, Batch, Result, batch_of, ppm, simulate
from burdenshare.lapse.model import LapseCase


def sweep_batch(
    case: LapseCase,
    deal_dates: Sequence[date | None],
    reserves: Sequence[int],
    host_shares: Sequence[Decimal],
) -> Batch:
    """The Cartesian product (deal date × reserve × host share) of ``case``, as arrays.

    Row ``(i * len(reserves) + j) * len(host_shares) + k`` is deal ``i``, reserve ``j``, share
    ``k``; every other input is the case's own.
    """
    base = batch_of([case])
    deals = np.array([d.toordinal() if d else NO_DEAL for d in deal_dates], dtype=np.int64)
    grid = np.meshgrid(
        deals,
        np.array(reserves, dtype=np.int64),
        np.array([ppm(s) for s in host_shares], dtype=np.int64),
        indexing="ij",
    )
    deal_ord, reserve, share = (g.ravel() for g in grid)
    n = len(deal_ord)

    def tile(a: np.ndarray) -> np.ndarray:
        return np.repeat(a, n, axis=0)

    return replace(
        base,
        last_year=tile(base.last_year),
        new_year=tile(base.new_year),
        carried=tile(base.carried),
        reserve=reserve,
        extension_ppm=tile(base.extension_ppm),
        deal_ord=deal_ord,
        headcount=tile(base.headcount),
        essential=tile(base.essential),
        host_share_ppm=share,
        pays_essential=tile(base.pays_essential),
        bridge_subsidy=tile(base.bridge_subsidy),
        bridge_from_ord=tile(base.bridge_from_ord),
        back_pay=tile(base.back_pay),
        monthly_pay=tile(base.monthly_pay),
        furlough_from_ord=tile(base.furlough_from_ord),
        top_up=tile(base.top_up),
    )


def sweep(
    case: LapseCase,
    deal_dates: Sequence[date | None],
    reserves: Sequence[int],
    host_shares: Sequence[Decimal],
) -> Result:
    return simulate(sweep_batch(case, deal_dates, reserves, host_shares))
