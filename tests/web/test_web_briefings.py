"""Briefings from the dashboard: a click downloads the HTML/PDF report of the bundled scenario,
of a saved scenario (its owner only), and of a tracked negotiation, built from the caller's own
delegation's profiles and nothing another delegation keeps private."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from test_web_tracker import private

from burdenshare.costs.compare import compare
from burdenshare.costs.scenario import load_scenario
from burdenshare.money import format_money
from burdenshare.present.numbers import amount
from burdenshare.store.settings import load_settings
from burdenshare.web import WEB_RULES, create_web_app
from conftest import Server, Tab, new_tab

ROUTES = (
    ("GET", "/proposals/briefing.{kind}"),
    ("GET", "/tracker/{negotiation_id}/briefing.{kind}"),
)


def _download(tab: Tab, selector: str, tmp_path: Path) -> Path:
    with tab.page.expect_download(timeout=60_000) as info:
        tab.page.click(selector)
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(str(path))
    return path


def test_briefing_routes_are_in_the_access_table(server: Server, tmp_path: Path):
    assert all(key in WEB_RULES for key in ROUTES)
    settings = load_settings({"BURDENSHARE_HOME": str(tmp_path)}).with_database(server.database_url)
    app = create_web_app(settings)
    assert app.state.access.missing(app.routes) == []


def test_download_the_briefing_of_the_bundled_scenario(tab: Tab, tmp_path: Path):
    tab.open("/proposals")
    pdf = _download(tab, "#briefing-pdf", tmp_path)
    assert pdf.name == "sma-2018-briefing.pdf"
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert 4 <= len(reader.pages) <= 12  # as the CLI's briefing (tests/reports/test_report.py)
    text = "\n".join(page.extract_text() for page in reader.pages)
    totals = {i.proposal.key: i.total for i in compare(load_scenario("sma-2018")).items}
    assert format_money(totals["us-150pct"]) == "7,201,500,000,000 KRW"
    # tables follow the number policy: KRW billion, five significant figures
    assert amount(totals["us-150pct"].minor, totals["us-150pct"].currency) == "7,201.5"
    assert "7,201.5" in text and "6,786.0" in text
    assert tab.errors == []


def test_saved_scenario_briefing_is_its_owners(tab: Tab, tmp_path: Path):
    refused = tab.page.request.get(tab.base + "/proposals/briefing.html?saved=brief-test")
    assert refused.status == 401
    tab.login("rok-demo", "rok-demo-2018")
    tab.open("/proposals")
    tab.page.select_option("#f-proposal", "us-150pct")
    tab.page.fill("#f-amount", "130")
    tab.page.click("#proposal-form button[type=submit]")
    tab.wait_charts()
    tab.page.fill("#f-name", "brief-test")
    tab.page.click("#save-form button[type=submit]")
    tab.page.wait_for_selector("#base-name")
    html = _download(tab, "#briefing-html", tmp_path).read_text(encoding="utf-8")
    assert "Briefing · scenario brief-test" in html
    # 130% of 960.2 bn won, rounded to 1억 won: 1,248.3 bn a year, 6,241.5 bn over five years
    assert "1,248,300,000,000 KRW" in html  # the terms as stated, exactly
    assert ">6,241.5<" in html  # the total in the table, KRW billion
    other = new_tab(tab.page.context.browser, tab.base)
    try:
        other.login("us-demo", "us-demo-2018")
        answer = other.page.request.get(other.base + "/proposals/briefing.html?saved=brief-test")
        assert answer.status == 404
    finally:
        other.page.context.close()


def _nash_row(analysis: dict[str, Any]) -> str:
    from burdenshare.present.labels import outcome_label

    # present/study.py: readable terms (never "k v" pairs), one utility per column
    nash = analysis["points"]["nash"]
    terms = outcome_label(nash["outcome"])
    u = [nash["utilities"][p] for p in analysis["parties"]]
    return f'<td>{terms}</td><td class="num">{u[0]:.4f}</td><td class="num">{u[1]:.4f}</td>'


def test_negotiation_briefing_uses_only_what_the_user_may_see(
    browser: Any, server: Server, tmp_path: Path
):
    anonymous = new_tab(browser, server.url)
    try:
        assert anonymous.page.request.get(server.url + "/tracker/1/briefing.pdf").status == 401
    finally:
        anonymous.page.context.close()
    for username, own, other in (("rok-demo", "ROK", "US"), ("us-demo", "US", "ROK")):
        tab = new_tab(browser, server.url)
        try:
            tab.login(username, f"{username}-2018")
            nid = tab.page.request.get(server.url + "/data/tracker").json()["negotiation"]["id"]
            html = _download(tab, "#briefing-html", tmp_path / own).read_text(encoding="utf-8")
            analysis = tab.page.request.get(f"{server.url}/api/negotiations/{nid}/analysis").json()
            assert f"the {own} delegation&#39;s own profiles" in html
            # dated from the latest recorded round (round 10 ended 13 Dec 2018), not the scenario
            assert "as of 2018-12-13" in html and "as of 2018-12-14" not in html
            assert _nash_row(analysis) in html  # the study of the caller's own profiles
            r = analysis["reservation"]
            p1, p2 = analysis["parties"]
            assert f"{p1} {r[p1]:.4f}, {p2} {r[p2]:.4f}" in html
            for text in private(other):
                assert text not in html, (username, text)
            missing = tab.page.request.get(f"{server.url}/tracker/{nid + 999}/briefing.html")
            assert missing.status == 404
            assert tab.errors == []
        finally:
            tab.page.context.close()


def test_at_most_two_briefings_at_once(tab: Tab):
    from burdenshare.web import briefings

    held = [briefings._rendering.acquire(blocking=False) for _ in range(briefings.MAX_RENDERING)]
    try:
        assert all(held)
        busy = tab.page.request.get(tab.base + "/proposals/briefing.html")
        assert busy.status == 429
        assert busy.headers["retry-after"] == "5"
    finally:
        for _ in held:
            briefings._rendering.release()
    assert tab.page.request.get(tab.base + "/proposals/briefing.html").status == 200
