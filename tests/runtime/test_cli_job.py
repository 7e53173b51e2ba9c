"""`burdenshare job run` as a user runs it: JSON summary on stdout, the chunk count on stderr,
the same output from the default executor and from `--executor dask` (its own LocalCluster)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from burdenshare.runtime import load_job, run_job
from helpers import run_cli

JOB = Path(__file__).parent / "data" / "lapse-sweep.yaml"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("job", *args)


def test_job_run_prints_the_summary_from_any_executor(tmp_path: Path) -> None:
    local = cli("run", str(JOB), "--format", "json", "--out", str(tmp_path / "out"))
    assert local.returncode == 0, local.stderr
    assert json.loads(local.stdout) == run_job(load_job(JOB)).summary
    assert local.stderr.strip().splitlines()[-1] == "5 chunks computed, 0 reused (inprocess)"
    dask = cli("run", str(JOB), "--format", "json", "--executor", "dask", "--workers", "2")
    assert dask.returncode == 0, dask.stderr
    assert dask.stdout == local.stdout
    assert "5 chunks computed, 0 reused (dask)" in dask.stderr
    resumed = cli("run", str(JOB), "--out", str(tmp_path / "out"), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "0 chunks computed, 5 reused (inprocess)" in resumed.stderr
    assert "lapse-2020: lapse-sweep of sma-2020-lapse, 30,000 draws" in resumed.stdout
