"""How the clients read time, wait and draw jitter: replaceable in tests (``xmedia.testing``)."""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

__all__ = ["Runtime"]


@dataclass(frozen=True, slots=True)
class Runtime:
    """Clock, waits and randomness used by one client.

    Attributes:
        clock: epoch seconds (decides backoff, rate-limit resets, poll deadlines, expiry).
        sleep: how the sync client waits.
        async_sleep: how the async client waits (``None``: ``anyio.sleep``).
        rng: source of backoff jitter.
    """

    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] | None = None
    rng: random.Random = field(default_factory=random.Random, compare=False)

    @property
    def real_sleep(self) -> bool:
        return self.sleep is time.sleep
