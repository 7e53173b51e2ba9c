"""Inputs of a lapse: the expiring agreement's last year, the lapse rules, the workforce."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from burdenshare.costs.agreement import Agreement, amounts
from burdenshare.costs.escalation import SeriesBank
from burdenshare.costs.sectors import PAYROLL
from burdenshare.lapse.events import Events

MAX_MONTHS = 120


@dataclass(frozen=True)
class Workforce:
    """The local employees whose wages the payroll sector funds.

    ``host_share_pct`` is the share of their labour cost paid from the host's (SMA) funds;
    the sending state pays the rest. When host funds run out, the sending state keeps up to
    ``essential`` workers at work and pays them in full (as USFK did in April 2020); the others
    go on unpaid leave.
    """

    headcount: int
    host_share_pct: Decimal
    essential: int = 0
    sending_state_pays_essential: bool = True
    bridge_subsidy: int = 0  # per worker on leave per month, paid by the host directly
    bridge_from: date | None = None
    back_pay: bool = False  # wages of the leave paid back when the deal comes
    reference: str = ""
    # what one worker is paid a month (major→minor units); 0: not given, and pay lost is then
    # counted as the employer's whole labour cost (labelled as such in outputs)
    monthly_pay: int = 0
    pay_reference: str = ""

    def __post_init__(self) -> None:
        if self.headcount < 0:
            raise ValueError(f"headcount must not be negative, got {self.headcount}")
        if not 0 < self.host_share_pct <= 100:
            raise ValueError(f"host share must be in (0, 100]%, got {self.host_share_pct}%")
        if not 0 <= self.essential <= self.headcount:
            raise ValueError(
                f"essential workers ({self.essential}) must be between 0 and "
                f"the headcount ({self.headcount})"
            )
        if self.bridge_subsidy < 0:
            raise ValueError("bridge subsidy must not be negative")
        if self.monthly_pay < 0:
            raise ValueError("monthly pay must not be negative")


@dataclass(frozen=True)
class LapseRules:
    """What keeps money flowing after expiry.

    ``extension_pct``: share of the last year's level that continues while lapsed (100 = "the
    agreement is extended"; 0 = nothing flows). ``carried_over``: unspent funds per sector at
    expiry. ``reserve``: a fund that may pay for the sectors in ``reserve_pays_for``.
    """

    extension_pct: Decimal = Decimal(0)
    carried_over: Mapping[str, int] = field(default_factory=dict)
    reserve: int = 0
    reserve_pays_for: tuple[str, ...] = (PAYROLL,)

    def __post_init__(self) -> None:
        if not 0 <= self.extension_pct <= 100:
            raise ValueError(f"extension share must be in [0, 100]%, got {self.extension_pct}%")
        if self.reserve < 0 or any(v < 0 for v in self.carried_over.values()):
            raise ValueError("reserve and carried-over funds must not be negative")


@dataclass(frozen=True)
class LapseCase:
    """One lapse to simulate: annual amounts per sector before and after, dates, rules."""

    expiring_id: str
    currency_code: str
    sectors: tuple[str, ...]
    last_year: Mapping[str, int]  # annual amount per sector of the expiring agreement
    new_year: Mapping[str, int]  # annual amount per sector once the new deal is in force
    expiry: date
    horizon: date
    rules: LapseRules
    workforce: Workforce
    deal_on: date | None = None  # entry into force of the new agreement
    events: Events = field(default_factory=Events)

    def __post_init__(self) -> None:
        if self.horizon <= self.expiry:
            raise ValueError(f"horizon ({self.horizon}) must be after expiry ({self.expiry})")
        if self.deal_on is not None and self.deal_on < self.expiry:
            raise ValueError(f"deal date ({self.deal_on}) is before expiry ({self.expiry})")
        if PAYROLL not in self.sectors:
            raise ValueError("a lapse needs a payroll sector")
        if len(months(self.expiry, self.horizon)) > MAX_MONTHS:
            raise ValueError(f"at most {MAX_MONTHS} months can be simulated")
        self.events.check(self.sectors)

    def with_deal(self, deal_on: date | None) -> LapseCase:
        from dataclasses import replace

        return replace(self, deal_on=deal_on)


def months(expiry: date, horizon: date) -> list[date]:
    """First days of the months from the one after expiry to the horizon's month."""
    first = expiry + timedelta(days=1)
    current = date(first.year, first.month, 1)
    out = []
    while current <= horizon:
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def last_year_by_sector(agreement: Agreement, bank: SeriesBank) -> dict[str, int]:
    """The final year's total of an agreement split into its sectors (payroll only if none)."""
    final = amounts(agreement, bank)[-1].amount
    if agreement.sectors is None:
        return {PAYROLL: final}
    return agreement.sectors.split(final, agreement.rounding.unit)
