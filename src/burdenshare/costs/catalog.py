"""Build domain agreements from validated file specs, and load the bundled datasets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from burdenshare.costs.agreement import Agreement
from burdenshare.costs.escalation import (
    DatedRule,
    Explicit,
    Fixed,
    Freeze,
    Indexed,
    Rounding,
    Rule,
    SeriesBank,
    Unstated,
)
from burdenshare.costs.schedule import HostSeries
from burdenshare.costs.sectors import SectorSplit
from burdenshare.data import bundled_series, dataset_file, dataset_names, dataset_path
from burdenshare.data import schemas as s
from burdenshare.errors import InputError
from burdenshare.money import Currency, RoundingMode


@dataclass(frozen=True)
class Dataset:
    """A bundled set of agreements between one host and one sending state."""

    name: str
    description: str
    host: str
    sending_state: str
    currency: Currency
    host_series: HostSeries
    exchange_rate_series: str | None
    agreements: dict[str, Agreement]
    history_basis: str = "agreements"
    sector_names: tuple[str, ...] = ("payroll", "construction", "logistics")
    agreed_totals: tuple[tuple[str, int, str], ...] = ()  # (agreement id, minor, reference)

    def agreement(self, agreement_id: str) -> Agreement:
        try:
            return self.agreements[agreement_id]
        except KeyError:
            known = ", ".join(self.agreements)
            raise InputError(
                self.name, "agreement", f"unknown agreement {agreement_id!r} (known: {known})"
            ) from None


def to_minor(value: Decimal, currency: Currency, source: Path | str, field: str) -> int:
    """Major units → smallest units, refusing fractions of the smallest unit."""
    minor = value * currency.minor_per_major
    if minor != minor.to_integral_value():
        raise InputError(
            source, field, f"{value} {currency} is not a whole number of {currency}'s smallest unit"
        )
    return int(minor)


def parse_currency(text: str, source: Path | str, field: str) -> Currency:
    try:
        return Currency.parse(text)
    except ValueError as exc:
        raise InputError(source, field, str(exc)) from None


def build_rule(
    spec: s.RuleSpec, currency: Currency, bank: SeriesBank, source: Path | str, field: str
) -> Rule:
    if spec.type == "freeze":
        return Freeze()
    if spec.type == "fixed":
        assert spec.rate is not None
        return Fixed(spec.rate)
    if spec.type == "explicit":
        assert spec.amounts is not None
        return Explicit(
            {
                y: to_minor(v, currency, source, f"{field}.amounts.{y}")
                for y, v in spec.amounts.items()
            }
        )
    if spec.type == "unstated":
        return Unstated(spec.text)
    assert spec.series is not None
    if spec.series not in bank:
        known = ", ".join(sorted(bank))
        raise InputError(
            source, f"{field}.series", f"unknown series {spec.series!r} (known: {known})"
        )
    return Indexed(spec.series, spec.lag, spec.cap, spec.floor, spec.plus)


def build_escalation(
    spec: s.RuleSpec | dict[date, s.RuleSpec] | None,
    start: date,
    currency: Currency,
    bank: SeriesBank,
    source: Path | str,
    field: str,
) -> tuple[DatedRule, ...]:
    if spec is None:
        return ()
    if isinstance(spec, s.RuleSpec):
        return (DatedRule(start.year + 1, build_rule(spec, currency, bank, source, field)),)
    return tuple(
        DatedRule(day.year, build_rule(rule, currency, bank, source, f"{field}.{day}"))
        for day, rule in sorted(spec.items())
    )


def build_sectors(
    spec: s.Sectors | None, currency: Currency, source: Path | str, field: str
) -> SectorSplit | None:
    if spec is None:
        return None
    if spec.shares is not None:
        return SectorSplit.from_shares(dict(spec.shares), spec.reference)
    assert spec.amounts is not None and spec.year is not None
    minor = {
        k: to_minor(v, currency, source, f"{field}.amounts.{k}") for k, v in spec.amounts.items()
    }
    return SectorSplit.from_amounts(minor, spec.year, spec.reference)


def build_rounding(
    spec: s.Rounding | None, currency: Currency, source: Path | str, field: str
) -> Rounding:
    if spec is None:
        return Rounding()
    unit = to_minor(spec.unit, currency, source, f"{field}.unit")
    return Rounding(unit, RoundingMode.parse(spec.mode))


def build_agreement(
    spec: s.AgreementSpec, dataset: s.DatasetFile, bank: SeriesBank, source: Path | str, field: str
) -> Agreement:
    """A dataset entry → Agreement (every field it needs must be present)."""
    for name in ("id", "start", "end", "amount"):
        if getattr(spec, name) is None:
            raise InputError(source, f"{field}.{name}", "missing")
    assert spec.id and spec.start and spec.end and isinstance(spec.amount, s.Amount)
    currency = parse_currency(spec.currency or dataset.currency, source, f"{field}.currency")
    return Agreement(
        id=spec.id,
        name=spec.name or spec.id,
        host=dataset.host,
        sending_state=dataset.sending_state,
        currency=currency,
        start=spec.start,
        end=spec.end,
        base_amount=to_minor(spec.amount.value, currency, source, f"{field}.amount.value"),
        escalation=build_escalation(
            spec.escalation, spec.start, currency, bank, source, f"{field}.escalation"
        ),
        rounding=build_rounding(spec.rounding, currency, source, f"{field}.rounding"),
        sectors=build_sectors(spec.sectors, currency, source, f"{field}.sectors"),
        troops=spec.troops,
        clauses=dict(spec.clauses or {}),
        references=tuple(spec.references)
        or ((spec.amount.reference,) if spec.amount.reference else ()),
        signed=spec.signed,
        notes=spec.notes,
        entry_into_force=spec.entry_into_force,
        entry_into_force_reference=spec.entry_into_force_reference,
    )


@cache
def load_dataset(name: str) -> Dataset:
    """A bundled dataset (``us-rok``, ``us-japan``) with its agreements built and checked."""
    spec = dataset_file(name)
    bank = bundled_series()
    path = dataset_path(name)
    agreements = {}
    for i, entry in enumerate(spec.agreements):
        agreement = build_agreement(entry, spec, bank, path, f"agreements[{i}]")
        agreements[agreement.id] = agreement
    return Dataset(
        name=spec.dataset,
        description=spec.description,
        host=spec.host,
        sending_state=spec.sending_state,
        currency=parse_currency(spec.currency, path, "currency"),
        host_series=HostSeries(
            spec.host_series.inflation,
            spec.host_series.defence_budget,
            parse_currency(spec.currency, path, "currency"),
            spec.host_series.troops,
        ),
        exchange_rate_series=spec.exchange_rate_series,
        agreements=agreements,
        history_basis=spec.history_basis,
        sector_names=spec.sectors,
        agreed_totals=tuple(
            (
                a.id,
                to_minor(
                    entry.agreed_total.value,
                    a.currency,
                    path,
                    f"agreements[{i}].agreed_total.value",
                ),
                entry.agreed_total.reference,
            )
            for i, (entry, a) in enumerate(zip(spec.agreements, agreements.values(), strict=True))
            if entry.agreed_total is not None
        ),
    )


def find_agreement(agreement_id: str) -> tuple[Dataset, Agreement]:
    """Look an agreement up by id across every bundled dataset."""
    for name in dataset_names():
        dataset = load_dataset(name)
        if agreement_id in dataset.agreements:
            return dataset, dataset.agreements[agreement_id]
    known = ", ".join(a for n in dataset_names() for a in load_dataset(n).agreements)
    raise InputError("agreement", agreement_id, f"unknown agreement (known: {known})")
