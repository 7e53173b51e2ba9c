"""GeniusWeb number value sets: ``{"range": {"low", "high", "step"}}`` issues with
``numberutils`` (``NumberValueSetUtilities``) utilities, read exactly and written back.

Expected values follow GeniusWeb's own definitions: a ``Range`` holds ``low + k * step`` for
``k = 0 .. floor((high - low) / step)``, and ``NumberValueSetUtilities.getUtility(x)`` is
``lowUtility + (highUtility - lowUtility) * (x - lowValue) / (highValue - lowValue)`` rounded
half-up to 8 decimals (GeniusWeb's Python sources, ``tudelft.utilities.immutablelist.Range``
and ``geniusweb.profile.utilityspace.NumberValueSetUtilities``; its test expects 0.65 at 2000
for 1000 → 0.4, 3000 → 0.9, the ``salary`` case below).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from burdenshare.errors import InputError
from burdenshare.negotiation import RangeValue, TableValue
from burdenshare.negotiation.geniusweb import (
    geniusweb_profile_json,
    load_geniusweb_profile,
    parse_geniusweb_profile,
)

PROFILE = {
    "LinearAdditiveUtilitySpace": {
        "name": "employer",
        "domain": {
            "name": "jobs",
            "issuesValues": {
                "salary": {"range": {"low": 1000, "high": 3000, "step": 500}},
                "thirds": {"range": {"low": 0, "high": 3, "step": 1}},
                "hours": {"range": {"low": 12.2, "high": 12.6, "step": 0.3}},
                "car": {"values": ["yes", "no"]},
            },
        },
        "issueUtilities": {
            "salary": {
                "numberutils": {
                    "lowValue": 1000,
                    "lowUtility": 0.4,
                    "highValue": 3000,
                    "highUtility": 0.9,
                }
            },
            "thirds": {
                "NumberValueSetUtilities": {
                    "lowValue": 0,
                    "lowUtility": 0,
                    "highValue": 3,
                    "highUtility": 1,
                }
            },
            "hours": {
                "numberutils": {
                    "lowValue": 12.2,
                    "lowUtility": 1,
                    "highValue": 12.6,
                    "highUtility": 0.2,
                }
            },
            "car": {"discreteutils": {"valueUtilities": {"yes": 1, "no": 0}}},
        },
        "issueWeights": {"salary": 0.5, "thirds": 0.25, "hours": 0.125, "car": 0.125},
        "reservationBid": {
            "issuevalues": {"salary": 1500, "thirds": 2, "hours": 12.5, "car": "no"}
        },
    }
}


def _text(change: dict[str, object] | None = None) -> str:
    document = json.loads(json.dumps(PROFILE))
    body = document["LinearAdditiveUtilitySpace"]
    for path, value in (change or {}).items():
        *parents, last = path.split(".")
        node = body
        for key in parents:
            node = node[key]
        node[last] = value
    return json.dumps(document)


def test_a_hand_built_profile_with_number_ranges() -> None:
    space, employer = parse_geniusweb_profile(_text(), "employer.json")
    assert space.names == ("salary", "thirds", "hours", "car")
    assert space.issue("salary").values == (1000, 1500, 2000, 2500, 3000)
    assert space.issue("thirds").values == (0, 1, 2, 3)
    assert space.issue("hours").values == (12.2, 12.5)  # 12.8 is above high 12.6
    salary, thirds, hours, car = employer.tables(space)
    assert salary.tolist() == [0.4, 0.525, 0.65, 0.775, 0.9]
    assert thirds.tolist() == [0.0, 0.33333333, 0.66666667, 1.0]  # 8 places, half-up
    assert hours.tolist() == [1.0, 0.4]  # 1 - 0.8 * 0.3 / 0.4
    assert car.tolist() == [1.0, 0.0]
    function = employer.value_functions["salary"]
    assert function == RangeValue(Decimal(1000), Decimal("0.4"), Decimal(3000), Decimal("0.9"))
    # reservation bid (1500, 2, 12.5, no), summed in issue order from 0
    expected = (((0.0 + 0.5 * 0.525) + 0.25 * 0.66666667) + 0.125 * 0.4) + 0.125 * 0.0
    assert employer.reservation_value == expected
    assert employer.utility(space, (1500, 2, 12.5, "no")) == expected
    utilities = employer.utilities(space)
    assert utilities.size == 5 * 4 * 2 * 2
    best = (((0.0 + 0.5 * 0.9) + 0.25 * 1.0) + 0.125 * 1.0) + 0.125 * 1.0
    assert utilities[space.index_of((3000, 3, 12.2, "yes"))] == best == float(utilities.max())


def test_number_ranges_round_trip(tmp_path: Path) -> None:
    space, employer = parse_geniusweb_profile(_text(), "employer.json")
    text = geniusweb_profile_json(space, employer, name="employer")
    written = json.loads(text)["LinearAdditiveUtilitySpace"]
    original = PROFILE["LinearAdditiveUtilitySpace"]
    assert written["domain"]["issuesValues"] == original["domain"]["issuesValues"]
    for name in ("salary", "hours"):
        assert written["issueUtilities"][name] == original["issueUtilities"][name]
    assert written["issueUtilities"]["thirds"] == {
        "numberutils": original["issueUtilities"]["thirds"]["NumberValueSetUtilities"]
    }
    path = tmp_path / "again.json"
    path.write_text(text, encoding="utf-8")
    again, copy = load_geniusweb_profile(path)
    assert again.issues == space.issues
    assert dict(copy.value_functions) == dict(employer.value_functions)
    assert dict(copy.weights) == dict(employer.weights)
    assert copy.reservation_value == employer.reservation_value
    assert copy.utilities(again).tolist() == employer.utilities(space).tolist()
    # and once more: the second export is the same text
    assert geniusweb_profile_json(again, copy, name="employer") == text


def test_a_range_value_on_values_that_are_not_its_range_is_not_exported() -> None:
    space, employer = parse_geniusweb_profile(_text(), "employer.json")
    from burdenshare.negotiation import Issue, LinearAdditivePreferences, OutcomeSpace

    other = OutcomeSpace((Issue("salary", (1000, 2000, 2500)),))
    party = LinearAdditivePreferences(
        {"salary": 1.0}, {"salary": employer.value_functions["salary"]}, source="p"
    )
    with pytest.raises(InputError, match="values are not a GeniusWeb range from 1000 to 3000"):
        geniusweb_profile_json(other, party)
    labels = LinearAdditivePreferences(
        {"car": 1.0}, {"car": TableValue.of({"yes": 1.0, "no": 0.0})}
    )
    assert '"values"' in geniusweb_profile_json(OutcomeSpace((space.issue("car"),)), labels)


BASE = "LinearAdditiveUtilitySpace"
RANGE = f"{BASE}.domain.issuesValues.salary"
UTILS = f"{BASE}.issueUtilities.salary"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"domain.issuesValues.salary.range.step": 0},
            f"{RANGE}.range.step: 0 is not positive",
        ),
        (
            {"domain.issuesValues.salary.range.high": 900},
            f"{RANGE}.range.high: 900 is below low 1000",
        ),
        (
            {"domain.issuesValues.salary.range.step": "500"},
            f"{RANGE}.range.step: '500' is not a finite number",
        ),
        (
            {"domain.issuesValues.salary.range.high": 1e300},
            f"{RANGE}.range.high: 1E+300 is out of range (1e-12 to 1e15 in magnitude)",
        ),
        (
            {"domain.issuesValues.salary": {"values": ["1"], "range": {}}},
            f"{RANGE}: must hold exactly one of 'values' or 'range'",
        ),
        (
            {"domain.issuesValues.salary.range.step": 0.000001},
            f"{RANGE}.range: more than 1,000,000 outcomes (the limit)",
        ),
        (
            {"issueUtilities.salary.numberutils.lowValue": 1100},
            f"{UTILS}.numberutils.lowValue: 1100 is not the range's low 1000",
        ),
        (
            {"issueUtilities.salary.numberutils.highUtility": 1.5},
            f"{UTILS}.numberutils.highUtility: 1.5 is not in [0, 1]",
        ),
        (
            {"issueUtilities.salary": {"discreteutils": {"valueUtilities": {}}}},
            f"{UTILS}: a number range must hold exactly one 'numberutils'",
        ),
        (
            {"issueUtilities.car": {"numberutils": {}}},
            f"{BASE}.issueUtilities.car: must hold exactly one 'discreteutils'",
        ),
        (
            {"reservationBid.issuevalues.salary": 1750},
            f"{BASE}.reservationBid.issuevalues: issue 'salary': unknown value 1750",
        ),
    ],
)
def test_malformed_number_ranges(change: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_geniusweb_profile(_text(change), "p.json")
    assert str(error.value) == f"p.json: {message}"
