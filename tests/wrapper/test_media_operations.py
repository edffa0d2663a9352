"""Every operation besides upload, through XMedia and AsyncXMedia against the mock: get by key,
analytics (figures, buckets, refusals), lookup, alt text and subtitles."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import pytest
from xmedia import (
    AsyncXMedia,
    ConfigError,
    InvalidRequestError,
    NotFoundError,
    OAuth2UserToken,
    UploadConfig,
    XMedia,
)
from xmedia.testing import Runtime
from xmedia_mock import ManualClock, MockConfig, serve

START = 1_800_000_000.0  # 2027-01-15T08:00:00Z


@pytest.fixture(scope="module")
def media_server() -> Iterator[Any]:
    clock = ManualClock(start=START)
    config = MockConfig(clock=clock, verify_media_bytes=False, processing_secs=1.0)
    with serve(config) as server:
        yield server


def _client(server: Any, token: str = "mock-user-token") -> XMedia:
    return XMedia(
        OAuth2UserToken(token),
        base_url=server.base_url,
        config=UploadConfig(journal=False),
        runtime=Runtime(sleep=server.config.clock.sleep, clock=server.config.clock.now),
    )


Video = tuple[XMedia, str, str, datetime]


@pytest.fixture
def video(media_server: Any) -> Iterator[Video]:
    """A client and a finished video 20 hours old on the mock's clock (its id lives 24 h):
    the client, its media id, its key, and the hour it was created in."""
    clock = media_server.config.clock
    clock.advance(86400 - clock.now() % 86400 + 6 * 3600)  # 06:00 UTC of a new day
    with _client(media_server) as client:
        created = datetime.fromtimestamp(clock.now(), UTC)
        media = client.upload(b"\x00\x00\x00\x18ftypmp42" + bytes(4000), media_type="video/mp4")
        assert media.media_key is not None
        clock.advance(20 * 3600)
        yield client, media.media_id, media.media_key, created


def test_get_returns_the_media_of_that_key(video: Video) -> None:
    client, media_id, key, _created = video
    client.set_alt_text(media_id, "a cat")
    info = client.get(key)
    assert info.media_key == key and info.type == "video" and info.alt_text == "a cat"


def test_get_of_an_unknown_key_is_not_found(video: Video) -> None:
    client, _, _, _created = video
    with pytest.raises(NotFoundError, match="7_1"):
        client.get("7_1")


def test_analytics_of_someone_elses_media_has_no_figures(media_server: Any, video: Video) -> None:
    _, _, key, created = video
    with _client(media_server, "mock-user-token-2") as other:
        result = other.analytics(key, created, created + timedelta(days=1))
    assert result.rows == () and result.missing == (key,)


def test_get_refuses_a_media_id_before_sending(video: Video) -> None:
    client, media_id, _, _created = video
    with pytest.raises(ConfigError, match="numeric media id is not a media key"):
        client.get(media_id)


def test_analytics_buckets_follow_the_granularity_and_agree(
    video: Video,
) -> None:
    client, _, key, created = video
    start, end = created.replace(hour=0), created.replace(hour=0) + timedelta(days=2)
    daily = client.analytics([key], start, end, "daily")
    hourly = client.analytics([key], start, end, "hourly")
    total = client.analytics([key], start, end, "total")
    assert [row.timestamp for row in daily] == [start, start + timedelta(days=1)]
    assert len(hourly) == 48 and hourly.rows[0].timestamp == start
    assert len(total) == 1
    views = [sum(row.video_views or 0 for row in rows) for rows in (daily, hourly, total)]
    assert views[0] == views[1] == views[2] > 0
    # Nobody watched before the upload existed.
    before = [
        row for row in hourly if row.timestamp and row.timestamp + timedelta(hours=1) <= created
    ]
    assert before and all(row.video_views == 0 for row in before)
    # The playback funnel narrows.
    for row in hourly:
        funnel = [row.playback_start, row.playback25, row.playback50, row.playback75]
        assert funnel == sorted(funnel, key=lambda v: -(v or 0))


def test_analytics_is_deterministic_and_per_media(media_server: Any, video: Video) -> None:
    client, _, key, created = video
    window = (created, created + timedelta(days=1))
    assert client.analytics(key, *window).rows == client.analytics(key, *window).rows
    second = client.upload(b"\x00\x00\x00\x18ftypmp42" + bytes(5000), media_type="video/mp4")
    assert second.media_key is not None
    media_server.config.clock.advance(3600)
    both = client.analytics([key, second.media_key], created, created + timedelta(days=1), "hourly")
    first_rows = [r for r in both if r.media_key == key]
    second_rows = [r for r in both if r.media_key == second.media_key]
    assert first_rows and second_rows
    assert [r.metrics() for r in first_rows] != [r.metrics() for r in second_rows]


def test_analytics_keeps_the_rows_of_known_keys_and_names_the_others(
    video: Video,
) -> None:
    client, _, key, created = video
    result = client.analytics([key, "7_42"], created, created + timedelta(days=1), "total")
    assert [row.media_key for row in result] == [key]
    assert result.missing == ("7_42",)
    assert result.problems and "7_42" in str(result.problems[0].raw)


def test_analytics_refusals_come_before_or_from_x(video: Video) -> None:
    client, _, key, created = video
    with pytest.raises(ConfigError, match="not after start_time"):
        client.analytics(key, created, created - timedelta(hours=1))
    with pytest.raises(ConfigError, match="at most 100"):
        client.analytics([f"7_{n}" for n in range(101)], created, created + timedelta(days=1))
    # A range X's mock refuses as too long for hourly buckets (inferred limit) is X's 400.
    with pytest.raises(InvalidRequestError, match="end_time"):
        client.analytics(key, created, created + timedelta(days=40), "hourly")


def test_async_client_reaches_the_same_operations(media_server: Any, video: Video) -> None:
    sync_client, _, key, created = video
    expected = sync_client.analytics(key, created, created + timedelta(days=1), "hourly")

    async def scenario() -> None:
        async with AsyncXMedia(
            OAuth2UserToken("mock-user-token"),
            base_url=media_server.base_url,
            config=UploadConfig(journal=False),
        ) as client:
            info = await client.get(key)
            assert info.media_key == key
            result = await client.analytics(key, created, created + timedelta(days=1), "hourly")
            assert result.rows == expected.rows
            with pytest.raises(NotFoundError):
                await client.get("7_1")

    anyio.run(scenario)
