"""Monte Carlo figures as shown: an estimate always with its run count and a 95% interval.

Proportions (P(deal)) use the Wilson score interval; the text form is the one string the CLI,
the dashboard (page, JSON twin, background form) and the briefing print.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

Z95 = 1.959963984540054  # the two-sided 95% normal quantile


@dataclass(frozen=True)
class Proportion:
    """``hits`` of ``runs`` simulated negotiations (e.g. those that ended in a deal)."""

    hits: int
    runs: int

    def __post_init__(self) -> None:
        if not 0 <= self.hits <= self.runs or self.runs < 1:
            raise ValueError(f"a proportion needs 0 ≤ hits ≤ runs, runs ≥ 1: {self}")

    @property
    def estimate(self) -> float:
        return self.hits / self.runs

    def interval(self) -> tuple[float, float]:
        """The Wilson score 95% interval (stays within 0–1, sensible at 0 and at ``runs``)."""
        n, p, z2 = self.runs, self.estimate, Z95 * Z95
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
        return max(0.0, centre - half), min(1.0, centre + half)

    def percent(self, digits: int = 1) -> str:
        return f"{100 * self.estimate:.{digits}f}%"

    def text(self, digits: int = 1) -> str:
        """``64.2% (95% interval 63.3–65.1%; 10,000 runs)``."""
        low, high = self.interval()
        return (
            f"{self.percent(digits)} (95% interval {100 * low:.{digits}f}–"
            f"{100 * high:.{digits}f}%; {self.runs:,} runs)"
        )

    def to_json(self, digits: int = 1) -> dict[str, Any]:
        low, high = self.interval()
        return {
            "hits": self.hits,
            "runs": self.runs,
            "estimate": self.estimate,
            "interval_95": [low, high],
            "text": self.text(digits),
        }


def deal_probabilities(summary: dict[str, Any]) -> dict[str, Proportion]:
    """P(deal at all) and P(deal by the deadline) of an outlook summary (talks/outlook.py)."""
    runs = int(summary["runs"])
    return {
        "agreement": Proportion(int(summary["agreements"]), runs),
        "by_deadline": Proportion(int(summary["deals_by_deadline"]), runs),
    }
