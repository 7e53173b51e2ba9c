"""The command line, run as a user runs it: a real process, its exit code, stdout and stderr."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from helpers import run_cli as run

BAD = Path(__file__).parent / "data" / "bad"


def run_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line with ``folder`` as the working directory."""
    return run(*args, cwd=folder)


# file name → (field named in the message, words of the problem)
BAD_SCENARIOS = {
    "unknown-key.yaml": ("colour", "unknown key"),
    "negative-amount.yaml": ("baseline.amount.value", "greater than or equal to 0"),
    "end-before-start.yaml": ("baseline", "end (2018-06-30) is before start (2019-01-01)"),
    "cap-below-floor.yaml": ("baseline.escalation", "cap (2%) is below floor (3%)"),
    "unknown-series.yaml": ("baseline.escalation.series", "unknown series 'kr-cpx'"),
    "shares-not-100.yaml": ("baseline.sectors", "shares add up to 90%, not 100%"),
    "duplicate-key.yaml": ("line 12", "duplicate key 'a'"),
    "unknown-dataset.yaml": ("dataset", "unknown dataset"),
    "reference-year-outside.yaml": ("reference.year", "SMA-9 covers 2014–2018, not 2011"),
    "fraction-of-won.yaml": ("baseline.amount.value", "not a whole number of KRW's smallest"),
    "unknown-currency.yaml": ("baseline.amount.currency", "unknown currency 'XYZ'"),
    "not-yaml.yaml": ("line 2", "expected ','"),
    "not-a-mapping.yaml": ("", "expected a mapping at the top level"),
    "lapse-deal-before-expiry.yaml": ("lapse.deal_on", "(2018-10-01) is before expiry"),
    "lapse-essential-above-headcount.yaml": ("lapse.workforce", "essential (9000) exceeds"),
    "lapse-funds-two-forms.yaml": ("lapse.carried_over.payroll", "either 'value' or"),
    "lapse-horizon-before-expiry.yaml": ("lapse.horizon", "(2018-06-30) is not after expiry"),
    "lapse-negative-headcount.yaml": ("lapse.workforce.headcount", "greater than or equal to 0"),
    "lapse-share-above-100.yaml": ("lapse.workforce.host_share", "less than or equal to 100"),
    "lapse-funding-end-before-start.yaml": ("lapse.funding[0]", "end (2019-02-01) is before"),
    "lapse-notice-without-source.yaml": ("lapse.notices[0]", "give a 'reference'"),
    "lapse-funding-unknown-sector.yaml": ("lapse", "unknown sector 'housing'"),
    "lapse-funding-overlap.yaml": ("lapse", "'a' and 'b' overlap for sector payroll"),
    "lapse-no-host-share.yaml": ("lapse.workforce.host_share", "SMA-8 has no host_wage_share"),
    "years-not-a-number.yaml": ("baseline.years", "valid integer"),
    "zero-years.yaml": ("baseline.years", "greater than or equal to 1"),
    "impossible-date.yaml": ("line 6, column 10", "'2019-02-30' is not a date"),
    "start-not-a-date.yaml": ("baseline.start", "valid date"),
    "unknown-escalation-type.yaml": ("baseline.escalation.type", "'freeze', 'fixed'"),
    "amount-boolean.yaml": ("baseline.amount.value", "Decimal input should be"),
    "percent-with-sign.yaml": ("baseline.amount.percent", "valid decimal"),
    "sectors-two-bases.yaml": ("baseline.sectors", "either 'shares' (percent) or 'amounts'"),
    "unknown-agreement.yaml": ("reference.agreement", "unknown agreement 'SMA-99'"),
    "empty.yaml": ("", "expected a mapping at the top level"),
    "tab-indent.yaml": ("line 7, column 1", "found character '\\t'"),
    "not-utf8.yaml": ("line 2", "not UTF-8 text (byte 0xe9)"),
    "binary.yaml": ("line 1", "not UTF-8 text (byte 0x89)"),
    "control-characters.yaml": ("line 2", "control character U+0000 is not allowed"),
    "yaml-bomb.yaml": ("line 4, column 8", "aliases (*name) are not allowed"),
    "deep-nesting.yaml": ("line 2, column 39", "nested deeper than 32 levels"),
    "directory.yaml": ("", "cannot be read: Is a directory"),
    # numbers past the limits table (burdenshare/limits.py); before it, the first hung
    "huge-exponent-share.yaml": ("baseline.sectors.shares.construction", "more than 12 decimal"),
    "huge-exponent-amount.yaml": ("baseline.amount.percent", "is larger than 1,000,000,000"),
    "too-many-decimals.yaml": ("line 8, column 21", "more than 12 decimal places"),
    "nan-rate.yaml": ("line 9, column 35", "'.nan' is not a number"),
    "infinite-amount.yaml": ("line 8, column 19", "'.inf' is not a number"),
    "sectors-nan.yaml": ("baseline.sectors.shares.payroll", "finite number"),
    "many-digits.yaml": ("line 10, column 11", "a number of more than 64 characters"),
    "year-out-of-range.yaml": ("baseline.start", "year 9999 is outside 1900…2200"),
    # negative contributions
    "negative-rate.yaml": ("baseline.escalation.rate", "greater than or equal to -100"),
    "negative-cpi-assumption.yaml": ("assumptions.kr-cpi.2020-01-01", "-1000% is below -100%"),
    # `scenario validate` said ok; `negotiate` then failed (a traceback for the second)
    "negotiation-weights-zero.yaml": ("negotiation.preferences.ROK.weights", "sum to 0.5, not 1"),
    "increase-not-ppm.yaml": ("negotiation.issues.increase[3]", "no more than 4 decimal places"),
}


def test_every_bad_file_is_covered() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(BAD_SCENARIOS)
    assert len(BAD_SCENARIOS) >= 30


@pytest.mark.parametrize("name", sorted(BAD_SCENARIOS))
def test_bad_scenario_fails_clearly(name: str) -> None:
    field, problem = BAD_SCENARIOS[name]
    result = run("scenario", "validate", str(BAD / name))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert line.startswith(f"error: {BAD / name}: {field}".rstrip(": "))
    assert problem in line


# Files refused before any field is read: `compare` stops as `scenario validate` does.
UNREADABLE = (
    "binary.yaml",
    "control-characters.yaml",
    "deep-nesting.yaml",
    "directory.yaml",
    "empty.yaml",
    "impossible-date.yaml",
    "not-utf8.yaml",
    "tab-indent.yaml",
    "yaml-bomb.yaml",
    "unknown-escalation-type.yaml",
)


@pytest.mark.parametrize("name", UNREADABLE)
def test_bad_scenario_compare_writes_nothing(name: str, tmp_path: Path) -> None:
    field, problem = BAD_SCENARIOS[name]
    result = run_in(tmp_path, "compare", str(BAD / name), "--format", "csv")
    assert result.returncode == 2
    assert (result.stdout, list(tmp_path.iterdir())) == ("", [])
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {BAD / name}: {field}".rstrip(": "))
    assert problem in result.stderr and result.stderr.count("\n") == 1


def test_missing_and_oversized_scenarios(tmp_path: Path) -> None:
    absent = tmp_path / "absent.yaml"
    result = run("scenario", "validate", str(absent))
    assert (result.returncode, result.stderr) == (2, f"error: {absent}: file not found\n")
    huge = tmp_path / "huge.yaml"
    huge.write_text("scenario: bad\nnotes: " + "x" * 1_000_000 + "\n")
    result = run("scenario", "validate", str(huge))
    assert (result.returncode, result.stderr) == (
        2,
        f"error: {huge}: larger than 1,000,000 bytes\n",
    )


GENIUS = BAD.parent / "genius"
BAD_GENIUS = {
    # domains: file name → (element named in the message, words of the problem)
    "domain-wrong-root.xml": ("domain", "root element must be <negotiation_template>"),
    "domain-no-utility-space.xml": ("negotiation_template/utility_space", "found 0"),
    "domain-truncated.xml": ("xml", "not well-formed: no element found: line 9"),
    "domain-issue-without-name.xml": ("issue", "missing attribute 'name'"),
    "domain-unknown-issue-type.xml": ("issue 'years'", "issue type 'set' is not supported"),
    "domain-bounds-reversed.xml": ("issue 'years'", "upperbound 1 is below lowerbound 5"),
    "domain-duplicate-issue.xml": ("issue 'contribution'", "appears twice"),
    "domain-xxe.xml": ("DOCTYPE", "document type declarations are refused"),
    "domain-billion-laughs.xml": ("DOCTYPE", "document type declarations are refused"),
    "domain-latin1.xml": ("line 9", "not UTF-8 text (byte 0xe9)"),
    # profiles of the good domain
    "profile-missing-weight.xml": ("issue 'years'", "has no weight"),
    "profile-weights-zero.xml": ("weight", "weights sum to 0"),
    "profile-weight-negative.xml": ("weight index 2", "weight -0.3 is negative"),
    "profile-weight-unknown-index.xml": ("weight index 7", "no issue has this index"),
    "profile-negative-evaluation.xml": ("issue 'contribution'/item '150%'", "is negative"),
    "profile-evaluation-not-a-number.xml": (
        "issue 'contribution'/item '150%'",
        "evaluation='four' is not a number",
    ),
    "profile-unknown-issue.xml": ("issue 'duration'", "is not in the domain"),
    "profile-value-not-in-domain.xml": ("issue 'contribution'/item '175%'", "not in the domain"),
    "profile-missing-value.xml": ("issue 'contribution'", "value '200%' has no item"),
    "profile-discount-above-one.xml": ("discount_factor", "1.5 is not in [0, 1]"),
    "profile-reservation-infinite.xml": ("reservation", "value='inf' is not finite"),
    "profile-no-evaluator.xml": ("issue 'years'/evaluator", "expected one element, found 0"),
    "profile-is-a-domain.xml": ("negotiation_template", "root element must be <utility_space>"),
    "profile-empty.xml": ("xml", "not well-formed: no element found"),
    # limits (burdenshare/limits.py), checked before any outcome is enumerated
    "domain-too-many-outcomes.xml": ("utility_space/objective", "more than 1,000,000 outcomes"),
    "domain-bound-huge.xml": ("issue 'years'", "upperbound: 100000000000000000000 is outside"),
}


def test_every_bad_genius_file_is_covered() -> None:
    assert sorted(p.name for p in (BAD / "genius").iterdir()) == sorted(BAD_GENIUS)


@pytest.mark.parametrize("name", sorted(BAD_GENIUS))
def test_bad_genius_file_fails_clearly(name: str, tmp_path: Path) -> None:
    element, problem = BAD_GENIUS[name]
    bad = BAD / "genius" / name
    files = [GENIUS / "domain.xml", GENIUS / "host.xml", GENIUS / "sending-state.xml"]
    files[0 if name.startswith("domain-") else 1] = bad
    result = run_in(tmp_path, "negotiate", "--genius", *map(str, files), "--format", "json")
    assert result.returncode == 2
    assert (result.stdout, list(tmp_path.iterdir())) == ("", [])
    assert "Traceback" not in result.stderr and "root:" not in result.stderr
    assert result.stderr.startswith(f"error: {bad}: {element}: ")
    assert problem in result.stderr and result.stderr.count("\n") == 1


def test_good_genius_files_are_analysed() -> None:
    files = [GENIUS / "domain.xml", GENIUS / "host.xml", GENIUS / "sending-state.xml"]
    result = run("negotiate", "--genius", *map(str, files), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["parties"] == ["host", "sending-state"]
    assert data["outcomes"] == 15


def test_good_scenario_validates() -> None:
    result = run("scenario", "validate", str(BAD.parent / "good-minimal.yaml"))
    assert result.returncode == 0, result.stderr
    assert "ok (bad: baseline + 0 proposals)" in result.stdout


def test_compare_json_shows_the_seed_figures() -> None:
    result = run("compare", "sma-2018", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    summary = {r["proposal"]: r for r in data["summary"]}
    assert data["reference"] == {
        "agreement": "SMA-9",
        "year": 2018,
        "amount": 960_200_000_000,
        "currency": "KRW",
    }
    # 150% and 200% of the 2018 level, five years, in won
    assert summary["us-150pct"]["first_year_native"] == 1_440_300_000_000
    assert summary["us-150pct"]["total"] == 7_201_500_000_000
    assert summary["us-200pct"]["total"] == 9_602_000_000_000
    # "$1.2 billion" is not "150%": at the report's 1,131 won/$ it is 1,357.2 billion won a year
    assert summary["us-1.2bn"]["total"] == 5 * 1_357_200_000_000
    assert summary["us-150pct"]["total"] - summary["us-1.2bn"]["total"] == 5 * 83_100_000_000
    assert summary["us-1.2bn"]["percent_of_reference"] == "141.35"


def test_compare_in_usd() -> None:
    result = run("compare", "sma-2018", "--currency", "USD", "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = {r["proposal"]: r for r in json.loads(result.stdout)["summary"]}
    # 1,440.3 billion won / 1,131 = US$1,273,474,801.06 a year (cents, half up)
    assert summary["us-150pct"]["total"] == 5 * 127_347_480_106
    assert summary["us-200pct"]["total"] == 5 * 169_796_640_141
    assert summary["us-1.2bn"]["total"] == 5 * 120_000_000_000
    assert summary["baseline"]["total"] == 5 * 84_898_320_071


def test_compare_table_is_the_make_run_output() -> None:
    result = run("compare", "sma-2018")
    assert result.returncode == 0, result.stderr
    # tables: KRW billion / USD million to five significant figures (present/numbers.py)
    for text in ("us-150pct", "1,440.3", "7,201.5", "1,273.5", "6,000.0"):
        assert text in result.stdout


def test_history_json_has_one_record_per_year() -> None:
    result = run("history", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    years = [r["year"] for r in records]
    assert years == sorted(set(years))
    by_year = {r["year"]: r for r in records}
    assert by_year[2018] == {
        **by_year[2018],
        "amount": 960_200_000_000,
        "currency": "KRW",
        "agreement": "SMA-9",
        "computed": False,
    }
    assert by_year[2023]["computed"] is True
    assert "mnd.go.kr" in by_year[2018]["source"]


def test_history_csv_has_the_json_columns() -> None:
    as_json = json.loads(run("history", "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(run("history", "--format", "csv").stdout)))
    assert list(rows[0]) == list(as_json[0])
    # pending years (2028–2030) have no amount yet
    assert [int(r["amount"]) if r["amount"] else None for r in rows] == [
        r["amount"] for r in as_json
    ]


def test_schedule_needs_unpublished_cpi() -> None:
    result = run("schedule", "SMA-12")
    assert result.returncode == 2
    assert "series 'kr-cpi' has no value for 2026" in result.stderr
    result = run(
        "schedule",
        "SMA-12",
        "--format",
        "json",
        "--assume",
        "kr-cpi=2026:1.8",
        "--assume",
        "kr-cpi=2027:6.0",
        "--assume",
        "kr-cpi=2028:2.0",
    )
    assert result.returncode == 0, result.stderr
    amounts = [r["amount"] for r in json.loads(result.stdout)]
    # 15,192 → ×1.021 (2025 CPI) → ×1.018 → ×1.05 (6.0% capped at 5%) → ×1.02, in 억원
    assert amounts == [
        1_519_200_000_000,
        1_551_100_000_000,
        1_579_000_000_000,
        1_658_000_000_000,
        1_691_200_000_000,
    ]


def test_unknown_agreement_and_currency() -> None:
    result = run("schedule", "SMA-13")
    assert result.returncode == 2 and "unknown agreement" in result.stderr
    result = run("history", "--currency", "EUR")
    assert result.returncode == 2 and "unknown currency 'EUR'" in result.stderr


def test_schedule_of_a_proposal_in_usd() -> None:
    result = run(
        "schedule", "sma-2018", "--proposal", "us-150pct", "--currency", "USD", "--format", "csv"
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [int(r["converted_amount"]) for r in rows] == [127_347_480_106] * 5
    assert {r["rate"] for r in rows} == {"1131"}


def test_lapse_json_one_record_per_month() -> None:
    result = run("lapse", "sma-2020-lapse", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    months = [f"2020-{m:02d}" for m in range(1, 13)] + [f"2021-{m:02d}" for m in range(1, 10)]
    assert [r["month"] for r in records] == months  # to the 11th SMA's entry into force
    april = records[3]
    assert april["on_unpaid_leave"] == 4_100
    assert april["reserve_balance"] == 220_533_333_334
    assert april["spent_payroll"] == 0 and april["spent_logistics"] == 13_950_000_000


def test_lapse_calibrate_prints_the_record_and_the_10th_sma_date() -> None:
    result = run("lapse", "--calibrate", "--format", "json")
    assert result.returncode == 0, result.stderr
    by_item = {r["item"]: r for r in json.loads(result.stdout)}
    assert by_item["days on leave"]["model"] == "75"
    assert by_item["10th SMA in force"]["model"] == "2019-04-05"
    table = run("lapse", "sma-2018")
    assert "Deal in force: 2019-04-05" in table.stdout  # the 10th SMA, not its signing
    assert run("lapse").returncode == 2


def test_lapse_deal_on_option() -> None:
    result = run("lapse", "sma-2020-lapse", "--deal-on", "2020-04-11", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [int(r["on_unpaid_leave"]) for r in rows[:5]] == [0, 0, 0, 4_100, 0]
    table = run("lapse", "sma-2020-lapse")
    assert "Payroll funding runs out: 2020-04; up to 4,100 on unpaid leave for 75 days" in (
        table.stdout.replace("\n", " ")
    )


def test_lapse_bad_options() -> None:
    result = run("lapse", "sma-2020-lapse", "--deal-on", "2020-13-01")
    assert result.returncode == 2 and "--deal-on: deal-on: '2020-13-01' is not a date" in (
        result.stderr
    )
    result = run("lapse", "sma-2020-lapse", "--deal-on", "2019-06-01")
    assert result.returncode == 2
    assert "--deal-on: deal_on: deal date (2019-06-01) is before expiry" in result.stderr
    result = run("lapse", "sma-2018-missing")
    assert result.returncode == 2 and "sma-2018-missing: file not found" in result.stderr


def test_usage_errors_exit_2_without_traceback() -> None:
    for args in (("compare", "sma-2018", "--bogus"), ("compare",), ("lapse", "--deal-on")):
        result = run(*args)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert "Error" in result.stderr


def test_validate_json() -> None:
    result = run("scenario", "validate", str(BAD.parent / "good-lapse.yaml"), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {
            "file": str(BAD.parent / "good-lapse.yaml"),
            "ok": True,
            "scenario": "bad",
            "proposals": 0,
            "lapse": True,
        }
    ]
