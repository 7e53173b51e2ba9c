"""The allies panel: sourced figures as bundled, SMA amounts from the engine's history, and
NATO's guidelines."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd

from burdenshare.costs.allies import allies
from burdenshare.costs.history import history
from burdenshare.data import bundled_series
from burdenshare.money import RoundingMode
from helpers import round_exact, run_cli


def test_every_figure_has_a_source_and_the_three_allies_are_there() -> None:
    panel = allies()
    assert [c for c, _ in panel.countries] == ["KOR", "JPN", "DEU"]
    assert all(r.source for r in panel.records)
    for code in ("KOR", "JPN", "DEU"):
        for measure in ("us_troops", "defence_pct_gdp", "host_support"):
            assert panel.of(code, measure), (code, measure)


def test_bundled_values() -> None:
    panel = allies()
    assert panel.latest("KOR", "us_troops").value == 28500  # type: ignore[union-attr]
    assert panel.latest("JPN", "us_troops").value == 55000  # type: ignore[union-attr]
    deu = panel.latest("DEU", "host_support")
    assert deu is not None and (deu.value, deu.unit, deu.first, deu.last) == (
        98_240_000_000, "EUR", 2010, 2019,
    )  # fmt: skip
    # €648.5M construction + €333.9M follow-up costs = €982.4M (the Finance Ministry's total)
    assert deu.value == 64_850_000_000 + 33_390_000_000
    kor = {(r.first, r.basis): (r.value, r.unit) for r in panel.of("KOR", "host_support")}
    assert kor[(2015, "direct+indirect support")] == (3_400_000_000_000, "KRW")  # MND, approx.
    jpn = {(r.first, r.last): r for r in panel.of("JPN", "host_support")}
    assert jpn[(2016, 2016)].value == 192_000_000_000 + 364_600_000_000  # ¥556.6 billion
    assert jpn[(2016, 2016)].usd is None  # no bundled 2016 yen rate: not converted
    pct = {r.first: r.value for r in panel.of("DEU", "defence_pct_gdp")}
    assert pct == {2018: Decimal("1.23"), 2024: Decimal("2.12"), 2025: Decimal("2.4")}
    assert {t.key: t.percent for t in panel.targets} == {
        "nato-2pct": Decimal(2), "nato-core-3.5pct": Decimal("3.5"),
        "nato-related-1.5pct": Decimal("1.5"),
    }  # fmt: skip
    assert sum(t.percent for t in panel.targets if t.agreed == 2025) == 5


def test_sma_amounts_come_from_the_history_at_the_year_rate() -> None:
    panel = allies()
    bank = bundled_series()
    rec = next(r for r in panel.of("KOR", "sma_contribution") if r.first == 2019)
    assert rec.value == history("us-rok").entry(2019).amount.minor == 1_038_900_000_000
    oracle = round_exact(
        Fraction(1_038_900_000_000 * 100) / Fraction(str(bank["krw-per-usd"].value(2019))),
        RoundingMode.HALF_UP,
    )
    assert rec.usd == oracle
    jp2016 = next(r for r in panel.of("JPN", "sma_contribution") if r.first == 2016)
    # FY2016's 1,920億円 at the Fed's 2016 average of 108.6569 yen/$ (FRED AEXJPUS), to the cent
    assert jp2016.usd == round_exact(
        Fraction(192_000_000_000 * 100) / Fraction("108.6569"), RoundingMode.HALF_UP
    )


def test_cli_allies_json_and_parquet(tmp_path: Path) -> None:
    out = tmp_path / "allies.parquet"
    assert run_cli("allies", "-f", "parquet", "-o", str(out)).returncode == 0
    frame = pd.read_parquet(out)
    deu = frame[(frame["country"] == "DEU") & (frame["measure"] == "defence_pct_gdp")]
    assert deu["percent"].tolist() == ["1.23", "2.12", "2.4"]
    assert frame[frame["measure"] == "us_troops"]["value"].tolist() == [28500] * 3 + [55000, 36000]
    result = run_cli("allies", "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {c["code"] for c in payload["countries"]} == {"KOR", "JPN", "DEU"}
    assert [t["percent"] for t in payload["targets"]] == ["2", "3.5", "1.5"]
    table = run_cli("allies")
    assert table.returncode == 0 and "Germany" in table.stdout and "28,500" in table.stdout
