"""The record's other views shaped once (present/record.py): `schedule` of an agreement whose
rule exists only in words (its documented years and why no rule runs) and `history --agreed`
(the agreed multi-year totals), by exact string and value, and as the CLI prints them."""

from __future__ import annotations

import pytest

from burdenshare.costs.catalog import find_agreement
from burdenshare.costs.record import agreed_totals, documented_years
from burdenshare.data import bundled_series
from burdenshare.money import Currency
from burdenshare.present.record import agreed_table, documented_table
from test_cli_views import run_inline


def _cells(table: object, key: str) -> list[str]:
    from burdenshare.present.table import ResultTable

    assert isinstance(table, ResultTable)
    at = [c.key for c in table.columns].index(key)
    return [row[at].text for row in table.rows]


def test_sma_1_shows_its_documented_dollar_years_and_why_no_rule_runs() -> None:
    dataset, found = find_agreement("SMA-1")
    doc = documented_years(dataset, found, bundled_series())
    assert doc is not None
    table = documented_table(doc)
    assert [c.header for c in table.columns][:4] == ["year", "cur", "as agreed (USD m)", "growth"]
    assert _cells(table, "year") == ["1991", "1992", "1993"]
    assert _cells(table, "amount") == ["150.00", "180.00", "220.00"]
    assert [row[2].value for row in table.rows] == [15_000_000_000, 18_000_000_000, 22_000_000_000]
    assert _cells(table, "growth_pct") == ["", "20.00%", "22.22%"]
    assert table.notes[0].startswith("No rule runs for SMA-1: its rule exists only in words")
    assert table.rows[0][-1].links[0][1].startswith("https://mnd.go.kr/")


def test_sma_4_in_won_says_how_each_year_got_there() -> None:
    dataset, found = find_agreement("SMA-4")
    doc = documented_years(dataset, found, bundled_series(), Currency.KRW)
    assert doc is not None
    table = documented_table(doc)
    assert _cells(table, "converted_amount") == ["396.22", "455.70", "568.49"]
    assert _cells(table, "converted_basis") == ["converted", "documented", "converted"]
    # US$333M × 1,189.8361 won/$ (the Fed's 1999 average) = 396,215,421,300 won, exact beside
    assert table.rows[0][4].value == 396_215_421_300


def test_agreed_totals_are_a_labelled_view() -> None:
    table = agreed_table(agreed_totals("us-japan"))
    rows = {row[0].text: row for row in table.rows}
    assert [c.header for c in table.columns][3:5] == [
        "agreed total (JPY bn)",
        "average a year (derived) (JPY bn)",
    ]
    assert rows["JP-SMA-2022"][1].text == "2022–2026"
    assert rows["JP-SMA-2022"][3].text == "1,055.1"
    assert rows["JP-SMA-2022"][3].value == 1_055_100_000_000
    assert rows["JP-SMA-2022"][4].text == "211.02"  # 1,055.1 / 5, derived
    assert rows["JP-SMA-2021"][1].text == "2021"
    assert rows["JP-SMA-2006"][3].text == "–"
    assert "derived" in table.basis


@pytest.mark.parametrize(
    ("args", "title", "figure"),
    [
        (("schedule", "SMA-1"), "SMA-1: 1st Special Measures Agreement", "220.00"),
        (("history", "--agreed", "--dataset", "us-japan"), "Agreed multi-year totals", "1,055.1"),
    ],
)
def test_the_cli_prints_the_same_strings(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], title: str, figure: str
) -> None:
    code, out, err = run_inline(capsys, *args, "--digits", "5")
    assert code == 0, err
    assert title in out and figure in out
