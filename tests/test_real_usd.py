"""One real view (issue 18): schedule, compare (hence report) and the result commands' MoneyView
show real US dollars by the same rule, converted at each year's rate and deflated by the US
CPI-U; a host-currency target keeps the host's CPI. Closed-form oracles with exact fractions:
``KRW / rate(Y)`` rounded half-up to the cent, then ``× CPI_US(B) / CPI_US(Y)`` rounded half-up
to the cent (the package rounds at both steps, as ExchangeRate.convert and deflate_by_index do).
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from burdenshare.costs.catalog import load_dataset
from burdenshare.costs.compare import compare
from burdenshare.costs.scenario import load_scenario
from burdenshare.costs.schedule import Conversion, schedule
from burdenshare.data import bundled_series
from burdenshare.money import Currency, Money
from burdenshare.present.comparison import basis
from burdenshare.present.views import money_view

USD_BASIS_2020 = "USD, real (2020 prices: US CPI-U, converted at each year's rate)"


def _half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2)) if x >= 0 else -int(-x + Fraction(1, 2))


def _series(name: str, year: int) -> Fraction:
    return Fraction(str(bundled_series()[name].value(year)))


def _real_usd(minor: int, per_usd: Fraction, minor_per_major: int, year: int, base: int) -> int:
    """Host-currency ``minor`` of ``year`` in real dollars of ``base``: the closed form."""
    cents = _half_up(Fraction(minor * 100, minor_per_major) / per_usd)
    return _half_up(cents * _series("us-cpi", base) / _series("us-cpi", year))


def test_compare_in_real_dollars_is_the_closed_form_at_the_stated_rate() -> None:
    sc = load_scenario("sma-2018")  # states 1131 KRW/USD for every year
    result = compare(sc, "USD", real=True, base_year=2020)
    outcome = next(i for i in result.items if i.proposal.key == "outcome-2019")
    won = 1_038_900_000_000  # the 10th SMA's 2019 amount
    assert outcome.yearly == {2019: Money(_real_usd(won, Fraction(1131), 1, 2019, 2020), USD)}
    # 1,038,900,000,000 / 1131 = US$918,567,639.257… → 91,856,763,926 cents;
    # × 258.811 / 255.657 (CPI-U 2020, 2019) = 92,989,986,303.73 → 92,989,986,304 cents
    assert outcome.yearly[2019] == Money(92_989_986_304, USD)
    assert result.prices == USD_BASIS_2020
    assert basis(result).startswith(USD_BASIS_2020 + "; rate 1131 KRW/USD")


def test_a_dollar_proposal_in_real_dollars_is_only_deflated() -> None:
    sc = load_scenario("sma-2018")
    result = compare(sc, "USD", real=True, base_year=2020)
    ask = next(i for i in result.items if i.proposal.key == "us-1.2bn")
    cents = 120_000_000_000  # US$1.2 billion a year, 2019-2023
    for year in range(2019, 2024):
        expected = _half_up(cents * _series("us-cpi", 2020) / _series("us-cpi", year))
        assert ask.yearly[year] == Money(expected, USD)
    assert ask.yearly[2020] == Money(cents, USD)  # the base year itself


def test_real_won_keeps_the_korean_cpi_and_says_so() -> None:
    sc = load_scenario("sma-2018")
    result = compare(sc, "KRW", real=True, base_year=2018)
    outcome = next(i for i in result.items if i.proposal.key == "outcome-2019")
    won = 1_038_900_000_000
    kr_2019 = _series("kr-cpi", 2019)  # 0.4%
    assert outcome.yearly[2019] == Money(_half_up(won / (1 + kr_2019 / 100)), Currency.KRW)
    assert result.prices == "KRW, real (2018 prices: KRW CPI)"
    assert compare(sc, "KRW").prices == "KRW, nominal"


@pytest.mark.parametrize("target", [Currency.USD, Currency.KRW])
def test_schedule_and_money_view_give_the_same_real_figure_every_year(target: Currency) -> None:
    # one rule: every proposal's real amounts in the schedule (compare, report) equal the
    # result commands' MoneyView of the same nominal amount, to the smallest unit
    sc = load_scenario("sma-2018")
    result = compare(sc, target, real=True, base_year=2020)
    for item in result.items:
        native = item.schedule.rows[0].amount.currency
        view = money_view(sc, native, target, True, 2020)
        for row in item.schedule.rows:
            assert row.real is not None
            assert row.real.minor == view.show(row.amount.minor, row.year), (item, row.year)
        assert item.schedule.real_basis == view.describe()


def test_yen_in_real_dollars_converts_at_each_years_g5a_rate() -> None:
    japan = load_dataset("us-japan")
    bank = bundled_series()
    agreement = japan.agreement("JP-SMA-2016")  # FY2016-FY2020
    conv = Conversion(Currency.USD, series="jpy-per-usd")
    sched = schedule(agreement, bank, conversion=conv, real_base_year=2020, host=japan.host_series)
    covered = [r for r in sched.rows if r.year <= 2024]
    assert covered
    for row in covered:
        rate = _series("jpy-per-usd", row.year)
        expected = _real_usd(row.amount.minor, rate, 1, row.year, 2020)
        assert row.real == Money(expected, USD)
    assert sched.real_basis == USD_BASIS_2020


USD = Currency.USD


def test_schedule_and_compare_outputs_state_the_basis(capsys: pytest.CaptureFixture[str]) -> None:
    from test_cli_views import run_inline

    code, out, err = run_inline(
        capsys, "schedule", "SMA-9", "--real", "--currency", "USD", "-f", "json"
    )
    assert code == 0, err
    rows = {r["year"]: r for r in json.loads(out)}
    assert {r["real_basis"] for r in rows.values()} == {USD_BASIS_2020}
    cents = rows[2018]["converted_amount"]  # 960,200,000,000 won at the 2018 rate 1099.29
    assert cents == _half_up(Fraction(960_200_000_000 * 100) / Fraction("1099.29"))
    assert rows[2018]["real_amount"] == _half_up(
        cents * _series("us-cpi", 2020) / _series("us-cpi", 2018)
    )
    code, out, err = run_inline(capsys, "schedule", "SMA-9", "--real", "--currency", "USD")
    assert code == 0, err
    assert "Basis: USD, real (2020 prices: US CPI-U" in out
    code, out, err = run_inline(capsys, "compare", "sma-2018", "--real", "-f", "csv")
    assert code == 0, err
    assert out.count("KRW, real (2020 prices: KRW CPI)") == out.count("\n") - 1  # every row


def test_the_briefings_bottom_line_names_each_currencys_deflator() -> None:
    from burdenshare.reports.bottom import _prices

    sc = load_scenario("sma-2018")
    won = _prices(sc, compare(sc, "KRW", real=True, base_year=2018))
    assert won.startswith(
        "in real terms: 2018 prices, deflated by the KRW CPI "
        "(US dollars at each year's rate, deflated by the US CPI-U);"
    )
    dollars = _prices(sc, compare(sc, "USD", real=True, base_year=2018))
    assert dollars.startswith(
        "in real terms: 2018 prices, US dollars at each year's rate, deflated by the US CPI-U "
        "(KRW: deflated by the KRW CPI);"
    )
    assert _prices(sc, compare(sc, "USD")) == "nominal"
