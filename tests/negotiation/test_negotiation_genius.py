"""GENIUS XML and GeniusWeb JSON: every ANAC domain in shared/, round trips, malformed files.

The ANAC 2010–2011 files in ``data/genius`` are copies of ``shared/data/genius`` (checked
below when shared/ is present). Expected solution points were cross-checked against NegMAS
0.16 fed the same utilities (see docs/negotiation.md).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from burdenshare.errors import InputError
from burdenshare.negotiation import (
    Issue,
    LinearAdditivePreferences,
    OutcomeSpace,
    PreferenceError,
    TableValue,
    analyze,
    genius_domain_xml,
    genius_profile_xml,
    geniusweb_profile_json,
    load_genius,
    load_genius_domain,
    load_genius_profile,
    load_geniusweb_profile,
)
from burdenshare.negotiation.genius import (
    GeniusWarning,
    parse_genius_domain,
    parse_genius_profile,
)
from burdenshare.negotiation.geniusweb import parse_geniusweb_profile

DATA = Path(__file__).parent / "data" / "genius"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "genius"

# folder, domain, profile 1, profile 2, outcomes, issues, |Pareto| (distinct utility pairs),
# Nash, KS, egalitarian, max-welfare outcome indices (reservation 0), discount factor
ANAC = [
    ("y2010/EnglandZimbabwe", "EnglandZimbabwe_domain.xml", "England.xml", "Zimbabwe.xml",
     576, 5, 25, 25, 377, 376, 376, 377, 1.0),
    ("y2010/ItexvsCypress", "ItexvsCypress_domain.xml", "ItexvsCypress_Itex.xml",
     "ItexvsCypress_Cypress.xml", 180, 4, 18, 18, 157, 157, 157, 157, 1.0),
    ("y2010/Travel", "travel_domain.xml", "travel_chox.xml", "travel_fanny.xml",
     188160, 7, 12, 12, 163604, 163604, 163604, 164084, 1.0),
    ("y2011/Camera", "camera_domain.xml", "camera_buyer_utility.xml", "camera_seller_utility.xml",
     3600, 6, 16, 16, 205, 745, 205, 205, 0.890596104),
    ("y2011/Energy", "energy_domain.xml", "energy_consumer.xml", "energy_distributor.xml",
     390625, 8, 211, 210, 99931, 83056, 83056, 99931, 1.0),
    ("y2011/Grocery", "Grocery_domain.xml", "Grocery_domain_mary.xml", "Grocery_domain_sam.xml",
     1600, 5, 7, 7, 349, 349, 349, 349, 0.805562132),
    ("y2011/Laptop", "laptop_domain.xml", "laptop_buyer_utility.xml", "laptop_seller_utility.xml",
     27, 3, 4, 4, 18, 21, 21, 18, 0.42441038),
]  # fmt: skip
IDS = [row[0] for row in ANAC]


def _load(row: tuple[object, ...]) -> tuple[OutcomeSpace, tuple[LinearAdditivePreferences, ...]]:
    folder = DATA / str(row[0])
    return load_genius(folder / str(row[1]), [folder / str(row[2]), folder / str(row[3])])


def assert_is_pareto_set(u1: np.ndarray, u2: np.ndarray, frontier: np.ndarray) -> None:
    """Brute force in O(n · |frontier|): no frontier outcome is dominated, and every other
    outcome is dominated by a frontier outcome (dominance is transitive and n is finite)."""
    covered = np.zeros(u1.size, dtype=bool)
    for k in frontier.tolist():
        a, b = u1[k], u2[k]
        assert not np.any((u1 >= a) & (u2 >= b) & ((u1 > a) | (u2 > b)))
        covered |= (u1 <= a) & (u2 <= b) & ((u1 < a) | (u2 < b))
    assert np.flatnonzero(~covered).tolist() == frontier.tolist()


@pytest.mark.parametrize("row", ANAC, ids=IDS)
def test_anac_domain_loads_and_its_analysis_is_exact(row: tuple[object, ...]) -> None:
    space, (first, second) = _load(row)
    size, n_issues, n_pareto, n_distinct, nash, ks, egalitarian, welfare, discount = row[4:]
    assert (space.size, len(space.issues)) == (size, n_issues)
    assert (first.reservation_value, second.reservation_value) == (0.0, 0.0)
    assert (first.discount_factor, second.discount_factor) == (discount, discount)
    u1, u2 = first.utilities(space), second.utilities(space)
    for u in (u1, u2):
        assert (float(u.min()) >= 0.0, float(u.max()) <= 1.0) == (True, True)
    sample = range(0, space.size, max(1, space.size // 500))
    outcomes = [space.outcome_at(k) for k in sample]
    assert [first.utility(space, o) for o in outcomes] == u1[list(sample)].tolist()
    result = analyze(u1, u2, 0.0, 0.0)
    assert result.pareto.size == n_pareto
    assert (
        len(set(zip(u1[result.pareto].tolist(), u2[result.pareto].tolist(), strict=True)))
        == n_distinct
    )
    assert_is_pareto_set(u1, u2, result.pareto)
    assert result.zopa_size == size
    points = (result.nash, result.kalai_smorodinsky, result.egalitarian, result.max_welfare)
    assert [p.index if p else None for p in points] == [nash, ks, egalitarian, welfare]


def test_genius_semantics_on_laptop() -> None:
    # Evaluations are divided by the issue's maximum; the weights sum to 1.0000518 in the file
    # and are used as written, a sum above 1 counting as 1 (GENIUS's AdditiveUtilitySpace).
    folder = DATA / "y2011" / "Laptop"
    space = load_genius_domain(folder / "laptop_domain.xml")
    with pytest.warns(GeniusWarning, match="weights sum to 1.0000518"):
        buyer = load_genius_profile(folder / "laptop_buyer_utility.xml", space)
    w = [0.4452125771655631, 0.37808251708013424, 0.1767567099260568]
    assert math.fsum(w) > 1.0
    assert [buyer.weights[name] for name in space.names] == w
    # Dell (12 of 30), 60 Gb (30 of 30), 19'' LCD (30 of 30)
    expected = ((0.0 + w[0] * (12.0 / 30.0)) + w[1] * 1.0) + w[2] * 1.0
    assert buyer.utility(space, ("Dell", "60 Gb", "19'' LCD")) == expected
    best = buyer.utilities(space).argmax()
    assert buyer.utility(space, space.outcome_at(int(best))) == 1.0  # 1.0000518, capped
    assert space.names == ("Laptop", "Harddisk", "External Monitor")


@pytest.mark.parametrize("row", ANAC, ids=IDS)
def test_round_trips_keep_utilities_identical(tmp_path: Path, row: tuple[object, ...]) -> None:
    space, profiles = _load(row)
    (tmp_path / "domain.xml").write_text(genius_domain_xml(space))
    again = load_genius_domain(tmp_path / "domain.xml")
    assert again.issues == space.issues
    for number, preferences in enumerate(profiles):
        xml_path = tmp_path / f"profile{number}.xml"
        xml_path.write_text(genius_profile_xml(space, preferences))
        from_xml = load_genius_profile(xml_path, again)
        expected = preferences.utilities(space)
        assert np.array_equal(from_xml.utilities(again), expected)
        json_path = tmp_path / f"profile{number}.json"
        if abs(math.fsum(preferences.weights.values()) - 1.0) > 1e-9:  # Laptop: 1.0000518
            with pytest.raises(PreferenceError, match="GeniusWeb weights must sum to 1"):
                geniusweb_profile_json(space, preferences)
            assert dict(from_xml.weights) == dict(preferences.weights)
            continue
        json_path.write_text(geniusweb_profile_json(space, preferences, name=f"party {number}"))
        json_space, from_json = load_geniusweb_profile(json_path)
        assert np.array_equal(from_json.utilities(json_space), expected)
        assert json_space.issues == space.issues
        for loaded in (from_xml, from_json):
            assert loaded.reservation_value == preferences.reservation_value
            assert loaded.discount_factor == preferences.discount_factor
            assert dict(loaded.weights) == dict(preferences.weights)


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/ is not beside the repository")
def test_copies_equal_shared() -> None:
    for row in ANAC:
        for name in row[1:4]:
            copy = DATA / str(row[0]) / str(name)
            assert copy.read_bytes() == (SHARED / str(row[0]) / str(name)).read_bytes()


# --- GeniusWeb --------------------------------------------------------------------------------

GENIUSWEB = """{"LinearAdditiveUtilitySpace": {
  "name": "host",
  "domain": {"name": "sma", "issuesValues": {
     "amount": {"values": ["low", "high"]}, "years": {"values": ["1", "5"]}}},
  "issueUtilities": {
     "amount": {"discreteutils": {"valueUtilities": {"low": 1, "high": 0.25}}},
     "years": {"DiscreteValueSetUtilities": {"valueUtilities": {"1": 0.5, "5": 1.0}}}},
  "issueWeights": {"amount": 0.75, "years": 0.25},
  %s
}}"""


def test_geniusweb_profile_with_a_reservation_bid() -> None:
    text = GENIUSWEB % '"reservationBid": {"issuevalues": {"amount": "high", "years": "5"}}'
    space, host = parse_geniusweb_profile(text, "host.json")
    assert space.names == ("amount", "years")
    assert space.name == "sma"
    assert host.utilities(space).tolist() == [0.875, 1.0, 0.3125, 0.4375]
    assert host.reservation_value == 0.4375
    assert host.source == "host.json"


def test_geniusweb_profile_with_a_reservation_value_and_discount() -> None:
    text = GENIUSWEB % '"reservationValue": 0.3, "discountFactor": 0.95'
    _, host = parse_geniusweb_profile(text)
    assert (host.reservation_value, host.discount_factor) == (0.3, 0.95)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            '"reservationValue": 0.3, "reservationBid": {"issuevalues": {}}',
            "LinearAdditiveUtilitySpace.reservationValue: give reservationBid or reservationValue",
        ),
        ('"colour": 1', "LinearAdditiveUtilitySpace.colour: unknown key"),
        (
            '"reservationBid": {"issuevalues": {"amount": "mid", "years": "5"}}',
            "LinearAdditiveUtilitySpace.reservationBid.issuevalues: "
            "issue 'amount': unknown value 'mid'",
        ),
        ('"name": "twice"', "json: not valid JSON: duplicate key 'name'"),
        (
            '"discountFactor": true',
            "LinearAdditiveUtilitySpace.discountFactor: True is not a number",
        ),
    ],
)
def test_malformed_geniusweb_profiles(extra: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_geniusweb_profile(GENIUSWEB % extra, "p.json")
    assert str(error.value) == f"p.json: {message}"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '"amount": 0.75,',
            '"amount": 0.7,',
            "p.json: weights: sum to 0.95, not 1",
        ),
        (
            '"low": 1, "high": 0.25',
            '"low": 1, "huge": 0.25',
            "p.json: LinearAdditiveUtilitySpace.issueUtilities.amount.discreteutils."
            "valueUtilities.huge: value is not in the domain",
        ),
        (
            '"low": 1, "high": 0.25',
            '"low": 1',
            "p.json: LinearAdditiveUtilitySpace.issueUtilities.amount.discreteutils."
            "valueUtilities: value 'high' has no utility",
        ),
        (
            ', "years": 0.25}',
            "}",
            "p.json: LinearAdditiveUtilitySpace.issueWeights.years: issue has no weight",
        ),
        (
            '"years": {"values": ["1", "5"]}',
            '"years": {"range": ["1", "5", "1"]}',
            "p.json: LinearAdditiveUtilitySpace.domain.issuesValues.years.range: "
            "must be a JSON object",
        ),
        (
            '"high": 0.25',
            '"high": 1.25',
            "p.json: issue 'amount': value 'high' is worth 1.25, outside [0, 1]",
        ),
    ],
)
def test_inconsistent_geniusweb_profiles(old: str, new: str, message: str) -> None:
    text = (GENIUSWEB % '"reservationValue": 0').replace(old, new)
    assert text != GENIUSWEB % '"reservationValue": 0'
    with pytest.raises(InputError) as error:
        parse_geniusweb_profile(text, "p.json")
    assert str(error.value) == message


# --- malformed GENIUS files -------------------------------------------------------------------

DOMAIN = """<negotiation_template><utility_space><objective index="0" name="root">
<issue index="1" name="amount" type="discrete"><item index="1" value="low"/>
<item index="2" value="high"/></issue>
<issue index="2" name="years" type="integer" lowerbound="1" upperbound="3"/>
</objective></utility_space></negotiation_template>"""

PROFILE = """<utility_space><reservation value="0.2"/>
<objective index="0" name="root">
<issue index="1" name="amount" type="discrete">
<item index="1" value="low" evaluation="8"/><item index="2" value="high" evaluation="2"/></issue>
<issue index="2" name="years" type="integer" lowerbound="1" upperbound="3">
<evaluator ftype="linear" slope="0.6" offset="0.1"/></issue>
<weight index="1" value="0.5"/><weight index="2" value="0.5"/>
</objective><discount_factor value="0.5"/></utility_space>"""


def test_small_genius_files_with_an_integer_issue(tmp_path: Path) -> None:
    (tmp_path / "d.xml").write_text(DOMAIN)
    (tmp_path / "p.xml").write_text(PROFILE)
    space, (party,) = load_genius(tmp_path / "d.xml", [tmp_path / "p.xml"])
    assert space.issues == (Issue("amount", ("low", "high")), Issue("years", (1, 2, 3)))
    assert space.name == "d"
    # years: 0.1 + 0.6 * (x - 1) clipped to [0, 1] → 0.1, 0.7, 1.0 (1.3 clipped)
    assert party.tables(space)[1].tolist() == [0.1, 0.1 + 0.6 * 1.0, 1.0]
    assert party.tables(space)[0].tolist() == [1.0, 0.25]
    assert (party.reservation_value, party.discount_factor) == (0.2, 0.5)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("<weight index=\"2\" value=\"0.5\"/>", "<weight index=\"2\" value=\"-0.5\"/>",
         "weight index 2: weight -0.5 is negative"),
        ('value="high" evaluation="2"', 'value="huge" evaluation="2"',
         "issue 'amount'/item 'huge': value is not in the domain"),
        ('<item index="2" value="high" evaluation="2"/>', "",
         "issue 'amount': value 'high' has no item"),
        ('value="high" evaluation="2"', 'value="high" evaluation="-2"',
         "issue 'amount'/item 'high': evaluation -2.0 is negative"),
        ('value="high" evaluation="2"', 'value="high" evaluation="much"',
         "issue 'amount'/item 'high': evaluation='much' is not a number"),
        ('value="high" evaluation="2"', 'value="high"',
         "issue 'amount'/item 'high': missing attribute 'evaluation'"),
        ('<weight index="2" value="0.5"/>', "", "issue 'years': has no weight"),
        ('<weight index="2" value="0.5"/>', '<weight index="7" value="0.5"/>',
         "weight index 7: no issue has this index"),
        ('<discount_factor value="0.5"/>', '<discount_factor value="1.5"/>',
         "discount_factor: 1.5 is not in [0, 1]"),
        ('<reservation value="0.2"/>', '<reservation value="0.2"/><reservation value="0.1"/>',
         "reservation: appears 2 times"),
        ('name="amount" type="discrete">', 'name="price" type="discrete">',
         "issue 'price': is not in the domain ('amount', 'years')"),
        ('<evaluator ftype="linear" slope="0.6" offset="0.1"/>', "",
         "issue 'years'/evaluator: expected one element, found 0"),
        ("<utility_space>", "<utility_space><objective/>",
         "utility_space/objective: expected one element, found 2"),
        ("</objective>", "", "xml: not well-formed: mismatched tag: line 8, column 32"),
    ],
)  # fmt: skip
def test_malformed_genius_profiles(tmp_path: Path, old: str, new: str, message: str) -> None:
    space = parse_genius_domain(DOMAIN, "d.xml")
    assert old in PROFILE
    path = tmp_path / "p.xml"
    path.write_text(PROFILE.replace(old, new))
    with pytest.raises(InputError) as error:
        load_genius_profile(path, space)
    assert str(error.value) == f"{path}: {message}"


def test_missing_issue_in_a_profile() -> None:
    space = parse_genius_domain(DOMAIN, "d.xml")
    start = PROFILE.index('<issue index="2"')
    end = PROFILE.index("</issue>", start) + len("</issue>")
    text = PROFILE[:start] + PROFILE[end:]
    with pytest.raises(InputError) as error:
        parse_genius_profile(text, space, "p.xml")
    assert str(error.value) == "p.xml: issue 'years': is in the domain but not the profile"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("<negotiation_template>", "<negotiation>", "xml: not well-formed: mismatched tag: "
         "line 5, column 30"),
        ('type="integer"', 'type="rational"',
         "issue 'years': issue type 'rational' is not supported (discrete, integer, real)"),
        ('<item index="2" value="high"/>', '<item index="2" value="low"/>',
         "issue 'amount': value 'low' appears twice"),
        ('name="years"', 'name="amount"', "issue 'amount': appears twice"),
        ('lowerbound="1"', 'lowerbound="one"', "issue 'years': lowerbound='one' is not an integer"),
        ("<utility_space>", "<utility_space><objective/>",
         "utility_space/objective: expected one element, found 2"),
    ],
)  # fmt: skip
def test_malformed_genius_domains(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in DOMAIN
    path = tmp_path / "d.xml"
    path.write_text(DOMAIN.replace(old, new))
    with pytest.raises(InputError) as error:
        load_genius_domain(path)
    assert str(error.value) == f"{path}: {message}"


def test_unreadable_and_wrong_root_files(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        load_genius_domain(tmp_path / "absent.xml")
    assert str(error.value).startswith(f"{tmp_path / 'absent.xml'}: cannot read: ")
    with pytest.raises(InputError) as error:
        parse_genius_domain(PROFILE, "p.xml")
    assert str(error.value) == "p.xml: utility_space: root element must be <negotiation_template>"


def test_export_refuses_what_genius_would_rescale() -> None:
    space = OutcomeSpace((Issue("amount", ("low", "high")),))
    party = LinearAdditivePreferences(
        {"amount": 1.0}, {"amount": TableValue.of({"low": 0.8, "high": 0.2})}, source="host"
    )
    with pytest.raises(PreferenceError) as error:
        genius_profile_xml(space, party)
    assert str(error.value) == (
        "host: issue 'amount': best value is worth 0.8: "
        "GENIUS rescales each issue's best value to 1"
    )
    # GeniusWeb keeps the values as they are.
    text = geniusweb_profile_json(space, party)
    assert parse_geniusweb_profile(text)[1].utilities(space).tolist() == [0.8, 0.2]
