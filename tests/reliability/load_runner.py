"""Many concurrent clients of a live tracker server: mixed reads and writes, every write recorded.

``run_load`` drives ``clients`` asyncio clients (one ``httpx.AsyncClient`` each, so one
connection each) for ``seconds``. Client ``i`` uses the editor token of delegation
``i mod 3`` and writes only its own notes: it creates one, or changes one of its own with the
version it last saw (optimistic concurrency never conflicts, so every write must be
acknowledged). Reads: the notes list, one of its notes, the negotiation, and the dashboard's
``/data/tracker`` JSON. Any other status than the expected one, and any connection error,
is an error. The result holds every acknowledged write (note id → body and version) to count
in the database afterwards, and the latency of every request.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from live import DELEGATIONS, Site

AFTER_INTERRUPT = 0.05
WRITE_SHARE = 0.4
"""The share of requests that write (create or change a note), unless told otherwise."""


@dataclass
class LoadResult:
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    requests: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    acknowledged: dict[int, tuple[str, int]] = field(default_factory=dict)
    creates: int = 0
    updates: int = 0
    deadline: float = 0.0
    first_write: asyncio.Event = field(default_factory=asyncio.Event)

    def percentile(self, share: float) -> float:
        """The latency (seconds) below which ``share`` of the requests fall (nearest rank)."""
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
        return ordered[rank]

    @property
    def total(self) -> int:
        return len(self.latencies)

    def summary(self) -> dict[str, Any]:
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "requests": self.total,
            "throughput_per_s": round(self.total / self.seconds, 1),
            "p50_ms": round(1000 * self.percentile(0.50), 1),
            "p95_ms": round(1000 * self.percentile(0.95), 1),
            "p99_ms": round(1000 * self.percentile(0.99), 1),
            "max_ms": round(1000 * max(self.latencies), 1),
            "writes_acknowledged": self.creates + self.updates,
            "notes_created": self.creates,
            "note_updates": self.updates,
            "errors": len(self.errors),
            "by_kind": dict(sorted(self.requests.items())),
        }


class _Client:
    def __init__(
        self, number: int, site: Site, base: str, result: LoadResult, rng: random.Random
    ) -> None:
        self.number = number
        self.rng = rng
        self.result = result
        self.prefix = f"/api/negotiations/{site.negotiation_id}"
        self.negotiation_id = site.negotiation_id
        token = site.tokens[DELEGATIONS[number % len(DELEGATIONS)]]
        self.http = httpx.AsyncClient(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60
        )
        self.notes: dict[int, int] = {}  # id → version
        self.written = 0

    async def call(self, kind: str, method: str, path: str, expect: int, **kw: Any) -> Any:
        started = time.perf_counter()
        try:
            response = await self.http.request(method, path, **kw)
        except httpx.HTTPError as error:
            self.result.errors.append(f"{kind}: {type(error).__name__}: {error}")
            return None
        self.result.latencies.append(time.perf_counter() - started)
        self.result.requests[kind] += 1
        if response.status_code != expect:
            text = response.text[:200]
            self.result.errors.append(f"{kind}: {response.status_code} {text}")
            return None
        json_body = "json" in response.headers.get("content-type", "")
        return response.json() if json_body else {}

    async def write(self) -> None:
        self.written += 1
        body = f"load client {self.number} write {self.written}"
        if not self.notes or self.rng.random() < 0.5:
            data = {"visibility": self.rng.choice(["private", "shared"]), "body": body}
            note = await self.call("create note", "POST", f"{self.prefix}/notes", 201, json=data)
            if note is not None:
                self.result.first_write.set()
                self.result.creates += 1
                self.notes[note["id"]] = note["version"]
                self.result.acknowledged[note["id"]] = (note["body"], note["version"])
            return
        note_id = self.rng.choice(sorted(self.notes))
        changes = {"version": self.notes[note_id], "body": body}
        path = f"{self.prefix}/notes/{note_id}"
        note = await self.call("update note", "PATCH", path, 200, json=changes)
        if note is not None:
            self.result.updates += 1
            self.notes[note_id] = note["version"]
            self.result.acknowledged[note_id] = (note["body"], note["version"])

    async def read(self) -> None:
        choice = self.rng.randrange(4)
        if choice == 0:
            await self.call("list notes", "GET", f"{self.prefix}/notes?limit=50", 200)
        elif choice == 1 and self.notes:
            note_id = self.rng.choice(sorted(self.notes))
            await self.call("get note", "GET", f"{self.prefix}/notes/{note_id}", 200)
        elif choice == 2:
            await self.call("get negotiation", "GET", self.prefix, 200)
        else:
            path = f"/data/tracker?negotiation={self.negotiation_id}"
            await self.call("dashboard data", "GET", path, 200)

    async def run(self, write_share: float) -> None:
        async with self.http:
            while time.monotonic() < self.result.deadline:
                if self.rng.random() < write_share:
                    await self.write()
                else:
                    await self.read()


async def _run(
    site: Site,
    base: str,
    clients: int,
    seconds: float,
    seed: int,
    interrupt: tuple[float, Callable[[], None]] | None,
    write_share: float,
) -> LoadResult:
    result = LoadResult(clients, seconds)
    started = time.monotonic()
    result.deadline = started + seconds

    async def interrupt_after_first_write(delay: float, action: Callable[[], None]) -> None:
        await result.first_write.wait()
        await asyncio.sleep(delay)
        action()
        result.deadline = min(result.deadline, time.monotonic() + AFTER_INTERRUPT)

    workers = [
        _Client(i, site, base, result, random.Random(seed * 1_000 + i)) for i in range(clients)
    ]
    runs = [w.run(write_share) for w in workers]
    if interrupt is not None:
        runs.append(interrupt_after_first_write(*interrupt))
    await asyncio.gather(*runs)
    result.seconds = time.monotonic() - started
    return result


def run_load(
    site: Site,
    base: str,
    clients: int = 50,
    seconds: float = 60.0,
    seed: int = 0,
    interrupt: tuple[float, Callable[[], None]] | None = None,
    write_share: float = WRITE_SHARE,
) -> LoadResult:
    """Drive the server at ``base`` with ``clients`` concurrent clients for ``seconds``.

    ``interrupt`` = (delay, action): run ``action`` (e.g. kill the server) ``delay`` seconds
    after the first acknowledged write; the clients go on for :data:`AFTER_INTERRUPT` seconds.
    """
    return asyncio.run(_run(site, base, clients, seconds, seed, interrupt, write_share))
