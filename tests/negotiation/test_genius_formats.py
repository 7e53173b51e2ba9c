"""GENIUS files as GENIUS loads them: objective weights, nested objectives, weights that miss 1,
real and integer issues in both evaluator forms, and their export."""

from __future__ import annotations

import warnings

import pytest

from burdenshare.errors import InputError
from burdenshare.negotiation import Issue, LinearValue, TableValue
from burdenshare.negotiation.genius import (
    GeniusWarning,
    genius_domain_xml,
    genius_profile_xml,
    parse_genius_domain,
    parse_genius_profile,
)

DOMAIN = """<negotiation_template><utility_space><objective index="1" name="root">
<issue index="2" name="colour" type="discrete"><item index="1" value="red"/>
<item index="2" value="blue"/></issue>
<objective index="3" name="money">
<issue index="4" name="price" type="real"><range lowerbound="0" upperbound="10"/></issue>
<issue index="5" name="years" type="integer" lowerbound="2" upperbound="4"/>
</objective></objective></utility_space></negotiation_template>"""

PROFILE = """<utility_space><objective index="1" name="root">
<issue index="2" name="colour" type="discrete">
<item index="1" value="red" evaluation="4"/><item index="2" value="blue" evaluation="1"/></issue>
<objective index="3" name="money">
<issue index="4" name="price" type="real"><range lowerbound="0" upperbound="10"/>
<evaluator ftype="linear" parameter0="1.0" parameter1="-0.1"/></issue>
<issue index="5" name="years" type="integer" lowerbound="2" upperbound="4">
<evaluator ftype="linear" slope="0.25" offset="0.5"/></issue>
<weight index="4" value="0.3"/><weight index="5" value="0.2"/>
</objective>
<weight index="2" value="0.5"/><weight index="3" value="0.9"/><weight index="1" value="1.0"/>
</objective><reservation value="0.25"/></utility_space>"""


def test_objective_weights_nested_objectives_real_and_integer_issues() -> None:
    space = parse_genius_domain(DOMAIN, "d.xml", real_levels=3)
    assert space.names == ("colour", "price", "years")
    assert space.issues[1] == Issue("price", (0.0, 5.0, 10.0))
    assert [issue.kind for issue in space.issues] == ["discrete", "real", "integer"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # weights of the objectives (1, 3) are not issue weights
        party = parse_genius_profile(PROFILE, space, "p.xml")
    assert dict(party.weights) == {"colour": 0.5, "price": 0.3, "years": 0.2}
    assert party.value_functions["price"] == LinearValue(-0.1, 1.0)  # parameter0 + parameter1 x
    years = party.value_functions["years"]  # offset + slope (x - lowerbound)
    assert isinstance(years, TableValue) and years.entries == ((2, 0.5), (3, 0.75), (4, 1.0))
    assert party.reservation_value == 0.25
    # red, price 5, 3 years: 0.5 * 1 + 0.3 * (1 - 0.5) + 0.2 * 0.75
    assert party.utility(space, ("red", 5.0, 3)) == pytest.approx(0.5 + 0.15 + 0.15, abs=1e-15)


def test_weights_that_miss_one_are_used_as_given_and_capped_at_one_with_a_warning() -> None:
    # GENIUS (AdditiveUtilitySpace): raw weights, utility = min(sum of weight * evaluation, 1)
    space = parse_genius_domain(DOMAIN, "d.xml", real_levels=3)
    text = PROFILE.replace('<weight index="2" value="0.5"/>', '<weight index="2" value="0.6"/>')
    warning = r"p.xml: weights sum to 1.1; used as given, utilities above 1 count as 1"
    with pytest.warns(GeniusWarning, match=warning):
        party = parse_genius_profile(text, space, "p.xml")
    assert dict(party.weights) == {"colour": 0.6, "price": 0.3, "years": 0.2}
    assert party.cap_at_one and party.cap_binds(space)
    # red (1), price 0 (1), 4 years (1): 0.6 + 0.3 + 0.2 = 1.1, capped at 1
    assert party.utility(space, ("red", 0.0, 4)) == 1.0
    # blue (1/4), price 10 (0), 2 years (0.5): ((0.6 * 0.25) + 0.3 * 0.0) + 0.2 * 0.5, not capped
    expected = ((0.0 + 0.6 * 0.25) + 0.3 * 0.0) + 0.2 * 0.5
    assert party.utility(space, ("blue", 10.0, 2)) == expected
    utilities = party.utilities(space)
    assert float(utilities.max()) == 1.0
    assert utilities[space.index_of(("blue", 10.0, 2))] == expected
    low = text.replace('<weight index="2" value="0.6"/>', '<weight index="2" value="0.1"/>')
    with pytest.warns(GeniusWarning, match=r"weights sum to 0.6"):
        party = parse_genius_profile(low, space, "p.xml")
    assert not party.cap_binds(space)
    assert party.utility(space, ("red", 0.0, 4)) == (0.0 + 0.1) + 0.3 + 0.2  # at most 0.6
    zero = PROFILE.replace('value="0.5"', 'value="0"').replace('value="0.3"', 'value="0"')
    with pytest.raises(InputError, match=r"^p.xml: weight: weights sum to 0$"):
        parse_genius_profile(zero.replace('value="0.2"', 'value="0"'), space, "p.xml")


def test_clipped_and_constant_evaluators() -> None:
    space = parse_genius_domain(DOMAIN, "d.xml", real_levels=3)
    text = PROFILE.replace(
        'parameter0="1.0" parameter1="-0.1"', 'parameter0="1.5" parameter1="-0.1"'
    )
    price = parse_genius_profile(text, space, "p.xml").value_functions["price"]
    assert isinstance(price, TableValue) and [v for _, v in price.entries] == [1.0, 1.0, 0.5]
    text = PROFILE.replace(
        'ftype="linear" slope="0.25" offset="0.5"', 'ftype="constant" parameter0="0.4"'
    )
    years = parse_genius_profile(text, space, "p.xml").value_functions["years"]
    assert isinstance(years, TableValue) and [v for _, v in years.entries] == [0.4, 0.4, 0.4]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('<range lowerbound="0" upperbound="10"/></issue>\n<issue index="5"',
         '<range lowerbound="3" upperbound="3"/></issue>\n<issue index="5"',
         "issue 'price': upperbound 3.0 equals lowerbound 3.0"),
        ('type="real"><range lowerbound="0" upperbound="10"/>', 'type="real">',
         "issue 'price': missing attribute 'lowerbound'"),
    ],
)  # fmt: skip
def test_malformed_ranges(old: str, new: str, message: str) -> None:
    assert old in DOMAIN
    with pytest.raises(InputError) as error:
        parse_genius_domain(DOMAIN.replace(old, new), "d.xml")
    assert str(error.value) == f"d.xml: {message}"


def test_real_and_integer_issues_export_as_ranges_with_linear_evaluators() -> None:
    space = parse_genius_domain(DOMAIN, "d.xml", real_levels=5)
    party = parse_genius_profile(PROFILE, space, "p.xml")
    domain_text = genius_domain_xml(space)
    assert '<range lowerbound="0.0" upperbound="10.0" />' in domain_text
    assert 'lowerbound="2" upperbound="4"' in domain_text
    again = parse_genius_domain(domain_text, "d2.xml", real_levels=5)
    assert again.issues == space.issues
    copy = parse_genius_profile(genius_profile_xml(space, party), again, "p2.xml")
    assert copy.utilities(again).tolist() == pytest.approx(
        party.utilities(space).tolist(), abs=1e-15
    )
    assert copy.reservation_value == 0.25
    # a value function GENIUS cannot write on an integer issue is refused, not bent
    bent = parse_genius_profile(
        PROFILE.replace('slope="0.25" offset="0.5"', 'slope="0.4" offset="0.5"'), space, "p.xml"
    )
    with pytest.raises(InputError, match="a GENIUS integer issue needs a linear value function"):
        genius_profile_xml(space, bent)
