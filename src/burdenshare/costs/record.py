"""Record views over the history: the documented years of an agreement whose rule exists
only in words (what ``schedule`` shows for it), and the agreed multi-year totals (a separate,
labelled view beside the annual column)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from burdenshare.costs.agreement import Agreement
from burdenshare.costs.catalog import Dataset, load_dataset
from burdenshare.costs.escalation import Freeze, SeriesBank, Unstated, rule_in_force
from burdenshare.costs.history import history, history_records
from burdenshare.money import Currency


def why_no_rule(agreement: Agreement) -> str | None:
    """The words of an agreement's rule when it exists only in words (SMA-1, JP-SMA-2006...),
    else ``None``: such an agreement has documented years but no schedule to compute."""
    for year in agreement.years[1:]:
        rule = rule_in_force(agreement.escalation, year)
        if isinstance(rule, Unstated):
            return rule.text
    return None


@dataclass(frozen=True)
class DocumentedYears:
    """The documented years of an agreement whose rule cannot run, and why it cannot."""

    agreement: Agreement
    reason: str
    records: tuple[dict[str, Any], ...]

    def to_records(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.records]


def documented_years(
    dataset: Dataset,
    agreement: Agreement,
    bank: SeriesBank,
    currency: Currency | None = None,
    real_base_year: int | None = None,
) -> DocumentedYears | None:
    """What ``schedule`` shows for an agreement whose rule exists only in words: the history's
    records of its years (every view the history offers), each saying why no rule runs.
    ``None`` when the agreement's rule can run."""
    reason = why_no_rule(agreement)
    if reason is None:
        return None
    hist = history(dataset.name, bank)
    years = set(agreement.years)
    records = tuple(
        {**rec, "rule": f"documented; no rule runs: {reason}"}
        for rec in history_records(hist, bank, currency, real_base_year)
        if rec["year"] in years and rec["agreement"] == agreement.id
    )
    return DocumentedYears(agreement, reason, records)


def agreed_totals(dataset_name: str) -> list[dict[str, Any]]:
    """The agreed multi-year totals, one record per agreement: a separate, labelled view, never
    spread over the annual column. A total the sources state is ``agreed total``; a total
    only implied by an agreed annual level held for the term is ``derived``; otherwise empty.
    """
    dataset = load_dataset(dataset_name)
    stated = {a: (minor, ref) for a, minor, ref in dataset.agreed_totals}
    out: list[dict[str, Any]] = []
    for agreement in dataset.agreements.values():
        years = agreement.years
        total: int | None = None
        source = ""
        if agreement.id in stated:
            total, source = stated[agreement.id]
            basis = "agreed total"
        elif why_no_rule(agreement) is None and all(
            isinstance(rule_in_force(agreement.escalation, y), Freeze) for y in years[1:]
        ):
            total = agreement.base_amount * len(years)
            basis = "derived: the agreed annual level × the years of the term"
            source = ", ".join(agreement.references)
        else:
            basis = "not stated"
        out.append(
            {
                "agreement": agreement.id,
                "first_year": years[0],
                "last_year": years[-1],
                "years": len(years),
                "currency": agreement.currency.code,
                "agreed_total": total,
                "average_per_year": None if total is None else total // len(years),
                "average_basis": None if total is None else "derived: total / years",
                "basis": basis,
                "source": source,
            }
        )
    return out
