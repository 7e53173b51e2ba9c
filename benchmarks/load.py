"""Latency and throughput of the tracker under 50 concurrent clients, real uvicorn on loopback.

    .venv/bin/python benchmarks/load.py [--clients 50] [--seconds 60] [--backend sqlite]

Runs the load of ``tests/reliability/test_load.py`` with the same runner
(``tests/reliability/load_runner.py``): a fresh database (a SQLite file, or a throwaway
PostgreSQL server with ``--backend postgresql``) with the demo negotiation, one uvicorn
process on 127.0.0.1, and ``--clients`` clients each creating and changing its own notes
(40 %) and reading lists, notes, the negotiation and the dashboard's ``/data/tracker``
(60 %). Prints p50/p95/p99 latency, throughput, and the acknowledged writes counted back
in the database. Exit code 1 on any error or any acknowledged write missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

from _machine import cpu_model

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path[:0] = [str(TESTS / "reliability"), str(TESTS / "tracker")]

from live import LiveServer, seed_database, written_notes  # noqa: E402
from load_runner import run_load  # noqa: E402
from pg_server import start_server  # noqa: E402


def measure(url: str, log: Path, clients: int, seconds: float) -> int:
    site = seed_database(url)
    server = LiveServer(url, log)
    server.start()
    try:
        result = run_load(site, server.base, clients, seconds, seed=10)
    finally:
        server.stop()
    stored = written_notes(url, list(result.acknowledged))
    kept = sum(
        1
        for note_id, (body, version) in result.acknowledged.items()
        if note_id in stored and (stored[note_id].body, stored[note_id].version) == (body, version)
    )
    print(json.dumps(result.summary(), indent=2))
    print(f"notes acknowledged: {len(result.acknowledged)}, found as acknowledged: {kept}")
    for error in result.errors[:10]:
        print(f"error: {error}")
    return 0 if not result.errors and kept == len(result.acknowledged) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    print(f"date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(
        f"machine: {cpu_model()}, {os.cpu_count()} CPUs, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )
    print(f"backend: {args.backend}, {args.clients} clients, {args.seconds:g} s")
    with tempfile.TemporaryDirectory() as tmp:
        if args.backend == "sqlite":
            return measure(
                f"sqlite:///{tmp}/load.db", Path(tmp) / "server.log", args.clients, args.seconds
            )
        server = start_server()
        try:
            server.execute("CREATE DATABASE load")
            return measure(server.url("load"), Path(tmp) / "server.log", args.clients, args.seconds)
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
