"""The 2005 cut, the first ever, shows on /history's growth chart although the agreed currency
changed that year (US dollars to won): 2004's US$620 m at the year's rate against 680.4 bn won
(issue 14: "the first-ever cut (2005) is invisible")."""

from __future__ import annotations

import pytest

from burdenshare.web.charts import history_figures
from burdenshare.web.views import history_view


def test_the_2005_cut_is_on_the_growth_chart_in_won() -> None:
    view = history_view()
    row = next(r for r in view["rows"] if r["year"] == 2005)
    assert row["growth_pct"] is None  # no growth in the agreed currency: it changed
    assert row["krw_growth_pct"] == -8.90  # 680.4 / 746.9 − 1 (2004 converted at its rate)
    assert all(r["krw_growth_pct"] is None for r in view["rows"] if r["year"] != 2005)
    traces = history_figures(view)["chart-history-growth"]["data"]
    assert [t["name"] for t in traces] == [
        "Growth (%)",
        "Growth in won (the agreed currency changed)",
    ]
    assert (traces[1]["x"], traces[1]["y"]) == ([2005], [-8.90])


def test_the_people_axis_steps_are_round_and_at_most_five() -> None:
    from burdenshare.web.charts import people_step

    cases = {0: 1, 5: 1, 6: 2, 11: 5, 40: 10, 4100: 1000, 8000: 2000, 10001: 5000}
    assert {most: people_step(most) for most in cases} == cases


def test_dollar_years_at_an_assumed_rate_are_their_own_hollow_trace() -> None:
    """2026–2027 (no published annual-average rate yet) are not on the USD line: a separate
    trace of hollow markers named an assumption; the table says so in its notes."""
    from burdenshare.present.table import ResultTable

    view = history_view()
    usd = history_figures(view)["chart-history-usd"]["data"]
    line, assumed = usd
    at = line["x"].index(2026)
    assert line["y"][at] is None and line["y"][at - 1] is not None  # 2025 on the line
    assert assumed["name"] == "USD at the last published rate (assumption)"
    assert assumed["x"] == [2026, 2027]
    assert assumed["marker"]["symbol"] == "circle-open"
    assert assumed["y"][0] == pytest.approx(1_068.808_185_30)  # US$ m, 15,192억 at 1,421.3963
    table = ResultTable.from_json(view["table"])
    assert any(
        n.startswith("Assumption: 2026, 2027 in USD at the last published annual-average rate")
        for n in table.notes
    ), table.notes
