"""Proposals page: download the shown comparison as a scenario file (YAML) and as CSV, save the
edited scenario per user and open it again."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from burdenshare.costs.compare import compare
from burdenshare.costs.scenario import load_scenario
from conftest import Tab


def _download(tab: Tab, selector: str, tmp_path: Path) -> Path:
    with tab.page.expect_download() as info:
        tab.page.click(selector)
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(str(path))
    return path


def _edit(tab: Tab) -> None:
    tab.page.select_option("#f-proposal", "us-150pct")
    tab.page.fill("#f-amount", "130")
    tab.page.fill("#f-years", "3")
    tab.page.select_option("#f-escalation", "fixed")
    tab.page.fill("#f-rate", "2")
    tab.page.click("#proposal-form button[type=submit]")
    tab.wait_charts()


def test_download_yaml_and_csv_of_the_edited_comparison(tab: Tab, tmp_path: Path):
    tab.open("/proposals")
    _edit(tab)
    yaml_file = _download(tab, "#download-yaml", tmp_path)
    assert yaml_file.suffix == ".yaml"
    edited = load_scenario(yaml_file)  # what `burdenshare scenario validate` runs
    assert [p.key for p in edited.all] == [p.key for p in load_scenario("sma-2018").all]
    assert edited.proposal("us-150pct").agreement.years == (2019, 2020, 2021)
    csv_file = _download(tab, "#download-csv", tmp_path)
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text())))
    expected = compare(edited).to_records()
    assert list(rows[0]) == list(expected[0])
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        assert got["proposal"] == want["proposal"] and int(got["year"]) == want["year"]
        assert int(got["amount"]) == want["amount"]  # exact integers, smallest unit
        assert int(got["native_amount"]) == want["native_amount"]
        assert got["difference"] == ("" if want["difference"] is None else str(want["difference"]))
    plotted = tab.trace("chart-proposals", "us-150pct")["y"]
    mine = [r["amount"] / 1e9 for r in expected if r["proposal"] == "us-150pct"]
    assert plotted == mine
    assert [e for e in tab.errors if "422" not in e] == []


def test_save_as_scenario_and_reload(tab: Tab):
    tab.open("/proposals")
    _edit(tab)
    tab.page.fill("#f-name", "three-years")
    tab.page.click("#save-form button[type=submit]")  # not logged in: refused, input kept
    tab.wait_charts()
    assert "log in" in tab.page.text_content("#save-form #e-name")
    assert tab.page.input_value("#f-name") == "three-years"
    tab.login("rok-demo", "rok-demo-2018")
    tab.open("/proposals")
    _edit(tab)
    tab.page.fill("#f-name", "../Bad Name")
    tab.page.click("#save-form button[type=submit]")
    tab.wait_charts()
    assert "lower-case" in tab.page.text_content("#save-form #e-name")
    assert tab.page.input_value("#f-name") == "../Bad Name"
    tab.page.fill("#f-name", "three-years")
    tab.page.click("#save-form button[type=submit]")
    tab.page.wait_for_selector("#base-name")
    tab.wait_charts()
    assert tab.page.text_content("#base-name") == "three-years"
    assert tab.trace("chart-proposals", "us-150pct")["x"] == [2019, 2020, 2021]
    assert tab.page.input_value("#f-years") == "3"
    assert "three-years" in tab.page.text_content("#saved-list")
    # reopened from the list, and another user does not have it
    tab.open("/proposals?saved=three-years")
    assert tab.trace("chart-proposals", "us-150pct")["x"] == [2019, 2020, 2021]
    tab.shot("proposals-saved-desktop")
    assert [e for e in tab.errors if "422" not in e] == []


def test_saved_scenarios_are_per_user(tab: Tab):
    tab.login("us-demo", "us-demo-2018")
    response = tab.open("/proposals?saved=three-years")
    assert response.status == 422
    assert "no saved scenario" in tab.page.text_content("#e-saved")
