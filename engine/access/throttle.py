"""Counting failed attempts per key in a sliding window: log-ins per account and per address,
failed link look-ups per address."""

from __future__ import annotations

import threading
import time
from collections import deque


class Throttle:
    """At most ``limit`` failures per key in a sliding ``window`` of seconds (in this process)."""

    def __init__(self, limit: int, window: float):
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, key: str, now: float | None = None) -> bool:
        """True when ``key`` has used up its failures for now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            failures = self._failures.get(key)
            if not failures:
                return False
            while failures and failures[0] <= now - self.window:
                failures.popleft()
            return len(failures) >= self.limit

    def fail(self, key: str, now: float | None = None) -> None:
        """Record one failure for ``key``."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._failures.setdefault(key, deque()).append(now)
            if len(self._failures) > 50_000:  # bound memory under a flood of distinct keys
                oldest = next(iter(self._failures))
                self._failures.pop(oldest, None)

    def reset(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
