"""Background simulations are bounded: at most MAX_RUNNING compute at once."""

from __future__ import annotations

from burdenshare.web import simulate


def test_a_third_job_waits_for_a_free_core() -> None:
    busy = [simulate.Job(f"busy-{k}", 10, 0) for k in range(simulate.MAX_RUNNING)]
    with simulate._lock:
        saved = dict(simulate._jobs)
        simulate._jobs.clear()
        simulate._jobs.update({job.id: job for job in busy})
    try:
        assert simulate.start(10, 0) is None
        busy[0].state = "done"
        job = simulate.start(10, 0)
        assert job is not None and job.id in simulate._jobs
    finally:
        with simulate._lock:
            simulate._jobs.clear()
            simulate._jobs.update(saved)
