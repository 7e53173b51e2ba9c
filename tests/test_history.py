"""The US–ROK history reproduces every documented figure of DOMAIN.md, with its source URL.

Oracles are typed in from DOMAIN.md §1 (notes) and §2, not read from the bundled YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from burdenshare.costs.agreement import amounts
from burdenshare.costs.catalog import load_dataset
from burdenshare.costs.history import History, history
from burdenshare.costs.schedule import schedule
from burdenshare.data import bundled_series
from burdenshare.money import Currency, Money, multiply

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
    Documented(2022, won(12472), "kuk", ("https://kuk.kode.co.kr/article/list/@jerald?page=31",)),
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
MND_CHART = [
    Documented(year, usd_100m(value), "MND-chart", (MND,)) for year, value in MND_CHART_USD.items()
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


def test_1998_dong_a_alternative_is_399m(rok: History) -> None:
    entry = rok.entry(1998)
    assert entry.amount == usd_100m("3.9")
    assert Money(399_000_000 * 100, Currency.USD) in [a.amount for a in entry.alternatives]


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


def test_years_strictly_increasing_one_record_each(rok: History) -> None:
    years = [e.year for e in rok.entries]
    assert years == sorted(set(years))
    assert years == list(range(1991, 2028))


def test_only_2023_2024_2027_are_computed(rok: History) -> None:
    assert [e.year for e in rok.entries if e.computed] == [2023, 2024, 2027]


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


def test_japan_history_loads() -> None:
    jp = history("us-japan")
    years = [e.year for e in jp.entries]
    assert years == sorted(set(years))
    assert all(e.amount.currency is Currency.JPY for e in jp.entries)
    fy2011 = jp.entry(2011)
    assert fy2011.amount == Money(188_100_000_000, Currency.JPY)
    assert fy2011.computed is False
    assert "https://www.mofa.go.jp/region/n-america/us/security/hns_sma1012.html" in fy2011.source
    fy2021 = jp.entry(2021)
    assert fy2021.amount == Money(201_700_000_000, Currency.JPY)
    assert "kyodonews" in fy2021.source
    # FY2012 is not published: the FY2011 SMA's freeze computes it
    assert jp.entry(2012).computed is True
    assert jp.entry(2012).amount == Money(188_100_000_000, Currency.JPY)


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
