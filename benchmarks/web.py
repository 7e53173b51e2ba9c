"""p95 latency of the dashboard's page-data endpoints, demo data, real uvicorn on loopback.

    .venv/bin/python benchmarks/web.py [--requests 200]

Starts the dashboard on a temporary SQLite database with the demo loaded (as `burdenshare db
upgrade && burdenshare demo load` would), warms each endpoint once (the engine's views are
cached per process), then times sequential GETs. Target: p95 < 100 ms. Exit code 1 if missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from burdenshare.store.database import open_database
from burdenshare.store.demo import load_demo
from burdenshare.store.migrate import upgrade
from burdenshare.store.settings import load_settings
from burdenshare.web import create_web_app

TARGET_MS = 100.0
ENDPOINTS = (
    "/data/history",
    "/data/proposals",
    "/data/lapse",
    "/data/lapse?deal_on=2020-09-30",
    "/data/negotiation",
    "/data/tracker",
    "/history",
    "/negotiation",
    "/tracker",
)


def start(home: Path) -> tuple[str, uvicorn.Server, threading.Thread]:
    url = f"sqlite:///{home / 'burdenshare.db'}"
    database = open_database(url)
    upgrade(database.engine)
    with database.writer() as session:
        load_demo(session)
    database.dispose()
    app = create_web_app(load_settings({"BURDENSHARE_HOME": str(home)}).with_database(url))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="Timed GETs per endpoint.")
    args = parser.parse_args()
    print(f"date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(
        f"machine: {platform.node()} {platform.machine()} {platform.processor() or ''} "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        base, server, thread = start(Path(tmp))
        with httpx.Client(base_url=base, timeout=30) as client:
            login = {"username": "rok-demo", "password": "rok-demo-2018"}
            client.post("/tracker/login", data=login)
            print(f"{'endpoint':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
            for path in ENDPOINTS:
                client.get(path).raise_for_status()  # warm-up: the engine's cached views
                samples = []
                for _ in range(args.requests):
                    t0 = time.perf_counter()
                    client.get(path).raise_for_status()
                    samples.append((time.perf_counter() - t0) * 1000)
                high = p95(samples)
                failed |= path.startswith("/data/") and high >= TARGET_MS
                print(
                    f"{path:34} {statistics.median(samples):8.1f} {high:8.1f} {max(samples):8.1f}"
                )
        server.should_exit = True
        thread.join(10)
    print(f"target: p95 < {TARGET_MS:.0f} ms on /data/* endpoints: {'MISSED' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
