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
    ],
)
def test_japan_budget_line_confirmed_by_a_dated_page(year: int, oku: int, page: str) -> None:
    entry = history("us-japan", bundled_series()).entry(year)
    assert entry.amount.minor == oku * OKU and entry.amount.currency.code == "JPY"
    assert page in entry.source + " " + entry.note
