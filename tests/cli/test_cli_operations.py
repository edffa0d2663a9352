"""`xmedia lookup`, `xmedia analytics` and `xmedia subtitles` as whole processes against the mock:
output, JSON records and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from xmedia import OAuth2UserToken, UploadConfig, XMedia
from xmedia_mock import MockConfig, serve


@pytest.fixture(scope="module")
def ops_server() -> Iterator[Any]:
    with serve(MockConfig(verify_media_bytes=False, processing_secs=0.2)) as server:
        yield server


def _xmedia(server: Any, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("X_", "XMEDIA_"))}
    env.update(
        X_ACCESS_TOKEN="mock-user-token",
        X_API_BASE_URL=server.base_url,
        XMEDIA_JOURNAL_DIR=os.devnull + "-not-used",
    )
    return subprocess.run(
        [sys.executable, "-m", "xmedia", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def _upload(server: Any, payload: bytes, media_type: str) -> tuple[str, str]:
    with XMedia(
        OAuth2UserToken("mock-user-token"),
        base_url=server.base_url,
        config=UploadConfig(journal=False),
    ) as client:
        media = client.upload(payload, media_type=media_type)
    assert media.media_key is not None
    return media.media_id, media.media_key


@pytest.fixture(scope="module")
def video(ops_server: Any) -> tuple[str, str]:
    return _upload(ops_server, b"\x00\x00\x00\x18ftypmp42" + bytes(3000), "video/mp4")


def test_lookup_prints_each_key_and_exits_5_for_unknown_ones(
    ops_server: Any, video: tuple[str, str]
) -> None:
    _, key = video
    found = _xmedia(ops_server, "lookup", key, "7_1", "--json")
    assert found.returncode == 5, found.stderr
    [record] = [json.loads(line) for line in found.stdout.splitlines()]
    assert record["media_key"] == key and record["type"] == "video"
    assert "not found: 7_1" in found.stderr
    single = _xmedia(ops_server, "lookup", key)
    assert single.returncode == 0 and key in single.stdout


def test_lookup_of_a_media_id_is_a_usage_error(ops_server: Any, video: tuple[str, str]) -> None:
    media_id, _ = video
    result = _xmedia(ops_server, "lookup", media_id)
    assert result.returncode == 2
    assert "is not a media key" in result.stderr and "Traceback" not in result.stderr


def test_analytics_rows_per_bucket_and_refusals(ops_server: Any, video: tuple[str, str]) -> None:
    _, key = video
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow = (today + timedelta(days=1)).date().isoformat()
    hourly = _xmedia(
        ops_server, "analytics", key, "--start", today.date().isoformat(), "--end", tomorrow,
        "--granularity", "hourly", "--json",
    )  # fmt: skip
    assert hourly.returncode == 0, hourly.stderr
    rows = [json.loads(line) for line in hourly.stdout.splitlines()]
    assert len(rows) == 24 and {row["media_key"] for row in rows} == {key}
    assert rows[0]["timestamp"].startswith(today.date().isoformat())
    reversed_range = _xmedia(
        ops_server, "analytics", key, "--start", tomorrow, "--end", today.date().isoformat()
    )
    assert reversed_range.returncode == 2 and "not after start_time" in reversed_range.stderr
    too_long = _xmedia(
        ops_server, "analytics", key, "--start", today.date().isoformat(),
        "--end", (today + timedelta(days=30)).date().isoformat(), "--granularity", "hourly",
    )  # fmt: skip
    assert too_long.returncode == 5 and "more than 7 days" in too_long.stderr
    table = _xmedia(
        ops_server, "analytics", key, "7_99", "--start", today.date().isoformat(),
        "--end", tomorrow, "--granularity", "total",
    )  # fmt: skip
    assert table.returncode == 5 and key in table.stdout and "views" in table.stdout
    assert "not found: 7_99" in table.stderr


def test_subtitles_add_and_remove(ops_server: Any, video: tuple[str, str]) -> None:
    media_id, _ = video
    subtitles_id, _ = _upload(ops_server, b"1\n00:00:00,000 --> 00:00:01,000\nHi\n", "text/srt")
    added = _xmedia(ops_server, "subtitles", "add", media_id, subtitles_id, "--language", "en")
    assert added.returncode == 0, added.stderr
    assert "subtitles" in added.stdout and "(EN)" in added.stdout
    removed = _xmedia(ops_server, "subtitles", "remove", media_id, "--language", "EN")
    assert removed.returncode == 0, removed.stderr
    by_key = _xmedia(ops_server, "subtitles", "remove", "7_" + media_id, "--language", "EN")
    assert by_key.returncode == 2 and "pass the numeric media id" in by_key.stderr
