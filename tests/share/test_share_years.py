"""The sending state's cost beyond GAO-21-270: DoD's FY2020 overseas cost summaries (Korea with
its categories, Japan's total), declared gaps, and the checks on category totals."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from burdenshare.costs.history import history
from burdenshare.costs.share import share
from burdenshare.data import bundled_series
from burdenshare.data.share import share_file
from burdenshare.errors import InputError
from burdenshare.money import RoundingMode
from helpers import round_exact

SEDAILY = "https://sedaily.com/NewsView/1VQZ1MSU1M/GF01"
MILLION_CENTS = 100 * 10**6


def cents(millions: str) -> int:
    return int(Decimal(millions) * MILLION_CENTS)


def test_korea_fy2020_overseas_cost_summary_adds_up_to_its_total_exactly() -> None:
    """DoD FY2020 O&M Overview, "Overseas Cost Summary", Korea, as reported (Seoul Economic
    Daily, 28 Nov 2019): military personnel 2,104.0 + O&M 2,218.1 + family housing 140.8 +
    revolving funds 1.3 (+ military construction 0) = US$4,464.2 million."""
    row = share("us-rok", "sma").rows[1]
    assert (row.first, row.last) == (2020, 2020)
    parts = dict((name, m.minor) for name, m in row.categories)
    assert parts == {
        "military_personnel": cents("2104.0"),
        "operation_and_maintenance": cents("2218.1"),
        "family_housing": cents("140.8"),
        "revolving_funds": cents("1.3"),
        "military_construction": 0,
    }
    assert row.sending.amount is not None
    assert sum(parts.values()) == row.sending.amount.minor == cents("4464.2")
    assert row.sending.source == SEDAILY and "secondary" in row.sending.flags
    assert "Overseas Cost Summary" in row.sending.basis


DIGITAL_TIMES = "http://m.dt.co.kr/contents.html?article_no=2019112802109957607004"


def test_japan_fy2020_overseas_cost_summary_categories_as_published_within_rounding() -> None:
    """DoD FY2020 O&M Overview, "Overseas Cost Summary", Japan, as reported (Digital Times,
    28 Nov 2019): military personnel 3,143.4 + O&M 1,817.5 + military construction 469.8 +
    family housing 283.9 + revolving funds 3.3 = 5,717.9 against the printed total US$5,717.8
    million: one tenth of a million of rounding, said on the row; the total is kept as
    published."""
    row = share("us-japan", "sma").rows[0]
    assert (row.first, row.last) == (2020, 2020)
    parts = dict((name, m.minor) for name, m in row.categories)
    assert parts == {
        "military_personnel": cents("3143.4"),
        "operation_and_maintenance": cents("1817.5"),
        "military_construction": cents("469.8"),
        "family_housing": cents("283.9"),
        "revolving_funds": cents("3.3"),
    }
    assert row.sending.amount is not None and row.sending.amount.minor == cents("5717.8")
    assert sum(parts.values()) == cents("5717.9") == row.sending.amount.minor + cents("0.1")
    assert row.sending.source == DIGITAL_TIMES and "secondary" in row.sending.flags
    assert row.sending.basis.endswith(
        "; the categories as published add up to US$ 5,717,900,000, US$ 100,000 more than the "
        "total (each rounded to US$ 100,000): the total is kept as published"
    )
    record = row.to_record()
    assert record["sending_state_cost"] == cents("5717.8")  # as published, not the sum
    assert record["sending_military_personnel"] == 314_340_000_000
    assert row.categories_gap == record["sending_categories_gap"] == 10_000_000  # US$0.1 M


def test_korea_fy2020_categories_add_up_exactly_so_no_rounding_is_said() -> None:
    first, row = share("us-rok", "sma").rows
    assert "the categories as published add up" not in row.sending.basis
    assert row.categories_gap == row.to_record()["sending_categories_gap"] == 0
    assert first.categories_gap is None  # GAO's four-year total has no categories


def test_japan_non_personnel_cost_for_proposals() -> None:
    """The cost assumption of a proposal on Japan's cost: FY2020 total US$5,717.8 M and its
    military personnel US$3,143.4 M, so non-personnel = 2,574.4 M (from the published total)."""
    from burdenshare.costs.share import annual_cost

    total, personnel, text = annual_cost("us-japan")
    assert total.minor == cents("5717.8") and personnel is not None
    assert personnel.minor == cents("3143.4")
    assert total.minor - personnel.minor == cents("2574.4")
    assert "Digital Times" in text and "secondary" in text


@pytest.mark.parametrize(
    ("dataset", "basis", "index", "reported"),
    [("us-rok", "sma", 1, 156_639), ("us-japan", "sma", 0, 105_885)],
)
def test_cost_per_troop_reproduces_the_reported_figures(
    dataset: str, basis: str, index: int, reported: int
) -> None:
    """The same report: US$156,639 per troop in Korea (28,500) and US$105,885 in Japan
    (54,000), in whole dollars: the stated alternative; the engine keeps the cents."""
    row = share(dataset, basis).rows[index]
    assert row.first == 2020 and row.cost_per_stated_troop is not None
    assert row.sending.amount is not None and row.stated_troops is not None
    exact = Fraction(row.sending.amount.minor, row.stated_troops)
    assert row.cost_per_stated_troop.minor == round_exact(exact, RoundingMode.HALF_UP)
    assert round_exact(exact / 100, RoundingMode.HALF_UP) == reported


@pytest.mark.parametrize(
    ("dataset", "basis", "index", "series", "count", "per_troop"),
    [
        ("us-rok", "sma", 1, "usfk-troops", 26_414, 16_900_886),  # 446,420,000,000 / 26,414
        ("us-japan", "sma", 0, "usfj-troops", 53_713, 10_645_095),  # 571,780,000,000 / 53,713
        ("us-japan", "direct+indirect", 0, "usfj-troops", 39_134, 3_321_920),  # FY1995
    ],
)
def test_cost_per_troop_divides_by_the_years_dmdc_count(
    dataset: str, basis: str, index: int, series: str, count: int, per_troop: int
) -> None:
    """A one-year period divides by that year's bundled count (DMDC), named in the basis."""
    row = share(dataset, basis).rows[index]
    assert row.troop_years == row.troops == count
    assert row.sending.amount is not None and row.cost_per_troop is not None
    oracle = round_exact(Fraction(row.sending.amount.minor, count), RoundingMode.HALF_UP)
    assert row.cost_per_troop.minor == oracle == per_troop
    assert row.troops_source.startswith(f"{series} {row.first}: {count:,} troops (")


def test_japan_fy2020_sma_contribution_against_the_dod_estimate() -> None:
    """Japan's FY2020 host-nation support (bundled history) at the 2020 annual-average rate,
    against DoD's FY2020 estimate of US$5,717.8 million: an exact rational oracle."""
    bank = bundled_series()
    entry = history("us-japan", bank).entry(2020)
    rate = Fraction(str(bank["jpy-per-usd"].value(2020)))
    host = round_exact(Fraction(entry.amount.minor * 100) / rate, RoundingMode.HALF_UP)
    row = share("us-japan", "sma").rows[0]
    assert row.host.amount is not None and row.host.amount.minor == host
    assert row.sending.amount is not None and row.sending.amount.minor == cents("5717.8")
    oracle = Fraction(host * 100 * 100, host + cents("5717.8"))
    assert row.host_share_pct == Decimal(round_exact(oracle, RoundingMode.HALF_UP)) / 100
    assert row.host_share_pct == Decimal("24.61")


def test_a_basis_change_between_gao_and_dod_is_stated() -> None:
    rows = share("us-rok", "sma").rows
    assert "GAO" in rows[1].basis_change and "Overseas Cost Summary" in rows[1].basis_change


HEAD = "dataset: us-rok\nhost: ROK\nsending_state: US\nperiods:\n"
COST = "sending_state_cost: {total: 10, basis: b, source: s"
BAD = {
    "categories-do-not-add-up": (
        f"  - {{first: 2016, last: 2016, {COST}, complete: true,"
        " categories: {military_personnel: 4, operation_and_maintenance: 5}}}\n",
        "complete: the categories add up to 9, not the total 10",
    ),
    "gap-and-cost": (
        f"  - {{first: 2016, last: 2016, {COST}}}}}\n"
        f"  - {{first: 2017, last: 2017, gap: none found, {COST}}}}}\n"
        f"  - {{first: 2018, last: 2018, {COST}}}}}\n",
        "either a sending_state_cost or a gap",
    ),
    "gap-at-the-end": (
        f"  - {{first: 2016, last: 2016, {COST}}}}}\n  - {{first: 2017, last: 2019, gap: none}}\n",
        "a gap lies between periods with a cost",
    ),
    "neither": ("  - {first: 2016, last: 2016}\n", "either a sending_state_cost or a gap"),
    # rounding 1 on 2 categories: at most (2 + 1) × 0.5 = 1.5 from the total
    "beyond-rounding": (
        f"  - {{first: 2016, last: 2016, {COST}, complete: true, rounding: 1,"
        " categories: {military_personnel: 4, operation_and_maintenance: 8}}}\n",
        "categories add up to 12, more than the total 10",
    ),
    "short-beyond-rounding": (
        f"  - {{first: 2016, last: 2016, {COST}, complete: true, rounding: 1,"
        " categories: {military_personnel: 4, operation_and_maintenance: 4}}}\n",
        "complete: the categories add up to 8, not the total 10 (± 1.5 of rounding)",
    ),
    "negative-rounding": (
        f"  - {{first: 2016, last: 2016, {COST}, rounding: -1}}}}\n",
        "greater than or equal to 0",
    ),
}


@pytest.mark.parametrize(
    ("parts", "gap"), [("{a: 4, b: 7}", 1), ("{a: 4, b: 5}", -1), ("{a: 5, b: 5}", 0)]
)
def test_printed_categories_may_miss_the_total_by_their_rounding(
    tmp_path: Path, parts: str, gap: int
) -> None:
    """Within (categories + 1) × rounding / 2 of the total the file loads, the total stays
    as published and the row says by how much the printed categories miss it."""
    cats = parts.replace("a:", "military_personnel:").replace("b:", "operation_and_maintenance:")
    path = tmp_path / "rounded.yaml"
    path.write_text(
        HEAD + f"  - {{first: 2016, last: 2016, {COST}, complete: true, rounding: 1,"
        f" categories: {cats}}}, host: [{{basis: direct, value: 10, currency: USD,"
        " description: d, source: s}]}\n",
        encoding="utf-8",
    )
    _, spec = share_file(str(path))
    cost = spec.periods[0].sending_state_cost
    assert cost is not None and cost.rounding_gap == gap
    (row,) = share(str(path), "direct").rows
    assert row.sending.amount is not None and row.sending.amount.minor == 1000
    assert row.host_share_pct == Decimal("50.00")
    assert row.categories_gap == gap * 100  # cents
    said = "the categories as published add up to" in row.sending.basis
    assert said == (gap != 0)
    if gap:
        side = "more" if gap > 0 else "less"
        assert f"US$ 1 {side} than the total (each rounded to US$ 1)" in row.sending.basis


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_periods_name_file_field_and_problem(tmp_path: Path, name: str) -> None:
    text, problem = BAD[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        share_file(str(path))
    assert str(path) in str(err.value) and problem in str(err.value)
    assert "\n" not in str(err.value)


def test_a_declared_gap_is_listed_never_filled(tmp_path: Path) -> None:
    path = tmp_path / "gap.yaml"
    path.write_text(
        HEAD + "  - {first: 2016, last: 2016, sending_state_cost: {total: 10, basis: b, source: s},"
        " host: [{basis: direct, value: 10, currency: USD, description: d, source: s}]}\n"
        "  - {first: 2017, last: 2019, gap: no page states it}\n"
        "  - {first: 2020, last: 2020, sending_state_cost: {total: 30, basis: c, source: s},"
        " host: [{basis: direct, value: 10, currency: USD, description: d, source: s}]}\n",
        encoding="utf-8",
    )
    table = share(str(path), "direct")
    assert [(r.first, r.host_share_pct) for r in table.rows] == [
        (2016, Decimal("50.00")),
        (2020, Decimal("25.00")),
    ]
    assert table.omitted == (
        "2017–2019 left out: no sourced sending-state cost (no page states it)",
    )
    assert table.rows[1].basis_change.startswith("sending-state cost basis changes: b")


CRS_94_515 = "https://www.everycrsreport.com/reports/94-515.html"


def test_japan_fy1995_direct_and_indirect_support_reproduces_crs_76_percent() -> None:
    """CRS 94-515 (1994): by FY1995 Japan's host-nation support "will rise to $4.1 billion,
    according to U.S. estimates, while U.S. military operating costs, excluding military pay
    ... will amount to $1.3 billion. By these measures, Japan will provide 76 percent"."""
    table = share("us-japan", "direct+indirect")
    (row,) = table.rows
    assert (row.first, row.last) == (1995, 1995)
    assert row.host.amount is not None and row.host.amount.minor == cents("4100")
    assert row.sending.amount is not None and row.sending.amount.minor == cents("1300")
    assert row.host.source == row.sending.source == CRS_94_515
    assert {"secondary", "uncertain"} <= set(row.host.flags) & set(row.sending.flags)
    assert "excluding military pay" in row.sending.basis  # not GAO's basis: said on the row
    assert row.host_share_pct == Decimal("75.93")  # 4.1 / 5.4 = 75.925…%
    assert round(row.host_share_pct) == 76  # the percentage CRS states
    assert row.cost_per_stated_troop is not None
    assert row.cost_per_stated_troop.minor == 2_888_889  # / CRS's roughly 45,000
    assert any(n.startswith("1996–2015 left out: no sourced sending-state cost") for n in
               table.omitted)  # fmt: skip


def test_direct_plus_indirect_is_refused_in_one_line_where_no_year_has_both_sides() -> None:
    with pytest.raises(InputError) as err:
        share("us-rok", "direct+indirect")
    text = str(err.value)
    assert "no period has a direct+indirect host figure" in text and "\n" not in text


def test_cli_direct_plus_indirect(tmp_path: Path) -> None:
    from helpers import run_cli

    refused = run_cli("share", "--basis", "direct+indirect", "-f", "json", "-o",
                      str(tmp_path / "x.json"))  # fmt: skip
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert not (tmp_path / "x.json").exists()
    japan = run_cli("share", "--dataset", "us-japan", "--basis", "direct+indirect", "-f", "csv")
    assert japan.returncode == 0, japan.stderr
    assert "410000000000" in japan.stdout and "75.93" in japan.stdout


JIL = "https://www.jil.go.jp/english/estatis/eshuyo/e0101.html"


WB_JP = "https://data.worldbank.org/indicator/NY.GDP.MKTP.CN?locations=JP"


def test_japan_share_of_gdp_from_the_bundled_calendar_year_series() -> None:
    """Japan's FY2020 SMA contribution over 2020 nominal GDP (¥539,808.2 billion, World Bank
    NY.GDP.MKTP.CN, calendar year: the series jp-gdp), both converted at the 2020 annual-average
    rate: exact, three places; the output says a fiscal year meets a calendar year."""
    bank = bundled_series()
    rate = Fraction(str(bank["jpy-per-usd"].value(2020)))
    gdp = round_exact(Fraction(539_808_200_000_000 * 100) / rate, RoundingMode.HALF_UP)
    table = share("us-japan", "sma")
    row = table.rows[0]
    assert row.host.amount is not None
    oracle = Fraction(row.host.amount.minor * 100 * 1000, gdp)
    assert row.gdp_pct == Decimal(round_exact(oracle, RoundingMode.HALF_UP)) / 1000
    assert row.gdp_pct == Decimal("0.037")
    assert row.gdp_source == f"jp-gdp 2020: {WB_JP}"
    assert any("fiscal year against the calendar year" in n for n in table.payload()["notes"])
    # FY1995 (CRS): US$4.1B over 1995 GDP ¥521,613.5 billion at the 1995 rate
    (crs,) = share("us-japan", "direct+indirect").rows
    rate95 = Fraction(str(bank["jpy-per-usd"].value(1995)))
    gdp95 = round_exact(Fraction(521_613_500_000_000 * 100) / rate95, RoundingMode.HALF_UP)
    oracle95 = Fraction(cents("4100") * 100 * 1000, gdp95)
    assert crs.gdp_pct == Decimal(round_exact(oracle95, RoundingMode.HALF_UP)) / 1000
    assert crs.gdp_pct == Decimal("0.074")


def test_a_share_file_may_still_state_its_gdp_inline(tmp_path: Path) -> None:
    """The inline ``gdp:`` form (the JIL fiscal-year figure FY2020, ¥538,787.8 billion) still
    works for a user's file; the bundled file uses the series."""
    path = tmp_path / "inline.yaml"
    inline = f"gdp: [{{year: 2020, value: 538787800000000, currency: JPY, source: {JIL}}}]\n"
    path.write_text(GDP_HEAD + inline + GDP_PERIOD, encoding="utf-8")
    bank = bundled_series()
    (row,) = share(path, "sma").rows
    rate = Fraction(str(bank["jpy-per-usd"].value(2020)))
    gdp = round_exact(Fraction(538_787_800_000_000 * 100) / rate, RoundingMode.HALF_UP)
    assert row.host.amount is not None
    oracle = Fraction(row.host.amount.minor * 100 * 1000, gdp)
    assert row.gdp_pct == Decimal(round_exact(oracle, RoundingMode.HALF_UP)) / 1000
    assert row.gdp_source == f"host GDP 2020: {JIL}"


GDP_HEAD = "dataset: us-japan\nhost: Japan\nsending_state: US\n"
GDP_PERIOD = "periods:\n  - {first: 2020, last: 2020, " + COST + "}}\n"


@pytest.mark.parametrize(
    ("gdp", "problem"),
    [
        ("gdp: [{year: 2020, value: 5, currency: KRW, source: s}]\n", "KRW, not JPY"),
        (
            "gdp: [{year: 2020, value: 5, currency: JPY, source: s},"
            " {year: 2020, value: 6, currency: JPY, source: s}]\n",
            "gdp: one figure per year",
        ),
        (
            "gdp_series: kr-gdp\ngdp: [{year: 2020, value: 5, currency: JPY, source: s}]\n",
            "either as gdp_series or as gdp",
        ),
        ("gdp: [{year: 2020, value: -5, currency: JPY, source: s}]\n", "greater than or equal"),
        ("gdp: [{year: 2020, value: 5.5, currency: JPY, source: s}]\n", "5.5 is finer than one"),
    ],
)
def test_bad_gdp_figures_are_input_errors(tmp_path: Path, gdp: str, problem: str) -> None:
    path = tmp_path / "gdp.yaml"
    path.write_text(GDP_HEAD + gdp + GDP_PERIOD, encoding="utf-8")
    with pytest.raises(InputError) as err:
        share(str(path), "sma")
    assert str(path) in str(err.value) and problem in str(err.value)


def test_table_output_flags_both_sides() -> None:
    from helpers import run_cli

    out = run_cli("share", "--dataset", "us-japan", "--basis", "direct+indirect")
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())
    assert "75.93%" in text and text.count("[secondary, uncertain]") == 2
    assert "note: 1996–2015 left out: no sourced sending-state cost" in text


def test_japan_direct_and_indirect_support_from_the_allied_contributions_reports() -> None:
    """DoD's Report on Allied Contributions to the Common Defense, as reported: 1999 direct
    about US$3.96 B, with indirect about US$5.18 B (March 2001 report); 2002 direct US$3.22 B +
    indirect US$1.18 B = US$4.41 B as published (2004 report; the parts are rounded)."""
    from burdenshare.costs.allies import allies

    support = {(r.first, r.basis): r for r in allies().of("JPN", "host_support")}
    assert support[(1999, "direct support")].value == cents("3960")
    assert support[(1999, "direct+indirect support")].value == cents("5180")
    direct, total = support[(2002, "direct support")], support[(2002, "direct+indirect support")]
    assert (direct.value, total.value) == (cents("3220"), cents("4410"))
    assert abs(direct.value + cents("1180") - total.value) <= cents("10")  # published rounding
    assert all("secondary" in r.flags for r in (direct, total))


def test_korea_direct_and_indirect_support_2002_from_the_allied_contributions_compendium() -> None:
    """DoD's 2004 Statistical Compendium on Allied Contributions, as reported by Yonhap
    (Maeil Shinmun, 10 Jan 2006): Korea 2002 direct US$486.61 M + indirect US$356.50 M =
    US$843.11 M ("40.0%" of the stationing cost); the table's other figures (486.31 / 842.81)
    make both uncertain. The parts add up exactly."""
    from burdenshare.costs.allies import allies

    support = {(r.first, r.basis): r for r in allies().of("KOR", "host_support")}
    direct, total = support[(2002, "direct support")], support[(2002, "direct+indirect support")]
    assert (direct.value, total.value) == (486_610_000_00, 843_110_000_00)  # cents
    assert total.value - direct.value == 356_500_000_00  # indirect US$356.50 M, exact
    assert all({"secondary", "uncertain"} <= set(r.flags) for r in (direct, total))
