"""Scenarios: a baseline agreement and proposals (reforms of it), read from strict YAML.

A proposal inherits every term it does not state from the baseline (OpenFisca's reform: a pure
function over a copy of the baseline), so ``{amount: {percent: 150}}`` alone means "150% of the
reference level, otherwise as the baseline". Amounts are absolute (``{value, currency}``) or
relative to the scenario's reference year (``{percent}``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from burdenshare.costs.agreement import Agreement, amounts, period_end
from burdenshare.costs.catalog import (
    Dataset,
    build_escalation,
    build_rounding,
    build_sectors,
    load_dataset,
    parse_currency,
    to_minor,
)
from burdenshare.costs.escalation import SeriesBank
from burdenshare.costs.share import annual_cost
from burdenshare.data import bundled_series, scenario_file
from burdenshare.data import schemas as s
from burdenshare.errors import InputError
from burdenshare.money import Currency, ExchangeRate, Money, multiply, percent


@dataclass(frozen=True)
class Proposal:
    """An agreement as offered: who offers it, in words and as terms."""

    key: str
    label: str
    party: str
    agreement: Agreement
    reference: str = ""
    percent_of_reference: Decimal | None = None


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    description: str
    path: Path
    as_of: date | None
    dataset: Dataset
    reference_agreement: str
    reference_year: int
    reference_amount: Money
    exchange_rate: ExchangeRate | None
    discount_percent: Decimal
    discount_reference: str
    bank: SeriesBank
    baseline: Proposal
    proposals: tuple[Proposal, ...]
    sources: tuple[str, ...]
    spec: s.ScenarioFile

    @property
    def all(self) -> tuple[Proposal, ...]:
        """Baseline first, then the proposals in file order."""
        return (self.baseline, *self.proposals)

    def proposal(self, key: str) -> Proposal:
        for p in self.all:
            if p.key == key:
                return p
        raise InputError(self.path, "proposals", f"no proposal {key!r}")


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A bundled scenario by name (``sma-2018``) or a scenario file by path, fully checked."""
    path, spec = scenario_file(str(name_or_path))
    return build_scenario(spec, path)


def build_scenario(spec: s.ScenarioFile, path: Path) -> Scenario:
    dataset = _dataset(spec, path)
    bank = with_assumptions(bundled_series(), spec, path)
    ref = dataset.agreements.get(spec.reference.agreement)
    if ref is None:
        raise InputError(
            path,
            "reference.agreement",
            f"unknown agreement {spec.reference.agreement!r} in {dataset.name}",
        )
    ref_amount = _year_amount(ref, spec.reference.year, bank, path, "reference.year")
    ctx = _Context(path, dataset, bank, spec.reference, ref_amount)
    baseline = _proposal("baseline", spec.baseline, ctx, "baseline")
    proposals = tuple(
        _proposal(key, reform(spec.baseline, p), ctx, f"proposals.{key}")
        for key, p in spec.proposals.items()
    )
    return Scenario(
        name=spec.scenario,
        title=spec.title,
        description=spec.description,
        path=path,
        as_of=spec.as_of,
        dataset=dataset,
        reference_agreement=ref.id,
        reference_year=spec.reference.year,
        reference_amount=ref_amount,
        exchange_rate=_rate(spec.exchange_rate, path),
        discount_percent=spec.discount_rate.percent,
        discount_reference=spec.discount_rate.reference,
        bank=bank,
        baseline=baseline,
        proposals=proposals,
        sources=spec.sources,
        spec=spec,
    )


def reform(baseline: s.AgreementSpec, proposal: s.AgreementSpec) -> s.AgreementSpec:
    """The baseline with every field the proposal states replaced (a pure function).

    ``years`` and ``end`` replace each other; a proposal in another currency than the
    baseline's does not inherit the baseline's rounding unit (it would mean another amount).
    """
    update: dict[str, object] = {k: getattr(proposal, k) for k in proposal.model_fields_set}
    if "years" in update and "end" not in update:
        update["end"] = None
    if "end" in update and "years" not in update:
        update["years"] = None
    if _currency_of(proposal) not in (None, _currency_of(baseline)) and "rounding" not in update:
        update["rounding"] = None
    return baseline.model_copy(update=update)


def _currency_of(spec: s.AgreementSpec) -> str | None:
    if isinstance(spec.amount, s.Amount) and spec.amount.currency:
        return spec.amount.currency.upper()
    return spec.currency.upper() if spec.currency else None


def _dataset(spec: s.ScenarioFile, path: Path) -> Dataset:
    try:
        return load_dataset(spec.dataset)
    except InputError as exc:
        raise InputError(path, "dataset", exc.problem) from None


def with_assumptions(bank: SeriesBank, spec: s.ScenarioFile, path: Path) -> SeriesBank:
    """The bundled series extended by the scenario's assumed values (flagged as assumptions)."""
    out = dict(bank)
    for name, values in spec.assumptions.items():
        if name not in out:
            known = ", ".join(sorted(out))
            raise InputError(path, f"assumptions.{name}", f"unknown series (known: {known})")
        series = out[name]
        for day, value in values.items():
            problem = series.value_problem(value.value)
            if problem is not None:
                raise InputError(path, f"assumptions.{name}.{day}", problem)
            series = series.with_values({day.year: value.value}, value.reference or "assumption")
        out[name] = series
    return out


def _rate(spec: s.RateSpec | None, path: Path) -> ExchangeRate | None:
    if spec is None:
        return None
    quote, base = spec.pair.split("/")
    return ExchangeRate(
        parse_currency(quote, path, "exchange_rate.pair"),
        parse_currency(base, path, "exchange_rate.pair"),
        spec.value,
        spec.reference,
    )


def _year_amount(
    agreement: Agreement, year: int, bank: SeriesBank, path: Path, field: str
) -> Money:
    if year not in agreement.years:
        raise InputError(
            path,
            field,
            f"{agreement.id} covers {agreement.years[0]}–{agreement.years[-1]}, not {year}",
        )
    for item in amounts(agreement, bank):
        if item.year == year:
            return Money(item.amount, agreement.currency)
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class _Context:
    path: Path
    dataset: Dataset
    bank: SeriesBank
    reference: s.ReferenceSpec
    reference_amount: Money


def _proposal(key: str, spec: s.AgreementSpec, ctx: _Context, field: str) -> Proposal:
    if spec.start is None:
        raise InputError(ctx.path, f"{field}.start", "missing (give it in the baseline)")
    if spec.amount is None:
        raise InputError(ctx.path, f"{field}.amount", "missing")
    end = spec.end or period_end(spec.start, spec.years or 1)
    if end < spec.start:
        raise InputError(ctx.path, f"{field}.end", f"end ({end}) is before start ({spec.start})")
    currency, base, pct = _base_amount(spec, ctx, field)
    agreement = Agreement(
        id=key,
        name=spec.label or key,
        host=ctx.dataset.host,
        sending_state=ctx.dataset.sending_state,
        currency=currency,
        start=spec.start,
        end=end,
        base_amount=base,
        escalation=build_escalation(
            spec.escalation, spec.start, currency, ctx.bank, ctx.path, f"{field}.escalation"
        ),
        rounding=build_rounding(spec.rounding, currency, ctx.path, f"{field}.rounding"),
        sectors=build_sectors(spec.sectors, currency, ctx.path, f"{field}.sectors"),
        troops=spec.troops,
        clauses=dict(spec.clauses or {}),
        references=(spec.reference,) if spec.reference else (),
        signed=spec.signed,
        notes=spec.notes,
        entry_into_force=spec.entry_into_force,
        entry_into_force_reference=spec.entry_into_force_reference,
    )
    return Proposal(key, spec.label or key, spec.party or "", agreement, spec.reference, pct)


def _base_amount(
    spec: s.AgreementSpec, ctx: _Context, field: str
) -> tuple[Currency, int, Decimal | None]:
    amount = spec.amount
    if isinstance(amount, s.Amount):
        code = amount.currency or spec.currency or ctx.dataset.currency.code
        currency = parse_currency(code, ctx.path, f"{field}.amount.currency")
        return currency, to_minor(amount.value, currency, ctx.path, f"{field}.amount.value"), None
    if isinstance(amount, s.CostShare):
        return _cost_share(amount, spec, ctx, field)
    assert isinstance(amount, s.Relative)
    reference = ctx.reference_amount
    if amount.agreement is not None or amount.year is not None:
        agreement = ctx.dataset.agreements.get(amount.agreement or ctx.reference.agreement)
        if agreement is None:
            raise InputError(
                ctx.path, f"{field}.amount.agreement", f"unknown agreement {amount.agreement!r}"
            )
        reference = _year_amount(
            agreement, amount.year or ctx.reference.year, ctx.bank, ctx.path, f"{field}.amount.year"
        )
    rounding = build_rounding(spec.rounding, reference.currency, ctx.path, f"{field}.rounding")
    value = multiply(reference.minor, percent(amount.percent), rounding.unit, rounding.mode)
    return reference.currency, value, amount.percent


def _cost_share(
    amount: s.CostShare, spec: s.AgreementSpec, ctx: _Context, field: str
) -> tuple[Currency, int, Decimal | None]:
    """A share of the sending state's annual cost (costs/share.py's assumption), in cents."""
    try:
        total, personnel, _ = annual_cost(ctx.dataset.name)
    except InputError:
        raise InputError(
            ctx.path, f"{field}.amount", f"no sending-state cost is bundled for {ctx.dataset.name}"
        ) from None
    base = total.minor
    if amount.of == "non_personnel":
        if personnel is None:
            raise InputError(
                ctx.path, f"{field}.amount.of", "the bundled cost has no military-personnel part"
            )
        base -= personnel.minor
    unit = build_rounding(spec.rounding, Currency.USD, ctx.path, f"{field}.rounding").unit
    return Currency.USD, multiply(base, percent(amount.cost_percent), unit), None
