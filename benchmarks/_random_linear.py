"""Random linear-additive domains for the analysis benchmark (GENIUS-style: per issue a value
table with best value 1, weights summing to 1), and their NegMAS peer request."""

from __future__ import annotations

from typing import Any

import numpy as np

from burdenshare.negotiation import Issue, LinearAdditivePreferences, OutcomeSpace, TableValue


def random_domain(
    issues: int, values: int, seed: int
) -> tuple[OutcomeSpace, tuple[LinearAdditivePreferences, LinearAdditivePreferences]]:
    """``issues`` issues of ``values`` labels; two parties with random weights and tables."""
    rng = np.random.default_rng(seed)
    space = OutcomeSpace(
        tuple(Issue(f"i{k}", tuple(f"v{j}" for j in range(values))) for k in range(issues))
    )
    parties = []
    for number in range(2):
        raw = rng.random(issues)
        weights = raw / raw.sum()
        functions = {}
        for issue in space.issues:
            table = rng.random(values)
            table = table / table.max()
            functions[issue.name] = TableValue(
                tuple(zip(issue.values, table.tolist(), strict=True))
            )
        parties.append(
            LinearAdditivePreferences(
                {i.name: float(w) for i, w in zip(space.issues, weights, strict=True)},
                functions,
                source=f"party{number + 1}",
            )
        )
    return space, (parties[0], parties[1])


def peer_request(
    space: OutcomeSpace, parties: tuple[LinearAdditivePreferences, ...]
) -> dict[str, Any]:
    """NegMAS builds its own LinearAdditiveUtilityFunction from the same weights and tables
    (so its frontier call evaluates the utilities itself)."""
    return {
        "issues": [{"name": i.name, "values": list(i.values)} for i in space.issues],
        "parties": [
            {
                "name": party.source,
                "reservation_value": party.reservation_value,
                "linear_additive": {
                    "weights": dict(party.weights),
                    "tables": {
                        i.name: t.tolist()
                        for i, t in zip(space.issues, party.tables(space), strict=True)
                    },
                },
            }
            for party in parties
        ],
        "points": ["nash"],
    }
