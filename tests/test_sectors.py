"""Sector splits: parts always add up to the total; reference years split back exactly."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from burdenshare.costs.catalog import load_dataset
from burdenshare.costs.schedule import schedule
from burdenshare.costs.sectors import STANDARD_SECTORS, SectorSplit
from burdenshare.data import bundled_series

EOK = 100_000_000  # 1억원

AMOUNTS_2018 = {"payroll": 3710 * EOK, "construction": 4442 * EOK, "logistics": 1450 * EOK}
AMOUNTS_2019 = {"payroll": 5005 * EOK, "construction": 3710 * EOK, "logistics": 1674 * EOK}

weight_lists = st.lists(st.integers(0, 10**13), min_size=1, max_size=8).filter(
    lambda ws: sum(ws) > 0
)
units = st.sampled_from([1, 2, 3, 7, 100, 10_000_000, EOK])


def make_split(weights: list[int]) -> SectorSplit:
    return SectorSplit(tuple(f"s{i}" for i in range(len(weights))), tuple(weights))


@given(weights=weight_lists, total=st.integers(-(10**16), 10**16), unit=units)
def test_split_always_sums_to_the_total(weights: list[int], total: int, unit: int) -> None:
    parts = make_split(weights).split(total, unit)
    assert list(parts) == [f"s{i}" for i in range(len(weights))]
    assert sum(parts.values()) == total


@given(weights=weight_lists, multiples=st.integers(0, 10**8), unit=units)
def test_parts_are_multiples_of_the_unit_when_the_total_is(
    weights: list[int], multiples: int, unit: int
) -> None:
    total = multiples * unit
    parts = make_split(weights).split(total, unit)
    assert all(p % unit == 0 for p in parts.values())
    assert sum(parts.values()) == total


@given(weights=weight_lists, multiples=st.integers(0, 10**10), unit=units)
def test_each_part_is_its_exact_share_rounded_down_or_up_by_one_unit(
    weights: list[int], multiples: int, unit: int
) -> None:
    total = multiples * unit
    parts = make_split(weights).split(total, unit)
    weight_sum = sum(weights)
    for w, part in zip(weights, parts.values(), strict=True):
        exact_units = Fraction(multiples * w, weight_sum)
        assert part // unit in (math.floor(exact_units), math.floor(exact_units) + 1)
        if w == 0:
            assert part == 0


@given(weights=weight_lists, total=st.integers(1, 10**12), unit=st.sampled_from([100, EOK]))
def test_a_total_off_the_unit_falls_back_to_single_units(
    weights: list[int], total: int, unit: int
) -> None:
    assume(total % unit)
    parts = make_split(weights).split(total, unit)
    assert sum(parts.values()) == total


def test_from_amounts_2018_splits_back_exactly() -> None:
    split = SectorSplit.from_amounts(AMOUNTS_2018, 2018, "https://hankyung.com/amp/201902116000Y")
    assert split.basis == "amounts 2018"
    assert split.sectors == STANDARD_SECTORS
    assert split.split(960_200_000_000) == AMOUNTS_2018
    assert split.split(960_200_000_000, EOK) == AMOUNTS_2018


def test_from_amounts_2019_splits_back_exactly() -> None:
    split = SectorSplit.from_amounts(AMOUNTS_2019, 2019)
    assert split.basis == "amounts 2019"
    assert split.split(1_038_900_000_000) == AMOUNTS_2019
    assert split.split(1_038_900_000_000, EOK) == AMOUNTS_2019


def test_from_amounts_2018_split_of_another_year() -> None:
    # 2014 (9,200억) with 2018 weights 3710 : 4442 : 1450 of 9602, in whole 억:
    # exact 3554.676…, 4256.029…, 1389.293… → floors 3554, 4256, 1389 (sum 9199); the largest
    # remainder (payroll .676) gets the missing 억.
    split = SectorSplit.from_amounts(AMOUNTS_2018, 2018)
    assert split.split(920_000_000_000, EOK) == {
        "payroll": 3555 * EOK,
        "construction": 4256 * EOK,
        "logistics": 1389 * EOK,
    }


@pytest.mark.parametrize(
    ("agreement", "year", "expected"),
    [("SMA-9", 2018, AMOUNTS_2018), ("SMA-10", 2019, AMOUNTS_2019)],
    ids=["SMA-9-2018-hankyung", "SMA-10-2019-hankyung"],
)
def test_bundled_agreement_splits_its_reference_year_exactly(
    agreement: str, year: int, expected: dict[str, int]
) -> None:
    sma = load_dataset("us-rok").agreement(agreement)
    rows = {r.year: r for r in schedule(sma, bundled_series()).rows}
    assert {k: m.minor for k, m in rows[year].sectors.items()} == expected
    for row in rows.values():
        assert sum(m.minor for m in row.sectors.values()) == row.amount.minor


def test_sma8_shares_are_40_40_20() -> None:
    split = load_dataset("us-rok").agreement("SMA-8").sectors
    assert split is not None
    assert split.shares() == {
        "payroll": Decimal("40.000000"),
        "construction": Decimal("40.000000"),
        "logistics": Decimal("20.000000"),
    }
    # 2013: 8,695억 → 3,478 / 3,478 / 1,739
    assert split.split(869_500_000_000, EOK) == {
        "payroll": 3478 * EOK,
        "construction": 3478 * EOK,
        "logistics": 1739 * EOK,
    }


def test_from_shares_with_decimals_keeps_exact_weights() -> None:
    split = SectorSplit.from_shares(
        {"a": Decimal("33.3"), "b": Decimal("33.3"), "c": Decimal("33.4")}
    )
    assert split.weights == (333, 333, 334)
    assert split.basis == "shares"
    assert split.split(1000) == {"a": 333, "b": 333, "c": 334}


@pytest.mark.parametrize(
    "shares",
    [
        {"payroll": Decimal(40), "construction": Decimal(40), "logistics": Decimal("19.9")},
        {"payroll": Decimal(50), "construction": Decimal("50.01")},
        {"payroll": Decimal(0)},
        {"payroll": Decimal(39), "construction": Decimal(46), "logistics": Decimal(15)}
        | {"other": Decimal("0.000001")},
    ],
    ids=["99.9", "100.01", "0", "100.000001"],
)
def test_from_shares_rejects_shares_not_adding_to_100(shares: dict[str, Decimal]) -> None:
    with pytest.raises(ValueError, match="not 100%"):
        SectorSplit.from_shares(shares)


def test_from_shares_rejects_negative_shares_even_if_they_add_to_100() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        SectorSplit.from_shares({"a": Decimal(120), "b": Decimal(-20)})


def test_split_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError, match="one weight per sector"):
        SectorSplit(("a", "b"), (1,))
    with pytest.raises(ValueError, match="unique"):
        SectorSplit(("a", "a"), (1, 1))
    with pytest.raises(ValueError, match="not all zero"):
        SectorSplit(("a", "b"), (0, 0))


@pytest.mark.parametrize(
    ("weights", "total", "unit", "expected"),
    [
        ((1, 1), 1, 1, (1, 0)),
        ((1, 1, 1), 2, 1, (1, 1, 0)),
        ((1, 1, 1), 1, 1, (1, 0, 0)),
        ((1, 1), 3 * EOK, EOK, (2 * EOK, EOK)),
        ((2, 1, 1), 2, 1, (1, 1, 0)),  # remainders 0 / .5 / .5: the tie goes to the 2nd
        ((1, 2, 1), 2, 1, (1, 1, 0)),  # floors 0 / 1 / 0, remainders .5 / 0 / .5: 1st wins
    ],
)
def test_ties_go_to_the_earlier_sector(
    weights: tuple[int, ...], total: int, unit: int, expected: tuple[int, ...]
) -> None:
    assert tuple(make_split(list(weights)).split(total, unit).values()) == expected


def test_largest_remainder_beats_order() -> None:
    # 10 by 2 : 7 → 2.22 / 7.78: the later sector has the larger remainder and gets the unit
    assert make_split([2, 7]).split(10) == {"s0": 2, "s1": 8}


@given(n=st.integers(1, 12), total=st.integers(0, 10**12))
def test_equal_weights_give_the_leftover_units_to_the_earliest_sectors(n: int, total: int) -> None:
    q, r = divmod(total, n)
    parts = make_split([5] * n).split(total)
    assert list(parts.values()) == [q + 1] * r + [q] * (n - r)
