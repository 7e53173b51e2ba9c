"""present/allies.py and present/implied.py: the allies panel, NATO's guidelines and the host
share each proposal implies, shaped once; `allies`, /data/allies and the briefing print the
same strings, and so do `compare`, `compare --format json` and the briefing."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from functools import cache

import pytest

from burdenshare.costs.allies import AlliesPanel, allies
from burdenshare.costs.implied import implied_shares
from burdenshare.costs.scenario import load_scenario
from burdenshare.data import bundled_series
from burdenshare.money import RoundingMode
from burdenshare.present.allies import allies_table, money_text, targets_table
from burdenshare.present.implied import implied_table
from burdenshare.reports import Options, build_report
from burdenshare.reports.model import Report
from burdenshare.web.allies import allies_view
from helpers import round_exact
from test_cli_views import run_inline

CRS = "https://www.everycrsreport.com/reports/IF13050.html"
GAO = "https://www.gao.gov/products/gao-21-270"
STRIPES = (
    "https://www.stripes.com/news/europe/germany-spent-over-1-billion-to-cover-costs-linked-"
    "to-us-troops-1.636603"
)


@cache
def panel() -> AlliesPanel:
    return allies()


@cache
def briefing() -> Report:
    return build_report(load_scenario("sma-2018"), Options(runs=200, seed=1))


def _cli_row(out: str, first: str) -> list[str]:
    """The cells of the first CLI table row whose first cell is ``first``."""
    line = next(x for x in out.splitlines() if x.startswith(f"│ {first} "))
    return [cell.strip() for cell in line.strip("│").split("│")]


def _twin(table: dict, row_id: str, key: str) -> str:
    return str(table["rows"][table["row_ids"].index(row_id)][key]["text"])


# -- the allies table: the latest sourced figure of each measure --------------------------------


def test_allies_table_strings_and_exact_values() -> None:
    table = allies_table(panel())
    assert table.headers == (
        "country", "US troops", "defence, % of GDP", "vs 2% (pp)", "vs 3.5% core (pp)",
        "host support", "SMA, latest (US$ m)",
    )  # fmt: skip
    assert table.row_ids == ("KOR", "JPN", "DEU")
    assert table.texts() == (
        ("Republic of Korea", "28,500 (2024)", "2.3% (2025; secondary)", "+0.3", "-1.2",
         "5,800.0 US$ m direct (2016–2019)", "986.92 (2025; derived)"),
        ("Japan", "55,000 (2021)", "1.8% (2025; secondary)", "-0.2", "-1.7",
         "12,600 US$ m direct (2016–2019)", "1,402.4 (2024; derived)"),
        ("Germany", "36,000 (2020; secondary)", "2.4% (2025; secondary)", "+0.4", "-1.1",
         "982.40 EUR m direct (2010–2019)", "—"),
    )  # fmt: skip
    values = {c.text: c.value for row in table.rows for c in row}
    assert values["28,500 (2024)"] == 28_500
    assert values["2.3% (2025; secondary)"] == Decimal("2.3")
    # GAO-21-270: US$5.8 billion, in cents; Germany's €982.4 million in euro cents
    assert values["5,800.0 US$ m direct (2016–2019)"] == (580_000_000_000, "USD")
    assert values["982.40 EUR m direct (2010–2019)"] == (98_240_000_000, "EUR")
    # the gaps are exact decimal differences (2.3 − 2, 1.8 − 3.5)
    assert values["+0.3"] == Decimal("0.3") and values["-1.7"] == Decimal("-1.7")
    assert "Basis: nominal amounts, each in the currency stated" in table.caption
    assert "vs 2%, vs 3.5% core (derived)" in table.caption


def test_sma_cell_is_the_history_amount_at_the_year_rate() -> None:
    """The 2025 SMA, 1,402.8 bn won (the 12th SMA's first year), at the bundled 2025 rate."""
    cell = allies_table(panel()).column("sma_contribution")[0]
    rate = Fraction(str(bundled_series()["krw-per-usd"].value(2025)))
    oracle = round_exact(Fraction(1_402_800_000_000 * 100) / rate, RoundingMode.HALF_UP)
    assert cell.value == oracle == 98_691_687_885
    assert cell.text == "986.92 (2025; derived)"  # 986.91687885 to 5 significant figures


def test_every_figure_links_its_source_on_a_page() -> None:
    table = allies_table(panel(), links=True)
    kor = dict(zip([c.key for c in table.columns], table.rows[0], strict=True))
    assert kor["us_troops"].links == (("28,500 (2024)", CRS),)
    assert kor["host_support"].links == (("5,800.0 US$ m direct (2016–2019)", GAO),)
    # two sources: the figure links the first, the second follows
    assert [u for _, u in kor["sma_contribution"].links] == [
        "http://news.zumst.com/articles/93628432",
        "https://busan.fnnews.com/news/202410041646494697",
    ]
    assert kor["sma_contribution"].links[1][0] == "source 2"
    assert table.column("host_support")[2].links == (("982.40 EUR m direct (2010–2019)", STRIPES),)
    # the link text is the cell text: a page shows the CLI's string
    assert table.texts() == allies_table(panel()).texts()
    assert table.column("sma_contribution")[2].links == ()  # no SMA for Germany


def test_briefing_marks_follow_each_figure_in_row_order() -> None:
    calls: list[tuple[str, str]] = []

    def mark(source: str, what: str) -> str:
        calls.append((source, what))
        return f"[{len(calls)}]"

    table = allies_table(panel(), mark=mark)
    assert table.texts()[0][1:3] == ("28,500 (2024) [1]", "2.3% (2025; secondary) [2]")
    assert table.texts()[2][5:] == ("982.40 EUR m direct (2010–2019) [11]", "—")
    assert calls[0] == (CRS, "allies: Republic of Korea us troops")
    assert calls[3][0] == "http://news.zumst.com/articles/93628432"  # the first of two
    assert len(calls) == 11  # 3 × 4 figures, no SMA for Germany


def test_gap_columns_need_their_guideline() -> None:
    only_2pct = replace(panel(), targets=panel().targets[:1])
    table = allies_table(only_2pct)
    assert [c.key for c in table.columns if c.key.startswith("gap")] == ["gap_2pct"]
    bare = allies_table(replace(panel(), targets=()))
    assert not any(c.key.startswith("gap") for c in bare.columns)
    assert "derived): the defence share" not in bare.caption


def test_money_text_per_currency() -> None:
    assert money_text(98_240_000_000, "EUR") == "982.40 EUR m"
    assert money_text(3_400_000_000_000, "KRW") == "3,400.0 KRW bn"
    assert money_text(556_600_000_000, "JPY") == "556.60 JPY bn"
    assert money_text(48_661_000_000, "USD") == "486.61 US$ m"
    assert money_text(48_661_000_000, "USD", 0) == "486.61 US$ m"  # exact
    assert money_text(98_240_000_000, "EUR", 0) == "982.4 EUR m"
    assert money_text(123_456_789, "USD", 0) == "1.23456789 US$ m"
    assert money_text(123_456_789, "USD") == "1.2346 US$ m"  # half-up, 5 figures


def test_targets_table() -> None:
    table = targets_table(panel(), links=True)
    assert table.row_ids == ("nato-2pct", "nato-core-3.5pct", "nato-related-1.5pct")
    assert [r[1:5] for r in table.texts()] == [
        ("2%", "2014", "2024", ""),
        ("3.5%", "2025", "2035", "secondary"),
        ("1.5%", "2025", "2035", "secondary"),
    ]
    assert [c.value for c in table.column("percent")] == [2, Decimal("3.5"), Decimal("1.5")]
    source = table.column("source")[0]
    assert source.links == (
        (
            "https://www.nato.int/cps/en/natohq/news_112461.htm",
            "https://www.nato.int/cps/en/natohq/news_112461.htm",
        ),
    )
    assert table.notes == ("Agreed 2025: 3.5% + 1.5% = 5% of GDP (derived).",)


# -- the implied host shares ---------------------------------------------------------------------


def test_implied_table_strings_and_exact_values() -> None:
    implied = implied_shares(load_scenario("sma-2018"))
    table = implied_table(implied)
    assert table.headers == (
        "proposal", "first year (US$ m)", "host share", "yearly average (US$ m)",
        "host share (avg)", "cost assumed (US$ m)",
    )  # fmt: skip
    rows = dict(zip(table.row_ids, table.texts(), strict=True))
    # US$1.2 bn / (1.2 + 4.4642) = 21.19%; the DoD FY2020 estimate held flat
    assert rows["us-1.2bn"] == ("us-1.2bn", "1,200.0", "21.19%", "1,200.0", "21.19%", "4,464.2")
    # +5% a year: 1,273.5 in 2019, a yearly average of 1,407.3 → 23.97%
    assert rows["us-150pct-plus5"][1:5] == ("1,273.5", "22.19%", "1,407.3", "23.97%")
    first = dict(zip(table.row_ids, table.column("host_share_first_year"), strict=True))
    assert first["us-1.2bn"].value == Decimal("21.19")
    cost = table.column("sending_state_cost")[0]
    assert cost.value == 446_420_000_000
    assert table.notes[0].startswith("Cost assumption: sending-state cost held at 4,464,200,000.00")
    assert table.notes[1] == "Host share = proposal / (proposal + cost assumed) × 100 (derived)."
    assert table.basis.startswith("US$, nominal; conversion: 1131 KRW/USD")
    assert table.sources == ("https://sedaily.com/NewsView/1VQZ1MSU1M/GF01",)


def test_implied_table_exact_digits_mark_and_unknown_share() -> None:
    implied = implied_shares(load_scenario("sma-2018"))
    exact = implied_table(implied, digits=0, mark="[7]")
    assert dict(zip(exact.row_ids, exact.texts(), strict=True))["baseline"][1] == "848.98320071"
    assert exact.column("sending_state_cost")[0].text == "4,464.2"
    assert exact.notes[0].endswith(" [7]") and exact.notes[-1] == "Exact amounts."
    none = replace(implied.rows[0], share_first_year=None)
    blank = implied_table(replace(implied, rows=(none,)))
    assert blank.texts()[0][2] == "—" and blank.rows[0][2].value is None


# -- one string in the CLI, the JSON twin and the briefing ------------------------------------


def test_allies_figures_are_one_string_in_cli_data_allies_and_briefing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Korea's US troops (CRS IF13050: about 28,500), its defence share (2.3%, as quoted) and
    Germany's support (€982.4 million 2010–2019, German Finance Ministry via Stars and
    Stripes): `allies`, /data/allies' "allies_table" and the briefing's allies table."""
    code, out, err = run_inline(capsys, "allies")
    assert code == 0, err
    twin = allies_view()["allies_table"]
    brief = briefing().share
    assert brief is not None
    shown = dict(zip(brief.allies.row_ids, brief.allies.rows, strict=True))
    keys = [c["key"] for c in twin["columns"]]
    for row, name in (("KOR", "Republic of Korea"), ("DEU", "Germany")):
        texts = [_twin(twin, row, k) for k in keys]
        assert _cli_row(out, name) == texts, row
        # the briefing's cells: the same string, then its citation mark
        for key, text, cell in zip(keys, texts, shown[row], strict=True):
            assert cell.text == text or cell.text.rsplit(" [", 1)[0] == text, (row, key)
    assert _twin(twin, "KOR", "us_troops") == "28,500 (2024)"
    assert _twin(twin, "KOR", "defence_pct_gdp") == "2.3% (2025; secondary)"
    assert _twin(twin, "DEU", "host_support") == "982.40 EUR m direct (2010–2019)"
    assert [r["guideline"]["text"] for r in allies_view()["targets_table"]["rows"]] == [
        t.label for t in panel().targets
    ]


def test_implied_share_is_one_string_in_compare_its_json_and_briefing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """us-1.2bn's implied host share, 21.19% (US$1.2 bn against the DoD FY2020 estimate of
    US$4,464.2 million): `compare sma-2018`, `compare sma-2018 -f json` and the briefing."""
    code, out, err = run_inline(capsys, "compare", "sma-2018")
    assert code == 0, err
    tail = out[out.index("Host share each proposal implies") :]
    code, js, err = run_inline(capsys, "compare", "sma-2018", "-f", "json")
    assert code == 0, err
    implied = json.loads(js)["implied_host_share"]
    twin = implied["table"]
    brief = briefing().share
    assert brief is not None and brief.implied is not None
    shown = dict(zip(brief.implied.row_ids, brief.implied.texts(), strict=True))
    keys = [c["key"] for c in twin["columns"]]
    for row in twin["row_ids"]:
        texts = [_twin(twin, row, k) for k in keys]
        assert _cli_row(tail, row) == texts, row
        assert list(shown[row]) == texts, row
    assert _twin(twin, "us-1.2bn", "host_share_first_year") == "21.19%"
    # the exact records stay beside the table
    first = {r["proposal"]: r["host_share_first_year_pct"] for r in implied["records"]}
    assert first["us-1.2bn"] == "21.19"


def test_compare_digits_reach_the_implied_table_and_its_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--digits 3`: the implied table and its JSON twin round the same way (baseline's
    US$848.98320071 million → 849); the exact cents stay in the value."""
    code, out, err = run_inline(capsys, "compare", "sma-2018", "--digits", "3")
    assert code == 0, err
    tail = out[out.index("Host share each proposal implies") :]
    code, js, err = run_inline(capsys, "compare", "sma-2018", "--digits", "3", "-f", "json")
    assert code == 0, err
    twin = json.loads(js)["implied_host_share"]["table"]
    base = twin["rows"][twin["row_ids"].index("baseline")]
    assert base["first_year"] == {"text": "849", "value": 84_898_320_071}
    assert _cli_row(tail, "baseline") == ["baseline", "849", "15.98%", "849", "15.98%", "4,464"]
    assert twin["notes"][-1] == "Amounts to 3 significant figures (exact cents: --format json)."
