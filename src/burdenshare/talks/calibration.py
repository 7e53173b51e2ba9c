"""The backtest and sensitivity results as plain payloads, computed once per process (they take
seconds): what the dashboard (/backtest, /sensitivity) and the briefing's "Calibration" and
"Sensitivity" sections show. The logic is in backtest.py and sensitivity.py."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from burdenshare.costs.scenario import load_scenario
from burdenshare.errors import InputError
from burdenshare.talks.backtest import CASES, TARGET, backtest
from burdenshare.talks.sensitivity import sensitivity, sensitivity_record

SENSITIVITY_RUNS = 2_000  # as `burdenshare sensitivity` by default
SENSITIVITY_SCENARIOS = CASES


@lru_cache(maxsize=1)
def backtest_payload() -> dict[str, Any]:
    """Every backtest case as of its last recorded round, with the scenarios' runs and seeds:
    the records of `burdenshare backtest --format json`, the target, and the assumptions."""
    results = [backtest(load_scenario(name)) for name in CASES]
    return {
        "target": list(TARGET),
        "records": [r.to_record() for r in results],
    }


@lru_cache(maxsize=len(SENSITIVITY_SCENARIOS))
def sensitivity_payload(name: str) -> dict[str, Any]:
    """`burdenshare sensitivity NAME --format json` (2,000 runs, the scenario's seed)."""
    if name not in SENSITIVITY_SCENARIOS:
        raise InputError(
            "scenario", "name", f"{name!r}: choose one of {', '.join(SENSITIVITY_SCENARIOS)}"
        )
    sc = load_scenario(name)
    base, rows = sensitivity(sc, SENSITIVITY_RUNS)
    return sensitivity_record(sc, base, rows, SENSITIVITY_RUNS)
