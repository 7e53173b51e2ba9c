"""Protocol clocks, recorded histories, strategy data and the exponent mappings."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from burdenshare.negotiation.simulation import (
    GENIUS_EXPONENTS,
    NEGMAS_EXPONENTS,
    AcceptAbove,
    AcceptNext,
    AcceptTarget,
    Protocol,
    SimulationError,
    TimeDependent,
    TitForTat,
    boulware,
    conceder,
    linear,
    negmas_time_based,
)


def test_offer_clock_is_negmas_one_offer_per_step() -> None:
    protocol = Protocol(4)
    assert protocol.steps == 4
    assert protocol.relative_times(0) == (1 / 5, 3 / 5)
    assert protocol.relative_times(1) == (2 / 5, 4 / 5)
    assert [protocol.turns(0), protocol.turns(1)] == [2, 2]


def test_pair_clock_is_negmas_default_steps() -> None:
    protocol = Protocol(6, "pair")
    assert protocol.steps == 3
    assert [protocol.relative_time(k) for k in range(6)] == [
        1 / 4,
        1 / 4,
        2 / 4,
        2 / 4,
        3 / 4,
        3 / 4,
    ]
    assert Protocol(5, "pair").steps == 3
    assert Protocol(5).turns(0) == 3 and Protocol(5).turns(1) == 2


def test_recorded_history_interleaves_the_parties() -> None:
    protocol = Protocol.recorded(10, first=(8, 2), second=(1,))
    assert protocol.history == (8, 1, 2)
    assert protocol.start == 3
    assert Protocol.recorded(10, first=(8,), second=(1,)).history == (8, 1)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Protocol(0), "rounds must be in"),
        (lambda: Protocol(True), "rounds must be an integer"),  # type: ignore[arg-type]
        (lambda: Protocol(3, "turn"), "clock must be"),  # type: ignore[arg-type]
        (lambda: Protocol(2, history=(1, 2)), "leaves nothing to simulate"),
        (lambda: Protocol(5, history=(1, -2)), "negative outcome index"),
        (lambda: Protocol.recorded(9, first=(1,), second=(2, 3)), "party 0 opens"),
        (lambda: TimeDependent(0.0), "exponent e must be > 0"),
        (lambda: TimeDependent(1.0, tolerance=-1.0), "tolerance and slack"),
        (lambda: TimeDependent(1.0, acceptance=(object(),)), "not an acceptance rule"),  # type: ignore[arg-type]
        (lambda: AcceptAbove(math.nan), "must be finite"),
        (lambda: TitForTat(observe="both"), "observe must be"),  # type: ignore[arg-type]
    ],
)
def test_bad_specifications_are_refused(make: object, message: str) -> None:
    with pytest.raises(SimulationError, match=message):
        make()  # type: ignore[operator]


def test_exponent_convention_and_mappings() -> None:
    # f(t) = t^(1/e); NegMAS's PolyAspiration 1 − t^p has p = 1/e.
    assert NEGMAS_EXPONENTS == {"boulware": 4.0, "linear": 1.0, "conceder": 0.25}
    assert GENIUS_EXPONENTS == {"boulware": 0.2, "linear": 1.0, "conceder": 2.0}
    assert negmas_time_based("boulware") == TimeDependent(0.25, (AcceptTarget(),), 1e-4, 1e-6)
    assert negmas_time_based("linear").e == 1.0
    assert negmas_time_based("conceder").e == 4.0
    assert negmas_time_based("conceder").power == 0.25
    assert boulware() == TimeDependent(0.2, (AcceptNext(),))
    assert linear().e == 1.0 and conceder().e == 2.0
    with pytest.raises(SimulationError, match="kind must be one of"):
        negmas_time_based("hardheaded")  # type: ignore[arg-type]


def test_aspiration_is_one_minus_t_to_the_one_over_e() -> None:
    assert TimeDependent(0.25).aspirations((0.5,)) == (1.0 - 0.5**4,)
    assert TimeDependent(4.0).aspirations((0.0625,)) == (0.5,)
    assert TimeDependent(1.0).aspirations((0.25, 0.75)) == (0.75, 0.25)


def test_docs_example_runs() -> None:
    docs = Path(__file__).resolve().parents[3] / "docs" / "simulation.md"
    code = docs.read_text(encoding="utf-8").split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, str(docs), "exec"), {})
