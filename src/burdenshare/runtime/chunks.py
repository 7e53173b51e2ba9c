"""The chunk plan, and random draws keyed by block so no draw depends on chunk boundaries.

Chunk ``i`` covers draws ``[i·c, min((i+1)·c, size))``. Randomness comes in blocks of
``BLOCK`` draws; block ``k`` has its own stream, child ``k`` of ``SeedSequence(seed)`` (what
``SeedSequence(seed).spawn(n)[k]`` returns, without spawning the ``k`` before it). A chunk
draws the blocks it overlaps and keeps its slice, so draw ``j`` is the same value whatever
the chunk size, the worker or the executor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from burdenshare.talks.montecarlo import BLOCK

Draws = dict[str, NDArray[np.int64]]


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int
    stop: int

    def __len__(self) -> int:
        return self.stop - self.start


def chunk(size: int, chunk_size: int, index: int) -> Chunk:
    """Chunk ``index`` of a job of ``size`` draws cut ``chunk_size`` at a time."""
    start = index * chunk_size
    if not 0 <= start < size:
        raise ValueError(f"chunk {index} is outside a job of {size} draws")
    return Chunk(index, start, min(size, start + chunk_size))


def stream(seed: int, block: int) -> np.random.Generator:
    """The generator of block ``block`` (equal to ``SeedSequence(seed).spawn(block + 1)[-1]``)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))


def block_draws(
    seed: int, start: int, stop: int, draw: Callable[[np.random.Generator], Draws]
) -> Draws:
    """Draws ``start … stop−1``: ``draw(rng)`` makes one whole block (``BLOCK`` of each)."""
    parts: list[Draws] = []
    for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
        whole = draw(stream(seed, block))
        lo, hi = max(start, block * BLOCK) - block * BLOCK, min(stop, (block + 1) * BLOCK)
        parts.append({k: v[lo : hi - block * BLOCK] for k, v in whole.items()})
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
