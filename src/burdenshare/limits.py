"""The limits table: every limit on what is read from outside, declared once.

Input numbers: scenario and job files, ``--assume``, GENIUS files, dashboard forms and query
fields all check their numbers against this table before anything is computed from them, so a
hostile or careless value (``NaN``, ``Infinity``, ``0e-999999999``, a 5,000-digit integer) ends
in one line naming the field, never in a hang (a billion-digit integer built from an exponent)
or a traceback. The tracker server: every request body, read timeout, id range and credential
lifetime it enforces (the API, the dashboard, the store and the command line import them).
docs/reliability.md lists the table; no bundled file comes near any limit.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

MAX_NUMBER_CHARS = 64
"""The longest number, as written, that is read at all (``-123456.75`` is 10)."""

MAX_MAGNITUDE = 10**18
"""The largest absolute value of any number read (Korea's GDP in won, a bundled series, is
about 2.5 × 10¹⁵; NumPy's int64 ends at 9.2 × 10¹⁸)."""

MAX_AMOUNT = 10**15
"""The largest amount of money in major units (won, dollars, yen): ≈ 1,000 times a year's won
contribution, and 10¹⁵ dollars in cents still fit int64 with room for a 100-fold escalation."""

MAX_DECIMAL_PLACES = 12
"""Digits after the decimal point (rates and shares need six; exchange rates four)."""

MAX_PERCENT = 10_000
"""Percentages of a reference amount (proposals' ``percent``, amount levels): 100 times it."""

MIN_RATE = -100
"""The lowest year-on-year change in percent: below it a contribution would turn negative."""

MIN_YEAR, MAX_YEAR = 1900, 2200
"""Calendar years (and the years of dates) in files, options and forms."""

MAX_PEOPLE = 10_000_000
"""Troops, headcounts and other counts of people."""

MAX_OUTCOMES = 1_000_000
"""The most outcomes of an imported outcome space (GENIUS, GeniusWeb), checked before anything
is enumerated. 30 million outcomes took 5.2 GB; the largest bundled ANAC domain (Energy, 390,625
outcomes) takes 5 s and 72 MB with `negotiate --genius`; a worst case at the limit (1,000,000
outcomes, every one on the Pareto frontier) 97 s and 0.6 GB as CSV (docs/reliability.md)."""

MAX_IMPORT_BYTES = 20_000_000
"""The largest JSON or XML file imported (`negotiation import`, GENIUS and GeniusWeb files;
the demo negotiation exports to 22 kB, the largest ANAC file in the tests is 6 kB)."""

MAX_YAML_BYTES = 1_000_000
"""The largest YAML file read (scenarios, jobs; the bundled ones are a few kilobytes)."""

MAX_RUNS = 100_000_000
"""Monte Carlo runs of one simulation (a scenario's `runs`, `--runs`)."""

# --- the tracker server ---------------------------------------------------------------------

#: the largest integer a column holds on every backend (PostgreSQL's INTEGER): ids, versions
MAX_INT = 2**31 - 1
#: the largest request body the server reads (bytes); a larger one is answered 413 unread
MAX_BODY_BYTES = 1_048_576
#: seconds the server waits for the next piece of a request body before answering 408
BODY_READ_TIMEOUT = 5.0
#: seconds a whole request body may take to arrive (a trickle of bytes does not reset it)
BODY_TOTAL_TIMEOUT = 15.0
#: characters of the refused input a 422 answer quotes back (the rest is cut)
MAX_ECHO = 200
#: days an API token lives when it is made without an expiry, and the most it may ask for
TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 366


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes`` (a FIFO would
    block and ``/dev/zero`` never ends); :class:`LimitError` otherwise. A directory or a
    missing file raises the :class:`OSError` ``open`` raises."""
    if path.exists() and not path.is_dir() and not path.is_file():
        raise LimitError("not a regular file")
    with path.open("rb") as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LimitError(f"larger than {max_bytes:,} bytes")
    return data


def check_outcomes(sizes: Iterable[int]) -> int:
    """The product of ``sizes`` (an outcome space's issue sizes), computed and checked against
    :data:`MAX_OUTCOMES` before anything is enumerated; :class:`LimitError` above it."""
    count = 1
    for size in sizes:
        count *= max(size, 0)
        if count > MAX_OUTCOMES:
            raise LimitError(f"more than {MAX_OUTCOMES:,} outcomes (the limit)")
    return count


class LimitError(ValueError):
    """A number outside this module's limits; the message is the problem, for one line."""


class NotANumber(LimitError):
    """Text that is no number at all (``12,5``, ``abc``)."""


class TooPrecise(LimitError):
    """A finite number of more than :data:`MAX_DECIMAL_PLACES` decimal places."""


def check_decimal(value: Decimal) -> Decimal:
    """``value`` if it is finite, at most :data:`MAX_MAGNITUDE` and has at most
    :data:`MAX_DECIMAL_PLACES` places, else :class:`LimitError`. Cheap for any exponent."""
    if not value.is_finite():
        raise LimitError(f"{value} is not a finite number")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent < -MAX_DECIMAL_PLACES:
        raise TooPrecise(f"more than {MAX_DECIMAL_PLACES} decimal places")
    if value.adjusted() > 18 or value.copy_abs() > MAX_MAGNITUDE:  # no context: no overflow
        raise LimitError(f"{_short(value)} is larger than {MAX_MAGNITUDE:,} in magnitude")
    return value


def _written(text: str) -> str:
    """``text`` stripped, if it has at most :data:`MAX_NUMBER_CHARS` characters (Python reads
    at most 4,300 digits, and slowly); :class:`LimitError` otherwise."""
    text = text.strip()
    if len(text) > MAX_NUMBER_CHARS:
        raise LimitError(f"a number of more than {MAX_NUMBER_CHARS} characters")
    return text


def parse_decimal(text: str) -> Decimal:
    """A decimal number written as ``text`` (``1,234.5`` is not; ``1234.5`` and ``1e3`` are),
    checked by :func:`check_decimal`."""
    text = _written(text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise NotANumber(f"{text!r} is not a number") from None
    return check_decimal(value)


def check_int(value: int, low: int = -MAX_MAGNITUDE, high: int = MAX_MAGNITUDE) -> int:
    """``value`` if ``low <= value <= high``, else :class:`LimitError`."""
    if not low <= value <= high:
        raise LimitError(f"{_short(value)} is outside {low}…{high}")
    return value


def parse_int(text: str, low: int = -MAX_MAGNITUDE, high: int = MAX_MAGNITUDE) -> int:
    """A whole number written as ``text``, within ``low`` … ``high``."""
    text = _written(text)
    try:
        value = int(text)
    except ValueError:
        raise LimitError(f"{text!r} is not a whole number") from None
    return check_int(value, low, high)


def loads_json(text: str) -> Any:
    """``json.loads`` within the table: ``NaN`` and ``Infinity`` (which Python's json accepts)
    are refused, integers have at most :data:`MAX_NUMBER_CHARS` characters and every number
    is at most :data:`MAX_MAGNITUDE`; nesting too deep for the parser is a :class:`LimitError`
    too. Floats keep their precision (no decimal-places limit)."""

    def constant(name: str) -> Any:
        raise LimitError(f"{name} is not a number (JSON has no NaN or Infinity)")

    def integer(digits: str) -> int:
        return check_int(int(_written(digits)))

    def real(written: str) -> float:
        value = float(written)
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            raise LimitError(f"{_short(written)} is larger than {MAX_MAGNITUDE:,} in magnitude")
        return value

    try:
        return json.loads(text, parse_constant=constant, parse_int=integer, parse_float=real)
    except RecursionError:
        raise LimitError("nested too deeply") from None


def within_limits(value: Any) -> bool:
    """Whether JSON as stored (``value``: dicts, lists, numbers, text) holds only finite numbers
    of at most :data:`MAX_MAGNITUDE`. Writes are checked on the way in; this finds what an older
    version stored before they were (a NaN or an infinite amount in the database)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, float):
        return math.isfinite(value) and abs(value) <= MAX_MAGNITUDE
    if isinstance(value, int):
        return abs(value) <= MAX_MAGNITUDE
    if isinstance(value, dict):
        return all(within_limits(k) and within_limits(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(within_limits(v) for v in value)
    return False


def check_year(year: int) -> int:
    """A calendar year within :data:`MIN_YEAR` … :data:`MAX_YEAR`."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise LimitError(f"year {_short(year)} is outside {MIN_YEAR}…{MAX_YEAR}")
    return year


def check_date(day: dt.date) -> dt.date:
    """A date whose year is within :data:`MIN_YEAR` … :data:`MAX_YEAR`."""
    check_year(day.year)
    return day


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"{text[:10]}…({len(text)} characters)"
