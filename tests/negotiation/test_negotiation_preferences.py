"""Issues, outcome spaces and linear-additive preferences on a hand-computed domain."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from burdenshare.errors import InputError
from burdenshare.negotiation import (
    Issue,
    IssueError,
    LinearAdditivePreferences,
    LinearValue,
    OutcomeSpace,
    PiecewiseLinearValue,
    PreferenceError,
    TableValue,
)

AMOUNT = Issue("amount", ("low", "mid", "high"))
YEARS = Issue.integers("years", 1, 2)
SPACE = OutcomeSpace((AMOUNT, YEARS), name="hand")

HOST = LinearAdditivePreferences(
    weights={"amount": 0.75, "years": 0.25},
    value_functions={
        "amount": TableValue.of({"low": 1.0, "mid": 0.5, "high": 0.0}),
        "years": LinearValue(slope=1.0, intercept=-1.0),
    },
    reservation_value=0.25,
    source="host",
)
SENDING = LinearAdditivePreferences(
    weights={"amount": 0.5, "years": 0.5},
    value_functions={
        "amount": TableValue.of({"low": 0.0, "mid": 0.5, "high": 1.0}),
        "years": PiecewiseLinearValue(((1.0, 1.0), (2.0, 0.0))),
    },
    discount_factor=0.9,
    source="sending state",
)


def test_outcome_space_enumerates_first_issue_slowest() -> None:
    assert SPACE.size == 6
    assert SPACE.shape == (3, 2)
    assert list(SPACE.outcomes()) == [
        ("low", 1),
        ("low", 2),
        ("mid", 1),
        ("mid", 2),
        ("high", 1),
        ("high", 2),
    ]
    assert SPACE.index_array().tolist() == [[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1]]
    assert SPACE.index_array().dtype == np.intp


def test_outcome_index_round_trips() -> None:
    assert SPACE.index_of(("mid", 2)) == 3
    assert SPACE.outcome_at(3) == ("mid", 2)
    assert SPACE.as_dict(("mid", 2)) == {"amount": "mid", "years": 2}
    assert SPACE.from_dict({"years": 2, "amount": "mid"}) == ("mid", 2)
    assert [SPACE.index_of(o) for o in SPACE.outcomes()] == list(range(6))


def test_outcome_errors_name_the_issue_and_value() -> None:
    with pytest.raises(IssueError) as error:
        SPACE.index_of(("huge", 1))
    assert str(error.value) == "outcome space: issue 'amount': unknown value 'huge'"
    with pytest.raises(IssueError) as error:
        SPACE.from_dict({"amount": "low"})
    assert str(error.value) == "outcome space: issue 'years': has no value in the outcome"
    with pytest.raises(IssueError) as error:
        SPACE.outcome_at(6)
    assert str(error.value) == "outcome space: outcome index: 6 is outside 0..5"


def test_issue_validation() -> None:
    with pytest.raises(IssueError) as error:
        Issue("amount", ("low", "low"))
    assert str(error.value) == "outcome space: issue 'amount': value 'low' appears twice"
    with pytest.raises(IssueError) as error:
        Issue("empty", ())
    assert str(error.value) == "outcome space: issue 'empty': has no values"
    with pytest.raises(IssueError) as error:
        OutcomeSpace((AMOUNT, AMOUNT))
    assert str(error.value) == "outcome space: issue 'amount': appears twice"
    assert Issue.levels("rate", 0.0, 0.1, 3).values == (0.0, 0.05, 0.1)
    assert Issue.integers("years", 3, 5).values == (3, 4, 5)
    assert YEARS.is_numeric and not AMOUNT.is_numeric
    assert Issue("rate", (0.5, 1)).labels() == ("0.5", "1")


def test_utilities_of_the_hand_domain_are_exact() -> None:
    # host: 0.75 * amount + 0.25 * (years - 1); sending: 0.5 * amount + 0.5 * (2 - years)
    assert HOST.utilities(SPACE).tolist() == [0.75, 1.0, 0.375, 0.625, 0.0, 0.25]
    assert SENDING.utilities(SPACE).tolist() == [0.5, 0.0, 0.75, 0.25, 1.0, 0.5]
    assert HOST.utility(SPACE, ("mid", 2)) == 0.625
    assert (HOST.reservation_value, SENDING.discount_factor) == (0.25, 0.9)


def test_piecewise_linear_interpolates_between_breakpoints() -> None:
    issue = Issue("rate", (0.0, 0.5, 1.0, 1.5, 2.0))
    function = PiecewiseLinearValue(((0.0, 0.0), (1.0, 0.8), (2.0, 1.0)))
    assert function.table(issue, "test").tolist() == [0.0, 0.4, 0.8, 0.9, 1.0]


def test_preferences_are_immutable_and_comparable() -> None:
    with pytest.raises(TypeError):
        HOST.weights["amount"] = 1.0  # type: ignore[index]
    again = LinearAdditivePreferences(
        dict(HOST.weights), dict(HOST.value_functions), 0.25, source="host"
    )
    assert again == HOST
    assert hash(again) == hash(HOST)


def _host(**changes: object) -> LinearAdditivePreferences:
    arguments: dict[str, object] = {
        "weights": {"amount": 0.75, "years": 0.25},
        "value_functions": dict(HOST.value_functions),
        "source": "host",
    }
    arguments.update(changes)
    return LinearAdditivePreferences(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"weights": {"amount": 0.75, "years": 0.3}}, "host: weights: sum to 1.05, not 1"),
        (
            {"weights": {"amount": 1.25, "years": -0.25}},
            "host: weight of issue 'years': -0.25 is not >= 0",
        ),
        ({"weights": {"amount": 1.0}}, "host: issue 'years': has no weight"),
        (
            {"weights": {"amount": 0.5, "years": 0.25, "term": 0.25}},
            "host: issue 'term': has no value function",
        ),
        ({"discount_factor": 0.0}, "host: discount factor: 0.0 is not in (0, 1]"),
        ({"reservation_value": float("inf")}, "host: reservation value: must be finite"),
    ],
)
def test_inconsistent_preferences_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(PreferenceError) as error:
        _host(**changes)
    assert str(error.value) == message
    assert isinstance(error.value, InputError)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (
            TableValue.of({"low": 1.0, "mid": 0.5, "high": 0.0, "huge": 0.0}),
            "host: issue 'amount': unknown value 'huge' in the table",
        ),
        (
            TableValue.of({"low": 1.0, "mid": 0.5}),
            "host: issue 'amount': value 'high' has no entry",
        ),
        (
            TableValue.of({"low": 1.5, "mid": 0.5, "high": 0.0}),
            "host: issue 'amount': value 'low' is worth 1.5, outside [0, 1]",
        ),
        (LinearValue(1.0), "host: issue 'amount': a linear value function needs numeric values"),
    ],
)
def test_value_functions_must_fit_the_issue(amount: object, message: str) -> None:
    host = _host(value_functions={"amount": amount, "years": LinearValue(1.0, -1.0)})
    with pytest.raises(PreferenceError) as error:
        host.utilities(SPACE)
    assert str(error.value) == message


def test_preferences_must_cover_the_outcome_space() -> None:
    term = Issue("term", ("short", "long"))
    with pytest.raises(PreferenceError) as error:
        HOST.utilities(OutcomeSpace((AMOUNT, YEARS, term)))
    assert str(error.value) == "host: issue 'term': is missing"
    with pytest.raises(PreferenceError) as error:
        HOST.utilities(OutcomeSpace((AMOUNT,)))
    assert str(error.value) == "host: issue 'years': is not in the outcome space ('amount',)"
    outside = PiecewiseLinearValue(((1.0, 0.0), (1.5, 1.0)))
    with pytest.raises(PreferenceError) as error:
        _host(
            value_functions={"amount": HOST.value_functions["amount"], "years": outside}
        ).utilities(SPACE)
    assert str(error.value) == "host: issue 'years': value 2 is outside the breakpoints 1.0..1.5"


def test_weights_within_tolerance_are_accepted() -> None:
    third = 1.0 / 3.0
    preferences = LinearAdditivePreferences(
        {"a": third, "b": third, "c": third + 5e-10},
        {name: TableValue.of({"x": 1.0}) for name in "abc"},
    )
    space = OutcomeSpace(tuple(Issue(name, ("x",)) for name in "abc"))
    assert preferences.utilities(space).tolist() == [third + third + (third + 5e-10)]


def test_docs_example_runs() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "negotiation.md"
    text = docs.read_text(encoding="utf-8")
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, str(docs), "exec"), {})
