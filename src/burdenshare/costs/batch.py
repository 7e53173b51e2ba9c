"""Evaluate many proposal schedules at once with NumPy, exactly equal to the Decimal engine.

Each schedule is a base amount (smallest units, e.g. won) for year 1 and a yearly rate;
every later year is ``round_to_unit(previous × (1 + rate), unit, mode)``, compounding on the
*rounded* previous amount, exactly as :func:`burdenshare.costs.escalation.next_amount` and
:func:`burdenshare.money.multiply` do it. The result is identical to
:func:`burdenshare.costs.agreement.amounts`, schedule by schedule and year by year.

Rates are integers of a fixed-point scale: millionths of 1 (``rate_ppm``), so +4.3 % is
``43_000`` and -8.9 % is ``-89_000`` (:func:`to_ppm` converts an exact ``Decimal`` percent).

A :class:`~burdenshare.costs.escalation.Freeze` year holds the previous amount exactly,
unrounded (``freeze=`` in :func:`evaluate_indexed`); a fixed 0 % instead rounds it, as the
scalar engine does.

All arithmetic is exact ``int64``; there are no floats. Once rounded, amounts are held in
multiples of the rounding unit (so 1e8 won becomes 1), and every product ``m × factor`` is
split as ``(m // S) × factor + (m % S) × factor / S`` so no intermediate exceeds the
result. Before computing, a worst-case bound (largest base, largest factor, longest
duration, all together) is checked against ``int64`` and a :class:`ValueError` is raised if
it could overflow. Amounts and rates must keep amounts non-negative: base ≥ 0 and
rate ≥ -100 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from burdenshare.money import RoundingMode

__all__ = [
    "RATE_SCALE",
    "ScheduleBatch",
    "evaluate_fixed",
    "evaluate_indexed",
    "grid",
    "to_ppm",
]

RATE_SCALE = 1_000_000
"""Rates are integer millionths of 1: ``rate_ppm / RATE_SCALE`` is the yearly change."""

_INT64_MAX = int(np.iinfo(np.int64).max)

Int64Array = NDArray[np.int64]
DT = TypeVar("DT", np.int64, np.bool_)
Factor = Int64Array | np.int64
"""A growth factor for one year: one per schedule, or one shared scalar."""
Frozen = NDArray[np.bool_] | np.bool_
"""Whether a year is frozen (held exactly, unrounded): per schedule, or one shared flag."""

_MODES = frozenset(
    {RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.DOWN, RoundingMode.UP}
)


@dataclass(frozen=True, eq=False)
class ScheduleBatch:
    """Year-by-year amounts of N schedules (smallest units); years past a duration are 0.

    ``amounts`` is (N, Y), ``totals`` and ``durations`` are (N,); all are read-only int64.
    """

    amounts: Int64Array
    totals: Int64Array
    durations: Int64Array

    def __len__(self) -> int:
        return int(self.totals.shape[0])

    def schedule(self, i: int) -> tuple[int, ...]:
        """Schedule ``i``'s amounts as Python ints, one per year of its duration."""
        return tuple(int(v) for v in self.amounts[i, : int(self.durations[i])])


def to_ppm(percent: Decimal | int | str) -> int:
    """An exact percent (``Decimal("4.3")``) as integer millionths of 1 (``43_000``)."""
    value = Decimal(percent) * (RATE_SCALE // 100)
    if value != value.to_integral_value():
        raise ValueError(f"rate {percent}% is not a whole number of millionths (ppm)")
    return int(value)


def grid(
    base_amounts: ArrayLike, durations: ArrayLike, rates_ppm: ArrayLike
) -> tuple[Int64Array, Int64Array, Int64Array]:
    """The Cartesian product amount × duration × rate as three flat int64 arrays.

    Ordered amount-major: the rate varies fastest, then the duration, then the amount.
    """
    a, d, r = (
        _int64_1d(x, name)
        for x, name in (
            (base_amounts, "base_amounts"),
            (durations, "durations"),
            (rates_ppm, "rates"),
        )
    )
    ga, gd, gr = np.meshgrid(a, d, r, indexing="ij")
    return ga.ravel(), gd.ravel(), gr.ravel()


def evaluate_fixed(
    base_amounts: ArrayLike,
    durations: ArrayLike,
    rates_ppm: ArrayLike,
    unit: int,
    mode: RoundingMode = RoundingMode.HALF_UP,
    years: int | None = None,
) -> ScheduleBatch:
    """N schedules, each with one fixed yearly rate (``rates_ppm``: (N,) or a scalar).

    The output has ``years`` columns (default: the longest duration).
    """
    base, dur = _int64_1d(base_amounts, "base_amounts"), _int64_1d(durations, "durations")
    rates = np.broadcast_to(_int64(rates_ppm, "rates_ppm"), base.shape)
    width = int(dur.max(initial=1)) if years is None else years
    if width < 1:
        raise ValueError(f"years must be at least 1, got {years}")
    return _run(base, dur, [rates] * (width - 1), unit, mode)


def evaluate_indexed(
    base_amounts: ArrayLike,
    durations: ArrayLike,
    index_ppm: ArrayLike,
    unit: int,
    cap_ppm: ArrayLike | None = None,
    floor_ppm: ArrayLike | None = None,
    mode: RoundingMode = RoundingMode.HALF_UP,
    freeze: ArrayLike | None = None,
) -> ScheduleBatch:
    """N schedules whose rate varies by year (an index such as CPI), optionally bounded.

    ``index_ppm`` is (Y,) shared by all schedules or (N, Y); column ``k`` is the rate that
    takes year ``k`` to year ``k + 1`` (1-based), so column 0 is ignored. ``cap_ppm`` and
    ``floor_ppm`` are a scalar, (N,) per schedule, or 2-D broadcastable to (N, Y) per year.
    As in :class:`~burdenshare.costs.escalation.Indexed`, the cap is applied first, then the
    floor (so a floor above the cap wins). Any year-varying rate works, not just an index.

    ``freeze`` (bool, (Y,) or (N, Y), same columns) marks years under a
    :class:`~burdenshare.costs.escalation.Freeze` rule: the previous amount is held exactly,
    *not* rounded (a rate of 0 would round an off-unit base), and that year's rate is ignored.
    """
    base, dur = _int64_1d(base_amounts, "base_amounts"), _int64_1d(durations, "durations")
    index = _int64(index_ppm, "index_ppm")
    if index.ndim not in (1, 2):
        raise ValueError(f"index_ppm must be (Y,) or (N, Y), got shape {index.shape}")
    rates = np.atleast_2d(index)
    if cap_ppm is not None:
        rates = np.minimum(rates, _bound(cap_ppm, "cap_ppm"))
    if floor_ppm is not None:
        rates = np.maximum(rates, _bound(floor_ppm, "floor_ppm"))
    held = None if freeze is None else np.atleast_2d(np.asarray(freeze, dtype=np.bool_))
    if held is not None:
        rates = np.where(held, 0, rates)  # rate 0 keeps an on-unit amount exactly
    if rates.shape[0] not in (1, base.shape[0]):
        raise ValueError(f"index/cap/floor rows {rates.shape[0]} do not match N={base.shape[0]}")
    steps = [_column(rates, k) for k in range(1, rates.shape[1])]
    if held is None:
        return _run(base, dur, steps, unit, mode)
    held = np.broadcast_to(held, (held.shape[0], rates.shape[1]))
    return _run(base, dur, steps, unit, mode, [_column(held, k) for k in range(1, held.shape[1])])


def _column(table: NDArray[DT], k: int) -> NDArray[DT] | DT:
    """Column ``k`` of a (1, Y) table as a scalar, of an (N, Y) table as a contiguous array."""
    if table.shape[0] == 1:
        value: DT = table[0, k]
        return value
    return np.ascontiguousarray(table[:, k])


def _bound(value: ArrayLike, name: str) -> Int64Array:
    """A cap or floor: scalar, (N,) per schedule (made a column), or 2-D per year."""
    arr = _int64(value, name)
    if arr.ndim > 2:
        raise ValueError(f"{name} must be a scalar, (N,) or (N, Y), got shape {arr.shape}")
    return arr[:, None] if arr.ndim == 1 else arr


def _int64_1d(value: ArrayLike, name: str) -> Int64Array:
    arr = _int64(value, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    return arr


def _int64(value: ArrayLike, name: str) -> Int64Array:
    """``value`` as int64, refusing floats (no silent truncation) and values beyond int64."""
    arr = np.asarray(value)
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must be integers (smallest units / ppm), got {arr.dtype}")
    if arr.dtype == np.uint64 and arr.size and int(arr.max()) > _INT64_MAX:
        raise ValueError(f"{name} has values beyond int64")
    return arr.astype(np.int64, copy=False)


def _run(
    base: Int64Array,
    dur: Int64Array,
    rates: list[Factor],
    unit: int,
    mode: RoundingMode,
    frozen: list[Frozen] | None = None,
) -> ScheduleBatch:
    """Validate, reduce the rate scale, check the bound, then step year by year."""
    _validate(base, dur, len(rates) + 1, unit, mode)
    unit = int(unit)  # a Python int, so the overflow bound itself cannot overflow
    scale, factors = _reduced_factors(rates)
    _check_overflow(base, factors, scale, unit, dur)
    columns = _columns(base, dur, factors, frozen, _Arithmetic(scale, unit, mode))
    totals, dur = columns.sum(axis=0), dur.copy()  # copy: never freeze the caller's array
    for arr in (columns, totals, dur):
        arr.flags.writeable = False
    return ScheduleBatch(amounts=columns.T, totals=totals, durations=dur)


@dataclass(frozen=True)
class _Arithmetic:
    scale: int  # rates are factor / scale
    unit: int  # the rounding unit, in smallest units
    mode: RoundingMode


def _columns(
    base: Int64Array,
    dur: Int64Array,
    factors: list[Factor],
    frozen: list[Frozen] | None,
    how: _Arithmetic,
) -> Int64Array:
    """The (Y, N) amounts. ``m`` holds each amount in rounding units once it has moved;
    until then (only frozen years so far) ``raw`` marks that the amount is still the exact,
    possibly off-unit base, which Freeze holds unrounded.
    """
    scale, unit, mode = how.scale, how.unit, how.mode
    columns = np.zeros((len(factors) + 1, base.shape[0]), dtype=np.int64)
    columns[0] = base
    m, raw = np.zeros_like(base), np.ones(base.shape, dtype=np.bool_)
    any_raw = True
    for k, f in enumerate(factors, start=1):
        if k > 1:
            m = _round_div(m // scale * f, m % scale * f, scale, mode)
        if any_raw:
            moving = raw if frozen is None else raw & ~frozen[k - 1]
            if moving.all():
                m = _first_step(base, f, scale, unit, mode)
            elif moving.any():
                idx = np.flatnonzero(moving)
                f_idx = f[idx] if isinstance(f, np.ndarray) else f
                m[idx] = _first_step(base[idx], f_idx, scale, unit, mode)
            raw &= ~moving
            any_raw = bool(raw.any())
        m *= dur > k  # past the duration: 0, and it stays 0
        np.multiply(m, unit, out=columns[k])
        if any_raw:
            columns[k] = np.where(raw & (dur > k), base, columns[k])
    return columns


def _validate(base: Int64Array, dur: Int64Array, width: int, unit: int, mode: RoundingMode) -> None:
    if mode not in _MODES:
        raise NotImplementedError(f"rounding mode {mode} is not supported by the batch engine")
    if isinstance(unit, bool) or not isinstance(unit, int | np.integer) or unit < 1:
        raise ValueError(f"rounding unit must be a positive integer, got {unit!r}")
    if base.shape != dur.shape:
        raise ValueError(f"base_amounts {base.shape} and durations {dur.shape} differ in shape")
    if base.size and int(base.min()) < 0:
        raise ValueError("base amounts must be non-negative")
    if dur.size and (int(dur.min()) < 1 or int(dur.max()) > width):
        raise ValueError(f"durations must be between 1 and {width} years")


def _reduced_factors(rates: list[Factor]) -> tuple[int, list[Factor]]:
    """Growth factors ``(S + r) / S`` with S and all factors divided by their common gcd.

    A list repeating one array (fixed rates) is scanned and converted once.
    """
    distinct = list({id(r): r for r in rates}.values())
    g = RATE_SCALE
    for r in distinct:
        arr = np.asarray(r)
        if arr.size and int(arr.min()) < -RATE_SCALE:
            raise ValueError("rates below -100% (-1_000_000 ppm) would make amounts negative")
        if arr.size and int(arr.max()) > _INT64_MAX - RATE_SCALE:
            raise ValueError("rates this large would overflow int64")
        if arr.size:
            g = math.gcd(g, int(np.gcd.reduce(arr, axis=None)))
    scale = RATE_SCALE // g
    converted = {id(r): (r + RATE_SCALE) // g for r in distinct}
    return scale, [converted[id(r)] for r in rates]


def _check_overflow(
    base: Int64Array, factors: list[Factor], scale: int, unit: int, dur: Int64Array
) -> None:
    """Refuse inputs whose worst case (all maxima together) could leave int64."""
    if not factors or base.size == 0:
        return
    f_max = max(int(np.max(f)) for f in {id(f): f for f in factors}.values())
    if 2 * unit * (scale + f_max) + scale * unit > _INT64_MAX:
        raise ValueError(f"rounding unit {unit} with rate scale {scale} would overflow int64")
    years = int(dur.max())
    bound, total = -(-int(base.max()) // unit), int(base.max())
    for _ in range(years - 1):
        bound = -(-bound * f_max // scale)
        total += bound * unit
    if total > _INT64_MAX or 2 * scale * (f_max + 1) > _INT64_MAX:
        raise ValueError(
            f"schedules could overflow int64: worst case (base {int(base.max())}, factor "
            f"{f_max}/{scale}, {years} years) reaches about {total:.3e} smallest units"
        )


def _first_step(
    base: Int64Array, factor: Factor, scale: int, unit: int, mode: RoundingMode
) -> Int64Array:
    """Year 2 in units of ``unit``: round(base × factor / (scale × unit)), base in smallest units.

    With base = a·unit + c and a·factor = Q·scale + R the quotient is
    Q + (R·unit + c·factor) / (scale·unit), every term bounded by the result or by
    unit·(scale + factor).
    """
    a, c = base // unit, base % unit
    lo_product = a % scale * factor
    q = a // scale * factor + lo_product // scale
    num = lo_product % scale * unit + c * factor
    return _round_div(q, num, scale * unit, mode)


def _round_div(q: Int64Array, num: Int64Array, d: int, mode: RoundingMode) -> Int64Array:
    """``q + num / d`` rounded to an integer by ``mode`` (``q``, ``num`` ≥ 0, ``d`` > 0)."""
    if mode is RoundingMode.HALF_UP:
        return q + (2 * num + d) // (2 * d)
    if mode is RoundingMode.DOWN:
        return q + num // d
    if mode is RoundingMode.UP:
        return q + (num + (d - 1)) // d
    if mode is not RoundingMode.HALF_EVEN:
        raise NotImplementedError(f"rounding mode {mode} is not supported by the batch engine")
    total: Int64Array = q + num // d
    twice: Int64Array = num % d * 2
    round_up: NDArray[np.bool_] = (twice > d) | ((twice == d) & (total % 2 == 1))
    return total + round_up.astype(np.int64)
