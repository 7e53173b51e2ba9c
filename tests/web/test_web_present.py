"""What people see on the dashboard, in Debian's chromium: the proposal form loads what is
chosen and marks edits as the user's assumption, no link holds two URLs, /docs and /redoc
render offline, Plotly only where there are charts (compressed), whole years on axes, no
negative people, Nash and Kalai–Smorodinsky labels apart, readable outcome labels."""

from __future__ import annotations

import gzip
import urllib.request
from typing import Any

import pytest

from burdenshare.costs.compare import compare
from burdenshare.costs.scenario import load_scenario
from conftest import Server, Tab, apart


def _chart_rows(tab: Tab) -> dict[str, dict[str, Any]]:
    rows = tab.page.locator("#proposals-table tbody tr")
    out = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td").all_text_contents()
        out[cells[0]] = {"label": cells[1], "party": cells[2]}
    return out


def test_choosing_a_proposal_loads_its_own_terms(tab: Tab) -> None:
    tab.open("/proposals")
    assert tab.page.input_value("#f-amount") == "150"  # us-150pct, the default
    tab.page.select_option("#f-proposal", "rok-1tn")
    assert tab.page.input_value("#f-amount_kind") == "KRW"
    assert tab.page.input_value("#f-amount") == "1000000000000"
    assert tab.page.input_value("#f-label") == "ROK line: 1 trillion won"
    tab.page.click("#proposal-form button[type=submit]")
    tab.wait_charts()
    line = tab.trace("chart-proposals", "rok-1tn")
    assert line["y"] == pytest.approx([1000.0] * 5)  # 1 trillion won a year, not 1,440.3 bn
    rows = _chart_rows(tab)
    assert rows["rok-1tn"] == {"label": "ROK line: 1 trillion won", "party": "ROK"}
    assert tab.page.locator("#assumption-status").count() == 0  # the source's own terms
    assert tab.errors == []


def test_without_script_a_new_choice_loads_rather_than_applies_old_terms(
    browser: Any, server: Server
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server.url + "/proposals")
        page.select_option("#f-proposal", "rok-1tn")  # the fields keep us-150pct's 150%
        page.click("#proposal-form button[type=submit]")
        assert page.input_value("#f-amount") == "1000000000000"
        assert page.input_value("#f-loaded") == "rok-1tn"
        row = page.locator("#proposals-table tbody tr", has_text="rok-1tn")
        assert "5,000.0" in row.text_content()  # KRW bn (header): 5 × 1 trillion won, not 7,201.5
    finally:
        context.close()


def test_edited_terms_are_the_users_assumption_in_page_and_download(tab: Tab) -> None:
    tab.open("/proposals")
    tab.page.select_option("#f-proposal", "us-1.6bn")
    tab.page.fill("#f-amount", "1400000000")
    tab.page.click("#proposal-form button[type=submit]")
    tab.wait_charts()
    assert "your assumption" in tab.page.text_content("#assumption-status")
    row = _chart_rows(tab)["us-1.6bn"]
    assert row["party"] == "user (assumption)"
    assert row["label"] == "us-1.6bn with the user's terms (an assumption)"
    href = tab.page.get_attribute("#download-yaml", "href")
    text = tab.page.request.get(tab.base + href).text()
    block = text[text.index("us-1.6bn:") :]
    block = block[: block.index("\n  us-", 1)] if "\n  us-" in block[1:] else block
    assert "user (assumption)" in block
    assert "WSJ" not in block and "wsj.com" not in block  # no credit to the newspaper
    assert tab.errors == []


def test_duplicate_as_new_keeps_the_original_and_relabels(tab: Tab) -> None:
    tab.open("/proposals")
    tab.page.select_option("#f-proposal", "rok-1tn")
    tab.page.fill("#f-amount", "1100000000000")
    tab.page.fill("#f-new_key", "rok-1-1tn")
    tab.page.fill("#f-label", "What if Seoul offered 1.1 trillion")
    tab.page.click("#proposal-form button[type=submit]")
    tab.wait_charts()
    rows = _chart_rows(tab)
    assert rows["rok-1tn"] == {"label": "ROK line: 1 trillion won", "party": "ROK"}
    assert rows["rok-1-1tn"] == {
        "label": "What if Seoul offered 1.1 trillion",
        "party": "user (assumption)",
    }
    assert tab.trace("chart-proposals", "rok-1-1tn")["y"] == pytest.approx([1100.0] * 5)
    assert tab.trace("chart-proposals", "rok-1tn")["y"] == pytest.approx([1000.0] * 5)
    # an existing key is refused next to the field
    tab.page.fill("#f-new_key", "us-150pct")
    tab.page.click("#proposal-form button[type=submit]")
    tab.wait_charts()
    assert "exists already" in tab.page.text_content("#e-new_key")


def test_no_source_link_holds_two_urls(tab: Tab) -> None:
    tab.open("/history")
    hrefs = tab.page.eval_on_selector_all(
        "#history-table a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs and all(h.count("http") == 1 and " " not in h for h in hrefs)
    doubled = tab.page.locator("#history-table td", has_text="source 2").count()
    assert doubled >= 7  # the years whose reference names a white paper and a news report
    urls = [t.get("customdata") for t in tab.traces("chart-history-krw")]
    assert all(u.count("http") <= 1 for trace in urls for u in trace)


def test_year_axes_have_whole_years_and_gaps_are_not_bridged(tab: Tab) -> None:
    for path, chart in (("/history", "chart-history-krw"), ("/proposals", "chart-proposals")):
        tab.open(path)
        ticks = tab.page.locator(f"#{chart} .xtick text").all_text_contents()
        assert ticks and all(t.isdigit() and len(t) == 4 for t in ticks), (path, ticks)
    tab.open("/history")
    real = tab.traces("chart-history-krw")[1]
    assert real["connectgaps"] is False
    assert None in real["y"]  # years the CPI series cannot give stay gaps


def test_lapse_people_axis_has_no_negative_people(tab: Tab) -> None:
    tab.open("/lapse")
    ticks = tab.page.locator("#chart-lapse .y2tick text").all_text_contents()
    assert ticks
    assert all(not t.startswith(("-", "−")) for t in ticks), ticks
    # round ticks of the people axis itself (at most 4,100 people on leave: steps of 1,000)
    assert ticks == ["0", "1000", "2000", "3000", "4000"], ticks


def test_nash_and_kalai_smorodinsky_labels_do_not_overlap(tab: Tab) -> None:
    """The two labels are apart from each other and from every marker drawn on the plot
    (outcomes, zone of agreement, frontier, solution points, recorded offers)."""
    tab.open("/negotiation")
    boxes = {}
    for label in ("Nash", "Kalai–Smorodinsky"):
        text = tab.page.locator("#chart-utility .annotation-text", has_text=label).first
        boxes[label] = text.bounding_box()
    a, b = boxes["Nash"], boxes["Kalai–Smorodinsky"]
    assert a and b and apart(a, b), boxes
    points = tab.page.eval_on_selector_all(
        "#chart-utility .scatterlayer path.point",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.x, y: r.y, width: r.width, height: r.height}; })",
    )
    assert len(points) > 100  # every outcome is drawn
    covered = [(label, p) for label, box in boxes.items() for p in points if not apart(box, p)]
    assert covered == [], covered[:3]
    terms = tab.page.locator("table").first.text_content()
    assert "{" not in terms and "amount" in terms


def test_docs_and_redoc_render_offline(tab: Tab) -> None:
    outside: list[str] = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(tab.base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    tab.page.route("**/*", only_local)
    tab.page.goto(tab.base + "/docs")
    tab.page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "burdenshare tracker" in tab.page.text_content(".swagger-ui .info .title")
    tab.page.goto(tab.base + "/redoc")
    tab.page.wait_for_selector("h1", timeout=15_000)
    assert "burdenshare tracker" in tab.page.text_content("h1")
    assert outside == []


def test_plotly_only_on_pages_with_charts_and_compressed(tab: Tab, server: Server) -> None:
    for path, charts in (("/", False), ("/history", True), ("/tracker", False)):
        tab.open(path)
        scripts = tab.page.eval_on_selector_all(
            "script[src]", "s => s.map(e => e.getAttribute('src'))"
        )
        assert ("/static/plotly.min.js" in scripts) is charts, path
    request = urllib.request.Request(
        server.url + "/static/plotly.min.js", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request) as answer:
        assert answer.headers["content-encoding"] == "gzip"
        body = answer.read()
    assert len(body) < 2_000_000 < len(gzip.decompress(body))


def test_comparison_page_states_the_common_horizon(tab: Tab) -> None:
    tab.open("/proposals")
    row = tab.page.locator("#proposals-table tbody tr", has_text="outcome-2019")
    text = row.text_content()
    assert "2019 (1 year)" in text
    assert "78.700" in text and "3,762.1" not in text  # KRW bn, the unit in the header
    assert "vs baseline, same years (KRW bn)" in tab.page.text_content("#proposals-table thead")
    summary = {r["proposal"]: r for r in compare(load_scenario("sma-2018")).summary_records()}
    assert summary["outcome-2019"]["diff_total"] == 78_700_000_000
