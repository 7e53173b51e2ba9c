"""One answer to one question: the CLI, the dashboard's JSON twin and the briefing print the
same headline figures, string-identical; Monte Carlo quantiles have one definition."""

from __future__ import annotations

import json
from collections import Counter
from fractions import Fraction
from functools import cache

import numpy as np
import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.present.stats import Proportion
from burdenshare.reports import Options, build_report
from burdenshare.reports.html import render_html
from burdenshare.runtime.summary import quantile as counted_quantile
from burdenshare.talks import montecarlo
from burdenshare.talks.outlook import quantile
from burdenshare.web import views
from test_cli_views import run_inline

# sma-2018 as bundled: 10,000 runs from seed 2018 (the scenario's own)
# sma-2018 with money-equivalent valuations and both sides uncertain (issue 16): was 64.2%
# (63.3–65.1%) under the illustrative weights; `burdenshare simulate sma-2018` prints it
P_DEAL = "35.0% (95% interval 34.1–36.0%; 10,000 runs)"


@cache
def briefing_html() -> str:
    return render_html(build_report(load_scenario("sma-2018"), Options()))


def test_p_deal_is_one_string_in_cli_json_twin_and_briefing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_inline(capsys, "simulate", "sma-2018")
    assert code == 0, err
    assert P_DEAL in out
    code, out, err = run_inline(capsys, "simulate", "sma-2018", "-f", "json")
    assert json.loads(out)["deal_probability"]["agreement"]["text"] == P_DEAL
    twin = views.negotiation_view()["simulation"]["p_deal"]
    assert twin["agreement"]["text"] == P_DEAL
    assert twin["agreement"]["runs"] == 10_000
    assert P_DEAL in briefing_html()


def test_the_deal_probability_is_the_engines_count() -> None:
    summary = montecarlo.run(montecarlo.setup(load_scenario("sma-2018"))).summary()
    assert summary["runs"] == 10_000 and summary["seed"] == 2018
    shown = Proportion(summary["agreements"], summary["runs"])
    assert shown.estimate == summary["p_agreement"]
    assert shown.text() == P_DEAL


def test_wilson_interval_closed_form() -> None:
    # 0 of n: upper bound z²/(n + z²); n of n: lower bound n/(n + z²)
    z2 = 1.959963984540054**2
    assert Proportion(0, 10).interval() == pytest.approx((0.0, z2 / (10 + z2)))
    assert Proportion(10, 10).interval() == pytest.approx((10 / (10 + z2), 1.0))
    low, high = Proportion(50, 100).interval()
    assert low == pytest.approx(1 - high) and 0.40 < low < 0.41


def test_one_quantile_definition_for_simulate_and_job_run() -> None:
    """The outlook (simulate, dashboard, briefing) and the job summary (job run) give the same
    quantile of the same draws: the smallest value with ⌈q·n⌉ values at or below it."""
    rng = np.random.default_rng(18)
    for n in (1, 2, 3, 10, 30, 101, 1000):
        values = rng.integers(0, 50, size=n)
        for q in (Fraction(1, 10), Fraction(1, 2), Fraction(9, 10)):
            ordered = sorted(values.tolist())
            oracle = next(v for v in ordered if sum(x <= v for x in ordered) >= q * n)
            assert int(quantile(values, q)) == oracle
            assert counted_quantile(Counter(values.tolist()), q) == oracle


def test_the_demo_record_cites_no_file_missing_from_the_repository() -> None:
    """Its sources and notes are URLs or words; a file it names (x.md, x.yaml) must exist."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    text = (root / "src/burdenshare/data/demo/sma-10-2018.json").read_text(encoding="utf-8")
    without_urls = re.sub(r"https?://\S+", "", text)
    named = set(re.findall(r"\b[\w./-]+\.(?:md|yaml|yml|txt|pdf|csv)\b", without_urls))
    missing = {n for n in named if not any(root.rglob(Path(n).name))}
    assert missing == set()


def test_comparison_headlines_are_one_string_in_cli_json_twin_and_briefing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each proposal's total (KRW billion, five significant figures): the CLI table, the
    dashboard's JSON twin formatted by the same policy, and the briefing's table agree."""
    from burdenshare.money import Currency
    from burdenshare.present.numbers import amount

    code, out, err = run_inline(capsys, "compare", "sma-2018")
    assert code == 0, err
    twin = views.comparison_view(load_scenario("sma-2018"))
    brief = briefing_html()
    for row in twin["summary"]:
        total = amount(row["total"], Currency.parse(row["currency"]))
        line = next(x for x in out.splitlines() if f"│ {row['proposal']} " in x)
        assert f" {total} │" in line, (row["proposal"], total)
        assert f">{total}<" in brief, (row["proposal"], total)
    assert amount(twin["summary"][3]["total"], Currency.KRW) == "7,201.5"  # us-150pct


# -- every headline number: the CLI, the JSON twin and the briefing give one string ---------


def _cells(html_text: str, table_id: str, row: str) -> list[str]:
    """The cell texts of row ``data-row="row"`` of the table ``id="table_id"`` (the one table
    macro, present/templates/result_table.html)."""
    import html as html_lib
    import re

    start = html_text.index(f'id="{table_id}"')
    table = html_text[start : html_text.index("</table>", start)]
    found = re.search(rf'<tr data-row="{re.escape(row)}">(.*?)</tr>', table, re.S)
    assert found, (table_id, row)
    return [html_lib.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1))]


def _twin_cell(twin_table: dict, row_id: str, key: str) -> str:
    index = twin_table["row_ids"].index(row_id)
    return str(twin_table["rows"][index][key]["text"])


def test_schedule_total_is_one_string(capsys: pytest.CaptureFixture[str]) -> None:
    """us-150pct's five-year total: the `schedule` table's last cumulative cell, /proposals'
    JSON twin and the briefing's proposals table."""
    code, out, err = run_inline(capsys, "schedule", "sma-2018", "--proposal", "us-150pct")
    assert code == 0, err
    twin = _twin_cell(views.proposals_view()["table"], "us-150pct", "total")
    assert twin == "7,201.5"  # 5 × 1,440.3 bn won (150% of 960.2 bn)
    last = next(x for x in out.splitlines() if x.startswith("│ 2023 "))
    assert f" {twin} │" in last
    assert _cells(briefing_html(), "comparison-summary", "us-150pct")[5] == twin


def test_common_horizon_delta_is_one_string(capsys: pytest.CaptureFixture[str]) -> None:
    """Each proposal's difference to the baseline on the years both cover (outcome-2019:
    1,038.9 − 960.2 = +78.7 bn won, not −3,762.1 over unequal horizons)."""
    code, out, err = run_inline(capsys, "compare", "sma-2018")
    assert code == 0, err
    table = views.proposals_view()["table"]
    brief = briefing_html()
    for key in table["row_ids"]:
        twin = _twin_cell(table, key, "diff_total")
        line = next(x for x in out.splitlines() if f"│ {key} " in x)
        assert f" {twin} │" in line, (key, twin)
        assert _cells(brief, "comparison-summary", key)[7] == twin, key
    assert _twin_cell(table, "outcome-2019", "diff_total") == "78.700"


@cache
def lapse_briefing_html() -> str:
    return render_html(build_report(load_scenario("sma-2020-lapse"), Options()))


def _cli_row(out: str, first: str) -> list[str]:
    """The cells of the last CLI table row whose first cell is ``first``."""
    line = [x for x in out.splitlines() if x.startswith(f"│ {first} ")][-1]
    return [cell.strip() for cell in line.strip("│").split("│")]


def test_lapse_cost_and_headcount_are_one_string(capsys: pytest.CaptureFixture[str]) -> None:
    """The 2020 lapse: 4,100 people on unpaid leave for 75 days (the record: docs/lapse.md)
    and what it cost each party, one string in the CLI, /lapse's JSON twin and the briefing."""
    code, out, err = run_inline(capsys, "lapse", "sma-2020-lapse")
    assert code == 0, err
    twin = views.lapse_view("sma-2020-lapse", None)["headlines"]
    brief = lapse_briefing_html()
    keys = [c["key"] for c in twin["columns"]]
    texts = [_twin_cell(twin, "lapse", k) for k in keys]
    assert _cli_row(out, texts[0]) == texts
    assert _cells(brief, "lapse-headlines", "lapse") == texts
    assert texts[:4] == ["2020-04", "4,100", "75", "307,500"]  # 4,100 × 75 person-days


def test_nash_point_is_one_string(capsys: pytest.CaptureFixture[str]) -> None:
    """The Nash point's first-year payment (KRW billion) and its terms."""
    code, out, err = run_inline(capsys, "negotiate", "sma-2018")
    assert code == 0, err
    view = views.negotiation_view()
    first = view["point_first_year"]["nash"]
    # money-equivalent sma-2018 (issue 16): 100% of the 2018 level for one year, 960.2 bn won
    assert first == {"text": "960.20", "value": 960_200_000_000, "unit": "KRW billion"}
    line = next(x for x in out.splitlines() if x.startswith("│ Nash bargaining solution "))
    assert f" {first['text']} │" in line
    table = view["points_table"]  # present/study.py: the same cells in all three
    for point in table["row_ids"]:
        texts = [_twin_cell(table, point, c["key"]) for c in table["columns"]]
        assert _cells(briefing_html(), "points", point) == texts, point
        row = _cli_row(out, texts[0])
        assert [row[0], *row[2:]] == [texts[0], *texts[2:]], point  # terms wrap in the CLI
    assert _twin_cell(table, "nash", "first_year") == first["text"]
    label = view["point_labels"]["nash"]
    assert f"Nash: {label} ({first['text']} {first['unit']} first year)" in briefing_html()


def test_backtest_percentiles_are_one_string(capsys: pytest.CaptureFixture[str]) -> None:
    from burdenshare.present.backtest import backtest_table
    from burdenshare.talks.calibration import backtest_payload

    code, out, err = run_inline(capsys, "backtest")
    assert code == 0, err
    payload = backtest_payload()
    twin = backtest_table(payload["records"], tuple(payload["target"])).to_json()  # /data/backtest
    brief = briefing_html()
    keys = ("percentile_amount", "percentile_duration", "percentile_date", "real_first_year")
    for scenario in twin["row_ids"]:
        texts = [_twin_cell(twin, scenario, k) for k in keys]
        case = _twin_cell(twin, scenario, "case").split(" (out")[0]
        line = next(x for x in out.splitlines() if x.startswith(f"│ {case}"))
        assert all(f" {t} │" in line for t in texts), (scenario, texts)
        shown = _cells(brief, "backtest-table", scenario)  # the A4 table: no "agreed" column
        assert shown[3:6] == texts[:3] and shown[7] == texts[3]
    assert [_twin_cell(twin, s, "percentile_amount") for s in twin["row_ids"]] == [
        "73.9",
        "12.7",
        "2.6",
    ]  # docs/backtest.md


def test_host_share_pct_is_one_string(capsys: pytest.CaptureFixture[str]) -> None:
    """ROK's direct host share 2016–2019 (GAO-21-270: US$5.8 bn against US$13.4 bn)."""
    from burdenshare.web.allies import allies_view

    code, out, err = run_inline(capsys, "share")
    assert code == 0, err
    payload = next(s for s in allies_view()["shares"] if s["basis"] == "direct")
    text = f"{payload['records'][0]['host_share_pct']}%"
    assert text == "30.21%"  # 5.8 / (5.8 + 13.4) = 30.208…%
    assert f" {text} │" in next(x for x in out.splitlines() if x.startswith("│ 2016–2019 "))
    assert f">{text}<" in briefing_html()


def test_outlook_figures_are_one_string(capsys: pytest.CaptureFixture[str]) -> None:
    """The simulated first-year amount's p10/p50/p90 and P(deal) (sma-2018, 10,000 runs, seed
    2018): `simulate`, /negotiation's JSON twin and the briefing's outlook table."""
    code, out, err = run_inline(capsys, "simulate", "sma-2018")
    assert code == 0, err
    twin = views.negotiation_view()["simulation"]["table"]
    brief = briefing_html()
    assert twin["runs"] == 10_000
    for row in ("agreement", "first_year_p10", "first_year_p50", "first_year_p90"):
        text = _twin_cell(twin, row, "value")
        assert _cli_row(out, _twin_cell(twin, row, "measure"))[1] == text, row
        assert _cells(brief, "outlook", row)[1] == text, row
    assert _twin_cell(twin, "agreement", "value") == P_DEAL
    assert _twin_cell(twin, "first_year_p50", "value") == "1,113.8"  # 116% of 960.2 bn won


def test_history_amount_is_one_string(capsys: pytest.CaptureFixture[str]) -> None:
    """2019's contribution, the 10th SMA's 1,038.9 bn won (documented): the `history` table,
    /history's JSON twin and the briefing's appendix give one string (present/history.py);
    the dollar years keep their own currency (1991: US$150 m)."""
    code, out, err = run_inline(capsys, "history")
    assert code == 0, err
    table = views.history_view()["table"]
    twin = _twin_cell(table, "2019", "amount")
    assert twin == "1,038.9"
    assert _cli_row(out, "2019")[3] == twin
    assert _cells(briefing_html(), "history-table", "2019")[3] == twin
    assert _twin_cell(table, "1991", "amount") == "150.00"
    assert _cli_row(out, "1991")[3] == "150.00"
    assert _cells(briefing_html(), "history-table", "1991")[2:4] == ["USD", "150.00"]
    # exact value beside the text: integer won
    index = table["row_ids"].index("2019")
    assert table["rows"][index]["amount"]["value"] == 1_038_900_000_000


def test_schedule_cells_are_one_string_in_cli_and_briefing_appendix(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """us-1.2bn's running total after five years, US$6,000.0 m (5 × 1,200): the `schedule`
    table and the briefing's appendix table (present/schedule.py) give one string per cell;
    the briefing's schedules are in the comparison's currency, won (--currency KRW)."""
    code, out, err = run_inline(
        capsys, "schedule", "sma-2018", "--proposal", "us-1.2bn", "--currency", "KRW"
    )
    assert code == 0, err
    brief = render_html(build_report(load_scenario("sma-2018"), Options(appendix=True)))
    for year in range(2019, 2024):
        cli = _cli_row(out, str(year))
        assert _cells(brief, "schedule-of-us-1.2bn", str(year)) == cli, year
    assert _cli_row(out, "2023")[3] == "6,000.0"


def test_share_row_is_one_string_in_cli_json_twin_and_briefing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """ROK's direct 2016–2019 row (GAO-21-270: US$5.8 bn host, US$13.4 bn US cost, 30.21%):
    `share`, /allies' JSON twin "table" and the briefing's share table (present/share.py)."""
    from burdenshare.web.allies import allies_view

    code, out, err = run_inline(capsys, "share")
    assert code == 0, err
    row = "us-rok/direct/2016–2019"
    table = allies_view()["table"]
    keys = ("host_contribution", "sending_state_cost", "host_share_pct")
    twin = [_twin_cell(table, row, k) for k in keys]
    assert twin == ["5,800.0", "13,400", "30.21%"]
    assert _cli_row(out, "2016–2019")[1:4] == twin
    assert _cells(briefing_html(), "share-table", row)[2:5] == twin
