"""Oracles shared by the tests."""

from __future__ import annotations

import math
from fractions import Fraction

from burdenshare.money import RoundingMode


def round_exact(value: Fraction, mode: RoundingMode, unit: int = 1) -> int:
    """Exact rational rounding to a multiple of ``unit`` in ``mode`` (the money oracle).

    DOWN/UP round toward/away from zero; HALF_UP sends halves away from zero, HALF_EVEN to the
    even multiple.
    """
    sign = -1 if value < 0 else 1
    q = abs(value) / unit
    floor = math.floor(q)
    frac = q - floor
    if mode is RoundingMode.DOWN:
        n = floor
    elif mode is RoundingMode.UP:
        n = floor + (frac > 0)
    elif mode is RoundingMode.HALF_UP:
        n = floor + (frac >= Fraction(1, 2))
    else:
        n = floor + (frac > Fraction(1, 2) or (frac == Fraction(1, 2) and floor % 2 == 1))
    return sign * n * unit
