"""Build a lapse case from a scenario file's ``lapse`` section (validated like the rest)."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np

from burdenshare.costs.agreement import amounts
from burdenshare.costs.catalog import to_minor
from burdenshare.costs.scenario import Scenario
from burdenshare.costs.sectors import PAYROLL, SectorSplit
from burdenshare.data import schemas as s
from burdenshare.errors import InputError
from burdenshare.lapse.engine import monthly_share
from burdenshare.lapse.model import LapseCase, LapseRules, Workforce, last_year_by_sector, months
from burdenshare.money import Currency, multiply, percent


def lapse_case(scenario: Scenario, deal_on: date | None = None) -> LapseCase:
    """The scenario's lapse, with ``deal_on`` (if given) replacing the file's deal date."""
    spec = scenario.spec.lapse
    path = scenario.path
    if spec is None:
        raise InputError(path, "lapse", "this scenario has no lapse section")
    expiring_id = spec.expiring or scenario.reference_agreement
    expiring = scenario.dataset.agreements.get(expiring_id)
    if expiring is None:
        raise InputError(path, "lapse.expiring", f"unknown agreement {expiring_id!r}")
    expiry = spec.expiry or expiring.end
    if calendar.monthrange(expiry.year, expiry.month)[1] != expiry.day:
        raise InputError(path, "lapse.expiry", f"{expiry} is not the last day of a month")
    deal = deal_on or spec.deal_on
    if deal is not None and deal < expiry:
        source, field = ("--deal-on", "deal_on") if deal_on else (str(path), "lapse.deal_on")
        raise InputError(source, field, f"deal date ({deal}) is before expiry ({expiry})")
    if spec.horizon <= expiry:
        raise InputError(
            path, "lapse.horizon", f"horizon ({spec.horizon}) is not after expiry ({expiry})"
        )
    last = last_year_by_sector(expiring, scenario.bank)
    cur = expiring.currency
    if spec.workforce.monthly_payroll is not None:
        monthly = to_minor(
            spec.workforce.monthly_payroll, cur, path, "lapse.workforce.monthly_payroll"
        )
        last[PAYROLL] = multiply(12 * monthly, percent(spec.workforce.host_share))
    return LapseCase(
        expiring_id=expiring.id,
        currency_code=cur.code,
        sectors=tuple(last),
        last_year=last,
        new_year=_new_year(scenario, spec, tuple(last), expiring.sectors),
        expiry=expiry,
        horizon=spec.horizon,
        rules=LapseRules(
            extension_pct=spec.extension.percent,
            carried_over={
                k: _funds(v, k, last, expiry, cur, path) for k, v in spec.carried_over.items()
            },
            reserve=to_minor(spec.reserve.value, cur, path, "lapse.reserve.value"),
            reserve_pays_for=spec.reserve.pays_for,
        ),
        workforce=_workforce(spec.workforce, cur, path),
        deal_on=deal,
    )


def reserve_grid(
    scenario: Scenario, case: LapseCase, low: Decimal, high: Decimal, levels: int, field: str
) -> list[int]:
    """``levels`` reserve sizes evenly from ``low`` to ``high`` (whole units of the expiring
    agreement's currency), in minor units; ``field`` names the file's field in errors."""
    currency = scenario.dataset.agreements[case.expiring_id].currency
    return [
        to_minor(
            (low + (high - low) * k / max(levels - 1, 1)).quantize(Decimal(1)),
            currency,
            scenario.path,
            field,
        )
        for k in range(levels)
    ]


def _funds(
    spec: s.Funds, sector: str, last: dict[str, int], expiry: date, currency: Currency, path: Path
) -> int:
    field = f"lapse.carried_over.{sector}"
    if sector not in last:
        raise InputError(path, field, f"unknown sector (sectors: {', '.join(last)})")
    if spec.value is not None:
        return to_minor(spec.value, currency, path, f"{field}.value")
    assert spec.covers_until is not None
    if spec.covers_until <= expiry:
        raise InputError(
            path, f"{field}.covers_until", f"{spec.covers_until} is not after expiry ({expiry})"
        )
    covered = months(expiry, spec.covers_until)
    annual = np.int64(last[sector])
    return sum(int(monthly_share(annual, d.month - 1)) for d in covered)


def _new_year(
    scenario: Scenario, spec: s.LapseSpec, sectors: tuple[str, ...], split: SectorSplit | None
) -> dict[str, int]:
    proposal = scenario.proposal(spec.new_agreement).agreement
    first = amounts(proposal, scenario.bank)[0].amount
    splitter = proposal.sectors or split
    if splitter is None:
        return {PAYROLL: first}
    parts = splitter.split(first, proposal.rounding.unit)
    return {k: parts.get(k, 0) for k in sectors}


def _workforce(spec: s.WorkforceSpec, currency: Currency, path: Path) -> Workforce:
    bridge = spec.bridge
    return Workforce(
        headcount=spec.headcount,
        host_share_pct=spec.host_share,
        essential=spec.essential,
        sending_state_pays_essential=spec.sending_state_pays_essential,
        bridge_subsidy=to_minor(bridge.subsidy, currency, path, "lapse.workforce.bridge.subsidy")
        if bridge
        else 0,
        bridge_from=bridge.start if bridge else None,
        back_pay=spec.back_pay,
        reference=" ; ".join(spec.references),
    )
