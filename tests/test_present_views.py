"""Real US dollars are deflated by the US CPI-U (data/series/us-cpi.yaml), real won by Korea's
CPI: closed-form oracles with exact fractions."""

from __future__ import annotations

from fractions import Fraction

import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.data import bundled_series
from burdenshare.errors import InputError
from burdenshare.money import Currency
from burdenshare.present.views import deflate_by_index, money_view


def _half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2)) if x >= 0 else -int(-x + Fraction(1, 2))


def _cpi(year: int) -> Fraction:
    return Fraction(str(bundled_series()["us-cpi"].value(year)))


def test_the_bundled_us_cpi_is_the_bls_annual_average() -> None:
    cpi = bundled_series()["us-cpi"]
    # BLS CPI-U annual averages, 1982-84=100 (the pages cited in the file)
    assert (cpi.value(1991), cpi.value(2008), cpi.value(2020), cpi.value(2024)) == (
        Fraction("136.2"),
        Fraction("215.303"),
        Fraction("258.811"),
        Fraction("313.689"),
    )
    assert sorted(cpi.observations) == list(range(1991, 2026))  # 2025: BLS, January 2026


@pytest.mark.parametrize("year, base", [(2019, 2020), (2023, 2020), (1995, 2020), (2020, 2018)])
def test_a_dollar_amount_in_real_dollars_is_amount_times_cpi_ratio(year: int, base: int) -> None:
    cents = 120_000_000_000  # US$1.2 billion
    view = money_view(load_scenario("sma-2018"), Currency.USD, Currency.USD, True, base)
    expected = _half_up(Fraction(cents) * _cpi(base) / _cpi(year))
    assert view.show(cents, year) == expected
    assert deflate_by_index(cents, bundled_series()["us-cpi"], base, year) == expected
    assert view.describe() == f"USD, real ({base} prices: US CPI-U)"  # dollars: no conversion


def test_won_in_real_dollars_converts_at_the_years_rate_then_deflates_by_us_cpi() -> None:
    won = 1_038_900_000_000  # the 10th SMA's 2019 amount
    sc = load_scenario("sma-2018")  # states 1131 KRW/USD
    view = money_view(sc, Currency.KRW, Currency.USD, True, 2020)
    cents = _half_up(Fraction(won * 100, 1131))
    assert view.show(won, 2019) == _half_up(Fraction(cents) * _cpi(2020) / _cpi(2019))
    assert view.describe() == "USD, real (2020 prices: US CPI-U, converted at each year's rate)"


def test_real_won_stays_deflated_by_korean_cpi() -> None:
    won = 1_038_900_000_000
    view = money_view(load_scenario("sma-2018"), Currency.KRW, Currency.KRW, True, 2018)
    kr_2019 = Fraction(str(bundled_series()["kr-cpi"].value(2019)))  # 0.4%
    assert view.show(won, 2019) == _half_up(Fraction(won) / (1 + kr_2019 / 100))
    assert view.describe() == "KRW, real (2018 prices: KRW CPI)"


def test_a_year_without_us_cpi_is_refused_in_one_line() -> None:
    view = money_view(load_scenario("sma-2018"), Currency.USD, Currency.USD, True, 2020)
    with pytest.raises(InputError) as info:
        view.show(100, 2030)
    assert "2030" in str(info.value) and "\n" not in str(info.value)
