"""Run a job: plan its chunks, skip those already checkpointed, map the rest on an executor,
save each as it finishes and add it to the totals once per chunk index (exact integer sums:
the order chunks finish in does not matter)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from burdenshare.runtime.checkpoint import Checkpoint
from burdenshare.runtime.executors import Executor, InProcess
from burdenshare.runtime.job import Job
from burdenshare.runtime.kinds import report
from burdenshare.runtime.summary import Partial, Totals

Progress = Callable[[int, int], None]  # (chunks done, draws done)


@dataclass(frozen=True)
class JobRun:
    summary: dict[str, Any]
    computed: int  # chunks computed by this run
    reused: int  # chunks read from the checkpoint


def run_job(
    job: Job,
    executor: Executor | None = None,
    out: Path | None = None,
    resume: bool = False,
    progress: Progress | None = None,
) -> JobRun:
    """The job's summary, from ``executor`` (default in-process); with ``out``, every finished
    chunk is checkpointed there and ``resume`` skips the chunks already done."""
    executor = executor or InProcess()
    checkpoint = Checkpoint(out, job) if out is not None else None
    totals, seen = Totals(), set[int]()
    if checkpoint is not None:
        checkpoint.open(resume)
        for index, data in checkpoint.finished():
            seen.add(index)
            totals.add(Partial.from_json(data))
    reused, computed = len(seen), 0
    if progress is not None:
        progress(len(seen), totals.n)
    todo = (i for i in range(job.chunks) if i not in seen)
    for index, partial, raw in executor.map(job.text, todo):
        if index in seen:  # a chunk run twice (a worker lost after finishing) counts once
            continue
        if checkpoint is not None:
            checkpoint.save(index, partial, raw)
        seen.add(index)
        totals.add(Partial.from_json(partial))
        computed += 1
        if progress is not None:
            progress(len(seen), totals.n)
    if len(seen) != job.chunks:
        raise RuntimeError(f"{job.chunks - len(seen)} chunks did not come back")
    summary = report(job.text, totals.result())
    if checkpoint is not None:
        checkpoint.finish(summary, computed, reused)
    return JobRun(summary, computed, reused)
