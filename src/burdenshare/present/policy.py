"""Presentation defaults shared by the CLI, the dashboard and the briefing (no imports of the
engines, so the command line can read them before it loads anything heavy)."""

from __future__ import annotations

#: Monte Carlo runs for the deal probability: None = the scenario's own (sma-2018: 10,000 runs,
#: seed 2018), the same in the CLI, the dashboard, its form and the briefing, so P(deal) has one
#: value (64.2%, 95% interval 63.3–65.1%) wherever it is shown
DEFAULT_RUNS: int | None = None

#: the price base year of every real-terms view (CLI, dashboard, briefing) unless --base-year
#: says otherwise: Korea's CPI series and both exchange-rate series cover it
DEFAULT_BASE_YEAR = 2020
