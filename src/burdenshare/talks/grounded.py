"""Money-grounded preferences: a party's utility from the NPV of an outcome's payments.

``u = w_money · m(NPV) + Σ w_i · v_i(value_i)`` over the non-money issues. ``m`` maps the NPV
linearly onto [0, 1] across the domain (the best NPV for the party → 1: the lowest for the
payer, the highest for the payee), then raises it to ``exponent`` (the "power" mapping; < 1 is
risk-seeking in money, > 1 risk-averse). The reservation value is the utility of no deal: the
scenario's status quo payments plus the party's cost of the lapse until a date, from the lapse
simulator, mapped the same way (it may fall outside [0, 1]).

A party may instead give a money-equivalent ``valuation`` (:mod:`burdenshare.talks.valuation`):
every issue in money, mapped over a fixed scale, so utilities do not depend on the grid.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from burdenshare.costs.agreement import amounts
from burdenshare.data import schemas as s
from burdenshare.errors import InputError
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.timeline import PartyCosts, no_deal_cost
from burdenshare.negotiation.issues import Value
from burdenshare.talks.terms import NO, YES, TermsDomain
from burdenshare.talks.valuation import MoneyModel, money_model

FloatArray = NDArray[np.float64]
WEIGHT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class GroundedPreferences:
    """One party's private preferences over a terms domain."""

    party: str
    pays: bool  # the host pays (lower NPV is better); the sending state receives
    money_weight: float
    exponent: float = 1.0
    issue_weights: Mapping[str, float] = field(default_factory=dict)
    issue_values: Mapping[str, Mapping[Value, float]] = field(default_factory=dict)
    reservation_value: float = 0.0
    discount_factor: float = 1.0
    illustration: bool = False
    model: MoneyModel | None = None  # a money-equivalent valuation replaces weights and tables

    def __post_init__(self) -> None:
        total = self.money_weight + math.fsum(self.issue_weights.values())
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            raise InputError(
                self.party, "weights", f"money and issue weights sum to {total!r}, not 1"
            )
        object.__setattr__(self, "issue_weights", MappingProxyType(dict(self.issue_weights)))

    def money_utility(self, npv: FloatArray, low: float, high: float) -> FloatArray:
        """m(NPV): linear from the domain's [low, high] onto [0, 1], best for the party → 1."""
        span = high - low
        x = (npv - low) / span if span > 0 else np.ones_like(npv)
        x = 1.0 - x if self.pays else x
        if self.exponent != 1.0:
            x = np.sign(x) * np.abs(x) ** self.exponent
        return np.asarray(x, dtype=np.float64)

    def utilities(self, domain: TermsDomain) -> FloatArray:
        """Utility of every outcome (outcome-index order), vectorized over the space."""
        if self.model is not None:
            return self.model.utilities()
        _, weights, values = self.components(domain)
        return np.asarray(weights @ values, dtype=np.float64)

    def components(self, domain: TermsDomain) -> tuple[tuple[str, ...], FloatArray, FloatArray]:
        """Names, weights (k,) and component values (k, n): ``utilities == weights @ values``.

        Component 0 is the money utility m(NPV); the others are the weighted issues' tables
        laid over the whole space. Monte Carlo draws other weights and reuses the values.
        """
        if self.model is not None:
            raise InputError(
                self.party,
                "uncertainty",
                "a money-equivalent valuation has no weights to draw: use simulation.uncertain",
            )
        npv = domain.npv()
        rows = [self.money_utility(npv, float(npv.min()), float(npv.max()))]
        names = ["money"]
        weights = [self.money_weight]
        for axis, issue in enumerate(domain.space.issues):
            if issue.name not in self.issue_weights:
                continue
            table = np.array([self.issue_values[issue.name][v] for v in issue.values])
            shape = [1] * len(domain.space.issues)
            shape[axis] = issue.size
            rows.append(np.broadcast_to(table.reshape(shape), domain.space.shape).reshape(-1))
            names.append(issue.name)
            weights.append(self.issue_weights[issue.name])
        return tuple(names), np.array(weights), np.vstack(rows)

    def utility_of(
        self,
        domain: TermsDomain,
        npv: float,
        values: Mapping[str, Value],
        npv_range: tuple[float, float],
    ) -> float:
        """The utility of a package given its NPV and its non-money values (e.g. no deal)."""
        money = float(self.money_utility(np.array([npv]), *npv_range)[0])
        total = self.money_weight * money
        for name, weight in self.issue_weights.items():
            if name in values:
                total += weight * self.issue_values[name][values[name]]
        return total


def _key(issue_values: tuple[Value, ...], key: object, path: str, field: str) -> Value:
    """Match a YAML key (true/false, 1, "1", 2.5) to one of the issue's values."""
    if isinstance(key, bool):
        key = YES if key else NO
    for value in issue_values:
        if value == key or str(value) == str(key):
            return value
        if isinstance(key, Decimal) and not isinstance(value, str) and Decimal(str(value)) == key:
            return value
    raise InputError(path, field, f"unknown value {key!r} (values: {list(issue_values)})")


def build_preferences(
    domain: TermsDomain, party: str, spec: s.PartyPreferences, pays: bool
) -> GroundedPreferences:
    """A party's preferences from its scenario spec; the reservation value from the lapse."""
    path = str(domain.scenario.path)
    where = f"negotiation.preferences.{party}"
    if spec.valuation is not None:
        model = money_model(domain, party, spec.valuation, pays, f"{where}.valuation")
        if not (np.isfinite(model.utilities()).all() and np.isfinite(model.reservation_value())):
            raise InputError(
                path,
                f"{where}.valuation.risk",
                "utilities overflow: widen the money scale or lower the risk coefficient",
            )
        return GroundedPreferences(
            party,
            pays,
            1.0,
            reservation_value=model.reservation_value(),
            discount_factor=float(spec.discount_factor),
            illustration=spec.illustration,
            model=model,
        )
    assert spec.money is not None and spec.reservation is not None
    weights: dict[str, float] = {}
    tables: dict[str, dict[Value, float]] = {}
    for name, issue_spec in spec.issues.items():
        if name in ("amount", "increase"):
            raise InputError(
                path, f"{where}.issues.{name}", "is valued through money; give it no table"
            )
        issue = domain.space.issue(name) if name in domain.space.names else None
        if issue is None:
            raise InputError(
                path,
                f"{where}.issues.{name}",
                f"unknown issue (issues: {', '.join(domain.space.names)})",
            )
        table = {
            _key(issue.values, k, path, f"{where}.issues.{name}.values"): float(v)
            for k, v in issue_spec.values.items()
        }
        missing = [v for v in issue.values if v not in table]
        if missing:
            raise InputError(path, f"{where}.issues.{name}.values", f"no value for {missing[0]!r}")
        weights[name], tables[name] = float(issue_spec.weight), table
    try:
        prefs = GroundedPreferences(
            party,
            pays,
            float(spec.money.weight),
            float(spec.money.exponent) if spec.money.mapping == "power" else 1.0,
            weights,
            tables,
            0.0,
            float(spec.discount_factor),
            spec.illustration,
        )
    except InputError as exc:  # the weights: named in the file, not by the party alone
        raise InputError(path, f"{where}.{exc.field}", exc.problem) from None
    return _with_reservation(prefs, domain, spec.reservation, where)


def no_deal_npv(
    domain: TermsDomain, costs: PartyCosts, pays: bool, workers_weight: Decimal
) -> float:
    """Money value of no deal: the baseline's payments over the horizon ± the lapse costs."""
    baseline = domain.scenario.baseline.agreement
    paid = [a.amount for a in amounts(baseline, domain.scenario.bank)]
    paid += [paid[-1]] * (domain.horizon - len(paid))
    rate = float(domain.discount_rate) / 100
    npv = sum(p * (1 + rate) ** -t for t, p in enumerate(paid[: domain.horizon]))
    if pays:
        return npv + costs.host + float(workers_weight) * costs.workers
    return npv - costs.sending_state


def _with_reservation(
    prefs: GroundedPreferences, domain: TermsDomain, spec: s.ReservationSpec, where: str
) -> GroundedPreferences:
    from dataclasses import replace

    if spec.value is not None:
        return replace(prefs, reservation_value=float(spec.value))
    assert spec.lapse_until is not None
    case = lapse_case(domain.scenario)
    costs = no_deal_cost(case, spec.lapse_until)
    npv = domain.npv_grid()
    value = prefs.utility_of(
        domain,
        no_deal_npv(domain, costs, prefs.pays, spec.workers_weight),
        _no_deal_values(domain),
        (float(npv.min()), float(npv.max())),
    )
    return replace(prefs, reservation_value=value)


def _no_deal_values(domain: TermsDomain) -> dict[str, Value]:
    spec = domain.scenario.spec.negotiation
    assert spec is not None
    out: dict[str, Value] = {}
    for name, key in spec.no_deal.items():
        if name in domain.space.names:
            out[name] = _key(
                domain.space.issue(name).values,
                key,
                str(domain.scenario.path),
                f"negotiation.no_deal.{name}",
            )
    return out
