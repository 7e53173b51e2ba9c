"""Every chart's title clears Plotly's mode bar (the zoom, pan and download buttons drawn at the
top right of a chart when the pointer is over it): their bounding boxes do not intersect, on
every page with charts, at desktop and phone width (issue 18/20 leftover: the bar covered the
titles on /allies and /backtest)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Server, Tab, apart, new_tab

CHART_PAGES = {
    "/history": ["chart-history-krw", "chart-history-usd", "chart-history-growth"],
    "/proposals": ["chart-proposals"],
    "/lapse": ["chart-lapse"],
    "/negotiation": ["chart-utility", "chart-concessions"],
    "/allies": ["chart-allies-gdp", "chart-allies-sma"],
    "/backtest": ["chart-backtest"],
    "/sensitivity": ["chart-tornado"],
    "/tracker": ["chart-offers", "chart-tracker-analysis"],
}


def _boxes(tab: Tab, chart: str) -> tuple[dict[str, float], dict[str, float]]:
    """The title's and the mode bar's boxes of ``chart``, the pointer over the chart."""
    tab.page.locator(f"#{chart}").scroll_into_view_if_needed()
    tab.page.locator(f"#{chart}").hover(force=True)
    title = tab.page.locator(f"#{chart} .gtitle").bounding_box()
    bar = tab.page.locator(f"#{chart} .modebar").bounding_box()
    assert title and bar and title["width"] > 50 and bar["width"] > 50, (chart, title, bar)
    return title, bar


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_no_chart_title_is_under_the_mode_bar(browser: Any, server: Server, viewport: str) -> None:
    tab = new_tab(browser, server.url, viewport)
    try:
        tab.login("rok-demo", "rok-demo-2018")
        overlaps = []
        for path, charts in CHART_PAGES.items():
            tab.open(path)
            for chart in charts:
                title, bar = _boxes(tab, chart)
                if not apart(title, bar):
                    overlaps.append((path, chart, title, bar))
        tab.shot(f"chart-titles-{viewport}")
        assert overlaps == []
    finally:
        tab.page.context.close()
