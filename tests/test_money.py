"""Money, rounding and exchange-rate conversion: exact oracles computed with ``fractions``."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from burdenshare.money import (
    Currency,
    ExchangeRate,
    Money,
    RoundingMode,
    format_money,
    multiply,
    percent,
    round_to_unit,
)
from helpers import round_exact

KRW, USD, JPY = Currency.KRW, Currency.USD, Currency.JPY


def half_up(value: Fraction) -> int:
    """Round an exact rational half away from zero (Decimal's ROUND_HALF_UP)."""
    magnitude = math.floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


def rates(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """Rates in [low, high] with up to four decimals."""
    return st.integers(low * 10_000, high * 10_000).map(lambda n: Decimal(n).scaleb(-4))


# --- Currency and Money basics ---------------------------------------------------------------


def test_currency_exponents() -> None:
    assert (KRW.exponent, USD.exponent, JPY.exponent) == (0, 2, 0)
    assert (KRW.minor_per_major, USD.minor_per_major, JPY.minor_per_major) == (1, 100, 1)


def test_currency_parse_is_case_insensitive_and_rejects_unknown() -> None:
    assert Currency.parse(" usd ") is USD
    with pytest.raises(ValueError, match="unknown currency 'EUR'"):
        Currency.parse("EUR")


def test_add_and_subtract_same_currency() -> None:
    a = Money(960_200_000_000, KRW)
    b = Money(78_700_000_000, KRW)
    assert a + b == Money(1_038_900_000_000, KRW)
    assert (a + b) - a == b
    assert -b == Money(-78_700_000_000, KRW)


@pytest.mark.parametrize("op", ["add", "sub"])
def test_mixing_currencies_is_refused(op: str) -> None:
    won, cents = Money(100, KRW), Money(100, USD)
    with pytest.raises(ValueError, match="cannot combine KRW and USD"):
        won + cents if op == "add" else won - cents


def test_money_equality_includes_currency() -> None:
    assert Money(100, USD) != Money(100, KRW)
    assert Money(100, USD) == Money(100, USD)


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_ordering_across_currencies_is_refused(op: str) -> None:
    # the first version (dataclass order=True) silently answered Money(1, USD) < Money(2, KRW)
    a, b = Money(1, USD), Money(2, KRW)
    compare = {
        "<": lambda: a < b,
        "<=": lambda: a <= b,
        ">": lambda: a > b,
        ">=": lambda: a >= b,
    }[op]
    with pytest.raises(ValueError, match="cannot combine USD and KRW"):
        compare()


def test_ordering_within_a_currency() -> None:
    assert Money(759_999_999_999, KRW) < Money(760_000_000_000, KRW)
    assert Money(760_000_000_000, KRW) <= Money(760_000_000_000, KRW)
    assert Money(-1, USD) > Money(-2, USD)
    assert Money(5, JPY) >= Money(5, JPY)
    assert sorted([Money(3, USD), Money(1, USD), Money(2, USD)]) == [
        Money(1, USD),
        Money(2, USD),
        Money(3, USD),
    ]


@pytest.mark.parametrize("bad", [1.0, 0.5, Decimal("1"), "1", True, None])
def test_money_refuses_non_integer_minor(bad: object) -> None:
    with pytest.raises(TypeError, match="integer amount of smallest units"):
        Money(bad, KRW)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("major", "currency", "expected"),
    [
        (Decimal("848806366.05"), "USD", Money(84_880_636_605, USD)),
        ("1038900000000", "KRW", Money(1_038_900_000_000, KRW)),
        (211_020_000_000, JPY, Money(211_020_000_000, JPY)),
        ("0.01", "usd", Money(1, USD)),
        ("-3.10", USD, Money(-310, USD)),
        ("1.50", "KRW", None),
    ],
)
def test_money_of_exact_major_amounts(
    major: Decimal | int | str, currency: Currency | str, expected: Money | None
) -> None:
    if expected is None:
        with pytest.raises(ValueError):
            Money.of(major, currency)
    else:
        assert Money.of(major, currency) == expected


@pytest.mark.parametrize(
    ("major", "currency"),
    [("0.001", "USD"), ("848806366.055", "USD"), ("0.5", "KRW"), ("1.1", "JPY")],
)
def test_money_of_rejects_fractions_of_the_smallest_unit(major: str, currency: str) -> None:
    with pytest.raises(ValueError, match="not a whole number"):
        Money.of(major, currency)


@pytest.mark.parametrize("value", [0.1, 1.5, 1.0])
def test_money_of_refuses_floats(value: float) -> None:
    # even a binary-exact float such as 1.5 (the first version accepted it as 150 cents)
    with pytest.raises(TypeError, match="float"):
        Money.of(value, "USD")  # type: ignore[arg-type]


def test_money_of_is_exact_beyond_28_digits() -> None:
    # the first version multiplied in the ambient 28-digit context and returned …790
    assert Money.of(Decimal("12345678901234567890123456789"), "KRW").minor == (
        12345678901234567890123456789
    )
    assert Money.of("1234567890123456789012345678.91", "USD").minor == (
        123456789012345678901234567891
    )


def test_major_is_exact() -> None:
    assert Money(84_880_636_605, USD).major == Decimal("848806366.05")
    assert Money(-5, USD).major == Decimal("-0.05")
    assert Money(1_402_800_000_000, KRW).major == Decimal(1_402_800_000_000)


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(1_038_900_000_000, KRW), "1,038,900,000,000 KRW"),
        (Money(84_880_636_605, USD), "848,806,366.05 USD"),
        (Money(5, USD), "0.05 USD"),
        (Money(211_020_000_000, JPY), "211,020,000,000 JPY"),
    ],
)
def test_format_money(money: Money, text: str) -> None:
    assert format_money(money) == text
    assert str(money) == text


def test_times_rounds_half_up_by_default() -> None:
    # 2024 (13,463억) × 1.042 = 1,402,844,600,000 exactly
    assert Money(1_346_300_000_000, KRW).times(Decimal("1.042")) == Money(1_402_844_600_000, KRW)
    # 5 won × 1.5 = 7.5 won
    assert Money(5, KRW).times(Decimal("1.5")) == Money(8, KRW)
    assert Money(5, KRW).times(Decimal("1.5"), RoundingMode.HALF_EVEN) == Money(8, KRW)
    assert Money(7, KRW).times(Decimal("1.5"), RoundingMode.HALF_EVEN) == Money(10, KRW)
    assert Money(5, KRW).times(Decimal("1.5"), RoundingMode.DOWN) == Money(7, KRW)


def test_percent() -> None:
    assert percent(Decimal("4")) == Decimal("0.04")
    assert percent(Decimal("13.9")) == Decimal("0.139")


# --- round_to_unit ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        ("2.5", RoundingMode.HALF_UP, 3),
        ("2.5", RoundingMode.HALF_EVEN, 2),
        ("3.5", RoundingMode.HALF_EVEN, 4),
        ("2.5", RoundingMode.DOWN, 2),
        ("2.1", RoundingMode.UP, 3),
        ("2.0", RoundingMode.UP, 2),
        ("-2.5", RoundingMode.HALF_UP, -3),
        ("-2.5", RoundingMode.HALF_EVEN, -2),
        ("-2.9", RoundingMode.DOWN, -2),
        ("-2.1", RoundingMode.UP, -3),
        ("2.4999999999", RoundingMode.HALF_UP, 2),
    ],
)
def test_round_to_unit_modes(value: str, mode: RoundingMode, expected: int) -> None:
    assert round_to_unit(Decimal(value), 1, mode) == expected


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        # 7,600억 × 1.047 = 7,957.2억 → 7,957억
        (Decimal(795_720_000_000), RoundingMode.HALF_UP, 795_700_000_000),
        # 10,389억 × 1.139 = 11,833.071억
        (Decimal(1_183_307_100_000), RoundingMode.HALF_UP, 1_183_300_000_000),
        (Decimal(1_183_307_100_000), RoundingMode.UP, 1_183_400_000_000),
        (Decimal(1_183_350_000_000), RoundingMode.HALF_UP, 1_183_400_000_000),
        (Decimal(1_183_350_000_000), RoundingMode.HALF_EVEN, 1_183_400_000_000),
        (Decimal(1_183_250_000_000), RoundingMode.HALF_EVEN, 1_183_200_000_000),
        (Decimal(1_183_399_999_999), RoundingMode.DOWN, 1_183_300_000_000),
    ],
)
def test_round_to_unit_in_eok(value: Decimal, mode: RoundingMode, expected: int) -> None:
    assert round_to_unit(value, 100_000_000, mode) == expected


@pytest.mark.parametrize("unit", [0, -1])
def test_round_to_unit_rejects_non_positive_units(unit: int) -> None:
    with pytest.raises(ValueError, match="rounding unit must be positive"):
        round_to_unit(Decimal(1), unit)


def test_multiply() -> None:
    # 9,200억 × 1.013 = 9,319.6억 → 9,320억 (SMA-9, 2015)
    assert multiply(920_000_000_000, Decimal("1.013"), 100_000_000) == 932_000_000_000


@given(
    value=st.integers(-(10**18), 10**18),
    unit=st.sampled_from([1, 7, 100, 10_000_000, 100_000_000]),
    mode=st.sampled_from(list(RoundingMode)),
)
def test_round_to_unit_of_a_multiple_is_identity(value: int, unit: int, mode: RoundingMode) -> None:
    assert round_to_unit(Decimal(value * unit), unit, mode) == value * unit


# --- ExchangeRate ----------------------------------------------------------------------------


def test_exchange_rate_needs_a_positive_decimal() -> None:
    for bad in (Decimal(0), Decimal(-1), 1131, 1131.0):
        with pytest.raises(ValueError, match="positive Decimal"):
            ExchangeRate(KRW, USD, bad)  # type: ignore[arg-type]


def test_krw_to_usd_exact_value() -> None:
    rate = ExchangeRate(KRW, USD, Decimal(1131))
    # 960,000,000,000 / 1131 = 848,806,366.047745… dollars = 84,880,636,604.77… cents
    exact = Fraction(960_000_000_000 * 100, 1131)
    assert half_up(exact) == 84_880_636_605
    converted = rate.convert(Money(960_000_000_000, KRW))
    assert converted == Money(84_880_636_605, USD)
    assert str(converted) == "848,806,366.05 USD"


def test_usd_to_krw_exact_value() -> None:
    rate = ExchangeRate(KRW, USD, Decimal("1099.29"))
    # US$1.00 = 1,099.29 won → 1,099 won; US$1,000,000.00 = 1,099,290,000 won exactly
    assert rate.convert(Money(100, USD)) == Money(1099, KRW)
    assert rate.convert(Money(100_000_000, USD)) == Money(1_099_290_000, KRW)
    assert rate.convert(Money(100, USD), RoundingMode.UP) == Money(1100, KRW)


def test_conversion_rejects_a_currency_outside_the_pair() -> None:
    with pytest.raises(ValueError, match="cannot convert JPY"):
        ExchangeRate(KRW, USD, Decimal(1131)).convert(Money(1, JPY))


def test_pair_text() -> None:
    assert ExchangeRate(KRW, USD, Decimal(1131)).pair == "KRW/USD"


# Division must round the true quotient once. (The first version multiplied by a 60-digit rounded
# reciprocal: 1,800 won at 600 came out as 301 cents in mode UP and exact half cents rounded down.)


def test_conversion_of_an_exact_quotient_in_mode_up() -> None:
    rate = ExchangeRate(KRW, USD, Decimal(600))
    assert rate.convert(Money(1800, KRW), RoundingMode.UP) == Money(300, USD)
    assert rate.convert(Money(1800, KRW), RoundingMode.DOWN) == Money(300, USD)


def test_conversion_of_an_exact_half_cent_rounds_up() -> None:
    # 14 won at 560 KRW/USD is exactly 2.5 cents
    rate = ExchangeRate(KRW, USD, Decimal(560))
    assert rate.convert(Money(14, KRW)) == Money(3, USD)
    assert rate.convert(Money(14, KRW), RoundingMode.HALF_EVEN) == Money(2, USD)
    assert rate.convert(Money(-14, KRW)) == Money(-3, USD)


def test_conversion_of_a_large_exact_half_cent_rounds_up() -> None:
    exact = Fraction(67_650_956_811 * 100) / Fraction("725.4144")
    assert exact == Fraction(18_651_671_875, 2)  # 9,325,835,937.5 cents
    rate = ExchangeRate(KRW, USD, Decimal("725.4144"))
    assert rate.convert(Money(67_650_956_811, KRW)) == Money(9_325_835_938, USD)


modes = st.sampled_from(list(RoundingMode))


@given(won=st.integers(-(10**15), 10**15), rate=rates(500, 2000), mode=modes)
def test_krw_to_usd_is_the_exactly_rounded_quotient(
    won: int, rate: Decimal, mode: RoundingMode
) -> None:
    exact = Fraction(won * 100) / Fraction(rate)
    assert ExchangeRate(KRW, USD, rate).convert(Money(won, KRW), mode).minor == round_exact(
        exact, mode
    )


@given(m=st.integers(-(10**8), 10**8), rate=rates(500, 2000), mode=modes)
def test_krw_to_usd_of_an_exact_quotient_is_exact_in_every_mode(
    m: int, rate: Decimal, mode: RoundingMode
) -> None:
    # won = m × (numerator of the rate) makes won × 100 / rate a whole number of cents
    a = Fraction(rate)
    won = m * a.numerator
    cents = Fraction(won * 100) / a
    assert cents.denominator == 1
    assert ExchangeRate(KRW, USD, rate).convert(Money(won, KRW), mode).minor == cents


@given(
    d=st.integers(0, 4),
    i_frac=st.fractions(0, 1),
    odd=st.integers(-(10**6), 10**6).map(lambda n: 2 * n + 1),
    mode=modes,
)
def test_krw_to_usd_of_an_exact_half_cent_follows_the_mode(
    d: int, i_frac: Fraction, odd: int, mode: RoundingMode
) -> None:
    # rate = 200·i / 5^d (at most d decimals, within [500, 2000]) and won = odd·i give
    # won × 100 / rate = odd · 5^d / 2, an exact half cent
    low, high = math.ceil(Fraction(5, 2) * 5**d), 10 * 5**d
    i = low + math.floor(i_frac * (high - low))
    rate = Decimal(200 * i) / Decimal(5**d)
    assert Decimal(500) <= rate <= Decimal(2000)
    assert rate == rate.quantize(Decimal("0.0001"))  # at most four decimals
    won = odd * i
    exact = Fraction(won * 100) / Fraction(rate)
    assert exact.denominator == 2
    got = ExchangeRate(KRW, USD, rate).convert(Money(won, KRW), mode).minor
    assert got == round_exact(exact, mode)


# Round trips. Let s be the number of fine units in one coarse unit (won per cent is r/100,
# cents per yen is 100/r). Starting from the coarse unit the intermediate value is within half a
# fine unit, i.e. within 1/(2s) < 1/2 coarse unit, so the trip back is exact whenever s ≥ 1.


@given(cents=st.integers(-(10**15), 10**15), rate=rates(500, 2000))
def test_usd_krw_usd_round_trip_is_exact(cents: int, rate: Decimal) -> None:
    fx = ExchangeRate(KRW, USD, rate)
    assert fx.convert(fx.convert(Money(cents, USD))) == Money(cents, USD)


@given(yen=st.integers(-(10**15), 10**15), rate=rates(70, 100))
def test_jpy_usd_jpy_round_trip_is_exact_while_the_yen_is_coarser(yen: int, rate: Decimal) -> None:
    # at ≤ 100 yen per dollar one yen is worth at least one cent
    fx = ExchangeRate(JPY, USD, rate)
    assert fx.convert(fx.convert(Money(yen, JPY))) == Money(yen, JPY)


@given(cents=st.integers(-(10**15), 10**15), rate=rates(100, 200))
def test_usd_jpy_usd_round_trip_is_exact_while_the_cent_is_coarser(
    cents: int, rate: Decimal
) -> None:
    # above 100 yen per dollar one cent is worth more than one yen: the cent is the coarse unit
    fx = ExchangeRate(JPY, USD, rate)
    assert fx.convert(fx.convert(Money(cents, USD))) == Money(cents, USD)


def test_jpy_round_trip_is_not_exact_once_the_cent_is_coarser() -> None:
    # 1 yen at 150 JPY/USD = 0.667 cent → 1 cent → 1.5 yen → 2 yen
    fx = ExchangeRate(JPY, USD, Decimal(150))
    assert fx.convert(Money(1, JPY)) == Money(1, USD)
    assert fx.convert(Money(1, USD)) == Money(2, JPY)


# From the fine unit: the coarse intermediate is within half a coarse unit (s/2 fine units) of
# the start, and rounding back adds at most half a fine unit, so |back − start| ≤ (s + 1)/2 fine
# units (half a coarse unit plus half a fine unit), and since both are integers
# |back − start| ≤ ⌊(s + 1)/2⌋.


@given(won=st.integers(-(10**15), 10**15), rate=rates(500, 2000))
def test_krw_usd_krw_errs_by_at_most_half_a_cent_plus_half_a_won(won: int, rate: Decimal) -> None:
    fx = ExchangeRate(KRW, USD, rate)
    back = fx.convert(fx.convert(Money(won, KRW)))
    s = Fraction(rate) / 100  # won per cent
    assert 2 * abs(back.minor - won) <= s + 1
    assert abs(back.minor - won) <= math.floor((s + 1) / 2)


@given(yen=st.integers(-(10**15), 10**15), rate=rates(100, 200))
def test_jpy_usd_jpy_errs_by_at_most_half_a_cent_plus_half_a_yen(yen: int, rate: Decimal) -> None:
    fx = ExchangeRate(JPY, USD, rate)
    back = fx.convert(fx.convert(Money(yen, JPY)))
    s = Fraction(rate) / 100  # yen per cent
    assert 2 * abs(back.minor - yen) <= s + 1


@given(cents=st.integers(-(10**15), 10**15), rate=rates(70, 100))
def test_usd_jpy_usd_errs_by_at_most_half_a_yen_plus_half_a_cent(cents: int, rate: Decimal) -> None:
    fx = ExchangeRate(JPY, USD, rate)
    back = fx.convert(fx.convert(Money(cents, USD)))
    s = 100 / Fraction(rate)  # cents per yen
    assert 2 * abs(back.minor - cents) <= s + 1


def test_the_extra_half_fine_unit_is_needed() -> None:
    # 17 won at 1131 = 1.503 cents → 2 cents → 22.62 won → 23 won: off by 6 won, more than half a
    # cent (5.655 won) but within ⌊(11.31 + 1)/2⌋ = 6.
    fx = ExchangeRate(KRW, USD, Decimal(1131))
    cents = fx.convert(Money(17, KRW))
    assert cents == Money(2, USD)
    assert fx.convert(cents) == Money(23, KRW)


@given(won=st.integers(-(10**15), 10**15), rate=rates(500, 2000))
def test_krw_to_usd_is_within_half_a_cent_of_the_exact_value(won: int, rate: Decimal) -> None:
    cents = ExchangeRate(KRW, USD, rate).convert(Money(won, KRW)).minor
    exact = Fraction(won * 100) / Fraction(rate)
    assert abs(cents - exact) <= Fraction(1, 2)


@given(cents=st.integers(-(10**15), 10**15), rate=rates(500, 2000))
def test_usd_to_krw_is_the_exactly_rounded_product(cents: int, rate: Decimal) -> None:
    won = ExchangeRate(KRW, USD, rate).convert(Money(cents, USD)).minor
    assert won == half_up(Fraction(cents, 100) * Fraction(rate))
