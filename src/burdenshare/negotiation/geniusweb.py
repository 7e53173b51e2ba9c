"""Read and write GeniusWeb JSON linear-additive profiles (domain included in the profile).

The accepted shape::

    {"LinearAdditiveUtilitySpace": {
        "name": "...",                                   (optional)
        "domain": {"name": "...", "issuesValues": {ISSUE: {"values": [LABEL, ...]}}},
        "issueUtilities": {ISSUE: {"discreteutils": {"valueUtilities": {LABEL: U}}}},
        "issueWeights": {ISSUE: W},
        "reservationBid": {"issuevalues": {ISSUE: LABEL}},  (optional)
        "reservationValue": R,                             (optional, burdenshare extension)
        "discountFactor": D}}                              (optional, burdenshare extension)

``DiscreteValueSetUtilities`` is accepted for ``discreteutils`` (newer GeniusWeb). Discrete
values are string labels; issue order is the order of ``issuesValues``. A numeric issue is
``{"range": {"low": L, "high": H, "step": S}}``, the numbers ``L + k * S`` up to ``H``
(GeniusWeb's ``NumberValueSet`` of a ``Range``), read as exact decimals; its utilities are
``{"numberutils": {"lowValue", "lowUtility", "highValue", "highUtility"}}``
(``NumberValueSetUtilities`` accepted too), which must fit the range (``lowValue = L``,
``highValue = H``) as GeniusWeb requires, and become a :class:`RangeValue` computing GeniusWeb's
decimal interpolation. The reservation value is the utility of ``reservationBid`` (numbers for
numeric issues), or ``reservationValue``, or 0; both at once is an error. Weights must sum to
1 within 1e-9. Unknown keys and duplicate keys are errors naming the file and the JSON path.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

from burdenshare.errors import InputError
from burdenshare.limits import LimitError, check_outcomes
from burdenshare.negotiation.issues import Issue, IssueError, OutcomeSpace, Value
from burdenshare.negotiation.preferences import (
    WEIGHT_TOLERANCE,
    LinearAdditivePreferences,
    PreferenceError,
    RangeValue,
    TableValue,
    ValueFunction,
)

__all__ = ["geniusweb_profile_json", "load_geniusweb_profile", "parse_geniusweb_profile"]

_TOP = "LinearAdditiveUtilitySpace"
_SPACE_KEYS = frozenset(
    {
        "name",
        "domain",
        "issueUtilities",
        "issueWeights",
        "reservationBid",
        "reservationValue",
        "discountFactor",
    }
)
_DISCRETE_KEYS = ("discreteutils", "DiscreteValueSetUtilities")
_NUMBER_KEYS = ("numberutils", "NumberValueSetUtilities")
_NUMBER_FIELDS = frozenset({"lowValue", "lowUtility", "highValue", "highUtility"})
Ranges = dict[str, tuple[Decimal, Decimal, Decimal]]
"""Per numeric issue: the range's low, high and step."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


class _Reader:
    """Typed access to the parsed JSON, raising errors that name the file and the path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> InputError:
        return InputError(self.source, path, problem)

    def mapping(
        self, value: object, path: str, keys: frozenset[str] | None = None
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "must be a JSON object")
        unknown = sorted(set(value) - keys) if keys is not None else []
        if unknown:
            raise self.fail(f"{path}.{unknown[0]}", "unknown key")
        return value

    def key(self, mapping: Mapping[str, Any], key: str, path: str) -> Any:
        if key not in mapping:
            raise self.fail(f"{path}.{key}", "missing")
        return mapping[key]

    def number(self, value: object, path: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise self.fail(path, f"{value!r} is not a number")
        if not math.isfinite(value):
            raise self.fail(path, f"{value!r} is not finite")
        return float(value)

    def decimal(self, value: object, path: str) -> Decimal:
        """A JSON number exactly as written (the text is parsed into a decimal)."""
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self.fail(path, f"{value!r} is not a finite number")
        number = Decimal(value)
        if not number.is_finite():
            raise self.fail(path, f"{value!r} is not finite")
        if number and not -12 <= number.adjusted() <= 15:
            raise self.fail(path, f"{value} is out of range (1e-12 to 1e15 in magnitude)")
        return number


def _level(value: Decimal) -> Value:
    """A range level as an issue value: an int when whole, else the nearest float."""
    return int(value) if value == value.to_integral_value() else float(value)


def _range_levels(low: Decimal, high: Decimal, step: Decimal) -> list[Decimal]:
    """GeniusWeb's ``Range``: ``low + k * step`` for ``k`` up to ``floor((high - low) / step)``."""
    count = 1 + int(((high - low) / step).to_integral_value(rounding=ROUND_FLOOR))
    check_outcomes([count])
    return [low + k * step for k in range(count)]


def _range_issue(
    reader: _Reader, name: str, spec: object, path: str
) -> tuple[Issue, tuple[Decimal, Decimal, Decimal]]:
    """The issue of a GeniusWeb ``range`` and its ``(low, high, step)``."""
    spec = reader.mapping(spec, path, frozenset({"low", "high", "step"}))
    low, high, step = (
        reader.decimal(reader.key(spec, key, path), f"{path}.{key}")
        for key in ("low", "high", "step")
    )
    if not step > 0:
        raise reader.fail(f"{path}.step", f"{step} is not positive")
    if high < low:
        raise reader.fail(f"{path}.high", f"{high} is below low {low}")
    try:
        levels = _range_levels(low, high, step)
        return Issue(name, tuple(_level(level) for level in levels)), (low, high, step)
    except LimitError as error:
        raise reader.fail(path, str(error)) from None
    except IssueError as error:
        raise reader.fail(path, error.problem) from None


def _space(reader: _Reader, domain: object, path: str) -> tuple[OutcomeSpace, Ranges]:
    domain = reader.mapping(domain, path, frozenset({"name", "issuesValues"}))
    issues_values = reader.mapping(reader.key(domain, "issuesValues", path), f"{path}.issuesValues")
    issues = []
    ranges: Ranges = {}
    for name, value_set in issues_values.items():
        where = f"{path}.issuesValues.{name}"
        value_set = reader.mapping(value_set, where)
        if set(value_set) not in ({"values"}, {"range"}):
            raise reader.fail(where, "must hold exactly one of 'values' or 'range'")
        if "range" in value_set:
            issue, ranges[name] = _range_issue(reader, name, value_set["range"], f"{where}.range")
            issues.append(issue)
            continue
        labels = value_set["values"]
        if not isinstance(labels, list) or not all(isinstance(v, str) for v in labels):
            raise reader.fail(f"{where}.values", "must be a list of string labels")
        try:
            issues.append(Issue(name, tuple(labels)))
        except IssueError as error:
            raise reader.fail(where, error.problem) from None
    try:
        check_outcomes(issue.size for issue in issues)
    except LimitError as error:
        raise reader.fail(f"{path}.issuesValues", str(error)) from None
    try:
        return OutcomeSpace(tuple(issues), name=str(domain.get("name", ""))), ranges
    except IssueError as error:
        raise reader.fail(f"{path}.issuesValues", f"{error.field}: {error.problem}") from None


def _range_value(
    reader: _Reader, spec: object, bounds: tuple[Decimal, Decimal, Decimal], path: str
) -> RangeValue:
    spec = reader.mapping(spec, path, _NUMBER_FIELDS)
    low_value, low_utility, high_value, high_utility = (
        reader.decimal(reader.key(spec, key, path), f"{path}.{key}")
        for key in ("lowValue", "lowUtility", "highValue", "highUtility")
    )
    for key, number in (("lowUtility", low_utility), ("highUtility", high_utility)):
        if not 0 <= number <= 1:
            raise reader.fail(f"{path}.{key}", f"{number} is not in [0, 1]")
    for key, number, bound in (("lowValue", low_value, 0), ("highValue", high_value, 1)):
        if number != bounds[bound]:
            what = ("low", "high")[bound]
            raise reader.fail(
                f"{path}.{key}", f"{number} is not the range's {what} {bounds[bound]}"
            )
    if not high_value > low_value:
        raise reader.fail(f"{path}.highValue", f"{high_value} is not above lowValue {low_value}")
    return RangeValue(low_value, low_utility, high_value, high_utility)


def _value_functions(
    reader: _Reader, utilities: object, space: OutcomeSpace, ranges: Ranges, path: str
) -> dict[str, ValueFunction]:
    utilities = reader.mapping(utilities, path)
    functions: dict[str, ValueFunction] = {}
    for name, entry in utilities.items():
        where = f"{path}.{name}"
        if name not in space.names:
            raise reader.fail(where, f"issue is not in the domain {space.names}")
        entry = reader.mapping(entry, where)
        if name in ranges:
            kinds = [kind for kind in entry if kind in _NUMBER_KEYS]
            if len(kinds) != 1 or len(entry) != 1:
                raise reader.fail(where, "a number range must hold exactly one 'numberutils'")
            functions[name] = _range_value(
                reader, entry[kinds[0]], ranges[name], f"{where}.{kinds[0]}"
            )
            continue
        kinds = [kind for kind in entry if kind in _DISCRETE_KEYS]
        if len(kinds) != 1 or len(entry) != 1:
            raise reader.fail(where, "must hold exactly one 'discreteutils'")
        table_path = f"{where}.{kinds[0]}"
        table = reader.mapping(entry[kinds[0]], table_path, frozenset({"valueUtilities"}))
        values_path = f"{table_path}.valueUtilities"
        values = reader.mapping(reader.key(table, "valueUtilities", table_path), values_path)
        issue = space.issue(name)
        for label in values:
            if label not in issue:
                raise reader.fail(f"{values_path}.{label}", "value is not in the domain")
        missing = [label for label in issue.values if label not in values]
        if missing:
            raise reader.fail(values_path, f"value {missing[0]!r} has no utility")
        entries = tuple(
            (label, reader.number(values[str(label)], f"{values_path}.{label}"))
            for label in issue.values
        )
        functions[name] = TableValue(entries)
    missing = [name for name in space.names if name not in functions]
    if missing:
        raise reader.fail(f"{path}.{missing[0]}", "issue is in the domain but has no utilities")
    return functions


def _weights(reader: _Reader, weights: object, space: OutcomeSpace, path: str) -> dict[str, float]:
    weights = reader.mapping(weights, path)
    for name in weights:
        if name not in space.names:
            raise reader.fail(f"{path}.{name}", f"issue is not in the domain {space.names}")
    missing = [name for name in space.names if name not in weights]
    if missing:
        raise reader.fail(f"{path}.{missing[0]}", "issue has no weight")
    return {name: reader.number(weights[name], f"{path}.{name}") for name in space.names}


def _reservation_outcome(
    reader: _Reader, bid: object, space: OutcomeSpace, path: str
) -> tuple[Value, ...]:
    bid = reader.mapping(bid, path, frozenset({"issuevalues"}))
    values = reader.mapping(reader.key(bid, "issuevalues", path), f"{path}.issuevalues")
    values = {
        name: _level(value) if isinstance(value, Decimal) else value
        for name, value in values.items()
    }
    try:
        return space.from_dict(values)
    except IssueError as error:
        raise reader.fail(f"{path}.issuevalues", f"{error.field}: {error.problem}") from None


def parse_geniusweb_profile(
    text: str, source: str = "<geniusweb profile>"
) -> tuple[OutcomeSpace, LinearAdditivePreferences]:
    """The outcome space and preferences of a GeniusWeb JSON profile text."""
    reader = _Reader(source)
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=Decimal)
    except ValueError as error:
        raise reader.fail("json", f"not valid JSON: {error}") from None
    body = reader.mapping(
        reader.key(reader.mapping(document, "", frozenset({_TOP})), _TOP, ""), _TOP, _SPACE_KEYS
    )
    space, ranges = _space(reader, reader.key(body, "domain", _TOP), f"{_TOP}.domain")
    functions = _value_functions(
        reader, reader.key(body, "issueUtilities", _TOP), space, ranges, f"{_TOP}.issueUtilities"
    )
    weights = _weights(
        reader, reader.key(body, "issueWeights", _TOP), space, f"{_TOP}.issueWeights"
    )
    if "reservationBid" in body and "reservationValue" in body:
        raise reader.fail(f"{_TOP}.reservationValue", "give reservationBid or reservationValue")
    discount = 1.0
    if "discountFactor" in body:
        discount = reader.number(body["discountFactor"], f"{_TOP}.discountFactor")
    reservation = 0.0
    if "reservationValue" in body:
        reservation = reader.number(body["reservationValue"], f"{_TOP}.reservationValue")
    preferences = LinearAdditivePreferences(
        weights, functions, reservation, discount, source=source
    )
    if "reservationBid" in body:
        bid = _reservation_outcome(reader, body["reservationBid"], space, f"{_TOP}.reservationBid")
        reservation = preferences.utility(space, bid)
        preferences = LinearAdditivePreferences(
            weights, functions, reservation, discount, source=source
        )
    preferences.tables(space)
    return space, preferences


def load_geniusweb_profile(path: str | Path) -> tuple[OutcomeSpace, LinearAdditivePreferences]:
    """The outcome space and preferences of a GeniusWeb JSON profile file."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, "", f"cannot read: {error}") from None
    return parse_geniusweb_profile(text, str(path))


def geniusweb_profile_json(
    space: OutcomeSpace, preferences: LinearAdditivePreferences, name: str = ""
) -> str:
    """A GeniusWeb JSON profile (with its domain) giving exactly ``preferences``' utilities.

    An issue whose value function is a :class:`RangeValue` is written as a ``range`` with its
    ``numberutils``; other numbers become string labels. The reservation value is written as
    ``reservationValue`` and a discount other than 1 as ``discountFactor``. Weights that do not
    sum to 1 (GENIUS files read with GENIUS's semantics) are refused: GeniusWeb requires 1.
    """
    total = math.fsum(preferences.weights.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise PreferenceError(
            preferences.source,
            "weights",
            f"sum to {total!r}: GeniusWeb weights must sum to 1 (GENIUS's raw weights, capped "
            "at 1, have no GeniusWeb form)",
        )
    value_sets: dict[str, Any] = {}
    utilities: dict[str, Any] = {}
    for issue, table in zip(space.issues, preferences.tables(space), strict=True):
        function = preferences.value_functions[issue.name]
        if isinstance(function, RangeValue):
            value_sets[issue.name] = {"range": _range_json(preferences, issue, function)}
            utilities[issue.name] = {
                "numberutils": {
                    "lowValue": _json_number(function.low_value),
                    "lowUtility": _json_number(function.low_utility),
                    "highValue": _json_number(function.high_value),
                    "highUtility": _json_number(function.high_utility),
                }
            }
            continue
        labels = issue.labels()
        value_sets[issue.name] = {"values": list(labels)}
        utilities[issue.name] = {
            "discreteutils": {"valueUtilities": dict(zip(labels, map(float, table), strict=True))}
        }
    body: dict[str, Any] = {
        "name": name,
        "domain": {"name": space.name, "issuesValues": value_sets},
        "issueUtilities": utilities,
        "issueWeights": {
            issue.name: float(preferences.weights[issue.name]) for issue in space.issues
        },
        "reservationValue": float(preferences.reservation_value),
    }
    if preferences.discount_factor != 1.0:
        body["discountFactor"] = float(preferences.discount_factor)
    return json.dumps({_TOP: body}, indent=2, ensure_ascii=False) + "\n"


def _json_number(value: Decimal) -> int | float:
    """A decimal as a JSON number (whole numbers as integers); its text reads back exactly."""
    return int(value) if value == value.to_integral_value() else float(value)


def _range_json(
    preferences: LinearAdditivePreferences, issue: Issue, function: RangeValue
) -> dict[str, int | float]:
    """The GeniusWeb range whose levels are the issue's values (``low``/``high`` as in the
    utilities, which GeniusWeb requires); an issue whose values are not such a range is refused."""
    levels = [Decimal(str(value)) for value in issue.values]
    low, high = function.low_value, function.high_value
    step = levels[1] - levels[0] if len(levels) > 1 else (high - low) * 2
    if step <= 0 or levels != _range_levels(low, high, step):
        raise PreferenceError(
            preferences.source,
            f"issue {issue.name!r}",
            f"values are not a GeniusWeb range from {low} to {high}",
        )
    return {"low": _json_number(low), "high": _json_number(high), "step": _json_number(step)}
