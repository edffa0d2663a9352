"""Plausible, deterministic analytics figures for the mock's ``GET /2/media/analytics``.

X documents the shape (``getMediaAnalytics``: one ``timestamped_metrics`` entry per granularity
bucket, counters per bucket) but not the figures, so these are inferred: every hour after the media
was created gets views drawn from a generator seeded by (seed, media key, hour) — the same query
always answers the same, on any machine — decaying as the media ages; daily and total buckets are
sums of those hours, so the three granularities always agree with each other. The playback funnel is
monotonic (start ≥ 25 % ≥ 50 % ≥ 75 % ≥ complete) as a real one is.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["COUNTERS", "buckets", "hour_metrics"]

COUNTERS = (
    "cta_url_clicks",
    "cta_watch_clicks",
    "play_from_tap",
    "playback25",
    "playback50",
    "playback75",
    "playback_complete",
    "playback_start",
    "video_views",
    "watch_time_ms",
)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def hour_metrics(
    seed: int, media_key: str, hour: datetime, created: datetime, now: datetime
) -> dict[str, int]:
    """The counters of one media over the hour starting at ``hour``: zeros before the media
    existed and from the current hour on (nobody has watched the future yet)."""
    if hour + HOUR <= created or hour >= now:
        return dict.fromkeys(COUNTERS, 0)
    digest = hashlib.sha256(f"{seed}|{media_key}|{int(hour.timestamp())}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    age_hours = max(0.0, (hour - created).total_seconds() / 3600)
    expected = 40.0 / (1.0 + age_hours / 24.0)
    starts = int(rng.expovariate(1.0 / expected)) if expected >= 0.5 else 0
    p25 = _share(rng, starts, 0.85)
    p50 = _share(rng, p25, 0.8)
    p75 = _share(rng, p50, 0.75)
    complete = _share(rng, p75, 0.7)
    return {
        "playback_start": starts,
        "playback25": p25,
        "playback50": p50,
        "playback75": p75,
        "playback_complete": complete,
        "video_views": _share(rng, starts, 0.9),
        "play_from_tap": _share(rng, starts, 0.3),
        "cta_url_clicks": _share(rng, starts, 0.02),
        "cta_watch_clicks": _share(rng, starts, 0.01),
        "watch_time_ms": sum(rng.randint(1_000, 30_000) for _ in range(starts)),
    }


def buckets(
    seed: int,
    media_key: str,
    created: datetime,
    now: datetime,
    start: datetime,
    end: datetime,
    granularity: str,
) -> list[dict[str, Any]]:
    """``timestamped_metrics`` for ``[start, end)`` as seen at ``now``: hourly and daily buckets
    aligned to UTC hour and day boundaries (the first starts at ``start`` rounded down), or one
    total bucket."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    first_hour = start.replace(minute=0, second=0, microsecond=0)
    hours = []
    moment = first_hour
    while moment < end:
        hours.append((moment, hour_metrics(seed, media_key, moment, created, now)))
        moment += HOUR
    if granularity == "hourly":
        groups = [(moment, [metrics]) for moment, metrics in hours]
    elif granularity == "daily":
        by_day: dict[datetime, list[dict[str, int]]] = {}
        for moment, metrics in hours:
            by_day.setdefault(moment.replace(hour=0), []).append(metrics)
        groups = list(by_day.items())
    else:
        groups = [(start, [metrics for _, metrics in hours])]
    return [{"timestamp": _rfc3339(moment), "metrics": _sum(members)} for moment, members in groups]


def _share(rng: random.Random, total: int, fraction: float) -> int:
    return sum(1 for _ in range(total) if rng.random() < fraction)


def _sum(members: list[dict[str, int]]) -> dict[str, int]:
    return {name: sum(metrics[name] for metrics in members) for name in COUNTERS}


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
