"""Build a lapse case from a scenario file's ``lapse`` section (validated like the rest)."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np

from burdenshare.costs.agreement import Agreement, amounts
from burdenshare.costs.catalog import to_minor
from burdenshare.costs.scenario import Scenario
from burdenshare.costs.sectors import PAYROLL, SectorSplit
from burdenshare.data import schemas as s
from burdenshare.errors import InputError
from burdenshare.lapse.engine import monthly_share
from burdenshare.lapse.events import Events, Funding, LapseClause, Notice, Suspension
from burdenshare.lapse.model import LapseCase, LapseRules, Workforce, last_year_by_sector, months
from burdenshare.money import Currency, multiply, percent

SHARE_CLAUSE = "host_wage_share_pct"
LAPSE_CLAUSE = "lapse_payroll_at_prior_level"


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
    cur = expiring.currency
    last = _last_year(scenario, spec, expiring)
    share = _host_share(spec.workforce, expiring, path)
    if spec.workforce.monthly_payroll is not None:
        monthly = to_minor(
            spec.workforce.monthly_payroll, cur, path, "lapse.workforce.monthly_payroll"
        )
        last[PAYROLL] = multiply(12 * monthly, percent(share))
    events = _events(spec, expiring, tuple(last), path)
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
        workforce=_workforce(spec.workforce, share, cur, path),
        deal_on=deal,
        events=events,
    )


def _last_year(scenario: Scenario, spec: s.LapseSpec, expiring: Agreement) -> dict[str, int]:
    """The expiring agreement's last year per sector: from its rules, or the file's amounts
    when the series do not reach that year."""
    if spec.last_year is None:
        return last_year_by_sector(expiring, scenario.bank)
    return {
        k: to_minor(v, expiring.currency, scenario.path, f"lapse.last_year.amounts.{k}")
        for k, v in spec.last_year.amounts.items()
    }


def _host_share(spec: s.WorkforceSpec, expiring: Agreement, path: Path) -> Decimal:
    """The file's host share, else the expiring agreement's ``host_wage_share_pct`` clause."""
    if spec.host_share is not None:
        return spec.host_share
    value = expiring.clauses.get(SHARE_CLAUSE)
    if value is None or isinstance(value, bool):
        raise InputError(
            path,
            "lapse.workforce.host_share",
            f"not given, and {expiring.id} has no {SHARE_CLAUSE} clause",
        )
    return Decimal(str(value))


def _events(spec: s.LapseSpec, expiring: Agreement, sectors: tuple[str, ...], path: Path) -> Events:
    clause = None
    if expiring.clauses.get(LAPSE_CLAUSE) is True:
        clause = LapseClause(
            agreement=expiring.id,
            sectors=(PAYROLL,),
            reference=str(expiring.clauses.get("lapse_clause_reference", "")),
            assumption=str(expiring.clauses.get("lapse_clause_assumption", "")),
        )
    events = Events(
        notices=tuple(
            Notice(n.name, n.served, n.minimum_days, n.reference, n.assumption)
            for n in spec.notices
        ),
        funding=tuple(
            Funding(f.label, f.payer, f.sectors, f.start, f.end, f.reference, f.assumption)
            for f in spec.funding
        ),
        suspensions=tuple(
            Suspension(x.sector, x.start, x.end, x.reference, x.assumption)
            for x in spec.suspensions
        ),
        lapse_clause=clause,
        top_up=spec.top_up is not None,
        top_up_reference=spec.top_up.reference or spec.top_up.assumption if spec.top_up else "",
        entry_into_force_reference=spec.deal_reference,
        input_assumptions=tuple(
            f"last-year amounts: {spec.last_year.assumption}"
            for _ in (1,)
            if spec.last_year is not None and spec.last_year.assumption
        ),
    )
    try:
        events.check(sectors)
    except ValueError as exc:
        raise InputError(path, "lapse", str(exc)) from None
    return events


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


def _workforce(spec: s.WorkforceSpec, share: Decimal, currency: Currency, path: Path) -> Workforce:
    bridge = spec.bridge
    pay = spec.monthly_pay
    return Workforce(
        headcount=spec.headcount,
        host_share_pct=share,
        essential=spec.essential,
        sending_state_pays_essential=spec.sending_state_pays_essential,
        bridge_subsidy=to_minor(bridge.subsidy, currency, path, "lapse.workforce.bridge.subsidy")
        if bridge
        else 0,
        bridge_from=bridge.start if bridge else None,
        back_pay=spec.back_pay,
        reference=" ; ".join(spec.references),
        monthly_pay=to_minor(pay, currency, path, "lapse.workforce.monthly_pay") if pay else 0,
        pay_reference=spec.pay_reference,
    )
