"""Run a job: plan its chunks, skip those already checkpointed, map the rest on an executor,
save each as it finishes, merge all once per chunk index, in index order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from burdenshare.runtime.checkpoint import Checkpoint
from burdenshare.runtime.executors import Executor, InProcess
from burdenshare.runtime.job import Job
from burdenshare.runtime.kinds import report
from burdenshare.runtime.summary import Partial, merge

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
    done = checkpoint.open(resume) if checkpoint is not None else {}
    reused = len(done)
    draws = sum(d["n"] for d in done.values())
    if progress is not None:
        progress(len(done), draws)
    todo = [i for i in range(job.chunks) if i not in done]
    for index, partial, raw in executor.map(job.text, todo):
        if index in done:  # a chunk run twice (a worker lost after finishing) counts once
            continue
        if checkpoint is not None:
            checkpoint.save(index, partial, raw)
        done[index] = partial
        draws += partial["n"]
        if progress is not None:
            progress(len(done), draws)
    merged = merge(Partial.from_json(done[i]) for i in range(job.chunks))
    summary = report(job.text, merged)
    if checkpoint is not None:
        checkpoint.finish(summary, len(todo), reused)
    return JobRun(summary, len(todo), reused)
