"""Host share: the bundled sending-state costs reproduce GAO-21-270 as published, and every
computation matches a closed form or an exact rational oracle."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from burdenshare.costs.share import annual_cost, host_share_pct, pct, share
from burdenshare.data import bundled_series
from burdenshare.data.share import share_file
from burdenshare.errors import InputError
from burdenshare.money import RoundingMode
from helpers import round_exact, run_cli

GAO = "https://www.gao.gov/products/gao-21-270"
BILLION_CENTS = 100 * 10**9


def cents(billions: str) -> int:
    return int(Decimal(billions) * BILLION_CENTS)


@pytest.mark.parametrize(
    ("dataset", "us_cost", "host_direct", "troops"),
    [("us-rok", "13.4", "5.8", 28500), ("us-japan", "20.9", "12.6", 55000)],
)
def test_bundled_costs_reproduce_gao_21_270_highlights(
    dataset: str, us_cost: str, host_direct: str, troops: int
) -> None:
    """GAO-21-270, Highlights ("What GAO Found") and Fast Facts: DOD obligated $13.4 billion
    (South Korea) and $20.9 billion (Japan) from 2016 through 2019; the hosts provided $5.8 and
    $12.6 billion of direct support. Exactly these totals, as published, over exactly 2016–2019."""
    row = share(dataset, "direct").rows[0]
    assert (row.first, row.last) == (2016, 2019)
    assert row.sending.amount is not None and row.host.amount is not None
    assert row.sending.amount.minor == cents(us_cost)
    assert row.host.amount.minor == cents(host_direct)
    assert row.sending.source == row.host.source == GAO
    assert "GAO-21-270, Highlights" in row.sending.basis
    assert row.stated_troops == troops  # GAO's own level: the stated alternative


def test_host_share_closed_form() -> None:
    # 5.8 / (5.8 + 13.4) = 30.2083…%; 12.6 / 33.5 = 37.6119…%
    assert share("us-rok", "direct").rows[0].host_share_pct == Decimal("30.21")
    assert share("us-japan", "direct").rows[0].host_share_pct == Decimal("37.61")
    assert host_share_pct(1, 1) == Decimal("50.00")
    assert host_share_pct(1, 2) == Decimal("33.33")
    assert host_share_pct(2, 1) == Decimal("66.67")
    assert pct(1, 0) is None
    assert pct(1, 8) == Decimal("12.50")  # exact, no float
    assert pct(1, 200000) == Decimal("0.00") and pct(1, 199999) == Decimal("0.00")
    assert pct(1, 1999) == Decimal("0.05")  # 0.050025… half-up


def test_cost_per_troop_is_per_troop_year_in_whole_cents() -> None:
    """2016–2019 is fully covered by the DMDC counts: the divisor is the troop-years
    (USFK 24,189 + 23,634 + 25,812 + 26,524 = 100,159; USFJ 38,818 + 44,545 + 54,262 + 55,227
    = 192,852), and GAO's own "about 28,500" / "about 55,000" × 4 years is the stated
    alternative, reported beside it, never mixed in."""
    row = share("us-rok", "direct").rows[0]
    assert row.troop_years == 100_159
    expected = round_exact(Fraction(cents("13.4"), 100_159), RoundingMode.HALF_UP)
    assert row.cost_per_troop is not None and row.cost_per_troop.minor == expected == 13_378_728
    assert row.troops_source.startswith(
        "usfk-troops 2016–2019: 24,189 + 23,634 + 25,812 + 26,524 = 100,159 troop-years ("
    )
    assert "secondary" in row.troops_source
    assert row.troops == 25_040  # 100,159 / 4 = 25,039.75, half-up
    stated = round_exact(Fraction(cents("13.4"), 28500 * 4), RoundingMode.HALF_UP)
    assert row.cost_per_stated_troop is not None
    assert row.cost_per_stated_troop.minor == stated == 11_754_386
    jp = share("us-japan", "direct").rows[0]
    assert jp.troop_years == 192_852
    assert jp.cost_per_troop is not None and jp.cost_per_troop.minor == 10_837_326
    assert jp.cost_per_stated_troop is not None
    assert jp.cost_per_stated_troop.minor == 9_500_000  # 20.9 bn / 55,000 / 4, exact
    rec = row.to_record()
    assert (rec["troop_years"], rec["cost_per_troop"]) == (100_159, 13_378_728)
    assert (rec["stated_troops"], rec["cost_per_stated_troop"]) == (28_500, 11_754_386)
    assert rec["stated_troops_source"].startswith(GAO)


def test_sma_basis_converts_each_year_at_its_own_rate() -> None:
    """2016–2019 SMA contributions (MND chart; MOFA 2019) at each year's annual average."""
    won = {2016: 944_100_000_000, 2017: 950_700_000_000, 2018: 960_200_000_000,
           2019: 1_038_900_000_000}  # fmt: skip
    bank = bundled_series()
    oracle = sum(
        round_exact(
            Fraction(w * 100) / Fraction(str(bank["krw-per-usd"].value(y))), RoundingMode.HALF_UP
        )
        for y, w in won.items()
    )
    table = share("us-rok", "sma")
    first, second = table.rows
    assert first.host.amount is not None and first.host.amount.minor == oracle
    assert "derived" in first.host.flags
    assert first.host_share_pct == pct(oracle, oracle + cents("13.4"))
    # 2020: frozen at 1.0389 trillion won, at 1,180.56 KRW/USD; DoD FY2020 estimate $4,464.2M.
    assert second.host.amount is not None and second.host.amount.minor == 88_000_609_880
    assert second.sending.amount is not None and second.sending.amount.minor == 446_420_000_000
    assert second.host_share_pct == Decimal("16.47")  # 880.0061 / 5344.2061
    # share of the 2020 defence budget (50.1527 trillion won): 1.0389 / 50.1527 = 2.0715…%
    assert second.defence_budget_pct == Decimal("2.07")
    assert "secondary" in second.sending.flags


def test_share_of_gdp_converts_each_year_at_its_own_rate() -> None:
    """GAO's US$5.8B against the sum of 2016–2019 nominal GDP (World Bank), each year
    converted at its annual-average rate: an exact rational oracle, three places half-up."""
    bank = bundled_series()
    gdp = sum(
        round_exact(
            Fraction(int(bank["kr-gdp"].value(y)) * 100)
            / Fraction(str(bank["krw-per-usd"].value(y))),
            RoundingMode.HALF_UP,
        )
        for y in range(2016, 2020)
    )
    oracle = Fraction(cents("5.8") * 100, gdp)
    row = share("us-rok", "direct").rows[0]
    assert row.gdp_pct == Decimal(round_exact(oracle * 1000, RoundingMode.HALF_UP)) / 1000
    assert row.gdp_pct == Decimal("0.089")  # 5.8 over about 6,504 billion dollars
    assert "secondary" not in row.host.flags and "kr-gdp 2016" in row.gdp_source
    # Japan: 12.6 over 2016–2019 calendar-year GDP (jp-gdp), the same oracle
    jp = share("us-japan", "direct").rows[0]
    jp_gdp = sum(
        round_exact(
            Fraction(int(bank["jp-gdp"].value(y)) * 100)
            / Fraction(str(bank["jpy-per-usd"].value(y))),
            RoundingMode.HALF_UP,
        )
        for y in range(2016, 2020)
    )
    jp_oracle = Fraction(cents("12.6") * 100 * 1000, jp_gdp)
    assert jp.gdp_pct == Decimal(round_exact(jp_oracle, RoundingMode.HALF_UP)) / 1000
    assert jp.gdp_pct == Decimal("0.063") and jp.gdp_source.startswith("jp-gdp 2016: ")


def test_a_change_of_basis_is_stated_on_the_row_where_it_happens() -> None:
    rows = share("us-rok", "sma").rows
    assert rows[0].basis_change == ""
    assert rows[1].basis_change.startswith("sending-state cost basis changes: GAO")
    assert "FY2020" in rows[1].basis_change


def test_years_without_a_figure_on_the_basis_are_left_out_and_said() -> None:
    table = share("us-rok", "direct")
    assert [r.first for r in table.rows] == [2016]
    assert table.omitted == ("2020 left out: no published direct host support for 2020",)


def test_cost_assumption_for_proposals() -> None:
    total, personnel, text = annual_cost("us-rok")
    assert total.minor == 446_420_000_000 and personnel is not None
    assert personnel.minor == 210_400_000_000
    assert "FY2020" in text and "sedaily" in text and "secondary" in text


BAD_FILES = {
    "missing-year": (
        "periods:\n"
        "  - {first: 2016, last: 2016, sending_state_cost: {total: 1, basis: b, source: s}}\n"
        "  - {first: 2018, last: 2018, sending_state_cost: {total: 1, basis: b, source: s}}\n",
        "missing year 2017",
    ),
    "negative-cost": (
        "periods:\n"
        "  - {first: 2016, last: 2016, sending_state_cost: {total: -5, basis: b, source: s}}\n",
        "greater than or equal to 0",
    ),
    "unknown-key": (
        "periods:\n"
        "  - {first: 2016, last: 2016, colour: red,"
        " sending_state_cost: {total: 1, basis: b, source: s}}\n",
        "unknown key",
    ),
}
HEAD = "dataset: us-rok\nhost: ROK\nsending_state: US\n"


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_share_files_name_file_field_and_problem(tmp_path: Path, name: str) -> None:
    text, problem = BAD_FILES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        share_file(str(path))
    assert str(path) in str(err.value) and problem in str(err.value)


def test_unknown_basis_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown basis 'cash'"):
        share("us-rok", "cash")


def test_cli_bad_input_one_line_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "gap.yaml"
    path.write_text(HEAD + BAD_FILES["missing-year"][0], encoding="utf-8")
    out = tmp_path / "out.json"
    for args in (
        ("share", "--dataset", str(path), "-f", "json", "-o", str(out)),
        ("share", "--basis", "cash"),
        ("share", "--dataset", "us-mars"),
    ):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr
    assert not out.exists()  # nothing half-written


def test_cli_json_csv_parquet(tmp_path: Path) -> None:
    result = run_cli("share", "--basis", "sma", "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    first, second = payload["records"]
    assert (first["year"], first["year_to"]) == (2016, 2019)
    assert isinstance(first["host_contribution"], int)
    assert first["sending_state_cost"] == 1_340_000_000_000
    assert second["host_share_pct"] == "16.47" and second["basis_change"]
    assert second["sending_military_personnel"] == 210_400_000_000
    assert payload["basis"] == "sma" and "host share =" in payload["definition"]
    parquet = tmp_path / "share.parquet"
    assert run_cli("share", "-f", "parquet", "-o", str(parquet)).returncode == 0
    frame = pd.read_parquet(parquet)
    assert frame["sending_state_cost"].tolist() == [1_340_000_000_000]
    csv_out = run_cli("share", "--dataset", "us-japan", "-f", "csv")
    assert "1260000000000" in csv_out.stdout and "37.61" in csv_out.stdout


@given(
    host=st.integers(min_value=0, max_value=10**15),
    sending=st.integers(min_value=0, max_value=10**15),
)
def test_host_share_is_the_exact_ratio_rounded_half_up(host: int, sending: int) -> None:
    share_pct = host_share_pct(host, sending)
    if host + sending == 0:
        assert share_pct is None
        return
    oracle = Fraction(host * 100 * 100, host + sending)  # in hundredths of a percent
    assert share_pct == Decimal(round_exact(oracle, RoundingMode.HALF_UP)) / 100
    other = host_share_pct(sending, host)
    assert other is not None and abs(share_pct + other - 100) <= Decimal("0.01")


def test_period_troops_fall_back_to_the_stated_level_only_when_a_year_is_not_counted() -> None:
    """usfk-troops has 2025 (23,642) but not 2026: 2025–2026 is not partly filled from the
    series; the stated level × years stands in and the basis says why."""
    from burdenshare.costs.troops import period_troops, troop_years
    from burdenshare.data.share import Troops

    bank = bundled_series()
    stated = Troops(value=28500, source="https://www.everycrsreport.com/reports/IF13050.html")
    assert troop_years(2025, 2026, bank, "usfk-troops") is None
    assert troop_years(2020, 2021, bank, "usfk-troops").total == 26_414 + 25_592  # type: ignore[union-attr]
    assert troop_years(2024, 2025, bank, "usfk-troops").total == 23_111 + 23_642  # type: ignore[union-attr]
    total, basis = period_troops(2025, 2026, stated, bank, "usfk-troops")
    assert total == 57_000
    assert basis.startswith("stated level 28,500 × 2 years (no usfk-troops count for every year)")
    assert period_troops(2020, 2020, stated, bank, None)[0] == 28_500
    assert period_troops(2026, 2026, None, bank, "usfk-troops") == (None, "")
    assert period_troops(2020, 2021, stated, bank, "usfk-troops")[0] == 52_006


def test_share_table_names_the_troop_basis_and_the_stated_alternative() -> None:
    out = run_cli("share")
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())
    assert "2016–2019 troops: usfk-troops 2016–2019: 24,189 + 23,634 + 25,812 + 26,524" in text
    assert "on the source's stated 28,500: US$ 117,543.86 per troop-year" in text
    assert "133,787.28" in text  # the table's cost per troop-year (13.4 bn / 100,159)
