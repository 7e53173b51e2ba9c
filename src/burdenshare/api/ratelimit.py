"""Login rate limiting: failed logins per user name and per client address, sliding window.

After ``per_user`` failures for one user name, or ``per_address`` failures from one client
address, within ``window`` seconds, further attempts are refused (HTTP 429 with Retry-After)
without checking the password, until the oldest failure leaves the window. A successful login
clears its user name's failures. The limiter lives in the server process: one uvicorn worker
(what ``burdenshare serve`` runs) sees every attempt; a deployment with several processes
needs a shared limiter (e.g. at the reverse proxy), or each process allows its own quota.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

PER_USER = 5
PER_ADDRESS = 20
WINDOW = 900.0
MAX_KEYS = 10_000


class LoginLimiter:
    """Failed-login counters (thread-safe; memory bounded by ``max_keys``)."""

    def __init__(
        self,
        per_user: int = PER_USER,
        per_address: int = PER_ADDRESS,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_KEYS,
    ) -> None:
        self.limits = {"user": per_user, "address": per_address}
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._failures: OrderedDict[tuple[str, str], deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _keys(username: str, address: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return ("user", username.strip().lower()[:200]), ("address", address)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        found = self._failures.get(key, deque())
        while found and found[0] <= now - self.window:
            found.popleft()
        return found

    def retry_after(self, username: str, address: str) -> int | None:
        """Seconds to wait before the next attempt may be checked, or None: go ahead."""
        now = self.clock()
        waits = []
        with self._lock:
            for key in self._keys(username, address):
                recent = self._recent(key, now)
                if len(recent) >= self.limits[key[0]]:
                    oldest = recent[len(recent) - self.limits[key[0]]]
                    waits.append(max(1, math.ceil(oldest + self.window - now)))
        return max(waits) if waits else None

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in self._keys(username, address):
                recent = self._recent(key, now)
                recent.append(now)
                self._failures[key] = recent
                self._failures.move_to_end(key)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(self._keys(username, "")[0], None)
