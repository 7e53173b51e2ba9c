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

``DiscreteValueSetUtilities`` is accepted for ``discreteutils`` (newer GeniusWeb). Values are
string labels; issue order is the order of ``issuesValues``. The reservation value is the
utility of ``reservationBid``, or ``reservationValue``, or 0; both at once is an error. Weights
must sum to 1 within 1e-9. Unknown keys and duplicate keys are errors naming the file and the
JSON path. Numeric value sets (``range``, ``numberutils``) are not supported.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from burdenshare.errors import InputError
from burdenshare.limits import LimitError, check_outcomes
from burdenshare.negotiation.issues import Issue, IssueError, OutcomeSpace, Value
from burdenshare.negotiation.preferences import (
    WEIGHT_TOLERANCE,
    LinearAdditivePreferences,
    PreferenceError,
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
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(path, f"{value!r} is not a number")
        if not math.isfinite(value):
            raise self.fail(path, f"{value!r} is not finite")
        return float(value)


def _space(reader: _Reader, domain: object, path: str) -> OutcomeSpace:
    domain = reader.mapping(domain, path, frozenset({"name", "issuesValues"}))
    issues_values = reader.mapping(reader.key(domain, "issuesValues", path), f"{path}.issuesValues")
    issues = []
    for name, value_set in issues_values.items():
        where = f"{path}.issuesValues.{name}"
        value_set = reader.mapping(value_set, where)
        if "values" not in value_set:
            raise reader.fail(where, "only discrete value sets ('values') are supported")
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
        return OutcomeSpace(tuple(issues), name=str(domain.get("name", "")))
    except IssueError as error:
        raise reader.fail(f"{path}.issuesValues", f"{error.field}: {error.problem}") from None


def _value_functions(
    reader: _Reader, utilities: object, space: OutcomeSpace, path: str
) -> dict[str, ValueFunction]:
    utilities = reader.mapping(utilities, path)
    functions: dict[str, ValueFunction] = {}
    for name, entry in utilities.items():
        where = f"{path}.{name}"
        if name not in space.names:
            raise reader.fail(where, f"issue is not in the domain {space.names}")
        entry = reader.mapping(entry, where)
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
        document = json.loads(text, object_pairs_hook=_no_duplicates)
    except ValueError as error:
        raise reader.fail("json", f"not valid JSON: {error}") from None
    body = reader.mapping(
        reader.key(reader.mapping(document, "", frozenset({_TOP})), _TOP, ""), _TOP, _SPACE_KEYS
    )
    space = _space(reader, reader.key(body, "domain", _TOP), f"{_TOP}.domain")
    functions = _value_functions(
        reader, reader.key(body, "issueUtilities", _TOP), space, f"{_TOP}.issueUtilities"
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

    Numbers in the space become string labels. The reservation value is written as
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
    labels = [issue.labels() for issue in space.issues]
    tables = preferences.tables(space)
    body: dict[str, Any] = {
        "name": name,
        "domain": {
            "name": space.name,
            "issuesValues": {
                issue.name: {"values": values}
                for issue, values in zip(space.issues, labels, strict=True)
            },
        },
        "issueUtilities": {
            issue.name: {
                "discreteutils": {
                    "valueUtilities": dict(zip(values, map(float, table), strict=True))
                }
            }
            for issue, values, table in zip(space.issues, labels, tables, strict=True)
        },
        "issueWeights": {
            issue.name: float(preferences.weights[issue.name]) for issue in space.issues
        },
        "reservationValue": float(preferences.reservation_value),
    }
    if preferences.discount_factor != 1.0:
        body["discountFactor"] = float(preferences.discount_factor)
    return json.dumps({_TOP: body}, indent=2, ensure_ascii=False) + "\n"
