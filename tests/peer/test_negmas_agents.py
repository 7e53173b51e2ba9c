"""Session agents against NegMAS 0.16: where NegMAS has the same agent and protocol, the same
agreements. The `negmas-boulware/linear/conceder` agents (NegMAS's time-based negotiators)
and the `tough` agent (NegMAS's ``ToughNegotiator``: ``OfferBest`` + ``AcceptBest``) play our
bilateral sessions, in pairs of their own and mixed; NegMAS plays
``SAOMechanism(n_steps=100, one_offer_per_step=True)`` (one round a step) through
``negmas_sim_peer.py`` with the same utilities (SHA-256 checked)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import warnings
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from burdenshare.negotiation.agents import AgentContext, make_agent, run_session
from burdenshare.negotiation.genius import GeniusWarning, load_genius_folder

pytestmark = pytest.mark.negmas

PEER = Path(__file__).with_name("negmas_sim_peer.py")
GENIUS = Path(__file__).resolve().parents[1] / "negotiation" / "data" / "genius"
DOMAINS = ("y2010/EnglandZimbabwe", "y2010/ItexvsCypress", "y2011/Grocery", "y2011/Laptop")
PAIRS = (
    ("boulware", "conceder"),
    ("conceder", "boulware"),
    ("linear", "linear"),
    ("tough", "boulware"),
    ("conceder", "tough"),
    ("tough", "linear"),
    ("tough", "tough"),
)
OURS = {"tough": "tough"}
"""Our agent for a NegMAS negotiator name (the time-based ones are ``negmas-<name>``)."""
STEPS = 100


def _sha(values: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(values, dtype=np.float64).tobytes()).hexdigest()


@pytest.mark.parametrize("folder", DOMAINS)
def test_session_agents_agree_with_negmas(negmas_python: Path, folder: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GeniusWarning)
        space, parties = load_genius_folder(GENIUS / folder)
    utilities = tuple(p.utilities(space) for p in parties[:2])
    for u in utilities:  # a unique best outcome: NegMAS's OfferBest cannot pick another
        assert int((u >= u.max() - 1e-10).sum()) == 1
    reservations = [[p.reservation_value for p in parties[:2]], [0.25, 0.4]]
    request: dict[str, Any] = {
        "issues": list(space.shape),
        "parties": [
            # Laptop's weights sum to 1.0000518: GENIUS caps at 1, NegMAS's linear-additive
            # function cannot, so such a party goes over as a table of its utilities
            {"table": u.tolist()}
            if p.cap_binds(space)
            else {
                "linear_additive": {
                    "weights": [p.weights[name] for name in space.names],
                    "tables": [t.tolist() for t in p.tables(space)],
                }
            }
            for p, u in zip(parties[:2], utilities, strict=True)
        ],
        "runs": [
            {
                "negotiators": list(pair),
                "reservations": r,
                "n_steps": STEPS,
                "one_offer_per_step": True,
            }
            for pair in PAIRS
            for r in reservations
        ],
        "utilities_sha256": True,
    }
    proc = subprocess.run(
        [str(negmas_python), str(PEER)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
        cwd=PEER.parent,
    )
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["utilities_sha256"] == [_sha(u) for u in utilities]
    positions = space.index_array()
    ours = []
    for pair in PAIRS:
        for r in reservations:
            agents = tuple(
                make_agent(
                    OURS.get(pair[p], f"negmas-{pair[p]}"),
                    AgentContext(utilities[p], r[p], positions, space.shape, STEPS, p),
                )
                for p in (0, 1)
            )
            session = run_session(
                (agents[0], agents[1]), utilities, (r[0], r[1]), (1.0, 1.0), STEPS
            )
            ours.append((session.agreement, session.round))
    theirs = [(run["agreement"], run["step"]) for run in answer["runs"]]
    assert ours == theirs
    assert any(agreement >= 0 for agreement, _ in ours)
    tough = [ours[k] for k, (pair, _) in enumerate(product(PAIRS, reservations)) if "tough" in pair]
    assert len(tough) == 8 and any(agreement >= 0 for agreement, _ in tough)
