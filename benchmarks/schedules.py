"""Benchmark: evaluate ≥ 1,000,000 proposal schedules a second, exactly as the Decimal engine.

Builds a grid of proposals (amount × duration × fixed escalation rate), times the NumPy batch
evaluator (best of 3), times the scalar Decimal engine on a random sample and extrapolates,
checks the sample's amounts are identical, and exits non-zero if any differ or if throughput
is below 1,000,000 schedules/second.

    .venv/bin/python benchmarks/schedules.py           # 100 × 10 × 1000 = 1,000,000 schedules
    .venv/bin/python benchmarks/schedules.py --quick   # 20 × 10 × 100 = 20,000 schedules
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import datetime
from decimal import Decimal

import numpy as np

from burdenshare.costs.agreement import Agreement, amounts
from burdenshare.costs.batch import RATE_SCALE, ScheduleBatch, evaluate_fixed, grid
from burdenshare.costs.escalation import DatedRule, Fixed, Rounding

TARGET = 1_000_000  # schedules per second
UNIT = 100_000_000  # 1억원
START = 2026
REPEATS = 3


def proposals(quick: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Amounts 0.9–2.1 trillion won (not multiples of 1억), 1–10 years, -4.995% … +14.985%."""
    levels, rates = (20, 100) if quick else (100, 1000)
    base = 900_000_000_000 + np.arange(levels, dtype=np.int64) * (1_200_000_000_000 // levels + 7)
    rates_ppm = -49_950 + np.arange(rates, dtype=np.int64) * (200_000 // rates)
    return grid(base, np.arange(1, 11), rates_ppm)


def time_batch(base: np.ndarray, dur: np.ndarray, rates: np.ndarray) -> tuple[float, ScheduleBatch]:
    """Best of ``REPEATS`` wall-clock timings of the vectorized evaluation."""
    best, result = float("inf"), None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        result = evaluate_fixed(base, dur, rates, UNIT)
        best = min(best, time.perf_counter() - t0)
    assert result is not None
    return best, result


def scalar_agreement(base: int, years: int, rate_ppm: int) -> Agreement:
    percent = Decimal(rate_ppm) * 100 / RATE_SCALE
    rules = (DatedRule(START + 1, Fixed(percent)),)
    return Agreement.annual(base, years, rules, rounding=Rounding(UNIT), start_year=START)


def check_sample(
    batch: ScheduleBatch, base: np.ndarray, dur: np.ndarray, rates: np.ndarray, sample: np.ndarray
) -> tuple[float, int]:
    """Time the Decimal engine on ``sample`` (agreements built beforehand); count mismatches."""
    agreements = [scalar_agreement(int(base[i]), int(dur[i]), int(rates[i])) for i in sample]
    t0 = time.perf_counter()
    results = [amounts(a, {}) for a in agreements]
    elapsed = time.perf_counter() - t0
    wrong = 0
    for i, years in zip(sample, results, strict=True):
        if batch.schedule(int(i)) != tuple(y.amount for y in years):
            wrong += 1
            if wrong <= 5:
                print(f"MISMATCH schedule {i}: {batch.schedule(int(i))} vs {years}")
    return elapsed, wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 20,000-schedule grid")
    parser.add_argument("--sample", type=int, default=2_000, help="schedules for the scalar run")
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()

    base, dur, rates = proposals(args.quick)
    n = len(base)
    print(f"date      {datetime.now().isoformat(timespec='seconds')}")
    print(f"machine   {platform.platform()} | {platform.machine()} | cpu_count={os.cpu_count()}")
    print(f"software  Python {platform.python_version()}, NumPy {np.__version__}")
    print(f"grid      {n:,} schedules (amount × duration 1–10 × rate), unit {UNIT:,} won")

    seconds, batch = time_batch(base, dur, rates)
    vector_rate = n / seconds
    print(f"vector    {seconds * 1e3:.1f} ms best of {REPEATS} → {vector_rate:,.0f} schedules/s")

    rng = np.random.default_rng(args.seed)
    sample = rng.choice(n, size=min(args.sample, n), replace=False)
    scalar_seconds, wrong = check_sample(batch, base, dur, rates, sample)
    scalar_rate = len(sample) / scalar_seconds
    print(f"scalar    {len(sample):,} schedules in {scalar_seconds:.3f} s → {scalar_rate:,.0f}/s")
    print(f"          (extrapolated: {n / scalar_rate:.1f} s for the whole grid)")
    print(f"speed-up  {vector_rate / scalar_rate:,.0f}× the Decimal engine")
    print(f"exact     {len(sample) - wrong:,}/{len(sample):,} sampled schedules identical")

    status = 0
    if wrong:
        print(f"FAIL: {wrong} sampled schedules differ from the Decimal engine")
        status = 1
    if vector_rate < TARGET:
        print(f"FAIL: {vector_rate:,.0f} schedules/s is below the target {TARGET:,}/s")
        status = 1
    if status == 0:
        print(f"OK: ≥ {TARGET:,} schedules/s and exact on the sample")
    return status


if __name__ == "__main__":
    sys.exit(main())
