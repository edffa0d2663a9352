"""The analytics query is checked before anything is sent, and answers parse into rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from xmedia import ConfigError
from xmedia._analytics import (
    ANALYTICS_METRICS,
    AnalyticsRow,
    analytics_query,
    parse_analytics,
    parse_time,
)

KEY = "7_1880000000000000001"
START = datetime(2026, 11, 1, tzinfo=UTC)
END = datetime(2026, 11, 3, tzinfo=UTC)


def test_a_valid_query_is_normalised_to_utc_seconds_and_every_counter() -> None:
    query = analytics_query([KEY, "13_5"], "2026-11-01", "2026-11-02T06:30:00.250+02:00", "hourly")
    assert query.media_keys == (KEY, "13_5")
    assert query.start_time == datetime(2026, 11, 1, tzinfo=UTC)
    assert query.end_time == datetime(2026, 11, 2, 4, 30, tzinfo=UTC)
    assert query.end_time.tzinfo == UTC
    assert query.granularity == "hourly"
    assert query.fields == ("timestamped_metrics", *ANALYTICS_METRICS)


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"media_keys": []}, "at least one media key"),
        ({"media_keys": [f"7_{n}" for n in range(101)]}, "at most 100"),
        ({"media_keys": ["1880000000000000001"]}, "numeric media id is not a media key"),
        ({"start_time": END, "end_time": START}, "is not after start_time"),
        ({"start_time": START, "end_time": START}, "is not after start_time"),
        ({"start_time": datetime(2026, 11, 1)}, "naive datetime"),
        ({"start_time": "2026-11-01T10:00:00"}, "has no time zone"),
        ({"end_time": "yesterday"}, "is not a date or date-time"),
        ({"granularity": "weekly"}, "is not one of hourly, daily, total"),
        ({"fields": ["views"]}, "unknown analytics field(s) views"),
        ({"fields": []}, "at least one analytics field"),
    ],
)
def test_bad_queries_are_refused_before_sending(kwargs: dict[str, object], says: str) -> None:
    args: dict[str, object] = {
        "media_keys": [KEY],
        "start_time": START,
        "end_time": END,
        "granularity": "daily",
        "fields": None,
    }
    args.update(kwargs)
    with pytest.raises(ConfigError) as info:
        analytics_query(**args)  # type: ignore[arg-type]
    assert says in str(info.value)


def test_duplicate_keys_are_sent_once_in_order() -> None:
    assert analytics_query([KEY, "3_1", KEY], START, END).media_keys == (KEY, "3_1")


@given(
    offset_minutes=st.integers(min_value=-12 * 60, max_value=14 * 60),
    moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
)
def test_any_aware_time_is_sent_as_the_same_instant_in_utc(
    offset_minutes: int, moment: datetime
) -> None:
    aware = moment.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=offset_minutes)))
    query = analytics_query([KEY], aware, aware + timedelta(hours=1))
    assert query.start_time == aware and query.start_time.utcoffset() == timedelta(0)
    assert parse_time(query.start_time.isoformat(), "start_time") == aware


def test_rows_one_per_key_and_bucket_with_counters_typed() -> None:
    body = {
        "data": [
            {
                "media_key": KEY,
                "timestamped_metrics": [
                    {"timestamp": "2026-11-01T00:00:00Z", "metrics": {"video_views": 12}},
                    {
                        "timestamp": "2026-11-02T00:00:00Z",
                        "metrics": {"video_views": "7", "watch_time_ms": "n/a"},
                    },
                ],
            },
            {"media_key": "13_5", "video_views": 3, "timestamp": "2026-11-01T00:00:00Z"},
            "junk",
            {"no_key": True},
        ],
        "errors": [{"title": "Not Found Error"}],
    }
    rows = parse_analytics(body)
    assert [(r.media_key, r.timestamp, r.video_views) for r in rows] == [
        (KEY, datetime(2026, 11, 1, tzinfo=UTC), 12),
        (KEY, datetime(2026, 11, 2, tzinfo=UTC), 7),
        ("13_5", datetime(2026, 11, 1, tzinfo=UTC), 3),
    ]
    assert rows[1].watch_time_ms is None and rows[1].raw["watch_time_ms"] == "n/a"
    assert rows[0].metrics()["playback_start"] is None


def test_rows_are_immutable() -> None:
    row = AnalyticsRow(KEY, None, video_views=1)
    with pytest.raises(AttributeError):
        row.video_views = 2  # type: ignore[misc]


def test_data_that_is_not_a_list_is_refused() -> None:
    with pytest.raises(ValueError, match="not a list"):
        parse_analytics({"data": {"media_key": KEY}})
