"""Oracles and runners shared by the tests (tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import math
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

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


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``burdenshare ARGS`` in a fresh interpreter, as a user runs it: exit code, stdout and
    stderr captured (a failure is the test's to judge, not an exception)."""
    return subprocess.run(
        [sys.executable, "-m", "burdenshare.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
    )
