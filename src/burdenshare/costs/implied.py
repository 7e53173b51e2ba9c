"""The host share each proposal of a scenario implies, against a stated sending-state cost.

The cost assumption is the latest bundled sending-state cost per year (``costs/share.py``'s
``annual_cost``: for us-rok the DoD FY2020 estimate), held flat in nominal terms over every
proposal year; proposals are converted to US dollars as ``compare`` converts them (the scenario's
stated rate). host share = proposal / (proposal + cost) × 100, first year and yearly average.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from burdenshare.costs.compare import compare
from burdenshare.costs.scenario import Scenario
from burdenshare.costs.share import annual_cost, host_share_pct
from burdenshare.data.share import share_file
from burdenshare.money import _CONTEXT, Currency, Money, round_to_unit


@dataclass(frozen=True)
class ImpliedShare:
    proposal: str
    label: str
    party: str
    first_year: int
    first_year_usd: Money
    average_usd: Money
    share_first_year: Decimal | None
    share_average: Decimal | None

    def to_record(self) -> dict[str, Any]:
        return {
            "proposal": self.proposal,
            "label": self.label,
            "party": self.party,
            "first_year": self.first_year,
            "first_year_usd": self.first_year_usd.minor,
            "average_usd": self.average_usd.minor,
            "host_share_first_year_pct": None
            if self.share_first_year is None
            else str(self.share_first_year),
            "host_share_average_pct": None
            if self.share_average is None
            else str(self.share_average),
        }


@dataclass(frozen=True)
class ImpliedShares:
    cost: Money  # sending-state cost assumed per year (US cents)
    assumption: str
    rate: str
    rows: tuple[ImpliedShare, ...]
    source: str = ""  # the page the assumed cost was read from

    def to_records(self) -> list[dict[str, Any]]:
        return [r.to_record() for r in self.rows]

    def payload(self) -> dict[str, Any]:
        return {
            "sending_state_cost_per_year": self.cost.minor,
            "currency": "USD",
            "cost_assumption": self.assumption,
            "conversion": self.rate,
            "records": self.to_records(),
        }


def implied_shares(scenario: Scenario) -> ImpliedShares:
    cost, _, source = annual_cost(scenario.dataset.name)
    result = compare(scenario, Currency.USD)
    rows = []
    for item in result.items:
        first_year = min(item.yearly)
        first = item.yearly[first_year]
        average = Money(
            round_to_unit(_CONTEXT.divide(Decimal(item.total.minor), Decimal(len(item.yearly)))),
            Currency.USD,
        )
        rows.append(
            ImpliedShare(
                item.proposal.key,
                item.proposal.label,
                item.proposal.party,
                first_year,
                first,
                average,
                host_share_pct(first.minor, cost.minor),
                host_share_pct(average.minor, cost.minor),
            )
        )
    assumption = (
        f"sending-state cost held at {cost.major:,.2f} USD a year in every proposal year "
        f"(assumption, from: {source})"
    )
    page = share_file(scenario.dataset.name)[1].latest_cost[1].source
    return ImpliedShares(cost, assumption, result.rate, tuple(rows), page)
