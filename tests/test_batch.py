"""The NumPy batch evaluator equals the Decimal engine, schedule by schedule, year by year."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.costs.agreement import Agreement, amounts
from burdenshare.costs.batch import (
    ScheduleBatch,
    evaluate_fixed,
    evaluate_indexed,
    grid,
    to_ppm,
)
from burdenshare.costs.escalation import DatedRule, Fixed, Freeze, Indexed, Rounding, Rule
from burdenshare.money import RoundingMode
from burdenshare.series import Observation, Series

START = 2014
MAX_YEARS = 10
UNITS = (1, 7, 10, 1_000, 100_000_000, 1_000_000_000)
BILLION = 1_000_000_000
HUGE = 10**9  # a cap/floor in ppm that never binds (+100,000%)


def agreement(base: int, years: int, rules: tuple[DatedRule, ...], rounding: Rounding) -> Agreement:
    return Agreement.annual(base, years, rules, rounding=rounding, start_year=START)


def bank_of(values: list[Decimal]) -> dict[str, Series]:
    """An index series ``idx`` whose value for year ``START + k`` is ``values[k]``."""
    obs = {START + k: Observation(START + k, v, "test") for k, v in enumerate(values)}
    return {"idx": Series("idx", "test index", "percent", obs)}


def scalar(agr: Agreement, bank: dict[str, Series]) -> list[int]:
    return [y.amount for y in amounts(agr, bank)]


def assert_equal_to_scalar(batch: ScheduleBatch, expected: list[list[int]]) -> None:
    width = batch.amounts.shape[1]
    for i, want in enumerate(expected):
        row = [int(v) for v in batch.amounts[i]]
        assert row == want + [0] * (width - len(want)), f"schedule {i}"
        assert int(batch.totals[i]) == sum(want)
        assert batch.schedule(i) == tuple(want)


# Any rate with up to 3 decimals in (-100%, +100%), often a round one (ties in rounding).
percents = st.integers(-99_999, 99_999).map(lambda n: Decimal(n).scaleb(-3)) | st.sampled_from(
    [Decimal(v) for v in ("0", "0.5", "2.5", "5", "10", "-8.9", "-50", "50", "12.5", "-2.5")]
)
index_percents = st.integers(-15_000, 20_000).map(
    lambda n: Decimal(n).scaleb(-3)
) | st.sampled_from([Decimal(v) for v in ("0", "0.5", "1.3", "2.5", "4", "5", "-2.5", "10")])
durations = st.integers(1, MAX_YEARS)
modes = st.sampled_from(list(RoundingMode))


@st.composite
def bases(draw: st.DrawFn, unit: int) -> int:
    """A base amount up to 3 trillion: a multiple of the unit, small (ties in rounding), or any."""
    kind = draw(st.sampled_from(["multiple", "small", "any"]))
    if kind == "multiple":
        return unit * draw(st.integers(0, 3_000 * BILLION // unit))
    return draw(st.integers(0, 10_000 if kind == "small" else 3_000 * BILLION))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), unit=st.sampled_from(UNITS), mode=modes, n=st.integers(1, 12))
def test_fixed_rates_match_scalar_engine(
    data: st.DataObject, unit: int, mode: RoundingMode, n: int
) -> None:
    rows = [(data.draw(bases(unit)), data.draw(durations), data.draw(percents)) for _ in range(n)]
    batch = evaluate_fixed(
        [b for b, _, _ in rows],
        [d for _, d, _ in rows],
        [to_ppm(p) for _, _, p in rows],
        unit,
        mode,
        years=MAX_YEARS,
    )
    rounding = Rounding(unit, mode)
    expected = [
        scalar(agreement(b, d, (DatedRule(START, Fixed(p)),), rounding), {}) for b, d, p in rows
    ]
    assert_equal_to_scalar(batch, expected)


@dataclass(frozen=True)
class Bounds:
    cap: Decimal | None
    floor: Decimal | None


bounds = st.builds(Bounds, st.none() | index_percents, st.none() | index_percents)


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    unit=st.sampled_from(UNITS),
    mode=modes,
    n=st.integers(1, 8),
    shared=st.booleans(),
)
def test_indexed_rules_with_cap_and_floor_match_scalar_engine(
    data: st.DataObject, unit: int, mode: RoundingMode, n: int, shared: bool
) -> None:
    def series() -> list[Decimal]:
        return data.draw(st.lists(index_percents, min_size=MAX_YEARS, max_size=MAX_YEARS))

    common = series()
    rows = [
        (
            data.draw(bases(unit)),
            data.draw(durations),
            data.draw(bounds),
            common if shared else series(),
        )
        for _ in range(n)
    ]
    index = [to_ppm(v) for v in common] if shared else [[to_ppm(v) for v in s] for *_, s in rows]
    batch = evaluate_indexed(
        [b for b, *_ in rows],
        [d for _, d, *_ in rows],
        index,
        unit,
        cap_ppm=[HUGE if k.cap is None else to_ppm(k.cap) for _, _, k, _ in rows],
        floor_ppm=[-HUGE if k.floor is None else to_ppm(k.floor) for _, _, k, _ in rows],
        mode=mode,
    )
    rounding = Rounding(unit, mode)
    expected = [
        scalar(
            agreement(
                b, d, (DatedRule(START, Indexed("idx", cap=k.cap, floor=k.floor)),), rounding
            ),
            bank_of(s),
        )
        for b, d, k, s in rows
    ]
    assert_equal_to_scalar(batch, expected)


@st.composite
def yearly_rule(draw: st.DrawFn) -> Rule:
    kind = draw(st.sampled_from(["freeze", "fixed", "indexed"]))
    if kind == "freeze":
        return Freeze()
    if kind == "fixed":
        return Fixed(draw(percents))
    bound = draw(bounds)
    return Indexed("idx", cap=bound.cap, floor=bound.floor)


@dataclass
class YearlyRows:
    """Per-year rows (column 0, the base year, is ignored) reproducing one rule per year."""

    index: list[int] = field(default_factory=lambda: [0])
    cap: list[int] = field(default_factory=lambda: [HUGE])
    floor: list[int] = field(default_factory=lambda: [-HUGE])
    freeze: list[bool] = field(default_factory=lambda: [False])


def per_year(rules: list[Rule], values: list[Decimal]) -> YearlyRows:
    rows = YearlyRows()
    for k, rule in enumerate(rules, start=1):
        bounded = rule if isinstance(rule, Indexed) else Indexed("idx")
        if isinstance(rule, Freeze):
            rate = Decimal("12.345")  # ignored: a frozen year holds the amount exactly
        else:
            rate = values[k] if isinstance(rule, Indexed) else rule.rate(START + k, {})
        rows.index.append(to_ppm(rate))
        rows.cap.append(HUGE if bounded.cap is None else to_ppm(bounded.cap))
        rows.floor.append(-HUGE if bounded.floor is None else to_ppm(bounded.floor))
        rows.freeze.append(isinstance(rule, Freeze))
    return rows


@settings(max_examples=100, deadline=None)
@given(
    data=st.data(),
    unit=st.sampled_from(UNITS),
    mode=modes,
    values=st.lists(index_percents, min_size=MAX_YEARS, max_size=MAX_YEARS),
    n=st.integers(1, 6),
)
def test_dated_rules_changing_by_year_match_scalar_engine(
    data: st.DataObject, unit: int, mode: RoundingMode, values: list[Decimal], n: int
) -> None:
    """Freeze, fixed, indexed… by year: per-year rates, caps, floors and freezes."""
    rows = []
    for _ in range(n):
        rules = data.draw(st.lists(yearly_rule(), min_size=MAX_YEARS - 1, max_size=MAX_YEARS - 1))
        rows.append((data.draw(bases(unit)), data.draw(durations), rules))
    yearly = [per_year(rules, values) for *_, rules in rows]
    batch = evaluate_indexed(
        [b for b, *_ in rows],
        [d for _, d, _ in rows],
        [y.index for y in yearly],
        unit,
        cap_ppm=np.array([y.cap for y in yearly]),
        floor_ppm=np.array([y.floor for y in yearly]),
        mode=mode,
        freeze=[y.freeze for y in yearly],
    )
    bank, rounding = bank_of(values), Rounding(unit, mode)
    expected = []
    for b, d, rules in rows:
        dated = tuple(DatedRule(START + k, r) for k, r in enumerate(rules, start=1))
        expected.append(scalar(agreement(b, d, dated, rounding), bank))
    assert_equal_to_scalar(batch, expected)


def test_freeze_holds_an_off_unit_base_exactly_and_rate_zero_rounds_it() -> None:
    """Freeze keeps the previous amount unrounded; a fixed 0% rounds it to the unit."""
    base, unit = 1_234_567, 1_000
    rules = (DatedRule(START + 1, Freeze()), DatedRule(START + 3, Fixed(Decimal(5))))
    want = scalar(agreement(base, 5, rules, Rounding(unit)), {})
    assert want == [1_234_567, 1_234_567, 1_234_567, 1_296_000, 1_361_000]
    index = [0, 0, 0, 50_000, 50_000]
    frozen = evaluate_indexed([base], [5], index, unit, freeze=[False, True, True, False, False])
    assert list(frozen.schedule(0)) == want
    zero = evaluate_fixed([base], [3], [0], unit)
    assert zero.schedule(0) == (1_234_567, 1_235_000, 1_235_000)
    assert scalar(
        agreement(base, 3, (DatedRule(START, Fixed(Decimal(0))),), Rounding(unit)), {}
    ) == [
        1_234_567,
        1_235_000,
        1_235_000,
    ]


SMA9 = [920_000_000_000, 932_000_000_000, 944_100_000_000, 950_700_000_000, 960_200_000_000]


def test_ninth_sma_published_amounts() -> None:
    """9th SMA: 2014 base, CPI two years earlier (1.3, 1.3, 0.7, 1.0), capped at 4%, 1억원."""
    cpi_two_years_earlier = [
        Decimal("2.2"),
        Decimal("1.3"),
        Decimal("1.3"),
        Decimal("0.7"),
        Decimal("1.0"),
    ]
    batch = evaluate_indexed(
        [920_000_000_000],
        [5],
        [to_ppm(v) for v in cpi_two_years_earlier],
        100_000_000,
        cap_ppm=to_ppm(4),
    )
    assert batch.schedule(0) == tuple(SMA9)
    assert int(batch.totals[0]) == sum(SMA9)
    cpi = {2012 + k: v for k, v in enumerate(cpi_two_years_earlier)}
    bank = {
        "kr-cpi": Series(
            "kr-cpi", "CPI", "percent", {y: Observation(y, v, "test") for y, v in cpi.items()}
        )
    }
    rule = Indexed("kr-cpi", lag=2, cap=Decimal(4))
    sma9 = agreement(920_000_000_000, 5, (DatedRule(START, rule),), Rounding(100_000_000))
    assert scalar(sma9, bank) == SMA9


def test_grid_is_the_cartesian_product_amount_major() -> None:
    amounts_, durations_, rates = grid([10, 20], [1, 2, 3], [0, 5_000])
    assert len(amounts_) == len(durations_) == len(rates) == 12
    assert list(amounts_[:6]) == [10] * 6 and list(amounts_[6:]) == [20] * 6
    assert list(durations_[:6]) == [1, 1, 2, 2, 3, 3]
    assert list(rates[:4]) == [0, 5_000, 0, 5_000]
    assert amounts_.dtype == np.int64


def test_years_past_the_duration_are_zero_and_results_are_read_only() -> None:
    durations_ = np.array([1, 3])
    batch = evaluate_fixed([1_000, 1_000], durations_, [100_000, 100_000], 1)
    durations_[0] = 2  # the caller's array stays writable and is not shared
    assert batch.durations.tolist() == [1, 3]
    assert batch.amounts.tolist() == [[1_000, 0, 0], [1_000, 1_100, 1_210]]
    assert batch.totals.tolist() == [1_000, 3_310]
    with pytest.raises(ValueError):
        batch.amounts[0, 0] = 5


def test_overflow_is_refused() -> None:
    with pytest.raises(ValueError, match="overflow"):
        evaluate_fixed([9 * 10**18], [2], [to_ppm(10)], 1)
    with pytest.raises(ValueError, match="overflow"):
        evaluate_fixed([10**15], [10], [to_ppm(500)], 1)
    with pytest.raises(ValueError, match="overflow"):
        evaluate_fixed([10**12], [2], [to_ppm("0.0001")], 10**13)
    with pytest.raises(ValueError, match="overflow"):
        evaluate_indexed([1], [2], [0, 2**63 - 1], 1)


def test_invalid_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="-100%"):
        evaluate_fixed([1_000], [2], [-1_000_001], 1)
    with pytest.raises(ValueError, match="non-negative"):
        evaluate_fixed([-1], [2], [0], 1)
    with pytest.raises(ValueError, match="between 1 and 3"):
        evaluate_indexed([1], [4], [0, 0, 0], 1)
    with pytest.raises(ValueError, match="unit"):
        evaluate_fixed([1], [2], [0], 0)
    with pytest.raises(TypeError):
        evaluate_fixed([1.5], [2], [0], 1)
    with pytest.raises(TypeError):
        evaluate_indexed([1], [2], [0, 1.5], 1)  # no silent truncation of rates
    with pytest.raises(ValueError, match="ppm"):
        to_ppm(Decimal("0.00001"))


def test_to_ppm() -> None:
    assert to_ppm(Decimal("4.3")) == 43_000
    assert to_ppm(Decimal("-8.9")) == -89_000
    assert to_ppm("13.9") == 139_000
    assert to_ppm(5) == 50_000
