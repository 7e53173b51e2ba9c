"""Sector split (payroll / construction / logistics …) that always adds up exactly to the total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from burdenshare.limits import check_decimal

PAYROLL, CONSTRUCTION, LOGISTICS = "payroll", "construction", "logistics"
STANDARD_SECTORS = (PAYROLL, CONSTRUCTION, LOGISTICS)


@dataclass(frozen=True)
class SectorSplit:
    """Proportional integer weights per sector, in a fixed order.

    Built from percentage shares (which must add up to exactly 100) or from amounts of a
    reference year (the weights are then the amounts themselves, so that year splits back
    to exactly those amounts).
    """

    sectors: tuple[str, ...]
    weights: tuple[int, ...]
    basis: str = "shares"  # "shares" or "amounts <year>"
    reference: str = ""

    def __post_init__(self) -> None:
        if len(self.sectors) != len(self.weights) or not self.sectors:
            raise ValueError("a sector split needs one weight per sector")
        if len(set(self.sectors)) != len(self.sectors):
            raise ValueError("sector names must be unique")
        if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
            raise ValueError("sector weights must be non-negative and not all zero")

    @classmethod
    def from_shares(cls, shares: dict[str, Decimal], reference: str = "") -> SectorSplit:
        """Weights are the shares scaled to whole numbers: 10**places, where no share has more
        than :data:`~burdenshare.limits.MAX_DECIMAL_PLACES` (``0e-999999999`` would otherwise
        make a billion-digit integer); every share is checked first (:class:`ValueError`)."""
        for value in shares.values():
            check_decimal(value)
        total = sum(shares.values(), Decimal(0))
        if total != 100:
            raise ValueError(f"sector shares add up to {total}%, not 100%")
        exponent = max((-s.as_tuple().exponent for s in shares.values()), default=0)  # type: ignore[operator]
        scale = 10 ** max(exponent, 0)
        weights = tuple(int(s * scale) for s in shares.values())
        return cls(tuple(shares), weights, "shares", reference)

    @classmethod
    def from_amounts(cls, amounts: dict[str, int], year: int, reference: str = "") -> SectorSplit:
        return cls(tuple(amounts), tuple(amounts.values()), f"amounts {year}", reference)

    def shares(self) -> dict[str, Decimal]:
        """Each sector's share in percent (exact to 6 decimals for display)."""
        total = Decimal(sum(self.weights))
        return {
            s: (Decimal(w) * 100 / total).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
            for s, w in zip(self.sectors, self.weights, strict=True)
        }

    def split(self, total: int, unit: int = 1) -> dict[str, int]:
        """Split ``total`` by largest remainder so the parts add up to ``total`` exactly.

        Parts are whole multiples of ``unit`` when ``total`` is; ties go to the earlier sector.
        """
        if unit <= 0 or total % unit:
            unit = 1
        units = total // unit
        weight_sum = sum(self.weights)
        floors = [units * w // weight_sum for w in self.weights]
        remainders = [units * w % weight_sum for w in self.weights]
        left = units - sum(floors)
        order = sorted(range(len(floors)), key=lambda i: (-remainders[i], i))
        for i in order[:left]:
            floors[i] += 1
        return {s: f * unit for s, f in zip(self.sectors, floors, strict=True)}
