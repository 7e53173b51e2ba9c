"""Japan's host-nation-support budget lines confirmed this round by a second dated page, one
case each: the value as the page states it and the page among the year's sources or notes."""

from __future__ import annotations

import pytest

from burdenshare.costs.history import history
from burdenshare.data import bundled_series

OKU = 100_000_000  # 億円


@pytest.mark.parametrize(
    ("year", "oku", "page"),
    [
        # "the government plans to spend 275.6 billion yen, up 8.6 percent from fiscal 1998"
        (
            1999,
            2756,
            "japantimes.co.jp/news/1999/10/27/national/ministry-to-review-u-s-base-funding",
        ),
        # "Host-nation support totaled ¥189.9 billion in fiscal 2015."
        (
            2015,
            1899,
            "japantimes.co.jp/news/2015/10/27/national/politics-diplomacy/finance-ministry",
        ),
        (2015, 1899, "mainichi.jp/english/articles/20151212/p2a/00m/0na/010000c"),  # "some 189.9"
        # "the 201.7 billion yen Japan pays under the program for the current fiscal year"
        (2021, 2017, "asahi.com/ajw/articles/14508688"),
        # "falling to 184.8 billion yen in FY2014" (US Embassy media translation, June 2021)
        (2014, 1848, "jmh.usembassy.gov/20210609168955"),
        # "The HNS for the FY2021 budget was 201.7 billion yen" (the same translation)
        (2021, 2017, "jmh.usembassy.gov/20210609168955"),
    ],
)
def test_japan_budget_line_confirmed_by_a_dated_page(year: int, oku: int, page: str) -> None:
    entry = history("us-japan", bundled_series()).entry(year)
    assert entry.amount.minor == oku * OKU and entry.amount.currency.code == "JPY"
    assert page in entry.source + " " + entry.note


JBAUDIT = "https://report.jbaudit.go.jp/org/h29/ZUIJI4/2017-h29-Z4016-0.htm"
# Board of Audit, April 2018, 図表5: settled expenditure of 在日米軍駐留経費負担 (million yen)
EXECUTED_MILLION_YEN = {
    1996: 273_739,
    1997: 268_324,
    1998: 265_528,
    1999: 271_775,
    2000: 271_462,
    2001: 247_529,
    2002: 254_068,
}


@pytest.mark.parametrize(("year", "million"), sorted(EXECUTED_MILLION_YEN.items()))
def test_japan_executed_from_the_board_of_audit(year: int, million: int) -> None:
    obs = bundled_series()["jp-hns-executed"].observations[year]
    assert obs.value == million * 1_000_000 and obs.reference == JBAUDIT and not obs.flags


def test_fy1999_ledger_separates_budgeted_and_executed() -> None:
    """FY1999: budget line 275.6 billion yen, executed 271,775 million (98.6%): two figures,
    two bases, in one record, never one replacing the other."""
    entry = history("us-japan", bundled_series()).entry(1999)
    (executed,) = (e for e in entry.ledger if e.key == "executed")
    assert executed.amount.minor == 271_775_000_000 and executed.source == JBAUDIT
    assert entry.amount.minor == 2756 * OKU
    assert round(executed.amount.minor * 1000 / entry.amount.minor) == 986  # 98.6%


def test_fy2014_to_fy2015_growth_is_between_consecutive_budget_lines() -> None:
    """FY2014 184.8 → FY2015 189.9 billion yen: +2.76% (two documented lines, no spreading)."""
    recs = {r["year"]: r for r in history("us-japan", bundled_series()).to_records()}
    assert recs[2015]["growth_pct"] == "2.76"  # 1,899 / 1,848 − 1 = 2.7597…%
    assert "secondary" in str(recs[2014]["flags"])
