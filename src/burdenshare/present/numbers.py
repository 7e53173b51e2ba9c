"""The formatting policy for people (tables, pages, the briefing): significant figures with
the unit named once; exports (CSV, JSON, Parquet) keep exact integers of the smallest unit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from burdenshare.money import Currency

SCALES = {"unit": 0, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
DEFAULT_SCALE = {Currency.KRW: "billion", Currency.USD: "million", Currency.JPY: "billion"}
DIGITS = 5  # significant figures in tables: 1,038.9 bn KRW (the 10th SMA) stays exact


def significant(value: Decimal, digits: int = DIGITS) -> str:
    """``value`` to ``digits`` significant figures (half-up), thousands separated; whole
    digits are never dropped (1,440.3 → ``1,440`` at 4, 78.7 → ``78.70``, 0.0312 → ``0.03120``)."""
    if value == 0:
        return "0"
    places = max(0, digits - (value.copy_abs().adjusted() + 1))
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}"


def amount(
    minor: int | None, currency: Currency, scale: str | None = None, digits: int = DIGITS
) -> str:
    """An amount for a table cell: ``1,440 bn`` style numbers without the unit (the header
    carries ``KRW billion``); ``–`` when unknown."""
    if minor is None:
        return "–"
    unit = scale or DEFAULT_SCALE[currency]
    value = Decimal(minor).scaleb(-currency.exponent - SCALES[unit])
    return significant(value, digits)


def unit_label(currency: Currency, scale: str | None = None) -> str:
    """``KRW billion``, ``USD million``: the unit a header names."""
    return f"{currency.code} {scale or DEFAULT_SCALE[currency]}"
