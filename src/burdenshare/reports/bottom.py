"""The briefing's first page: the bottom line for a reader who reads nothing else.

Each option's cost per agreement year (annualised: the mean over its own years, so a one-year
deal and a five-year offer compare) in both currencies and as a share of the host's defence
budget; the difference to the status quo over the years both cover; the lapse risk; the
landing zone (Nash, Kalai–Smorodinsky); and P(deal) with its 95% interval and run count.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from burdenshare.costs.compare import Comparison, compare
from burdenshare.costs.scenario import Scenario
from burdenshare.errors import BurdenshareError
from burdenshare.money import _CONTEXT, Currency, Money, round_to_unit
from burdenshare.present.labels import outcome_label
from burdenshare.present.numbers import amount, unit_label
from burdenshare.present.stats import deal_probabilities
from burdenshare.talks.study import NegotiationStudy


@dataclass(frozen=True)
class BottomLine:
    basis: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lapse: tuple[str, ...]
    landing: tuple[str, ...]
    p_deal: str
    p_deal_deadline: str


def _other(scenario: Scenario, native: Currency) -> Currency | None:
    rate = scenario.exchange_rate
    if rate is not None:
        return rate.base_currency if native is rate.quote_currency else rate.quote_currency
    return Currency.USD if native is not Currency.USD else None


def _budget_share(item: Any) -> str:
    shares = [r.budget_share_pct for r in item.schedule.rows if r.budget_share_pct is not None]
    if not shares:
        return "–"
    mean = _CONTEXT.divide(sum(shares, Decimal(0)), Decimal(len(shares)))
    return f"{mean.quantize(Decimal('0.01'))}%"


def _per_year(money: Money, years: int) -> int:
    return round_to_unit(_CONTEXT.divide(Decimal(money.minor), Decimal(max(1, years))))


def _prices(scenario: Scenario, native: Comparison) -> str:
    """``nominal``, or the real basis: base year, deflator and rate (costs/schedule.py)."""
    if not native.real:
        return "nominal"
    host = scenario.dataset.host_series.currency or scenario.dataset.currency
    usd = "US dollars at each year's rate, deflated by the US CPI-U"
    own, others = (usd, f"{host.code}: deflated by the {host.code} CPI")
    if native.currency is not Currency.USD:
        own, others = (f"deflated by the {host.code} CPI", usd)
    return (
        f"in real terms: {native.base_year} prices, {own} ({others}); the lapse and "
        "negotiation figures below stay nominal"
    )


def bottom_line(
    scenario: Scenario,
    native: Comparison,
    lapse_lines: tuple[str, ...],
    study: NegotiationStudy | None,
    outlook: dict[str, Any] | None,
) -> BottomLine:
    cur = native.currency
    other = _other(scenario, cur)
    alt: dict[str, Any] = {}
    if other is not None:
        try:
            alt = {
                i.proposal.key: i
                for i in compare(scenario, other, native.real, native.base_year).items
            }
        except BurdenshareError:
            other = None
    columns = ["option", "party", "years", f"{unit_label(cur)} a year"]
    if other is not None:
        columns.append(f"{unit_label(other)} a year")
    columns += [f"vs status quo, {unit_label(cur)} a year", "% of defence budget"]
    rows = []
    for item in native.items:
        mean = item.annual_mean or Money(0, cur)
        row = [
            item.proposal.key,
            item.proposal.party,
            str(len(item.yearly)),
            amount(mean.minor, cur),
        ]
        if other is not None:
            theirs = alt[item.proposal.key].annual_mean
            row.append(amount(theirs.minor if theirs else None, other))
        row += [
            amount(_per_year(item.diff_total, len(item.horizon)), cur),
            _budget_share(item),
        ]
        rows.append(tuple(row))
    landing = []
    if study is not None:
        for name, label in (("nash", "Nash"), ("kalai_smorodinsky", "Kalai–Smorodinsky")):
            point = study.point(name)
            if point is None:
                landing.append(f"{label}: no agreement beats both reservation values")
                continue
            described = study.describe(point.index)
            money = ""
            if "first_year" in described and study.domain is not None:
                c = study.domain.currency
                money = f" ({amount(int(described['first_year']), c)} {unit_label(c)} first year)"
            landing.append(f"{label}: {outcome_label(described['outcome'])}{money}")
    p_deal = p_deadline = "–"
    if outlook is not None:
        found = deal_probabilities(outlook)
        p_deal = found["agreement"].text()
        p_deadline = f"by {outlook['deadline']}: {found['by_deadline'].text()}"
    basis = (
        "Annualised: each option's mean per agreement year (a one-year deal and a five-year "
        f"offer side by side), {_prices(scenario, native)}; the difference to the status quo is "
        "over the years both cover; defence-budget share is the mean of the years the budget "
        "series covers."
    )
    return BottomLine(
        basis, tuple(columns), tuple(rows), lapse_lines, tuple(landing), p_deal, p_deadline
    )
