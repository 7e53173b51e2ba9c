"""A background simulation reports the fraction of its chunks done on its status endpoint."""

from __future__ import annotations

import time

import httpx

from burdenshare.web import simulate
from conftest import Server


def test_status_reports_chunks_done() -> None:
    job = simulate.Job("progress-test", 2 * simulate.CHUNK + 1, 0, done=simulate.CHUNK)
    with simulate._lock:
        simulate._jobs[job.id] = job
    try:
        got = simulate.status(job.id)
        assert got is not None
        assert (got["chunks_done"], got["chunks_total"], got["fraction"]) == (1, 3, 1 / 3)
        job.done = job.total
        got = simulate.status(job.id)
        assert got is not None and (got["chunks_done"], got["fraction"]) == (3, 1.0)
    finally:
        with simulate._lock:
            simulate._jobs.pop(job.id)


def test_status_endpoint_reports_progress_to_the_end(server: Server) -> None:
    job = simulate.start(3 * simulate.CHUNK, 3)
    assert job is not None
    seen = []
    deadline = time.monotonic() + 60
    while True:
        got = httpx.get(f"{server.url}/negotiation/simulations/{job.id}").json()
        seen.append(got["fraction"])
        assert got["chunks_total"] == 3
        assert got["fraction"] == got["chunks_done"] / 3
        if got["state"] != "running":
            break
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert got["state"] == "done" and got["chunks_done"] == 3 and got["fraction"] == 1.0
    assert seen == sorted(seen)
