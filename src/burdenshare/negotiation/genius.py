"""Read GENIUS XML domains and linear-additive utility-space profiles (export: genius_export).

A GENIUS *domain* file (root ``negotiation_template``) lists the issues; a *profile* file (root
``utility_space``) gives, per issue, an evaluation of every value, a weight per issue, and
optionally ``reservation`` and ``discount_factor`` elements. Semantics follow GENIUS
(``AdditiveUtilitySpace``, ``EvaluatorDiscrete/Integer/Real``):

* Issues may sit under nested objectives; they are read in document (pre-)order, as GENIUS
  enumerates them. Weights are matched to issues by ``index``; a weight whose index is an
  *objective* (often the root objective, ``<weight index="1" value="1.0">``) is ignored, as
  GENIUS's utility sums issue evaluators only. A weight whose index is neither is an error.
* A discrete value is worth ``evaluation / max evaluation of its issue`` (all 0 when that
  maximum is below 1e-5); evaluations must be >= 0.
* An integer or real issue has a linear ``evaluator``: with ``slope``/``offset`` attributes
  (GENIUS 6+) the value ``x`` is worth ``offset + slope * (x - lowerbound)``; with the older
  ``parameter0``/``parameter1`` attributes it is ``parameter0 + parameter1 * x``; ``ftype=
  "constant"`` is ``parameter0``. Evaluations are clipped to [0, 1], as GENIUS does. Where no
  clipping happens the value function stays an exact :class:`LinearValue`.
* A real issue is a continuous range; it is discretised on request into ``real_levels`` evenly
  spaced levels (default 11, both bounds included), evaluated exactly by its linear function.
* Weights are used as GENIUS uses them: as written, never normalised, and a weighted sum above
  1 counts as 1 (``cap_at_one``). GENIUS's file constructor ``AdditiveUtilitySpace(Domain,
  String)`` stores each ``weight`` value as read (``loadTreeRecursive``) and ``getUtility``
  returns ``min(sum of weight * evaluation, 1)``; ``normalizeWeights`` runs only in the
  constructor taking evaluators, not when a file is read. Source read:
  https://github.com/Escheck/NegotiatorGUI/blob/64e64b1140665603e8a185fbf7c66bbbe3837102/src/negotiator/utility/AdditiveUtilitySpace.java
  When the weights do not sum to 1 (ANAC files sum to 0.9936, 1.0075, ...) a
  :class:`GeniusWarning` says so. Weights must be >= 0; a zero sum is refused (GENIUS would
  give every outcome utility 0).
* No ``reservation`` means 0; no ``discount_factor`` (or 0) means no discount (1).

Files are parsed with the standard library's ``xml.etree.ElementTree`` (``defusedxml`` is not
installed), after a first pass with ``pyexpat`` that refuses any ``<!DOCTYPE>``: GENIUS files
need none, and a document type is where external entities (XXE) and entity expansion bombs
("billion laughs") live.
"""

from __future__ import annotations

import math
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from xml.parsers import expat

from burdenshare.errors import InputError
from burdenshare.limits import (
    MAX_IMPORT_BYTES,
    LimitError,
    check_int,
    check_outcomes,
    read_regular_file,
)
from burdenshare.negotiation.genius_export import genius_domain_xml, genius_profile_xml
from burdenshare.negotiation.issues import Issue, IssueError, OutcomeSpace, Value
from burdenshare.negotiation.preferences import (
    WEIGHT_TOLERANCE,
    LinearAdditivePreferences,
    LinearValue,
    TableValue,
    ValueFunction,
)

__all__ = [
    "DEFAULT_REAL_LEVELS",
    "GeniusWarning",
    "genius_domain_xml",
    "genius_profile_xml",
    "load_genius",
    "load_genius_domain",
    "load_genius_folder",
    "load_genius_profile",
    "parse_genius_domain",
    "parse_genius_profile",
]

DEFAULT_REAL_LEVELS = 11
"""Levels a real issue is discretised into unless the caller asks for another count."""

_ZERO_MAXIMUM = 1e-5
"""GENIUS treats an issue whose largest evaluation is below this as worth 0 everywhere."""


class GeniusWarning(UserWarning):
    """A GENIUS file GENIUS loads but whose numbers are unusual (weights not summing to 1)."""


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


def _issues_in_order(objective: ET.Element) -> list[ET.Element]:
    """Every ``issue`` under ``objective``, nested objectives included, in document order."""
    found: list[ET.Element] = []
    for child in objective:
        if child.tag == "issue":
            found.append(child)
        elif child.tag == "objective":
            found.extend(_issues_in_order(child))
    return found


def _objective_indices(objective: ET.Element, source: str) -> set[int]:
    indices = set()
    for element in objective.iter("objective"):
        text = element.get("index")
        if text is not None and text.strip():
            indices.add(_integer(element, "index", source, "objective"))
    return indices


def _bounds(element: ET.Element, source: str, where: str, kind: str) -> tuple[float, float]:
    """An integer or real issue's bounds: attributes, or a ``<range>`` child (GENIUS 3)."""
    holder = element
    if element.get("lowerbound") is None:
        ranges = element.findall("range")
        if len(ranges) == 1:
            holder = ranges[0]
    read = _integer if kind == "integer" else _number
    low, high = read(holder, "lowerbound", source, where), read(holder, "upperbound", source, where)
    if high < low:
        raise InputError(source, where, f"upperbound {high} is below lowerbound {low}")
    if kind == "real" and high == low:
        raise InputError(source, where, f"upperbound {high} equals lowerbound {low}")
    return low, high


def _domain_issue(element: ET.Element, source: str, real_levels: int) -> Issue:
    name = _attribute(element, "name", source, "issue")
    where = f"issue {name!r}"
    kind = _issue_type(element)
    try:
        if kind == "discrete":
            items = element.findall("item")
            labels = [_attribute(item, "value", source, f"{where}/item") for item in items]
            return Issue(name, tuple(labels))
        if kind == "integer":
            low, high = _bounds(element, source, where, kind)
            return Issue.integers(name, int(low), int(high))
        if kind == "real":
            low, high = _bounds(element, source, where, kind)
            return Issue.levels(name, low, high, real_levels)
    except IssueError as error:
        raise InputError(source, where, error.problem) from None
    raise InputError(
        source, where, f"issue type {kind!r} is not supported (discrete, integer, real)"
    )


def _check_outcome_count(issues: list[ET.Element], source: str, real_levels: int) -> None:
    """The product of the issue sizes within the limits table, before any issue is built."""
    sizes = []
    for element in issues:
        kind = _issue_type(element)
        if kind == "integer":
            low, high = _bounds(element, source, f"issue {element.get('name')!r}", kind)
            sizes.append(int(high) - int(low) + 1)
        else:
            sizes.append(real_levels if kind == "real" else len(element.findall("item")))
    try:
        check_outcomes(sizes)
    except LimitError as error:
        raise InputError(source, "utility_space/objective", str(error)) from None


def parse_genius_domain(
    text: str, source: str = "<genius domain>", real_levels: int = DEFAULT_REAL_LEVELS
) -> OutcomeSpace:
    """The outcome space of a GENIUS domain (``negotiation_template``) XML text.

    A real issue is discretised into ``real_levels`` evenly spaced levels (>= 2).
    """
    if real_levels < 2:
        raise InputError(source, "real_levels", f"{real_levels} is below 2")
    root = _root(text, source, "negotiation_template")
    objective = _one(
        _one(root, "utility_space", source, root.tag), "objective", source, "utility_space"
    )
    elements = _issues_in_order(objective)
    _check_outcome_count(elements, source, real_levels)
    issues = [_domain_issue(element, source, real_levels) for element in elements]
    try:
        return OutcomeSpace(tuple(issues), name=Path(source).stem)
    except IssueError as error:
        raise InputError(source, error.field, error.problem) from None


def load_genius_domain(path: str | Path, real_levels: int = DEFAULT_REAL_LEVELS) -> OutcomeSpace:
    """The outcome space of a GENIUS domain file."""
    return parse_genius_domain(_read(path), str(path), real_levels)


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


def _linear_values(element: ET.Element, issue: Issue, kind: str, source: str) -> ValueFunction:
    """An integer or real issue's evaluator, with GENIUS's arithmetic and clipping.

    The ``parameter0/1`` form (value ``parameter0 + parameter1 * x``) stays an exact
    :class:`LinearValue` where GENIUS does not clip it; the ``slope/offset`` form is evaluated
    as GENIUS does (``offset + slope * (x - lowerbound)``) into a table.
    """
    where = f"issue {issue.name!r}"
    if issue.kind != kind:
        raise InputError(source, where, f"is {kind} in the profile, {issue.kind} in the domain")
    evaluator = _one(element, "evaluator", source, where)
    at = f"{where}/evaluator"
    ftype = evaluator.get("ftype", "linear")
    low = float(issue.values[0])
    xs = [float(x) for x in issue.values]
    if ftype == "constant":
        constant = _number(evaluator, "parameter0", source, at)
        values = [constant for _ in xs]
    elif ftype != "linear":
        raise InputError(source, at, f"ftype {ftype!r} is not supported (linear, constant)")
    elif evaluator.get("slope") is not None or evaluator.get("offset") is not None:
        slope = _number(evaluator, "slope", source, at)
        offset = _number(evaluator, "offset", source, at)
        values = [offset + slope * (x - low) for x in xs]
    else:
        function = LinearValue(
            _number(evaluator, "parameter1", source, at),
            _number(evaluator, "parameter0", source, at),
        )
        table = function.table(issue, source)
        if bool(((table >= 0.0) & (table <= 1.0)).all()):
            return function
        values = [float(v) for v in table]
    clipped = (min(1.0, max(0.0, v)) for v in values)
    return TableValue(tuple(zip(issue.values, clipped, strict=True)))


def _profile_values(
    objective: ET.Element, space: OutcomeSpace, source: str
) -> tuple[dict[str, ValueFunction], dict[int, str]]:
    functions: dict[str, ValueFunction] = {}
    names_by_index: dict[int, str] = {}
    for element in _issues_in_order(objective):
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
        elif kind in ("integer", "real"):
            functions[name] = _linear_values(element, space.issue(name), kind, source)
        else:
            raise InputError(source, where, f"issue type {kind!r} is not supported")
    missing = [name for name in space.names if name not in functions]
    if missing:
        raise InputError(source, f"issue {missing[0]!r}", "is in the domain but not the profile")
    return functions, names_by_index


def _weights(
    objective: ET.Element, names_by_index: dict[int, str], source: str
) -> dict[str, float]:
    objectives = _objective_indices(objective, source)
    weights: dict[str, float] = {}
    for element in objective.iter("weight"):
        index = _integer(element, "index", source, "weight")
        where = f"weight index {index}"
        if index not in names_by_index:
            if index in objectives:
                continue  # GENIUS sums issue evaluators only: an objective's weight is unused
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
    if not total > 0.0:
        raise InputError(source, "weight", "weights sum to 0")
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        warnings.warn(
            GeniusWarning(
                f"{source}: weights sum to {total!r}; used as given, utilities above 1 "
                "count as 1 (as GENIUS does)"
            ),
            stacklevel=4,
        )
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
    objective = _one(root, "objective", source, "utility_space")
    functions, names_by_index = _profile_values(objective, space, source)
    weights = {name: 0.0 for name in space.names}
    weights.update(_weights(objective, names_by_index, source))
    reservation = _optional_value(root, "reservation", source, 0.0)
    discount = _optional_value(root, "discount_factor", source, 1.0)
    if not 0.0 <= discount <= 1.0:
        raise InputError(source, "discount_factor", f"{discount} is not in [0, 1]")
    preferences = LinearAdditivePreferences(
        weights, functions, reservation, discount or 1.0, source=source, cap_at_one=True
    )
    preferences.tables(space)
    return preferences


def load_genius_profile(path: str | Path, space: OutcomeSpace) -> LinearAdditivePreferences:
    """The preferences in a GENIUS profile file over the domain's ``space``."""
    return parse_genius_profile(_read(path), space, str(path))


def load_genius(
    domain: str | Path,
    profiles: Sequence[str | Path],
    real_levels: int = DEFAULT_REAL_LEVELS,
) -> tuple[OutcomeSpace, tuple[LinearAdditivePreferences, ...]]:
    """A GENIUS domain file and the profile files of its parties (any number of them)."""
    space = load_genius_domain(domain, real_levels)
    return space, tuple(load_genius_profile(path, space) for path in profiles)


def genius_folder_files(folder: str | Path) -> tuple[Path, tuple[Path, ...]]:
    """A folder's domain file (the XML whose root is ``negotiation_template``) and its other
    XML files (the profiles), sorted by name."""
    files = sorted(Path(folder).glob("*.xml"))
    domains = [path for path in files if "<negotiation_template" in _read(path)]
    if len(domains) != 1:
        raise InputError(folder, "domain", f"expected one domain file, found {len(domains)}")
    return domains[0], tuple(path for path in files if path != domains[0])


def load_genius_folder(
    folder: str | Path, real_levels: int = DEFAULT_REAL_LEVELS
) -> tuple[OutcomeSpace, tuple[LinearAdditivePreferences, ...]]:
    """Every party of a GENIUS folder as ANAC distributes it (one domain, n profiles)."""
    domain, profiles = genius_folder_files(folder)
    return load_genius(domain, profiles, real_levels)
