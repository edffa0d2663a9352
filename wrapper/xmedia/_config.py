"""Upload configuration: one frozen value carried by the client (pure data, no I/O)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ._errors import ConfigError
from ._plan import DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, MAX_SEGMENTS

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "MAX_CHUNK_SIZE",
    "MAX_SEGMENTS",
    "UploadConfig",
]


#: The fields that are durations in seconds.
_SECONDS = (
    "backoff_initial",
    "backoff_max",
    "max_rate_limit_wait",
    "request_timeout",
    "stall_timeout",
    "poll_deadline",
    "default_check_after",
    "max_check_after",
)


@dataclass(frozen=True, slots=True)
class UploadConfig:
    """How uploads are performed.

    Memory bound: an upload holds at most ``concurrency * chunk_size`` bytes of file data (each
    parallel APPEND slot is taken *before* its chunk is read, and holds one chunk buffer, kept for
    retries) plus a small constant (request framing, the segment plan, the journal, and an
    answer: at most 16 MiB of one is read, X's are a few KiB). With the
    defaults that is 4 * 4 MiB = 16 MiB. When ``chunk_size`` is enlarged automatically for a
    file needing more than 1000 segments, the bound uses the enlarged size (at most 5 MiB).
    Resuming re-reads every reused segment to check its SHA-256, one chunk at a time.

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
        max_rate_limit_wait: the longest wait for a rate limit to reset; a 429 whose reset is
            further away is raised at once as RateLimitedError naming the reset time.
        request_timeout: the whole-request deadline in seconds: sending the body, waiting for
            the answer and reading all of it. A server trickling its answer byte by byte is cut
            off here. The default fits a 5 MiB chunk on a ~350 kbit/s uplink.
        stall_timeout: seconds without any progress (connect, one read or one write) before
            the request is abandoned; at most ``request_timeout``.
        poll_deadline: overall seconds to wait for processing before ProcessingTimeoutError.
        default_check_after: seconds between status polls when the server gives none.
        max_check_after: upper bound on a server-suggested poll interval.
        journal_dir: where resume journals live; ``None`` → ``$XMEDIA_JOURNAL_DIR``, else
            ``$XDG_CACHE_HOME/xmedia/journal`` (``~/.cache`` by default).
        journal: whether to write a resume journal for uploads from a file path.
        user_agent: sent with every request.
        inspect: check a video, GIF or image file against X's media constraints before INIT
            (``xmedia.inspect``: headers and a few packets; needs the ``media`` extra and is
            skipped without it). ``"advisory"``: what fails or warns is added to the result's
            ``warnings``, a processing failure names the likely cause, and without an explicit
            ``media_category`` the category the file fits is used (a 200 s video →
            ``amplify_video``); ``"strict"``: a file that fails raises ``MediaCheckError``
            before any request; ``"off"``: no inspection.
    """

    chunk_size: int | None = DEFAULT_CHUNK_SIZE
    chunk_size_forced: bool = False
    concurrency: int = 4
    max_attempts: int = 5
    retry_budget: int = 50
    backoff_initial: float = 0.5
    backoff_max: float = 30.0
    max_rate_limit_wait: float = 900.0
    request_timeout: float = 120.0
    stall_timeout: float = 30.0
    poll_deadline: float = 1800.0
    default_check_after: float = 5.0
    max_check_after: float = 300.0
    journal_dir: Path | None = None
    journal: bool = True
    user_agent: str = "xmedia/0.1"
    inspect: Literal["advisory", "strict", "off"] = "advisory"

    def __post_init__(self) -> None:
        self._check_types()
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
        for name in ("request_timeout", "stall_timeout", "poll_deadline", "default_check_after"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be positive; got {getattr(self, name)}")
        if self.max_rate_limit_wait < 0:
            raise ConfigError(f"max_rate_limit_wait must be >= 0; got {self.max_rate_limit_wait}")
        if self.backoff_initial < 0 or self.backoff_max < self.backoff_initial:
            raise ConfigError("need 0 <= backoff_initial <= backoff_max")

    def _check_types(self) -> None:
        # Before the range checks: "4MiB" would fail them with a bare TypeError, and a NaN
        # deadline would pass them and never fire.
        for name in ("chunk_size", "concurrency", "max_attempts", "retry_budget"):
            value = getattr(self, name)
            if name == "chunk_size" and value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                unit = " of bytes (e.g. 4 * 1024 * 1024)" if name == "chunk_size" else ""
                raise ConfigError(f"{name} must be a whole number{unit}; got {value!r}")
        for name in _SECONDS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"{name} must be a number of seconds; got {value!r}")
            # No cap on rate-limit waits is a choice (each wait still ends at X's reset time);
            # an endless deadline or back-off would be a hang.
            if math.isnan(value) or (math.isinf(value) and name != "max_rate_limit_wait"):
                raise ConfigError(f"{name} must be a finite number of seconds; got {value!r}")
        if self.inspect not in ("advisory", "strict", "off"):
            raise ConfigError(
                f"inspect must be 'advisory', 'strict' or 'off'; got {self.inspect!r}"
            )

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

    @property
    def stall_seconds(self) -> float:
        return min(self.stall_timeout, self.request_timeout)
