"""Inspire-style elicitation: points, option ratings and package checks, computed by hand."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.errors import InputError
from burdenshare.negotiation import Issue, OutcomeSpace, PreferenceError, TableValue, Value
from burdenshare.negotiation.elicitation import (
    Deviation,
    DominanceViolation,
    Finding,
    OrdinalViolation,
    RatedPackage,
    Rating,
    elicit,
    kendall_tau_b,
)

SPACE = OutcomeSpace(
    (
        Issue("amount", ("low", "mid", "high")),
        Issue.integers("years", 1, 3),
        Issue("bases", ("keep", "close")),
    )
)
POINTS = {"amount": 50, "years": 30, "bases": 20}
# Normalized: amount low (100-20)/80 = 1, mid (70-20)/80 = 5/8 = 0.625, high 0;
# years 1 -> 0, 2 -> 60/80 = 0.75, 3 -> 1; bases keep 0, close 1.
RATINGS: dict[str, Mapping[Any, Any]] = {
    "amount": {"low": 100, "mid": 70, "high": 20},
    "years": {1: 0, 2: 60, 3: 80},
    "bases": {"keep": 10, "close": 35},
}

# Packages and their exact utilities 0.5·amount + 0.3·years + 0.2·bases:
A: dict[str, Value] = {"amount": "low", "years": 3, "bases": "close"}  # 0.5 + 0.3 + 0.2 = 1
B: dict[str, Value] = {"amount": "high", "years": 1, "bases": "keep"}  # 0
C: dict[str, Value] = {"amount": "mid", "years": 2, "bases": "keep"}  # 0.3125 + 0.225 = 0.5375
D: dict[str, Value] = {"amount": "low", "years": 1, "bases": "keep"}  # 0.5
F: dict[str, Value] = {"amount": "mid", "years": 3, "bases": "keep"}  # 0.3125 + 0.3 = 0.6125
G: dict[str, Value] = {"amount": "low", "years": 2, "bases": "keep"}  # 0.5 + 0.225 = 0.725


def test_hand_example_weights_tables_and_utility() -> None:
    result = elicit(SPACE, POINTS, RATINGS)
    prefs = result.preferences
    assert dict(prefs.weights) == {"amount": 0.5, "years": 0.3, "bases": 0.2}
    assert [table.tolist() for table in prefs.tables(SPACE)] == [
        [1.0, 0.625, 0.0],
        [0.0, 0.75, 1.0],
        [0.0, 1.0],
    ]
    assert prefs.value_functions["amount"] == TableValue.of({"low": 1.0, "mid": 0.625, "high": 0.0})
    # 0.0 + 0.5·0.625 = 0.3125; 0.3·0.75 = 0.22499999999999998 in floats; 0.3125 + that = 0.5375.
    outcome = SPACE.from_dict(C)
    assert prefs.utility(SPACE, outcome) == 0.5375
    assert prefs.utility(SPACE, outcome) == 0.0 + 0.5 * 0.625 + 0.3 * 0.75 + 0.2 * 0.0
    assert prefs.utilities(SPACE)[SPACE.index_of(outcome)] == 0.5375
    assert prefs.utility(SPACE, SPACE.from_dict(A)) == 1.0
    assert prefs.reservation_value == 0.0
    assert prefs.source == "elicitation"
    assert result.packages == ()
    assert result.kendall_tau is None
    assert result.report == ()


def test_consistent_package_ratings() -> None:
    # Ratings A 100 > F 60 > C 55 > D 40 > B 0 follow the utilities 1 > .6125 > .5375 > .5 > 0.
    # Rescaled (lowest 0, highest 1): 1, .6, .55, .4, 0; largest gap .1 (D), within 0.15.
    packages = [(A, 100), (F, 60), (C, 55), (D, 40), (B, 0)]
    result = elicit(SPACE, POINTS, RATINGS, packages, reservation=0.4)
    assert result.ordinal_violations == ()
    assert result.dominance_violations == ()
    assert result.deviations == ()
    assert result.kendall_tau == 1.0
    assert result.report == ()
    assert [p.utility for p in result.packages] == [1.0, 0.6125, 0.5375, 0.5, 0.0]
    assert [p.scaled_rating for p in result.packages] == [1.0, 0.6, 0.55, 0.4, 0.0]
    assert result.preferences.reservation_value == 0.4


def test_inconsistent_package_ratings() -> None:
    # User order (ratings): A 100 > D 80 > F 50 > C 30 > B 0.
    # Model order:          A 1 > F .6125 > C .5375 > D .5 > B 0.
    # Of the 10 pairs only D–C and D–F are discordant (D rated above, valued below): tau =
    # (8 - 2) / sqrt(10 · 10) = 0.6.
    # Rescaled ratings 1, 0, .3, .8, .5; utility − rating: 0, 0, +.2375 (C), −.3 (D), +.1125 (F).
    packages = [(A, 100), (B, 0), (C, 30), (D, 80), (F, 50)]
    result = elicit(SPACE, POINTS, RATINGS, packages)
    a, b, c, d, f = result.packages
    assert a == RatedPackage(0, ("low", 3, "close"), 100.0, 1.0, 1.0)
    assert b == RatedPackage(1, ("high", 1, "keep"), 0.0, 0.0, 0.0)
    assert c == RatedPackage(2, ("mid", 2, "keep"), 30.0, 0.3, 0.5375)
    assert d == RatedPackage(3, ("low", 1, "keep"), 80.0, 0.8, 0.5)
    assert result.ordinal_violations == (OrdinalViolation(d, c), OrdinalViolation(d, f))
    assert result.kendall_tau == 0.6
    assert result.deviations == (Deviation(c, 0.2375), Deviation(d, -0.3))
    assert result.dominance_violations == ()
    assert [(x.kind, x.packages) for x in result.report] == [
        ("ordinal-violation", (3, 2)),
        ("ordinal-violation", (3, 4)),
        ("deviation", (2,)),
        ("deviation", (3,)),
        ("rank-correlation", ()),
    ]
    assert result.report[0].message == (
        "you rate package 3 (amount='low', years=1, bases='keep') at 80, above package 2 "
        "(amount='mid', years=2, bases='keep') at 30, but the model values it less: "
        "0.5000 < 0.5375"
    )
    assert result.report[3].message == (
        "package 3 (amount='low', years=1, bases='keep'): the model's utility 0.5000 is 0.3000 "
        "below your rating rescaled to [0, 1] (0.8000)"
    )
    assert result.report[4].message == (
        "Kendall's tau between your package ratings and the model's utilities is 0.6000 "
        "(1 means the same order)"
    )


def test_dominance_violation() -> None:
    # G (low, 2, keep) is D (low, 1, keep) with years 2 (rated 60) instead of 1 (rated 0), yet
    # the user rates G 40 < D 60. The model (G .725 > D .5) also disagrees: tau = -1.
    result = elicit(SPACE, POINTS, RATINGS, [(G, 40), (D, 60)], rating_scale=(0, 100))
    g, d = result.packages
    assert result.dominance_violations == (DominanceViolation(g, d, ("years",)),)
    assert result.ordinal_violations == (OrdinalViolation(d, g),)
    assert result.kendall_tau == -1.0
    # Rescaled .4 and .6 against .725 and .5: G is off by 0.325, D by 0.1.
    assert result.deviations == (Deviation(g, 0.325),)
    dominance = [x for x in result.report if x.kind == "dominance-violation"]
    assert dominance == [
        Finding(
            "dominance-violation",
            "you rate package 0 (amount='low', years=2, bases='keep') at 40, below package 1 "
            "(amount='low', years=1, bases='keep') at 60, but by your option ratings it is as "
            "good on every issue and better on years",
            packages=(0, 1),
        )
    ]


def test_dominance_counts_issues_without_points() -> None:
    # bases gets no points, so the model ties D and (low, 1, close); the user's own option
    # ratings still say close beats keep.
    points = {"amount": 70, "years": 30, "bases": 0}
    close: dict[str, Value] = {"amount": "low", "years": 1, "bases": "close"}
    result = elicit(SPACE, points, RATINGS, [(close, 10), (D, 20)])
    assert [v.better_on for v in result.dominance_violations] == [("bases",)]
    assert result.ordinal_violations == ()
    assert result.kendall_tau is None  # the model ties the only pair
    assert result.report[0] == Finding(
        "zero-points",
        "issue 'bases' has 0 points: its options do not change any utility",
        issue="bases",
    )


@pytest.mark.parametrize(
    ("points", "ratings", "packages", "message"),
    [
        (
            {"amount": 50, "years": 30, "bases": 19},
            RATINGS,
            (),
            "elicitation: issue_points: sum to 99, not 100",
        ),
        (
            POINTS,
            {**RATINGS, "years": {1: 0, 3: 80}},
            (),
            "elicitation: option_ratings['years'][2]: missing; every option of every issue "
            "needs a rating",
        ),
        (
            {**POINTS, "colour": 0},
            RATINGS,
            (),
            "elicitation: issue_points['colour']: no such issue in the outcome space "
            "('amount', 'years', 'bases')",
        ),
        (
            POINTS,
            {**RATINGS, "colour": {"red": 1}},
            (),
            "elicitation: option_ratings['colour']: no such issue in the outcome space "
            "('amount', 'years', 'bases')",
        ),
        (
            POINTS,
            RATINGS,
            [(A, 100), ({"amount": "low", "years": 2}, 50)],
            "elicitation: package_ratings[1]: issue 'bases' has no option; a package must "
            "name a full outcome",
        ),
    ],
)
def test_required_validation_errors(
    points: Mapping[str, Any], ratings: Mapping[str, Any], packages: Any, message: str
) -> None:
    with pytest.raises(PreferenceError) as caught:
        elicit(SPACE, points, ratings, packages)
    assert str(caught.value) == message
    assert isinstance(caught.value, InputError)


@pytest.mark.parametrize(
    ("points", "ratings", "packages", "message"),
    [
        (
            {"amount": 50, "years": 30},
            RATINGS,
            (),
            "issue_points['bases']: missing; every issue needs points (0 is allowed)",
        ),
        (
            {"amount": 50.0, "years": 30, "bases": 20},
            RATINGS,
            (),
            "issue_points['amount']: 50.0 is not an int or a Decimal (points must add up exactly)",
        ),
        (
            {"amount": 60, "years": 60, "bases": -20},
            RATINGS,
            (),
            "issue_points['bases']: -20 is negative",
        ),
        (
            {"amount": True, "years": 79, "bases": 20},
            RATINGS,
            (),
            "issue_points['amount']: True is not an int or a Decimal (points must add up exactly)",
        ),
        (
            {"amount": Decimal("50.5"), "years": 30, "bases": 20},
            RATINGS,
            (),
            "issue_points: sum to 100.5, not 100",
        ),
        (
            POINTS,
            {"amount": RATINGS["amount"], "years": RATINGS["years"]},
            (),
            "option_ratings['bases']: missing; every issue needs a rating for each of its options",
        ),
        (
            POINTS,
            {**RATINGS, "bases": {"keep": 1, "close": 2, "move": 3}},
            (),
            "option_ratings['bases']['move']: no such option of issue 'bases'; its options are "
            "('keep', 'close')",
        ),
        (
            POINTS,
            {**RATINGS, "bases": {"keep": 1, "close": math.nan}},
            (),
            "option_ratings['bases']['close']: nan is not finite",
        ),
        (
            POINTS,
            {**RATINGS, "bases": {"keep": 1, "close": "2"}},
            (),
            "option_ratings['bases']['close']: '2' is not a number",
        ),
        (
            POINTS,
            RATINGS,
            [({**A, "colour": "red"}, 1)],
            "package_ratings[0]: issue 'colour' is not in the outcome space "
            "('amount', 'years', 'bases')",
        ),
        (
            POINTS,
            RATINGS,
            [({**A, "years": 4}, 1)],
            "package_ratings[0]: 4 is not an option of issue 'years'",
        ),
        (
            POINTS,
            RATINGS,
            [(A, 1), (B, 2), ({**A, "years": 3.0}, 3)],
            "package_ratings[2]: rates the same package as package_ratings[0]",
        ),
        (POINTS, RATINGS, [A], "package_ratings[0]: is not a (package, rating) pair"),
        (
            POINTS,
            RATINGS,
            [(("low", 3, "close"), 1)],
            "package_ratings[0]: the package is not a mapping from issue to option",
        ),
        (
            POINTS,
            {**RATINGS, "bases": {"keep": 1, "close": Decimal("NaN")}},
            (),
            "option_ratings['bases']['close']: NaN is not finite",
        ),
        (
            {"amount": Decimal("Infinity"), "years": 30, "bases": 20},
            RATINGS,
            (),
            "issue_points['amount']: Infinity is not finite",
        ),
        (POINTS, RATINGS, [(A, None)], "package_ratings[0] rating: None is not a number"),
    ],
)
def test_other_validation_errors(
    points: Mapping[str, Any], ratings: Mapping[str, Any], packages: Any, message: str
) -> None:
    with pytest.raises(PreferenceError) as caught:
        elicit(SPACE, points, ratings, packages)
    assert str(caught.value) == f"elicitation: {message}"


def test_rating_scale_and_tolerance_errors() -> None:
    with pytest.raises(PreferenceError, match=r"rating_scale: needs low < high, got \(5, 5\)"):
        elicit(SPACE, POINTS, RATINGS, [(A, 5)], rating_scale=(5, 5))
    with pytest.raises(
        PreferenceError,
        match=r"package_ratings\[1\] rating: 120 is outside the rating scale \(0, 100\)",
    ):
        elicit(SPACE, POINTS, RATINGS, [(A, 5), (B, 120)], rating_scale=(0, 100))
    with pytest.raises(PreferenceError, match=r"tolerance: -0\.1 is negative"):
        elicit(SPACE, POINTS, RATINGS, tolerance=-0.1)
    with pytest.raises(PreferenceError, match="elicitation: reservation value: must be finite"):
        elicit(SPACE, POINTS, RATINGS, reservation=math.inf)


def test_source_names_the_errors_and_the_preferences() -> None:
    with pytest.raises(PreferenceError, match=r"^host: issue_points: sum to 101, not 100$"):
        elicit(SPACE, {**POINTS, "bases": 21}, RATINGS, source="host")
    assert elicit(SPACE, POINTS, RATINGS, source="host").preferences.source == "host"


def test_flat_issue_is_worth_one_everywhere_and_reported() -> None:
    ratings = {**RATINGS, "bases": {"keep": 50, "close": 50}}
    result = elicit(SPACE, POINTS, ratings)
    assert result.preferences.tables(SPACE)[2].tolist() == [1.0, 1.0]
    # C = 0.3125 + 0.225 + 0.2 (bases is worth 1 either way); A is still the best, at 1.0.
    assert result.preferences.utility(SPACE, SPACE.from_dict(C)) == 0.7375
    assert result.preferences.utility(SPACE, SPACE.from_dict(A)) == 1.0
    assert result.report == (
        Finding(
            "flat-issue",
            "every option of issue 'bases' has the same rating, so the issue carries no "
            "information: each option is worth 1.0 and its weight 0.2 is added to every "
            "package alike",
            issue="bases",
        ),
    )


def test_single_option_issue_is_flat() -> None:
    space = OutcomeSpace((Issue("only", ("x",)), Issue("other", ("a", "b"))))
    result = elicit(space, {"only": 10, "other": 90}, {"only": {"x": 3}, "other": {"a": 0, "b": 1}})
    assert [x.kind for x in result.report] == ["flat-issue"]
    assert result.preferences.utilities(space).tolist() == [0.1, 1.0]


def test_weights_that_miss_one_in_floats_are_fixed_on_the_last_issue() -> None:
    # 0.06 + 0.57 + 0.37 is 0.9999999999999999 in floats; the last weight absorbs the ulp.
    space = OutcomeSpace(tuple(Issue(name, ("bad", "good")) for name in ("p", "q", "r")))
    ratings: dict[str, Mapping[Value, Rating]] = {
        name: {"bad": 0, "good": 1} for name in ("p", "q", "r")
    }
    assert 0.0 + 0.06 + 0.57 + 0.37 == 0.9999999999999999
    weights = elicit(space, {"p": 6, "q": 57, "r": 37}, ratings).preferences.weights
    assert (weights["p"], weights["q"]) == (0.06, 0.57)
    assert weights["r"] == 1.0 - (0.06 + 0.57) == 0.3700000000000001  # 0.37 + 1.1e-16
    assert 0.0 + weights["p"] + weights["q"] + weights["r"] == 1.0
    # With the last issue at 0 points the rounding goes to the last issue that has points.
    weights = elicit(space, {"p": 6, "q": 94, "r": 0}, ratings).preferences.weights
    assert dict(weights) == {"p": 0.06, "q": 0.94, "r": 0.0}


def test_decimal_points_and_float_ratings_are_exact() -> None:
    space = OutcomeSpace(tuple(Issue(name, ("lo", "mid", "hi")) for name in ("p", "q", "r")))
    points = {"p": Decimal("33.5"), "q": Decimal("33.25"), "r": Decimal("33.25")}
    # 0.1, 0.2, 0.3 are read as the decimals they print as, so mid is exactly halfway.
    ratings: dict[str, Mapping[Value, Rating]] = {
        name: {"lo": 0.1, "mid": 0.2, "hi": 0.3} for name in ("p", "q", "r")
    }
    prefs = elicit(space, points, ratings).preferences
    assert dict(prefs.weights) == {"p": 0.335, "q": 0.3325, "r": 0.3325}
    assert prefs.tables(space)[0].tolist() == [0.0, 0.5, 1.0]
    assert prefs.utility(space, ("hi", "hi", "hi")) == 1.0


def test_rating_scale_and_exact_tolerance() -> None:
    # On the scale 0..100, C (0.5375) rated 38.75 is off by exactly 0.15: not more than the
    # tolerance. Rated 38.74 it is off by 0.1501 and reported.
    on_edge = elicit(SPACE, POINTS, RATINGS, [(C, Decimal("38.75"))], rating_scale=(0, 100))
    assert on_edge.deviations == ()
    assert on_edge.packages[0].scaled_rating == 0.3875
    beyond = elicit(SPACE, POINTS, RATINGS, [(C, 38.74)], rating_scale=(0, 100))
    assert [v.difference for v in beyond.deviations] == [0.1501]
    loose = elicit(SPACE, POINTS, RATINGS, [(C, 38.74)], rating_scale=(0, 100), tolerance=0.2)
    assert loose.deviations == ()


def test_equal_package_ratings_are_not_rescaled() -> None:
    result = elicit(SPACE, POINTS, RATINGS, [(A, 7), (B, 7)])
    assert [p.scaled_rating for p in result.packages] == [None, None]
    assert result.kendall_tau is None
    # A dominates B on every issue, but equal ratings are not "below": no dominance violation.
    assert result.dominance_violations == ()
    assert [x.kind for x in result.report] == ["unscaled"]


def test_kendall_tau_b_by_hand() -> None:
    # Pairs of (x, y) = (1,1) (2,3) (2,2) (3,2): concordant 0-1, 0-2, 0-3; discordant 1-3;
    # 1-2 tied in x, 2-3 tied in y. tau_b = (3 - 1) / sqrt((6 - 1)(6 - 1)) = 0.4.
    assert kendall_tau_b([1, 2, 2, 3], [1, 3, 2, 2]) == 0.4
    assert kendall_tau_b([Fraction(1, 3), 0.5], [2, 1]) == -1.0
    assert kendall_tau_b([1], [1]) is None
    assert kendall_tau_b([1, 1, 1], [1, 2, 3]) is None
    with pytest.raises(ValueError, match="3 values paired with 2"):
        kendall_tau_b([1, 2, 3], [1, 2])


_RATING = (
    st.integers(-1000, 1000)
    | st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    | st.decimals(-1000, 1000, places=2, allow_nan=False, allow_infinity=False)
)


def _exact(value: int | float | Decimal) -> Fraction:
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def _by_rating(item: tuple[Value, int | float | Decimal]) -> Fraction:
    return _exact(item[1])


@st.composite
def _inputs(draw: st.DrawFn, distinct: bool) -> tuple[OutcomeSpace, dict[str, int], dict[str, Any]]:
    sizes = draw(st.lists(st.integers(2 if distinct else 1, 4), min_size=1, max_size=4))
    space = OutcomeSpace(tuple(Issue(f"i{k}", tuple(range(n))) for k, n in enumerate(sizes)))
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=len(sizes) - 1, max_size=3)))
    cuts = cuts[: len(sizes) - 1]
    points = [high - low for low, high in zip([0, *cuts], [*cuts, 100], strict=True)]
    ratings = {}
    for issue in space.issues:
        values = draw(
            st.lists(
                _RATING,
                min_size=issue.size,
                max_size=issue.size,
                unique_by=_exact if distinct else None,
            )
        )
        ratings[issue.name] = dict(zip(issue.values, values, strict=True))
    return space, dict(zip(space.names, points, strict=True)), ratings


@settings(max_examples=300, deadline=None)
@given(_inputs(distinct=True))
def test_property_best_package_is_exactly_one(
    inputs: tuple[OutcomeSpace, dict[str, int], dict[str, Any]],
) -> None:
    space, points, ratings = inputs
    prefs = elicit(space, points, ratings).preferences
    utilities = prefs.utilities(space)
    assert ((utilities >= 0.0) & (utilities <= 1.0)).all()
    best = tuple(max(r.items(), key=_by_rating)[0] for r in ratings.values())
    worst = tuple(min(r.items(), key=_by_rating)[0] for r in ratings.values())
    assert prefs.utility(space, best) == 1.0
    assert utilities[space.index_of(best)] == 1.0
    assert prefs.utility(space, worst) == 0.0


@settings(max_examples=300, deadline=None)
@given(_inputs(distinct=False), st.data())
def test_property_utilities_in_unit_interval_and_self_consistent(
    inputs: tuple[OutcomeSpace, dict[str, int], dict[str, Any]], data: st.DataObject
) -> None:
    space, points, ratings = inputs
    prefs = elicit(space, points, ratings).preferences
    utilities = prefs.utilities(space)
    assert ((utilities >= 0.0) & (utilities <= 1.0)).all()
    assert utilities.max() == 1.0
    # Rating packages by the model's own utilities never contradicts it.
    indices = data.draw(st.lists(st.integers(0, space.size - 1), unique=True, max_size=8))
    packages = [(space.as_dict(space.outcome_at(k)), float(utilities[k])) for k in indices]
    checked = elicit(space, points, ratings, packages, rating_scale=(0, 1))
    assert checked.ordinal_violations == ()
    assert checked.dominance_violations == ()
    assert checked.deviations == ()
