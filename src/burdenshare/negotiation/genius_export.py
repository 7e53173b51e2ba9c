"""Write GENIUS XML domains and profiles that GENIUS reads back to the same utilities.

Discrete issues are written with their labels (numbers as ``repr``) and the value functions'
values as evaluations, so GENIUS's division by the issue maximum needs each discrete issue's
best value to be exactly 1 (or all values 0); otherwise export refuses rather than change
utilities. Integer issues are written as integer ranges and real issues as ``<range>``s, each
with a linear ``evaluator`` (``slope``, ``offset`` at the lower bound): their value function
must be linear over the issue's values (a :class:`LinearValue`, or a table that is affine in
the value within 1e-12), else export refuses. Weights, reservation value and discount factor
are written as they are, so loading the files back gives the same preferences.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np

from burdenshare.negotiation.issues import Issue, OutcomeSpace
from burdenshare.negotiation.preferences import (
    LinearAdditivePreferences,
    LinearValue,
    PreferenceError,
)

__all__ = ["genius_domain_xml", "genius_profile_xml"]

_AFFINE_TOLERANCE = 1e-12


def _issue_element(parent: ET.Element, position: int, issue: Issue) -> ET.Element:
    element = ET.SubElement(
        parent,
        "issue",
        index=str(position),
        name=issue.name,
        type=issue.kind,
        etype=issue.kind,
        vtype=issue.kind,
    )
    if issue.kind == "integer":
        element.set("lowerbound", str(issue.values[0]))
        element.set("upperbound", str(issue.values[-1]))
    elif issue.kind == "real":
        ET.SubElement(
            element,
            "range",
            lowerbound=repr(float(issue.values[0])),
            upperbound=repr(float(issue.values[-1])),
        )
    return element


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return ET.tostring(root, encoding="unicode") + "\n"


def _root_objective(parent: ET.Element) -> ET.Element:
    objective = ET.SubElement(
        parent, "objective", index="0", description="", name="root", type="objective"
    )
    objective.set("etype", "objective")
    return objective


def genius_domain_xml(space: OutcomeSpace) -> str:
    """A GENIUS domain XML text for ``space`` (discrete, integer and real issues)."""
    root = ET.Element("negotiation_template")
    utility_space = ET.SubElement(root, "utility_space", number_of_issues=str(len(space.issues)))
    objective = _root_objective(utility_space)
    for position, issue in enumerate(space.issues, start=1):
        element = _issue_element(objective, position, issue)
        if issue.kind == "discrete":
            for item_position, label in enumerate(issue.labels(), start=1):
                ET.SubElement(element, "item", index=str(item_position), value=label)
    return _xml(root)


def _linear(
    preferences: LinearAdditivePreferences, issue: Issue, table: np.ndarray
) -> tuple[float, float]:
    """``(slope, offset at the lower bound)`` of a value function linear over the issue."""
    low = float(issue.values[0])
    function = preferences.value_functions[issue.name]
    if isinstance(function, LinearValue):
        return function.slope, function.intercept + function.slope * low
    xs = np.array(issue.values, dtype=np.float64)
    slope = float((table[-1] - table[0]) / (xs[-1] - xs[0]))
    offset = float(table[0])
    if np.abs(offset + slope * (xs - low) - table).max() > _AFFINE_TOLERANCE:
        raise PreferenceError(
            preferences.source,
            f"issue {issue.name!r}",
            f"a GENIUS {issue.kind} issue needs a linear value function",
        )
    return slope, offset


def _discrete_items(
    element: ET.Element, preferences: LinearAdditivePreferences, issue: Issue, table: np.ndarray
) -> None:
    top = float(table.max())
    if top != 1.0 and bool(np.any(table != 0.0)):
        raise PreferenceError(
            preferences.source,
            f"issue {issue.name!r}",
            f"best value is worth {top!r}: GENIUS rescales each issue's best value to 1",
        )
    for item_position, (label, worth) in enumerate(
        zip(issue.labels(), table, strict=True), start=1
    ):
        ET.SubElement(
            element, "item", index=str(item_position), value=label, evaluation=repr(float(worth))
        )


def genius_profile_xml(space: OutcomeSpace, preferences: LinearAdditivePreferences) -> str:
    """A GENIUS profile XML text giving exactly ``preferences``' utilities over ``space``."""
    root = ET.Element("utility_space")
    objective = _root_objective(root)
    for position, (issue, table) in enumerate(
        zip(space.issues, preferences.tables(space), strict=True), start=1
    ):
        element = _issue_element(objective, position, issue)
        if issue.kind == "discrete":
            _discrete_items(element, preferences, issue, table)
        else:
            slope, offset = _linear(preferences, issue, table)
            ET.SubElement(
                element, "evaluator", ftype="linear", slope=repr(slope), offset=repr(offset)
            )
    for position, issue in enumerate(space.issues, start=1):
        weight = repr(float(preferences.weights[issue.name]))
        ET.SubElement(objective, "weight", index=str(position), value=weight)
    ET.SubElement(root, "reservation", value=repr(float(preferences.reservation_value)))
    if preferences.discount_factor != 1.0:
        ET.SubElement(root, "discount_factor", value=repr(float(preferences.discount_factor)))
    return _xml(root)
