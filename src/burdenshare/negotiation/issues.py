"""Issues and the outcome space: the negotiable terms and every package they allow.

An *issue* is one negotiable term with a finite, ordered tuple of values (labels or numbers;
a numeric range is discretized into explicit levels). An *outcome* is a plain tuple holding one
value per issue. The *outcome space* is the cartesian product of the issues, enumerated in
``itertools.product`` order: the first issue varies slowest, the last fastest. The position of
an outcome in that order is its *outcome index*; every analysis array (utilities, Pareto
indices, solution points) is indexed by it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any

import numpy as np
from numpy.typing import NDArray

from burdenshare.errors import InputError

__all__ = ["ISSUE_KINDS", "Issue", "IssueError", "Outcome", "OutcomeSpace", "Value"]

Value = str | int | float
"""One value of an issue: a label or a number."""

Outcome = tuple[Value, ...]
"""One value for every issue, in the outcome space's issue order."""

IndexArray = NDArray[np.intp]


class IssueError(InputError):
    """An issue or an outcome space is malformed, or an outcome is not in the space."""

    def __init__(self, field_name: str, problem: str, source: str = "outcome space") -> None:
        super().__init__(source, field_name, problem)


def _checked_value(issue: str, value: object) -> Value:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise IssueError(f"issue {issue!r}", f"value {value!r} is not a label or a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise IssueError(f"issue {issue!r}", f"value {value!r} is not finite")
    return value


ISSUE_KINDS = ("discrete", "integer", "real")
"""How an issue was declared: labels or numbers (discrete), an integer range, or a real range
discretised into levels. The kind only matters for GENIUS/GeniusWeb export; it does not take
part in equality."""


@dataclass(frozen=True)
class Issue:
    """One negotiable term: a name and its finite, ordered, distinct values.

    ``kind`` is ``"integer"`` for every integer of a range, ``"real"`` for levels of a real
    range (its first and last value are the range's bounds), else ``"discrete"``.
    """

    name: str
    values: tuple[Value, ...]
    kind: str = field(default="discrete", compare=False)
    _positions: Mapping[Value, int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise IssueError("issue", f"name {self.name!r} must be a non-empty string")
        values = tuple(_checked_value(self.name, value) for value in self.values)
        if not values:
            raise IssueError(f"issue {self.name!r}", "has no values")
        positions: dict[Value, int] = {}
        for position, value in enumerate(values):
            if value in positions:
                raise IssueError(f"issue {self.name!r}", f"value {value!r} appears twice")
            positions[value] = position
        if self.kind not in ISSUE_KINDS:
            raise IssueError(f"issue {self.name!r}", f"kind {self.kind!r} is not in {ISSUE_KINDS}")
        if self.kind != "discrete" and any(isinstance(value, str) for value in values):
            raise IssueError(f"issue {self.name!r}", f"a {self.kind} issue needs numeric values")
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "_positions", positions)

    @classmethod
    def levels(cls, name: str, low: float, high: float, count: int) -> Issue:
        """A numeric range discretized into ``count`` evenly spaced levels, both ends included."""
        if count < 2 or not low < high:
            raise IssueError(f"issue {name!r}", "needs low < high and at least 2 levels")
        return cls(name, tuple(float(level) for level in np.linspace(low, high, count)), "real")

    @classmethod
    def integers(cls, name: str, low: int, high: int) -> Issue:
        """Every integer from ``low`` to ``high``, both included."""
        if high < low:
            raise IssueError(f"issue {name!r}", f"high {high} is below low {low}")
        return cls(name, tuple(range(low, high + 1)), "integer")

    @property
    def size(self) -> int:
        """The number of values."""
        return len(self.values)

    @property
    def is_numeric(self) -> bool:
        """Whether every value is a number (so linear value functions apply)."""
        return all(not isinstance(value, str) for value in self.values)

    def labels(self) -> tuple[str, ...]:
        """The values as text (labels as they are, numbers by ``repr``), which must differ."""
        labels = tuple(value if isinstance(value, str) else repr(value) for value in self.values)
        if len(set(labels)) != len(labels):
            raise IssueError(f"issue {self.name!r}", "two values have the same text label")
        return labels

    def position(self, value: object) -> int:
        """The position of ``value`` in :attr:`values`; an :class:`IssueError` if unknown."""
        try:
            return self._positions[value]  # type: ignore[index]
        except (KeyError, TypeError):
            raise IssueError(f"issue {self.name!r}", f"unknown value {value!r}") from None

    def __contains__(self, value: object) -> bool:
        try:
            return value in self._positions
        except TypeError:
            return False


@dataclass(frozen=True)
class OutcomeSpace:
    """The cartesian product of issues with distinct names."""

    issues: tuple[Issue, ...]
    name: str = ""

    def __post_init__(self) -> None:
        issues = tuple(self.issues)
        if not issues:
            raise IssueError("issues", "an outcome space needs at least one issue")
        seen: set[str] = set()
        for issue in issues:
            if not isinstance(issue, Issue):
                raise IssueError("issues", f"{issue!r} is not an Issue")
            if issue.name in seen:
                raise IssueError(f"issue {issue.name!r}", "appears twice")
            seen.add(issue.name)
        object.__setattr__(self, "issues", issues)

    @property
    def names(self) -> tuple[str, ...]:
        """The issue names, in order."""
        return tuple(issue.name for issue in self.issues)

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of values of each issue."""
        return tuple(issue.size for issue in self.issues)

    @property
    def size(self) -> int:
        """The number of outcomes."""
        return math.prod(self.shape)

    def issue(self, name: str) -> Issue:
        """The issue called ``name``."""
        for issue in self.issues:
            if issue.name == name:
                return issue
        raise IssueError(f"issue {name!r}", f"is not in the outcome space {self.names}")

    def index_array(self) -> IndexArray:
        """An ``(size, n_issues)`` array: row ``k`` holds the value positions of outcome ``k``."""
        grid = np.indices(self.shape, dtype=np.intp)
        return np.ascontiguousarray(grid.reshape(len(self.issues), -1).T)

    def index_of(self, outcome: Sequence[object]) -> int:
        """The outcome index of ``outcome`` (a tuple holding one value per issue)."""
        if len(outcome) != len(self.issues):
            raise IssueError(
                "outcome",
                f"{tuple(outcome)!r} has {len(outcome)} values, expected {len(self.issues)}",
            )
        positions = [
            issue.position(value) for issue, value in zip(self.issues, outcome, strict=True)
        ]
        return int(np.ravel_multi_index(positions, self.shape))

    def outcome_at(self, index: int) -> Outcome:
        """The outcome with outcome index ``index``."""
        if not 0 <= index < self.size:
            raise IssueError("outcome index", f"{index} is outside 0..{self.size - 1}")
        positions = np.unravel_index(index, self.shape)
        return tuple(issue.values[int(p)] for issue, p in zip(self.issues, positions, strict=True))

    def as_dict(self, outcome: Sequence[Value]) -> dict[str, Value]:
        """The outcome as ``{issue name: value}``, checked against the space."""
        self.index_of(outcome)
        return dict(zip(self.names, outcome, strict=True))

    def from_dict(self, values: Mapping[str, Any]) -> Outcome:
        """The outcome for ``{issue name: value}``; every issue must be given, no other."""
        extra = sorted(set(values) - set(self.names))
        if extra:
            raise IssueError(f"issue {extra[0]!r}", f"is not in the outcome space {self.names}")
        missing = [name for name in self.names if name not in values]
        if missing:
            raise IssueError(f"issue {missing[0]!r}", "has no value in the outcome")
        outcome = tuple(values[name] for name in self.names)
        self.index_of(outcome)
        return outcome

    def outcomes(self) -> Iterator[Outcome]:
        """Every outcome, in outcome-index order."""
        return product(*(issue.values for issue in self.issues))
