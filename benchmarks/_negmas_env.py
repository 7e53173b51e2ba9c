"""The separate NegMAS venv (``.venv-negmas``) and its peer script, for the benchmarks.

NegMAS (AGPL) is never installed into ``.venv`` nor imported by burdenshare: it runs in its own
venv through ``tests/peer/negmas_peer.py``, which reads a JSON request on stdin and answers in
JSON (schema in that script's docstring). The venv is the one ``make .venv-negmas/.installed``
creates; :func:`negmas_python` creates it the same way when it is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv-negmas"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".installed"  # the Makefile's target: the venv is complete
PEER = ROOT / "tests" / "peer" / "negmas_peer.py"
NEGMAS_VERSION = "0.16.0"


def negmas_python() -> Path:
    """The NegMAS venv's interpreter, creating the venv (``python3 -m venv`` and
    ``pip install negmas==0.16.0``, about 40 s) when it is missing."""
    if STAMP.is_file() and PYTHON.is_file():
        return PYTHON
    base = shutil.which("python3") or sys.executable
    print(f"creating {VENV.relative_to(ROOT)} with negmas=={NEGMAS_VERSION} …", flush=True)
    started = time.perf_counter()
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([base, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [
            str(PYTHON),
            *("-m", "pip", "--disable-pip-version-check", "-q", "install"),
            f"negmas=={NEGMAS_VERSION}",
        ],
        check=True,
    )
    STAMP.touch()
    print(f"created in {time.perf_counter() - started:.0f} s", flush=True)
    return PYTHON


def run_peer(request: dict[str, Any], python: Path | None = None) -> dict[str, Any]:
    """Send ``request`` to the NegMAS peer and return its JSON answer (raises on failure)."""
    proc = subprocess.run(
        [str(python or negmas_python()), str(PEER)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"negmas_peer.py failed ({proc.returncode}):\n{proc.stderr}")
    answer: dict[str, Any] = json.loads(proc.stdout)
    if answer.get("negmas") != NEGMAS_VERSION:
        raise RuntimeError(f"expected negmas {NEGMAS_VERSION}, the peer has {answer.get('negmas')}")
    return answer
