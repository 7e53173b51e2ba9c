"""Nominal GDP (issue 14/15, rec2): every bundled year of ``kr-gdp`` (1991–2023) and ``jp-gdp``
(1978–2023), one case each, transcribed from the World Bank's download file of NY.GDP.MKTP.CN
(GDP, current LCU; update of 28 June 2024) as stated there (``1.3226112E+15`` included), not
from the YAML. The file is read through the public copy named in each note."""

from __future__ import annotations

from decimal import Decimal

import pytest

from burdenshare.data import bundled_series

WB = "https://data.worldbank.org/indicator/NY.GDP.MKTP.CN?locations="
MIRROR = (
    "github.com/relatoscondatos/data_global/blob/1d84b5e3c51ab0344c37215542b754e39fe2f195/"
    "data/source/worldbank/API_NY.GDP.MKTP.CN_DS2_en_csv_v2_2001080/"
)

KOR = {
    1991: "242481100000000",
    1992: "277540800000000",
    1993: "315181300000000",
    1994: "372493400000000",
    1995: "436988800000000",
    1996: "490850900000000",
    1997: "542001800000000",
    1998: "537215300000000",
    1999: "591453000000000",
    2000: "651634400000000",
    2001: "707021300000000",
    2002: "784741300000000",
    2003: "837365000000000",
    2004: "908439200000000",
    2005: "957447800000000",
    2006: "1.0056015E+15",
    2007: "1.0896602E+15",
    2008: "1.1542165E+15",
    2009: "1.2053477E+15",
    2010: "1.3226112E+15",
    2011: "1.3889372E+15",
    2012: "1.4401114E+15",
    2013: "1.5008191E+15",
    2014: "1.5629289E+15",
    2015: "1.6580204E+15",
    2016: "1.7407796E+15",
    2017: "1.8356982E+15",
    2018: "1.8981926E+15",
    2019: "1.9244981E+15",
    2020: "1.9407262E+15",
    2021: "2.0801985E+15",
    2022: "2.1617739E+15",
    2023: "2.2363294E+15",
}

JPN = {
    1978: "217935863164000",
    1979: "236213214422000",
    1980: "256075900000000",
    1981: "274615900000000",
    1982: "288613000000000",
    1983: "301844100000000",
    1984: "319663600000000",
    1985: "340395300000000",
    1986: "357276100000000",
    1987: "373273000000000",
    1988: "400566900000000",
    1989: "428994100000000",
    1990: "461295100000000",
    1991: "491418900000000",
    1992: "504161200000000",
    1993: "504497800000000",
    1994: "510916100000000",
    1995: "521613500000000",
    1996: "535562100000000",
    1997: "543545400000000",
    1998: "536497400000000",
    1999: "528069900000000",
    2000: "535417700000000",
    2001: "531653900000000",
    2002: "524478700000000",
    2003: "523968600000000",
    2004: "529400900000000",
    2005: "532515600000000",
    2006: "535170200000000",
    2007: "539281700000000",
    2008: "527823800000000",
    2009: "494938400000000",
    2010: "505530600000000",
    2011: "497448900000000",
    2012: "500474700000000",
    2013: "508700600000000",
    2014: "518811000000000",
    2015: "538032300000000",
    2016: "544364600000000",
    2017: "553073000000000",
    2018: "556630100000000",
    2019: "557910800000000",
    2020: "539808200000000",
    2021: "552571400000000",
    2022: "559710100000000",
    2023: "591881300000000",
}


@pytest.mark.parametrize(
    ("series", "country", "year", "stated"),
    [*(("kr-gdp", "KR", y, v) for y, v in sorted(KOR.items())),
     *(("jp-gdp", "JP", y, v) for y, v in sorted(JPN.items()))],
)  # fmt: skip
def test_gdp_from_the_world_bank_file(series: str, country: str, year: int, stated: str) -> None:
    obs = bundled_series()[series].observations[year]
    assert obs.value == Decimal(stated)  # exact: the file's figure, in whole currency units
    assert obs.reference == WB + country and MIRROR in obs.note and stated in obs.note
    assert obs.flags == ("secondary",)


def test_gdp_series_cover_every_year_on_one_basis() -> None:
    bank = bundled_series()
    assert sorted(bank["kr-gdp"].observations) == list(range(1991, 2024))
    assert sorted(bank["jp-gdp"].observations) == list(range(1978, 2024))
    # the other bases are kept in the notes, never mixed into the values
    notes = {y: o.note for y, o in bank["kr-gdp"].observations.items()}
    assert "1,237조1,282억" in notes[2011] and "2,401조" in notes[2023]
    assert "FY2020 ¥538,787.8 billion" in bank["jp-gdp"].observations[2020].note


def test_the_world_bank_series_agrees_with_the_figures_bundled_before() -> None:
    """The IMF WEO figures quoted for 2016–2019 (KRW billion, one decimal) and the BOK's 2022 and
    2023 (trillion, one decimal) agree with the World Bank file within their stated precision."""
    imf = {2016: "1740779.6", 2017: "1835698.3", 2018: "1898192.6", 2019: "1924498.0"}
    for year, billions in imf.items():
        assert abs(Decimal(KOR[year]) - Decimal(billions) * 10**9) <= Decimal("0.1") * 10**9
    for year, trillions in {2022: "2161.8", 2023: "2236.3"}.items():
        assert round(Decimal(KOR[year]) / 10**12, 1) == Decimal(trillions)
