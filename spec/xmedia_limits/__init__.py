"""X's documented media limits as data, each row with its source.

One table (``limits.toml`` beside this file) read by both the wrapper's pre-flight (``xmedia``)
and the bundled mock (``xmedia_mock``), so the client never lets through what the mock refuses, or
the other way round. This package imports nothing of the project: it sits under both (see
docs/architecture.md).

    from xmedia_limits import LIMITS
    LIMITS.category("tweet_video").max_bytes
    LIMITS.rate_limit("append").per_user_15min
"""

from __future__ import annotations

from ._table import (
    CategoryLimit,
    ChunkLimits,
    LimitsTable,
    RateLimitRow,
    Source,
    TextLimits,
    Windows,
    load_limits,
)

LIMITS: LimitsTable = load_limits()

__all__ = [
    "LIMITS",
    "CategoryLimit",
    "ChunkLimits",
    "LimitsTable",
    "RateLimitRow",
    "Source",
    "TextLimits",
    "Windows",
    "load_limits",
]
