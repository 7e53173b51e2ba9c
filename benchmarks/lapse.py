"""Benchmark: a lapse sensitivity sweep (deal month × reserve × wage share) in one batch.

Target (issue 3): ≥ 10,000 combinations in under a second on this 2-core machine. Prints the
time, the rate, and the ratio to simulating the same combinations one at a time (a sample,
extrapolated), and checks the sample's results are identical.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
from dataclasses import replace
from decimal import Decimal

import numpy as np

from burdenshare.costs.scenario import load_scenario
from burdenshare.lapse.engine import batch_of, simulate
from burdenshare.lapse.model import LapseCase
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.sweep import sweep


def one_case(case: LapseCase, deal: dt.date | None, reserve: int, share: Decimal) -> LapseCase:
    """The same combination as one ordinary case (the sweep's oracle)."""
    return replace(
        case,
        deal_on=deal,
        rules=replace(case.rules, reserve=reserve),
        workforce=replace(case.workforce, host_share_pct=share),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    case = lapse_case(load_scenario("sma-2020-lapse"))
    deals = [None] + [dt.date(2020 + m // 12, m % 12 + 1, 1) for m in range(24)]  # 25
    reserves = [k * 20_000_000_000 for k in range(21)]  # 0 … 400 billion won
    shares = [Decimal(50) + 2 * k for k in range(25)]  # 50% … 98%
    n = len(deals) * len(reserves) * len(shares)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        result = sweep(case, deals, reserves, shares)
        best = min(best, time.perf_counter() - start)
    rng = random.Random(7)
    picks = [
        (rng.randrange(len(deals)), rng.randrange(len(reserves)), rng.randrange(len(shares)))
        for _ in range(args.sample)
    ]
    start = time.perf_counter()
    same = 0
    for i, j, k in picks:
        alone = simulate(batch_of([one_case(case, deals[i], reserves[j], shares[k])]))
        row = (i * len(reserves) + j) * len(shares) + k
        same += bool(
            np.array_equal(alone.on_leave[0], result.on_leave[row])
            and np.array_equal(alone.cost_workers[0], result.cost_workers[row])
            and np.array_equal(alone.reserve[0], result.reserve[row])
        )
    one_by_one = (time.perf_counter() - start) / args.sample
    print(f"date      {dt.datetime.now():%Y-%m-%dT%H:%M:%S}")
    print(f"machine   {platform.platform()} | cpu_count={os.cpu_count()}")
    print(
        f"sweep     {n:,} lapses (25 deal dates × 21 reserves × 25 wage shares) × "
        f"{len(result.batch.months)} months"
    )
    print(f"batch     {best * 1000:.1f} ms best of 3 → {n / best:,.0f} lapses/s")
    print(
        f"one by one {one_by_one * 1000:.2f} ms each → {n * one_by_one:.1f} s for the sweep "
        f"({one_by_one * n / best:.0f}× slower)"
    )
    print(f"exact     {same}/{args.sample} sampled lapses identical")
    ok = same == args.sample and n >= 10_000 and best < 1.0
    print("OK" if ok else "FAILED: target is ≥ 10,000 combinations in < 1 s, identical")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
