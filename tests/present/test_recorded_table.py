"""The recorded offers shaped once (present/study.py recorded_table): `negotiate` prints the
table /negotiation draws and its JSON twin carries, with the same strings."""

from __future__ import annotations

import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.present.study import recorded_table
from burdenshare.talks import montecarlo
from burdenshare.talks.study import study_scenario
from burdenshare.web import views
from test_cli_views import run_inline

# sma-2018's recorded December 2018 positions (the seed report; WSJ, 7 Dec; Seoul's 1 trillion)
EXPECTED = [
    ("1", "US", "amount 200% of the reference level · duration 5 years · annual increase 0% · "
     "strategic assets: yes", "0.5189", "0.4811", "1,920.4"),
    ("2", "ROK", "amount 104% of the reference level · duration 5 years · annual increase 0% · "
     "strategic assets: no", "0.7622", "0.2378", "998.60"),
    ("3", "US", "amount 150% of the reference level · duration 5 years · annual increase 0% · "
     "strategic assets: no", "0.6571", "0.3429", "1,440.3"),
]  # fmt: skip


def _table() -> object:
    loaded = load_scenario("sma-2018")
    st = montecarlo.setup(loaded)
    offers = [(st.parties[k % 2], int(i)) for k, i in enumerate(st.protocol.history)]
    return recorded_table(study_scenario(loaded), offers)


def test_sma2018_recorded_offers_in_words_with_units() -> None:
    table = _table()
    assert [c.header for c in table.columns] == [  # type: ignore[attr-defined]
        "offer", "party", "terms", "utility ROK", "utility US", "first year (KRW bn)",
    ]  # fmt: skip
    assert table.texts() == tuple(EXPECTED)  # type: ignore[attr-defined]
    # the first-year payment beside its text: 200% of 960.2 billion won, exact
    assert table.rows[0][5].value == 1_920_400_000_000  # type: ignore[attr-defined]


def test_negotiate_prints_the_pages_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_inline(capsys, "negotiate", "sma-2018")
    assert code == 0, err
    assert "Recorded offers" in out
    for row in EXPECTED:
        assert row[3] in out and row[5] in out
    assert views.negotiation_view()["recorded_table"] == _table().to_json()  # type: ignore[attr-defined]
