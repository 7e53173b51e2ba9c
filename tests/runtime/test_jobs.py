"""Jobs: every kind against its engine's oracle, and the same summary, to the last digit, for
1 chunk or 1,000, in-process, in local processes or on a Dask LocalCluster."""

from __future__ import annotations

import functools
import json
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster
from hypothesis import given, settings
from hypothesis import strategies as st

from burdenshare.costs.scenario import load_scenario
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.sweep import sweep
from burdenshare.runtime import Dask, InProcess, Job, Processes, load_job, run_job
from burdenshare.runtime.chunks import block_draws, stream
from burdenshare.talks import montecarlo

DATA = Path(__file__).parent / "data"
MONTE_CARLO = load_job("sma-2018-montecarlo")


def sized(job: Job, **update: Any) -> Job:
    return Job(job.path, job.spec.model_copy(update=update))


def text(summary: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in summary.items() if k != "size"}, sort_keys=True)


def test_block_streams_are_the_spawned_children() -> None:
    a = np.random.default_rng(np.random.SeedSequence(42).spawn(4)[3]).random(5)
    assert (stream(42, 3).random(5) == a).all()

    def draw(rng: np.random.Generator) -> dict[str, Any]:
        return {"u": rng.integers(0, 10**9, size=montecarlo.BLOCK)}

    whole = block_draws(9, 0, 25_000, draw)["u"]
    pieces = [block_draws(9, a, min(a + 7_777, 25_000), draw)["u"] for a in range(0, 25_000, 7_777)]
    assert (np.concatenate(pieces) == whole).all()


def test_monte_carlo_one_chunk_and_a_thousand_are_bit_identical() -> None:
    one = run_job(sized(MONTE_CARLO, size=20_000, chunk_size=20_000)).summary
    thousand_job = sized(MONTE_CARLO, size=20_000, chunk_size=20)
    assert thousand_job.chunks == 1_000
    assert text(run_job(thousand_job).summary) == text(one)
    # the oracle: the scenario's own Monte Carlo, run in one piece
    setup = montecarlo.setup(load_scenario("sma-2018"))
    mc = montecarlo.run(setup, 20_000, seed=2018)
    assert one["draws"] == 20_000
    assert one["p_agreement"] == mc.summary()["p_agreement"]
    agreed = mc.result.agreed
    assert one["metrics"]["agreement_round"]["n"] == int(agreed.sum())
    assert one["metrics"]["agreement_round"]["max"] == int(mc.result.round[agreed].max())
    counts = np.bincount(mc.result.round[agreed], minlength=31)
    assert one["histograms"]["agreement_round"]["counts"] == [
        int(counts[a:b].sum()) for a, b in ((0, 5), (5, 10), (10, 15), (15, 20), (20, 25))
    ] + [int(counts[25:31].sum())]
    utilities = one["utilities_mean"]
    assert utilities["US"] == pytest.approx(float(mc.result.utilities[:, 0].mean()), abs=1e-6)


def test_lapse_sweep_matches_the_lapse_engine(tmp_path: Path) -> None:
    job = load_job(DATA / "lapse-sweep.yaml")
    job = sized(job, outputs=job.spec.outputs.model_copy(update={"raw": True}))
    summary = run_job(job, out=tmp_path / "out").summary
    raw = pq.read_table(tmp_path / "out" / "raw" / "000001.parquet").to_pydict()
    case = lapse_case(load_scenario("sma-2020-lapse"))
    reserves = [int(Decimal(100_000_000_000) * k / 4) for k in range(5)]  # KRW: 1 won units
    for i in (0, 1, 2):
        deal = case.expiry + timedelta(days=raw["delay"][i])
        result = sweep(case, [deal], [reserves[raw["level"][i]]], [case.workforce.host_share_pct])
        assert raw["cost_sending_state"][i] == int(result.cost_sending_state[0, -1])
        assert raw["cost_workers"][i] == int(result.cost_workers[0, -1])
    total = sum(
        sum(pq.read_table(p).column("cost_workers").to_pylist())
        for p in sorted((tmp_path / "out" / "raw").glob("*.parquet"))
    )
    assert summary["metrics"]["cost_workers"]["mean"] == total / 30_000
    assert summary["histograms"]["delay_days"]["counts"] == [7392, 7571, 7363, 7674]


def _schedule(base: int, rate_bp: int, years: int, unit: int) -> list[int]:
    amounts = [base]
    for _ in range(years - 1):
        exact = Decimal(amounts[-1]) * (1 + Decimal(rate_bp) / 10_000) / unit
        amounts.append(int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * unit)
    return amounts


def test_cost_sweep_matches_the_decimal_schedule(tmp_path: Path) -> None:
    job = load_job(DATA / "cost-sweep.yaml")
    job = sized(job, outputs=job.spec.outputs.model_copy(update={"raw": True}))
    summary = run_job(job, out=tmp_path / "out").summary
    assert summary["currency"] == "KRW"
    raw = pq.read_table(tmp_path / "out" / "raw" / "000000.parquet").to_pydict()
    scenario = load_scenario("sma-2018")
    krw = [p for p in scenario.all if p.agreement.currency.code == "KRW"]
    for i in range(5):
        a = krw[raw["proposal"][i]].agreement
        amounts = _schedule(a.base_amount, raw["rate_bp"][i], a.duration, a.rounding.unit)
        assert raw["total"][i] == sum(amounts) and raw["last_year"][i] == amounts[-1]
    assert (
        -250 <= summary["metrics"]["rate_bp"]["min"] < summary["metrics"]["rate_bp"]["max"] <= 800
    )
    summary_table = pq.read_table(tmp_path / "out" / "summary.parquet").to_pylist()
    assert {r["metric"]: r["p50"] for r in summary_table} == {
        k: v["p50"] for k, v in summary["metrics"].items()
    }


def test_in_process_processes_and_dask_are_bit_identical() -> None:
    jobs = [
        sized(MONTE_CARLO, size=6_000, chunk_size=1_000),
        load_job(DATA / "cost-sweep.yaml"),
    ]
    expected = [text(run_job(j, InProcess()).summary) for j in jobs]
    pool = Processes(2)
    try:
        assert [text(run_job(j, pool).summary) for j in jobs] == expected
    finally:
        pool.close()
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        dask = Dask(client=client)
        assert [text(run_job(j, dask).summary) for j in jobs] == expected
        assert len(client.scheduler_info()["workers"]) == 2


@settings(max_examples=12, deadline=None)
@given(chunk_size=st.integers(1, 12_000))
def test_any_chunk_size_gives_the_same_summary(chunk_size: int) -> None:
    base = load_job(DATA / "cost-sweep.yaml")
    job = sized(base, size=12_000, chunk_size=max(chunk_size, 12_000 // 400 + 1))
    assert text(run_job(job).summary) == _cost_in_one_chunk()


@functools.cache
def _cost_in_one_chunk() -> str:
    base = load_job(DATA / "cost-sweep.yaml")
    return text(run_job(sized(base, size=12_000, chunk_size=12_000)).summary)
