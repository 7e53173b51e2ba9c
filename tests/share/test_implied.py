"""Proposals against the share: the host share each proposal implies, with the cost assumption
stated, and cost-based claims ("cost plus 50%", "50% of non-personnel costs") as proposals."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from burdenshare.costs.implied import implied_shares
from burdenshare.costs.scenario import load_scenario
from burdenshare.costs.share import host_share_pct
from burdenshare.errors import InputError
from helpers import run_cli

COST_PLUS = Path(__file__).resolve().parents[1] / "data" / "share" / "cost-plus.yaml"
US_COST = 446_420_000_000  # DoD FY2020 USFK estimate (US$4,464.2 million), cents
PERSONNEL = 210_400_000_000


def test_cost_plus_50_and_half_of_non_personnel_costs() -> None:
    sc = load_scenario(COST_PLUS)
    plus = sc.proposal("cost-plus-50").agreement
    half = sc.proposal("half-non-personnel").agreement
    assert plus.currency.code == half.currency.code == "USD"
    assert plus.base_amount == US_COST * 3 // 2 == 669_630_000_000  # US$6,696.3 million
    assert half.base_amount == (US_COST - PERSONNEL) // 2 == 118_010_000_000  # US$1,180.1 million


def test_implied_shares_closed_form() -> None:
    implied = implied_shares(load_scenario(COST_PLUS))
    assert implied.cost.minor == US_COST
    assert "assumption" in implied.assumption and "sedaily" in implied.assumption
    rows = {r.proposal: r for r in implied.rows}
    # cost plus 50%: 1.5 / 2.5 = 60% of the two sides' spending, whatever the cost is
    assert rows["cost-plus-50"].share_first_year == Decimal("60.00")
    # 1,180.1 / (1,180.1 + 4,464.2) = 20.9076…%
    assert rows["half-non-personnel"].share_first_year == Decimal("20.91")
    # baseline: 1.0389 trillion won at 1,180.56 = US$880,006,098.80 → 880.0061 / 5344.0061
    base = rows["baseline"]
    assert base.first_year_usd.minor == 88_000_609_880
    assert base.share_first_year == host_share_pct(88_000_609_880, US_COST) == Decimal("16.47")


def test_sma_2018_proposals_against_the_share() -> None:
    rows = {r.proposal: r for r in implied_shares(load_scenario("sma-2018")).rows}
    assert rows["us-1.2bn"].share_first_year == Decimal("21.19")  # 1.2 / 5.6642
    assert rows["us-1.6bn"].share_first_year == Decimal("26.38")  # 1.6 / 6.0642
    avg = rows["us-150pct-plus5"]
    assert avg.share_average is not None and avg.share_first_year is not None
    assert avg.share_average > avg.share_first_year  # +5% a year raises the average


def test_cost_share_needs_a_bundled_cost(tmp_path: Path) -> None:
    text = COST_PLUS.read_text(encoding="utf-8").replace("{cost_percent: 50, of: non_personnel}",
                                                         "{cost_percent: -5}")  # fmt: skip
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="greater than or equal to 0"):
        load_scenario(bad)


def test_compare_states_the_implied_share_and_its_assumption() -> None:
    table = run_cli("compare", str(COST_PLUS))
    assert table.returncode == 0, table.stderr
    assert "Host share each proposal implies" in table.stdout and "60.00%" in table.stdout
    assert "Cost assumption" in table.stdout
    result = run_cli("compare", str(COST_PLUS), "--format", "json")
    implied = json.loads(result.stdout)["implied_host_share"]
    assert implied["sending_state_cost_per_year"] == US_COST
    assert {r["proposal"]: r["host_share_first_year_pct"] for r in implied["records"]} == {
        "baseline": "16.47", "cost-plus-50": "60.00", "half-non-personnel": "20.91",
    }  # fmt: skip


def test_half_of_japans_non_personnel_costs_from_its_fy2020_categories(tmp_path: Path) -> None:
    """The same claims against Japan: DoD's FY2020 estimate US$5,717.8 M with military
    personnel US$3,143.4 M (Overseas Cost Summary, as reported by Digital Times), so half of the
    non-personnel costs = (5,717.8 - 3,143.4) / 2 = US$1,287.2 M and its implied share
    1,287.2 / (1,287.2 + 5,717.8) = 18.3754…% → 18.38%; cost plus 50% is 60.00% again."""
    text = (
        COST_PLUS.read_text(encoding="utf-8")
        .replace("dataset: us-rok", "dataset: us-japan")
        .replace("{agreement: SMA-11, year: 2020}", "{agreement: JP-SMA-2016, year: 2020}")
        .replace("{pair: KRW/USD, value: 1180.56,", "{pair: JPY/USD, value: 106.7754,")
    )
    path = tmp_path / "jp-cost-plus.yaml"
    path.write_text(text, encoding="utf-8")
    sc = load_scenario(path)
    half = sc.proposal("half-non-personnel").agreement
    assert half.base_amount == (571_780_000_000 - 314_340_000_000) // 2 == 128_720_000_000
    implied = implied_shares(sc)
    assert implied.cost.minor == 571_780_000_000
    rows = {r.proposal: r for r in implied.rows}
    assert rows["half-non-personnel"].share_first_year == Decimal("18.38")
    assert rows["half-non-personnel"].share_first_year == host_share_pct(
        128_720_000_000, 571_780_000_000
    )
    assert rows["cost-plus-50"].share_first_year == Decimal("60.00")
