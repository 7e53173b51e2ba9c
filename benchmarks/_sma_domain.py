"""The SMA terms domain of the bundled sma-2018 scenario, rebuilt at a chosen size."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from burdenshare.costs.scenario import Scenario
from burdenshare.data import schemas as s

DURATIONS = (1, 2, 3, 4, 5)  # the scenario's: its duration preference tables stay valid


def scaled(base: Scenario, amounts: int, increases: int) -> Scenario:
    """``base`` with amount levels 100% … <200% of the reference and increases 0 … <10%."""
    spec = base.spec.negotiation
    assert spec is not None
    issues = s.TermIssues(
        amount=s.AmountLevels(
            percent=tuple(100 + Decimal(100) / amounts * i for i in range(amounts))
        ),
        duration=DURATIONS,
        increase=tuple(Decimal(10) / increases * i for i in range(increases)),
        strategic_assets=(False, True),
    )
    negotiation = spec.model_copy(update={"issues": issues})
    return replace(base, spec=base.spec.model_copy(update={"negotiation": negotiation}))
