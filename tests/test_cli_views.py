"""Every result command in every money view: an answer (exit 0) or a one-line refusal (exit 2),
never a traceback; and the views that used to crash give their closed-form values."""

from __future__ import annotations

import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from burdenshare import cli
from burdenshare.costs.compare import compare
from burdenshare.costs.scenario import load_scenario
from burdenshare.errors import InputError
from burdenshare.money import Currency, Money, RoundingMode
from helpers import round_exact


def run_inline(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``burdenshare ARGS`` in this process through the real entry point (``cli.main``):
    exit code, stdout, stderr. Any exception other than an exit escapes and fails the test."""
    saved = sys.argv
    sys.argv = ["burdenshare", *args]
    code = 0
    try:
        cli.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = saved
    out, err = capsys.readouterr()
    return code, out, err


VIEWS = [
    [],
    ["--real"],
    ["--currency", "KRW"],
    ["--currency", "USD"],
    ["--currency", "JPY"],
    ["--currency", "USD", "--real"],
    ["--currency", "JPY", "--real"],
    ["--currency", "KRW", "--real", "--base-year", "2019"],
]

MONEY_COMMANDS = [
    ["history"],
    ["history", "--dataset", "us-japan"],
    ["schedule", "SMA-9"],
    ["schedule", "sma-2018", "--proposal", "us-1.2bn"],
    ["schedule", "sma-2018", "--proposal", "rok-1tn"],
    ["compare", "sma-2018"],
    ["lapse", "sma-2020-lapse"],
    ["negotiate", "sma-2018"],
    ["simulate", "sma-2018", "--runs", "200"],
]


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: " ".join(v) or "default")
@pytest.mark.parametrize("command", MONEY_COMMANDS, ids=" ".join)
def test_every_view_answers_or_refuses_in_one_line(
    capsys: pytest.CaptureFixture[str], command: list[str], view: list[str]
) -> None:
    args = list(view)
    if command[0] == "compare" and "--base-year" in args:
        args = args[: args.index("--base-year")]
    code, out, err = run_inline(capsys, *command, *args)
    assert code in (0, 2), err
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), err
        assert "Traceback" not in err
    else:
        assert out.strip(), "an answer prints something"


@pytest.mark.parametrize("view", [["--currency", "JPY"], ["--base-year", "2019"]], ids=" ".join)
def test_report_refuses_views_it_cannot_give_in_one_line(
    capsys: pytest.CaptureFixture[str], view: list[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "brief.html"
    code, _, err = run_inline(capsys, "report", "sma-2018", "-o", str(out_file), *view)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert not out_file.exists()


def test_lapse_in_real_dollars_closed_form(capsys: pytest.CaptureFixture[str]) -> None:
    """A month's spending in 2020 prices and dollars: converted at its year's annual-average
    rate of the bundled series, then deflated by the US CPI-U from that year to 2020 (a 2020
    month: the conversion alone)."""
    import json

    from burdenshare.data import bundled_series

    code, out, err = run_inline(capsys, "lapse", "sma-2020-lapse", "-f", "json")
    nominal = json.loads(out)
    code, out, err = run_inline(
        capsys, "lapse", "sma-2020-lapse", "-f", "json", "--currency", "USD", "--real"
    )
    assert code == 0, err
    shown = json.loads(out)
    rate = bundled_series()["krw-per-usd"].value(2020)
    first = nominal[0]  # 2020-01: already in 2020 prices, only converted
    cents = round_exact(
        Fraction(first["spent_payroll"] * 100) / Fraction(rate), RoundingMode.HALF_UP
    )
    assert shown[0]["spent_payroll"] == cents
    assert shown[0]["currency"] == "USD" and "2020 prices" in shown[0]["prices"]


def test_compare_in_yen_is_refused_naming_the_stated_rate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run_inline(capsys, "compare", "sma-2018", "--currency", "JPY")
    assert code == 2
    assert "states only a KRW/USD rate" in err
    assert "--currency KRW or USD" in err


def test_compare_accepts_a_currency_code_from_python() -> None:
    by_code = compare(load_scenario("sma-2018"), "USD")
    by_enum = compare(load_scenario("sma-2018"), Currency.USD)
    assert by_code.currency is Currency.USD
    assert by_code.to_records() == by_enum.to_records()
    with pytest.raises(InputError, match="unknown currency"):
        compare(load_scenario("sma-2018"), "XYZ")


def test_one_year_deal_is_compared_with_one_year_of_the_baseline() -> None:
    items = {i.proposal.key: i for i in compare(load_scenario("sma-2018")).items}
    one_year = items["outcome-2019"]
    assert one_year.horizon == (2019,)
    # 1,038.9 bn (the 10th SMA) − 960.2 bn (the 2018 level carried on), not −3,762.1 bn
    assert one_year.diff_total == Money(1_038_900_000_000 - 960_200_000_000, Currency.KRW)
    assert one_year.diff_npv == one_year.diff_total  # the first year is not discounted
    assert items["rok-1tn"].horizon == (2019, 2020, 2021, 2022, 2023)
    assert items["rok-1tn"].annual_mean == Money(1_000_000_000_000, Currency.KRW)
    summary = {r["proposal"]: r for r in compare(load_scenario("sma-2018")).summary_records()}
    assert summary["outcome-2019"]["diff_basis"] == "2019 (1 year)"
    assert summary["baseline"]["diff_basis"] == "2019-2023 (5 years)"


def test_compare_table_says_the_difference_is_on_common_years(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_inline(capsys, "compare", "sma-2018")
    assert code == 0
    assert "-3,762.1" not in out
    row = next(line for line in out.splitlines() if "outcome-2019" in line)
    assert "78.7" in row and "2019 (1 year)" in row


def test_real_terms_of_a_dollar_proposal_in_dollars(capsys: pytest.CaptureFixture[str]) -> None:
    """US$1.2 billion in 2019, in 2018 prices: deflated by the US CPI-U (issue 18), 2018 =
    251.107, 2019 = 255.657 (BLS annual averages, data/series/us-cpi.yaml)."""
    cents = round_exact(
        Fraction(120_000_000_000) * Fraction("251.107") / Fraction("255.657"),
        RoundingMode.HALF_UP,
    )
    assert cents == 117_864_326_031
    code, out, err = run_inline(
        capsys,
        *("schedule", "sma-2018", "--proposal", "us-1.2bn", "--real", "--base-year", "2018"),
        *("-f", "json"),
    )
    assert code == 0, err
    import json

    rows = json.loads(out)
    assert rows[0]["year"] == 2019
    assert rows[0]["real_amount"] == cents


def test_compare_real_shows_the_other_currency_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_inline(capsys, "compare", "sma-2018", "--real")
    assert code == 0, err
    assert "first year (USD m)" in out  # units in the header (present/comparison.py)
    result = compare(load_scenario("sma-2018"), "USD", real=True)
    first = {i.proposal.key: i.yearly[2019] for i in result.items}
    assert first["us-1.2bn"] == Money(117_864_326_031, Currency.USD)  # US CPI-U, as above
    # the baseline's won at the stated 1131 to the cent, then × CPI-U(2018) / CPI-U(2019)
    cents = round_exact(Fraction(960_200_000_000 * 100, 1131), RoundingMode.HALF_UP)
    assert first["baseline"].minor == round_exact(
        Fraction(cents) * Fraction("251.107") / Fraction("255.657"), RoundingMode.HALF_UP
    )
    assert "Basis: KRW, real (2020 prices: KRW CPI)" in out  # won keep Korea's CPI
    assert Decimal(first["baseline"].minor) > 0


def test_help_loads_no_engine() -> None:
    """`burdenshare --help` imports neither NumPy, pandas, SQLAlchemy nor the engines
    (benchmarks/cli_startup.py times it)."""
    import subprocess

    code = (
        "import sys\nsys.argv = ['burdenshare', '--help']\nimport burdenshare.cli as c\n"
        "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('numpy', 'pandas', 'sqlalchemy', 'matplotlib', 'burdenshare.costs',"
        " 'burdenshare.data', 'burdenshare.runtime', 'burdenshare.talks', 'argon2')\n"
        "print('HEAVY:', *(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "HEAVY:"


def test_job_help_names_the_runtime_scheduler_variable() -> None:
    from burdenshare import cli_job
    from burdenshare.runtime.executors import SCHEDULER_ENV

    assert cli_job.SCHEDULER_ENV == SCHEDULER_ENV


def test_package_names_load_on_first_use() -> None:
    import burdenshare

    assert burdenshare.compare is compare
    assert burdenshare.Money is Money
    with pytest.raises(AttributeError):
        _ = burdenshare.no_such_name


def test_table_numbers_follow_the_policy_and_never_wrap(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_inline(capsys, "schedule", "SMA-9", "--currency", "USD", "--real")
    assert code == 0, err
    rows = [line for line in out.splitlines() if line.startswith("│")]
    years = [r for r in rows if r.split("│")[1].strip().isdigit()]
    assert [int(r.split("│")[1]) for r in years] == list(range(2014, 2019))
    first = [c.strip() for c in years[0].split("│")[1:-1]]
    assert first[1] == "920.00"  # KRW bn, five significant figures
    for line in rows:
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if not cells[0]:  # a continuation line: only words (the rule) may wrap
            assert all(not c for c in cells[1:-1]), line
    # headers name the units; --digits 0 gives the exact scaled values
    assert "KRW bn" in out and "USD m" in out
    code, exact, _ = run_inline(capsys, "schedule", "SMA-9", "--digits", "0", "--currency", "USD")
    assert "874.28370506" in exact and "874.28370506" not in out


def test_share_help_constants_match_the_engine() -> None:
    from burdenshare import cli_share
    from burdenshare.costs.share import BASES
    from burdenshare.data.share import share_names

    assert cli_share.BASES == BASES
    assert cli_share.share_names() == share_names()


def test_backtest_and_tournament_help_constants_match_the_engine() -> None:
    from burdenshare import cli_backtest, cli_tournament
    from burdenshare.data import DATA_DIR
    from burdenshare.talks.backtest import CASES, TARGET

    assert (cli_backtest.CASES, cli_backtest.TARGET) == (CASES, TARGET)
    assert cli_tournament.DATA_DIR == DATA_DIR


def test_report_in_real_terms_states_its_basis_on_the_bottom_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`report --real --base-year 2018`: each option's mean per year in 2018 won (Korea's CPI),
    the basis named on the bottom-line page; the lapse and negotiation figures stay nominal."""
    import html as html_lib

    from burdenshare.costs.compare import compare
    from burdenshare.present.numbers import amount

    out_file = tmp_path / "brief.html"
    code, _, err = run_inline(
        capsys, "report", "sma-2018", "-o", str(out_file), "--real", "--base-year", "2018",
        "--runs", "200",
    )  # fmt: skip
    assert code == 0, err
    page = html_lib.unescape(out_file.read_text(encoding="utf-8"))
    bottom = page[page.index('<section id="bottom-line">') : page.index("</section>")]
    assert "in real terms: 2018 prices, deflated by the KRW CPI" in bottom
    assert "the lapse and negotiation figures below stay nominal" in bottom
    real = {i.proposal.key: i for i in compare(load_scenario("sma-2018"), None, True, 2018).items}
    mean = real["outcome-2019"].annual_mean  # 1,038.9 bn won of 2019 in 2018 prices
    assert mean is not None
    won = round_exact(Fraction(1_038_900_000_000) / Fraction("1.004"), RoundingMode.HALF_UP)
    assert mean.minor == won
    assert f">{amount(won, Currency.KRW)}<" in bottom  # "1,034.8"
    assert "In KRW, real 2018 prices" in page
