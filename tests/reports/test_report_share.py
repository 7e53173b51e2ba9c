"""The briefing's "What each side pays" and "How the allies compare" sections: figures from the
engine, every figure cited, the cost assumption stated."""

from __future__ import annotations

import pytest

from burdenshare.costs.implied import implied_shares
from burdenshare.costs.scenario import load_scenario
from burdenshare.reports import Options, build_report
from burdenshare.reports.html import render_html
from burdenshare.reports.model import Report


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report(load_scenario("sma-2018"), Options(runs=200, seed=1))


def test_share_sections_hold_the_engine_figures(report: Report) -> None:
    share = report.share
    assert share is not None and share.each_side is not None and share.implied is not None
    # present/share.py's strings (US$ m, 5 significant figures, as `burdenshare share`)
    rows = {(r[0], r[1]): r for r in share.each_side.texts()}
    assert rows[("2016–2019", "direct")][2:5] == ("5,800.0", "13,400", "30.21%")
    assert rows[("2020", "sma")][4] == "16.47%" and "basis changes" in rows[("2020", "sma")][7]
    assert rows[("2016–2019", "direct")][6] == "0.089%"
    # present/implied.py's strings (as `compare` prints them)
    implied = {r[0]: r for r in share.implied.texts()}
    for r in implied_shares(load_scenario("sma-2018")).rows:
        assert implied[r.proposal][2] == f"{r.share_first_year}%"
    assert implied["us-1.2bn"][1:] == ("1,200.0", "21.19%", "1,200.0", "21.19%", "4,464.2")
    assert "Cost assumption: sending-state cost held at 4,464,200,000.00 USD" in (
        share.implied.caption
    )
    # present/allies.py's strings (as `allies` prints them), each figure then its mark
    countries = [r[0] for r in share.allies.texts()]
    assert countries == ["Republic of Korea", "Japan", "Germany"]
    assert share.allies.texts()[0][1].startswith("28,500 (2024) [")
    assert [t[0] for t in share.targets.texts()] == [
        "NATO guideline: 2% of GDP on defence",
        "NATO 2025: 3.5% of GDP on core defence",
        "NATO 2025: up to 1.5% of GDP on defence- and security-related spending",
    ]


def test_every_share_figure_is_cited(report: Report) -> None:
    refs = [ref for ref, _ in report.sources.entries]
    for page in (
        "https://www.gao.gov/products/gao-21-270",
        "https://sedaily.com/NewsView/1VQZ1MSU1M/GF01",
        "https://www.nato.int/cps/en/natohq/news_112461.htm",
        "https://www.stripes.com/news/europe/germany-spent-over-1-billion-to-cover-costs-linked-to-us-troops-1.636603",
    ):
        assert page in refs, page
    numbers = {f"[{i}]" for i in range(1, len(refs) + 1)}
    assert report.share is not None
    sourced = ("us_troops", "defence_pct_gdp", "host_support", "sma_contribution")
    for key in sourced:
        for cell in report.share.allies.column(key):
            assert cell.text == "—" or cell.text.split()[-1] in numbers, cell
    for cell in report.share.targets.column("source"):
        assert cell.text in numbers, cell


def test_html_has_both_sections_before_history(report: Report) -> None:
    html = render_html(report)
    each, allies, hist = (
        html.index(">What each side pays</h2>"),
        html.index(">How the allies compare</h2>"),
        html.index(">Appendix A. History</h2>"),  # the history is the appendix (issue 18)
    )
    assert each < allies < hist
    assert "30.21%" in html and "60.00%" not in html
