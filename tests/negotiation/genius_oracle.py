"""An independent reading of GENIUS files with GENIUS's arithmetic, and brute-force analysis.

Written from GENIUS's ``AdditiveUtilitySpace``/``Evaluator*`` semantics without the library's
code: plain ElementTree, one Python float loop per outcome, O(n²) dominance. Utility of a bid:
``min(1, sum over issues weight * evaluation)`` with the weights as written (GENIUS neither
normalises them when reading a file nor lets a utility exceed 1:
https://github.com/Escheck/NegotiatorGUI/blob/64e64b1140665603e8a185fbf7c66bbbe3837102/src/negotiator/utility/AdditiveUtilitySpace.java
``getUtility`` and ``loadTreeRecursive``), where a discrete evaluation is
``evaluation / max evaluation of the issue`` (0 when that maximum is below 1e-5), an integer or
real one is ``offset + slope * (x - lowerbound)`` (or ``parameter0 + parameter1 * x``) clipped to
[0, 1]; weights of objectives (not issues) are ignored. Outcomes are enumerated with the first
issue varying slowest.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

MAX_PAIRWISE = 6000
"""Domains with more outcomes than this are too big for the O(n²) Pareto oracle."""


def _issues(element: ET.Element) -> list[ET.Element]:
    return [node for node in element.iter("issue")]


def domain_values(domain: Path) -> list[tuple[str, list[object]]]:
    """Per issue (document order): its name and its values (labels, or numbers for ranges)."""
    root = ET.parse(domain).getroot()
    result: list[tuple[str, list[object]]] = []
    for issue in _issues(root):
        kind = issue.get("type") or issue.get("etype") or "discrete"
        if kind == "discrete":
            result.append(
                (issue.get("name", ""), [item.get("value") for item in issue.findall("item")])
            )
        else:
            assert kind == "integer", f"the oracle reads discrete and integer issues, not {kind}"
            low, high = int(issue.get("lowerbound", "")), int(issue.get("upperbound", ""))
            result.append((issue.get("name", ""), list(range(low, high + 1))))
    return result


def profile_utilities(domain: Path, profile: Path) -> tuple[list[float], float]:
    """Every outcome's utility (product order) and the reservation value."""
    utility, reservation = profile_reader(domain, profile)
    bids = itertools.product(*(values for _, values in domain_values(domain)))
    return [utility(bid) for bid in bids], reservation


def profile_reader(
    domain: Path, profile: Path
) -> tuple[Callable[[Sequence[object]], float], float]:
    """The utility of one bid (one value per issue, domain order) and the reservation value."""
    issues = domain_values(domain)
    root = ET.parse(profile).getroot()
    weights_by_index = {
        int(w.get("index", "")): float(w.get("value", "")) for w in root.iter("weight")
    }
    evaluation: dict[str, dict[object, float]] = {}
    weight: dict[str, float] = {}
    values_of = dict(issues)
    for issue in _issues(root):
        name = issue.get("name", "")
        weight[name] = weights_by_index[int(issue.get("index", ""))]
        kind = issue.get("type") or issue.get("etype") or "discrete"
        if kind == "discrete":
            raw = {
                item.get("value"): float(item.get("evaluation", ""))
                for item in issue.findall("item")
            }
            top = max(raw.values())
            evaluation[name] = {v: (0.0 if top < 1e-5 else e / top) for v, e in raw.items()}
        else:
            ev = issue.find("evaluator")
            assert ev is not None
            low = int(issue.get("lowerbound", ""))
            table = {}
            for x in values_of[name]:
                assert isinstance(x, int)
                if ev.get("slope") is not None:
                    value = float(ev.get("offset", "")) + float(ev.get("slope", "")) * (x - low)
                else:
                    value = float(ev.get("parameter0", "")) + float(ev.get("parameter1", "")) * x
                table[x] = min(1.0, max(0.0, value))
            evaluation[name] = table
    names = [name for name, _ in issues]

    def utility(bid: Sequence[object]) -> float:
        raw = sum(weight[n] * evaluation[n][v] for n, v in zip(names, bid, strict=True))
        return 1.0 if raw > 1 else raw

    reservation = root.find("reservation")
    return utility, float(reservation.get("value", "0")) if reservation is not None else 0.0


def pareto(matrix: np.ndarray) -> list[int]:
    """Brute force: every outcome no other outcome dominates (O(n²) comparisons)."""
    result = []
    for k in range(matrix.shape[1]):
        column = matrix[:, k : k + 1]
        dominated = np.all(matrix >= column, axis=0) & np.any(matrix > column, axis=0)
        if not dominated.any():
            result.append(k)
    return result


def nash_value(
    matrix: np.ndarray, reservations: Sequence[float], frontier: list[int]
) -> float | None:
    """The largest product of gains over Pareto outcomes in the ZOPA (None if empty)."""
    best: float | None = None
    for k in frontier:
        gains = [float(matrix[i, k]) - r for i, r in enumerate(reservations)]
        if min(gains) < 0:
            continue
        product = 1.0
        for gain in gains:
            product *= gain
        best = product if best is None else max(best, product)
    return best
