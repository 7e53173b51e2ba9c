"""Tournaments: the match plan, scores against their definitions, the ranking against a
recomputation, byte-identical files in-process and on Dask, and the command line."""

from __future__ import annotations

import csv
import io
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from burdenshare.cli_tournament import _dask, outputs
from burdenshare.negotiation.genius import GeniusWarning, load_genius_folder
from burdenshare.negotiation.tournament import matches, prepare_domain, ranking, run_tournament
from helpers import run_cli

DATA = Path(__file__).parent / "data" / "genius"
AGENTS = ("boulware", "conceder", "hardheaded")


def _domains() -> list:
    prepared = []
    for folder in (DATA / "y2011" / "Laptop", DATA / "y2010" / "ItexvsCypress"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GeniusWarning)
            space, parties = load_genius_folder(folder)
        prepared.append(prepare_domain(folder.name, space, parties))
    return prepared


def test_every_ordered_pair_meets_on_every_domain_in_every_repetition() -> None:
    listed = matches(AGENTS, 2, 3)
    assert len(listed) == 3 * 2 * 2 * 3  # ordered pairs × domains × repetitions
    assert [m.number for m in listed] == list(range(len(listed)))
    pairs = {(m.domain, m.repetition, m.agents) for m in listed}
    assert len(pairs) == len(listed)
    assert all(a != b for m in listed for a, b in [m.agents])


def test_scores_follow_their_definitions_and_the_ranking_averages_them() -> None:
    domains = _domains()
    results = run_tournament(AGENTS, domains, 1, 40, seed=5)
    for result in results:
        domain = domains[result.match.domain]
        point = np.array(result.utilities)
        if result.agreed:
            t = result.round / 41
            expected = tuple(
                float(domain.utilities[p][result.agreement]) * domain.discounts[p] ** t
                for p in (0, 1)
            )
            assert result.utilities == expected
        else:
            assert result.utilities == domain.reservations
        assert result.welfare == result.utilities[0] + result.utilities[1]
        distances = [math.dist(point, pair) for pair in domain.frontier.tolist()]
        assert result.pareto_distance == pytest.approx(min(distances), abs=1e-15)
        assert result.nash_distance == pytest.approx(math.dist(point, domain.nash), abs=1e-15)
    standings = ranking(results)
    for standing in standings:
        mine = [
            r.utilities[r.match.agents.index(standing.agent)]
            for r in results
            if standing.agent in r.match.agents
        ]
        assert standing.matches == len(mine) == 2 * 2 * (len(AGENTS) - 1)
        assert standing.utility == pytest.approx(sum(mine) / len(mine), abs=1e-15)
    assert [s.utility for s in standings] == sorted((s.utility for s in standings), reverse=True)


def test_same_seed_same_bytes_in_process_and_on_dask() -> None:
    domains = _domains()
    here = outputs(run_tournament(AGENTS, domains, 1, 30, seed=11))
    again = outputs(run_tournament(AGENTS, domains, 1, 30, seed=11))
    on_dask = outputs(run_tournament(AGENTS, domains, 1, 30, 11, _dask(None, 1)))
    assert here == again == on_dask
    rows = list(csv.DictReader(io.StringIO(here["results.csv"].decode())))
    assert len(rows) == len(matches(AGENTS, 2, 1))


def test_the_command_line(tmp_path: Path) -> None:
    laptop = DATA / "y2011" / "Laptop"
    done = run_cli(
        "tournament", str(laptop), "--agents", "boulware,conceder", "--rounds", "20",
        "-o", str(tmp_path / "out"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].split()[:2] == ["rank", "agent"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "outcomes.svg", "ranking.csv", "ranking.svg", "ranking.txt", "results.csv",
    ]  # fmt: skip
    bad = run_cli(
        "tournament", str(laptop), "--agents", "boulware,nobody", "-o", str(tmp_path / "x")
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: --agents: nobody: unknown agent; known: bayesian, ")
    assert not (tmp_path / "x").exists()
    missing = run_cli("tournament", str(tmp_path / "absent"), "--agents", "boulware,conceder")
    assert missing.returncode == 2
    assert (
        missing.stderr.strip()
        == f"error: {tmp_path / 'absent'}: domain: expected one domain file, found 0"
    )
