"""Benchmark: Boulware-vs-Conceder negotiations per second against NegMAS 0.16, SMA domain.

The 4-issue SMA negotiation of ``sma-2018`` (amount × duration × annual increase × strategic
assets) is rebuilt with finer amount and increase levels at 10³, 10⁴ and 10⁵ outcomes, keeping
the scenario's money-grounded preferences and lapse-based reservation values. The host (party
0, opening) plays NegMAS's ``BoulwareTBNegotiator``, the sending state ``ConcederTBNegotiator``,
for 100 NegMAS steps in NegMAS's default mode (two offers per step): our ``Protocol(200,
"pair")`` with :func:`negmas_time_based` strategies.

* Ours: one batch of ``N`` negotiations, the sending state's reservation value varying across
  them (evenly from 0 to 0.8; the host keeps its scenario value), utilities given as arrays —
  so the timing includes sorting them (the per-domain preparation). Best of 3; negotiations
  per second.
* NegMAS: a few of the same negotiations (reservations taken from the batch), each run once in
  the separate venv ``.venv-negmas`` (created with ``python3 -m venv`` + ``pip install
  negmas==0.16.0`` when missing) through ``tests/peer/negmas_sim_peer.py`` on
  ``MappingUtilityFunction``s holding OUR utility tables; its wall time per negotiation
  (negotiators + mechanism + run, ufuns built beforehand), extrapolated to a rate.
* Same agreements: each NegMAS run's agreed outcome and step equal ours for that negotiation,
  with ``ties="negmas"`` (NegMAS's order among equal utilities). The timed batch uses the
  default ``ties="index"`` (one sort shared by every negotiation; ``"negmas"`` needs one per
  distinct reservation value); its agreements on the compared runs are reported too.

Exits non-zero when an agreement differs or ours is not ≥ 1,000× NegMAS at 10⁴ outcomes.

    .venv/bin/python benchmarks/simulation_vs_negmas.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from _machine import cpu_model
from _negmas_env import negmas_python
from _sma_domain import DURATIONS, scaled
from burdenshare.costs.scenario import load_scenario
from burdenshare.negotiation.simulation import (
    BatchResult,
    BatchSpec,
    Protocol,
    negmas_time_based,
    simulate,
)
from burdenshare.talks.grounded import build_preferences
from burdenshare.talks.terms import build_terms_domain

PEER = Path(__file__).resolve().parents[1] / "tests" / "peer" / "negmas_sim_peer.py"
TARGET, TARGET_SIZE = 1000.0, 10**4
STEPS = 100
PROTOCOL = Protocol(2 * STEPS, "pair")
STRATEGIES = (negmas_time_based("boulware"), negmas_time_based("conceder"))
REPEATS = 3
OPPONENT_RESERVATION_MAX = 0.8  # the sending state's reservation value: 0 … 0.8 across N
# outcomes → (amount levels, increase levels, our batch size, NegMAS runs)
SIZES = {10**3: (25, 4, 20_000, 10), 10**4: (50, 20, 20_000, 6), 10**5: (250, 40, 20_000, 3)}


def domain(amounts: int, increases: int) -> tuple[list[int], tuple[np.ndarray, ...], tuple]:
    """Issue sizes, both parties' utilities and reservation values."""
    terms = build_terms_domain(scaled(load_scenario("sma-2018"), amounts, increases))
    spec = terms.scenario.spec.negotiation
    assert spec is not None
    prefs = [
        build_preferences(terms, party, spec.preferences[party], pays)
        for party, pays in ((spec.host, True), (spec.sending_state, False))
    ]
    utilities = tuple(p.utilities(terms) for p in prefs)
    reservations = tuple(p.reservation_value for p in prefs)
    return [issue.size for issue in terms.space.issues], utilities, reservations


def batch(utilities: tuple[np.ndarray, ...], r0: float, r1: np.ndarray, ties: str) -> BatchSpec:
    return BatchSpec(PROTOCOL, STRATEGIES, utilities, (r0, r1), ties=ties)  # type: ignore[arg-type]


def time_ours(spec: BatchSpec) -> tuple[float, BatchResult]:
    best, result = float("inf"), None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = simulate(spec)
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return best, result


def ask_negmas(python: Path, request: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run(
        [str(python), str(PEER)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
        cwd=PEER.parent,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"negmas_sim_peer.py failed:\n{proc.stderr}")
    answer: dict[str, Any] = json.loads(proc.stdout)
    if answer.get("negmas") != "0.16.0":
        raise RuntimeError(f"expected negmas 0.16.0, the peer has {answer.get('negmas')}")
    return answer


def pairs(result: BatchResult, picks: np.ndarray) -> list[tuple[int, int]]:
    """(outcome, NegMAS step) of the picked negotiations (``-1, -1`` without agreement)."""
    return [
        (int(result.outcome[i]), int(result.round[i]) // 2 if result.agreed[i] else -1)
        for i in picks
    ]


def run_size(python: Path, n: int) -> tuple[str, bool, float]:
    amounts, increases, count, runs = SIZES[n]
    sizes, utilities, (r0, _) = domain(amounts, increases)
    assert int(np.prod(sizes)) == n
    reservation = np.linspace(0.0, OPPONENT_RESERVATION_MAX, count)
    seconds, result = time_ours(batch(utilities, r0, reservation, "index"))
    picks = np.linspace(0, count - 1, runs).round().astype(int)
    exact = simulate(batch(utilities, r0, reservation[picks], "negmas"))
    request = {
        "issues": sizes,
        "parties": [{"table": u.tolist()} for u in utilities],
        "runs": [
            {
                "negotiators": ["boulware", "conceder"],
                "reservations": [r0, float(r)],
                "n_steps": STEPS,
                "one_offer_per_step": False,
            }
            for r in reservation[picks]
        ],
    }
    answer = ask_negmas(python, request)
    theirs = [(run["agreement"], run["step"]) for run in answer["runs"]]
    negmas_seconds = sum(run["seconds"] for run in answer["runs"]) / runs
    same = pairs(exact, np.arange(runs)) == theirs
    batch_same = sum(a == b for a, b in zip(pairs(result, picks), theirs, strict=True))
    ours_rate, negmas_rate = count / seconds, 1.0 / negmas_seconds
    ratio = ours_rate / negmas_rate
    agreed = f"{int(result.agreed.sum()):,}/{count:,}"
    levels = f"{amounts}×{len(DURATIONS)}×{increases}×2"
    verdict = f"{'yes' if same else 'NO'} ({batch_same}/{runs})"
    row = (
        f"| {n:>9,} | {levels:>14} | {count:>7,} | {agreed:>13} | {seconds:>7.3f} "
        f"| {ours_rate:>10,.0f} | {runs:>4} | {negmas_seconds:>8.3f} | {negmas_rate:>8.2f} "
        f"| {ratio:>8,.0f}× | {verdict:>12} |"
    )
    return row, same, ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-outcomes", type=int, default=10**5)
    args = parser.parse_args()
    python = negmas_python()
    print(f"date      {datetime.now().isoformat(timespec='seconds')}")
    print(f"machine   {platform.platform()} | {cpu_model()} | cpu_count={os.cpu_count()}")
    print(f"software  Python {platform.python_version()}, NumPy {np.__version__}; NegMAS 0.16.0")
    print("domain    sma-2018 terms: amount × duration 1–5 × increase × strategic assets,")
    print("          money-grounded utilities, lapse-based reservation values")
    print(f"protocol  Boulware (host) vs Conceder, {STEPS} NegMAS steps = {PROTOCOL.rounds} offers")
    print()
    header = (
        "|  outcomes | levels a×d×i×s |       N |        agreed |  ours s | ours neg/s "
        "| runs | NegMAS s | NegMAS/s |     ratio | same (batch) |"
    )
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|", flush=True)
    status = 0
    for n in (size for size in SIZES if size <= args.max_outcomes):
        row, same, ratio = run_size(python, n)
        print(row, flush=True)
        if not same:
            status = 1
        if n == TARGET_SIZE and ratio < TARGET:
            print(f"FAIL: {ratio:,.0f}× at {n:,} outcomes is below the target {TARGET:,.0f}×")
            status = 1
    print()
    print("ours s:   one simulate() of the whole batch (sorting included), best of 3")
    print("NegMAS s: mean wall time of one negotiation (negotiators + SAOMechanism.run)")
    print("same:     NegMAS's agreed outcome and step equal ours (ties='negmas') on every run;")
    print("          in brackets, how many equal the timed batch's (ties='index')")
    return status


if __name__ == "__main__":
    sys.exit(main())
