"""Markers by folder, for a fast inner loop: `make quick` runs everything but the browser,
reliability (live servers, load, faults) and NegMAS peer tiers; `make test` runs them all."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
FOLDER_MARKERS = {"web": "browser", "reliability": "reliability", "peer": "peer"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.path)).relative_to(HERE).parts
        marker = FOLDER_MARKERS.get(parts[0]) if len(parts) > 1 else None
        if marker is not None:
            item.add_marker(getattr(pytest.mark, marker))
