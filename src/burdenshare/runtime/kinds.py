"""What one chunk computes, per kind of job, and how the merged summary reads.

Each kind prepares once per process (scenario, engines, lookup grids) and then turns a
chunk's draws into a :class:`~burdenshare.runtime.summary.Partial` of integer outcomes, plus
the raw per-draw outcomes when the job asks for them.

- ``monte-carlo``: the scenario's negotiation Monte Carlo (``talks/montecarlo.py``:
  uncertain weights, reservation value and reserve fund), played by the batch engine.
- ``lapse-sweep``: deal date (expiry + a uniform whole number of days) × reserve level, the
  lapse's cost to each side (``lapse/sweep.py``, one batch over the whole grid, looked up).
- ``cost-sweep``: a proposal and a fixed yearly rate in whole basis points, its schedule's
  total and last year (``costs/batch.py``, exact int64, one batch over the grid, looked up).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from numpy.typing import NDArray

from burdenshare.costs.batch import evaluate_fixed
from burdenshare.costs.scenario import load_scenario
from burdenshare.lapse.scenario import lapse_case, reserve_grid
from burdenshare.lapse.sweep import sweep
from burdenshare.negotiation.simulation import simulate
from burdenshare.runtime.chunks import Chunk, Draws, block_draws, chunk
from burdenshare.runtime.job import JobFile, cost_proposals, from_text
from burdenshare.runtime.summary import Partial, describe, histogram
from burdenshare.talks import montecarlo
from burdenshare.talks.montecarlo import BLOCK

I64 = NDArray[np.int64]
MICRO = 1_000_000  # utilities are summed exactly in millionths


@dataclass(frozen=True)
class Outcome:
    partial: Partial
    raw: dict[str, I64] | None


def run_chunk(job_text: str, index: int) -> tuple[int, dict[str, Any], dict[str, I64] | None]:
    """Chunk ``index`` of the job whose canonical text is ``job_text`` (a worker's task).

    Returns plain data (picklable, no domain objects): the chunk index, its partial summary
    as JSON and its raw outcomes (only if the job asks for them).
    """
    spec = from_text(job_text)
    c = chunk(spec.size, spec.chunk_size, index)
    out = _compute(job_text, spec, c)
    meta = {"chunk": index, "start": c.start, "stop": c.stop}
    return index, {**meta, **out.partial.to_json()}, out.raw


def _compute(job_text: str, spec: JobFile, c: Chunk) -> Outcome:
    values = _prepared(job_text).values(spec, c)
    counted = {k: v for k, v in values.items() if ":" not in k}
    sums = {k[4:]: v for k, v in values.items() if k.startswith("sum:")}
    raw = {k[5:]: v for k, v in values.items() if k.startswith("draw:")}
    return Outcome(Partial.of(len(c), counted, sums), raw if spec.outputs.raw else None)


class _Kind:
    currency = ""  # of the money metrics

    def values(self, spec: JobFile, c: Chunk) -> dict[str, I64]:
        """Per metric, the integer values to count (``sum:NAME`` to sum, ``draw:NAME`` raw)."""
        raise NotImplementedError


@functools.lru_cache(maxsize=4)
def _prepared(job_text: str) -> _Kind:
    spec = from_text(job_text)
    if spec.kind == "monte-carlo":
        return _MonteCarlo(spec)
    if spec.kind == "lapse-sweep":
        return _LapseSweep(spec)
    return _CostSweep(spec)


def prepare(job_text: str) -> None:
    """Prepare the job's kind in this process now (e.g. on every worker before timing)."""
    _prepared(job_text)


class _MonteCarlo(_Kind):
    def __init__(self, spec: JobFile) -> None:
        st = montecarlo.setup(load_scenario(spec.scenario))
        self.st = st
        self.lock = threading.Lock()  # one chunk at a time per process: `levels` is shared
        self.currency = st.domain.currency.code
        self.levels: list[NDArray[np.intp]] = []
        self.make = montecarlo.factory(st, spec.seed, lambda d: self.levels.append(d.reserve_level))
        ordinals = np.array([d.toordinal() for d in st.round_dates])
        self.in_time = ordinals <= st.deadline.toordinal()
        self.first_year = st.domain.over_space(st.domain.payments[..., 0])

    def values(self, spec: JobFile, c: Chunk) -> dict[str, I64]:
        st = self.st
        with self.lock:
            self.levels.clear()
            res = simulate(self.make(c.start, c.stop))
            level = self.levels[0]
        agreed = res.agreed
        rounds, outcomes = res.round[agreed], res.outcome[agreed]
        by_deadline = np.zeros(len(c), dtype=np.int64)
        by_deadline[agreed] = self.in_time[rounds]
        out: dict[str, I64] = {
            "agreement_round": rounds.astype(np.int64),
            "outcome": outcomes.astype(np.int64),
            "first_year_amount": self.first_year[outcomes].astype(np.int64),
            "deal_by_deadline": by_deadline,
        }
        if st.lapse is not None:
            column = np.where(agreed, res.round, len(st.round_dates))
            out["lapse_cost_host"] = st.lapse.host[level, column]
            out["lapse_cost_sending_state"] = st.lapse.sending_state[level, column]
            out["lapse_cost_workers"] = st.lapse.workers[level, column]
        for p, party in enumerate(st.parties):
            out[f"sum:utility_micro_{party}"] = np.rint(res.utilities[:, p] * MICRO).astype(
                np.int64
            )
        if spec.outputs.raw:
            out["draw:run"] = np.arange(c.start, c.stop, dtype=np.int64)
            out["draw:round"] = res.round.astype(np.int64)
            out["draw:outcome"] = res.outcome.astype(np.int64)
            out["draw:reserve_level"] = level.astype(np.int64)
        return out


class _LapseSweep(_Kind):
    def __init__(self, spec: JobFile) -> None:
        scenario = load_scenario(spec.scenario)
        case = lapse_case(scenario)
        self.currency = case.currency_code
        ls = spec.lapse_sweep
        days = 0 if ls is None else ls.max_delay_days
        levels = 1 if ls is None else ls.reserve_levels
        reserves = [case.rules.reserve]
        if ls is not None and ls.reserve_high > 0:
            reserves = reserve_grid(
                scenario, case, ls.reserve_low, ls.reserve_high, levels, "lapse_sweep.reserve_low"
            )
        self.levels = len(reserves)
        self.days = days
        deals = [case.expiry + timedelta(days=d) for d in range(days + 1)]
        result = sweep(case, deals, reserves, [case.workforce.host_share_pct])
        shape = (days + 1, len(reserves))
        self.grid = {
            "cost_host": result.cost_host[:, -1].reshape(shape),
            "cost_sending_state": result.cost_sending_state[:, -1].reshape(shape),
            "cost_workers": result.cost_workers[:, -1].reshape(shape),
        }

    def _draw(self, rng: np.random.Generator) -> Draws:
        return {
            "delay": rng.integers(0, self.days + 1, size=BLOCK),
            "level": rng.integers(0, self.levels, size=BLOCK),
        }

    def values(self, spec: JobFile, c: Chunk) -> dict[str, I64]:
        d = block_draws(spec.seed, c.start, c.stop, self._draw)
        out = {name: grid[d["delay"], d["level"]] for name, grid in self.grid.items()}
        out["delay_days"] = d["delay"]
        if spec.outputs.raw:
            out |= {f"draw:{k}": v for k, v in d.items()}
            out |= {f"draw:{k}": v for k, v in out.items() if k.startswith("cost_")}
        return out


class _CostSweep(_Kind):
    def __init__(self, spec: JobFile) -> None:
        scenario = load_scenario(spec.scenario)
        cs = spec.cost_sweep
        props = cost_proposals(spec, scenario, scenario.path)
        self.currency = props[0].agreement.currency.code
        low = int((cs.rate_low if cs else Decimal(0)) * 100)
        high = int((cs.rate_high if cs else Decimal(0)) * 100)
        self.low, self.rates, self.proposals = low, high - low + 1, len(props)
        bps = np.arange(low, high + 1, dtype=np.int64)
        totals, last = [], []
        for p in props:
            a = p.agreement
            n = len(bps)
            batch = evaluate_fixed(
                np.full(n, a.base_amount),
                np.full(n, a.duration),
                bps * 100,
                a.rounding.unit,
                a.rounding.mode,
            )
            totals.append(batch.totals)
            last.append(batch.amounts[:, a.duration - 1])
        self.totals, self.last = np.stack(totals), np.stack(last)

    def _draw(self, rng: np.random.Generator) -> Draws:
        return {
            "proposal": rng.integers(0, self.proposals, size=BLOCK),
            "rate_bp": rng.integers(0, self.rates, size=BLOCK) + self.low,
        }

    def values(self, spec: JobFile, c: Chunk) -> dict[str, I64]:
        d = block_draws(spec.seed, c.start, c.stop, self._draw)
        col = d["rate_bp"] - self.low
        out = {
            "total": self.totals[d["proposal"], col],
            "last_year": self.last[d["proposal"], col],
            "rate_bp": d["rate_bp"],
        }
        if spec.outputs.raw:
            out |= {f"draw:{k}": v for k, v in out.items()} | {"draw:proposal": d["proposal"]}
        return out


def report(job_text: str, merged: Partial) -> dict[str, Any]:
    """The job's summary: per metric count, exact mean, quantiles; probabilities; histograms."""
    spec, n = from_text(job_text), merged.n
    metrics = {k: describe(v) for k, v in merged.counts.items()}
    out: dict[str, Any] = {
        "job": spec.name,
        "scenario": spec.scenario,
        "kind": spec.kind,
        "size": spec.size,
        "seed": spec.seed,
        "draws": n,
        "currency": _prepared(job_text).currency,
    }
    if spec.kind == "monte-carlo":
        agreements = metrics.get("agreement_round", {}).get("n", 0)
        out["p_agreement"] = agreements / n
        out["p_deal_by_deadline"] = merged.counts["deal_by_deadline"].get(1, 0) / n
        out["utilities_mean"] = {
            k.removeprefix("utility_micro_"): v / MICRO / n for k, v in merged.sums.items()
        }
    out["metrics"] = metrics
    out["histograms"] = {
        name: {"edges": list(edges), "counts": histogram(merged.counts.get(name, {}), edges)}
        for name, edges in sorted(spec.outputs.histograms.items())
    }
    return out
