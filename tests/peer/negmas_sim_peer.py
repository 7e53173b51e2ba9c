"""NegMAS peer for the simulation: run NegMAS 0.16 time-based negotiations given as JSON.

Run with the interpreter of the separate NegMAS venv (``.venv-negmas/bin/python``). It imports
only negmas, numpy and the standard library, never burdenshare; NegMAS (AGPL) is called, not
copied.

Usage::

    .venv-negmas/bin/python tests/peer/negmas_sim_peer.py < request.json > response.json

Request (JSON on stdin)::

    {
      "issues": [3, 5, 4],                  # issue sizes; issue i takes the values 0..size-1
      "parties": [PARTY, PARTY],
      "runs": [RUN, ...],
      "utilities_sha256": true,             # optional (default false)
      "trace": false                        # optional: return every offer's outcome index
    }

    PARTY = {"linear_additive": {"weights": [w, ...], "tables": [[v, ...], ...]}}
                                            # -> LinearAdditiveUtilityFunction of TableFun
          | {"table": [u, ...]}             # -> MappingUtilityFunction over outcome tuples
    RUN = {"negotiators": ["boulware", "conceder"],   # BoulwareTBNegotiator,
                                                      # LinearTBNegotiator, ConcederTBNegotiator,
                                                      # "tough": ToughNegotiator
           "reservations": [r0, r1],        # each party's ufun reserved_value
           "n_steps": 100, "one_offer_per_step": false}

An *outcome index* is the position in ``itertools.product`` over the issues (first issue
slowest), NegMAS's enumeration order too. Each run builds fresh ufuns, negotiators and an
``SAOMechanism(outcome_space=..., n_steps=..., one_offer_per_step=...)``; party 0 is added
first, so it opens.

Response (JSON on stdout)::

    {
      "negmas": "0.16.0",
      "n_outcomes": 60,
      "utilities_sha256": [hex, hex],       # only when asked: SHA-256 of each party's
                                            # utilities (float64, outcome order) under NegMAS
      "runs": [{"agreement": k or -1,       # the agreed outcome index
                "step": s or -1,            # the step the agreement was reached in
                "steps": n,                 # mechanism state.step when it ended
                "seconds": t,               # wall time of the negotiation: negotiators,
                                            # mechanism and run (the ufuns are built before)
                "offers": [k, ...]}]        # only with "trace": each offer in order
    }
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from itertools import product
from typing import Any

import negmas
import numpy as np
from negmas import SAOMechanism, make_issue, make_os
from negmas.preferences import LinearAdditiveUtilityFunction, MappingUtilityFunction
from negmas.preferences.value_fun import TableFun
from negmas.sao.negotiators import (
    BoulwareTBNegotiator,
    ConcederTBNegotiator,
    LinearTBNegotiator,
    ToughNegotiator,
)

NEGOTIATORS = {
    "boulware": BoulwareTBNegotiator,
    "linear": LinearTBNegotiator,
    "conceder": ConcederTBNegotiator,
    "tough": ToughNegotiator,
}


def ufun(party: dict[str, Any], space: Any, outcomes: list[tuple[int, ...]], reserved: float):
    if "linear_additive" in party:
        spec = party["linear_additive"]
        values = [TableFun(dict(enumerate(map(float, t)))) for t in spec["tables"]]
        return LinearAdditiveUtilityFunction(
            values=values,
            weights=[float(w) for w in spec["weights"]],
            outcome_space=space,
            reserved_value=reserved,
        )
    mapping = dict(zip(outcomes, map(float, party["table"]), strict=True))
    return MappingUtilityFunction(mapping, outcome_space=space, reserved_value=reserved)


def sha256(function: Any, outcomes: list[tuple[int, ...]]) -> str:
    values = np.array([float(function(o)) for o in outcomes], dtype=np.float64)
    return hashlib.sha256(values.tobytes()).hexdigest()


def run(request: dict[str, Any], run_spec: dict[str, Any], space: Any, outcomes: list) -> dict:
    index = {o: k for k, o in enumerate(outcomes)}
    functions = [
        ufun(party, space, outcomes, float(reserved))
        for party, reserved in zip(request["parties"], run_spec["reservations"], strict=True)
    ]
    started = time.perf_counter()
    mechanism = SAOMechanism(
        outcome_space=space,
        n_steps=int(run_spec["n_steps"]),
        one_offer_per_step=bool(run_spec["one_offer_per_step"]),
    )
    for function, kind in zip(functions, run_spec["negotiators"], strict=True):
        mechanism.add(NEGOTIATORS[kind](name=kind), ufun=function)
    state = mechanism.run()
    seconds = time.perf_counter() - started
    agreement = state.agreement
    answer: dict[str, Any] = {
        "agreement": -1 if agreement is None else index[tuple(agreement)],
        "step": -1 if agreement is None else state.step - 1,
        "steps": state.step,
        "seconds": seconds,
    }
    if request.get("trace"):
        answer["offers"] = [index[tuple(e.offer)] for e in mechanism.full_trace]
    return answer


def main() -> None:
    request = json.load(sys.stdin)
    sizes = [int(size) for size in request["issues"]]
    space = make_os([make_issue(values=size, name=f"i{k}") for k, size in enumerate(sizes)])
    outcomes = list(product(*(range(size) for size in sizes)))
    response: dict[str, Any] = {"negmas": negmas.__version__, "n_outcomes": len(outcomes)}
    if request.get("utilities_sha256"):
        response["utilities_sha256"] = [
            sha256(ufun(party, space, outcomes, 0.0), outcomes) for party in request["parties"]
        ]
    response["runs"] = [run(request, spec, space, outcomes) for spec in request["runs"]]
    json.dump(response, sys.stdout)


if __name__ == "__main__":
    main()
