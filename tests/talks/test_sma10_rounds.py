"""The 10th SMA talks' ten rounds (2018): every round dated and placed from a public page,
and the tracker demo's rounds say the same (issue 16, item 1)."""

from __future__ import annotations

import json
from datetime import date

from burdenshare.costs.scenario import load_scenario
from burdenshare.store.demo import demo_text

# As listed by SPN Seoul-Pyongyang News before the 9th round (Nov 2018); round 5 also by
# Daily Hankook (13 Jul 2018), round 8's end by KBS (19 Oct 2018).
EXPECTED = {
    5: (date(2018, 7, 18), date(2018, 7, 19), "Seattle"),
    6: (date(2018, 8, 22), date(2018, 8, 23), "Seoul"),
    7: (date(2018, 9, 19), date(2018, 9, 20), "Washington"),
    8: (date(2018, 10, 16), date(2018, 10, 19), "Seoul"),
}


def test_rounds_5_to_8_of_the_10th_talks_have_their_reported_dates_and_venues() -> None:
    spec = load_scenario("sma-10").spec.backtest
    assert spec is not None
    rounds = {r.number: r for r in spec.rounds}
    assert sorted(rounds) == list(range(1, 11))
    for number, (start, end, venue) in EXPECTED.items():
        r = rounds[number]
        assert (r.start, r.end, r.venue) == (start, end, venue)
        assert "spnews.co.kr" in r.reference
    starts = [rounds[n].start for n in range(1, 11)]
    assert all(s is not None for s in starts) and starts == sorted(starts)  # type: ignore[type-var]


def test_adding_rounds_5_to_8_leaves_the_backtest_date_at_the_10th_round() -> None:
    from burdenshare.talks.replay import default_as_of

    spec = load_scenario("sma-10").spec.backtest
    assert spec is not None
    assert default_as_of(spec) == date(2018, 12, 13)


def test_the_tracker_demo_holds_the_same_ten_rounds() -> None:
    demo = json.loads(demo_text("sma-10-2018.json"))
    spec = load_scenario("sma-10").spec.backtest
    assert spec is not None
    rounds = {r["number"]: r for r in demo["rounds"]}
    for number, (start, end, venue) in EXPECTED.items():
        r = rounds[number]
        assert (r["starts_on"], r["ends_on"], r["venue"]) == (
            start.isoformat(),
            end.isoformat(),
            venue,
        )
        assert all(s.startswith("http") for s in r["sources"])
    for r in spec.rounds:
        assert rounds[r.number]["starts_on"] == (r.start.isoformat() if r.start else None)
