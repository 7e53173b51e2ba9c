"""`burdenshare job run`'s tables (present/job.py): every metric with its unit, figures by the
number policy; and a Monte Carlo job shows the same strings as `burdenshare simulate` for the
same draws (sma-2018, seed 2018, 10,000 runs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from burdenshare.present.job import MONEY, UNITS, job_tables, metrics_table
from burdenshare.runtime import load_job, run_job
from test_cli_views import run_inline

JOBS = Path(__file__).parents[1] / "runtime" / "data"
MONTE_CARLO = """\
name: sma-2018-10k
scenario: sma-2018
kind: monte-carlo
size: 10000
seed: 2018
chunk_size: 5000
outputs:
  histograms:
    agreement_round: [0, 5, 10, 15, 20, 25, 30]
"""


def _cli_row(out: str, first: str) -> list[str]:
    line = next(x for x in out.splitlines() if x.startswith(f"│ {first} "))
    return [cell.strip() for cell in line.strip("│").split("│")]


def test_job_run_and_simulate_show_the_same_strings_for_the_same_draws(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    job = tmp_path / "mc.yaml"
    job.write_text(MONTE_CARLO, encoding="utf-8")
    code, ran, err = run_inline(capsys, "job", "run", str(job))
    assert code == 0, err
    code, simulated, err = run_inline(capsys, "simulate", "sma-2018")  # 10,000 runs, seed 2018
    assert code == 0, err
    for measure in ("deal by the deadline", "deal at all (within the rounds)"):
        assert _cli_row(ran, measure)[1] == _cli_row(simulated, measure)[1], measure
    assert _cli_row(ran, "deal at all (within the rounds)")[1] == (
        "35.0% (95% interval 34.1–36.0%; 10,000 runs)"  # tests/test_present_consistency.py
    )
    first = _cli_row(ran, "first_year_amount")
    assert first[1] == "KRW billion"
    for q, column in (("p10", 6), ("p50", 7), ("p90", 8)):
        outlook = _cli_row(simulated, f"first-year amount, {q} (KRW billion)")[1]
        assert first[column] == outlook, q
    assert first[6:9] == ["1,037.0", "1,113.8", "1,200.3"]  # 108%, 116%, 125% of 960.2 bn won
    assert first[2] == "3,503"  # the deals: 35.03% of 10,000


@pytest.fixture(scope="module")
def sweeps() -> dict[str, dict]:  # type: ignore[type-arg]
    return {
        name: run_job(load_job(JOBS / f"{name}.yaml")).summary
        for name in ("lapse-sweep", "cost-sweep")
    }


def test_every_metric_of_every_kind_has_its_unit(sweeps: dict[str, dict]) -> None:  # type: ignore[type-arg]
    kinds = {
        "first_year_amount",
        "lapse_cost_host",
        "lapse_cost_sending_state",
        "lapse_cost_workers",
        "agreement_round",
        "outcome",
        "deal_by_deadline",
    }
    for summary in sweeps.values():
        kinds |= set(summary["metrics"])
    assert kinds <= MONEY | set(UNITS)
    units = dict(metrics_table(sweeps["lapse-sweep"]).texts()[i][:2] for i in range(4))
    assert units == {
        "cost_host": "KRW billion",
        "cost_sending_state": "KRW billion",
        "cost_workers": "KRW billion",
        "delay_days": "days",
    }


def test_sweep_figures_follow_the_number_policy(sweeps: dict[str, dict]) -> None:  # type: ignore[type-arg]
    cost = metrics_table(sweeps["cost-sweep"])
    rows = dict(zip(cost.row_ids, cost.texts(), strict=True))
    # the 10th SMA's one-year 1,038.9 bn won is the smallest total; rates -2.5% to 8%
    assert rows["total"][4] == "1,038.9" and rows["total"][7] == "5,861.9"
    assert rows["rate_bp"][1:5] == ("basis points", "25,000", "276.66", "-250")
    assert cost.column("mean")[0].value == sweeps["cost-sweep"]["metrics"]["last_year"]["mean"]
    exact = metrics_table(sweeps["cost-sweep"], digits=0)
    assert dict(zip(exact.row_ids, exact.texts(), strict=True))["total"][3] == "6,131.931744"
    lapse = job_tables(sweeps["lapse-sweep"])
    assert [t.title for t in lapse] == ["Metrics", "Histogram of delay_days"]
    histogram = lapse[1]
    assert histogram.headers == ("bin (days)", "count")
    assert histogram.texts() == (
        ("[0, 50)", "7,392"),
        ("[50, 100)", "7,571"),
        ("[100, 150)", "7,363"),
        ("[150, 200]", "7,674"),
    )


def test_job_run_digits_zero_prints_exact_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """`job run --digits 0`: the exact mean (billions of won, every digit), as the builder's."""
    code, out, err = run_inline(
        capsys, "job", "run", str(JOBS / "cost-sweep.yaml"), "--digits", "0"
    )
    assert code == 0, err
    row = _cli_row(out, "total")
    assert row[:4] == ["total", "KRW billion", "25,000", "6,131.931744"]
    assert row[4] == "1,038.9"  # the smallest total: the 10th SMA's one year
