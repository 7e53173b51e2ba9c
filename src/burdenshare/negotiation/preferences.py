"""Linear-additive preferences: per-issue value functions, weights, reservation and discount.

The utility of outcome ``o`` is ``sum_i weight_i * value_i(o_i)``, summed in issue order. Each
value function maps every value of its issue into ``[0, 1]`` and the weights are non-negative
and sum to 1 (within :data:`WEIGHT_TOLERANCE`), so every utility lies in ``[0, 1]``.

``cap_at_one=True`` gives GENIUS's semantics instead (``AdditiveUtilitySpace.getUtility``): the
weights are used as given (any positive sum) and a weighted sum above 1 counts as 1. Utilities
still lie in ``[0, 1]`` but are no longer linear where the cap binds.
:meth:`LinearAdditivePreferences.utilities` computes the utilities of a whole outcome space at
once (one table per issue, broadcast over the space); :meth:`~LinearAdditivePreferences.utility`
computes one outcome with the same arithmetic in the same order, so both agree bit for bit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from itertools import pairwise
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from burdenshare.errors import InputError
from burdenshare.negotiation.issues import Issue, OutcomeSpace, Value

__all__ = [
    "WEIGHT_TOLERANCE",
    "LinearAdditivePreferences",
    "LinearValue",
    "PiecewiseLinearValue",
    "PreferenceError",
    "RangeValue",
    "TableValue",
    "ValueFunction",
]

WEIGHT_TOLERANCE = 1e-9
"""How far the weights may sum from 1."""

FloatArray = NDArray[np.float64]


class PreferenceError(InputError):
    """Inconsistent preferences: weights, value functions or values that do not fit."""


def _numeric_levels(issue: Issue, source: str) -> FloatArray:
    if not issue.is_numeric:
        raise PreferenceError(
            source, f"issue {issue.name!r}", "a linear value function needs numeric values"
        )
    return np.array(issue.values, dtype=np.float64)


@dataclass(frozen=True)
class TableValue:
    """A value for each option of the issue, given explicitly."""

    entries: tuple[tuple[Value, float], ...]

    @classmethod
    def of(cls, table: Mapping[Value, float]) -> TableValue:
        """A table from ``{option: value}``."""
        return cls(tuple((option, float(value)) for option, value in table.items()))

    def table(self, issue: Issue, source: str) -> FloatArray:
        """The value of each of the issue's values, in the issue's order."""
        found: dict[Value, float] = {}
        for option, value in self.entries:
            if option not in issue:
                raise PreferenceError(
                    source, f"issue {issue.name!r}", f"unknown value {option!r} in the table"
                )
            if option in found:
                raise PreferenceError(
                    source, f"issue {issue.name!r}", f"value {option!r} appears twice"
                )
            found[option] = value
        missing = [option for option in issue.values if option not in found]
        if missing:
            raise PreferenceError(
                source, f"issue {issue.name!r}", f"value {missing[0]!r} has no entry"
            )
        return np.array([found[option] for option in issue.values], dtype=np.float64)


@dataclass(frozen=True)
class LinearValue:
    """``intercept + slope * x`` for a numeric issue value ``x``."""

    slope: float
    intercept: float = 0.0

    def table(self, issue: Issue, source: str) -> FloatArray:
        """The value of each of the issue's values, in the issue's order."""
        return self.intercept + self.slope * _numeric_levels(issue, source)


@dataclass(frozen=True)
class PiecewiseLinearValue:
    """Linear interpolation between breakpoints ``(x, value)`` with strictly increasing ``x``.

    Every issue value must lie within the first and the last breakpoint.
    """

    breakpoints: tuple[tuple[float, float], ...]

    def __post_init__(self) -> None:
        points = tuple((float(x), float(v)) for x, v in self.breakpoints)
        if len(points) < 2:
            raise PreferenceError("preferences", "breakpoints", "need at least two")
        if any(b[0] <= a[0] for a, b in pairwise(points)):
            raise PreferenceError("preferences", "breakpoints", "x must strictly increase")
        object.__setattr__(self, "breakpoints", points)

    def table(self, issue: Issue, source: str) -> FloatArray:
        """The value of each of the issue's values, in the issue's order."""
        levels = _numeric_levels(issue, source)
        xs = np.array([x for x, _ in self.breakpoints])
        outside = (levels < xs[0]) | (levels > xs[-1])
        if outside.any():
            bad = issue.values[int(np.flatnonzero(outside)[0])]
            raise PreferenceError(
                source,
                f"issue {issue.name!r}",
                f"value {bad!r} is outside the breakpoints {xs[0]}..{xs[-1]}",
            )
        values = np.array([v for _, v in self.breakpoints])
        interpolated: FloatArray = np.interp(levels, xs, values)
        return interpolated


_EIGHT_PLACES = Decimal("1E-8")


def _decimal(value: object, source: str, field_name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise PreferenceError(source, field_name, f"{value!r} is not a number")
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise PreferenceError(source, field_name, f"{value!r} is not a number") from None
    if not number.is_finite():
        raise PreferenceError(source, field_name, f"{value!r} is not finite")
    return number


@dataclass(frozen=True)
class RangeValue:
    """GeniusWeb's ``NumberValueSetUtilities`` over a numeric issue: ``low_utility`` at
    ``low_value``, ``high_utility`` at ``high_value``, linear in between, 0 outside.

    Computed as GeniusWeb computes it, in decimal arithmetic:
    ``low_utility + (high_utility - low_utility) * (x - low_value) / (high_value - low_value)``
    rounded half-up to 8 decimal places; the table holds the nearest floats of those decimals.
    Values are compared as decimals of their shortest text (``str``), so 12.5 is 12.5 exactly.
    """

    low_value: Decimal
    low_utility: Decimal
    high_value: Decimal
    high_utility: Decimal

    def __post_init__(self) -> None:
        where = "NumberValueSetUtilities"
        for name in ("low_value", "low_utility", "high_value", "high_utility"):
            number = _decimal(getattr(self, name), "preferences", f"{where}.{name}")
            object.__setattr__(self, name, number)
        for name in ("low_utility", "high_utility"):
            if not Decimal(0) <= getattr(self, name) <= Decimal(1):
                raise PreferenceError("preferences", f"{where}.{name}", "must be in [0, 1]")
        if not self.high_value > self.low_value:
            raise PreferenceError(
                "preferences", f"{where}.high_value", "must be greater than low_value"
            )

    def at(self, x: Decimal) -> Decimal:
        """GeniusWeb's utility of the number ``x`` (a decimal with 8 places)."""
        if x < self.low_value or x > self.high_value:
            return Decimal(0)
        with localcontext() as context:
            context.prec = 28
            delta_u = self.high_utility - self.low_utility
            delta_v = self.high_value - self.low_value
            exact = self.low_utility + delta_u * (x - self.low_value) / delta_v
            return exact.quantize(_EIGHT_PLACES, rounding=ROUND_HALF_UP)

    def table(self, issue: Issue, source: str) -> FloatArray:
        """The value of each of the issue's values, in the issue's order."""
        if not issue.is_numeric:
            raise PreferenceError(
                source, f"issue {issue.name!r}", "a number range needs numeric values"
            )
        return np.array(
            [float(self.at(Decimal(str(value)))) for value in issue.values], dtype=np.float64
        )


ValueFunction = TableValue | LinearValue | PiecewiseLinearValue | RangeValue


@dataclass(frozen=True)
class LinearAdditivePreferences:
    """One party's private linear-additive preferences over an outcome space.

    ``weights`` and ``value_functions`` are keyed by issue name; ``source`` names where the
    preferences come from (a file, or a party) in error messages. ``reservation_value`` is the
    utility of no agreement; ``discount_factor`` (in ``(0, 1]``) scales utilities per round.
    ``cap_at_one`` (GENIUS semantics): weights need not sum to 1, utilities are
    ``min(weighted sum, 1)``.
    """

    weights: Mapping[str, float] = field(hash=False)
    value_functions: Mapping[str, ValueFunction] = field(hash=False)
    reservation_value: float = 0.0
    discount_factor: float = 1.0
    source: str = "preferences"
    cap_at_one: bool = False

    def __post_init__(self) -> None:
        weights = {name: float(weight) for name, weight in self.weights.items()}
        functions = dict(self.value_functions)
        self._check_weights(weights)
        for name in weights:
            if name not in functions:
                raise PreferenceError(self.source, f"issue {name!r}", "has no value function")
        for name in functions:
            if name not in weights:
                raise PreferenceError(self.source, f"issue {name!r}", "has no weight")
        if not math.isfinite(self.reservation_value):
            raise PreferenceError(self.source, "reservation value", "must be finite")
        if not 0.0 < self.discount_factor <= 1.0:
            raise PreferenceError(
                self.source, "discount factor", f"{self.discount_factor} is not in (0, 1]"
            )
        object.__setattr__(self, "weights", MappingProxyType(weights))
        object.__setattr__(self, "value_functions", MappingProxyType(functions))

    def _check_weights(self, weights: Mapping[str, float]) -> None:
        if not weights:
            raise PreferenceError(self.source, "weights", "no issue has a weight")
        for name, weight in weights.items():
            if not math.isfinite(weight) or weight < 0:
                raise PreferenceError(
                    self.source, f"weight of issue {name!r}", f"{weight} is not >= 0"
                )
        total = math.fsum(weights.values())
        if self.cap_at_one:
            if not total > 0.0:
                raise PreferenceError(self.source, "weights", "sum to 0")
        elif abs(total - 1.0) > WEIGHT_TOLERANCE:
            raise PreferenceError(self.source, "weights", f"sum to {total!r}, not 1")

    def cap_binds(self, space: OutcomeSpace) -> bool:
        """Whether some outcome's weighted sum exceeds 1, so that the cap changes it."""
        if not self.cap_at_one:
            return False
        total = 0.0
        for issue, table in zip(space.issues, self.tables(space), strict=True):
            total = total + float(self.weights[issue.name] * table.max())
        return total > 1.0

    def tables(self, space: OutcomeSpace) -> tuple[FloatArray, ...]:
        """Per issue of ``space`` (in its order), the value of each issue value, checked."""
        for name in self.weights:
            if name not in space.names:
                raise PreferenceError(
                    self.source, f"issue {name!r}", f"is not in the outcome space {space.names}"
                )
        tables = []
        for issue in space.issues:
            if issue.name not in self.value_functions:
                raise PreferenceError(self.source, f"issue {issue.name!r}", "is missing")
            table = self.value_functions[issue.name].table(issue, self.source)
            bad = np.flatnonzero(~((table >= 0.0) & (table <= 1.0)))
            if bad.size:
                value = issue.values[int(bad[0])]
                raise PreferenceError(
                    self.source,
                    f"issue {issue.name!r}",
                    f"value {value!r} is worth {float(table[bad[0]])!r}, outside [0, 1]",
                )
            tables.append(table)
        return tuple(tables)

    def utilities(self, space: OutcomeSpace) -> FloatArray:
        """The utility of every outcome of ``space``, indexed by outcome index."""
        tables = self.tables(space)
        total = np.zeros((), dtype=np.float64)
        for axis, (issue, table) in enumerate(zip(space.issues, tables, strict=True)):
            shape = [1] * len(tables)
            shape[axis] = issue.size
            total = total + (self.weights[issue.name] * table).reshape(shape)
        if self.cap_at_one:
            total = np.minimum(total, 1.0)
        return np.ascontiguousarray(np.broadcast_to(total, space.shape)).reshape(-1)

    def utility(self, space: OutcomeSpace, outcome: Sequence[Value]) -> float:
        """The utility of one outcome (same arithmetic as :meth:`utilities`)."""
        tables = self.tables(space)
        total = 0.0
        for issue, table, value in zip(space.issues, tables, outcome, strict=True):
            total = total + float(self.weights[issue.name] * table[issue.position(value)])
        return min(total, 1.0) if self.cap_at_one else total
