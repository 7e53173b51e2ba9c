"""`history --real --currency USD` by the one real rule (issue 18: costs/schedule.real_money):
each year's dollar view (documented, or converted at the year's rate) deflated by the US CPI-U,
with the rule's words (real_basis) in the records, the table's basis and its notes. Closed-form
oracles with exact fractions, as tests/test_real_usd.py: ``KRW_Y / rate_Y`` rounded half-up to
the cent, then ``× CPI_US(B) / CPI_US(Y)`` rounded half-up to the cent."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from burdenshare.costs.history import history, history_records
from burdenshare.data import bundled_series
from burdenshare.money import Currency
from burdenshare.present.history import history_table
from test_cli_views import run_inline

USD_BASIS_2020 = "USD, real (2020 prices: US CPI-U, converted at each year's rate)"


def _half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2)) if x >= 0 else -int(-x + Fraction(1, 2))


def _series(name: str, year: int) -> Fraction:
    return Fraction(str(bundled_series()[name].value(year)))


def _deflated(cents: int, year: int, base: int) -> int:
    return _half_up(cents * _series("us-cpi", base) / _series("us-cpi", year))


def _records(base: int = 2020) -> dict[int, dict]:
    bank = bundled_series()
    recs = history_records(history("us-rok", bank), bank, Currency.USD, base, pending=True)
    return {r["year"]: r for r in recs if r["amount"] is not None}


def test_a_won_year_is_converted_at_its_rate_then_deflated_by_us_cpi() -> None:
    rec = _records()[2019]
    won = 1_038_900_000_000  # the 10th SMA's 2019 amount
    assert rec["amount"] == won and rec["currency"] == "KRW"
    cents = _half_up(Fraction(won * 100) / _series("krw-per-usd", 2019))
    assert rec["converted_amount"] == cents  # the nominal dollar column, same rate
    assert rec["real_amount"] == _deflated(cents, 2019, 2020)
    # 1,038,900,000,000 / 1165.80 = US$891,147,709.727… → 89,114,770,973 cents;
    # × 258.811 / 255.657 (CPI-U 2020, 2019) = 90,214,165,817.1… → 90,214,165,817 cents
    assert rec["real_amount"] == 90_214_165_817
    assert rec["real_currency"] == "USD" and rec["real_basis"] == USD_BASIS_2020
    assert _records()[2020]["real_amount"] == _records()[2020]["converted_amount"]  # base year


def test_a_dollar_year_is_only_deflated() -> None:
    rec = _records()[1991]
    assert rec["amount"] == 15_000_000_000 and rec["currency"] == "USD"  # US$150 m
    assert rec["real_amount"] == _deflated(15_000_000_000, 1991, 2020)
    assert rec["real_amount"] == 28_503_414_097  # × 258.811 / 136.2


def test_every_year_with_a_rate_and_a_us_cpi_is_the_closed_form_and_others_are_empty() -> None:
    cpi = bundled_series()["us-cpi"].observations
    for year, rec in _records(2018).items():
        cents = rec["converted_amount"]
        if cents is None or year not in cpi:
            assert rec["real_amount"] is None, year  # never guessed
        else:
            assert rec["real_amount"] == _deflated(cents, year, 2018), year


def test_real_won_keeps_the_korean_cpi_and_says_so() -> None:
    bank = bundled_series()
    recs = history_records(history("us-rok", bank), bank, Currency.KRW, 2018)
    rec = next(r for r in recs if r["year"] == 2019)
    won = 1_038_900_000_000
    assert rec["real_amount"] == _half_up(won / (1 + _series("kr-cpi", 2019) / 100))
    assert rec["real_currency"] == "KRW"
    assert rec["real_basis"] == "KRW, real (2018 prices: KRW CPI)"


def test_the_table_and_json_state_the_basis(capsys: pytest.CaptureFixture[str]) -> None:
    bank = bundled_series()
    hist = history("us-rok", bank)
    table = history_table(hist, history_records(hist, bank, Currency.USD, 2020)).to_json()
    real = next(c for c in table["columns"] if c["key"] == "real_amount")
    assert real["unit"] == "USD m"  # was the host's "KRW bn" before issue 18
    assert USD_BASIS_2020 in table["basis"]
    assert f"Real terms: {USD_BASIS_2020}." in table["notes"]
    row = table["rows"][table["row_ids"].index("2019")]
    assert row["real_amount"]["text"] == "902.14"  # 90,214,165,817 cents
    code, out, err = run_inline(capsys, "history", "--real", "--currency", "USD", "-f", "json")
    assert code == 0, err
    shown = next(r for r in json.loads(out) if r["year"] == 2019)
    assert shown["real_amount"] == 90_214_165_817 and shown["real_basis"] == USD_BASIS_2020
