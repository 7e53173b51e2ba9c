"""Sensitivity (tornado) of a scenario's uncertain inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.talks.sensitivity import Point, Row, sensitivity
from helpers import run_cli as run

WEIGHTS = Path(__file__).parents[1] / "data" / "sma-2018-weights.yaml"


@pytest.fixture(scope="module")
def tornado() -> tuple[Point, list[Row]]:
    base, rows = sensitivity(load_scenario("sma-10"), runs=300)
    return base, list(rows)


def test_every_uncertain_input_has_a_row(tornado: tuple[Point, list[Row]]) -> None:
    _, rows = tornado
    names = {r.input for r in rows}
    assert names == {
        "ROK: strategic_assets_payments",
        "ROK: continuation",
        "ROK: no deal: lapse_cost",
        "ROK: no deal: troop_reduction_threat",
        "US: strategic_assets_payments",
        "US: continuation",
        "US: no deal: lapse_cost",
        "US: no deal: alliance_strain",
        "discount rate (%)",
        "horizon (years)",
    }
    swings = [r.swing for r in rows]
    assert swings == sorted(swings, reverse=True)


def test_the_base_point_is_the_studys_nash_point(tornado: tuple[Point, list[Row]]) -> None:
    """Nash point of sma-10 under the stated valuations: 100% of 2018 (960.2 billion won) for one
    year: Washington values a one-year deal's continuation (the next talks at its 150% ask)."""
    base, _ = tornado
    assert base.nash_first_year == 960_200_000_000


def test_a_weaker_threat_lowers_p_deal(tornado: tuple[Point, list[Row]]) -> None:
    _, rows = tornado
    threat = next(r for r in rows if r.input == "ROK: no deal: troop_reduction_threat")
    assert threat.at_low.p_deal < threat.at_high.p_deal


def test_sensitivity_cli_json_and_chart(tmp_path: Path) -> None:
    chart = tmp_path / "tornado.svg"
    result = run("sensitivity", "sma-10", "--runs", "200", "-f", "json", "--chart", str(chart))
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["scenario"] == "sma-10" and len(payload["inputs"]) == 10
    assert chart.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_sensitivity_refuses_weights_only_scenarios() -> None:
    result = run("sensitivity", str(WEIGHTS), "--runs", "10")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
