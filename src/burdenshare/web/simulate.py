"""The probability of a deal computed in the background: start a job, poll its progress."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from burdenshare.present.stats import deal_probabilities
from burdenshare.talks import montecarlo
from burdenshare.web import views

MAX_JOBS = 16
MAX_RUNNING = 2  # jobs computing at once (2 cores); more get 429 and may retry
MAX_RUNS = 50_000
CHUNK = 500  # progress steps; results do not depend on it (independent streams per block)


@dataclass
class Job:
    id: str
    total: int
    seed: int
    done: int = 0
    state: str = "running"
    result: dict[str, Any] = field(default_factory=dict)


_jobs: dict[str, Job] = {}
_lock = threading.Lock()


def _work(job: Job) -> None:
    try:
        st = montecarlo.setup(views.scenario(views.NEGOTIATION_SCENARIO))

        def progress(done: int) -> None:
            job.done = done

        summary = montecarlo.run(st, job.total, job.seed, CHUNK, progress).summary()
        job.result = {
            "p_agreement": summary["p_agreement"],
            "p_deal_by_deadline": summary["p_deal_by_deadline"],
            "deadline": summary["deadline"],
            "p_deal": {k: v.to_json() for k, v in deal_probabilities(summary).items()},
        }
        job.state = "done"
    except Exception as exc:  # reported to the page, never raised in the thread
        job.state = "failed"
        job.result = {"error": str(exc)}


def start(runs: int, seed: int) -> Job | None:
    """A new background job, or None when ``MAX_RUNNING`` are already computing."""
    job = Job(uuid.uuid4().hex, runs, seed)
    with _lock:
        if sum(j.state == "running" for j in _jobs.values()) >= MAX_RUNNING:
            return None
        if len(_jobs) >= MAX_JOBS:
            for key in [k for k, j in _jobs.items() if j.state != "running"][: MAX_JOBS // 2]:
                del _jobs[key]
        _jobs[job.id] = job
    threading.Thread(target=_work, args=(job,), daemon=True).start()
    return job


def status(job_id: str) -> dict[str, Any] | None:
    job = _jobs.get(job_id)
    if job is None:
        return None
    chunks = -(-job.total // CHUNK)
    chunks_done = -(-job.done // CHUNK)  # the last chunk may be short
    return {
        "id": job.id,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "chunks_done": chunks_done,
        "chunks_total": chunks,
        "fraction": chunks_done / chunks,
        "runs": job.total,
        "seed": job.seed,
        **job.result,
    }
