"""Elicit linear-additive preferences the Inspire way, and check them against package ratings.

In Kersten's Inspire (and Negoisst) a negotiator splits 100 points over the issues, rates every
option of every issue, then rates a few whole packages; the system builds a linear-additive
utility from the first two steps and checks it against the third. :func:`elicit` does the same:

* **Weights.** ``weight_i = points_i / 100``, rounded to the nearest float. When those floats
  do not add up to exactly 1.0 in issue order (the order the utility sums them; e.g. 6/57/37),
  the weight of the last issue with points becomes ``1.0 - (float sum of the earlier weights)``,
  a change of a few 1e-16, so that the best package is worth exactly 1.0 and no utility
  exceeds 1.0.
* **Option values.** A higher rating is better. Each issue's ratings are rescaled exactly
  (rational arithmetic, then rounded once to a float): ``(r - worst) / (best - worst)``, so the
  best option is worth 1.0 and the worst 0.0. A float rating is read as the decimal it prints
  as (``0.1`` is 1/10). When every option of an issue has the same rating (always so for an
  issue with one option) the issue carries no information: every option is worth 1.0, so the
  best package still has utility 1.0 and the issue's weight is added to every package alike,
  changing no comparison; the report warns about it.
* **Checks**, in exact rational arithmetic (``points / 100`` and the exact option values), so
  ties are real ties and not float accidents; the utilities shown are the floats of the
  elicited :class:`LinearAdditivePreferences`. Ordinal violations (rated higher, worth less),
  dominance violations (rated lower although at least as good on every issue by the user's own
  option ratings and better on one), Kendall's tau-b between ratings and utilities, and
  packages whose utility differs from their rating rescaled to [0, 1] by more than a tolerance.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from itertools import combinations
from typing import Literal

from burdenshare.negotiation.issues import Issue, Outcome, OutcomeSpace, Value
from burdenshare.negotiation.preferences import (
    LinearAdditivePreferences,
    PreferenceError,
    TableValue,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "TOTAL_POINTS",
    "Deviation",
    "DominanceViolation",
    "Elicitation",
    "Finding",
    "FindingKind",
    "OrdinalViolation",
    "Points",
    "RatedPackage",
    "Rating",
    "elicit",
    "kendall_tau_b",
]

TOTAL_POINTS = 100
"""The points split over the issues must add up to exactly this."""

DEFAULT_TOLERANCE = 0.15
"""How far a package's utility may be from its rescaled rating before the report flags it."""

Points = int | Decimal
"""Points for one issue: a non-negative int or finite Decimal (never a float, so sums are exact)."""

Rating = int | float | Decimal | Fraction
"""A rating of an option or a package: any finite number, higher is better."""

FindingKind = Literal[
    "flat-issue",
    "zero-points",
    "ordinal-violation",
    "dominance-violation",
    "deviation",
    "rank-correlation",
    "unscaled",
]


@dataclass(frozen=True)
class RatedPackage:
    """A package the user rated, with what the elicited model makes of it.

    ``index`` is its position in ``package_ratings``; ``scaled_rating`` is the rating rescaled
    to [0, 1] (``None`` when the ratings cannot be rescaled); ``utility`` is the float utility
    of the elicited preferences.
    """

    index: int
    outcome: Outcome
    rating: float
    scaled_rating: float | None
    utility: float


@dataclass(frozen=True)
class OrdinalViolation:
    """The user rates ``preferred`` above ``other``, but the model values ``other`` more."""

    preferred: RatedPackage
    other: RatedPackage


@dataclass(frozen=True)
class DominanceViolation:
    """The user rates ``dominant`` below ``preferred``, though by the user's own option ratings
    ``dominant`` is at least as good on every issue and strictly better on ``better_on``."""

    dominant: RatedPackage
    preferred: RatedPackage
    better_on: tuple[str, ...]


@dataclass(frozen=True)
class Deviation:
    """A package whose utility is more than the tolerance away from its rescaled rating.

    ``difference`` is ``utility - scaled rating`` (computed exactly, then rounded).
    """

    package: RatedPackage
    difference: float


@dataclass(frozen=True)
class Finding:
    """One line of the report: what kind, a sentence, and the issue or packages concerned."""

    kind: FindingKind
    message: str
    issue: str | None = None
    packages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Elicitation:
    """The elicited preferences, the rated packages and every inconsistency found.

    ``report`` lists issue warnings first (in issue order), then ordinal violations, dominance
    violations, deviations and, when below 1, the rank correlation; it is empty when there is
    nothing to look at. ``kendall_tau`` is ``None`` when fewer than two packages are rated or
    either side ties every pair.
    """

    preferences: LinearAdditivePreferences
    packages: tuple[RatedPackage, ...]
    ordinal_violations: tuple[OrdinalViolation, ...]
    dominance_violations: tuple[DominanceViolation, ...]
    deviations: tuple[Deviation, ...]
    kendall_tau: float | None
    report: tuple[Finding, ...]


@dataclass(frozen=True)
class _Checked:
    """A rated package with its exact rating, exact utility and exact rescaled rating."""

    package: RatedPackage
    rating: Fraction
    utility: Fraction
    scaled: Fraction | None


def _error(source: str, field: str, problem: str) -> PreferenceError:
    return PreferenceError(source, field, problem)


def _exact(number: object, source: str, field: str) -> Fraction:
    """A finite number as an exact fraction; a float as the decimal it prints as."""
    if isinstance(number, bool) or not isinstance(number, numbers.Real | Decimal):
        raise _error(source, field, f"{number!r} is not a number")
    if isinstance(number, Decimal):
        if not number.is_finite():
            raise _error(source, field, f"{number} is not finite")
        return Fraction(number)
    if isinstance(number, numbers.Rational):
        return Fraction(int(number.numerator), int(number.denominator))
    value = float(number)
    if not math.isfinite(value):
        raise _error(source, field, f"{number!r} is not finite")
    return Fraction(repr(value))


def _show(number: Fraction) -> str:
    return str(number.numerator) if number.denominator == 1 else repr(float(number))


def _points(
    space: OutcomeSpace, issue_points: Mapping[str, Points], source: str
) -> dict[str, Fraction]:
    """The points of every issue, in issue order, checked."""
    for name in issue_points:
        if name not in space.names:
            field = f"issue_points[{name!r}]"
            raise _error(source, field, f"no such issue in the outcome space {space.names}")
    points: dict[str, Fraction] = {}
    for name in space.names:
        field = f"issue_points[{name!r}]"
        if name not in issue_points:
            raise _error(source, field, "missing; every issue needs points (0 is allowed)")
        value = issue_points[name]
        if isinstance(value, bool) or not isinstance(value, numbers.Integral | Decimal):
            problem = f"{value!r} is not an int or a Decimal (points must add up exactly)"
            raise _error(source, field, problem)
        exact = _exact(value, source, field)
        if exact < 0:
            raise _error(source, field, f"{value} is negative")
        points[name] = exact
    total = sum(points.values(), Fraction(0))
    if total != TOTAL_POINTS:
        raise _error(source, "issue_points", f"sum to {_show(total)}, not {TOTAL_POINTS}")
    return points


def _weights(points: Mapping[str, Fraction]) -> dict[str, float]:
    """``points / 100`` as floats that add up to exactly 1.0 in issue order (see the module)."""
    weights = {name: float(value / TOTAL_POINTS) for name, value in points.items()}
    total = 0.0
    for weight in weights.values():
        total = total + weight
    if total == 1.0:
        return weights
    last = [name for name, value in points.items() if value > 0][-1]
    before = 0.0
    for name, weight in weights.items():
        if name == last:
            break
        before = before + weight
    weights[last] = 1.0 - before
    return weights


def _issue_ratings(
    issue: Issue, ratings: Mapping[Value, Rating], source: str
) -> dict[Value, Fraction]:
    """The exact rating of every option of ``issue``, in the issue's order, checked."""
    prefix = f"option_ratings[{issue.name!r}]"
    for option in ratings:
        if option not in issue:
            problem = f"no such option of issue {issue.name!r}; its options are {issue.values}"
            raise _error(source, f"{prefix}[{option!r}]", problem)
    exact: dict[Value, Fraction] = {}
    for option in issue.values:
        field = f"{prefix}[{option!r}]"
        if option not in ratings:
            raise _error(source, field, "missing; every option of every issue needs a rating")
        exact[option] = _exact(ratings[option], source, field)
    return exact


def _option_ratings(
    space: OutcomeSpace, option_ratings: Mapping[str, Mapping[Value, Rating]], source: str
) -> dict[str, dict[Value, Fraction]]:
    """The exact rating of every option of every issue, checked."""
    for name in option_ratings:
        if name not in space.names:
            field = f"option_ratings[{name!r}]"
            raise _error(source, field, f"no such issue in the outcome space {space.names}")
    result: dict[str, dict[Value, Fraction]] = {}
    for issue in space.issues:
        if issue.name not in option_ratings:
            problem = "missing; every issue needs a rating for each of its options"
            raise _error(source, f"option_ratings[{issue.name!r}]", problem)
        result[issue.name] = _issue_ratings(issue, option_ratings[issue.name], source)
    return result


def _normalized(ratings: Mapping[Value, Fraction]) -> dict[Value, Fraction]:
    """Best option 1, worst 0, linear in between; all 1 when every rating is the same."""
    best, worst = max(ratings.values()), min(ratings.values())
    if best == worst:
        return {option: Fraction(1) for option in ratings}
    return {option: (rating - worst) / (best - worst) for option, rating in ratings.items()}


def _package(
    space: OutcomeSpace, index: int, entry: object, source: str
) -> tuple[Outcome, Fraction]:
    """One ``(package, rating)`` entry as an outcome of ``space`` and an exact rating."""
    field = f"package_ratings[{index}]"
    if not isinstance(entry, Sequence) or isinstance(entry, str) or len(entry) != 2:
        raise _error(source, field, "is not a (package, rating) pair")
    values, rating = entry
    if not isinstance(values, Mapping):
        raise _error(source, field, "the package is not a mapping from issue to option")
    for name in values:
        if name not in space.names:
            problem = f"issue {name!r} is not in the outcome space {space.names}"
            raise _error(source, field, problem)
    for issue in space.issues:
        if issue.name not in values:
            problem = f"issue {issue.name!r} has no option; a package must name a full outcome"
            raise _error(source, field, problem)
        if values[issue.name] not in issue:
            problem = f"{values[issue.name]!r} is not an option of issue {issue.name!r}"
            raise _error(source, field, problem)
    outcome = tuple(issue.values[issue.position(values[issue.name])] for issue in space.issues)
    return outcome, _exact(rating, source, f"{field} rating")


def _packages(
    space: OutcomeSpace, package_ratings: Sequence[object], source: str
) -> list[tuple[Outcome, Fraction]]:
    """Every rated package, checked; the same package may not be rated twice."""
    packages: list[tuple[Outcome, Fraction]] = []
    seen: dict[Outcome, int] = {}
    for index, entry in enumerate(package_ratings):
        outcome, rating = _package(space, index, entry, source)
        if outcome in seen:
            problem = f"rates the same package as package_ratings[{seen[outcome]}]"
            raise _error(source, f"package_ratings[{index}]", problem)
        seen[outcome] = index
        packages.append((outcome, rating))
    return packages


def _scaled(
    ratings: Sequence[Fraction], rating_scale: tuple[Rating, Rating] | None, source: str
) -> list[Fraction] | None:
    """The ratings rescaled to [0, 1]: by ``rating_scale``, or lowest 0 and highest 1."""
    if rating_scale is None:
        if not ratings or min(ratings) == max(ratings):
            return None
        low, high = min(ratings), max(ratings)
    else:
        low = _exact(rating_scale[0], source, "rating_scale")
        high = _exact(rating_scale[1], source, "rating_scale")
        if not low < high:
            raise _error(source, "rating_scale", f"needs low < high, got {rating_scale!r}")
        for index, rating in enumerate(ratings):
            if not low <= rating <= high:
                problem = f"{_show(rating)} is outside the rating scale {rating_scale!r}"
                raise _error(source, f"package_ratings[{index}] rating", problem)
    return [(rating - low) / (high - low) for rating in ratings]


def kendall_tau_b(xs: Sequence[Fraction | float], ys: Sequence[Fraction | float]) -> float | None:
    """Kendall's tau-b of two paired sequences; ``None`` if undefined.

    ``(concordant - discordant) / sqrt((n0 - ties_x) * (n0 - ties_y))`` over the ``n0`` pairs,
    where a pair tied in ``x`` or in ``y`` is neither concordant nor discordant. Comparisons are
    exact; ``None`` when there are fewer than two items or either side ties every pair.
    """
    if len(xs) != len(ys):
        raise ValueError(f"{len(xs)} values paired with {len(ys)}")
    pairs = len(xs) * (len(xs) - 1) // 2
    concordant = discordant = ties_x = ties_y = 0
    for i, j in combinations(range(len(xs)), 2):
        dx = (xs[i] > xs[j]) - (xs[i] < xs[j])
        dy = (ys[i] > ys[j]) - (ys[i] < ys[j])
        ties_x += dx == 0
        ties_y += dy == 0
        concordant += dx * dy > 0
        discordant += dx * dy < 0
    denominator = (pairs - ties_x) * (pairs - ties_y)
    if denominator == 0:
        return None
    return (concordant - discordant) / math.sqrt(denominator)


def _describe(space: OutcomeSpace, package: RatedPackage) -> str:
    values = ", ".join(
        f"{name}={value!r}" for name, value in zip(space.names, package.outcome, strict=True)
    )
    return f"package {package.index} ({values})"


def _ordinal_violations(checked: Sequence[_Checked]) -> tuple[OrdinalViolation, ...]:
    """Pairs rated one way and valued the other, in package order."""
    found = []
    for first, second in combinations(checked, 2):
        high, low = (first, second) if first.rating >= second.rating else (second, first)
        if high.rating > low.rating and high.utility < low.utility:
            found.append(OrdinalViolation(preferred=high.package, other=low.package))
    return tuple(found)


def _better_on(
    names: Sequence[str], ratings: Mapping[str, Mapping[Value, Fraction]], a: Outcome, b: Outcome
) -> tuple[str, ...] | None:
    """The issues where ``a`` is rated above ``b``, if ``a`` dominates ``b``; else ``None``."""
    better = []
    for name, x, y in zip(names, a, b, strict=True):
        if ratings[name][x] < ratings[name][y]:
            return None
        if ratings[name][x] > ratings[name][y]:
            better.append(name)
    return tuple(better) or None


def _dominance_violations(
    space: OutcomeSpace,
    ratings: Mapping[str, Mapping[Value, Fraction]],
    checked: Sequence[_Checked],
) -> tuple[DominanceViolation, ...]:
    """Packages rated below a package they dominate by the option ratings, in package order."""
    found = []
    for first, second in combinations(checked, 2):
        for low, high in ((first, second), (second, first)):
            if low.rating >= high.rating:
                continue
            better = _better_on(space.names, ratings, low.package.outcome, high.package.outcome)
            if better is not None:
                found.append(DominanceViolation(low.package, high.package, better))
    return tuple(found)


def _deviations(checked: Sequence[_Checked], tolerance: Fraction) -> tuple[Deviation, ...]:
    """Packages whose exact utility is more than ``tolerance`` from the rescaled rating."""
    found = []
    for item in checked:
        if item.scaled is not None and abs(item.utility - item.scaled) > tolerance:
            found.append(Deviation(item.package, float(item.utility - item.scaled)))
    return tuple(found)


def _issue_findings(
    space: OutcomeSpace,
    points: Mapping[str, Fraction],
    ratings: Mapping[str, Mapping[Value, Fraction]],
) -> list[Finding]:
    findings = []
    for issue in space.issues:
        name, weight = issue.name, float(points[issue.name] / TOTAL_POINTS)
        if points[name] == 0:
            message = f"issue {name!r} has 0 points: its options do not change any utility"
            findings.append(Finding("zero-points", message, issue=name))
        if len(set(ratings[name].values())) == 1:
            message = (
                f"every option of issue {name!r} has the same rating, so the issue carries no "
                f"information: each option is worth 1.0 and its weight {weight!r} is added to "
                "every package alike"
            )
            findings.append(Finding("flat-issue", message, issue=name))
    return findings


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _ids(*packages: RatedPackage) -> tuple[int, ...]:
    return tuple(package.index for package in packages)


def _ordinal_finding(space: OutcomeSpace, o: OrdinalViolation) -> Finding:
    message = (
        f"you rate {_describe(space, o.preferred)} at {_number(o.preferred.rating)}, above "
        f"{_describe(space, o.other)} at {_number(o.other.rating)}, but the model values it "
        f"less: {o.preferred.utility:.4f} < {o.other.utility:.4f}"
    )
    return Finding("ordinal-violation", message, packages=_ids(o.preferred, o.other))


def _dominance_finding(space: OutcomeSpace, d: DominanceViolation) -> Finding:
    message = (
        f"you rate {_describe(space, d.dominant)} at {_number(d.dominant.rating)}, below "
        f"{_describe(space, d.preferred)} at {_number(d.preferred.rating)}, but by your option "
        f"ratings it is as good on every issue and better on {', '.join(d.better_on)}"
    )
    return Finding("dominance-violation", message, packages=_ids(d.dominant, d.preferred))


def _deviation_finding(space: OutcomeSpace, v: Deviation) -> Finding:
    message = (
        f"{_describe(space, v.package)}: the model's utility {v.package.utility:.4f} is "
        f"{abs(v.difference):.4f} {'above' if v.difference > 0 else 'below'} your rating "
        f"rescaled to [0, 1] ({v.package.scaled_rating:.4f})"
    )
    return Finding("deviation", message, packages=_ids(v.package))


def _check_findings(space: OutcomeSpace, result: Elicitation, unscaled: bool) -> list[Finding]:
    """The report lines of the package checks, in the order of :class:`Elicitation`."""
    findings = [_ordinal_finding(space, o) for o in result.ordinal_violations]
    findings += [_dominance_finding(space, d) for d in result.dominance_violations]
    findings += [_deviation_finding(space, v) for v in result.deviations]
    if result.kendall_tau is not None and result.kendall_tau < 1.0:
        message = (
            "Kendall's tau between your package ratings and the model's utilities is "
            f"{result.kendall_tau:.4f} (1 means the same order)"
        )
        findings.append(Finding("rank-correlation", message))
    if unscaled:
        message = (
            "fewer than two different package ratings: they cannot be rescaled to [0, 1] "
            "and are not compared with utilities (pass rating_scale to compare them)"
        )
        findings.append(Finding("unscaled", message))
    return findings


def _preferences(
    points: Mapping[str, Fraction],
    values: Mapping[str, Mapping[Value, Fraction]],
    reservation: float,
    source: str,
) -> LinearAdditivePreferences:
    """The float preferences: weights from the points, a table of option values per issue."""
    return LinearAdditivePreferences(
        weights=_weights(points),
        value_functions={
            name: TableValue.of({option: float(value) for option, value in table.items()})
            for name, table in values.items()
        },
        reservation_value=reservation,
        source=source,
    )


def _checked(
    preferences: LinearAdditivePreferences,
    space: OutcomeSpace,
    points: Mapping[str, Fraction],
    values: Mapping[str, Mapping[Value, Fraction]],
    packages: Sequence[tuple[Outcome, Fraction]],
    scaled: Sequence[Fraction] | None,
) -> list[_Checked]:
    """Each rated package with its exact and float utility and its rescaled rating."""
    checked = []
    for index, (outcome, rating) in enumerate(packages):
        exact = sum(
            (
                points[name] / TOTAL_POINTS * values[name][value]
                for name, value in zip(space.names, outcome, strict=True)
            ),
            Fraction(0),
        )
        scale = None if scaled is None else scaled[index]
        package = RatedPackage(
            index=index,
            outcome=outcome,
            rating=float(rating),
            scaled_rating=None if scale is None else float(scale),
            utility=preferences.utility(space, outcome),
        )
        checked.append(_Checked(package, rating, exact, scale))
    return checked


def elicit(
    space: OutcomeSpace,
    issue_points: Mapping[str, Points],
    option_ratings: Mapping[str, Mapping[Value, Rating]],
    package_ratings: Sequence[tuple[Mapping[str, Value], Rating]] = (),
    reservation: float = 0.0,
    *,
    tolerance: float | Decimal = DEFAULT_TOLERANCE,
    rating_scale: tuple[Rating, Rating] | None = None,
    source: str = "elicitation",
) -> Elicitation:
    """Build linear-additive preferences from points and option ratings; check the packages.

    ``issue_points`` gives every issue of ``space`` a non-negative int or Decimal, adding up to
    exactly 100; ``option_ratings`` rates every option of every issue (higher is better);
    ``package_ratings`` rates whole packages (``{issue: option}`` naming every issue).
    Package ratings are rescaled to [0, 1] by ``rating_scale`` ``(low, high)`` or, by default,
    lowest rating 0 and highest 1; ``tolerance`` (read as the decimal it prints as) is how far
    a utility may be from that before it is reported. ``source`` names the preferences and
    starts every :class:`PreferenceError` message. See the module docstring for the rules.
    """
    points = _points(space, issue_points, source)
    ratings = _option_ratings(space, option_ratings, source)
    exact_tolerance = _exact(tolerance, source, "tolerance")
    if exact_tolerance < 0:
        raise _error(source, "tolerance", f"{tolerance!r} is negative")
    packages = _packages(space, package_ratings, source)
    scaled = _scaled([rating for _, rating in packages], rating_scale, source)
    values = {name: _normalized(issue_ratings) for name, issue_ratings in ratings.items()}
    preferences = _preferences(points, values, reservation, source)
    checked = _checked(preferences, space, points, values, packages, scaled)
    result = Elicitation(
        preferences=preferences,
        packages=tuple(item.package for item in checked),
        ordinal_violations=_ordinal_violations(checked),
        dominance_violations=_dominance_violations(space, ratings, checked),
        deviations=_deviations(checked, exact_tolerance),
        kendall_tau=kendall_tau_b(
            [item.rating for item in checked], [item.utility for item in checked]
        ),
        report=(),
    )
    findings = _issue_findings(space, points, ratings)
    findings += _check_findings(space, result, unscaled=bool(packages) and scaled is None)
    return replace(result, report=tuple(findings))
