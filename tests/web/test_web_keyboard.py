"""Keyboard use: Tab from the top reaches the skip link first, then each form field in order;
Enter submits the form."""

from __future__ import annotations

from conftest import Tab

FOCUSED = "(el => el.id || el.getAttribute('href') || el.tagName)(document.activeElement)"


def _tab_order(tab: Tab, stop: str, limit: int = 40) -> list[str]:
    seen = []
    for _ in range(limit):
        tab.page.keyboard.press("Tab")
        seen.append(tab.page.evaluate(FOCUSED))
        if seen[-1] == stop:
            break
    return seen


def test_tab_reaches_skip_link_then_fields_and_enter_logs_in(tab: Tab):
    tab.open("/tracker")
    order = _tab_order(tab, "f-password")
    assert order[0] == "#main"  # the skip link comes first
    assert order.index("f-username") < order.index("f-password")
    tab.page.keyboard.press("Shift+Tab")
    tab.page.keyboard.type("us-demo")
    tab.page.keyboard.press("Tab")
    tab.page.keyboard.type("us-demo-2018")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_selector("#who")
    assert tab.page.text_content("#who") == "us-demo"
    assert tab.errors == []


def test_tab_order_of_the_proposals_form(tab: Tab):
    tab.open("/proposals")
    order = _tab_order(tab, "f-rate")
    assert order[0] == "#main"
    fields = ["f-proposal", "f-amount_kind", "f-amount", "f-years", "f-escalation", "f-rate"]
    assert [f for f in order if f in fields] == fields
    tab.page.keyboard.press("Shift+Tab")  # the years field, to a bad value; Enter submits
    tab.page.keyboard.press("Shift+Tab")
    tab.page.keyboard.press("Control+A")
    tab.page.keyboard.type("99")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_selector("#e-years")
    assert tab.page.input_value("#f-years") == "99"
