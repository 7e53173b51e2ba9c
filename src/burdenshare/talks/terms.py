"""The outcome space of an agreement's negotiable terms, and the payments of every outcome.

The application's issues are declared once, in :data:`AXES` (their order is the outcome
space's): ``amount`` (first-year total: % of the scenario's reference level, or absolute),
``duration`` (years), ``increase`` (a fixed % a year, or a labelled rule indexed to a series such
as CPI two years earlier with a cap), ``strategic_assets`` ("yes"/"no"); then any user-defined
issue. Code names the axes (``domain.axis("amount")``), never their positions; the money axes
(``money=True``) are the axes of the payments grid, in declaration order. Every outcome maps
back to a full :class:`~burdenshare.costs.agreement.Agreement` (a reform of the scenario's
baseline) and so to a schedule. Payments over the NPV horizon are the agreement's schedule,
then its last level carried on (the lapse rule) until the horizon; they are computed for every
combination of the money issues at once with the exact int64 batch engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from burdenshare.costs.agreement import Agreement, period_end
from burdenshare.costs.batch import evaluate_indexed, to_ppm
from burdenshare.costs.escalation import DatedRule, Fixed, Freeze, Indexed, Rounding, Rule
from burdenshare.costs.scenario import Scenario
from burdenshare.data import schemas as s
from burdenshare.errors import InputError, MissingDataError
from burdenshare.money import Currency, Money, multiply, percent
from burdenshare.negotiation.issues import Issue, Outcome, OutcomeSpace, Value

YES, NO = "yes", "no"
_Scalar = TypeVar("_Scalar", bound=np.generic)


@dataclass(frozen=True)
class Axis:
    """One issue of the application: its name, whether it is an axis of the payments grid,
    and how its values come from the scenario's ``negotiation.issues`` (``amount`` labels,
    which need the scenario's reference level, are passed in)."""

    name: str
    values: Callable[[s.TermIssues, tuple[Value, ...]], tuple[Value, ...]]
    money: bool = False


AXES = (
    Axis("amount", lambda terms, amount: amount, money=True),
    Axis("duration", lambda terms, _: tuple(terms.duration), money=True),
    Axis(
        "increase",
        lambda terms, _: tuple(
            v.label if isinstance(v, s.IndexedIncrease) else _float(v) for v in terms.increase
        ),
        money=True,
    ),
    Axis(
        "strategic_assets",
        lambda terms, _: tuple(YES if v else NO for v in terms.strategic_assets),
    ),
)
"""The application's issues, in outcome-space order: a new issue is one more ``Axis`` here."""
MONEY_ISSUES = tuple(axis.name for axis in AXES if axis.money)
"""The axes of :attr:`TermsDomain.payments`, in its order."""


@dataclass(frozen=True, eq=False)
class TermsDomain:
    """An agreement negotiation: its outcome space and the payments each outcome implies."""

    space: OutcomeSpace
    scenario: Scenario
    start: date
    horizon: int
    discount_rate: Decimal
    currency: Currency
    first_year: tuple[int, ...]  # smallest units, one per amount level
    payments: NDArray[np.int64]  # (n_amount, n_duration, n_increase, horizon)
    increase_rules: tuple[Rule, ...]  # one per increase level

    def npv_grid(self) -> NDArray[np.float64]:
        """NPV of the payments, per money-issue combination (float: a utility input)."""
        rate = float(self.discount_rate) / 100
        factors = (1 + rate) ** -np.arange(self.horizon, dtype=np.float64)
        return self.payments.astype(np.float64) @ factors

    def axis(self, name: str) -> int:
        """The position of the named issue in the outcome space."""
        return self.space.names.index(self.space.issue(name).name)

    def over_space(self, grid: NDArray[_Scalar]) -> NDArray[_Scalar]:
        """A value per money-issue combination (an array shaped like the payments grid's
        first axes) laid over every outcome, in outcome-index order."""
        money = [self.axis(name) for name in MONEY_ISSUES]
        others = tuple(k for k in range(len(self.space.issues)) if k not in money)
        return np.ascontiguousarray(
            np.broadcast_to(np.expand_dims(grid, others), self.space.shape)
        ).reshape(-1)

    def along(self, name: str, values: NDArray[_Scalar]) -> NDArray[_Scalar]:
        """``values`` indexed by the levels of money issue ``name`` (first axis; any further
        axes, such as years, stay last), shaped to broadcast over the payments grid."""
        shape = [1] * len(MONEY_ISSUES) + list(values.shape[1:])
        shape[MONEY_ISSUES.index(name)] = values.shape[0]
        return values.reshape(shape)

    def npv(self) -> NDArray[np.float64]:
        """NPV of every outcome, indexed by outcome index."""
        return self.over_space(self.npv_grid())

    def agreement(self, outcome: Outcome) -> Agreement:
        """The full agreement an outcome stands for (a reform of the scenario baseline)."""
        self.space.index_of(outcome)
        values = dict(zip(self.space.names, outcome, strict=True))
        base = self.scenario.baseline.agreement
        years = int(values["duration"])
        rule = self.increase_rules[self.space.issue("increase").position(values["increase"])]
        clauses = {**base.clauses, "strategic_assets": values["strategic_assets"] == YES}
        clauses.update(
            {
                k: v if isinstance(v, str | int) else str(v)
                for k, v in values.items()
                if k not in {axis.name for axis in AXES}
            }
        )
        position = self.space.issue("amount").position(values["amount"])
        return replace(
            base,
            id="outcome",
            name=_label(values),
            start=self.start,
            end=period_end(self.start, years),
            base_amount=self.first_year[position],
            escalation=(DatedRule(self.start.year + 1, rule),),
            clauses=clauses,
        )

    def payments_of(self, outcome: Outcome) -> tuple[int, ...]:
        """The payments over the horizon of one outcome (smallest units)."""
        values = dict(zip(self.space.names, outcome, strict=True))
        cell = tuple(self.space.issue(n).position(values[n]) for n in MONEY_ISSUES)
        return tuple(int(v) for v in self.payments[cell])

    def money(self, amount: int) -> Money:
        return Money(amount, self.currency)


def _label(values: dict[str, Value]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())


def _float(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def build_terms_domain(scenario: Scenario) -> TermsDomain:
    """The negotiation domain of a scenario's ``negotiation:`` section."""
    spec = scenario.spec.negotiation
    if spec is None:
        raise InputError(scenario.path, "negotiation", "this scenario has no negotiation section")
    terms = spec.issues
    horizon = spec.horizon or max(terms.duration)
    if horizon < max(terms.duration):
        raise InputError(
            scenario.path,
            "negotiation.horizon",
            f"{horizon} years is shorter than the longest duration ({max(terms.duration)})",
        )
    currency, first_year, labels = _amount_levels(terms.amount, scenario)
    issues = [
        *(Issue(axis.name, axis.values(terms, labels)) for axis in AXES),
        *(
            Issue(name, tuple(_float(v) if isinstance(v, Decimal) else v for v in levels))
            for name, levels in terms.other.items()
        ),
    ]
    rounding = scenario.baseline.agreement.rounding
    rules = tuple(_increase_rule(v, scenario) for v in terms.increase)
    rates = np.array(
        [
            [to_ppm(_rate(rule, spec.start.year + k, scenario)) for k in range(horizon)]
            for rule in rules
        ],
        dtype=np.int64,
    )
    payments = _payments(first_year, terms.duration, rates, horizon, rounding)
    return TermsDomain(
        OutcomeSpace(tuple(issues), scenario.name),
        scenario,
        spec.start,
        horizon,
        spec.discount_rate,
        currency,
        first_year,
        payments,
        rules,
    )


def _increase_rule(level: Decimal | s.IndexedIncrease, scenario: Scenario) -> Rule:
    if isinstance(level, Decimal):
        return Fixed(level) if level else Freeze()
    if level.series not in scenario.bank:
        known = ", ".join(sorted(scenario.bank))
        raise InputError(
            scenario.path,
            "negotiation.issues.increase.series",
            f"unknown series {level.series!r} (known: {known})",
        )
    return Indexed(level.series, level.lag, level.cap, level.floor)


def _rate(rule: Rule, year: int, scenario: Scenario) -> Decimal:
    """The rate into ``year`` (0 for a freeze); a missing series value fails clearly."""
    if isinstance(rule, Freeze | Fixed | Indexed):
        try:
            return rule.rate(year, scenario.bank)
        except MissingDataError as exc:
            raise InputError(
                scenario.path,
                "negotiation.issues.increase",
                f"{exc} (add it under 'assumptions' in the scenario)",
            ) from None
    raise AssertionError(f"no increase rule {rule!r}")


def _amount_levels(
    spec: s.AmountLevels, scenario: Scenario
) -> tuple[Currency, tuple[int, ...], tuple[Value, ...]]:
    ref = scenario.reference_amount
    rounding = scenario.baseline.agreement.rounding
    if spec.percent is not None:
        minor = tuple(
            multiply(ref.minor, percent(p), rounding.unit, rounding.mode) for p in spec.percent
        )
        return ref.currency, minor, tuple(_float(p) for p in spec.percent)
    assert spec.values is not None
    cur = Currency.parse(spec.currency) if spec.currency else ref.currency
    amounts = [Money.of(v, cur) for v in spec.values]
    if cur is not ref.currency:
        if scenario.exchange_rate is None:
            raise InputError(
                scenario.path,
                "negotiation.issues.amount.currency",
                f"{cur} levels need the scenario's exchange_rate",
            )
        amounts = [scenario.exchange_rate.convert(a) for a in amounts]
    return ref.currency, tuple(a.minor for a in amounts), tuple(_float(v) for v in spec.values)


def _payments(
    first_year: tuple[int, ...],
    durations: tuple[int, ...],
    rates: NDArray[np.int64],
    horizon: int,
    rounding: Rounding,
) -> NDArray[np.int64]:
    """(n_amount, n_duration, n_increase, horizon) payments: the schedule, then held.

    ``rates[g, k]`` is increase level ``g``'s rate (ppm) into 0-based year ``k``. ``rounding``
    is the baseline's, unit *and* mode, so every payment equals the outcome's own schedule.
    """
    a, d, g = np.meshgrid(
        np.array(first_year, dtype=np.int64),
        np.array(durations, dtype=np.int64),
        np.arange(rates.shape[0]),
        indexing="ij",
    )
    base, dur = a.ravel(), d.ravel()
    grows = np.arange(horizon)[None, :] < dur[:, None]  # year k (0-based) grows while k < duration
    index = np.where(grows, rates[g.ravel()], 0)
    batch = evaluate_indexed(
        base,
        np.full(base.shape, horizon),
        index,
        rounding.unit,
        mode=rounding.mode,
        freeze=~grows,
    )
    return batch.amounts.reshape((*a.shape, horizon))
