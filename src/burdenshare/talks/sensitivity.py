"""Sensitivity: how the solution points and P(deal) move with each uncertain input (issue 16).

Each input is set to a low and a high value, everything else held at the scenario's; for each
we recompute the bargaining analysis (Nash and Kalai–Smorodinsky points: first-year amount)
and P(deal) from a replay Monte Carlo with both sides uncertain. Inputs: each party's money
components (strategic-asset payments, continuation, money equivalents) and no-deal parts
(lapse cost, threats, security value) scaled by 1 ∓ ``spread``, the discount rate ∓ 1 point,
and the horizon ∓ 1 year. The rows, sorted by the swing of the Nash amount, are a tornado.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import numpy as np

from burdenshare.costs.scenario import Scenario
from burdenshare.errors import InputError
from burdenshare.negotiation.analysis import analyze
from burdenshare.talks import montecarlo
from burdenshare.talks import replay as rp
from burdenshare.talks.grounded import GroundedPreferences
from burdenshare.talks.valuation import MoneyModel

SPREAD = 0.5


@dataclass(frozen=True)
class Point:
    nash_first_year: int | None
    ks_first_year: int | None
    p_deal: float
    nash_npv: int | None = None  # NPV of the Nash point's payments (smallest units)
    deals: int = 0  # runs of the replay Monte Carlo that ended in a deal (P(deal)'s count)

    def to_record(self) -> dict[str, Any]:
        return {
            "nash_first_year": self.nash_first_year,
            "nash_npv": self.nash_npv,
            "ks_first_year": self.ks_first_year,
            "p_deal": round(self.p_deal, 4),
            "deals": self.deals,
        }


@dataclass(frozen=True)
class Row:
    input: str
    low: str
    high: str
    at_low: Point
    at_high: Point

    @property
    def swing(self) -> int:
        """Swing of the Nash point's payment NPV (smallest units)."""
        a, b = self.at_low.nash_npv, self.at_high.nash_npv
        return abs((a or 0) - (b or 0))

    def to_record(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "low": self.low,
            "high": self.high,
            "nash_first_year_low": self.at_low.nash_first_year,
            "nash_first_year_high": self.at_high.nash_first_year,
            "ks_first_year_low": self.at_low.ks_first_year,
            "ks_first_year_high": self.at_high.ks_first_year,
            "nash_npv_low": self.at_low.nash_npv,
            "nash_npv_high": self.at_high.nash_npv,
            "p_deal_low": round(self.at_low.p_deal, 4),
            "p_deal_high": round(self.at_high.p_deal, 4),
            "deals_low": self.at_low.deals,
            "deals_high": self.at_high.deals,
            "swing_nash_npv": self.swing,
        }


def _point(replay: rp.Replay, runs: int, seed: int) -> Point:
    st = replay.setup
    u = [p.utilities(st.domain) for p in st.preferences]
    r = [p.reservation_value for p in st.preferences]
    analysis = analyze(u[0], u[1], r[0], r[1])
    first = rp.first_year_per_outcome(replay)
    nash, ks = analysis.nash, analysis.kalai_smorodinsky
    result = rp.run(replay, runs, seed).result
    return Point(
        None if nash is None else int(first[nash.index]),
        None if ks is None else int(first[ks.index]),
        float(result.agreed.mean()),
        None if nash is None else round(float(st.domain.npv()[nash.index])),
        int(result.agreed.sum()),
    )


def _with_model(pref: GroundedPreferences, model: MoneyModel) -> GroundedPreferences:
    return replace(pref, model=model, reservation_value=model.reservation_value())


def _scaled_component(model: MoneyModel, row: int, factor: float) -> MoneyModel:
    components = model.components.copy()
    components[row] *= factor
    return replace(model, components=components)


def _scaled_part(model: MoneyModel, name: str, factor: float) -> MoneyModel:
    parts = dict(model.no_deal_parts)
    parts[name] *= factor
    return replace(model, no_deal_parts=parts)


def _rebuilt(scenario: Scenario, as_of: Any, **negotiation: Any) -> rp.Replay:
    neg = scenario.spec.negotiation
    assert neg is not None
    spec = scenario.spec.model_copy(update={"negotiation": neg.model_copy(update=negotiation)})
    return rp.prepare(replace(scenario, spec=spec), as_of)


def sensitivity(
    scenario: Scenario, runs: int = 2_000, seed: int | None = None, spread: float = SPREAD
) -> tuple[Point, list[Row]]:
    """The base point and one row per uncertain input, largest Nash swing first."""
    neg, sim = scenario.spec.negotiation, scenario.spec.simulation
    if neg is None or sim is None:
        raise InputError(
            scenario.path, "negotiation", "sensitivity needs negotiation and simulation sections"
        )
    as_of = scenario.spec.as_of
    base = rp.prepare(scenario, as_of)
    rp._models(base.setup)  # refuses scenarios without money-equivalent valuations
    s = sim.seed if seed is None else seed
    rows: list[Row] = []

    def vary(name: str, low: str, high: str, make: Callable[[str], rp.Replay]) -> None:
        rows.append(
            Row(name, low, high, _point(make("low"), runs, s), _point(make("high"), runs, s))
        )

    factors = {"low": 1 - spread, "high": 1 + spread}
    for k, pref in enumerate(base.setup.preferences):
        model = pref.model
        assert model is not None
        for row, component in enumerate(model.names):
            if row == 0:
                continue  # the payments themselves are not uncertain

            def make_c(side: str, k: int = k, row: int = row) -> rp.Replay:
                prefs = list(base.setup.preferences)
                m = prefs[k].model
                assert m is not None
                prefs[k] = _with_model(prefs[k], _scaled_component(m, row, factors[side]))
                return replace(base, setup=replace(base.setup, preferences=(prefs[0], prefs[1])))

            vary(f"{pref.party}: {component}", f"×{1 - spread:g}", f"×{1 + spread:g}", make_c)
        for part in model.no_deal_parts:
            if part == "baseline_payments":
                continue

            def make_p(side: str, k: int = k, part: str = part) -> rp.Replay:
                prefs = list(base.setup.preferences)
                m = prefs[k].model
                assert m is not None
                prefs[k] = _with_model(prefs[k], _scaled_part(m, part, factors[side]))
                return replace(base, setup=replace(base.setup, preferences=(prefs[0], prefs[1])))

            vary(f"{pref.party}: no deal: {part}", f"×{1 - spread:g}", f"×{1 + spread:g}", make_p)
    rate = neg.discount_rate
    low_rate = max(Decimal(0), rate - 1)
    vary(
        "discount rate (%)",
        f"{low_rate}",
        f"{rate + 1}",
        lambda side: _rebuilt(
            scenario, as_of, discount_rate=low_rate if side == "low" else rate + 1
        ),
    )
    horizon = base.setup.domain.horizon
    low_h = max(max(neg.issues.duration), horizon - 1)
    vary(
        "horizon (years)",
        f"{low_h}",
        f"{horizon + 1}",
        lambda side: _rebuilt(scenario, as_of, horizon=low_h if side == "low" else horizon + 1),
    )
    rows.sort(key=lambda r: (-r.swing, r.input))
    return _point(base, runs, s), rows


def sensitivity_record(
    scenario: Scenario, base: Point, rows: list[Row], runs: int, seed: int | None = None
) -> dict[str, Any]:
    """The result as plain data: `burdenshare sensitivity --format json`, /data/sensitivity and
    what present/sensitivity.py shapes (``seed``: the one asked for, else the scenario's)."""
    sim = scenario.spec.simulation
    return {
        "scenario": scenario.name,
        "title": scenario.title,
        "currency": scenario.reference_amount.currency.code,
        "runs": runs,
        "seed": seed if seed is not None or sim is None else sim.seed,
        "base": base.to_record(),
        "inputs": [r.to_record() for r in rows],
    }


def tornado_svg(title: str, base: Point, rows: list[Row], currency: str) -> str:
    """A tornado chart (SVG text) of the Nash point's payment NPV per input."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    unit = 1e9
    centre = (base.nash_npv or 0) / unit
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(rows) + 1.5))
    labels = [r.input for r in rows][::-1]
    for y, r in enumerate(rows[::-1]):
        lo = (r.at_low.nash_npv or 0) / unit
        hi = (r.at_high.nash_npv or 0) / unit
        ax.barh(y, lo - centre, left=centre, color="#4477aa")
        ax.barh(y, hi - centre, left=centre, color="#cc6677")
    ax.axvline(centre, color="black", linewidth=0.8)
    ax.set_yticks(np.arange(len(rows)), labels, fontsize=8)
    ax.set_xlabel(f"Nash point, NPV of payments (billion {currency}); blue: low, red: high")
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    plt.close(fig)
    return out.getvalue()


__all__ = ["Point", "Row", "montecarlo", "sensitivity", "sensitivity_record", "tornado_svg"]
