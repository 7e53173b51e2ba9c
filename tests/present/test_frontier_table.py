"""The Pareto frontier as one presentation value (present/study.py ``frontier_table``): the
briefing's appendix table, its terms one column per issue with units, its cells the solution
points' strings (sma-2018: 106 of the 480 possible agreements)."""

from __future__ import annotations

from functools import cache

from burdenshare.costs.scenario import load_scenario
from burdenshare.present.study import frontier_table, points_table
from burdenshare.reports import Options, build_report
from burdenshare.reports.html import render_html
from burdenshare.talks.study import NegotiationStudy, study_scenario
from test_present_consistency import _cells


@cache
def study() -> NegotiationStudy:
    return study_scenario(load_scenario("sma-2018"))


def test_the_frontier_has_units_and_exact_values() -> None:
    table = frontier_table(study())
    assert table.headers == (
        "amount (% of the reference level)",
        "duration (years)",
        "annual increase (%)",
        "strategic assets",
        "utility ROK",
        "utility US",
        "first year (KRW bn)",
    )
    assert len(table.rows) == 106 == study().analysis.pareto.size
    # 100% of the 2018 level (960.2 bn won) for one year, no increase, no strategic assets
    assert table.texts()[0] == ("100", "1", "0", "no", "0.7541", "0.2971", "960.20")
    assert table.rows[0][6].value == 960_200_000_000
    assert table.rows[0][1].value == 1 and table.rows[0][3].value == "no"
    assert table.caption.startswith("Basis: KRW, nominal. 106 of 480 possible agreements")


def test_the_solution_points_on_the_frontier_are_the_same_strings() -> None:
    """The Nash point lies on the frontier: its utilities and first-year amount are one string
    in the points table (`negotiate`, /negotiation, the briefing) and the frontier."""
    points = points_table(study())
    frontier = frontier_table(study())
    nash = points.rows[points.row_ids.index("nash")]
    index = str(nash[1].value)  # the point's outcome index
    row = frontier.texts()[frontier.row_ids.index(index)]
    assert (row[4], row[5], row[6]) == (nash[2].text, nash[3].text, nash[4].text)
    assert row[6] == "960.20"


def test_the_briefing_appendix_draws_the_frontier_with_the_one_macro() -> None:
    report = build_report(load_scenario("sma-2018"), Options(appendix=True, runs=200, seed=1))
    shown = dict(report.appendix)["the Pareto frontier"]
    assert shown == frontier_table(study())
    html = render_html(report)
    first = frontier_table(study()).row_ids[0]
    assert _cells(html, "the-Pareto-frontier", first) == list(frontier_table(study()).texts()[0])
    assert ">first year (KRW bn)</th>" in html
