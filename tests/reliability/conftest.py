"""The reliability tests share the tracker tests' throwaway PostgreSQL server (pg_server)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

import burdenshare.store.users

sys.path.insert(0, str(Path(__file__).parents[1] / "tracker"))


@pytest.fixture(scope="module")
def fast_hashing() -> Iterator[None]:
    """Cheap argon2 parameters while a module's tests hash passwords in this process (the
    servers they start as processes keep the defaults); use with ``pytestmark``."""
    original = burdenshare.store.users.HASHER
    burdenshare.store.users.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    burdenshare.store.users.HASHER = original
