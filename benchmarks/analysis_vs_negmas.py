"""Benchmark: Pareto frontier + Nash point against NegMAS 0.16, on the SMA terms domain and on
random linear-additive domains, plus the exact frontier of a 10⁵⁰-outcome domain.

The 4-issue SMA negotiation of ``sma-2018`` (amount × duration × annual increase × strategic
assets) is rebuilt with finer amount and increase levels at 10³, 10⁴, 10⁵ and 10⁶ outcomes,
keeping the scenario's money-grounded preferences (``grounded.py``: NPV of each outcome's
payments from the exact batch engine, mapped to utility, plus the duration and assets tables)
and its lapse-based reservation values.

* Ours: both parties' utilities + ``pareto_indices`` + ``nash_point`` (best of 3).
* NegMAS: ``pareto_frontier`` + ``nash_points`` on ``MappingUtilityFunction``s holding OUR
  utility tables (so both sides see identical floats), run once per size in the separate venv
  ``.venv-negmas`` (created with ``python3 -m venv`` + ``pip install negmas==0.16.0`` when
  missing) through ``tests/peer/negmas_peer.py``; its own timing of the two calls, excluding
  process start, JSON and building the ufuns.
* Same frontier: NegMAS's distinct utility pairs equal our Pareto set restricted to the ZOPA
  (NegMAS drops outcomes below the reservation values and keeps one outcome per utility pair:
  docs/negotiation.md, differences 2 and 3); same Nash: our Nash point, computed with NegMAS's
  disagreement point ``max(r, min u)`` (difference 4), is among NegMAS's.

Random linear-additive domains (``_random_linear.py``: 3–6 issues of 10 values, 10³–10⁶
outcomes, reservation 0): NegMAS builds its own ``LinearAdditiveUtilityFunction`` from the same
weights and tables, so its ``pareto_frontier`` evaluates the utilities; ours is
``linear_frontier`` (per-issue tables combined issue by issue, no enumeration) + its Nash point,
best of 3; "enum ms" is the enumerating path (both utility arrays + ``pareto_indices`` +
``nash_point``) for reference. Same frontier: our utilities at NegMAS's frontier outcomes are
exactly our frontier's pairs; same Nash: our utilities at NegMAS's Nash outcome are our Nash
point's (disagreement ``max(r, min u)`` as above). Last, ``linear_frontier`` + Nash on 50 issues
of 10 values (10⁵⁰ outcomes), which must take under 1 s.

Exits non-zero when a frontier or a Nash point differs, when ours is not ≥ 500× faster at 10⁶
outcomes (either domain), or when the 10⁵⁰ frontier takes 1 s or more.

    .venv/bin/python benchmarks/analysis_vs_negmas.py                       # up to 10⁶
    .venv/bin/python benchmarks/analysis_vs_negmas.py --max-outcomes 100000 # quicker
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import datetime
from typing import Any

import numpy as np

from _machine import cpu_model
from _negmas_env import negmas_python, run_peer
from _random_linear import peer_request, random_domain
from _sma_domain import DURATIONS, scaled
from burdenshare.costs.scenario import load_scenario
from burdenshare.negotiation import nash_point, pareto_indices
from burdenshare.negotiation.frontier import linear_frontier
from burdenshare.talks.grounded import GroundedPreferences, build_preferences
from burdenshare.talks.terms import TermsDomain, build_terms_domain

TARGET = 500.0  # ours at least this many times faster than NegMAS at 10⁶ outcomes
TARGET_SIZE = 10**6
REPEATS = 3
# outcomes → (amount levels, increase levels); × 5 durations × 2 strategic-asset options
SIZES = {10**3: (25, 4), 10**4: (50, 20), 10**5: (250, 40), 10**6: (500, 200)}


def preferences(domain: TermsDomain) -> list[GroundedPreferences]:
    spec = domain.scenario.spec.negotiation
    assert spec is not None
    return [
        build_preferences(domain, party, spec.preferences[party], pays)
        for party, pays in ((spec.host, True), (spec.sending_state, False))
    ]


def time_ours(
    domain: TermsDomain, prefs: list[GroundedPreferences]
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Best of ``REPEATS``: both utilities + Pareto set + Nash point."""
    r1, r2 = (p.reservation_value for p in prefs)
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        u1, u2 = prefs[0].utilities(domain), prefs[1].utilities(domain)
        frontier = pareto_indices(u1, u2)
        nash_point(u1, u2, r1, r2, frontier)
        best = min(best, time.perf_counter() - t0)
    return best, u1, u2, frontier


def request(
    domain: TermsDomain, prefs: list[GroundedPreferences], u1: np.ndarray, u2: np.ndarray
) -> dict[str, Any]:
    return {
        "issues": [{"name": i.name, "values": list(i.values)} for i in domain.space.issues],
        "parties": [
            {"name": p.party, "reservation_value": p.reservation_value, "table": u.tolist()}
            for p, u in zip(prefs, (u1, u2), strict=True)
        ],
        "points": ["nash"],
    }


def compare(
    answer: dict[str, Any],
    u1: np.ndarray,
    u2: np.ndarray,
    frontier: np.ndarray,
    r: tuple[float, float],
) -> tuple[bool, bool, int]:
    """(same frontier, same Nash, NegMAS's frontier size)."""
    r1, r2 = r
    in_zopa = frontier[(u1[frontier] >= r1) & (u2[frontier] >= r2)]
    ours = set(zip(u1[in_zopa].tolist(), u2[in_zopa].tolist(), strict=True))
    pairs = [(a, b) for a, b in answer["frontier"]["utilities"]]
    indices = answer["frontier"]["indices"]
    same_frontier = (
        set(pairs) == ours
        and len(pairs) == len(ours)
        and [(u1[k], u2[k]) for k in indices] == pairs
    )
    d1, d2 = max(r1, float(u1.min())), max(r2, float(u2.min()))
    point = nash_point(u1, u2, d1, d2, frontier)
    theirs = {(p["utilities"][0], p["utilities"][1]) for p in answer["nash"]}
    same_nash = point is not None and point.utilities in theirs
    return same_frontier, same_nash, len(pairs)


LINEAR_SIZES = {10**3: 3, 10**4: 4, 10**5: 5, 10**6: 6}  # outcomes → issues of 10 values
HUGE_ISSUES = 50
HUGE_LIMIT = 1.0  # seconds for the 10⁵⁰ frontier + Nash


def time_linear(space: Any, parties: Any) -> tuple[float, Any]:
    """Best of ``REPEATS``: ``linear_frontier`` (tables included) + its Nash point."""
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        frontier = linear_frontier(space, *parties)
        frontier.nash(parties[0].reservation_value, parties[1].reservation_value)
        best = min(best, time.perf_counter() - t0)
    return best, frontier


def time_enumerated(space: Any, parties: Any) -> tuple[float, np.ndarray, np.ndarray]:
    """Best of ``REPEATS``: both utility arrays + ``pareto_indices`` + ``nash_point``."""
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        u1, u2 = parties[0].utilities(space), parties[1].utilities(space)
        frontier = pareto_indices(u1, u2)
        nash_point(u1, u2, parties[0].reservation_value, parties[1].reservation_value, frontier)
        best = min(best, time.perf_counter() - t0)
    return best, u1, u2


def linear_rows(sizes: list[int], python: Any) -> int:
    """The random linear-additive table; returns the exit status."""
    header = (
        f"| {'outcomes':>9} | {'issues':>6} | {'frontier':>8} | {'ours ms':>8} | {'enum ms':>8} "
        f"| {'NegMAS s':>8} | {'ratio':>8} | same frontier | same Nash |"
    )
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|", flush=True)
    status = 0
    for n in sizes:
        space, parties = random_domain(LINEAR_SIZES[n], 10, seed=n)
        seconds, frontier = time_linear(space, parties)
        enumerated, u1, u2 = time_enumerated(space, parties)
        answer = run_peer(peer_request(space, parties), python)
        theirs = answer["seconds"]["pareto_frontier"] + answer["seconds"]["nash_points"]
        indices = answer["frontier"]["indices"]
        ours_pairs = set(zip(frontier.u1.tolist(), frontier.u2.tolist(), strict=True))
        their_pairs = [(float(u1[k]), float(u2[k])) for k in indices]
        same_frontier = set(their_pairs) == ours_pairs and len(their_pairs) == len(ours_pairs)
        d1 = max(parties[0].reservation_value, float(u1.min()))
        d2 = max(parties[1].reservation_value, float(u2.min()))
        nash = frontier.nash(d1, d2)
        nash_pairs = {(float(u1[p["index"]]), float(u2[p["index"]])) for p in answer["nash"]}
        same_nash = nash is not None and nash[1].utilities in nash_pairs
        ratio = theirs / seconds
        print(
            f"| {n:>9,} | {len(space.issues):>6} | {frontier.size:>8,} | {seconds * 1e3:>8.2f} "
            f"| {enumerated * 1e3:>8.1f} | {theirs:>8.3f} | {ratio:>7,.0f}× "
            f"| {'yes' if same_frontier else 'NO':>13} | {'yes' if same_nash else 'NO':>9} |",
            flush=True,
        )
        if not (same_frontier and same_nash):
            status = 1
        if n == TARGET_SIZE and ratio < TARGET:
            print(f"FAIL: {ratio:,.0f}× at {n:,} outcomes is below the target {TARGET:,.0f}×")
            status = 1
    space, parties = random_domain(HUGE_ISSUES, 10, seed=50)
    seconds, frontier = time_linear(space, parties)
    print()
    print(
        f"10^{HUGE_ISSUES} outcomes ({HUGE_ISSUES} issues × 10 values): exact frontier of "
        f"{frontier.size:,} utility pairs + Nash in {seconds * 1e3:.1f} ms (best of {REPEATS})"
    )
    if seconds >= HUGE_LIMIT:
        print(f"FAIL: the 10^{HUGE_ISSUES} frontier took {seconds:.2f} s (limit {HUGE_LIMIT} s)")
        status = 1
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--max-outcomes", type=int, default=TARGET_SIZE, help="largest size to run (10³ … 10⁶)"
    )
    args = parser.parse_args()
    sizes = [n for n in SIZES if n <= args.max_outcomes]
    if not sizes:
        parser.error(f"--max-outcomes must be at least {min(SIZES)}")
    python = negmas_python()

    print(f"date      {datetime.now().isoformat(timespec='seconds')}")
    print(f"machine   {platform.platform()} | {cpu_model()} | cpu_count={os.cpu_count()}")
    print(f"software  Python {platform.python_version()}, NumPy {np.__version__}; NegMAS 0.16.0")
    print("domain    sma-2018 terms: amount × duration 1–5 × increase × strategic assets,")
    print("          money-grounded utilities (NPV, grounded.py), lapse-based reservation values")
    print()
    header = (
        f"| {'outcomes':>9} | {'levels a×d×i×s':>15} | {'frontier':>8} | {'ours ms':>8} "
        f"| {'NegMAS s':>8} | {'ratio':>8} | same frontier | same Nash |"
    )
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|", flush=True)

    base = load_scenario("sma-2018")
    status = 0
    splits = []
    for n in sizes:
        amounts, increases = SIZES[n]
        domain = build_terms_domain(scaled(base, amounts, increases))
        assert domain.space.size == n
        prefs = preferences(domain)
        seconds, u1, u2, frontier = time_ours(domain, prefs)
        answer = run_peer(request(domain, prefs, u1, u2), python)
        split = answer["seconds"]["pareto_frontier"], answer["seconds"]["nash_points"]
        theirs = sum(split)
        splits.append(f"{n:,}: {split[0]:.3f} s + {split[1]:.3f} s")
        r = (prefs[0].reservation_value, prefs[1].reservation_value)
        same_frontier, same_nash, size = compare(answer, u1, u2, frontier, r)
        ratio = theirs / seconds
        levels = f"{amounts}×{len(DURATIONS)}×{increases}×2"
        print(
            f"| {n:>9,} | {levels:>15} | {size:>8,} | {seconds * 1e3:>8.2f} | {theirs:>8.3f} "
            f"| {ratio:>7,.0f}× | {'yes' if same_frontier else 'NO':>13} "
            f"| {'yes' if same_nash else 'NO':>9} |",
            flush=True,
        )
        if not (same_frontier and same_nash):
            status = 1
        if n == TARGET_SIZE and ratio < TARGET:
            print(f"FAIL: {ratio:,.0f}× at {n:,} outcomes is below the target {TARGET:,.0f}×")
            status = 1
    print()
    print("frontier: NegMAS's (distinct utility pairs at or above both reservation values)")
    print("ours ms:  both utilities + pareto_indices + nash_point, best of 3")
    print("NegMAS s: pareto_frontier + nash_points on MappingUtilityFunctions, once")
    print(f"          ({'; '.join(splits)})")
    print()
    print("random linear-additive domains, 10 values per issue, reservation 0:")
    print("ours ms:  linear_frontier (tables included) + Nash, best of 3; enum ms: enumerating")
    print("NegMAS s: pareto_frontier + nash_points on LinearAdditiveUtilityFunctions, once")
    linear = [n for n in LINEAR_SIZES if n <= args.max_outcomes]
    status = max(status, linear_rows(linear, python))
    print()
    if status == 0:
        print(
            "OK: identical frontiers and Nash points"
            + (f"; ≥ {TARGET:,.0f}× at {TARGET_SIZE:,}" if TARGET_SIZE in sizes else "")
            + f"; 10^{HUGE_ISSUES} frontier under {HUGE_LIMIT:.0f} s"
        )
    else:
        print("FAIL")
    return status


if __name__ == "__main__":
    sys.exit(main())
