"""The US–ROK history reproduces every documented figure of DOMAIN.md, with its source URL.

Oracles are typed in from DOMAIN.md §1 (notes) and §2, not read from the bundled YAML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from burdenshare.costs.agreement import amounts
from burdenshare.costs.catalog import load_dataset
from burdenshare.costs.history import History, computable, history, history_records
from burdenshare.costs.schedule import Conversion, schedule
from burdenshare.data import bundled_series
from burdenshare.money import Currency, Money, RoundingMode, multiply
from helpers import round_exact

EOK = 100_000_000  # 1억원 in won
USD_100M = 100_000_000 * 100  # US$100 million in cents

MND = "https://mnd.go.kr/mnd_book/DefenseWhitePaper/2018/final(eng)/files/basic-html/page181.html"
DONGA_2005 = "https://donga.com/news/amp/all/20050426/8183585/1"
HANKYUNG_2005 = "https://www.hankyung.com/article/2005042626218"


@dataclass(frozen=True)
class Documented:
    year: int
    amount: Money
    label: str
    urls: tuple[str, ...]


def won(eok: int) -> Money:
    return Money(eok * EOK, Currency.KRW)


def usd_100m(value: str) -> Money:
    return Money(int(Decimal(value) * USD_100M), Currency.USD)


# DOMAIN.md §2: year, amount in 억원, source label, URLs given in the table.
SECTION_2 = [
    Documented(2005, won(6804), "MND-DongA", (MND, DONGA_2005)),
    Documented(2006, won(6804), "MND", (MND,)),
    Documented(2007, won(7255), "MND-sedaily", (MND, "https://m.sedaily.com/NewsView/1HLSDLLMFD")),
    Documented(2008, won(7415), "MND", (MND,)),
    Documented(2009, won(7600), "MND-mbn", (MND, "https://m.mbn.co.kr/news-amp/402568")),
    Documented(2010, won(7904), "MND", (MND,)),
    Documented(2011, won(8125), "MND", (MND,)),
    Documented(2012, won(8361), "MND", (MND,)),
    Documented(2013, won(8695), "MND", (MND,)),
    Documented(
        2014,
        won(9200),
        "MND-xinhua",
        (MND, "http://news.xinhuanet.com/english/world/2014-01/12/c_133038145.htm"),
    ),
    Documented(2015, won(9320), "MND", (MND,)),
    Documented(2016, won(9441), "MND", (MND,)),
    Documented(2017, won(9507), "MND", (MND,)),
    Documented(2018, won(9602), "MND-hankyung", (MND, "https://hankyung.com/amp/201902116000Y")),
    Documented(
        2019, won(10389), "MOFA", ("https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=320383",)
    ),
    Documented(
        2020,
        won(10389),
        "investing-koreaherald",
        (
            "https://kr.investing.com/news/general/article-599788",
            "http://www.koreaherald.com/view.php?ud=20210408000930",
        ),
    ),
    Documented(2021, won(11833), "yonhap", ("https://en.yna.co.kr/view/AEN20210901006300325",)),
    Documented(
        2025,
        won(14028),
        "zum-fnnews",
        (
            "http://news.zumst.com/articles/93628432",
            "https://busan.fnnews.com/news/202410041646494697",
        ),
    ),
    Documented(
        2026,
        won(15192),
        "MOFA-bonn",
        ("https://deu-bonn.mofa.go.kr/www/brd/m_4078/view.do?page=1&seq=368685",),
    ),
]

# MND 2018 Defense White Paper Chart 5-1, 1991–2004 in units of US$100 million.
# fmt: off
MND_CHART_USD = {
    1991: "1.5", 1992: "1.8", 1993: "2.2", 1994: "2.6", 1995: "3.0", 1996: "3.3", 1997: "3.6",
    1998: "3.9", 1999: "3.3", 2000: "3.9", 2001: "4.4", 2002: "4.7", 2003: "5.5", 2004: "6.2",
}
# fmt: on
# 1997 and 1998: the chart's US$10M rounding of figures known to the US$1M (see below)
PRECISE = {1997, 1998, 1999}
MND_CHART = [
    Documented(year, usd_100m(value), "MND-chart", (MND,))
    for year, value in MND_CHART_USD.items()
    if year not in PRECISE
]

# DOMAIN.md §1 notes: won amounts for early years (Dong-A 2005; Hankyung 2005), kept as
# alternatives to the MND dollar figure.
EARLY_WON = [
    (1991, won(1073)),
    (1994, won(2080)),
    (1995, won(2400)),
    (1997, won(3449)),
    (2000, won(4557)),
    (2003, won(6686)),
    (2004, won(7469)),
]


@pytest.fixture(scope="module")
def rok() -> History:
    return history("us-rok")


@pytest.mark.parametrize(
    "doc", SECTION_2 + MND_CHART, ids=lambda d: f"{d.year}-{d.label}-{d.amount.currency}"
)
def test_documented_figure(rok: History, doc: Documented) -> None:
    entry = rok.entry(doc.year)
    assert entry.amount == doc.amount
    assert entry.computed is False
    for url in doc.urls:
        assert url in entry.source


@pytest.mark.parametrize(
    ("year", "amount"), EARLY_WON, ids=[f"{y}-DongA-Hankyung-2005-KRW" for y, _ in EARLY_WON]
)
def test_early_won_figure_is_an_alternative(rok: History, year: int, amount: Money) -> None:
    matches = [a for a in rok.entry(year).alternatives if a.amount == amount]
    assert len(matches) == 1
    assert matches[0].source in (DONGA_2005, HANKYUNG_2005)


def test_1998_is_dong_a_399m_and_the_chart_figure_is_an_alternative(rok: History) -> None:
    entry = rok.entry(1998)
    assert entry.amount == Money(399_000_000 * 100, Currency.USD)
    assert entry.computed is False
    assert "donga.com/news/Inter/article/all/19981222/7406345/1" in entry.source
    assert usd_100m("3.9") in [a.amount for a in entry.alternatives]


def test_1997_is_sma3s_rule_and_agrees_with_the_chart_to_its_precision(rok: History) -> None:
    entry = rok.entry(1997)
    assert entry.amount == Money(363_000_000 * 100, Currency.USD)  # 330 × 1.1
    assert entry.computed is True
    assert usd_100m("3.6") in [a.amount for a in entry.alternatives]
    # 1997: the chart is the rule's US$363M rounded to US$10M
    assert round(entry.amount.minor, -9) == usd_100m(MND_CHART_USD[1997]).minor
    # 1998: the chart's US$390M is the 1995 plan, not the rule's US$399M rounded: flagged
    assert round(rok.entry(1998).amount.minor, -9) != usd_100m(MND_CHART_USD[1998]).minor
    assert "uncertain" in rok.entry(1998).flags


def test_history_and_schedule_agree_for_every_year_a_rule_runs(rok: History) -> None:
    bank = bundled_series()
    checked = 0
    for agreement in load_dataset("us-rok").agreements.values():
        for item in computable(agreement, bank):
            entry = rok.entry(item.year)
            if entry.agreement != agreement.id:
                continue  # a year two agreements cover (none today)
            money = Money(item.amount, agreement.currency)
            if entry.amount.currency is money.currency:
                assert entry.amount == money, item.year
            else:  # SMA-5's won base beside the chart's dollars: a documented alternative
                assert money in [a.amount for a in entry.alternatives], item.year
            checked += 1
    assert checked >= 30


def test_a_record_marked_computed_must_equal_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    import burdenshare.costs.history as h
    from burdenshare.errors import InputError

    real = h.documented

    def tampered(name: str) -> dict[int, h.HistoryEntry]:
        out = real(name)
        out[1997] = replace(out[1997], amount=Money(36_000_000_000, Currency.USD))
        return out

    monkeypatch.setattr(h, "documented", tampered)
    with pytest.raises(InputError, match="marked computed but SMA-3's rule gives 36300000000"):
        h.history("us-rok")


def test_a_record_marked_computed_needs_a_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    import burdenshare.costs.history as h
    from burdenshare.errors import InputError

    real = h.documented

    def tampered(name: str) -> dict[int, h.HistoryEntry]:
        out = real(name)
        out[1992] = replace(out[1992], computed=True)  # SMA-1's rule exists only in words
        return out

    monkeypatch.setattr(h, "documented", tampered)
    with pytest.raises(InputError, match="no agreement's rule computes 1992"):
        h.history("us-rok")


def test_mnd_chart_years_are_in_dollars_and_later_years_in_won(rok: History) -> None:
    for entry in rok.entries:
        expected = Currency.USD if entry.year <= 2004 else Currency.KRW
        assert entry.amount.currency is expected, entry.year


@pytest.mark.parametrize(
    ("year", "agreement", "amount", "rule"),
    [
        (2023, "SMA-11", 1_289_600_000_000, "kr-defense-budget-growth"),
        (2024, "SMA-11", 1_346_300_000_000, "kr-defense-budget-growth"),
        (2027, "SMA-12", 1_551_100_000_000, "kr-cpi"),
    ],
    ids=["2023-SMA-11-rule", "2024-SMA-11-rule", "2027-SMA-12-rule"],
)
def test_computed_years(rok: History, year: int, agreement: str, amount: int, rule: str) -> None:
    entry = rok.entry(year)
    assert entry.computed is True
    assert entry.agreement == agreement
    assert entry.amount == Money(amount, Currency.KRW)
    assert agreement in entry.source
    assert rule in entry.source


def test_computed_years_by_hand() -> None:
    # 2022 12,472억 × 1.034 (2022 budget growth) = 12,896.048억 → 12,896억
    # 2023 × 1.044 (2023) = 13,463.424억 → 13,463억; 2024 × 1.042 (2024) = 14,028.446억 → 14,028억
    # 2026 15,192억 × 1.021 (2025 CPI) = 15,511.032억 → 15,511억
    assert multiply(12472 * EOK, Decimal("1.034"), EOK) == 1_289_600_000_000
    assert multiply(12896 * EOK, Decimal("1.044"), EOK) == 1_346_300_000_000
    assert multiply(13463 * EOK, Decimal("1.042"), EOK) == 1_402_800_000_000
    assert multiply(15192 * EOK, Decimal("1.021"), EOK) == 1_551_100_000_000


def test_computed_chain_lands_on_the_published_2025_figure(rok: History) -> None:
    sma11 = load_dataset("us-rok").agreement("SMA-11")
    computed = {item.year: item.amount for item in amounts(sma11, bundled_series())}
    assert computed[2025] == 1_402_800_000_000
    assert rok.entry(2025).amount == Money(computed[2025], Currency.KRW)
    assert rok.entry(2025).computed is False
    # and the computed 2024 the history shows is the one the chain passes through
    assert rok.entry(2024).amount.minor == computed[2024]


def test_no_2028_record_since_2026_cpi_is_not_published(rok: History) -> None:
    with pytest.raises(KeyError):
        rok.entry(2028)
    assert rok.entries[-1].year == 2027
    assert [(p.year, p.agreement, p.waits_for) for p in rok.pending] == [
        (2028, "SMA-12", "kr-cpi 2026"),
        (2029, "SMA-12", "kr-cpi 2026"),
        (2030, "SMA-12", "kr-cpi 2026"),
    ]


def test_years_strictly_increasing_one_record_each(rok: History) -> None:
    years = [e.year for e in rok.entries]
    assert years == sorted(set(years))
    assert years == list(range(1991, 2028))


def test_only_1997_2022_2023_2024_2027_are_computed(rok: History) -> None:
    assert [e.year for e in rok.entries if e.computed] == [1997, 2022, 2023, 2024, 2027]


def test_2022_is_sma11s_rule_and_equals_the_reported_figure(rok: History) -> None:
    # 11,833억 × 1.054 = 12,471.982억 → 12,472억 (the figure the press reported)
    assert multiply(11833 * EOK, Decimal("1.054"), EOK) == 12472 * EOK
    entry = rok.entry(2022)
    assert entry.amount == won(12472)
    assert entry.computed is True
    assert "kuk.kode.co.kr" not in entry.source


def test_every_record_has_a_source(rok: History) -> None:
    for entry in rok.entries:
        assert entry.source.strip(), entry.year


def test_to_records(rok: History) -> None:
    records = rok.to_records()
    assert len(records) == len(rok.entries)
    for rec in records:
        assert {"year", "amount", "currency", "agreement", "computed", "source"} <= set(rec)
    by_year = {r["year"]: r for r in records}
    assert by_year[2018]["amount"] == 960_200_000_000
    assert by_year[2018]["currency"] == "KRW"
    assert by_year[2018]["agreement"] == "SMA-9"
    assert by_year[2018]["computed"] is False
    assert by_year[1991]["amount"] == 15_000_000_000  # US$150M in cents
    assert by_year[1991]["currency"] == "USD"
    assert by_year[2023]["computed"] is True
    assert isinstance(by_year[2023]["amount"], int)


def test_japan_history_is_one_basis_budget_lines_only() -> None:
    jp = history("us-japan")
    years = [e.year for e in jp.entries]
    assert years == sorted(set(years))
    assert years[0] == 1978  # host-nation support began in FY1978 (62億円)
    assert jp.entry(1978).amount == Money(6_200_000_000, Currency.JPY)
    assert all(e.amount.currency is Currency.JPY for e in jp.entries)
    # no year is filled from an agreement: nothing computed, no frozen/evenly spread years
    assert not any(e.computed for e in jp.entries)
    assert jp.pending == ()
    # years with no page-level budget line stay gaps (FY2011, FY2012, FY2022 now documented)
    for year in (2001, 2013, 2017, 2018, 2025, 2026):
        with pytest.raises(KeyError):
            jp.entry(year)
    # FY2007–FY2010 filled where documented
    assert jp.entry(2008).amount == Money(208_300_000_000, Currency.JPY)
    assert jp.entry(2010).amount == Money(188_100_000_000, Currency.JPY)
    assert "mofa.go.jp" in jp.entry(2010).source
    # FY2007: 2,173億円, MOD release of 20 Dec 2007 (平成19年度予算額, expenditure basis)
    fy2007 = jp.entry(2007)
    assert fy2007.amount == Money(217_300_000_000, Currency.JPY)
    assert fy2007.agreement == "JP-SMA-2006"
    assert fy2007.source == "http://www.mod.go.jp/j/press/news/2007/12/20a.html"
    fy2021 = jp.entry(2021)
    assert fy2021.amount == Money(201_700_000_000, Currency.JPY)
    assert "kyodonews" in fy2021.source


def test_japan_growth_only_between_consecutive_budget_lines() -> None:
    recs = {r["year"]: r for r in history("us-japan").to_records()}
    assert recs[2009]["growth_pct"] == "-7.44"  # 1,928 / 2,083
    assert recs[2007]["growth_pct"] == "-6.58"  # 2,173 / 2,326 (FY2006)
    assert recs[2008]["growth_pct"] == "-4.14"  # 2,083 / 2,173 (the MOD release: △90億)
    assert recs[2015]["growth_pct"] == "2.76"  # 1,899 / 1,848 (FY2014 now documented)
    assert recs[2014]["growth_pct"] is None  # FY2013 not documented: no false growth
    assert recs[2016]["growth_pct"] == "1.11"  # 1,920 / 1,899


def test_japan_items_where_documented() -> None:
    recs = {r["year"]: r for r in history("us-japan").to_records()}
    fy2008 = recs[2008]
    items = ("labour", "utilities", "facilities", "training_relocation", "training_equipment")
    assert [fy2008[f"sector_{i}"] for i in items] == [
        146_300_000_000,
        25_300_000_000,
        36_200_000_000,
        500_000_000,
        None,
    ]
    assert fy2008["sectors_basis"] == "published"
    assert recs[2016]["sector_labour"] is None and recs[2016]["sectors_basis"] is None


def test_japan_agreed_totals_are_a_separate_view() -> None:
    from burdenshare.costs.record import agreed_totals

    totals = {r["agreement"]: r for r in agreed_totals("us-japan")}
    assert totals["JP-SMA-2022"]["agreed_total"] == 1_055_100_000_000
    assert totals["JP-SMA-2022"]["basis"] == "agreed total"
    assert totals["JP-SMA-2022"]["average_per_year"] == 211_020_000_000
    assert totals["JP-SMA-2016"]["agreed_total"] == 946_500_000_000
    # 188.1 billion a year held for five years: implied, so derived
    assert totals["JP-SMA-2011"]["agreed_total"] == 5 * 188_100_000_000
    assert totals["JP-SMA-2011"]["basis"].startswith("derived: ")
    assert totals["JP-SMA-2006"]["agreed_total"] is None


def test_growth_column_only_within_a_currency() -> None:
    records = {r["year"]: r for r in history("us-rok").to_records()}
    assert records[2015]["growth_pct"] == "1.30"  # 9,320 / 9,200
    assert records[2019]["growth_pct"] == "8.20"  # 10,389 / 9,602 (reported +8.2%)
    assert records[2021]["growth_pct"] == "13.90"  # 11,833 / 10,389 (reported +13.9%)
    assert records[2005]["growth_pct"] is None  # 2004 is in US dollars
    assert records[1991]["growth_pct"] is None


# --- entry into force (the day an agreement took legal effect), with its source

ENTRY_INTO_FORCE = [
    ("us-rok", "SMA-10", date(2019, 4, 5), "hankyung.com/article/201904055541Y"),
    ("us-rok", "SMA-11", date(2021, 9, 1), "en.yna.co.kr/view/AEN20210901006300325"),
    ("us-rok", "SMA-12", date(2024, 11, 29), "everycrsreport.com/reports/IF13050"),
    ("us-japan", "JP-SMA-2016", date(2016, 4, 1), "mofa.go.jp/press/release/press3e_000193"),
    ("us-japan", "JP-SMA-2021", date(2021, 3, 31), "mofa.go.jp/press/release/press3e_000193"),
    ("us-japan", "JP-SMA-2022", date(2022, 4, 1), "japannews.yomiuri.co.jp"),
]


@pytest.mark.parametrize(("dataset", "agreement_id", "day", "url"), ENTRY_INTO_FORCE)
def test_entry_into_force(dataset: str, agreement_id: str, day: date, url: str) -> None:
    agreement = load_dataset(dataset).agreement(agreement_id)
    assert agreement.entry_into_force == day
    assert url in agreement.entry_into_force_reference
    assert agreement.signed is None or agreement.signed <= day


def test_entry_into_force_in_history_and_schedule_records(rok: History) -> None:
    by_year = {r["year"]: r for r in rok.to_records()}
    assert by_year[2019]["entry_into_force"] == "2019-04-05"
    assert by_year[2019]["signed"] == "2019-03-08"
    assert by_year[2022]["entry_into_force"] == "2021-09-01"
    assert by_year[2013]["entry_into_force"] is None  # SMA-8: not found
    sma11 = load_dataset("us-rok").agreement("SMA-11")
    records = schedule(sma11, bundled_series()).to_records()
    assert {r["entry_into_force"] for r in records} == {"2021-09-01"}


def test_entry_into_force_needs_a_source_and_follows_signing() -> None:
    from pydantic import ValidationError

    from burdenshare.data.schemas import AgreementSpec

    with pytest.raises(ValidationError, match="needs 'entry_into_force_reference'"):
        AgreementSpec(entry_into_force=date(2021, 9, 1))
    with pytest.raises(ValidationError, match="is before signed"):
        AgreementSpec(
            signed=date(2021, 4, 8),
            entry_into_force=date(2021, 3, 1),
            entry_into_force_reference="https://example.org/a",
        )


# --- one series 1991–2030 in both currencies


def _records(currency: Currency, bank: object = None) -> dict[int, dict[str, object]]:
    series = bank if bank is not None else bundled_series()
    hist = history("us-rok", series)  # type: ignore[arg-type]
    recs = history_records(hist, series, currency, pending=True)  # type: ignore[arg-type]
    return {int(r["year"]): r for r in recs}


def test_every_year_1991_to_2030_in_won_says_how_it_got_there() -> None:
    recs = _records(Currency.KRW)
    assert sorted(recs) == list(range(1991, 2031))
    bases = {y: r["converted_basis"] for y, r in recs.items()}
    assert set(bases.values()) <= {"documented", "computed", "converted", "missing", "pending"}
    # every year has a value or waits for a series: 1992 converts at the Fed's 784.6608
    assert [y for y, b in bases.items() if b == "missing"] == []
    assert [y for y, b in bases.items() if b == "pending"] == [2028, 2029, 2030]
    for rec in recs.values():
        if rec["converted_basis"] == "converted":
            assert rec["rate"] and str(rec["rate_source"]).startswith("krw-per-usd ")
            assert "http" in str(rec["rate_source"])
    # the documented won figures of the dollar years are shown, so the 2005 cut is visible
    assert recs[2004]["converted_amount"] == 7469 * EOK
    assert recs[2004]["converted_basis"] == "documented"
    assert recs[2004]["converted_source"] == DONGA_2005
    assert recs[2005]["converted_growth_pct"] == "-8.90"  # 6,804 / 7,469
    assert recs[1991]["converted_amount"] == 1073 * EOK
    # converted at the year's Fed annual average (FRED AEXKOUS): US$220M × 805.7516 (1993)
    assert recs[1993]["converted_amount"] == 177_265_352_000
    assert recs[1993]["rate"] == "805.7516"
    # 1999: US$333M × 1,189.8361 = 396,215,421,300 won
    assert recs[1999]["converted_basis"] == "converted"
    assert recs[1999]["rate"] == "1189.8361"
    assert recs[1999]["converted_amount"] == 396_215_421_300
    assert "fred.stlouisfed.org/series/AEXKOUS" in str(recs[1999]["rate_source"])


def test_every_year_1991_to_2030_in_dollars() -> None:
    recs = _records(Currency.USD)
    assert sorted(recs) == list(range(1991, 2031))
    missing = [y for y, r in recs.items() if r["converted_basis"] == "missing"]
    assert missing == []
    # every year 1991–2027 has a value; 2028–2030 wait for Korea's CPI
    pending = [y for y, r in recs.items() if r["converted_basis"] == "pending"]
    assert pending == [2028, 2029, 2030]
    # 2026–2027: annual averages not yet published, so the 2025 one is carried forward and
    # marked as an assumption: 15,192억 won at 1,421.3963 won/$ (exact oracle)
    assumed = [y for y, r in recs.items() if r["converted_basis"] == "assumed"]
    assert assumed == [2026, 2027]
    expected_2026 = round_exact(
        Fraction(15_192 * EOK * 100) / Fraction("1421.3963"), RoundingMode.HALF_UP
    )
    assert recs[2026]["converted_amount"] == expected_2026 == 106_880_818_530
    assert recs[2026]["rate"] == "1421.3963"
    assert str(recs[2026]["rate_source"]).startswith(
        "assumption: krw-per-usd 2025 carried forward to 2026 (a year's annual average is "
        "published after the year ends; --assume krw-per-usd=2026:RATE replaces it); "
        "krw-per-usd 2025: https://"
    )
    assert recs[2026]["amount"] == 15_192 * EOK  # the won figure stays documented
    # 6,804억 at the Fed's 2005 average of 1,023.7492 won/$ (FRED AEXKOUS)
    expected_2005 = round_exact(
        Fraction(6804 * EOK * 100) / Fraction("1023.7492"), RoundingMode.HALF_UP
    )
    assert recs[2005]["converted_amount"] == expected_2005
    # 7,415억원 at the Fed's 2008 average of 1,098.7061 won/$, to the cent (exact oracle)
    expected = round_exact(Fraction(7415 * EOK * 100) / Fraction("1098.7061"), RoundingMode.HALF_UP)
    assert recs[2008]["converted_amount"] == expected
    assert recs[2008]["converted_basis"] == "converted"
    assert recs[1997]["converted_basis"] == "computed"
    assert recs[1998]["converted_amount"] == 399_000_000 * 100


def test_a_dollar_year_after_the_last_rate_takes_a_user_rate_given_with_assume() -> None:
    bank = dict(bundled_series())
    bank["krw-per-usd"] = bank["krw-per-usd"].with_values({2026: Decimal("1400")}, "test")
    recs = _records(Currency.USD, bank)
    # 15,192억 won at 1,400 won/$ = US$1,085,142,857.14 (half-up to the cent)
    assert recs[2026]["converted_basis"] == "converted"
    assert recs[2026]["converted_amount"] == 108_514_285_714
    assert recs[2027]["converted_basis"] == "assumed"  # 2026's assumed rate carried forward
    assert recs[2027]["rate"] == "1400"


def test_pending_years_are_computable_with_an_assumption() -> None:
    bank = dict(bundled_series())
    bank["kr-cpi"] = bank["kr-cpi"].with_values({2026: Decimal("2.0")}, "test")
    recs = _records(Currency.KRW, bank)
    # 2028 = 2027's 15,511억 × (1 + 2.0%) = 15,821.22억 → 15,821억
    assert recs[2028]["amount"] == 15_821 * EOK
    assert recs[2028]["computed"] is True
    assert recs[2029]["converted_basis"] == "pending"
    assert recs[2029]["source"] == "pending: waits for kr-cpi 2027"


def test_history_cli_lists_pending_years_and_takes_assume() -> None:
    from typer.testing import CliRunner

    from burdenshare.cli import app

    runner = CliRunner()
    plain = runner.invoke(app, ["history", "--currency", "USD", "--format", "json"])
    assert plain.exit_code == 0, plain.output
    years = {r["year"]: r for r in json.loads(plain.stdout)}
    assert years[2030]["basis"] == "pending"
    assumed = runner.invoke(app, ["history", "--format", "json", "--assume", "kr-cpi=2026:2.0"])
    assert {r["year"]: r for r in json.loads(assumed.stdout)}[2028]["amount"] == 15_821 * EOK


# --- sector splits (published, or derived and marked) and the ledger beyond the agreed total


def test_published_sector_splits_2018_and_2019(rok: History) -> None:
    recs = {r["year"]: r for r in rok.to_records()}
    for year, parts in {2018: (3710, 4442, 1450), 2019: (5005, 3710, 1674)}.items():
        rec = recs[year]
        assert rec["sectors_basis"] == "published"
        got = (rec["sector_payroll"], rec["sector_construction"], rec["sector_logistics"])
        assert got == tuple(p * EOK for p in parts)
        assert sum(got) == rec["amount"]


def test_every_other_split_is_marked_derived_and_adds_up(rok: History) -> None:
    for rec in rok.to_records():
        if rec["sector_payroll"] is None:
            assert rec["sectors_basis"] is None
            continue
        parts = rec["sector_payroll"] + rec["sector_construction"] + rec["sector_logistics"]
        assert parts == rec["amount"], rec["year"]
        if rec["year"] not in (2018, 2019):
            assert str(rec["sectors_basis"]).startswith("derived: "), rec["year"]
    recs = {r["year"]: r for r in rok.to_records()}
    assert "published 2018 amounts" in recs[2014]["sectors_basis"]
    assert recs[2012]["sectors_basis"] == "derived: approximate shares"  # PIIE 40/40/20


def test_schedule_marks_back_projected_sectors_derived() -> None:
    sma9 = load_dataset("us-rok").agreement("SMA-9")
    records = {r["year"]: r for r in schedule(sma9, bundled_series()).to_records()}
    assert records[2018]["sectors_basis"] == "published"
    for year in (2014, 2015, 2016, 2017):
        assert records[year]["sectors_basis"].startswith("derived: "), year


def test_ledger_of_1999_and_2012(rok: History) -> None:
    recs = {r["year"]: r for r in rok.to_records()}
    # 1999: agreed US$333M; half of the US$80M construction deferred to 2000; US$290M paid
    assert recs[1999]["amount"] == 333_000_000 * 100
    assert recs[1999]["deferred"] == 40_000_000 * 100
    assert recs[1999]["paid"] == 290_000_000 * 100
    assert recs[1999]["ledger_currency"] == "USD"
    assert "donga.com" in recs[1999]["ledger_sources"]
    # 2012: agreed 8,361억, budgeted 7,461억 (−900억), executed 6,381억, 479억 lapsed
    assert recs[2012]["budgeted"] == 7461 * EOK
    assert recs[2012]["amount"] - recs[2012]["budgeted"] == 900 * EOK
    assert recs[2012]["executed"] == 6381 * EOK
    assert recs[2012]["lapsed"] == 479 * EOK
    assert "unexecuted: " in recs[2012]["ledger_sources"]
    assert "[uncertain]" in recs[2012]["ledger_sources"]
    # years without a documented ledger have the columns, empty
    assert recs[2005]["executed"] is None and recs[2005]["ledger_sources"] == ""


def test_defence_budget_share_reaches_back_to_2012() -> None:
    # 9,200억 / 35조7,057억 (the 2014 main budget), in % to 4 places, half-up
    sma9 = load_dataset("us-rok").agreement("SMA-9")
    host = load_dataset("us-rok").host_series
    rows = {r.year: r for r in schedule(sma9, bundled_series(), host=host).rows}
    exact = Fraction(9200 * EOK * 100, 35_705_700_000_000)
    assert (
        rows[2014].budget_share_pct
        == Decimal(round_exact(exact * 10_000, RoundingMode.HALF_UP)) / 10_000
    )
    assert rows[2016].budget_share_pct is not None


@pytest.mark.parametrize(
    "args",
    [
        ["history", "--real", "--currency", "USD"],
        ["history", "--real"],
        ["history", "--dataset", "us-japan", "--currency", "USD"],
        ["history", "--dataset", "us-japan", "--agreed"],
        ["history", "--currency", "KRW", "--assume", "krw-per-usd=2026:1450"],
    ],
    ids=lambda a: " ".join(a),
)
def test_history_tables_render_every_view(args: list[str]) -> None:
    from typer.testing import CliRunner

    from burdenshare.cli import app

    result = CliRunner().invoke(app, args)
    assert result.exception is None, repr(result.exception)
    assert result.exit_code == 0


TROOPDATA = "github.com/meflynn/troopdata/blob/3946bcf89a6d72de8abace812dc557f1f249f5f7"
HERITAGE = "https://www.heritage.org/defense/report/global-us-troop-deployment-1950-2005"


@pytest.mark.parametrize(
    ("series", "year", "troops"),
    [
        # Kane, "Global U.S. Troop Deployment, 1950–2005" (Heritage), DoD/DMDC counts
        ("usfk-troops", 1991, 40_062),
        ("usfk-troops", 1992, 35_743),
        ("usfk-troops", 1999, 35_913),
        ("usfk-troops", 2004, 40_840),
        ("usfk-troops", 2005, 30_983),
        ("usfj-troops", 1978, 45_939),
        ("usfj-troops", 1999, 40_338),
        # DMDC reports as compiled by troopdata
        ("usfk-troops", 2008, 25_771),
        ("usfk-troops", 2016, 24_189),
        ("usfk-troops", 2021, 25_592),
        ("usfj-troops", 2016, 38_818),  # = the DoD count of Sept 2016 quoted by Pew
        ("usfj-troops", 2019, 55_227),
        ("usfj-troops", 2023, 53_246),
    ],
)
def test_us_troops_by_year_one_basis(series: str, year: int, troops: int) -> None:
    obs = bundled_series()[series].observations[year]
    assert obs.value == troops
    assert tuple(obs.flags) == ("secondary",)  # read from the compilers' data file
    if year <= 2005:
        assert obs.reference == HERITAGE and TROOPDATA in obs.note
    else:
        assert TROOPDATA in obs.reference


def test_troop_series_have_no_gaps_and_keep_the_other_bases() -> None:
    bank = bundled_series()
    assert set(bank["usfk-troops"].observations) == set(range(1991, 2026))
    assert set(bank["usfj-troops"].observations) == set(range(1978, 2026))
    # the other bases stay visible: year-end counts and the agreed 28,500 level
    assert "36,050" in bank["usfk-troops"].observations[2004].note
    assert "28,500" in bank["usfk-troops"].observations[2008].note
    assert "54,000" in bank["usfj-troops"].observations[2019].note
    workforce = bank["usfk-korean-workforce"].observations[2020]
    assert workforce.value == 9_000 and "uncertain" in workforce.flags
    # USFK's own page states it ("9,000여 명의 주한미군 한국인 직원들", 24 Feb 2020)
    assert workforce.reference.startswith(
        "https://www.usfk.mil/Media/Newsroom/News/Article/2091363/"
    )
    assert set(bank["usfk-korean-workforce"].observations) == {2020}  # one basis, one year


def test_real_won_of_a_dollar_year_deflates_its_won_figure() -> None:
    bank = bundled_series()
    recs = {
        r["year"]: r for r in history_records(history("us-rok", bank), bank, Currency.KRW, 2020)
    }
    # 2004: the documented 7,469억 in 2020 prices = 7,469억 × Π(1 + CPI_y) for y = 2005..2020
    cpi = bank["kr-cpi"]
    factor = Fraction(1)
    for year in range(2005, 2021):
        factor *= 1 + Fraction(str(cpi.value(year))) / 100
    expected = round_exact(Fraction(7469 * EOK) * factor, RoundingMode.HALF_UP)
    assert recs[2004]["real_amount"] == expected
    # every year 1991–2025 has a real value now (CPI 1991–2025, a rate for every dollar year)
    assert all(recs[y]["real_amount"] is not None for y in range(1991, 2026))
    # 1992: its won value (dollars at the Fed's 784.6608) × Π(1 + CPI_y), y = 1993..2020
    factor = Fraction(1)
    for year in range(1993, 2021):
        factor *= 1 + Fraction(str(cpi.value(year))) / 100
    won_1992 = recs[1992]["converted_amount"]
    assert isinstance(won_1992, int)
    assert recs[1992]["real_amount"] == round_exact(
        Fraction(won_1992) * factor, RoundingMode.HALF_UP
    )
    # 1994: the documented 2,080억 × Π(1 + CPI_y), y = 1995..2020 (1995: 4.5%, Seoul Shinmun)
    factor = Fraction(1)
    for year in range(1995, 2021):
        factor *= 1 + Fraction(str(cpi.value(year))) / 100
    assert recs[1994]["real_amount"] == round_exact(
        Fraction(2080 * EOK) * factor, RoundingMode.HALF_UP
    )


@pytest.mark.parametrize(
    ("year", "rate", "url"),
    [
        (1992, "6.2", "https://www.hankyung.com/article/1992123000841"),
        (1995, "4.5", "https://www.seoul.co.kr/news/1995/12/31/19951231002001"),
    ],
)
def test_kr_cpi_before_1996_annual_average_as_first_published(
    year: int, rate: str, url: str
) -> None:
    obs = bundled_series()["kr-cpi"].observations[year]
    assert obs.value == Decimal(rate) and obs.reference == url


@pytest.mark.parametrize(
    ("year", "rate", "unrounded"),
    [(1991, "9.3", "9.33279048161495"), (1993, "4.8", "4.80099660215354"),
     (1994, "6.3", "6.26585950039679")],
)  # fmt: skip
def test_kr_cpi_1991_1993_1994_from_the_world_bank(year: int, rate: str, unrounded: str) -> None:
    # World Bank FP.CPI.TOTL.ZG (annual average), read from the datasets/inflation mirror
    obs = bundled_series()["kr-cpi"].observations[year]
    assert obs.value == Decimal(rate) == round(Decimal(unrounded), 1)
    assert obs.reference == "https://data.worldbank.org/indicator/FP.CPI.TOTL.ZG?locations=KR"
    assert unrounded in obs.note and "github.com/datasets/inflation/blob/" in obs.note
    assert set(obs.flags) == {"secondary", "derived"}  # mirrored, and rounded by us
    # the same file's 1992 and 1995 round to the first-published 6.2 and 4.5: same basis
    assert round(Decimal("6.21328146355184"), 1) == bundled_series()["kr-cpi"].value(1992)
    assert round(Decimal("4.48074108557248"), 1) == bundled_series()["kr-cpi"].value(1995)


# --- rates filled in the second round (issue 14): one assertion per documented figure

FED_SUPPLEMENT = "pubs/supplement/"


@pytest.mark.parametrize(
    ("year", "rate", "issue"),
    [
        (2002, "125.22", "2005/03"),
        (2003, "115.94", "2005/03"),
        (2004, "108.15", "2007/04"),
        (2005, "110.11", "2008/04"),
        (2006, "116.31", "2008/04"),
        (2007, "117.76", "2008/04"),
    ],
)
def test_jpy_per_usd_from_the_fed_statistical_supplement(year: int, rate: str, issue: str) -> None:
    # Statistical Supplement to the Federal Reserve Bulletin, table 3.28, annual column
    obs = bundled_series()["jpy-per-usd"].observations[year]
    assert obs.value == Decimal(rate)
    assert f"{FED_SUPPLEMENT}{issue}/table3_28.htm" in obs.reference
    assert not obs.flags


FRED_MIRROR = "github.com/datasets/exchange-rates/blob/fa7d949956d1db1d21102654b1f40d64d2568677"


@pytest.mark.parametrize(
    ("series", "year", "rate"),
    [
        # FRED AEXKOUS / AEXJPUS (Board of Governors annual averages, G.5A basis), as mirrored
        ("krw-per-usd", 1991, "736.7331"),
        ("krw-per-usd", 1992, "784.6608"),
        ("krw-per-usd", 1998, "1400.4036"),
        ("krw-per-usd", 2007, "928.9717"),
        ("krw-per-usd", 2011, "1106.9400"),
        ("krw-per-usd", 2024, "1363.4381"),
        ("jpy-per-usd", 1978, "210.3854"),
        ("jpy-per-usd", 1999, "113.7342"),
        ("jpy-per-usd", 2001, "121.5680"),
        ("jpy-per-usd", 2008, "103.3906"),
        ("jpy-per-usd", 2009, "93.6827"),
        ("jpy-per-usd", 2010, "87.7817"),
        ("jpy-per-usd", 2011, "79.6967"),
        ("jpy-per-usd", 2016, "108.6569"),
    ],
)
def test_fed_annual_rates_from_fred(series: str, year: int, rate: str) -> None:
    obs = bundled_series()[series].observations[year]
    assert obs.value == Decimal(rate)
    code = "AEXKOUS" if series == "krw-per-usd" else "AEXJPUS"
    assert obs.reference == f"https://fred.stlouisfed.org/series/{code}"
    assert FRED_MIRROR in obs.note
    # read through a mirror of the official series, so flagged secondary
    assert tuple(obs.flags) == ("secondary",)


# the mirror's values where the Board's own pages are bundled (G.5A, Statistical Supplement):
# each rounds to the page's figure, so the FRED years are on the same basis
MIRROR_OVERLAP = {
    "krw-per-usd": {2012: "1126.1621", 2013: "1094.6749", 2014: "1052.2924", 2015: "1130.9603",
                    2017: "1129.0435", 2018: "1099.2926", 2019: "1165.8016", 2020: "1180.5554",
                    2021: "1144.8911", 2022: "1291.7796", 2023: "1306.7637"},
    "jpy-per-usd": {2002: "125.2204", 2003: "115.9387", 2004: "108.1508", 2005: "110.1069",
                    2006: "116.3121", 2007: "117.7623", 2012: "79.8180", 2013: "97.5971",
                    2014: "105.7398", 2015: "121.0491", 2017: "112.0986", 2018: "110.3974",
                    2019: "109.0188", 2020: "106.7754", 2021: "109.8429", 2022: "131.4589",
                    2023: "140.5001"},
}  # fmt: skip


@pytest.mark.parametrize("series", sorted(MIRROR_OVERLAP))
def test_fred_mirror_agrees_with_the_feds_own_pages(series: str) -> None:
    obs = bundled_series()[series].observations
    for year, mirrored in MIRROR_OVERLAP[series].items():
        page = obs[year].value
        exponent = page.as_tuple().exponent
        assert isinstance(exponent, int)
        assert Decimal(mirrored).quantize(Decimal(1).scaleb(exponent)) == page, year
        assert "federalreserve.gov" in obs[year].reference


@pytest.mark.parametrize(("series", "first"), [("krw-per-usd", 1991), ("jpy-per-usd", 1978)])
def test_annual_rates_have_no_gaps(series: str, first: int) -> None:
    assert set(range(first, 2026)) <= set(bundled_series()[series].observations)


def test_japan_budget_lines_convert_to_dollars_where_a_rate_is_bundled() -> None:
    bank = bundled_series()
    recs = {r["year"]: r for r in history_records(history("us-japan", bank), bank, Currency.USD)}
    # FY2007: 2,173億円 at 117.76 yen/$ (Fed, calendar 2007), to the cent, half-up
    expected = round_exact(
        Fraction(217_300_000_000 * 100) / Fraction("117.76"), RoundingMode.HALF_UP
    )
    assert recs[2007]["converted_amount"] == expected == 184_527_853_261
    assert recs[2006]["rate"] == "116.31"
    # every documented budget line now converts (FY1978 at the Fed's 1978 average 210.3854)
    assert [y for y, r in recs.items() if r["converted_basis"] == "missing"] == []
    assert recs[1978]["rate"] == "210.3854"
    # FY2009: 1,927億円 (the bundled budget line) at 93.6827 yen/$, to the cent
    fy2009 = recs[2009]
    assert fy2009["converted_amount"] == round_exact(
        Fraction(int(str(fy2009["amount"])) * 100) / Fraction("93.6827"), RoundingMode.HALF_UP
    )


@pytest.mark.parametrize(
    ("year", "eok"),
    [(2008, 266_490), (2009, 285_326), (2010, 295_627), (2011, 314_031)],
)
def test_defence_budget_before_2012(year: int, eok: int) -> None:
    # main budget as passed, 억원 (MND figures as reported; sources in the YAML)
    assert bundled_series()["kr-defense-budget"].value(year) == Decimal(eok * EOK)


def test_defence_budget_growth_of_the_added_years_matches_the_reported_rates() -> None:
    budget = bundled_series()["kr-defense-budget"]
    # 2010: +3.6% (MND release), 2011: +6.2% (MND, 9 Dec 2010)
    assert round(budget.value(2010) / budget.value(2009) * 100 - 100, 1) == Decimal("3.6")
    assert round(budget.value(2011) / budget.value(2010) * 100 - 100, 1) == Decimal("6.2")


def test_defence_budget_share_reaches_back_to_2008() -> None:
    rok = load_dataset("us-rok")
    bank = bundled_series()
    rows = {r.year: r for r in schedule(rok.agreement("SMA-8"), bank, host=rok.host_series).rows}
    # 2011: 8,125억 / 31조4,031억, in % to 4 places, half-up
    exact = Fraction(8125 * EOK * 100, 31_403_100_000_000)
    assert (
        rows[2011].budget_share_pct
        == Decimal(round_exact(exact * 10_000, RoundingMode.HALF_UP)) / 10_000
        == Decimal("2.5873")
    )
    assert all(rows[y].budget_share_pct is not None for y in (2009, 2010, 2011))


@pytest.mark.parametrize(
    ("year", "won"),
    [
        # World Bank NY.GDP.MKTP.CN (update of 28 June 2024), as stated in its download file
        (1991, 242_481_100_000_000),
        (1997, 542_001_800_000_000),
        (1998, 537_215_300_000_000),  # the crisis year: nominal GDP fell
        (2005, 957_447_800_000_000),
        (2010, 1_322_611_200_000_000),  # 1.3226112E+15
        (2011, 1_388_937_200_000_000),  # first published 1,237조1,282억 on the 2005 base (note)
        (2016, 1_740_779_600_000_000),  # = IMF WEO as quoted
        (2022, 2_161_773_900_000_000),  # BOK 2,161조8천억 (2015 base) to 0.1 trillion
        (2023, 2_236_329_400_000_000),  # BOK 2,236조3천억 (2015 base, before the 2020 rebase)
    ],
)
def test_kr_gdp_where_documented(year: int, won: int) -> None:
    assert bundled_series()["kr-gdp"].value(year) == Decimal(won)


def test_history_per_troop_uses_the_years_troops_and_says_so() -> None:
    bank = bundled_series()
    recs = {
        int(r["year"]): r
        for r in history_records(history("us-rok", bank), bank, Currency.USD, pending=True)
    }
    # 1991: US$150M / 40,062 troops (Kane/Heritage) = 374,419.65 → 374,420 cents
    assert recs[1991]["troops"] == 40_062
    assert recs[1991]["per_troop"] == round_exact(
        Fraction(15_000_000_000, 40_062), RoundingMode.HALF_UP
    )
    assert recs[1991]["per_troop"] == 374_420
    assert str(recs[1991]["troops_basis"]).startswith("usfk-troops 1991 (" + HERITAGE)
    # 2018: 9,602억 / 25,812 won; in dollars the converted amount / 25,812 cents
    assert recs[2018]["per_troop"] == 37_199_752
    assert recs[2018]["converted_per_troop"] == round_exact(
        Fraction(int(str(recs[2018]["converted_amount"])), 25_812), RoundingMode.HALF_UP
    )
    # a pending year: the agreement's stated level stands in, the basis says so, no amount
    assert recs[2028]["troops"] == 28_500 and recs[2028]["per_troop"] is None
    assert recs[2028]["troops_basis"] == "agreement SMA-12 troops (no usfk-troops count for 2028)"


def test_japan_history_per_troop_before_the_first_sma() -> None:
    bank = bundled_series()
    recs = {r["year"]: r for r in history_records(history("us-japan", bank), bank, Currency.USD)}
    # FY1978: 62億円 / 45,939 troops = 134,961.6 → 134,962 yen; no agreement level to fall back on
    assert recs[1978]["troops"] == 45_939
    assert recs[1978]["per_troop"] == 134_962
    assert recs[1978]["converted_per_troop"] == round_exact(
        Fraction(int(str(recs[1978]["converted_amount"])), 45_939), RoundingMode.HALF_UP
    )


MND_BUDGETS = "http://www.mnd.go.kr/mbshome/mbs/mnd/subview.jsp?id=mnd_010401020000"


@pytest.mark.parametrize(
    ("year", "eok"),
    [
        # MND, 국방예산 추이 (main budget by year, 억원)
        (1991, 74_524),
        (1992, 84_100),
        (1997, 137_865),
        (1998, 146_275),
        (1999, 137_490),  # the one cut: −6.0%
        (2003, 174_264),  # also Hankyung/Yonhap, Jun 2003 ("올해 17조 4천264억원")
        (2004, 189_412),  # also Yonhap via Seoul Economic Daily
        (2005, 208_226),
        (2006, 225_129),
        (2007, 244_972),
    ],
)
def test_defence_budget_1991_to_2007(year: int, eok: int) -> None:
    obs = bundled_series()["kr-defense-budget"].observations[year]
    assert obs.value == Decimal(eok * EOK)
    assert MND_BUDGETS in obs.reference and not obs.flags


def test_defence_budget_levels_and_published_growth_agree_1991_to_2017() -> None:
    """Oracle across the MND table: each published rate is its levels' growth to 0.1 point."""
    bank = bundled_series()
    budget, rates = bank["kr-defense-budget"], bank["kr-defense-budget-growth"]
    assert set(range(1991, 2027)) <= set(budget.observations)
    for year in range(1992, 2018):
        exact = Fraction(budget.value(year)) / Fraction(budget.value(year - 1)) * 100 - 100
        published = Fraction(rates.value(year))
        assert abs(exact - published) <= Fraction(1, 20), year
    assert rates.value(1999) == Decimal("-6.0")


def test_budget_share_of_a_dollar_year_needs_its_won_value() -> None:
    # 1997 is in dollars; its share of the won budget is computed in schedule's host view
    rok = load_dataset("us-rok")
    bank = bundled_series()
    conv = Conversion(Currency.KRW, series="krw-per-usd")
    rows = {
        r.year: r
        for r in schedule(rok.agreement("SMA-3"), bank, conversion=conv, host=rok.host_series).rows
    }
    # US$363M × 953.1904 won/$ / 13조7,865억
    won = rows[1997].converted
    assert won is not None and won.minor == 346_008_115_200  # exact: 363,000,000 × 953.1904
    exact = Fraction(won.minor * 100, 13_786_500_000_000)
    assert rows[1997].budget_share_pct == Decimal(
        round_exact(exact * 10_000, RoundingMode.HALF_UP)
    ) / Decimal(10_000)
