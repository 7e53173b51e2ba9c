"""Money-equivalent valuation: each party values an outcome in money, then maps money to
utility over a FIXED money scale by a stated risk attitude (issue 16).

A party's money for an outcome (smallest currency units, present value over the horizon), with
``s = −1`` for the host (it pays) and ``s = +1`` for the sending state (it receives)::

    money = s · NPV(payments) + s · NPV(strategic-asset payments)
          + s · step_up · NPV(payments after expiry) − p_lapse · lapse_cost · v(expiry)
          + Σ equivalent_issue(level)

The continuation term prices duration: at expiry the next agreement steps the last year's
amount up by ``step_up`` for every later year of the horizon, and its talks lapse with
probability ``p_lapse``. No deal is the baseline carried on (the lapse rule), the lapse
simulator's cost of a lapse until a date, and named parts (security value, threats times their
credibility). Utility ``u = x`` (linear) or ``(1 − e^(−a·x)) / (1 − e^(−a))`` (CARA) with
``x = (money − low) / (high − low)`` on the stated scale: no outcome's utility depends on which
other outcomes are enumerated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from burdenshare.data.schemas_valuation import Sourced, Valuation
from burdenshare.errors import InputError
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.timeline import no_deal_cost
from burdenshare.negotiation.issues import Value
from burdenshare.talks.terms import MONEY_ISSUES, YES, TermsDomain

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class MoneyModel:
    """One party's money-equivalent valuation, laid over a terms domain.

    ``components[j]`` is component ``names[j]``'s money for every outcome; ``money`` is their
    sum. ``no_deal_parts`` are the parts of the no-deal money (smallest units).
    """

    party: str
    pays: bool
    scale: tuple[float, float]
    risk: str
    coefficient: float
    names: tuple[str, ...]
    components: FloatArray
    no_deal_parts: Mapping[str, float]
    assumptions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    minor_per_major: int = 1
    _money: FloatArray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "no_deal_parts", MappingProxyType(dict(self.no_deal_parts)))
        object.__setattr__(self, "_money", self.components.sum(axis=0))

    @property
    def money(self) -> FloatArray:
        return self._money

    @property
    def no_deal(self) -> float:
        return math.fsum(self.no_deal_parts.values())

    def utility(self, money: FloatArray | float) -> FloatArray:
        """Utility of money (any shape): the fixed scale, then the risk attitude."""
        low, high = self.scale
        x = (np.asarray(money, dtype=np.float64) - low) / (high - low)
        if self.risk == "cara":
            a = self.coefficient
            with np.errstate(over="ignore"):  # an overflow is refused by build_preferences
                return np.asarray(-np.expm1(-a * x) / -math.expm1(-a), dtype=np.float64)
        return np.asarray(x, dtype=np.float64)

    def utilities(self) -> FloatArray:
        return self.utility(self._money)

    def reservation_value(self) -> float:
        return float(self.utility(self.no_deal))


def _grid_to_space(domain: TermsDomain, grid: FloatArray) -> FloatArray:
    return domain.over_space(grid)


def _issue_to_space(domain: TermsDomain, name: str, table: FloatArray) -> FloatArray:
    axis = domain.space.names.index(name)
    shape = [1] * len(domain.space.issues)
    shape[axis] = table.size
    return np.broadcast_to(table.reshape(shape), domain.space.shape).reshape(-1).copy()


def factors(domain: TermsDomain) -> FloatArray:
    """Discount factors of years 0 … horizon−1."""
    rate = float(domain.discount_rate) / 100
    return np.asarray((1 + rate) ** -np.arange(domain.horizon, dtype=np.float64))


def _durations(domain: TermsDomain) -> NDArray[np.int64]:
    return np.array(domain.space.issue("duration").values, dtype=np.int64)


def tail_npv(domain: TermsDomain) -> FloatArray:
    """NPV of the payments after each outcome's expiry (grid: amount × duration × increase)."""
    f = factors(domain)
    after = np.arange(domain.horizon)[None, :] >= _durations(domain)[:, None]  # (n_d, H)
    weighted = domain.payments.astype(np.float64) * f
    return np.asarray((weighted * domain.along("duration", after)).sum(axis=-1))


def strategic_assets_npv(domain: TermsDomain, annual_minor: float) -> FloatArray:
    """NPV of the strategic-asset payments per outcome (paid each year of the agreement)."""
    f = factors(domain)
    during = np.arange(domain.horizon)[None, :] < _durations(domain)[:, None]
    per_duration = (during * f).sum(axis=1) * annual_minor  # (n_d,)
    grid = np.broadcast_to(domain.along("duration", per_duration), domain.payments.shape[:-1])
    sa = np.array([v == YES for v in domain.space.issue("strategic_assets").values], dtype=float)
    return _grid_to_space(domain, np.asarray(grid, dtype=np.float64)) * _issue_to_space(
        domain, "strategic_assets", sa
    )


def _minor(domain: TermsDomain, major: Decimal) -> float:
    """Major units → smallest units, as a float (a utility input; fractions allowed)."""
    return float(major) * domain.currency.minor_per_major


def _note(where: str, item: Sourced, assumptions: list[str], sources: list[str]) -> None:
    if item.assumption:
        assumptions.append(where + (f" ({item.note})" if item.note else ""))
    if item.reference:
        sources.append(item.reference)


def _level_key(values: tuple[Value, ...], key: object, path: str, where: str) -> Value:
    from burdenshare.talks.grounded import _key

    return _key(values, key, path, where)


def money_model(
    domain: TermsDomain, party: str, spec: Valuation, pays: bool, where: str
) -> MoneyModel:
    """A party's money model over ``domain`` from its ``valuation`` spec."""
    path = str(domain.scenario.path)
    sign = -1.0 if pays else 1.0
    assumptions: list[str] = []
    sources: list[str] = []
    _note(f"{party}: money scale", spec.scale, assumptions, sources)
    _note(f"{party}: risk attitude", spec.risk, assumptions, sources)
    names, rows = ["payments"], [sign * domain.npv()]
    neg = domain.scenario.spec.negotiation
    assert neg is not None
    if neg.strategic_assets is not None:
        _note("strategic-asset payments", neg.strategic_assets, assumptions, sources)
        names.append("strategic_assets_payments")
        rows.append(
            sign * strategic_assets_npv(domain, _minor(domain, neg.strategic_assets.annual))
        )
    cont = spec.continuation
    if cont is not None:
        _note(f"{party}: continuation at expiry", cont, assumptions, sources)
        f = np.append(factors(domain), 0.0)  # no lapse inside the horizon for d == horizon
        at_expiry = f[np.minimum(_durations(domain), domain.horizon)]
        lapse = float(cont.lapse_probability) * _minor(domain, cont.lapse_cost) * at_expiry
        grid = sign * float(cont.step_up) / 100 * tail_npv(domain) - domain.along("duration", lapse)
        names.append("continuation")
        rows.append(_grid_to_space(domain, grid))
    for name, eq in spec.equivalents.items():
        if name in MONEY_ISSUES or name not in domain.space.names:
            raise InputError(
                path,
                f"{where}.equivalents.{name}",
                "not a non-money issue of this domain "
                f"(issues: {', '.join(n for n in domain.space.names if n not in MONEY_ISSUES)})",
            )
        _note(f"{party}: money equivalent of {name}", eq, assumptions, sources)
        issue = domain.space.issue(name)
        table = {
            _level_key(issue.values, k, path, f"{where}.equivalents.{name}.values"): v
            for k, v in eq.values.items()
        }
        missing = [v for v in issue.values if v not in table]
        if missing:
            raise InputError(
                path, f"{where}.equivalents.{name}.values", f"no value for {missing[0]!r}"
            )
        levels = np.array([_minor(domain, table[v]) for v in issue.values])
        names.append(name)
        rows.append(_issue_to_space(domain, name, levels))
    parts = _no_deal_parts(domain, party, spec, pays, where, assumptions, sources)
    low, high = (_minor(domain, spec.scale.low), _minor(domain, spec.scale.high))
    return MoneyModel(
        party,
        pays,
        (low, high),
        spec.risk.type,
        float(spec.risk.coefficient),
        tuple(names),
        np.vstack(rows),
        parts,
        tuple(dict.fromkeys(assumptions)),
        tuple(dict.fromkeys(sources)),
        domain.currency.minor_per_major,
    )


def _no_deal_parts(
    domain: TermsDomain,
    party: str,
    spec: Valuation,
    pays: bool,
    where: str,
    assumptions: list[str],
    sources: list[str],
) -> dict[str, float]:
    """No deal: the baseline carried on, the lapse's cost until a date, and named parts."""
    from burdenshare.costs.agreement import amounts

    sign = -1.0 if pays else 1.0
    f = factors(domain)
    base = domain.scenario.baseline.agreement
    paid = [a.amount for a in amounts(base, domain.scenario.bank)]
    paid += [paid[-1]] * (domain.horizon - len(paid))
    parts = {"baseline_payments": sign * math.fsum(p * x for p, x in zip(paid, f, strict=False))}
    if spec.lapse_until is not None:
        if domain.scenario.spec.lapse is None:
            raise InputError(
                domain.scenario.path,
                f"{where}.lapse_until",
                "needs the scenario's lapse section (the lapse simulator's inputs)",
            )
        costs = no_deal_cost(lapse_case(domain.scenario), spec.lapse_until)
        if pays:
            lapse = costs.host + float(spec.workers_weight) * costs.workers
        else:
            lapse = costs.sending_state
        parts["lapse_cost"] = 0.0 - float(lapse)  # a cost; 0.0, not -0.0, when there is none
    horizon_factor = float(f.sum())
    for i, part in enumerate(spec.no_deal):
        _note(f"{party}: no deal: {part.name}", part, assumptions, sources)
        if part.name in parts:
            raise InputError(domain.scenario.path, f"{where}.no_deal[{i}].name", "used twice")
        value = (
            _minor(domain, part.value)
            if part.value is not None
            else _minor(domain, part.annual or Decimal(0)) * horizon_factor
        )
        parts[part.name] = float(part.probability) * value
    return parts


def valuation_payload(model: MoneyModel) -> dict[str, object]:
    """The no-deal parts (major units), the scale, the risk attitude and the assumptions."""
    unit = model.minor_per_major
    return {
        "scale": [model.scale[0] / unit, model.scale[1] / unit],
        "risk": {"type": model.risk, "coefficient": model.coefficient},
        "no_deal": {k: v / unit for k, v in model.no_deal_parts.items()},
        "no_deal_total": model.no_deal / unit,
        "components": list(model.names),
        "assumptions": list(model.assumptions),
    }
