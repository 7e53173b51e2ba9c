"""The formatting policy for people (tables, pages, the briefing): significant figures with
the unit named once, in the header; exports (CSV, JSON, Parquet) keep exact integers of the
smallest unit. ``digits=0`` asks for the exact value, scaled but never rounded."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from burdenshare.money import Currency
from burdenshare.render import DEFAULT_SCALE, SCALES, scaled

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
    """An amount for a table cell in ``scale`` units (default: KRW/JPY billion, USD million)
    to ``digits`` significant figures, without the unit (the header carries it); ``digits=0``:
    exact; ``–`` when unknown."""
    if minor is None:
        return "–"
    unit = scale or DEFAULT_SCALE[currency]
    if digits == 0:
        return scaled(minor, currency, unit)
    value = Decimal(minor).scaleb(-currency.exponent - SCALES[unit])
    return significant(value, digits)


def unit_label(currency: Currency, scale: str | None = None) -> str:
    """``KRW billion``, ``USD million``: the unit a header names."""
    return f"{currency.code} {scale or DEFAULT_SCALE[currency]}"


_SHORT = {"unit": "", "thousand": " k", "million": " m", "billion": " bn", "trillion": " tn"}


def short_unit(currency: Currency, scale: str | None = None) -> str:
    """``KRW bn``, ``USD m``, ``KRW``: the unit in a narrow terminal header."""
    return f"{currency.code}{_SHORT[scale or DEFAULT_SCALE[currency]]}"
