"""Exact money: integer amounts of a currency's smallest unit, explicit-rate conversion, rounding.

No floats anywhere: an amount is an ``int`` of the currency's smallest unit (won, cent, yen) and
every rate, share or growth factor is a :class:`decimal.Decimal`. Rounding is always explicit.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

# Enough digits that products of trillion-won amounts and six-decimal rates never round.
_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_UP)


class Currency(Enum):
    """A currency and the number of decimal places of its smallest unit."""

    KRW = ("KRW", 0, "won")
    USD = ("USD", 2, "US dollar")
    JPY = ("JPY", 0, "yen")

    def __init__(self, code: str, exponent: int, label: str) -> None:
        self.code = code
        self.exponent = exponent
        self.label = label

    @property
    def minor_per_major(self) -> int:
        """How many smallest units make one major unit (100 cents per dollar, 1 won per won)."""
        return int(10**self.exponent)

    @classmethod
    def parse(cls, text: str) -> Currency:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            known = ", ".join(c.code for c in cls)
            raise ValueError(f"unknown currency {text!r} (known: {known})") from None

    def __str__(self) -> str:
        return self.code


class RoundingMode(Enum):
    """How a fractional amount becomes a whole number of units."""

    HALF_UP = decimal.ROUND_HALF_UP
    HALF_EVEN = decimal.ROUND_HALF_EVEN
    DOWN = decimal.ROUND_DOWN
    UP = decimal.ROUND_UP

    @classmethod
    def parse(cls, text: str) -> RoundingMode:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            known = ", ".join(m.name.lower() for m in cls)
            raise ValueError(f"unknown rounding mode {text!r} (known: {known})") from None


def round_to_unit(value: Decimal, unit: int = 1, mode: RoundingMode = RoundingMode.HALF_UP) -> int:
    """Round ``value`` (in smallest units) to a whole multiple of ``unit`` smallest units."""
    if unit <= 0:
        raise ValueError(f"rounding unit must be positive, got {unit}")
    quotient = _CONTEXT.divide(value, Decimal(unit))
    return int(quotient.to_integral_value(rounding=mode.value, context=_CONTEXT)) * unit


def multiply(
    amount: int, factor: Decimal, unit: int = 1, mode: RoundingMode = RoundingMode.HALF_UP
) -> int:
    """``amount × factor`` rounded to a multiple of ``unit`` (all in smallest units)."""
    return round_to_unit(_CONTEXT.multiply(Decimal(amount), factor), unit, mode)


def percent(value: Decimal) -> Decimal:
    """A percentage as a fraction: ``percent(Decimal("4"))`` is ``Decimal("0.04")``."""
    return _CONTEXT.divide(value, Decimal(100))


@dataclass(frozen=True)
class Money:
    """An exact amount: ``minor`` smallest units of ``currency``."""

    minor: int
    currency: Currency

    def __post_init__(self) -> None:
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise TypeError(f"Money needs an integer amount of smallest units, got {self.minor!r}")

    @classmethod
    def of(cls, major: Decimal | int | str, currency: Currency | str) -> Money:
        """Money from major units (dollars, won); must be exact to the smallest unit."""
        if isinstance(major, float):
            raise TypeError(f"Money.of needs a Decimal, int or str, not the float {major!r}")
        cur = currency if isinstance(currency, Currency) else Currency.parse(currency)
        value = _CONTEXT.multiply(Decimal(major), Decimal(cur.minor_per_major))
        if value != value.to_integral_value():
            raise ValueError(f"{major} {cur} is not a whole number of {cur}'s smallest unit")
        return cls(int(value), cur)

    @property
    def major(self) -> Decimal:
        """The amount in major units, exact."""
        return Decimal(self.minor).scaleb(-self.currency.exponent)

    def _same(self, other: Money) -> None:
        if other.currency is not self.currency:
            raise ValueError(f"cannot combine {self.currency} and {other.currency} without a rate")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.minor <= other.minor

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor > other.minor

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.minor >= other.minor

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def times(self, factor: Decimal, mode: RoundingMode = RoundingMode.HALF_UP) -> Money:
        return Money(multiply(self.minor, factor, 1, mode), self.currency)

    def __str__(self) -> str:
        return format_money(self)


@dataclass(frozen=True)
class ExchangeRate:
    """``rate`` units of ``quote_currency`` per one ``base_currency`` (KRW per USD)."""

    quote_currency: Currency
    base_currency: Currency
    rate: Decimal
    reference: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.rate, Decimal) or self.rate <= 0:
            raise ValueError(f"exchange rate must be a positive Decimal, got {self.rate!r}")

    @property
    def pair(self) -> str:
        return f"{self.quote_currency}/{self.base_currency}"

    def convert(self, money: Money, mode: RoundingMode = RoundingMode.HALF_UP) -> Money:
        """Convert to the other currency of the pair, rounded to its smallest unit."""
        # Divide rather than multiply by a reciprocal: an exact quotient (or an exact half unit)
        # must stay exact, so rounding sees the true value.
        if money.currency is self.base_currency:
            target = self.quote_currency
            major = _CONTEXT.multiply(money.major, self.rate)
        elif money.currency is self.quote_currency:
            target = self.base_currency
            major = _CONTEXT.divide(money.major, self.rate)
        else:
            raise ValueError(f"rate {self.pair} cannot convert {money.currency}")
        minor = _CONTEXT.multiply(major, Decimal(target.minor_per_major))
        return Money(round_to_unit(minor, 1, mode), target)


def format_money(money: Money) -> str:
    """Human form: ``1,038,900,000,000 KRW``, ``848,806,366.05 USD``."""
    exp = money.currency.exponent
    text = f"{money.major:,.{exp}f}" if exp else f"{money.minor:,}"
    return f"{text} {money.currency}"
