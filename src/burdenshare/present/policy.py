"""Presentation defaults shared by the CLI, the dashboard and the briefing (no imports of the
engines, so the command line can read them before it loads anything heavy)."""

from __future__ import annotations

DEFAULT_RUNS = 2_000  # Monte Carlo runs for the deal probability: ±1 point at 95%
