"""The Tracker's record forms in a real browser: the real 2019 deal (108.2% of the 2018 level,
one year; DOMAIN.md and the seed report: 1,038.9 billion won, +8.2%) recorded as typed, with
its units, kept although it is off the scenario's analysed grid; a note private to the
delegation, an issue's status, a clause; a bad value gets its field's message."""

from __future__ import annotations

from typing import Any

from conftest import Server, Tab, new_tab

PRIVATE_NOTE = "FORMS-TEST private: the 108.2% line holds"


def _submit(tab: Tab, form: str) -> None:
    with tab.page.expect_navigation():
        tab.page.click(f"#{form} button[type=submit]")
    tab.wait_charts()


def test_record_the_real_deal_with_units_and_bad_values(tab: Tab):
    tab.login("rok-demo", "rok-demo-2018")
    tab.open("/tracker")
    label = "Signed: 1,038.9 billion won for 2019 (108.2%), one year"
    # a bad value: the field's own message, the input kept, nothing written
    rows = tab.page.locator("#offers-table tbody tr").count()
    tab.page.select_option("#f-round_id", label="Round 10")
    tab.page.select_option("#f-party", "ROK")
    tab.page.fill("#f-label", label)
    tab.page.fill("#f-term_amount", "250")
    tab.page.fill("#f-term_duration", "one")
    tab.page.fill("#f-term_increase", "0")
    tab.page.select_option("#f-term_strategic_assets", "no")
    _submit(tab, "offer-form")
    assert tab.page.text_content("#offer-form #e-term_amount") == (
        "Total amount: enter a number from 100 to 200 % of the 2018 level"
    )
    assert tab.page.text_content("#offer-form #e-term_duration") == (
        "Duration: enter a number in years"
    )
    assert tab.page.input_value("#f-term_amount") == "250"
    assert tab.page.locator("#offers-table tbody tr").count() == rows
    # the real deal, off the analysed grid (its steps are 100, 104, 108, 112, ...)
    tab.page.fill("#f-term_amount", "108.2")
    tab.page.fill("#f-term_duration", "1")
    _submit(tab, "offer-form")
    row = tab.page.locator("#offers-table tbody tr", has_text=label)
    assert row.count() == 1
    assert row.locator(".terms").text_content() == (
        "Total amount: 108.2 % of the 2018 level; Duration: 1 years; "
        "Annual increase: 0 % a year; Strategic-asset support: no"
    )
    assert row.locator(".placed").text_content() == (
        "not placed: off the analysed grid: amount = 108.2 is not one of the scenario's steps "
        "[100, 104, 108, 112, 116, 120, 125, 130, 140, 150, 175, 200], so it has no utilities"
    )
    # the same deal typed in won: 1,038.9 of 960.2 billion won = 108.196…% → 108.20
    in_won = label + " (typed in won)"
    tab.page.select_option("#f-round_id", label="Round 10")
    tab.page.fill("#f-label", in_won)
    tab.page.select_option("#f-term_amount_in", "billions")
    tab.page.fill("#f-term_amount", "2,000")
    tab.page.fill("#f-term_duration", "1")
    tab.page.fill("#f-term_increase", "0")
    _submit(tab, "offer-form")
    assert tab.page.text_content("#offer-form #e-term_amount") == (
        "Total amount: enter a number from 960.2 to 1920.4 billion KRW"
    )
    tab.page.fill("#f-term_amount", "1,038.9")
    _submit(tab, "offer-form")
    assert tab.page.locator("#offers-table tbody tr", has_text=in_won).count() == 1
    data = tab.page.request.get(tab.base + "/data/tracker").json()
    real = {"amount": 108.2, "duration": 1, "increase": 0, "strategic_assets": "no"}
    assert [o["terms"] for o in data["offers"] if o["label"] in (label, in_won)] == [real, real]
    assert tab.errors == [] or all("422" in e for e in tab.errors)


def test_note_status_and_clause_forms(browser: Any, server: Server):
    rok = new_tab(browser, server.url)
    try:
        rok.login("rok-demo", "rok-demo-2018")
        rok.open("/tracker")
        # a private note: shown to ROK
        rok.page.select_option("#f-note_visibility", "private")
        rok.page.fill("#f-note_body", "")
        _submit(rok, "note-form")
        assert rok.page.text_content("#note-form #e-note_body") == "write the note"
        rok.page.fill("#f-note_body", PRIVATE_NOTE)
        _submit(rok, "note-form")
        assert PRIVATE_NOTE in rok.page.text_content("#notes")

        # the amount agreed at round 10 (the demo has it open there)
        def amount_at_10() -> str:
            cells = rok.page.locator("#board tbody tr", has_text="Total amount").locator("td")
            heads = rok.page.locator("#board thead th").all_text_contents()
            return str(cells.nth(heads.index("R10")).text_content()).strip()

        assert amount_at_10() == "open"
        rok.page.select_option("#f-status_issue_id", label="Total amount")
        rok.page.select_option("#f-status_round_id", label="Round 10")
        rok.page.select_option("#f-status_value", "agreed")
        _submit(rok, "status-form")
        assert amount_at_10() == "agreed"
        # a clause; a bad key gets the key's message
        rok.page.fill("#f-clause_key", "bad key!")
        rok.page.fill("#f-clause_title", "Article I: total amount")
        _submit(rok, "clause-form")
        assert rok.page.locator("#clause-form #e-clause_key").count() == 1
        assert rok.page.input_value("#f-clause_title") == "Article I: total amount"
        rok.page.fill("#f-clause_key", "forms-art-1")
        rok.page.fill("#f-clause_text", "1,038.9 billion won for 2019.")
        rok.page.select_option("#f-clause_status", "proposed")
        _submit(rok, "clause-form")
        clause = rok.page.locator("#clauses tbody tr", has_text="Article I: total amount")
        assert "proposed" in str(clause.text_content())
        assert "1,038.9 billion won for 2019." in str(clause.text_content())
        assert rok.errors == [] or all("422" in e for e in rok.errors)
    finally:
        rok.page.context.close()
    us = new_tab(browser, server.url)
    try:
        us.login("us-demo", "us-demo-2018")
        us.open("/tracker")
        assert PRIVATE_NOTE not in us.page.content()
        assert "Article I: total amount" in us.page.text_content("#clauses")
        data = us.page.request.get(server.url + "/data/tracker").json()
        assert PRIVATE_NOTE not in str(data)
    finally:
        us.page.context.close()
