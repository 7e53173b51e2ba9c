"""Every figure added to the record in issue 14's last round, one test case each, beside its source.

The expected values are transcribed from the sources, not from the bundled YAML: the FRED
mirror's ``data/annual.csv`` (datasets/exchange-rates, commit fa7d949), the troopdata package's
``data-raw/troopdata.csv`` (commit 3946bcf) and the MND table of defence budgets by year.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from burdenshare.data import bundled_series

FRED = "https://fred.stlouisfed.org/series/"
FX_MIRROR = "github.com/datasets/exchange-rates/blob/fa7d949956d1db1d21102654b1f40d64d2568677"
TROOPDATA = "github.com/meflynn/troopdata/blob/3946bcf89a6d72de8abace812dc557f1f249f5f7"
HERITAGE = "https://www.heritage.org/defense/report/global-us-troop-deployment-1950-2005"
MND_BUDGETS = "http://www.mnd.go.kr/mbshome/mbs/mnd/subview.jsp?id=mnd_010401020000"
EOK = 100_000_000

# FRED AEXKOUS (won per dollar, annual average), as mirrored
KRW_FRED = {
    1991: "736.7331",
    1992: "784.6608",
    1993: "805.7516",
    1994: "806.9319",
    1995: "772.6853",
    1996: "804.9968",
    1997: "953.1904",
    1998: "1400.4036",
    1999: "1189.8361",
    2000: "1130.8975",
    2001: "1292.0149",
    2002: "1250.3140",
    2003: "1192.0817",
    2004: "1145.2364",
    2005: "1023.7492",
    2006: "954.3210",
    2007: "928.9717",
    2008: "1098.7061",
    2009: "1274.6252",
    2010: "1155.7389",
    2011: "1106.9400",
    2016: "1159.3422",
    2024: "1363.4381",
    2025: "1421.3963",
}
# FRED AEXJPUS (yen per dollar, annual average), as mirrored
JPY_FRED = {
    1978: "210.3854",
    1979: "219.0168",
    1980: "226.6309",
    1981: "220.6281",
    1982: "249.0601",
    1983: "237.5535",
    1984: "237.4622",
    1985: "238.4673",
    1986: "168.3496",
    1987: "144.6023",
    1988: "128.1742",
    1989: "138.0738",
    1990: "144.9987",
    1991: "134.5909",
    1992: "126.7801",
    1993: "111.0755",
    1994: "102.1790",
    1995: "93.9649",
    1996: "108.7800",
    1997: "121.0581",
    1998: "130.9892",
    1999: "113.7342",
    2000: "107.8040",
    2001: "121.5680",
    2008: "103.3906",
    2009: "93.6827",
    2010: "87.7817",
    2011: "79.6967",
    2016: "108.6569",
    2024: "151.4551",
    2025: "149.5686",
}
# US troops (DMDC; Kane/Heritage to 2005), troopdata.csv
USFK = {
    1991: 40_062,
    1992: 35_743,
    1993: 34_830,
    1994: 36_796,
    1995: 36_016,
    1996: 36_539,
    1997: 35_663,
    1998: 36_890,
    1999: 35_913,
    2000: 36_565,
    2001: 37_605,
    2002: 37_743,
    2003: 41_145,
    2004: 40_840,
    2005: 30_983,
    2006: 29_486,
    2007: 27_014,
    2008: 25_771,
    2009: 26_604,
    2010: 27_868,
    2011: 28_270,
    2012: 27_723,
    2013: 30_250,
    2014: 29_073,
    2015: 24_933,
    2016: 24_189,
    2017: 23_634,
    2018: 25_812,
    2019: 26_524,
    2020: 26_414,
    2021: 25_592,
}
USFJ = {
    1978: 45_939,
    1979: 46_207,
    1980: 46_004,
    1981: 46_196,
    1982: 51_015,
    1983: 48_711,
    1984: 45_761,
    1985: 46_923,
    1986: 48_104,
    1987: 49_783,
    1988: 49_680,
    1989: 49_861,
    1990: 46_593,
    1991: 44_566,
    1992: 45_946,
    1993: 46_131,
    1994: 45_398,
    1995: 39_134,
    1996: 42_962,
    1997: 41_257,
    1998: 40_364,
    1999: 40_338,
    2000: 40_159,
    2001: 40_217,
    2002: 41_848,
    2003: 40_519,
    2004: 36_365,
    2005: 35_571,
    2006: 35_453,
    2007: 35_803,
    2008: 42_496,
    2009: 47_890,
    2010: 46_289,
    2011: 48_209,
    2012: 49_323,
    2013: 52_956,
    2014: 52_504,
    2015: 55_727,
    2016: 38_818,
    2017: 44_545,
    2018: 54_262,
    2019: 55_227,
    2020: 53_713,
    2021: 55_990,
    2022: 53_973,
    2023: 53_246,
}
# MND 국방예산 추이: main budget (억원) and published growth (%)
BUDGET_EOK = {
    1991: 74_524,
    1992: 84_100,
    1993: 92_154,
    1994: 100_753,
    1995: 110_744,
    1996: 122_434,
    1997: 137_865,
    1998: 146_275,
    1999: 137_490,
    2000: 144_390,
    2001: 153_884,
    2002: 163_640,
    2003: 174_264,
    2004: 189_412,
    2005: 208_226,
    2006: 225_129,
    2007: 244_972,
}
GROWTH = {
    1991: "12.3",
    1992: "12.8",
    1993: "9.6",
    1994: "9.3",
    1995: "9.9",
    1996: "10.6",
    1997: "12.6",
    1998: "6.1",
    1999: "-6.0",
    2000: "5.0",
    2001: "6.6",
    2002: "6.3",
    2003: "6.5",
    2004: "8.7",
    2005: "9.9",
    2006: "8.1",
    2007: "8.8",
    2008: "8.8",
    2009: "7.1",
    2010: "3.6",
    2011: "6.2",
    2012: "5.0",
    2013: "4.2",
    2014: "4.0",
    2015: "4.9",
    2016: "3.6",
    2017: "4.0",
}


@pytest.mark.parametrize(("year", "rate"), sorted(KRW_FRED.items()))
def test_krw_per_usd_from_fred(year: int, rate: str) -> None:
    obs = bundled_series()["krw-per-usd"].observations[year]
    assert obs.value == Decimal(rate)
    assert obs.reference == FRED + "AEXKOUS" and FX_MIRROR in obs.note
    assert obs.flags == ("secondary",)


@pytest.mark.parametrize(("year", "rate"), sorted(JPY_FRED.items()))
def test_jpy_per_usd_from_fred(year: int, rate: str) -> None:
    obs = bundled_series()["jpy-per-usd"].observations[year]
    assert obs.value == Decimal(rate)
    assert obs.reference == FRED + "AEXJPUS" and FX_MIRROR in obs.note
    assert obs.flags == ("secondary",)


@pytest.mark.parametrize(
    ("series", "year", "troops"),
    [*(("usfk-troops", y, n) for y, n in sorted(USFK.items())),
     *(("usfj-troops", y, n) for y, n in sorted(USFJ.items()))],
)  # fmt: skip
def test_us_troops_dmdc(series: str, year: int, troops: int) -> None:
    obs = bundled_series()[series].observations[year]
    assert obs.value == troops
    source = obs.reference + " " + obs.note
    assert (HERITAGE in obs.reference) if year <= 2005 else (TROOPDATA in obs.reference)
    assert TROOPDATA in source and obs.flags == ("secondary",)


@pytest.mark.parametrize(("year", "eok"), sorted(BUDGET_EOK.items()))
def test_defence_budget_from_the_mnd_table(year: int, eok: int) -> None:
    obs = bundled_series()["kr-defense-budget"].observations[year]
    assert obs.value == eok * EOK and MND_BUDGETS in obs.reference and not obs.flags


@pytest.mark.parametrize(("year", "rate"), sorted(GROWTH.items()))
def test_defence_budget_growth_from_the_mnd_table(year: int, rate: str) -> None:
    obs = bundled_series()["kr-defense-budget-growth"].observations[year]
    assert obs.value == Decimal(rate) and obs.reference == MND_BUDGETS and not obs.flags
