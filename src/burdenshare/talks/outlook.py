"""What a Monte Carlo of a negotiation says: deal probabilities, terms, timing, lapse cost."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from burdenshare.talks.montecarlo import MonteCarlo, Setup
from burdenshare.talks.terms import AXES

QUANTILES = (("p10", Fraction(1, 10)), ("p50", Fraction(1, 2)), ("p90", Fraction(9, 10)))


def quantile_rank(n: int, q: Fraction) -> int:
    """The package's one quantile definition (inverted CDF, NumPy's ``inverted_cdf``): the
    ``q`` quantile of ``n`` values is the value of rank ⌈q·n⌉ (at least 1) in sorted order,
    i.e. the smallest value with at least that many values at or below it. Exact (``q`` is a
    fraction), always an observed value; ``simulate``, ``job run``, the dashboard and the
    briefing all use it (runtime/summary.py on counts)."""
    return max(1, math.ceil(q * n))


def quantile(values: NDArray[Any], q: Fraction) -> Any:
    """The ``q`` quantile of ``values`` by :func:`quantile_rank` (an element of ``values``)."""
    ordered = np.sort(values, kind="stable")
    return ordered[quantile_rank(values.size, q) - 1]


def _quantiles(values: NDArray[Any]) -> dict[str, float] | None:
    if values.size == 0:
        return None
    out = {name: float(quantile(values, q)) for name, q in QUANTILES}
    out["mean"] = float(values.mean())
    return out


def _shares(st: Setup, outcomes: NDArray[np.intp], name: str) -> dict[str, float]:
    """Share of agreements per value of the named issue (over the agreed runs)."""
    if outcomes.size == 0:
        return {}
    position = st.domain.axis(name)
    positions = np.unravel_index(outcomes, st.domain.space.shape)[position]
    counts = np.bincount(positions, minlength=st.domain.space.shape[position])
    values = st.domain.space.issues[position].values
    return {str(values[k]): float(c) / outcomes.size for k, c in enumerate(counts) if c}


def _median_date(ordinals: NDArray[np.int64]) -> str:
    """The median date by the package's one quantile definition (:func:`quantile_rank`: the
    lower middle one for an even count, so it is a simulated date)."""
    return date.fromordinal(int(quantile(ordinals, Fraction(1, 2)))).isoformat()


def summarize(mc: MonteCarlo) -> dict[str, Any]:
    """Probability of a deal (by the deadline, at all), settlement terms, rounds, lapse cost."""
    st, res = mc.setup, mc.result
    agreed = res.agreed
    rounds = res.round[agreed]
    ordinals = np.array([d.toordinal() for d in st.round_dates])
    by_deadline = agreed.copy()
    if mc.talks_days is not None:  # two-sided runs: each run's own calendar (twosided.py)
        from burdenshare.talks.twosided import deal_ordinals

        days = deal_ordinals(st, res, mc.talks_days)[agreed]
    else:
        days = ordinals[rounds]
    by_deadline[agreed] = days <= st.deadline.toordinal()
    per_outcome = st.domain.over_space(st.domain.payments[..., 0])
    outcomes = res.outcome[agreed]
    summary: dict[str, Any] = {
        "scenario": st.scenario.name,
        "runs": mc.runs,
        "seed": mc.seed,
        "parties": list(st.parties),
        "rounds": st.protocol.rounds,
        "recorded_offers": st.protocol.start,
        "deadline": st.deadline.isoformat(),
        "agreements": int(agreed.sum()),
        "deals_by_deadline": int(by_deadline.sum()),
        "p_agreement": float(agreed.mean()),
        "p_deal_by_deadline": float(by_deadline.mean()),
        "agreement_round": _quantiles(rounds),
        "deal_date_p50": None
        if not rounds.size
        else _median_date(days)
        if mc.talks_days is not None
        else st.round_dates[int(quantile(rounds, Fraction(1, 2)))].isoformat(),
        "first_year_amount": _quantiles(per_outcome[outcomes]),
        "currency": st.domain.currency.code,
        "utilities_mean": dict(zip(st.parties, res.utilities.mean(axis=0).tolist(), strict=True)),
    }
    for axis in AXES:
        summary[f"{axis.name}_shares"] = _shares(st, outcomes, axis.name)
    # The lapse costs are per round on the round calendar; two-sided runs have their own.
    summary["lapse_cost_mean"] = None if mc.talks_days is not None else _lapse_means(mc)
    return summary


def _lapse_means(mc: MonteCarlo) -> dict[str, float] | None:
    st, res = mc.setup, mc.result
    if st.lapse is None:
        return None
    column = np.where(res.agreed, res.round, len(st.round_dates))
    row = mc.reserve_level
    return {
        "host": float(st.lapse.host[row, column].mean()),
        "sending_state": float(st.lapse.sending_state[row, column].mean()),
        "workers": float(st.lapse.workers[row, column].mean()),
    }
