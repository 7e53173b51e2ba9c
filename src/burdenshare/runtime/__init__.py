"""Scale-out: jobs (sweeps, Monte Carlo) cut into seeded chunks, run in-process, in local
processes or on Dask, reduced to exact mergeable summaries, checkpointed and resumable."""

from burdenshare.runtime.executors import Dask, Executor, InProcess, Processes, make_executor
from burdenshare.runtime.job import Job, JobFile, load_job
from burdenshare.runtime.run import JobRun, run_job

__all__ = [
    "Dask",
    "Executor",
    "InProcess",
    "Job",
    "JobFile",
    "JobRun",
    "Processes",
    "load_job",
    "make_executor",
    "run_job",
]
