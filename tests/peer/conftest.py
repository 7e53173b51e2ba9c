"""The NegMAS peer tier: NegMAS (AGPL) runs in its own venv, ``.venv-negmas``, never in ``.venv``.

``make test`` creates that venv first (target ``.venv-negmas/.installed``: ``negmas==0.16.0``).
Run alone, the tier skips with a loud warning when the venv is missing, unless
``BURDENSHARE_REQUIRE_NEGMAS=1`` is set, which turns the skip into a failure (for CI).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NEGMAS_PYTHON = ROOT / ".venv-negmas" / "bin" / "python"
PEER = Path(__file__).with_name("negmas_peer.py")
MISSING = (
    f"the NegMAS peer venv is missing ({NEGMAS_PYTHON.relative_to(ROOT)}): "
    "run `make .venv-negmas/.installed` (or `make test`) to install negmas==0.16.0 into it"
)
_skipped: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "negmas: compares with NegMAS 0.16 run in its own venv (.venv-negmas)"
    )


@pytest.fixture(scope="session")
def negmas_python() -> Path:
    """The interpreter of the NegMAS venv; skips (or fails, when required) if it is missing."""
    if NEGMAS_PYTHON.is_file():
        return NEGMAS_PYTHON
    if os.environ.get("BURDENSHARE_REQUIRE_NEGMAS") == "1":
        pytest.fail(MISSING)
    if not _skipped:
        warnings.warn(f"NEGMAS PEER TIER SKIPPED: {MISSING}", stacklevel=1)
    _skipped.append(MISSING)
    pytest.skip(MISSING)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped:
        bar = "!" * 78
        terminalreporter.write_line(bar, red=True, bold=True)
        terminalreporter.write_line(f"NEGMAS PEER TIER SKIPPED: {MISSING}", red=True, bold=True)
        terminalreporter.write_line(bar, red=True, bold=True)
