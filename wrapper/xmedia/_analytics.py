"""Media analytics (``GET /2/media/analytics``): the query checked before anything is sent, and
the answer parsed into immutable rows — one row per media key and time bucket. Pure: no I/O.

X's document (``getMediaAnalytics``) gives the parameters: 1-100 media keys ``^[0-9]+_[0-9]+$``,
``start_time``/``end_time`` as RFC 3339 date-times, ``granularity`` hourly | daily | total
(default daily) and ``media_analytics.fields``; counters are integers, or the backend's string
when it does not parse as a number (kept in ``AnalyticsRow.raw``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from ._errors import ConfigError
from ._models import ProblemDetail

__all__ = [
    "ANALYTICS_FIELDS",
    "ANALYTICS_METRICS",
    "AnalyticsQuery",
    "AnalyticsRow",
    "Granularity",
    "MediaAnalytics",
    "analytics_query",
    "check_media_key",
    "parse_analytics",
    "parse_time",
]

Granularity = Literal["hourly", "daily", "total"]

#: The counters X reports per bucket, in the order tables show them.
ANALYTICS_METRICS: tuple[str, ...] = (
    "video_views",
    "playback_start",
    "playback25",
    "playback50",
    "playback75",
    "playback_complete",
    "play_from_tap",
    "cta_url_clicks",
    "cta_watch_clicks",
    "watch_time_ms",
)
#: Every value ``media_analytics.fields`` takes (the document's enum).
ANALYTICS_FIELDS: frozenset[str] = frozenset(
    {*ANALYTICS_METRICS, "media_key", "timestamp", "timestamped_metrics"}
)
MAX_ANALYTICS_KEYS = 100
_MEDIA_KEY = re.compile(r"^[0-9]+_[0-9]+$")


@dataclass(frozen=True)
class AnalyticsQuery:
    """A checked analytics query: times in UTC to the second, fields as sent (always with
    ``timestamped_metrics``, so each row has its bucket)."""

    media_keys: tuple[str, ...]
    start_time: datetime
    end_time: datetime
    granularity: Granularity
    fields: tuple[str, ...]


@dataclass(frozen=True)
class AnalyticsRow:
    """The counters of one media key over one time bucket (``timestamp`` is its start; None
    when X sent no timestamp, as for ``granularity="total"`` answers without one)."""

    media_key: str
    timestamp: datetime | None
    video_views: int | None = None
    playback_start: int | None = None
    playback25: int | None = None
    playback50: int | None = None
    playback75: int | None = None
    playback_complete: int | None = None
    play_from_tap: int | None = None
    cta_url_clicks: int | None = None
    cta_watch_clicks: int | None = None
    watch_time_ms: int | None = None
    #: The bucket's metrics exactly as X sent them (strings that are not numbers stay here).
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def metrics(self) -> dict[str, int | None]:
        """The counters by name, in ``ANALYTICS_METRICS`` order."""
        return {name: getattr(self, name) for name in ANALYTICS_METRICS}


@dataclass(frozen=True)
class MediaAnalytics:
    """The rows of one analytics answer (iterate it, or use ``rows``), and the keys X reported
    problems for instead of figures (not found, not yours) with those problems."""

    rows: tuple[AnalyticsRow, ...]
    missing: tuple[str, ...] = ()
    problems: tuple[ProblemDetail, ...] = ()

    def __iter__(self) -> Iterator[AnalyticsRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def parse_time(value: datetime | str, name: str) -> datetime:
    """A timezone-aware datetime from a datetime or an ISO 8601 / RFC 3339 text.

    A bare date means midnight UTC; a naive datetime is refused rather than guessed.
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise ConfigError(
                f"{name} {value!r} is not a date or date-time; "
                "use ISO 8601, e.g. 2026-11-30 or 2026-11-30T12:00:00Z"
            ) from None
        if parsed.tzinfo is None:
            if "T" in text or " " in text:
                raise ConfigError(
                    f"{name} {value!r} has no time zone; add one, e.g. {text}Z for UTC"
                )
            parsed = parsed.replace(tzinfo=UTC)
        return parsed
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ConfigError(
                f"{name} is a naive datetime; give a time zone, e.g. datetime(..., tzinfo=UTC)"
            )
        return value
    raise ConfigError(f"{name} must be a datetime or an ISO 8601 text, not {type(value).__name__}")


def check_media_key(key: object) -> str:
    """A media key as X writes it (``digits_digits``); a numeric media id is refused by name."""
    if not isinstance(key, str) or not _MEDIA_KEY.match(key):
        raise ConfigError(
            f"{key!r} is not a media key (digits_digits, e.g. 7_1880000000000000001); "
            "a numeric media id is not a media key"
        )
    return key


def analytics_query(
    media_keys: Sequence[str] | str,
    start_time: datetime | str,
    end_time: datetime | str,
    granularity: str = "daily",
    fields: Iterable[str] | None = None,
) -> AnalyticsQuery:
    """Check an analytics query before anything is sent; each refusal says what to change."""
    keys = (media_keys,) if isinstance(media_keys, str) else tuple(media_keys)
    if not keys:
        raise ConfigError("give at least one media key")
    if len(keys) > MAX_ANALYTICS_KEYS:
        raise ConfigError(
            f"{len(keys)} media keys: X takes at most {MAX_ANALYTICS_KEYS} per analytics request; "
            "split them into batches"
        )
    keys = tuple(dict.fromkeys(check_media_key(key) for key in keys))
    start = _utc_seconds(parse_time(start_time, "start_time"))
    end = _utc_seconds(parse_time(end_time, "end_time"))
    if end <= start:
        raise ConfigError(
            f"end_time {_rfc3339(end)} is not after start_time {_rfc3339(start)}; "
            "the range must not be empty"
        )
    if granularity not in get_args(Granularity):
        raise ConfigError(
            f"granularity {granularity!r} is not one of {', '.join(get_args(Granularity))}"
        )
    chosen = tuple(ANALYTICS_METRICS) if fields is None else tuple(dict.fromkeys(fields))
    unknown = sorted(set(chosen) - ANALYTICS_FIELDS)
    if unknown:
        raise ConfigError(
            f"unknown analytics field(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(ANALYTICS_FIELDS))}"
        )
    if not chosen:
        raise ConfigError("give at least one analytics field, or None for all counters")
    wire_fields = tuple(dict.fromkeys(("timestamped_metrics", *chosen)))
    return AnalyticsQuery(keys, start, end, granularity, wire_fields)  # type: ignore[arg-type]


def parse_analytics(body: Mapping[str, Any]) -> tuple[AnalyticsRow, ...]:
    """Rows from the ``data`` of an analytics answer, in X's order (buckets as sent).

    Items that are not objects with a ``media_key`` are skipped; a media object without
    ``timestamped_metrics`` gives one row from its top-level counters (the document allows both).
    Raises ``ValueError`` for a ``data`` that is not a list: the caller turns it into its typed
    error with the status and headers it has.
    """
    items = body.get("data") or []
    if not isinstance(items, list):
        raise ValueError("'data' is not a list")
    rows: list[AnalyticsRow] = []
    for item in items:
        if not isinstance(item, Mapping) or not isinstance(item.get("media_key"), str):
            continue
        key = item["media_key"]
        buckets = item.get("timestamped_metrics")
        if isinstance(buckets, list):
            for bucket in buckets:
                if not isinstance(bucket, Mapping):
                    continue
                metrics = bucket.get("metrics")
                rows.append(
                    _row(
                        key,
                        bucket.get("timestamp"),
                        metrics if isinstance(metrics, Mapping) else {},
                    )
                )
        else:
            rows.append(_row(key, item.get("timestamp"), item))
    return tuple(rows)


def _row(key: str, timestamp: object, metrics: Mapping[str, Any]) -> AnalyticsRow:
    counters = {name: _counter(metrics.get(name)) for name in ANALYTICS_METRICS}
    raw = {name: metrics[name] for name in ANALYTICS_METRICS if name in metrics}
    return AnalyticsRow(key, _timestamp(timestamp), raw=raw, **counters)


def _counter(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _utc_seconds(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
