"""The model beside every documented figure of the 2018–19 and 2019–21 lapses.

Nothing here is tuned: the bundled scenarios hold the documented inputs; this module runs them
and sets each output next to the figure the record gives, with that figure's source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from burdenshare.costs.scenario import load_scenario
from burdenshare.data import scenario_path
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.timeline import Timeline, simulate_case

EOK = 100_000_000  # 1억원 in won
# KRW per USD, 2020 annual average (Fed G.5A): https://federalreserve.gov/releases/g5a/20210104
KRW_PER_USD_2020 = Decimal("1180.56")
FED_G5A = "https://federalreserve.gov/releases/g5a/20210104"


@dataclass(frozen=True)
class Check:
    lapse: str
    item: str
    documented: str
    model: str
    verdict: str  # match | within range | differs by x% | input | modelled only
    source: str

    def to_record(self) -> dict[str, Any]:
        return {
            "lapse": self.lapse,
            "item": self.item,
            "documented": self.documented,
            "model": self.model,
            "verdict": self.verdict,
            "source": self.source,
        }


@dataclass(frozen=True)
class Calibration:
    checks: tuple[Check, ...]
    assumptions: tuple[str, ...]

    def to_records(self) -> list[dict[str, Any]]:
        return [c.to_record() for c in self.checks]


def _eok(won: int) -> str:
    """Won in billions, to 0.1 (1,000억원 = 100 billion won)."""
    billions = (Decimal(won) / 1_000_000_000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{billions:,} billion won"


def _gap(model: int, documented: int) -> str:
    pct = (Decimal(model - documented) * 100 / documented).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return f"differs by {pct:+}%"


def _sum(timeline: Timeline, column: str, year: int) -> int:
    return sum(r[column] for r in timeline.to_records() if r["month"].startswith(f"{year}-"))


def calibrate() -> Calibration:
    """Run the bundled 2018–19 and 2019–21 lapses and compare them with the record."""
    t20 = simulate_case(lapse_case(load_scenario("sma-2020-lapse")))
    t19 = simulate_case(lapse_case(load_scenario("sma-2018")))
    s20, s19 = t20.summary(), t19.summary()
    lapse20, lapse19 = "2019–21", "2018–19"
    earliest = t20.case.events.earliest_furlough()
    back = (
        s20.leave_starts + timedelta(days=s20.leave_days_per_worker) if s20.leave_starts else None
    )
    seoul_2020 = _sum(t20, "funded_host", 2020) + _sum(t20, "bridge_paid", 2020)
    interim_2020 = _sum(t20, "funded_host", 2020)
    usd = (Decimal(interim_2020) / KRW_PER_USD_2020 / 1_000_000).quantize(Decimal(1))
    services_2020 = sum(
        r["spent_construction"] + r["spent_logistics"]
        for r in t20.to_records()
        if r["month"].startswith("2020-")
    )
    top_up = sum(r["top_up_reserve"] + r["top_up_host"] for r in t19.to_records())
    checks = (
        Check(
            lapse20,
            "furlough starts",
            "1 Apr 2020",
            f"{s20.leave_starts}",
            "match" if s20.leave_starts == date(2020, 4, 1) else "differs",
            "https://en.yna.co.kr/view/AEN20200331008653325?section=national/defense",
        ),
        Check(
            lapse20,
            "earliest furlough the notices allow",
            "60-day notice of 29 Jan 2020 for a furlough 'that could occur on April 1'",
            f"{earliest} (every notice's minimum run)",
            "consistent" if earliest and earliest <= date(2020, 4, 1) else "differs",
            "http://www01.koreaherald.com/view.php?ud=20200129000283",
        ),
        Check(
            lapse20,
            "people on unpaid leave",
            "about 4,000 (Dong-A; Yonhap) to some 4,500 (JoongAng)",
            f"{s20.max_on_leave:,}",
            "within range" if 4_000 <= s20.max_on_leave <= 4_500 else "outside range",
            "https://www.donga.com/en/article/all/20200326/2020026/1 ; "
            "https://koreajoongangdaily.joins.com/2020/03/31/politics/"
            "Furlough-begins-for-Korean-USFK-employees/3075553.html",
        ),
        Check(
            lapse20,
            "days on leave",
            "75 ('after a 75-day absence')",
            f"{s20.leave_days_per_worker}",
            "match" if s20.leave_days_per_worker == 75 else "differs",
            "https://sputniknews.com/asia/202006151079614643-over-4000-skorean-employees-"
            "to-resume-work-at-us-bases-after-75-day-absence---reports/",
        ),
        Check(
            lapse20,
            "back at work",
            "15 Jun 2020",
            f"{back}",
            "match" if back == date(2020, 6, 15) else "differs",
            "http://english.hani.co.kr/arti/english_edition/e_international/947952.html",
        ),
        Check(
            lapse20,
            "Seoul's 2020 payments: labour prepaid + Special Act relief",
            _eok(3_144 * EOK),
            _eok(seoul_2020),
            _gap(seoul_2020, 3_144 * EOK),
            "http://www.insightkorea.co.kr/news/articleViewAmp.html?idxno=87224",
        ),
        Check(
            lapse20,
            "Seoul's labour funding, 15 Jun–31 Dec 2020",
            "over US$200 million",
            f"{_eok(interim_2020)} ≈ US${usd:,} million at {KRW_PER_USD_2020} won/$ [derived]",
            "consistent" if usd > 200 else "differs",
            "http://english.hani.co.kr/arti/english_edition/e_international/947952.html ; "
            + FED_G5A,
        ),
        Check(
            lapse20,
            "Special Act relief paid",
            "1.8–1.98 million won a month per furloughed worker",
            f"{_eok(s20.costs.host)} in all (1.98 million × people × months on leave)",
            "input (upper figure)",
            "https://en.yna.co.kr/view/AEN20200512009300325",
        ),
        Check(
            lapse20,
            "construction and logistics executed in 2020",
            "about 400 billion won of ongoing projects",
            _eok(services_2020),
            "input (the reserve)",
            "https://hankyung.com/article/202103105753Y",
        ),
        Check(
            lapse20,
            "construction without funds",
            "suspended until the 11th SMA entered into force",
            ", ".join(f"{s}: {a} to {b}" for s, a, b in s20.suspended if s != "payroll"),
            "modelled (funds exhausted)",
            "https://hankyung.com/article/202103105753Y",
        ),
        Check(
            lapse20,
            "who paid Jan–Mar 2020",
            "the US, from programmed funds (amount not published)",
            f"sending state {_eok(_sum(t20, 'funded_sending_state', 2020))}",
            "modelled only",
            "https://www.stripes.com/theaters/asia_pacific/us-military-gives-south-korean-"
            "employees-one-month-notice-on-unpaid-leave-1.620620",
        ),
        Check(
            lapse20,
            "11th SMA in force",
            "1 Sep 2021",
            f"{s20.entry_into_force}",
            "input",
            "https://en.yna.co.kr/view/AEN20210901006300325",
        ),
        Check(
            lapse19,
            "furlough",
            "none",
            f"{s19.max_on_leave:,} on leave",
            "match" if s19.max_on_leave == 0 else "differs",
            "http://world.kbs.co.kr/service/news_view.htm?lang=i&Seq_Code=52736",
        ),
        Check(
            lapse19,
            "10th SMA in force",
            "5 Apr 2019",
            f"{s19.entry_into_force}",
            "input",
            "https://hankyung.com/article/201904055541Y",
        ),
        Check(
            lapse19,
            "difference to the 2019 level, paid after the deal",
            "'covered by a reserve fund' (amount not published)",
            _eok(top_up),
            "modelled only",
            "http://world.kbs.co.kr/service/news_view.htm?lang=i&Seq_Code=52736",
        ),
    )
    assumptions = tuple(dict.fromkeys((*s20.assumptions, *s19.assumptions)))
    return Calibration(checks, assumptions)


CALIBRATED = {"sma-2020-lapse": "2019–21", "sma-2018": "2018–19"}


def calibrated_lapse(scenario_name: str, path: Path) -> str | None:
    """The lapse (``"2019–21"``) a bundled scenario file replays, whose calibration its
    surfaces show; None for other files, even under a bundled name (an edited copy is not what
    was calibrated)."""
    lapse = CALIBRATED.get(scenario_name)
    if lapse is None or path.resolve() != scenario_path(scenario_name).resolve():
        return None
    return lapse
