"""NegMAS peer: run NegMAS 0.16's bargaining analysis on a two-party domain given as JSON.

Run with the interpreter of the separate NegMAS venv (``.venv-negmas/bin/python``, created by
``make .venv-negmas/.installed``). It imports only negmas, numpy and the standard library,
never burdenshare, so it can be compared with burdenshare without sharing any code. NegMAS
(AGPL) is called, not copied.

Usage::

    .venv-negmas/bin/python tests/peer/negmas_peer.py < request.json > response.json

Request (JSON on stdin), either an explicit domain::

    {
      "issues": [{"name": "amount", "values": [100, 104, "x", 2.5]}, ...],
      "parties": [PARTY, PARTY],             # exactly two
      "points": ["nash", "kalai", "ks"],     # optional (default: all three; true/false too)
      "utilities_sha256": false              # optional (default false), see the response
    }

    PARTY = {
      "name": "host",                        # optional
      "reservation_value": 0.25,             # a finite float
      # exactly one of:
      "linear_additive": {                   # -> LinearAdditiveUtilityFunction + TableFun
        "weights": {"amount": 0.5, ...},     # one per issue
        "tables": {"amount": [1.0, 0.5, ...], ...}   # one value per issue value, in order
      },
      "table": [0.1, 0.7, ...]               # -> MappingUtilityFunction over outcome tuples:
                                             #    one utility per outcome, itertools.product
                                             #    order of the issues (first issue slowest)
    }

or a GENIUS domain read by NegMAS's own importer (``Scenario.from_genius_files`` with
``ignore_discount=True``; NegMAS keeps each item's raw evaluation)::

    {"genius": {"domain": "path/domain.xml", "profiles": ["p1.xml", "p2.xml"]}, "points": ...}

An *outcome index* is always the position in ``itertools.product(*issue values)`` over the
issues as listed (for ``genius``: as NegMAS read them, echoed in ``issues``). Every outcome is
passed to ``pareto_frontier`` explicitly in that order, so NegMAS's indices are ours.

Response (JSON on stdout)::

    {
      "negmas": "0.16.0",
      "n_outcomes": 480,
      "issues": [{"name": ..., "values": [...]}, ...],
      "reserved_values": [r1, r2],
      "ranges": [[min1, max1], [min2, max2]],   # ufun.minmax(outcome_space), computed after
                                                # the timed calls (what the points use)
      "frontier": {"indices": [k, ...], "utilities": [[u1, u2], ...]},
                                                # pareto_frontier(ufuns, outcomes=...): NegMAS's
                                                # order (decreasing welfare)
      "nash":  [POINT, ...],                    # nash_points(ufuns, frontier, outcome_space=...)
      "kalai": [POINT, ...],                    # kalai_points(...): the egalitarian point
      "ks":    [POINT, ...],                    # ks_points(...): Kalai–Smorodinsky
      "seconds": {"ufuns": t, "pareto_frontier": t, "nash_points": t, "kalai_points": t,
                  "ks_points": t},
      "utilities_sha256": [hex, hex]            # only when asked: SHA-256 of each ufun's
                                                # utilities at every outcome as little-endian
                                                # float64, outcome-index order
    }

    POINT = {"index": outcome index, "frontier_position": k, "utilities": [u1, u2]}

A point list is present only when its name is in ``points``. Floats are written with ``repr``
so they round-trip exactly. A malformed request exits with status 2 and a message on stderr.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import math
import sys
import time
import warnings
from typing import Any

import numpy as np


class RequestError(Exception):
    """A malformed request."""


def _issues(request: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    issues = request.get("issues")
    if not isinstance(issues, list) or not issues:
        raise RequestError("'issues' must be a non-empty list")
    out = []
    for k, issue in enumerate(issues):
        if not isinstance(issue, dict) or set(issue) != {"name", "values"}:
            raise RequestError(f"issues[{k}] must have exactly 'name' and 'values'")
        values = issue["values"]
        if not isinstance(values, list) or not values or len(set(values)) != len(values):
            raise RequestError(f"issues[{k}].values must be distinct and not empty")
        out.append((str(issue["name"]), values))
    return out


def _ufun(
    party: dict[str, Any],
    k: int,
    issues: list[tuple[str, list[Any]]],
    outcomes: list[tuple[Any, ...]],
    outcome_space: Any,
) -> Any:
    from negmas.preferences import LinearAdditiveUtilityFunction, MappingUtilityFunction, TableFun

    where = f"parties[{k}]"
    reservation = party.get("reservation_value")
    if not isinstance(reservation, int | float) or not math.isfinite(reservation):
        raise RequestError(f"{where}.reservation_value must be a finite number")
    kinds = [kind for kind in ("linear_additive", "table") if kind in party]
    if len(kinds) != 1:
        raise RequestError(f"{where} needs exactly one of 'linear_additive' and 'table'")
    name = str(party.get("name", f"party{k + 1}"))
    if kinds[0] == "table":
        table = party["table"]
        if not isinstance(table, list) or len(table) != len(outcomes):
            raise RequestError(f"{where}.table must hold {len(outcomes)} utilities")
        mapping = dict(zip(outcomes, map(float, table), strict=True))
        return MappingUtilityFunction(
            mapping,
            outcome_space=outcome_space,
            reserved_value=float(reservation),
            name=name,
        )
    spec = party["linear_additive"]
    weights, tables = spec.get("weights", {}), spec.get("tables", {})
    names = [n for n, _ in issues]
    if set(weights) != set(names) or set(tables) != set(names):
        raise RequestError(f"{where}.linear_additive needs a weight and a table per issue")
    values = {}
    for issue_name, issue_values in issues:
        row = tables[issue_name]
        if not isinstance(row, list) or len(row) != len(issue_values):
            raise RequestError(f"{where}.linear_additive.tables.{issue_name}: wrong length")
        values[issue_name] = TableFun(dict(zip(issue_values, map(float, row), strict=True)))
    return LinearAdditiveUtilityFunction(
        values=values,
        weights={n: float(weights[n]) for n in names},
        outcome_space=outcome_space,
        reserved_value=float(reservation),
        name=name,
    )


def _issue(name: str, values: list[Any]) -> Any:
    """NegMAS's issue for these values (categorical when they mix types, e.g. 0 and 2.5)."""
    from negmas import make_issue
    from negmas.outcomes import CategoricalIssue

    try:
        return make_issue(list(values), name=name)
    except TypeError:
        return CategoricalIssue(list(values), name=name)


def _explicit(request: dict[str, Any]) -> tuple[list[tuple[str, list[Any]]], list[Any], Any]:
    from negmas import make_os

    issues = _issues(request)
    parties = request.get("parties")
    if not isinstance(parties, list) or len(parties) != 2:
        raise RequestError("'parties' must list exactly two parties")
    outcome_space = make_os([_issue(n, v) for n, v in issues])
    outcomes = list(itertools.product(*(v for _, v in issues)))
    ufuns = [_ufun(p, k, issues, outcomes, outcome_space) for k, p in enumerate(parties)]
    return issues, ufuns, outcome_space


def _genius(spec: Any) -> tuple[list[tuple[str, list[Any]]], list[Any], Any]:
    from negmas.inout import Scenario

    if not isinstance(spec, dict) or not isinstance(spec.get("profiles"), list):
        raise RequestError("'genius' needs 'domain' and two 'profiles'")
    if len(spec["profiles"]) != 2:
        raise RequestError("'genius.profiles' must list exactly two files")
    scenario = Scenario.from_genius_files(spec["domain"], spec["profiles"], ignore_discount=True)
    if scenario is None:
        raise RequestError(f"NegMAS could not load {spec['domain']}")
    outcome_space = scenario.outcome_space
    issues = [(str(i.name), list(i.all)) for i in outcome_space.issues]
    return issues, list(scenario.ufuns), outcome_space


def _point_list(points: Any, frontier_indices: list[int]) -> list[dict[str, Any]]:
    return [
        {
            "index": int(frontier_indices[position]),
            "frontier_position": int(position),
            "utilities": [float(u) for u in utilities],
        }
        for utilities, position in points
    ]


def _digest(ufun: Any, outcomes: list[tuple[Any, ...]]) -> str:
    values = np.array([float(ufun(o)) for o in outcomes], dtype="<f8")
    return hashlib.sha256(values.tobytes()).hexdigest()


def analyse(request: dict[str, Any]) -> dict[str, Any]:
    """Build the ufuns, run NegMAS's frontier and solution points, and time each step."""
    import negmas
    from negmas.preferences.ops import kalai_points, ks_points, nash_points, pareto_frontier

    if not isinstance(request, dict):
        raise RequestError("the request must be a JSON object")
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    if "genius" in request:
        issues, ufuns, outcome_space = _genius(request["genius"])
    else:
        issues, ufuns, outcome_space = _explicit(request)
    seconds["ufuns"] = time.perf_counter() - start
    outcomes = list(itertools.product(*(v for _, v in issues)))

    start = time.perf_counter()
    frontier, indices = pareto_frontier(ufuns, outcomes=outcomes)
    seconds["pareto_frontier"] = time.perf_counter() - start
    frontier_indices = [int(k) for k in indices]
    result: dict[str, Any] = {
        "negmas": negmas.__version__,
        "n_outcomes": len(outcomes),
        "issues": [{"name": n, "values": v} for n, v in issues],
        "reserved_values": [float(u.reserved_value) for u in ufuns],
        "frontier": {
            "indices": frontier_indices,
            "utilities": [[float(x) for x in point] for point in frontier],
        },
    }
    functions = {"nash": nash_points, "kalai": kalai_points, "ks": ks_points}
    wanted = request.get("points", True)
    wanted = list(functions) if wanted is True else [] if wanted is False else wanted
    if not isinstance(wanted, list) or not set(wanted) <= set(functions):
        raise RequestError(f"'points' must be true, false or a list of {list(functions)}")
    for key, function in functions.items():
        if key in wanted:
            start = time.perf_counter()
            points = function(ufuns, frontier, outcome_space=outcome_space)
            seconds[f"{key}_points"] = time.perf_counter() - start
            result[key] = _point_list(points, frontier_indices)
    result["ranges"] = [[float(x) for x in u.minmax(outcome_space)] for u in ufuns]
    if request.get("utilities_sha256", False):
        result["utilities_sha256"] = [_digest(u, outcomes) for u in ufuns]
    result["seconds"] = seconds
    return result


def main() -> int:
    warnings.filterwarnings("ignore")
    try:
        request = json.load(sys.stdin)
    except json.JSONDecodeError as error:
        print(f"negmas_peer: the request is not JSON: {error}", file=sys.stderr)
        return 2
    try:
        # NegMAS may print; keep stdout for the JSON answer alone.
        with contextlib.redirect_stdout(sys.stderr):
            result = analyse(request)
    except RequestError as error:
        print(f"negmas_peer: {error}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
