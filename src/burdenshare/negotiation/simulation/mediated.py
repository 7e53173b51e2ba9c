"""The mediated single-text protocol, ``N`` negotiations at once.

Klein, Faratin, Sayama, Bar-Yam: "Negotiating complex contracts", Group Decision and
Negotiation 12(2), 2003. A mediator holds one text (an outcome) and, each step, proposes a
mutation of it: one issue, drawn uniformly, set to another of its values, drawn uniformly.
Every party votes; the mutation replaces the text only when every party accepts. A
*hill-climber* accepts when the mutation is worth at least the current text to it; an
*annealer* also accepts a worse one with probability ``exp(−loss / τ)``, its temperature
``τ`` falling linearly from ``temperature`` to 0 over the steps (Klein et al.'s annealing
agents). After ``steps`` steps the text is the agreement if every party values it at least at
its reservation value; otherwise there is none.

Vectorised: the ``N`` texts, mutations and votes of a step are NumPy arrays; the loop runs over
steps. Draws come from one seeded generator in a fixed order (issues, values, then one uniform
per party per negotiation), so a seed fixes the whole batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from burdenshare.negotiation.simulation.protocol import SimulationError

__all__ = ["MediatedResult", "simulate_mediated"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class MediatedResult:
    """Per negotiation: the final text, whether it is an agreement, each party's utility of
    it (``(N, n)``; the reservation value when no agreement) and how many mutations passed."""

    text: IntArray
    agreed: NDArray[np.bool_]
    utilities: FloatArray
    accepted: IntArray


def simulate_mediated(
    utilities: ArrayLike,
    shape: Sequence[int],
    steps: int,
    count: int,
    seed: int,
    temperatures: Sequence[float] | None = None,
    reservations: ArrayLike = 0.0,
    start: int = 0,
) -> MediatedResult:
    """``count`` single-text negotiations over ``utilities`` ``(n, outcomes)`` of a space with
    issue sizes ``shape`` (outcome index in product order); ``temperatures[p] = 0`` (default)
    makes party ``p`` a hill-climber."""
    table = np.asarray(utilities, dtype=np.float64)
    sizes = np.array(shape, dtype=np.intp)
    if table.ndim != 2 or table.shape[1] != int(np.prod(sizes)) or not np.isfinite(table).all():
        raise SimulationError(f"utilities must be finite (parties, {int(np.prod(sizes))})")
    parties = table.shape[0]
    heat = np.zeros(parties) if temperatures is None else np.asarray(temperatures, dtype=float)
    if heat.shape != (parties,) or (heat < 0).any():
        raise SimulationError(f"temperatures must be {parties} values >= 0")
    if steps < 0 or count < 1 or not 0 <= start < table.shape[1]:
        raise SimulationError("steps >= 0, count >= 1 and a start text in the space, please")
    reserve = np.broadcast_to(np.asarray(reservations, dtype=np.float64), (parties,))
    strides = np.ones(sizes.size, dtype=np.intp)
    strides[:-1] = np.cumprod(sizes[::-1])[::-1][1:]
    rng = np.random.default_rng(seed)
    text = np.full(count, start, dtype=np.intp)
    accepted = np.zeros(count, dtype=np.intp)
    for step in range(steps):
        issue = rng.integers(0, sizes.size, count)
        shift = rng.integers(1, np.maximum(sizes[issue], 2), count)  # another value, uniformly
        current = (text // strides[issue]) % sizes[issue]
        value = (current + shift) % sizes[issue]
        proposal = text + (value - current) * strides[issue]
        draws = rng.random((parties, count))
        loss = table[:, text] - table[:, proposal]
        tau = heat * (1.0 - step / max(1, steps))
        with np.errstate(divide="ignore", over="ignore"):
            chance = np.where(
                tau[:, None] > 0, np.exp(-loss / np.where(tau > 0, tau, 1.0)[:, None]), 0.0
            )
        votes = (loss <= 0.0) | (draws < chance)
        passed = votes.all(axis=0) & (proposal != text)
        text = np.where(passed, proposal, text)
        accepted += passed
    worth = table[:, text].T
    agreed: NDArray[np.bool_] = np.all(worth >= reserve[None, :], axis=1)
    return MediatedResult(
        text, agreed, np.where(agreed[:, None], worth, reserve[None, :]), accepted
    )
