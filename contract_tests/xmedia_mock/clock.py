"""Clocks the mock reads time from: real time by default, a manual one for deterministic tests."""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch."""
        ...


class SystemClock:
    """Real wall-clock time."""

    def now(self) -> float:
        return time.time()

    def __repr__(self) -> str:
        return "SystemClock()"


class ManualClock:
    """A clock that only moves when told to.

    Processing progress, upload expiry and rate-limit windows all read the mock's clock, so a
    test can hand its client a fake ``sleep`` that calls :meth:`advance` and run polling,
    expiry and 429 waits instantly and deterministically.
    """

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else float(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        with self._lock:
            self._now += seconds
            return self._now

    def sleep(self, seconds: float) -> None:
        """Drop-in for ``time.sleep`` in clients under test: advances instead of waiting."""
        self.advance(max(0.0, seconds))

    def __repr__(self) -> str:
        return f"ManualClock(now={self.now():.3f})"
