"""A job killed midway resumes without recomputing its finished chunks; a Dask worker killed
mid-job loses no chunk and counts none twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from burdenshare.runtime import Dask, load_job, run_job

JOB = """\
name: resumable
scenario: sma-2018
kind: monte-carlo
size: 40000
seed: 11
chunk_size: 1000
outputs:
  histograms:
    agreement_round: [0, 10, 20, 30]
"""


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}


def test_killed_job_resumes_without_recomputing(tmp_path: Path) -> None:
    path = tmp_path / "job.yaml"
    path.write_text(JOB, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "burdenshare.cli", "job", "run", str(path), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(_mtimes(out / "chunks")) < 8:
            assert proc.poll() is None, "the job finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        proc.kill()
    before = _mtimes(out / "chunks")
    assert 8 <= len(before) < 40 and not (out / "summary.json").exists()
    job = load_job(path)
    resumed = run_job(job, out=out, resume=True)
    assert (resumed.reused, resumed.computed) == (len(before), 40 - len(before))
    after = _mtimes(out / "chunks")
    assert len(after) == 40
    assert {k: after[k] for k in before} == before  # finished chunks were not written again
    fresh = run_job(job)
    assert json.dumps(resumed.summary) == json.dumps(fresh.summary)
    assert json.loads((out / "summary.json").read_text()) == fresh.summary
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["runs"] == [{"computed": 40 - len(before), "reused": len(before)}]


def test_resume_refuses_another_jobs_directory(tmp_path: Path) -> None:
    from burdenshare.errors import InputError

    path = tmp_path / "job.yaml"
    path.write_text(JOB.replace("size: 40000", "size: 2000"), encoding="utf-8")
    out = tmp_path / "out"
    run_job(load_job(path), out=out)
    path.write_text(JOB.replace("size: 40000", "size: 3000"), encoding="utf-8")
    with pytest.raises(InputError, match="another job"):
        run_job(load_job(path), out=out, resume=True)


def test_killed_dask_worker_loses_and_doubles_no_chunk(tmp_path: Path) -> None:
    path = tmp_path / "job.yaml"
    path.write_text(JOB.replace("size: 40000", "size: 30000"), encoding="utf-8")
    job = load_job(path)
    expected = run_job(job).summary
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        pids = list(client.run(os.getpid).values())
        assert len(pids) == 2
        killed: list[int] = []

        def kill_one(done: int, draws: int) -> None:
            if done >= 5 and not killed:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(done)

        executor = Dask(client=client)
        try:
            result = run_job(job, executor, progress=kill_one)
        finally:
            executor.close()
        assert killed and killed[0] < 30
        client.wait_for_workers(2, timeout=60)  # its nanny started a new worker process
        assert pids[0] not in client.run(os.getpid).values()  # the killed one is gone
    assert (result.computed, result.reused) == (30, 0)
    assert result.summary["draws"] == 30_000  # each chunk counted exactly once
    assert json.dumps(result.summary) == json.dumps(expected)
