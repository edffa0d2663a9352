"""The bundled mock processes like X: real media failing X's constraints fails processing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from xmedia_mock.testing import Mock, fake_mp4, make_mock

from .media_support import MediaLibrary

pytest.importorskip("av")


@pytest.fixture
def mock() -> Iterator[Mock]:
    yield from make_mock()


def _processed(
    mock: Mock, data: bytes, media_type: str, category: str
) -> tuple[str, dict[str, Any]]:
    # Segments split inside the MP4 header: the inspection reads across segment files.
    chunk = max(1, len(data) // 3) + 1
    media_id, finalized = mock.upload(data, chunk=chunk, media_type=media_type, category=category)
    assert finalized.status_code == 200, finalized.text
    mock.clock.advance(60)
    info = mock.status(media_id).json()["data"]["processing_info"]
    return media_id, info


def test_valid_media_succeeds(mock: Mock, media: MediaLibrary) -> None:
    for name, media_type, category in (
        ("valid", "video/mp4", "tweet_video"),
        ("sample", "video/mp4", "tweet_video"),
        ("gif_ok", "image/gif", "tweet_gif"),
        ("long", "video/mp4", "amplify_video"),
    ):
        _, info = _processed(mock, media.path(name).read_bytes(), media_type, category)
        assert info["state"] == "succeeded", name


@pytest.mark.parametrize(
    ("name", "media_type", "category", "cause"),
    [
        ("10bit", "video/mp4", "tweet_video", "codec"),
        ("open_gop", "video/mp4", "tweet_video", "GOP open"),
        ("surround", "video/mp4", "tweet_video", "audio channels"),
        ("long", "video/mp4", "dm_video", "duration"),
        ("gif_frames", "image/gif", "tweet_gif", "frames 400"),
    ],
)
def test_media_breaking_x_constraints_fails_processing_like_x(
    mock: Mock, media: MediaLibrary, name: str, media_type: str, category: str, cause: str
) -> None:
    media_id, info = _processed(mock, media.path(name).read_bytes(), media_type, category)
    assert info["state"] == "failed"
    assert info["error"] == {
        "code": 1,
        "name": "InvalidMedia",
        "message": "Invalid or Unsupported media, Reason: UnsupportedMedia.",
    }
    upload = mock.state.get_upload(media_id)
    assert upload is not None and upload.inspection is not None
    assert upload.inspection.startswith(cause)


def test_unreadable_bytes_keep_the_magic_byte_rule(mock: Mock) -> None:
    _, info = _processed(mock, fake_mp4(64 * 1024), "video/mp4", "tweet_video")
    assert info["state"] == "succeeded"
