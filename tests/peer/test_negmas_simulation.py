"""Simulation parity with NegMAS 0.16: same agreement, same step, on the SMA and ANAC domains.

NegMAS runs in its own venv through ``negmas_sim_peer.py`` (JSON in, JSON out). Each request
carries OUR utilities (the ANAC profiles' linear-additive tables as we read them; the SMA
domain's full money-grounded table), and NegMAS's utilities are checked bit for bit (SHA-256)
before any comparison. ``BoulwareTBNegotiator`` vs ``ConcederTBNegotiator`` (both orders)
against our :func:`negmas_time_based` strategies with ``ties="negmas"``, 100 NegMAS steps in
both step modes: ``one_offer_per_step=True`` is our ``Protocol(100, "offer")`` (round = step),
NegMAS's default is ``Protocol(200, "pair")`` (step = round // 2). NegMAS's time-based
negotiators are deterministic (``stochastic=False``: the inverter's ``worst_in``), so no seed
is involved.
"""

from __future__ import annotations

import functools
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from burdenshare.costs.scenario import load_scenario
from burdenshare.negotiation import load_genius
from burdenshare.negotiation.simulation import BatchSpec, Protocol, negmas_time_based, simulate
from burdenshare.talks.study import study_scenario

pytestmark = pytest.mark.negmas

PEER = Path(__file__).with_name("negmas_sim_peer.py")
GENIUS = Path(__file__).resolve().parents[1] / "negotiation" / "data" / "genius"
ANAC = {  # name: folder, domain file, profile of party 0, profile of party 1
    "EnglandZimbabwe": ("y2010/EnglandZimbabwe", "EnglandZimbabwe_domain.xml",
                        "England.xml", "Zimbabwe.xml"),
    "ItexvsCypress": ("y2010/ItexvsCypress", "ItexvsCypress_domain.xml",
                      "ItexvsCypress_Itex.xml", "ItexvsCypress_Cypress.xml"),
    "Travel": ("y2010/Travel", "travel_domain.xml", "travel_chox.xml", "travel_fanny.xml"),
    "Camera": ("y2011/Camera", "camera_domain.xml",
               "camera_buyer_utility.xml", "camera_seller_utility.xml"),
    "Energy": ("y2011/Energy", "energy_domain.xml",
               "energy_consumer.xml", "energy_distributor.xml"),
    "Grocery": ("y2011/Grocery", "Grocery_domain.xml",
                "Grocery_domain_mary.xml", "Grocery_domain_sam.xml"),
    "Laptop": ("y2011/Laptop", "laptop_domain.xml",
               "laptop_buyer_utility.xml", "laptop_seller_utility.xml"),
}  # fmt: skip
ORDERS = (("boulware", "conceder"), ("conceder", "boulware"))
MODES = ((True, 100, "offer"), (False, 200, "pair"))  # one_offer_per_step, our rounds, clock
STEPS = 100


@functools.cache
def domain(name: str) -> tuple[list[int], list[dict[str, Any]], tuple[np.ndarray, ...], list]:
    """Issue sizes, the peer's party specs, our utilities, and reservation pairs to run."""
    if name == "SMA":
        study = study_scenario(load_scenario("sma-2018"))
        sizes = [issue.size for issue in study.space.issues]
        parties = [{"table": u.tolist()} for u in study.utilities]
        return sizes, parties, study.utilities, [list(study.reservation), [0.0, 0.0]]
    folder, domain_file, *profiles = ANAC[name]
    space, prefs = load_genius(
        GENIUS / folder / domain_file, [GENIUS / folder / p for p in profiles]
    )
    utilities = tuple(p.utilities(space) for p in prefs)
    parties = [
        # a GENIUS party whose weighted sums pass 1 (Laptop: 1.0000518) is capped at 1, which
        # NegMAS's linear-additive function cannot do: it goes over as a table of utilities
        {"table": u.tolist()}
        if p.cap_binds(space)
        else {
            "linear_additive": {
                "weights": [p.weights[issue] for issue in space.names],
                "tables": [t.tolist() for t in p.tables(space)],
            }
        }
        for p, u in zip(prefs, utilities, strict=True)
    ]
    reservations = [[p.reservation_value for p in prefs], [0.25, 0.4]]
    return [issue.size for issue in space.issues], parties, utilities, reservations


def ask_negmas(python: Path, request: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run(
        [str(python), str(PEER)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
        cwd=PEER.parent,
    )
    assert proc.returncode == 0, proc.stderr
    answer: dict[str, Any] = json.loads(proc.stdout)
    assert answer["negmas"] == "0.16.0"
    return answer


def sha256(values: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(values, dtype=np.float64).tobytes()).hexdigest()


def ours(
    utilities: tuple[np.ndarray, ...],
    order: tuple[str, str],
    rounds: int,
    clock: str,
    reservations: list[list[float]],
) -> list[tuple[int, int]]:
    """Per reservation pair: our agreed outcome and NegMAS step (``-1, -1`` if none)."""
    spec = BatchSpec(
        Protocol(rounds, clock),  # type: ignore[arg-type]
        (negmas_time_based(order[0]), negmas_time_based(order[1])),  # type: ignore[arg-type]
        utilities,
        (np.array([r[0] for r in reservations]), np.array([r[1] for r in reservations])),
        ties="negmas",
    )
    result = simulate(spec)
    step = result.round if clock == "offer" else result.round // 2
    return [(int(o), int(s) if o >= 0 else -1) for o, s in zip(result.outcome, step, strict=True)]


@pytest.mark.parametrize("name", ["SMA", *ANAC])
def test_time_based_agreements_equal_negmas(negmas_python: Path, name: str) -> None:
    sizes, parties, utilities, reservations = domain(name)
    runs = [
        {
            "negotiators": list(order),
            "reservations": pair,
            "n_steps": STEPS,
            "one_offer_per_step": atomic,
        }
        for atomic, _, _ in MODES
        for order in ORDERS
        for pair in reservations
    ]
    request = {"issues": sizes, "parties": parties, "runs": runs, "utilities_sha256": True}
    answer = ask_negmas(negmas_python, request)
    assert answer["utilities_sha256"] == [sha256(u) for u in utilities]
    theirs = [(run["agreement"], run["step"]) for run in answer["runs"]]
    expected = [
        pair
        for _, rounds, clock in MODES
        for order in ORDERS
        for pair in ours(utilities, order, rounds, clock, reservations)
    ]
    assert expected == theirs
    assert sum(outcome >= 0 for outcome, _ in theirs) >= len(theirs) // 2  # real agreements
