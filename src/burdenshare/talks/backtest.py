"""The backtest: replay each negotiation as of a date and say where the real outcome fell —
inside the zone of agreement or not, and its percentile among the simulated settlements for
the first-year amount, the duration and the deal date (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from burdenshare.costs.scenario import Scenario, load_scenario
from burdenshare.errors import InputError
from burdenshare.talks import replay as rp
from burdenshare.talks.outlook import QUANTILES, quantile
from burdenshare.talks.valuation import valuation_payload

CASES = ("sma-10", "sma-11", "sma-12")
TARGET = (10.0, 90.0)


@dataclass(frozen=True)
class CaseResult:
    case: str
    scenario: str
    as_of: date
    out_of_sample: bool
    in_zopa: bool
    percentile_amount: float | None
    percentile_duration: float | None
    percentile_date: float | None
    p_deal: float
    runs: int
    seed: int
    real: dict[str, Any]
    simulated: dict[str, Any]
    nash: dict[str, Any] | None
    assumptions: tuple[str, ...]
    valuations: dict[str, Any] | None = None  # per party: scale, risk, no-deal parts (major)

    @property
    def on_target(self) -> bool:
        low, high = TARGET
        return self.in_zopa and all(
            p is not None and low <= p <= high
            for p in (self.percentile_amount, self.percentile_date)
        )

    def to_record(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "scenario": self.scenario,
            "as_of": self.as_of.isoformat(),
            "out_of_sample": self.out_of_sample,
            "in_zopa": self.in_zopa,
            "percentile_amount": _round(self.percentile_amount),
            "percentile_duration": _round(self.percentile_duration),
            "percentile_date": _round(self.percentile_date),
            "on_target": self.on_target,
            "p_deal": round(self.p_deal, 4),
            "runs": self.runs,
            "seed": self.seed,
            "real": self.real,
            "simulated": self.simulated,
            "nash": self.nash,
            "assumptions": list(self.assumptions),
            "valuations": self.valuations,
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def _quantiles(values: np.ndarray[Any, Any]) -> list[float] | None:
    if values.size == 0:
        return None
    # the package's one quantile definition (talks/outlook.quantile_rank), as simulate shows
    return [float(quantile(values, q)) for _, q in QUANTILES]


def backtest(
    scenario: Scenario, as_of: date | None = None, runs: int | None = None, seed: int | None = None
) -> CaseResult:
    """Replay ``scenario`` (it needs a ``backtest`` section) as of ``as_of``."""
    spec = scenario.spec.backtest
    sim = scenario.spec.simulation
    if spec is None or sim is None:
        raise InputError(scenario.path, "backtest", "this scenario has no backtest section")
    if as_of is not None and as_of >= spec.agreed_on:
        raise InputError(
            scenario.path, "--as-of", f"{as_of} is not before the agreement ({spec.agreed_on})"
        )
    replay = rp.prepare(scenario, as_of)
    n, s = runs or sim.runs, sim.seed if seed is None else seed
    result = rp.run(replay, n, s)
    real = rp.real_outcome(replay, spec)
    static = rp.static_analysis(replay)
    (u0, u1), (r0, r1) = static["utilities"], static["reservations"]
    in_zopa = bool(u0[real] >= r0 and u1[real] >= r1)
    first = rp.first_year_per_outcome(replay)
    res = result.result
    agreed = res.outcome[res.agreed]
    space = replay.setup.domain.space
    durations = np.array(space.issue("duration").values)[
        np.unravel_index(agreed, space.shape)[space.names.index("duration")]
    ]
    dates = result.deal_dates(replay)[res.agreed]
    real_duration = space.outcome_at(real)[space.names.index("duration")]
    models = [p.model for p in replay.setup.preferences]
    assumptions = tuple(dict.fromkeys(a for m in models if m is not None for a in m.assumptions))
    om = sim.opponent_model
    if om is not None and om.type == "bayesian":
        assumptions += (
            f"learning opponents (Bayesian, {om.hypotheses} hypotheses, sigma {om.sigma}, "
            f"window {om.window})",
        )
    elif om is not None:
        assumptions += (f"learning opponents (window {om.window})",)
    return CaseResult(
        spec.case,
        scenario.name,
        replay.as_of,
        spec.out_of_sample,
        in_zopa,
        rp.percentile(first[agreed], float(first[real])),
        rp.percentile(durations, float(str(real_duration))),
        rp.percentile(dates, float(spec.agreed_on.toordinal())),
        float(res.agreed.mean()),
        n,
        s,
        {
            "outcome": space.as_dict(space.outcome_at(real)),
            "first_year": int(first[real]),
            "agreed_on": spec.agreed_on.isoformat(),
            "utilities": dict(
                zip(replay.setup.parties, (float(u0[real]), float(u1[real])), strict=True)
            ),
            "reservations": dict(zip(replay.setup.parties, (r0, r1), strict=True)),
        },
        {
            "first_year_p10_p50_p90": _quantiles(first[agreed]),
            "duration_p10_p50_p90": _quantiles(durations),
            "deal_date_p10_p50_p90": [
                date.fromordinal(round(q)).isoformat() for q in (_quantiles(dates) or [])
            ],
            "currency": replay.setup.domain.currency.code,
        },
        static["nash"],
        assumptions,
        {m.party: valuation_payload(m) for m in models if m is not None},
    )


def backtest_all(
    names: tuple[str, ...] = CASES,
    as_of: date | None = None,
    runs: int | None = None,
    seed: int | None = None,
) -> list[CaseResult]:
    return [backtest(load_scenario(n), as_of, runs, seed) for n in names]
