"""Benchmark: what the opponent models cost in the SMA Monte Carlo (issue 16).

Runs ``montecarlo.run`` on the bundled ``sma-2018`` scenario three ways, in one process and
one session, alternating: as bundled (no opponent model), with the frequency model and with
the Bayesian model (``simulation.opponent_model`` inserted into a temporary copy; window 2,
the Bayesian model's default 32 hypotheses). Prints the CPU time of each repetition
(``time.process_time``: waiting for a core on a shared machine does not count) and the
ratio of the median to the no-model median, with P(deal) of each run.

Issue 16's criterion: the frequency path within 20% of today's benchmarks; the Bayesian
path's cost is reported, not targeted.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from burdenshare.costs.scenario import load_scenario
from burdenshare.talks import montecarlo

MODELS = {
    "none": None,
    "frequency": "{type: frequency, method: concentration, window: 2}",
    "bayesian": "{type: bayesian, window: 2}",
}


def scenario_with(name: str, model: str | None, folder: Path) -> Path:
    """A copy of sma-2018 with ``simulation.opponent_model`` set (None: the bundled file)."""
    bundled = load_scenario("sma-2018").path
    if model is None:
        return bundled
    text = bundled.read_text(encoding="utf-8")
    marker = "  runs: 10000\n"
    assert text.count(marker) == 1, "sma-2018's simulation.runs line moved"
    path = folder / f"sma-2018-{name}.yaml"
    path.write_text(text.replace(marker, f"  opponent_model: {model}\n{marker}"), "utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}; {args.runs:,} runs of sma-2018 per repetition"
    )
    with tempfile.TemporaryDirectory() as tmp:
        setups = {
            name: montecarlo.setup(load_scenario(scenario_with(name, model, Path(tmp))))
            for name, model in MODELS.items()
        }
        cpu: dict[str, list[float]] = {name: [] for name in MODELS}
        p_deal: dict[str, float] = {}
        for _ in range(args.repeat):
            for name, st in setups.items():
                start = time.process_time()
                mc = montecarlo.run(st, args.runs, seed=1)
                cpu[name].append(time.process_time() - start)
                p_deal[name] = float(mc.result.agreed.mean())
    base = statistics.median(cpu["none"])
    for name, times in cpu.items():
        shown = " / ".join(f"{t:.1f}" for t in times)
        ratio = statistics.median(times) / base
        print(
            f"  {name:<9} CPU {shown} s; median {statistics.median(times):.1f} s = "
            f"{ratio:.2f}x no model; P(deal) {p_deal[name]:.4f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
