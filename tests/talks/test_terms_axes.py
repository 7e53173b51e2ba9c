"""The application's issues are named through one declaration (``terms.AXES``): the outcome
space, the payments grid and the per-outcome arrays follow it, with no position written out."""

from __future__ import annotations

from itertools import product
from pathlib import Path

import numpy as np

from burdenshare.costs.scenario import load_scenario
from burdenshare.talks.terms import AXES, MONEY_ISSUES, TermsDomain, build_terms_domain

DOMAIN = build_terms_domain(load_scenario("sma-2018"))


def _brute_npv(domain: TermsDomain) -> list[float]:
    """Each outcome's NPV read from the grid by the named money values (product order)."""
    grid = domain.npv_grid()
    names = domain.space.names
    result = []
    for outcome in product(*(issue.values for issue in domain.space.issues)):
        values = dict(zip(names, outcome, strict=True))
        cell = tuple(domain.space.issue(n).position(values[n]) for n in MONEY_ISSUES)
        result.append(float(grid[cell]))
    return result


def test_the_declaration_orders_the_space_and_the_payments() -> None:
    assert tuple(axis.name for axis in AXES) == DOMAIN.space.names
    assert MONEY_ISSUES == ("amount", "duration", "increase")
    money_sizes = tuple(DOMAIN.space.issue(name).size for name in MONEY_ISSUES)
    assert DOMAIN.payments.shape == (*money_sizes, DOMAIN.horizon)
    assert [DOMAIN.axis(axis.name) for axis in AXES] == [0, 1, 2, 3]


def test_npv_over_the_space_equals_a_named_lookup_of_every_outcome() -> None:
    assert DOMAIN.npv().tolist() == _brute_npv(DOMAIN)  # 480 outcomes


def test_a_user_defined_issue_after_the_declared_ones(tmp_path: Path) -> None:
    text = load_scenario("sma-2018").path.read_text(encoding="utf-8")
    old = "    strategic_assets: [false, true]\n  no_deal:"
    assert old in text
    path = tmp_path / "s.yaml"
    path.write_text(
        text.replace(
            old, "    strategic_assets: [false, true]\n    other: {hq: [a, b, c]}\n  no_deal:"
        ),
        encoding="utf-8",
    )
    domain = build_terms_domain(load_scenario(path))
    assert domain.space.names == (*(axis.name for axis in AXES), "hq")
    assert domain.space.shape == (12, 5, 4, 2, 3)
    assert domain.npv().tolist() == _brute_npv(domain)  # 1,440 outcomes
    first_year = domain.over_space(domain.payments[..., 0])
    outcome = (120, 5, 8.2, "yes", "b")
    assert first_year[domain.space.index_of(outcome)] == domain.payments_of(outcome)[0]
    assert first_year.dtype == np.int64
    assert domain.agreement(outcome).clauses["hq"] == "b"


def test_along_puts_a_money_issue_vector_on_its_grid_axis() -> None:
    durations = np.array(DOMAIN.space.issue("duration").values)  # (5,)
    per_year = np.arange(5 * DOMAIN.horizon).reshape(5, DOMAIN.horizon)  # (5, horizon)
    grid = np.broadcast_to(DOMAIN.along("duration", durations), DOMAIN.payments.shape[:-1])
    years = np.broadcast_to(DOMAIN.along("duration", per_year), DOMAIN.payments.shape)
    position = {name: DOMAIN.space.issue(name) for name in MONEY_ISSUES}
    for cell in product(*(range(position[name].size) for name in MONEY_ISSUES)):
        duration = cell[MONEY_ISSUES.index("duration")]
        assert grid[cell] == durations[duration]
        assert years[cell].tolist() == per_year[duration].tolist()
