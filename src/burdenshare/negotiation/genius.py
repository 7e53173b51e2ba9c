"""Read and write GENIUS XML domains and linear-additive utility-space profiles.

A GENIUS *domain* file (root ``negotiation_template``) lists the issues; a *profile* file (root
``utility_space``) gives, per issue, an evaluation of every value, a weight per issue, and
optionally ``reservation`` and ``discount_factor`` elements. Semantics follow GENIUS:

* A discrete value is worth ``evaluation / max evaluation of its issue`` (all 0 when that
  maximum is below 1e-5); evaluations must be >= 0.
* An integer issue (``lowerbound``..``upperbound``) has an ``evaluator`` with ``slope`` and
  ``offset``: the value ``x`` is worth ``offset + slope * (x - lowerbound)``, clipped to [0, 1].
  Real-valued issues are not supported.
* Weights are matched to issues by ``index``. They must sum to 1 within
  :data:`GENIUS_WEIGHT_TOLERANCE` (real ANAC files are off by up to 5e-5) and are then divided by
  their sum when they miss 1 by more than 1e-9.
* No ``reservation`` means 0; no ``discount_factor`` (or 0) means no discount (1).

Export writes every issue as discrete (numbers become labels) with the value functions'
values as evaluations, so GENIUS's division by the issue maximum needs each issue's best value
to be exactly 1 (or all values 0); otherwise export refuses rather than change utilities.
Files are parsed with the standard library's ``xml.etree.ElementTree`` (``defusedxml`` is not
installed), after a first pass with ``pyexpat`` that refuses any ``<!DOCTYPE>``: GENIUS files
need none, and a document type is where external entities (XXE) and entity expansion bombs
("billion laughs") live.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from xml.parsers import expat

import numpy as np

from burdenshare.errors import InputError
from burdenshare.limits import (
    MAX_IMPORT_BYTES,
    LimitError,
    check_int,
    check_outcomes,
    read_regular_file,
)
from burdenshare.negotiation.issues import Issue, IssueError, OutcomeSpace, Value
from burdenshare.negotiation.preferences import (
    WEIGHT_TOLERANCE,
    LinearAdditivePreferences,
    PreferenceError,
    TableValue,
    ValueFunction,
)

__all__ = [
    "GENIUS_WEIGHT_TOLERANCE",
    "genius_domain_xml",
    "genius_profile_xml",
    "load_genius",
    "load_genius_domain",
    "load_genius_profile",
    "parse_genius_domain",
    "parse_genius_profile",
]

GENIUS_WEIGHT_TOLERANCE = 1e-3
"""How far the weights of a GENIUS profile may sum from 1 before the file is rejected."""

_ZERO_MAXIMUM = 1e-5
"""GENIUS treats an issue whose largest evaluation is below this as worth 0 everywhere."""


def _read(path: str | Path) -> str:
    try:
        data = read_regular_file(Path(path), MAX_IMPORT_BYTES)
    except OSError as error:
        raise InputError(path, "", f"cannot read: {error}") from None
    except LimitError as error:
        raise InputError(path, "", str(error)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            path, f"line {line}", f"not UTF-8 text (byte 0x{data[error.start]:02x})"
        ) from None


def _refuse_doctype(text: str, source: str) -> None:
    """Refuse a document type declaration before ElementTree can expand its entities."""

    def refuse(*_: object) -> None:
        raise InputError(
            source, "DOCTYPE", "document type declarations are refused (entities, XXE)"
        )

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(text, True)
    except expat.ExpatError as error:
        raise InputError(source, "xml", f"not well-formed: {error}") from None


def _root(text: str, source: str, tag: str) -> ET.Element:
    _refuse_doctype(text, source)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise InputError(source, "xml", f"not well-formed: {error}") from None
    if root.tag != tag:
        raise InputError(source, root.tag, f"root element must be <{tag}>")
    return root


def _one(parent: ET.Element, tag: str, source: str, where: str) -> ET.Element:
    found = parent.findall(tag)
    if len(found) != 1:
        raise InputError(source, f"{where}/{tag}", f"expected one element, found {len(found)}")
    return found[0]


def _attribute(element: ET.Element, name: str, source: str, where: str) -> str:
    value = element.get(name)
    if value is None or not value.strip():
        raise InputError(source, where, f"missing attribute {name!r}")
    return value


def _number(element: ET.Element, name: str, source: str, where: str) -> float:
    text = _attribute(element, name, source, where)
    try:
        number = float(text)
    except ValueError:
        raise InputError(source, where, f"{name}={text!r} is not a number") from None
    if not math.isfinite(number):
        raise InputError(source, where, f"{name}={text!r} is not finite")
    return number


def _integer(element: ET.Element, name: str, source: str, where: str) -> int:
    text = _attribute(element, name, source, where)
    try:
        value = int(text)
    except ValueError:  # also more than 4,300 digits
        raise InputError(source, where, f"{name}={text[:24]!r} is not an integer") from None
    try:
        return check_int(value)
    except LimitError as error:
        raise InputError(source, where, f"{name}: {error}") from None


def _issue_type(element: ET.Element) -> str:
    return element.get("type") or element.get("etype") or "discrete"


def _objective(utility_space: ET.Element, source: str, where: str) -> ET.Element:
    objective = _one(utility_space, "objective", source, where)
    if objective.find("objective") is not None:
        raise InputError(source, f"{where}/objective/objective", "nested objectives")
    return objective


def _domain_issue(element: ET.Element, source: str) -> Issue:
    name = _attribute(element, "name", source, "issue")
    where = f"issue {name!r}"
    kind = _issue_type(element)
    try:
        if kind == "discrete":
            items = element.findall("item")
            labels = [_attribute(item, "value", source, f"{where}/item") for item in items]
            return Issue(name, tuple(labels))
        if kind == "integer":
            low = _integer(element, "lowerbound", source, where)
            return Issue.integers(name, low, _integer(element, "upperbound", source, where))
    except IssueError as error:
        raise InputError(source, where, error.problem) from None
    raise InputError(source, where, f"issue type {kind!r} is not supported (discrete, integer)")


def _check_outcome_count(objective: ET.Element, source: str) -> None:
    """The product of the issue sizes within the limits table, before any issue is built."""
    sizes = []
    for element in objective.findall("issue"):
        if _issue_type(element) == "integer":
            where = f"issue {element.get('name')!r}"
            low = _integer(element, "lowerbound", source, where)
            sizes.append(_integer(element, "upperbound", source, where) - low + 1)
        else:
            sizes.append(len(element.findall("item")))
    try:
        check_outcomes(sizes)
    except LimitError as error:
        raise InputError(source, "utility_space/objective", str(error)) from None


def parse_genius_domain(text: str, source: str = "<genius domain>") -> OutcomeSpace:
    """The outcome space of a GENIUS domain (``negotiation_template``) XML text."""
    root = _root(text, source, "negotiation_template")
    objective = _objective(_one(root, "utility_space", source, root.tag), source, "utility_space")
    _check_outcome_count(objective, source)
    issues = [_domain_issue(element, source) for element in objective.findall("issue")]
    try:
        return OutcomeSpace(tuple(issues), name=Path(source).stem)
    except IssueError as error:
        raise InputError(source, error.field, error.problem) from None


def load_genius_domain(path: str | Path) -> OutcomeSpace:
    """The outcome space of a GENIUS domain file."""
    return parse_genius_domain(_read(path), str(path))


def _discrete_values(element: ET.Element, issue: Issue, source: str) -> TableValue:
    where = f"issue {issue.name!r}"
    evaluations: dict[Value, float] = {}
    for item in element.findall("item"):
        label = _attribute(item, "value", source, f"{where}/item")
        item_where = f"{where}/item {label!r}"
        if label not in issue:
            raise InputError(source, item_where, "value is not in the domain")
        if label in evaluations:
            raise InputError(source, item_where, "value appears twice")
        evaluation = _number(item, "evaluation", source, item_where)
        if evaluation < 0:
            raise InputError(source, item_where, f"evaluation {evaluation} is negative")
        evaluations[label] = evaluation
    missing = [value for value in issue.values if value not in evaluations]
    if missing:
        raise InputError(source, where, f"value {missing[0]!r} has no item")
    top = max(evaluations.values())
    scale = (lambda e: 0.0) if top < _ZERO_MAXIMUM else (lambda e: e / top)
    return TableValue(tuple((value, scale(evaluations[value])) for value in issue.values))


def _integer_values(element: ET.Element, issue: Issue, source: str) -> TableValue:
    where = f"issue {issue.name!r}"
    if not issue.is_numeric:
        raise InputError(source, where, "an integer issue in the profile, discrete in the domain")
    evaluator = _one(element, "evaluator", source, where)
    slope = _number(evaluator, "slope", source, f"{where}/evaluator")
    offset = _number(evaluator, "offset", source, f"{where}/evaluator")
    low = float(issue.values[0])
    return TableValue(
        tuple((x, min(1.0, max(0.0, offset + slope * (float(x) - low)))) for x in issue.values)
    )


def _profile_values(
    objective: ET.Element, space: OutcomeSpace, source: str
) -> tuple[dict[str, ValueFunction], dict[int, str]]:
    functions: dict[str, ValueFunction] = {}
    names_by_index: dict[int, str] = {}
    for element in objective.findall("issue"):
        name = _attribute(element, "name", source, "issue")
        where = f"issue {name!r}"
        if name not in space.names:
            raise InputError(source, where, f"is not in the domain {space.names}")
        if name in functions:
            raise InputError(source, where, "appears twice")
        index = _integer(element, "index", source, where)
        if index in names_by_index:
            raise InputError(
                source, where, f"index {index} is also issue {names_by_index[index]!r}"
            )
        names_by_index[index] = name
        kind = _issue_type(element)
        if kind == "discrete":
            functions[name] = _discrete_values(element, space.issue(name), source)
        elif kind == "integer":
            functions[name] = _integer_values(element, space.issue(name), source)
        else:
            raise InputError(source, where, f"issue type {kind!r} is not supported")
    missing = [name for name in space.names if name not in functions]
    if missing:
        raise InputError(source, f"issue {missing[0]!r}", "is in the domain but not the profile")
    return functions, names_by_index


def _weights(
    objective: ET.Element, names_by_index: dict[int, str], source: str
) -> dict[str, float]:
    weights: dict[str, float] = {}
    for element in objective.findall("weight"):
        index = _integer(element, "index", source, "weight")
        where = f"weight index {index}"
        if index not in names_by_index:
            raise InputError(source, where, "no issue has this index")
        name = names_by_index[index]
        if name in weights:
            raise InputError(source, where, "appears twice")
        weight = _number(element, "value", source, where)
        if weight < 0:
            raise InputError(source, where, f"weight {weight} is negative")
        weights[name] = weight
    missing = [name for name in names_by_index.values() if name not in weights]
    if missing:
        raise InputError(source, f"issue {missing[0]!r}", "has no weight")
    total = math.fsum(weights.values())
    if abs(total - 1.0) > GENIUS_WEIGHT_TOLERANCE:
        raise InputError(source, "weight", f"weights sum to {total!r}, not 1")
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        weights = {name: weight / total for name, weight in weights.items()}
    return weights


def _optional_value(root: ET.Element, tag: str, source: str, default: float) -> float:
    found = root.findall(tag)
    if len(found) > 1:
        raise InputError(source, tag, f"appears {len(found)} times")
    return _number(found[0], "value", source, tag) if found else default


def parse_genius_profile(
    text: str, space: OutcomeSpace, source: str = "<genius profile>"
) -> LinearAdditivePreferences:
    """The preferences in a GENIUS ``utility_space`` XML text over the domain's ``space``."""
    root = _root(text, source, "utility_space")
    objective = _objective(root, source, "utility_space")
    functions, names_by_index = _profile_values(objective, space, source)
    weights = {name: 0.0 for name in space.names}
    weights.update(_weights(objective, names_by_index, source))
    reservation = _optional_value(root, "reservation", source, 0.0)
    discount = _optional_value(root, "discount_factor", source, 1.0)
    if not 0.0 <= discount <= 1.0:
        raise InputError(source, "discount_factor", f"{discount} is not in [0, 1]")
    preferences = LinearAdditivePreferences(
        weights, functions, reservation, discount or 1.0, source=source
    )
    preferences.tables(space)
    return preferences


def load_genius_profile(path: str | Path, space: OutcomeSpace) -> LinearAdditivePreferences:
    """The preferences in a GENIUS profile file over the domain's ``space``."""
    return parse_genius_profile(_read(path), space, str(path))


def load_genius(
    domain: str | Path, profiles: Sequence[str | Path]
) -> tuple[OutcomeSpace, tuple[LinearAdditivePreferences, ...]]:
    """A GENIUS domain file and the profile files of its parties."""
    space = load_genius_domain(domain)
    return space, tuple(load_genius_profile(path, space) for path in profiles)


def _issue_element(parent: ET.Element, position: int, issue: Issue) -> ET.Element:
    return ET.SubElement(
        parent,
        "issue",
        index=str(position),
        name=issue.name,
        type="discrete",
        etype="discrete",
        vtype="discrete",
    )


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return ET.tostring(root, encoding="unicode") + "\n"


def genius_domain_xml(space: OutcomeSpace) -> str:
    """A GENIUS domain XML text for ``space`` (every issue discrete, numbers as labels)."""
    root = ET.Element("negotiation_template")
    utility_space = ET.SubElement(root, "utility_space", number_of_issues=str(len(space.issues)))
    objective = ET.SubElement(
        utility_space, "objective", index="0", description="", name="root", type="objective"
    )
    objective.set("etype", "objective")
    for position, issue in enumerate(space.issues, start=1):
        element = _issue_element(objective, position, issue)
        for item_position, label in enumerate(issue.labels(), start=1):
            ET.SubElement(element, "item", index=str(item_position), value=label)
    return _xml(root)


def genius_profile_xml(space: OutcomeSpace, preferences: LinearAdditivePreferences) -> str:
    """A GENIUS profile XML text giving exactly ``preferences``' utilities over ``space``."""
    root = ET.Element("utility_space")
    objective = ET.SubElement(
        root, "objective", index="0", description="", name="root", type="objective"
    )
    objective.set("etype", "objective")
    for position, (issue, table) in enumerate(
        zip(space.issues, preferences.tables(space), strict=True), start=1
    ):
        top = float(table.max())
        if top != 1.0 and bool(np.any(table != 0.0)):
            raise PreferenceError(
                preferences.source,
                f"issue {issue.name!r}",
                f"best value is worth {top!r}: GENIUS rescales each issue's best value to 1",
            )
        element = _issue_element(objective, position, issue)
        for item_position, (label, worth) in enumerate(
            zip(issue.labels(), table, strict=True), start=1
        ):
            ET.SubElement(
                element,
                "item",
                index=str(item_position),
                value=label,
                evaluation=repr(float(worth)),
            )
    for position, issue in enumerate(space.issues, start=1):
        weight = repr(float(preferences.weights[issue.name]))
        ET.SubElement(objective, "weight", index=str(position), value=weight)
    ET.SubElement(root, "reservation", value=repr(float(preferences.reservation_value)))
    if preferences.discount_factor != 1.0:
        ET.SubElement(root, "discount_factor", value=repr(float(preferences.discount_factor)))
    return _xml(root)
