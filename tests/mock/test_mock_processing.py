"""Processing of video/GIF on the mock's clock; magic-byte checks; images have none."""

from __future__ import annotations

from typing import Any

import pytest
from xmedia_mock.testing import GIF_HEAD, PNG_HEAD, Mock, fake_mp4, make_mock


def poll(mock: Mock, media_id: str, limit: int = 50) -> list[dict[str, Any]]:
    seen = []
    for _ in range(limit):
        response = mock.status(media_id)
        assert response.status_code == 200, response.text
        info = response.json()["data"]["processing_info"]
        seen.append(info)
        if info["state"] in ("succeeded", "failed"):
            return seen
        mock.clock.advance(info["check_after_secs"])
    raise AssertionError("processing never ended")


def test_video_moves_pending_in_progress_succeeded(mock: Mock) -> None:
    media_id, final = mock.upload(fake_mp4(1000), 400)
    assert final.json()["data"]["processing_info"] == {
        "state": "pending",
        "check_after_secs": 1,
        "progress_percent": 0,
    }
    seen = poll(mock, media_id)
    states = [info["state"] for info in seen]
    assert states[0] == "pending" and "in_progress" in states and states[-1] == "succeeded"
    percents = [info.get("progress_percent", 0) for info in seen]
    assert percents == sorted(percents) and percents[-1] == 100
    assert "check_after_secs" not in seen[-1]


def test_processing_time_and_check_after_are_configurable() -> None:
    for mock in make_mock(processing_secs=100.0, processing_pending_secs=0.0, check_after_secs=10):
        media_id, _ = mock.upload(fake_mp4(100), 100)
        seen = poll(mock, media_id)
        assert len(seen) == 11  # 0, 10, ..., 100 seconds
        assert {info.get("check_after_secs") for info in seen[:-1]} == {10}


def test_bytes_not_matching_the_declared_type_fail_processing(mock: Mock) -> None:
    media_id, final = mock.upload(b"definitely not an mp4 file", 100)
    assert final.status_code == 200
    last = poll(mock, media_id)[-1]
    assert last["state"] == "failed"
    assert last["error"]["code"] == 1
    assert last["error"]["name"] == "InvalidMedia"
    assert last["error"]["message"]


@pytest.mark.parametrize(
    ("media_type", "category", "head"),
    [("image/gif", "tweet_gif", GIF_HEAD), ("video/mp4", "amplify_video", fake_mp4(64))],
)
def test_gif_and_amplify_video_are_processed(
    mock: Mock, media_type: str, category: str, head: bytes
) -> None:
    media_id, final = mock.upload(head, 1000, media_type, category)
    assert final.json()["data"]["processing_info"]["state"] == "pending"
    assert poll(mock, media_id)[-1]["state"] == "succeeded"


def test_image_has_no_processing_and_status_is_400(mock: Mock) -> None:
    media_id, final = mock.upload(PNG_HEAD, 1000, "image/png", "tweet_image")
    assert "processing_info" not in final.json()["data"]
    status = mock.status(media_id)
    assert status.status_code == 400
    assert status.json()["type"].endswith("/2/problems/invalid-request")


def test_video_without_media_category_is_ready_at_finalize(mock: Mock) -> None:
    media_id, final = mock.upload(fake_mp4(100), 100, category=None)
    assert "processing_info" not in final.json()["data"]
    assert final.json()["data"]["video"] == {"video_type": "video/mp4"}
    assert mock.status(media_id).status_code == 400


def test_unprocessed_media_with_wrong_bytes_fails_at_finalize(mock: Mock) -> None:
    media_id = mock.init(10, "image/png", "tweet_image")
    mock.append(media_id, 0, b"0123456789")
    response = mock.finalize(media_id)
    assert response.status_code == 400


def test_status_before_finalize_is_400(mock: Mock) -> None:
    media_id = mock.init(100)
    assert mock.status(media_id).status_code == 400


def test_magic_bytes_are_read_across_tiny_segments(mock: Mock) -> None:
    data = PNG_HEAD + b"\0" * 10
    media_id = mock.init(len(data), "image/png", "tweet_image")
    for index, byte in enumerate(data):
        mock.append(media_id, index, bytes([byte]))
    response = mock.finalize(media_id)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["image"]["w"] == 256
