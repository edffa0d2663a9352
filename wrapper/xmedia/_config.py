"""Upload configuration (one frozen value carried by the client) and re-exported credentials."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from ._auth import OAuth1User, OAuth2UserToken, auth_from_env
from ._errors import ConfigError

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "MAX_CHUNK_SIZE",
    "MAX_SEGMENTS",
    "OAuth1User",
    "OAuth2UserToken",
    "UploadConfig",
    "auth_from_env",
    "default_journal_dir",
]

MiB = 1024 * 1024
#: 4 MiB: X documents 5 MB per APPEND but sometimes answers 413 at 5 MB; 4 MiB is safe.
DEFAULT_CHUNK_SIZE = 4 * MiB
#: The documented ceiling for one APPEND.
MAX_CHUNK_SIZE = 5 * MiB
#: ``segment_index`` is 0..999.
MAX_SEGMENTS = 1000


def default_journal_dir() -> Path:
    """``$XMEDIA_JOURNAL_DIR``, else ``$XDG_CACHE_HOME/xmedia/journal`` (``~/.cache`` default)."""
    explicit = os.environ.get("XMEDIA_JOURNAL_DIR")
    if explicit:
        return Path(explicit)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "xmedia" / "journal"


@dataclass(frozen=True, slots=True)
class UploadConfig:
    """How uploads are performed.

    Memory bound: an upload holds at most ``concurrency * chunk_size`` bytes of file data (each
    parallel APPEND slot is taken *before* its chunk is read, and holds one chunk buffer, kept for
    retries) plus a small constant (request framing, the segment plan, the journal). With the
    defaults that is 4 * 4 MiB = 16 MiB. When ``chunk_size`` is enlarged automatically for a
    file needing more than 1000 segments, the bound uses the enlarged size (at most 5 MiB).

    Attributes:
        chunk_size: bytes per APPEND (at most 5 MiB). ``None`` or the 4 MiB default is
            automatic: it grows so the file fits in 1000 segments. Any other value is forced:
            a file that would need more than 1000 segments is refused (TooManySegmentsError).
        chunk_size_forced: force even the default value (no automatic enlargement).
        concurrency: parallel APPEND requests (1 = sequential).
        max_attempts: attempts per request (first try included) for retryable failures.
        retry_budget: retries allowed in total across one operation (an upload gets one more
            per segment), shared by its parallel requests.
        backoff_initial / backoff_max: exponential backoff with full jitter, in seconds.
        max_rate_limit_wait: a 429 whose reset is further away than this is raised at once
            as RateLimitedError instead of waiting.
        request_timeout: per-request timeout in seconds (connect, read, write, pool).
        poll_deadline: overall seconds to wait for processing before ProcessingTimeoutError.
        default_check_after: seconds between status polls when the server gives none.
        max_check_after: upper bound on a server-suggested poll interval.
        journal_dir: where resume journals live; ``None`` → :func:`default_journal_dir`.
        journal: whether to write a resume journal for uploads from a file path.
        clock: epoch-seconds clock (injectable for tests).
        sleep / async_sleep: how to wait (injectable for tests; e.g. advance a fake clock).
        rng: source of jitter (injectable for deterministic tests).
        user_agent: sent with every request.
    """

    chunk_size: int | None = DEFAULT_CHUNK_SIZE
    chunk_size_forced: bool = False
    concurrency: int = 4
    max_attempts: int = 5
    retry_budget: int = 50
    backoff_initial: float = 0.5
    backoff_max: float = 30.0
    max_rate_limit_wait: float = 900.0
    request_timeout: float = 60.0
    poll_deadline: float = 1800.0
    default_check_after: float = 5.0
    max_check_after: float = 300.0
    journal_dir: Path | None = None
    journal: bool = True
    clock: Callable[[], float] = field(default=time.time, repr=False)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] | None = field(default=None, repr=False)
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)
    user_agent: str = "xmedia/0.1"

    def __post_init__(self) -> None:
        if self.chunk_size is not None and not (1 <= self.chunk_size <= MAX_CHUNK_SIZE):
            raise ConfigError(
                f"chunk_size must be between 1 byte and {MAX_CHUNK_SIZE} bytes (5 MiB, the X "
                f"limit per APPEND); got {self.chunk_size}"
            )
        if self.concurrency < 1:
            raise ConfigError(f"concurrency must be at least 1; got {self.concurrency}")
        if self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be at least 1; got {self.max_attempts}")
        if self.retry_budget < 0:
            raise ConfigError(f"retry_budget must be >= 0; got {self.retry_budget}")
        for name in ("request_timeout", "poll_deadline", "default_check_after"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be positive; got {getattr(self, name)}")
        if self.backoff_initial < 0 or self.backoff_max < self.backoff_initial:
            raise ConfigError("need 0 <= backoff_initial <= backoff_max")

    @property
    def automatic_chunk_size(self) -> bool:
        """True when the chunk size may be enlarged for files needing > 1000 segments."""
        return not self.chunk_size_forced and self.chunk_size in (None, DEFAULT_CHUNK_SIZE)

    @property
    def memory_bound(self) -> int:
        """Upper bound on file bytes held at once by one upload (see the class docstring):
        concurrency x chunk size, the chunk size being at most 5 MiB when automatic."""
        chunk = MAX_CHUNK_SIZE if self.automatic_chunk_size else (self.chunk_size or 0)
        return self.concurrency * chunk

    def resolved_journal_dir(self) -> Path:
        return self.journal_dir if self.journal_dir is not None else default_journal_dir()
