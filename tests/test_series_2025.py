"""The 2025 figures of the annual series (issues 14/18), each beside the page that states it.

US CPI-U 2025: the BLS Mid-Atlantic table states "Annual average 2025" 321.943 (U.S. City
Average), published with the January 2026 data; October 2025 was not collected during the lapse
in appropriations. 2007 and 2009 now cite BLS regional tables that state the annual average
(207.342, 214.537) instead of an average of monthly indexes and a press copy. The exact cents of
one 2025 real-dollar figure are computed by hand from costs/schedule.real_money's rule:
``KRW / rate`` rounded half-up to the cent, then ``× CPI(2020) / CPI(2025)`` rounded half-up.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from burdenshare.costs.catalog import load_dataset
from burdenshare.costs.history import history, history_records
from burdenshare.costs.schedule import Conversion, schedule
from burdenshare.data import bundled_series
from burdenshare.errors import MissingDataError
from burdenshare.money import Currency, Money
from test_cli_views import run_inline

MID_ATLANTIC = "https://www.bls.gov/regions/mid-atlantic/data/xg-tables/ro3xg01.htm"
WEST_2008 = "http://www.bls.gov/xg_shells/ro9xg01.htm"
MIDWEST_2009 = "http://www.bls.gov/xg/ro5xg01cpi.stm"
USD = Currency.USD
# SMA-11's published 2025 amount, 14,028억 won, at the Fed's 2025 average 1421.3963 KRW/USD:
# 1,402,800,000,000 × 100 / 1421.3963 = 98,691,687,884.65… → 98,691,687,885 cents;
# × 258.811 / 321.943 (CPI-U 2020, 2025) = 79,338,561,277.01… → 79,338,561,277 cents
SMA11_2025_CENTS = 98_691_687_885
SMA11_2025_REAL_2020 = 79_338_561_277


def _half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2))


@pytest.mark.parametrize(
    ("year", "value", "url"),
    [
        (2025, "321.943", MID_ATLANTIC),
        (2007, "207.342", WEST_2008),
        (2009, "214.537", MIDWEST_2009),
    ],
)
def test_us_cpi_annual_average_from_a_bls_table(year: int, value: str, url: str) -> None:
    obs = bundled_series()["us-cpi"].observations[year]
    assert obs.value == Decimal(value)
    assert obs.reference == url and obs.flags == ()  # the page states it: not derived
    assert f"'Annual average {year}' {value}" in obs.note


def test_us_cpi_2025_says_october_was_not_collected() -> None:
    note = bundled_series()["us-cpi"].observations[2025].note
    assert "October 2025 was not collected (lapse in appropriations)" in note
    assert "no BLS page stating how the annual average was formed" in note
    shutdown = "https://www.bls.gov/cpi/additional-resources/2025-federal-government-shutdown-impact-cpi.htm"
    assert "'BLS could not collect October 2025 reference period survey data'" in note
    assert shutdown in note


def test_the_2025_rate_is_still_the_feds_basis_read_through_the_mirror() -> None:
    # no G.5A release for 2025 was found as a page: the FRED mirror stays, flagged secondary
    for name, value in (("krw-per-usd", "1421.3963"), ("jpy-per-usd", "149.5686")):
        obs = bundled_series()[name].observations[2025]
        assert obs.value == Decimal(value) and obs.flags == ("secondary",)


def test_sma_11_2025_in_real_2020_dollars_is_the_hand_computed_cents() -> None:
    rok = load_dataset("us-rok")
    bank = bundled_series()
    conv = Conversion(Currency.USD, series="krw-per-usd")
    sched = schedule(
        rok.agreement("SMA-11"), bank, conversion=conv, real_base_year=2020, host=rok.host_series
    )
    row = next(r for r in sched.rows if r.year == 2025)
    assert row.amount == Money(1_402_800_000_000, Currency.KRW)
    assert _half_up(Fraction(1_402_800_000_000 * 100) / Fraction("1421.3963")) == (SMA11_2025_CENTS)
    assert _half_up(SMA11_2025_CENTS * Fraction("258.811") / Fraction("321.943")) == (
        SMA11_2025_REAL_2020
    )
    assert row.real == Money(SMA11_2025_REAL_2020, USD)


def test_history_in_real_dollars_gives_2025(capsys: pytest.CaptureFixture[str]) -> None:
    bank = bundled_series()
    recs = {r["year"]: r for r in history_records(history("us-rok", bank), bank, USD, 2020)}
    assert recs[2025]["converted_amount"] == SMA11_2025_CENTS
    assert recs[2025]["converted_basis"] == "converted"
    assert recs[2025]["real_amount"] == SMA11_2025_REAL_2020
    code, out, err = run_inline(capsys, "history", "--real", "--currency", "USD", "-f", "json")
    assert code == 0, err
    shown = next(r for r in json.loads(out) if r["year"] == 2025)
    assert shown["real_amount"] == SMA11_2025_REAL_2020


def test_schedule_sma_11_in_real_dollars_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_inline(
        capsys, "schedule", "SMA-11", "--currency", "USD", "--real", "-f", "json"
    )
    assert code == 0, err
    rows = {r["year"]: r for r in json.loads(out)}
    assert rows[2025]["real_amount"] == SMA11_2025_REAL_2020


def test_2026_is_refused_naming_the_us_cpi() -> None:
    # the 12th SMA starts in 2026; with its rate and Korean CPI assumed, the CPI-U (bundled to
    # 2025) is what refuses
    rok = load_dataset("us-rok")
    bank = dict(bundled_series())
    bank["krw-per-usd"] = bank["krw-per-usd"].with_values(
        {y: Decimal(1400) for y in range(2026, 2031)}, "assumed"
    )
    bank["kr-cpi"] = bank["kr-cpi"].with_values(
        {y: Decimal(2) for y in range(2026, 2029)}, "assumed"
    )
    conv = Conversion(Currency.USD, series="krw-per-usd")
    with pytest.raises(MissingDataError, match="us-cpi"):
        schedule(
            rok.agreement("SMA-12"),
            bank,
            conversion=conv,
            real_base_year=2020,
            host=rok.host_series,
        )


TROOPDATA_FILE = (
    "https://github.com/meflynn/troopdata/blob/3946bcf89a6d72de8abace812dc557f1f249f5f7/"
    "data-raw/troopdata.csv"
)
TROOPDATA_REPORTS = (
    "https://github.com/meflynn/troopdata/blob/3946bcf89a6d72de8abace812dc557f1f249f5f7/"
    "data-raw/troopdata-rebuild-reports.csv"
)


@pytest.mark.parametrize(
    ("series", "year", "troops", "url"),
    [
        # troopdata.csv at 3946bcf, rows "Korea, South" (DMDC, September 2022 and 2023)
        ("usfk-troops", 2022, 25_372, TROOPDATA_FILE),
        ("usfk-troops", 2023, 24_159, TROOPDATA_FILE),
        # the package's transcription of the DMDC September reports, troops_ad
        ("usfk-troops", 2024, 23_111, TROOPDATA_REPORTS),
        ("usfk-troops", 2025, 23_642, TROOPDATA_REPORTS),
        ("usfj-troops", 2024, 50_786, TROOPDATA_REPORTS),
        ("usfj-troops", 2025, 53_490, TROOPDATA_REPORTS),
    ],
)
def test_us_troops_dmdc_september_reports(series: str, year: int, troops: int, url: str) -> None:
    obs = bundled_series()[series].observations[year]
    assert obs.value == troops and obs.reference == url and obs.flags == ("secondary",)
    assert "DMDC" in obs.note


def test_the_report_transcription_equals_the_data_file_where_both_state_a_year() -> None:
    # September 2022 and 2023: the transcription gives the data file's counts (same basis),
    # Japan 53,973 and 53,246 (bundled before), Korea 25,372 and 24,159
    bank = bundled_series()
    assert (bank["usfj-troops"].value(2022), bank["usfj-troops"].value(2023)) == (53_973, 53_246)
    for year in (2022, 2023):
        assert TROOPDATA_REPORTS in bank["usfk-troops"].observations[year].note


def test_per_troop_uses_the_2025_count() -> None:
    rok = load_dataset("us-rok")
    bank = bundled_series()
    rows = {r.year: r for r in schedule(rok.agreement("SMA-11"), bank, host=rok.host_series).rows}
    assert rows[2025].troops == 23_642
    # 1,402,800,000,000 won / 23,642 = 59,335,081.63… → 59,335,082 won per troop
    assert rows[2025].per_troop == Money(59_335_082, Currency.KRW)
    assert _half_up(Fraction(1_402_800_000_000, 23_642)) == 59_335_082


def test_the_workforce_stays_one_basis_one_year() -> None:
    series = bundled_series()["usfk-korean-workforce"]
    assert series.years == (2020,) and series.value(2020) == 9_000
    assert "14,000 in December 2011" in series.description  # another basis, named not mixed
