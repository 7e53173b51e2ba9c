"""Per-troop figures: an amount divided by the year's US troops in the host country.

The count comes from the host's troop series (``host_series.troops`` in the dataset file,
e.g. ``usfk-troops``) for that year. Only where the series has no count for the year does an
agreement's own ``troops`` figure (a level stated with the agreement) stand in, and the basis
says so. Money stays integer: the quotient is rounded half-up to the smallest unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from burdenshare.costs.agreement import Agreement
from burdenshare.costs.escalation import SeriesBank
from burdenshare.money import _CONTEXT, Money, round_to_unit


@dataclass(frozen=True)
class TroopCount:
    """The troops a per-troop figure divides by, and where that number comes from."""

    count: int
    basis: str  # "usfk-troops 2018 (<url>)" or "agreement SMA-9 troops (…)"


def troops_for(
    year: int,
    bank: SeriesBank,
    series: str | None,
    agreement_id: str | None = None,
    agreement_troops: int | None = None,
) -> TroopCount | None:
    """The year's count from ``series``; else the agreement's stated level; else ``None``."""
    if series and series in bank and bank[series].has(year):
        obs = bank[series].observations[year]
        flags = f", {', '.join(obs.flags)}" if obs.flags else ""
        return TroopCount(int(obs.value), f"{series} {year} ({obs.reference}{flags})")
    if agreement_troops:
        what = f"agreement {agreement_id} troops" if agreement_id else "agreement troops"
        missing = f"no {series} count for {year}" if series else "no troop series"
        return TroopCount(agreement_troops, f"{what} ({missing})")
    return None


def per_troop(amount: Money, troops: TroopCount) -> Money:
    """``amount`` per troop, in the same currency, rounded half-up to the smallest unit."""
    return Money(
        round_to_unit(_CONTEXT.divide(Decimal(amount.minor), Decimal(troops.count))),
        amount.currency,
    )


def troop_columns(
    year: int,
    amounts: tuple[Money | None, Money | None],
    view: bool,
    bank: SeriesBank,
    series: str | None,
    agreement: str,
    agreements: Mapping[str, Agreement],
) -> dict[str, int | str | None]:
    """The history's per-troop columns for one year: ``troops``, ``troops_basis``,
    ``per_troop`` (the record's own amount, ``amounts[0]``) and, with a currency ``view``,
    ``converted_per_troop`` (``amounts[1]``); ``None`` where there is no count or no amount.
    ``agreement`` may name no bundled agreement (e.g. Japan's pre-SMA years): no fallback."""
    known = agreements.get(agreement)
    count = troops_for(year, bank, series, agreement, None if known is None else known.troops)
    own, converted = amounts
    out: dict[str, int | str | None] = {
        "troops": None if count is None else count.count,
        "troops_basis": None if count is None else count.basis,
        "per_troop": None if count is None or own is None else per_troop(own, count).minor,
    }
    if view:
        out["converted_per_troop"] = (
            None if count is None or converted is None else per_troop(converted, count).minor
        )
    return out
