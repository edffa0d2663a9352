"""Retry policy as pure functions: what is retryable, and how long to wait.

Re-sending any upload request is safe: INIT creates at worst an unused media id, an APPEND
replaces its segment, FINALIZE and STATUS are idempotent reads of the assembled state.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from ._config import UploadConfig

__all__ = [
    "NEVER_RETRIED",
    "RetryBudget",
    "RetryPolicy",
    "backoff_delay",
    "is_retryable_status",
    "rate_limit_delay",
]

#: Client errors that will fail the same way again: never retried.
NEVER_RETRIED = frozenset({400, 401, 402, 403, 404, 413})


def is_retryable_status(status: int) -> bool:
    """5xx, 429 and 408 are worth retrying; every other status is final."""
    if status in NEVER_RETRIED:
        return False
    return status >= 500 or status in (408, 429)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff_initial: float = 0.5
    backoff_max: float = 30.0
    max_rate_limit_wait: float = 900.0

    @classmethod
    def from_config(cls, config: UploadConfig) -> RetryPolicy:
        return cls(
            max_attempts=config.max_attempts,
            backoff_initial=config.backoff_initial,
            backoff_max=config.backoff_max,
            max_rate_limit_wait=config.max_rate_limit_wait,
        )


def backoff_delay(attempt: int, policy: RetryPolicy, rng: random.Random) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(max, initial * 2**(attempt-1))].

    ``attempt`` is the number of the attempt that just failed (1 for the first try).
    """
    ceiling = min(policy.backoff_max, policy.backoff_initial * (2 ** max(0, attempt - 1)))
    return rng.uniform(0.0, ceiling)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def rate_limit_delay(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds to wait after a 429, from ``Retry-After`` (seconds or HTTP date) or else
    ``x-rate-limit-reset`` (epoch seconds); None when neither header is usable."""
    retry_after = _header(headers, "retry-after")
    if retry_after is not None:
        value = retry_after.strip()
        try:
            return max(0.0, float(value))
        except ValueError:
            try:
                return max(0.0, parsedate_to_datetime(value).timestamp() - now)
            except (TypeError, ValueError):
                pass
    reset = _header(headers, "x-rate-limit-reset")
    if reset is not None:
        try:
            # +1 s: the reset epoch is whole seconds; arriving early just earns another 429.
            return max(0.0, float(reset.strip()) - now + 1.0)
        except ValueError:
            return None
    return None


class RetryBudget:
    """Retries left for one operation, shared by its parallel requests (thread-safe)."""

    def __init__(self, total: int) -> None:
        self._left = total
        self._lock = threading.Lock()

    @property
    def left(self) -> int:
        return self._left

    def take(self) -> bool:
        """Spend one retry; False when the budget is exhausted."""
        with self._lock:
            if self._left <= 0:
                return False
            self._left -= 1
            return True
