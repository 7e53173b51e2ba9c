"""Diagnostics of the backtest (issue 16, docs/backtest.md "Why the 12th SMA misses"): each SMA
case replayed with ONE input changed at a time — an examination, never a calibration: nothing
printed here is adopted, and no input of the 12th case is chosen from it.

    python benchmarks/backtest_diagnostics.py [--cases sma-10,sma-11,sma-12] [--runs 6000]
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile
from collections.abc import Callable
from typing import Any

import yaml

from burdenshare.costs.scenario import load_scenario
from burdenshare.talks.backtest import backtest

SCENARIOS = pathlib.Path(__file__).resolve().parents[1] / "src/burdenshare/data/scenarios"
Edit = Callable[[dict[str, Any]], None]


def no_deal(party: str, name: str, probability: float) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        for part in d["negotiation"]["preferences"][party]["valuation"]["no_deal"]:
            if part["name"] == name:
                part["probability"] = probability

    return edit


def talks_length(low: int, high: int) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        d["simulation"]["talks_length"].update(low_days=low, high_days=high)

    return edit


def step_up(party: str, percent: float) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        d["negotiation"]["preferences"][party]["valuation"]["continuation"]["step_up"] = percent

    return edit


def variants(case: str) -> list[tuple[str, Edit]]:
    out: list[tuple[str, Edit]] = [
        ("as is", lambda d: None),
        ("troop-threat credibility 0", no_deal("ROK", "troop_reduction_threat", 0)),
        ("troop-threat credibility 0.5", no_deal("ROK", "troop_reduction_threat", 0.5)),
    ]
    if case == "sma-12":
        out += [
            ("Trump-return probability 0", no_deal("ROK", "trump_return_risk", 0)),
            ("Trump-return probability 1", no_deal("ROK", "trump_return_risk", 1)),
        ]
    out += [
        ("US continuation step-up 0", step_up("US", 0)),
        ("talks length 1-240 days", talks_length(1, 240)),
        ("talks length 1-60 days", talks_length(1, 60)),
    ]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", default="sma-10,sma-11,sma-12")
    parser.add_argument("--runs", type=int, default=6000)
    args = parser.parse_args()
    print("case    variant                        amount  duration  date  ZOPA  P(deal)")
    for case in args.cases.split(","):
        for label, edit in variants(case):
            data = yaml.safe_load((SCENARIOS / f"{case}.yaml").read_text("utf-8"))
            edit(data)
            with tempfile.TemporaryDirectory() as tmp:
                path = pathlib.Path(tmp) / f"{case}.yaml"
                path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
                r = backtest(load_scenario(path), runs=args.runs)
            print(
                f"{case:7} {label:30} {r.percentile_amount or 0:6.1f} "
                f"{r.percentile_duration or 0:9.1f} {r.percentile_date or 0:5.1f}  "
                f"{'yes' if r.in_zopa else 'no ':4} {r.p_deal:.3f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
