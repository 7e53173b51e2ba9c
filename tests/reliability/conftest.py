"""The reliability tests share the tracker tests' throwaway PostgreSQL server (pg_server)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tracker"))
