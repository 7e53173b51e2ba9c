"""Benchmark: a Monte Carlo of 1,000,000 negotiations on the bundled SMA domain.

Target (issue 5): under 60 s on this 2-core machine, memory under 4 GB. Prints the time,
negotiations per second, peak resident memory, and the ratio to one negotiation at a time
through the same engine (a sample, extrapolated), and checks the sample agrees exactly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import sys
import time

import numpy as np

from burdenshare.costs.scenario import load_scenario
from burdenshare.negotiation.simulation import simulate
from burdenshare.talks import montecarlo
from burdenshare.talks.learning import learning_of, simulate_learning


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument(
        "--scenario",
        default="sma-2018",
        help="a bundled scenario or a file; tests/data/sma-2018-weights.yaml is the one-sided "
        "workload this benchmark measured before issue 16",
    )
    args = parser.parse_args()
    st = montecarlo.setup(load_scenario(args.scenario))
    learn = learning_of(st.scenario.spec.simulation)
    start = time.perf_counter()
    mc = montecarlo.run(st, args.runs, seed=1)
    elapsed = time.perf_counter() - start
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    make = montecarlo.factory(st, 1)
    prior = montecarlo.hypotheses(st, 1, learn)  # a Bayesian model's hypotheses, drawn once
    positions = st.domain.space.index_array()
    picks = np.random.default_rng(7).choice(args.runs, size=args.sample, replace=False)
    start = time.perf_counter()
    same = 0
    for i in picks:
        spec = make(int(i), int(i) + 1)  # as montecarlo.simulate_one, learning sides too
        one = simulate(spec) if learn is None else simulate_learning(spec, positions, learn, prior)
        same += bool(one.outcome[0] == mc.result.outcome[i] and one.round[0] == mc.result.round[i])
    one_by_one = (time.perf_counter() - start) / args.sample
    summary = mc.summary()
    print(f"date      {dt.datetime.now():%Y-%m-%dT%H:%M:%S}")
    print(f"machine   {platform.platform()} | cpu_count={os.cpu_count()}")
    print(
        f"domain    {args.scenario}: {st.domain.space.size} outcomes, {st.protocol.rounds} offers, "
        + (
            "both sides uncertain"
            if st.two_sided
            else f"uncertainty about {st.parties[st.uncertain or 0]}"
        )
        + f", opponent model: {learn.model if learn else 'none'}"
    )
    print(
        f"monte carlo {args.runs:,} negotiations in {elapsed:.1f} s → {args.runs / elapsed:,.0f}/s"
        f"; peak memory {peak_gb:.2f} GB"
    )
    print(
        f"one by one {one_by_one * 1000:.2f} ms each → {args.runs * one_by_one:,.0f} s "
        f"({one_by_one * args.runs / elapsed:.0f}× slower)"
    )
    print(f"exact     {same}/{args.sample} sampled negotiations identical")
    print(
        f"outlook   P(deal) {summary['p_agreement']:.3f}, median first year "
        f"{summary['first_year_amount']['p50'] if summary['first_year_amount'] else '–'}"
    )
    ok = same == args.sample and (args.runs < 1_000_000 or elapsed < 60) and peak_gb < 4
    print("OK" if ok else "FAILED: target is 1,000,000 negotiations in < 60 s, < 4 GB, exact")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
