"""Benchmark: `burdenshare --help` start-up (issue 18: under 0.3 s, by lazy imports).

Runs the command line's `--help` in fresh interpreters and prints, per command, the best and
median wall time and the CPU time (user + system) of the child. Wall time includes waiting
for a core on a busy machine; CPU time does not, so both are shown. Also lists the heavy
packages that `--help` must not import (NumPy, pandas, pydantic, SQLAlchemy, the engines).
Exit code 1 when the median CPU time of `--help` is 0.3 s or more, or when its best wall
time is, on a machine that is not overloaded (load average below the number of cores: on a
busy shared machine a process waits for a core and wall time measures the others' work).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

LIMIT = 0.3
HEAVY = (
    "numpy",
    "pandas",
    "pydantic",
    "sqlalchemy",
    "matplotlib",
    "burdenshare.costs",
    "burdenshare.data",
    "burdenshare.runtime",
    "burdenshare.talks",
)
COMMANDS = (["--help"], ["compare", "--help"], ["job", "--help"], ["db", "--help"])


def one(args: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds of ``python -m burdenshare.cli ARGS`` in a fresh interpreter."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "burdenshare.cli", *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def heavy_imports() -> list[str]:
    code = (
        "import sys\nsys.argv=['burdenshare','--help']\n"
        "import burdenshare.cli as c\n"
        "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY:', *(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return out.strip().splitlines()[-1].split()[1:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    baseline = [one_python() for _ in range(args.repeat)]
    print(f"  python -c pass: best {min(baseline):.3f} s")
    failed = False
    for command in COMMANDS:
        runs = [one(command) for _ in range(args.repeat)]
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        best, median_cpu = min(walls), statistics.median(cpus)
        print(
            f"  burdenshare {' '.join(command):<16} wall best {best:.3f} s, "
            f"median {statistics.median(walls):.3f} s; CPU median {median_cpu:.3f} s"
        )
        idle = os.getloadavg()[0] < (os.cpu_count() or 1)
        if command == ["--help"] and (median_cpu >= LIMIT or (idle and best >= LIMIT)):
            failed = True
    loaded = heavy_imports()
    print(f"  heavy modules imported by --help: {', '.join(loaded) or 'none'}")
    print(f"target: --help under {LIMIT} s: {'FAILED' if failed or loaded else 'ok'}")
    return 1 if failed or loaded else 0


def one_python() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
