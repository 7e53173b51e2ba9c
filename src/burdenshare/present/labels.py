"""Readable labels for negotiation outcomes (never a Python ``dict`` repr on a page)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# units of the SMA issues (sma-2018's negotiation section); other issues show their bare value
_UNITS = {
    "amount": ("amount", "% of the reference level"),
    "duration": ("duration", " years"),
    "increase": ("annual increase", "%"),
}


def _value(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    label, unit = _UNITS.get(name, (name.replace("_", " "), ""))
    if isinstance(value, str):  # a value in words ("yes", an index rule): no unit after it
        return f"{label}: {value}"
    if name == "duration" and value == 1:
        unit = " year"
    return f"{label} {value}{unit}"


def outcome_label(outcome: Mapping[str, Any]) -> str:
    """``amount 120% of the reference level · duration 1 year · annual increase 0% ·
    strategic assets: no`` for ``{"amount": 120, "duration": 1, ...}``; a value in words
    follows its name and a colon (``annual increase: CPI two years earlier, capped at 5%``)."""
    parts = []
    for name, value in outcome.items():
        if isinstance(value, bool):
            parts.append(f"{name.replace('_', ' ')}: {_value(name, value)}")
        else:
            parts.append(_value(name, value))
    return " · ".join(parts)


def issue_column(name: str) -> tuple[str, str]:
    """(label, unit) of an issue's table column: ``("duration", "years")``,
    ``("annual increase", "%")``; an issue without a known unit: its name, no unit."""
    label, unit = _UNITS.get(name, (name.replace("_", " "), ""))
    return label, unit.strip()


def issue_value(value: Any) -> str:
    """An issue value in its column (the unit in the header): ``yes``/``no`` or the value."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
