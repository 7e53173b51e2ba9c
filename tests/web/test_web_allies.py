"""The Allies page in a real browser: the charts and tables show the engine's figures, no
console error, and nothing wider than a phone but the scrolling tables."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from burdenshare.costs.allies import allies
from burdenshare.costs.share import share
from conftest import VIEWPORTS, Server, Tab, new_tab


def test_allies_charts_and_tables_show_the_engine_figures(tab: Tab) -> None:
    response = tab.open("/allies")
    assert response.status == 200
    panel = allies()
    for code, name in panel.countries:
        trace = tab.trace("chart-allies-gdp", name)
        rows = panel.of(code, "defence_pct_gdp")
        x, y, links = _points(trace)
        assert x == [r.first for r in rows]
        assert y == pytest.approx([float(r.value) for r in rows])
        assert links == [r.source for r in rows]
    # Korea's two figures (2014, 2025) are two markers, not a line across ten empty years
    korea_gdp = tab.trace("chart-allies-gdp", "Republic of Korea")
    assert korea_gdp["x"] == list(range(2014, 2026)) and korea_gdp["y"][1:-1] == [None] * 10
    for t in panel.targets:
        target = tab.trace("chart-allies-gdp", t.label)
        assert set(target["y"]) == {float(t.percent)}
        assert target["x"] == [t.agreed, t.by]  # over its own period, agreed → deadline
    korea = tab.trace("chart-allies-sma", "Republic of Korea")
    sma = [r for r in panel.of("KOR", "sma_contribution") if r.usd is not None]
    assert _points(korea)[0] == [r.first for r in sma]
    assert _points(korea)[1] == pytest.approx([r.usd / 1e8 for r in sma if r.usd is not None])
    japan = tab.trace("chart-allies-sma", "Japan")
    assert japan["connectgaps"] is False
    assert [x for x, y in zip(japan["x"], japan["y"], strict=True) if y is None] == [2017, 2018]
    ticks = tab.page.locator("#chart-allies-sma .xtick text").all_text_contents()
    assert ticks and all(t.isdigit() and len(t) == 4 for t in ticks), ticks
    row = tab.page.locator('#allies-table tr[data-row="KOR"]')  # present/allies.py
    assert "28,500 (2024)" in row.inner_text() and "5,800.0 US$ m" in row.inner_text()
    link = row.locator("a", has_text="28,500 (2024)")
    assert link.get_attribute("href") == "https://www.everycrsreport.com/reports/IF13050.html"
    shares = tab.page.locator("#share-table tbody tr")
    expected = [*share("us-rok", "direct").rows, *share("us-rok", "sma").rows,
                *share("us-japan", "direct").rows, *share("us-japan", "sma").rows,
                *share("us-japan", "direct+indirect").rows]  # fmt: skip
    assert shares.count() == len(expected)
    texts = [shares.nth(i).inner_text() for i in range(shares.count())]
    assert [f"{r.host_share_pct}%" in t for r, t in zip(expected, texts, strict=True)] == [
        True
    ] * len(expected)
    assert "30.21%" in texts[0] and "basis change" in texts[2]
    assert "1995" in texts[-1] and "75.93%" in texts[-1]  # CRS 94-515: "76 percent"
    assert tab.page.locator("#targets tbody tr").count() == 3
    assert tab.errors == []


def _points(trace: dict[str, Any]) -> tuple[list[Any], list[Any], list[Any]]:
    """A gapped trace's drawn points: (years, values, links) where the value is not None."""
    kept = [i for i, y in enumerate(trace["y"]) if y is not None]
    return (
        [trace["x"][i] for i in kept],
        [trace["y"][i] for i in kept],
        [trace["customdata"][i] for i in kept],
    )


def test_allies_on_a_phone(browser: Any, server: Server) -> None:
    tab = new_tab(browser, server.url, "phone")
    try:
        assert tab.open("/allies").status == 200
        width = tab.page.evaluate("document.querySelector('header').scrollWidth")
        assert width <= VIEWPORTS["phone"]["width"]
        main = tab.page.evaluate("document.querySelector('main').scrollWidth")
        assert main <= VIEWPORTS["phone"]["width"]
        tab.shot("allies-phone")
        assert tab.errors == []
    finally:
        tab.page.context.close()


def test_json_twin_is_the_page_data(server: Server) -> None:
    data = httpx.get(server.url + "/data/allies").json()
    assert data["records"] == allies().to_records()
    assert data["shares"][0]["records"][0]["sending_state_cost"] == 1_340_000_000_000
    assert [t["percent"] for t in data["targets"]] == ["2", "3.5", "1.5"]
