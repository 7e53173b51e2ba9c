"""Rounding travels as one value (unit and mode) from a scenario to the batch engine.

Oracle: the scalar schedule of each outcome's own agreement (``costs.agreement.amounts``), and
exact rational rounding (``helpers.round_exact``) for the first-year levels.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from burdenshare.costs.agreement import amounts
from burdenshare.costs.scenario import load_scenario
from burdenshare.money import RoundingMode
from burdenshare.talks.terms import TermsDomain, build_terms_domain
from helpers import round_exact

EOK = 100_000_000
BUNDLED = load_scenario("sma-2018")


def _domain(tmp_path: Path, mode: RoundingMode) -> TermsDomain:
    text = BUNDLED.path.read_text(encoding="utf-8")
    baseline_rounding = "  rounding: {unit: 100000000}\n  sectors:"
    assert baseline_rounding in text
    text = text.replace(
        baseline_rounding,
        f"  rounding: {{unit: 100000000, mode: {mode.name.lower()}}}\n  sectors:",
        1,
    )
    path = tmp_path / f"sma-2018-{mode.name.lower()}.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.baseline.agreement.rounding.mode is mode
    return build_terms_domain(scenario)


@pytest.mark.parametrize("mode", list(RoundingMode), ids=lambda m: m.name.lower())
def test_batch_payments_equal_each_outcomes_scalar_schedule(
    tmp_path: Path, mode: RoundingMode
) -> None:
    domain = _domain(tmp_path, mode)
    bank = domain.scenario.bank
    for index in range(0, domain.space.size, 2):  # strategic_assets does not move money
        outcome = domain.space.outcome_at(index)
        schedule = [a.amount for a in amounts(domain.agreement(outcome), bank)]
        held = schedule + [schedule[-1]] * (domain.horizon - len(schedule))
        assert list(domain.payments_of(outcome)) == held, (mode, outcome)


@pytest.mark.parametrize("mode", list(RoundingMode), ids=lambda m: m.name.lower())
def test_first_year_levels_round_in_the_baselines_mode(tmp_path: Path, mode: RoundingMode) -> None:
    domain = _domain(tmp_path, mode)
    levels = domain.space.issue("amount").values
    for position, level in enumerate(levels):
        exact = Fraction(9602 * EOK) * Fraction(str(level)) / 100  # % of the 2018 level
        assert domain.first_year[position] == round_exact(exact, mode, EOK), (mode, level)


def test_mode_down_differs_from_half_up_where_it_should(tmp_path: Path) -> None:
    # 120% of 9,602억 = 11,522.4억, then +8.2% a year: the modes part company
    down = _domain(tmp_path, RoundingMode.DOWN).payments_of((120, 5, 8.2, "no"))
    up = _domain(tmp_path, RoundingMode.UP).payments_of((120, 5, 8.2, "no"))
    assert down[0] == 11_522 * EOK
    assert up[0] == 11_523 * EOK
    # 11,522억 × 1.082 = 12,466.804억 → down 12,466; 11,523 × 1.082 = 12,467.886 → up 12,468
    assert down[1] == 12_466 * EOK
    assert up[1] == 12_468 * EOK


@pytest.mark.parametrize("mode", list(RoundingMode), ids=lambda m: m.name.lower())
def test_a_baseline_in_percent_rounds_in_its_mode(tmp_path: Path, mode: RoundingMode) -> None:
    text = BUNDLED.path.read_text(encoding="utf-8")
    text = text.replace("  amount: {percent: 100}\n", "  amount: {percent: 100.004}\n", 1)
    text = text.replace(
        "  rounding: {unit: 100000000}\n  sectors:",
        f"  rounding: {{unit: 100000000, mode: {mode.name.lower()}}}\n  sectors:",
        1,
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    baseline = load_scenario(path).baseline.agreement
    # 9,602억 × 1.00004 = 9,602.38408억
    expected = round_exact(Fraction(9602 * EOK) * Fraction("1.00004"), mode, EOK)
    assert baseline.base_amount == expected
    assert expected == (9603 if mode is RoundingMode.UP else 9602) * EOK
