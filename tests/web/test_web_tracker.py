"""The Tracker page in a real browser: log in, record a round and an offer through the forms,
see them on the timeline and in the analysis plot; no delegation sees another's private data."""

from __future__ import annotations

import json
from typing import Any

from burdenshare.store.demo import demo_text
from conftest import Server, Tab, new_tab

DEMO = json.loads(demo_text())


def private(owner: str) -> list[str]:
    """The demo's private texts of one delegation (notes and profile labels)."""
    notes = [
        n["body"] for n in DEMO["notes"] if n["visibility"] == "private" and n["owner"] == owner
    ]
    labels = [p["label"] for p in DEMO["profiles"] if p["owner"] == owner]
    return notes + labels


def test_login_record_round_and_offer(tab: Tab):
    tab.open("/tracker")
    tab.page.fill("#f-username", "rok-demo")
    tab.page.fill("#f-password", "wrong")
    tab.page.click("#login-form button[type=submit]")
    assert "wrong user name or password" in tab.page.text_content("#e-password")
    assert tab.page.input_value("#f-username") == "rok-demo"
    tab.login("rok-demo", "rok-demo-2018")
    assert tab.page.text_content("#who") == "rok-demo"
    before = len(tab.trace("chart-tracker-analysis", "Recorded offers")["x"])
    rounds = tab.page.locator("#timeline > li").count()
    # a bad round: errors next to the fields, input kept
    tab.page.fill("#f-number", "eleven")
    tab.page.fill("#f-starts_on", "2019-02-30")
    tab.page.click("#round-form button[type=submit]")
    tab.wait_charts()
    assert tab.page.text_content("#round-form #e-number") == "enter a whole number"
    assert "YYYY-MM-DD" in tab.page.text_content("#round-form #e-starts_on")
    assert tab.page.input_value("#f-number") == "eleven"
    tab.shot("tracker-error-desktop")
    # a good round, then an offer in it
    tab.page.fill("#f-number", "11")
    tab.page.fill("#f-starts_on", "2019-01-21")
    tab.page.fill("#f-venue", "Seoul")
    tab.page.click("#round-form button[type=submit]")
    tab.page.wait_for_selector("#round-11")
    tab.wait_charts()
    assert tab.page.locator("#timeline > li").count() == rounds + 1
    assert "Seoul" in tab.page.text_content("#round-11")
    tab.page.select_option("#f-round_id", label="Round 11")
    tab.page.select_option("#f-party", "ROK")
    tab.page.fill("#f-label", "ROK: 1.0389 trillion won for one year")
    tab.page.fill("#f-term_amount", "108")
    tab.page.fill("#f-term_duration", "1")
    tab.page.fill("#f-term_increase", "0")
    tab.page.select_option("#f-term_strategic_assets", "no")
    tab.page.click("#offer-form button[type=submit]")
    tab.page.wait_for_selector("#round-11 .offer")
    tab.wait_charts()
    assert "1.0389 trillion" in tab.page.text_content("#round-11 .offer")
    placed = tab.trace("chart-tracker-analysis", "Recorded offers")
    assert len(placed["x"]) == before + 1
    assert "R11 ROK" in placed["text"]
    offers = tab.trace("chart-offers", "ROK")
    assert offers["y"][offers["x"].index(11)] == 1
    tab.shot("tracker-desktop")
    assert tab.errors == [] or all("422" in e or "401" in e for e in tab.errors)


def test_no_delegation_sees_the_others_private_data(browser: Any, server: Server):
    for username, own, other in (("rok-demo", "ROK", "US"), ("us-demo", "US", "ROK")):
        viewport = "phone" if own == "US" else "desktop"
        tab = new_tab(browser, server.url, viewport)
        try:
            tab.login(username, f"{username}-2018")
            tab.shot(f"tracker-{own.lower()}-{viewport}")
            for path in ("/", "/history", "/proposals", "/lapse", "/negotiation", "/tracker"):
                tab.open(path)
                html = tab.page.content()
                for text in private(other):
                    assert text not in html, (username, path)
            tab.open("/tracker")
            html = tab.page.content()
            assert any(text in html for text in private(own))
            data = tab.page.request.get(server.url + "/data/tracker").json()
            assert {n["owner"] for n in data["notes"] if n["visibility"] == "private"} == {own}
            assert {p["owner"] for p in data["profiles"]} == {own}
            assert not any(text in json.dumps(data) for text in private(other))
            assert tab.errors == []
        finally:
            tab.page.context.close()
