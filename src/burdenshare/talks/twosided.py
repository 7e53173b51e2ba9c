"""Both sides uncertain (issue 16): per-run draws of each party's money-equivalent valuation and
of the length of the rest of the talks, shared by the scenario Monte Carlo and the replays.

For each party with a ``simulation.uncertain`` entry, in the parties' move order: a factor
uniform in 1 ± ``equivalents`` on each non-payment money component (n × (k−1)), then a uniform
shift of its no-deal money (n, major units); then, with ``simulation.talks_length``, the days
the talks may still run (n). Always drawn in this order, so a block's draws do not depend on
how it is sliced.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from burdenshare.costs.scenario import Scenario
from burdenshare.data import schemas as s
from burdenshare.errors import InputError
from burdenshare.negotiation.simulation import BatchResult, BatchSpec
from burdenshare.talks.grounded import GroundedPreferences
from burdenshare.talks.valuation import MoneyModel

if TYPE_CHECKING:
    from burdenshare.talks.montecarlo import Draws, Setup

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class TwoSidedDraws:
    factors: tuple[FloatArray | None, FloatArray | None]
    shifts: tuple[FloatArray | None, FloatArray | None]
    talks_days: NDArray[np.int64] | None

    def cut(self, start: int, stop: int) -> TwoSidedDraws:
        def part(a: Any) -> Any:
            return None if a is None else a[start:stop]

        return TwoSidedDraws(
            (part(self.factors[0]), part(self.factors[1])),
            (part(self.shifts[0]), part(self.shifts[1])),
            part(self.talks_days),
        )


def draw(
    parties: tuple[str, str],
    models: tuple[MoneyModel, MoneyModel],
    sim: s.SimulationSpec,
    rng: np.random.Generator,
    n: int,
) -> TwoSidedDraws:
    factors: list[FloatArray | None] = []
    shifts: list[FloatArray | None] = []
    for party, model in zip(parties, models, strict=True):
        unc = sim.uncertain.get(party)
        if unc is None:
            factors.append(None)
            shifts.append(None)
            continue
        e = float(unc.equivalents)
        factors.append(rng.uniform(1 - e, 1 + e, size=(n, model.components.shape[0] - 1)))
        shifts.append(rng.uniform(float(unc.reservation_low), float(unc.reservation_high), n))
    length = sim.talks_length
    days = None if length is None else rng.integers(length.low_days, length.high_days + 1, size=n)
    return TwoSidedDraws((factors[0], factors[1]), (shifts[0], shifts[1]), days)


@dataclass(frozen=True, eq=False)
class LapseOverTime:
    """Each party's lapse cost (money, ≤ 0) if the lapse lasts ``offset`` days from ``start``
    (index = offset; the lapse simulator, one sweep over the dates), and the offset its stated
    ``lapse_until`` stands for. No deal by the end of a run's talks means a lapse at least
    until then: a run's no-deal lapse cost is the table at max(lapse_until, talks end)."""

    start: date
    tables: tuple[FloatArray | None, FloatArray | None]
    stated: tuple[int, int]


def lapse_over_time(
    scenario: Scenario, parties: tuple[str, str], start: date, days: int
) -> LapseOverTime | None:
    """The lapse-cost tables of the parties whose valuation has ``lapse_until``."""
    from datetime import timedelta

    from burdenshare.lapse.scenario import lapse_case
    from burdenshare.lapse.sweep import sweep

    neg = scenario.spec.negotiation
    if scenario.spec.lapse is None or neg is None:
        return None
    specs = [neg.preferences[p].valuation for p in parties]
    untils = [v.lapse_until if v is not None else None for v in specs]
    if all(u is None for u in untils):
        return None
    case = lapse_case(scenario)
    stated = tuple(max(0, (u - start).days) if u is not None else 0 for u in untils)
    span = max(days, *stated)
    deals = [
        min(max(start + timedelta(days=d), case.expiry), case.horizon) for d in range(span + 1)
    ]
    result = sweep(case, deals, [case.rules.reserve], [case.workforce.host_share_pct])
    host = result.cost_host[:, -1].astype(np.float64)
    sending = result.cost_sending_state[:, -1].astype(np.float64)
    workers = result.cost_workers[:, -1].astype(np.float64)
    tables: list[FloatArray | None] = []
    for party, spec, until in zip(parties, specs, untils, strict=True):
        if spec is None or until is None:
            tables.append(None)
        elif party == neg.host:
            tables.append(0.0 - (host + float(spec.workers_weight) * workers))
        else:
            tables.append(0.0 - sending)
    return LapseOverTime(start, (tables[0], tables[1]), (stated[0], stated[1]))


def utilities(
    models: tuple[MoneyModel, MoneyModel],
    draws: TwoSidedDraws,
    n: int,
    caps: Mapping[int, int] | None = None,
    lapse: LapseOverTime | None = None,
) -> tuple[list[FloatArray], list[FloatArray]]:
    """Per-run utilities (n, outcomes) and reservation values (n,) of both parties; ``caps``
    (party position → outcome index) caps a party's utility at that outcome's (its last
    recorded offer: no party asks for more than it last asked); ``lapse`` (with drawn talks
    lengths) makes each run's no-deal lapse cost that of a lapse to the end of its talks."""
    out_u: list[FloatArray] = []
    out_r: list[FloatArray] = []
    for k, model in enumerate(models):
        factor, shift = draws.factors[k], draws.shifts[k]
        no_deal: FloatArray | float = model.no_deal
        table = None if lapse is None else lapse.tables[k]
        if table is not None and lapse is not None and draws.talks_days is not None:
            offsets = np.minimum(np.maximum(draws.talks_days, lapse.stated[k]), table.size - 1)
            no_deal = model.no_deal - model.no_deal_parts.get("lapse_cost", 0.0) + table[offsets]
        if factor is None or shift is None:
            u = np.broadcast_to(model.utilities(), (n, model.components.shape[1]))
            r = np.broadcast_to(model.utility(no_deal), (n,))
        else:
            u = model.utility(model.components[0] + factor @ model.components[1:])
            r = model.utility(no_deal + shift * model.minor_per_major)
        if caps is not None and k in caps:
            u = np.minimum(u, u[:, caps[k] : caps[k] + 1])
        out_u.append(np.ascontiguousarray(u))
        out_r.append(np.asarray(r, dtype=np.float64))
    return out_u, out_r


def twosided_check(
    scenario: Scenario, spec: s.SimulationSpec, prefs: tuple[GroundedPreferences, ...]
) -> bool:
    if not spec.uncertain:
        return False
    if spec.uncertainty is not None:
        raise InputError(
            scenario.path, "simulation.uncertain", "give 'uncertain' or 'uncertainty', not both"
        )
    for p in prefs:
        if p.model is None:
            raise InputError(
                scenario.path,
                f"simulation.uncertain.{p.party}",
                "needs money-equivalent valuations of both parties",
            )
    unknown = sorted(set(spec.uncertain) - {p.party for p in prefs})
    if unknown:
        raise InputError(scenario.path, "simulation.uncertain", f"unknown party {unknown[0]!r}")
    return True


def talks_from(st: Setup) -> date:
    """The date the simulated rest of the talks starts: the last recorded offer's (else the
    scenario's as-of date, else the round calendar's)."""
    sim = st.scenario.spec.simulation
    assert sim is not None
    days = [o.on for o in sim.recorded if o.on is not None]
    if days:
        return max(days)
    if st.scenario.spec.as_of is not None:
        return st.scenario.spec.as_of
    return st.round_dates[max(st.protocol.start - 1, 0)]


def deal_ordinals(st: Setup, result: BatchResult, days: NDArray[np.int64]) -> NDArray[np.int64]:
    """Ordinal deal date of every run (−1 without agreement): the run's talks length times the
    share of the remaining offers it took, from :func:`talks_from`."""
    start = st.protocol.start
    left = max(1, st.protocol.rounds - start)
    done = np.clip(result.round - start, 0, left)
    offset = np.rint(days * done / left).astype(np.int64)
    return np.where(result.agreed, talks_from(st).toordinal() + offset, -1)


def _calendar(
    st: Setup,
) -> tuple[tuple[MoneyModel, MoneyModel], s.SimulationSpec, int, LapseOverTime | None]:
    """Both money models, the simulation, the talks' length when none is drawn (to the last
    round) and the lapse cost over the longest talks."""
    first_model, second_model = (p.model for p in st.preferences)
    assert first_model is not None and second_model is not None
    sim = st.scenario.spec.simulation
    assert sim is not None
    default_days = (st.round_dates[-1] - talks_from(st)).days
    longest = sim.talks_length.high_days if sim.talks_length else default_days
    lapse = lapse_over_time(st.scenario, st.parties, talks_from(st), longest)
    return (first_model, second_model), sim, default_days, lapse


def central_days(st: Setup) -> int:
    """The talks' length of the central run: the middle of ``simulation.talks_length``
    (whole days, half up), else to the last round (as every run without a drawn length)."""
    sim = st.scenario.spec.simulation
    assert sim is not None
    length = sim.talks_length
    if length is None:
        return (st.round_dates[-1] - talks_from(st)).days
    return (length.low_days + length.high_days + 1) // 2


def central_spec(st: Setup) -> BatchSpec:
    """One run at the stated valuations (no factor, no shift of the no-deal money) with the
    central talks' length: the run :func:`two_sided_factory` draws when every spread is zero."""
    models, _, _, lapse = _calendar(st)
    days = np.array([central_days(st)], dtype=np.int64)
    u, r = utilities(models, TwoSidedDraws((None, None), (None, None), days), 1, None, lapse)
    return st.batch(u, r)


def two_sided_factory(
    st: Setup,
    seed: int,
    record: Callable[[Draws], None] | None,
    talks: list[NDArray[np.int64]] | None,
) -> Callable[[int, int], BatchSpec]:
    """Both sides' valuations drawn per run, block by block (as :func:`draws`)."""
    from burdenshare.talks.montecarlo import BLOCK

    models, sim, default_days, lapse = _calendar(st)

    def make(start: int, stop: int) -> BatchSpec:
        first, last = start // BLOCK, (stop - 1) // BLOCK
        streams = np.random.SeedSequence(seed).spawn(last + 1)[first:]
        us: list[list[FloatArray]] = [[], []]
        rs: list[list[FloatArray]] = [[], []]
        days: list[NDArray[np.int64]] = []
        for block, stream in zip(range(first, last + 1), streams, strict=True):
            d = draw(st.parties, models, sim, np.random.default_rng(stream), BLOCK)
            lo, hi = max(start, block * BLOCK) - block * BLOCK, min(stop, (block + 1) * BLOCK)
            cut = d.cut(lo, hi - block * BLOCK)
            u, r = utilities(models, cut, hi - block * BLOCK - lo, None, lapse)
            for k in (0, 1):
                us[k].append(u[k])
                rs[k].append(r[k])
            n = hi - block * BLOCK - lo
            days.append(cut.talks_days if cut.talks_days is not None else np.full(n, default_days))
        if record is not None:
            from burdenshare.talks.montecarlo import Draws as _Draws

            record(_Draws(None, None, np.zeros(stop - start, dtype=np.intp)))
        if talks is not None:
            talks.append(np.concatenate(days))
        return st.batch(
            (np.vstack(us[0]), np.vstack(us[1])), (np.concatenate(rs[0]), np.concatenate(rs[1]))
        )

    return make
