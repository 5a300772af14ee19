"""Guessing links is slow: an IP with too many unknown tokens in a minute gets 429.

In memory, per process: enough for one approval app; behind several app processes each one
counts for itself (the limit then multiplies, the guessing space of 2^128 does not care)."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class FailedLookups:
    """Counts failed link lookups per client address over a sliding window."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, ip: str, now: float) -> deque[float]:
        hits = self._hits[ip]
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def blocked(self, ip: str) -> bool:
        """True if `ip` used up its failed lookups for now."""
        with self._lock:
            return len(self._trim(ip, time.monotonic())) >= self.limit

    def fail(self, ip: str) -> None:
        """Count one failed lookup from `ip`."""
        with self._lock:
            now = time.monotonic()
            self._trim(ip, now).append(now)
            if len(self._hits) > 10_000:  # forget quiet addresses, keep memory bounded
                for key in [k for k, v in self._hits.items() if not v]:
                    del self._hits[key]
