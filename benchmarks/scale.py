"""Benchmark: a job's throughput on a Dask LocalCluster of 1 and 2 worker processes, and the
cost of one more chunk.

    .venv/bin/python benchmarks/scale.py [--draws 600000] [--chunk 10000]

The job is the bundled `sma-2018-montecarlo` (negotiations of the 2018 talks under
uncertainty), cut into BLOCK-aligned chunks. Each cluster has one thread per worker process;
every worker prepares the scenario once before the clock starts. Target (issue 9): ≥ 1.7×
from 1 to 2 workers on this 2-core machine. Per-chunk overhead: the fixed cost of a chunk,
measured as `--fixed` chunks of one negotiation each (the work left is the chunk's own: its
submission, its block's random draws, its summary and its merge), in-process and on 2 Dask
workers. Also checks that every run gives the same summary, to the last digit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from typing import Any

from distributed import Client, LocalCluster

from _machine import cpu_model
from burdenshare.runtime import Dask, InProcess, Job, load_job, run_job
from burdenshare.runtime.executors import Executor
from burdenshare.runtime.kinds import prepare

TARGET = 1.7
CPU: list[float] = []  # the workers' CPU seconds in each cluster run


def sized(job: Job, size: int, chunk: int) -> Job:
    return Job(job.path, job.spec.model_copy(update={"size": size, "chunk_size": chunk}))


def timed(job: Job, executor: Executor) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    summary = run_job(job, executor).summary
    return time.perf_counter() - start, summary


def on_cluster(workers: int, jobs: list[Job]) -> list[tuple[float, dict[str, Any]]]:
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        for job in jobs:  # each worker prepares the scenario once, before the clock starts
            client.run(prepare, job.text)
        executor = Dask(client=client)
        try:
            results = []
            for job in jobs:
                cpu = sum(client.run(time.process_time).values())
                results.append(timed(job, executor))
                CPU.append(sum(client.run(time.process_time).values()) - cpu)
            return results
        finally:
            executor.close()


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    strip = ("size",)
    return json.dumps({k: v for k, v in a.items() if k not in strip}) == json.dumps(
        {k: v for k, v in b.items() if k not in strip}
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=600_000)
    parser.add_argument("--chunk", type=int, default=10_000)
    parser.add_argument("--fixed", type=int, default=200)
    args = parser.parse_args()
    print(f"load      1-minute load average {os.getloadavg()[0]:.2f} before the runs")
    base = load_job("sma-2018-montecarlo")
    job = sized(base, args.draws, args.chunk)
    ((t1, s1),) = on_cluster(1, [job])
    tiny = sized(base, args.fixed, 1)  # chunks of one negotiation: the fixed cost of a chunk
    (t2, s2), (t2_tiny, s2_tiny) = on_cluster(2, [job, tiny])
    whole = sized(base, args.fixed, args.fixed)
    prepare(whole.text)
    _, s_whole = timed(whole, InProcess())
    t_tiny, s_tiny = timed(tiny, InProcess())
    speedup = t1 / t2
    identical = same(s1, s2) and same(s_whole, s_tiny) and same(s_tiny, s2_tiny)
    print(f"date      {dt.datetime.now():%Y-%m-%dT%H:%M:%S}")
    print(
        f"machine   {platform.platform()} | {cpu_model()} | cpu_count={os.cpu_count()} | "
        f"Python {sys.version.split()[0]}"
    )
    print(
        f"job       sma-2018-montecarlo: {args.draws:,} negotiations in {job.chunks} chunks "
        f"of {args.chunk:,}"
    )
    print(
        f"1 worker  {t1:6.2f} s → {args.draws / t1:,.0f} negotiations/s "
        f"(workers busy {CPU[0] / t1:.2f} cores)"
    )
    print(
        f"2 workers {t2:6.2f} s → {args.draws / t2:,.0f} negotiations/s "
        f"(workers busy {CPU[1] / t2:.2f} cores)"
    )
    print(f"speedup   {speedup:.2f}× (target ≥ {TARGET}×)")
    print(f"load      1-minute load average {os.getloadavg()[0]:.2f} (other work on the machine)")
    print(
        f"overhead  in-process: {args.fixed} chunks of 1 negotiation {t_tiny:.2f} s → "
        f"{t_tiny / args.fixed * 1000:.1f} ms per chunk"
    )
    print(
        f"overhead  2 Dask workers: {args.fixed} chunks of 1 negotiation {t2_tiny:.2f} s → "
        f"{t2_tiny / args.fixed * 1000:.1f} ms per chunk wall, "
        f"{CPU[2] / args.fixed * 1000:.1f} ms of worker CPU per chunk"
    )
    print(f"exact     summaries identical across executors and chunk sizes: {identical}")
    ok = identical and speedup >= TARGET
    print("OK" if ok else f"FAILED: target is ≥ {TARGET}× from 1 to 2 workers, exact")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
