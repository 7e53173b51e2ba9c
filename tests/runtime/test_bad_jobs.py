"""Malformed job files: `job validate` and `job run` exit 2 with one line naming the file and
the field, and write nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from burdenshare.cli import main
from helpers import run_cli as cli

BAD = Path(__file__).parents[1] / "data" / "bad" / "jobs"

# file name → (field named in the message, words of the problem)
BAD_JOBS = {
    "unknown-key.yaml": ("colour", "unknown key"),
    "size-not-integer.yaml": ("size", "valid integer"),
    "negative-size.yaml": ("size", "greater than or equal to 1"),
    "size-too-large.yaml": ("size", "less than or equal to 1000000000000"),
    "chunk-size-zero.yaml": ("chunk_size", "greater than or equal to 1"),
    "negative-seed.yaml": ("seed", "greater than or equal to 0"),
    "fractional-seed.yaml": ("seed", "fractional part"),
    "unknown-scenario.yaml": ("scenario", "unknown scenario 'sma-1999'"),
    "unknown-kind.yaml": ("kind", "'monte-carlo', 'lapse-sweep' or 'cost-sweep'"),
    "duplicate-key.yaml": ("line 7, column 1", "duplicate key 'seed'"),
    "not-yaml.yaml": ("line 3, column 5", "expected ',' or ']'"),
    "not-a-mapping.yaml": ("", "expected a mapping at the top level"),
    "scenario-without-simulation.yaml": ("scenario", "has no simulation section"),
    "reserve-high-below-low.yaml": ("lapse_sweep", "reserve_high (5) is below reserve_low (10)"),
    "cost-mixed-currencies.yaml": ("cost_sweep.proposals", "proposals in KRW and USD"),
    "cost-unknown-proposal.yaml": ("cost_sweep.proposals[0]", "unknown proposal 'us-300pct'"),
    "histogram-edges-decreasing.yaml": ("outputs.histograms.agreement_round", "increasing"),
    "histogram-unknown-metric.yaml": ("outputs.histograms.total", "no such metric"),
    "section-of-other-kind.yaml": ("lapse_sweep", "only a lapse-sweep job"),
    "reserve-huge-exponent.yaml": ("lapse_sweep.reserve_high", "larger than 1,000,000,000"),
    "reserve-nan.yaml": ("line 8, column 16", "'.nan' is not a number"),
    "histogram-edge-huge.yaml": ("outputs.histograms.agreement_round[1]", "less than or equal"),
}


def test_every_bad_job_is_listed() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(BAD_JOBS)


def check(name: str, code: int | str | None, stdout: str, stderr: str) -> None:
    field, words = BAD_JOBS[name]
    prefix = f"error: {BAD / name}: {field}: " if field else f"error: {BAD / name}: "
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(prefix) and words in lines[0], lines[0]
    assert stdout == ""


@pytest.mark.parametrize("name", sorted(BAD_JOBS))
def test_bad_job_exits_2_naming_file_and_field(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line's entry point in this process (a process per file costs a second)."""
    out = tmp_path / "out"
    for args in (("validate",), ("run", "--out", str(out))):
        monkeypatch.setattr(sys, "argv", ["burdenshare", "job", *args, str(BAD / name)])
        with pytest.raises(SystemExit) as exit_:
            main()
        captured = capsys.readouterr()
        check(name, exit_.value.code, captured.out, captured.err)
        assert not out.exists()


def test_bad_job_in_a_real_process(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for args in (("validate",), ("run", "--out", str(out))):
        result = cli("job", *args, str(BAD / "chunk-size-zero.yaml"))
        check("chunk-size-zero.yaml", result.returncode, result.stdout, result.stderr)
        assert not out.exists()
