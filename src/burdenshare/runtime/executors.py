"""Where chunks run: in this process, in local worker processes, or on a Dask cluster.

Every executor maps :func:`~burdenshare.runtime.kinds.run_chunk` over chunk indices and
yields ``(index, partial, raw)`` as chunks finish, in any order; at most a few chunks per
worker are in flight, so a job of a million chunks never queues a million tasks.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol

from burdenshare.runtime.kinds import I64, run_chunk

SCHEDULER_ENV = "BURDENSHARE_DASK_SCHEDULER"
ChunkResult = tuple[int, dict[str, Any], dict[str, I64] | None]


class Executor(Protocol):
    name: str

    def map(self, job_text: str, indices: Iterable[int]) -> Iterator[ChunkResult]: ...

    def close(self) -> None: ...


class InProcess:
    """One chunk after another, here (the default; the reference for the others)."""

    name = "inprocess"

    def map(self, job_text: str, indices: Iterable[int]) -> Iterator[ChunkResult]:
        for index in indices:
            yield run_chunk(job_text, index)

    def close(self) -> None:
        pass


class Processes:
    """``workers`` local processes (``concurrent.futures``, spawned fresh)."""

    name = "processes"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))

    def map(self, job_text: str, indices: Iterable[int]) -> Iterator[ChunkResult]:
        pending: set[Future[ChunkResult]] = set()
        todo = iter(indices)
        window = 2 * self.workers
        while True:
            for index in todo:
                pending.add(self.pool.submit(run_chunk, job_text, index))
                if len(pending) >= window:
                    break
            if not pending:
                return
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class Dask:
    """A Dask cluster at ``scheduler`` (``tcp://HOST:PORT``), or a LocalCluster of
    ``workers`` processes with one thread each when no scheduler is given.

    A worker that dies mid-chunk loses its task; the scheduler runs it again elsewhere. Results
    are keyed by chunk index, so the job still counts each chunk once.
    """

    name = "dask"

    def __init__(
        self, scheduler: str | None = None, workers: int = 2, client: Any | None = None
    ) -> None:
        """``client``: an open ``distributed.Client`` to use (and leave open) instead."""
        from distributed import Client, LocalCluster

        self.cluster, self.own = None, client is None
        if client is not None:
            self.client = client
        elif scheduler is None:
            self.cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            self.client = Client(self.cluster)
        else:
            self.client = Client(scheduler)

    def map(self, job_text: str, indices: Iterable[int]) -> Iterator[ChunkResult]:
        import hashlib

        from distributed import as_completed

        tag = hashlib.sha256(job_text.encode()).hexdigest()[:16]
        window = max(4, 2 * sum(self.client.nthreads().values()))
        todo = iter(indices)

        def submit(index: int) -> Any:
            return self.client.submit(
                run_chunk, job_text, index, key=f"burdenshare-{tag}-{index}", retries=2
            )

        first = [submit(i) for _, i in zip(range(window), todo, strict=False)]
        if not first:
            return
        running = as_completed(first)
        for future in running:
            result: ChunkResult = future.result()
            future.release()
            nxt = next(todo, None)
            if nxt is not None:
                running.add(submit(nxt))
            yield result

    def close(self) -> None:
        if self.own:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(kind: str | None, workers: int | None, scheduler: str | None) -> Executor:
    """The executor the command line asks for: ``--scheduler`` (or the environment variable
    ``BURDENSHARE_DASK_SCHEDULER``) means Dask; otherwise in-process unless told."""
    scheduler = scheduler or os.environ.get(SCHEDULER_ENV) or None
    kind = kind or ("dask" if scheduler else "inprocess")
    count = workers or os.cpu_count() or 1
    if kind == "processes":
        return Processes(count)
    if kind == "dask":
        return Dask(scheduler, count)
    return InProcess()
