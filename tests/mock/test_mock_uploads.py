"""Upload state: segments on disk, order, replacement, FINALIZE checks, keys, expiry, styles."""

from __future__ import annotations

import base64
import hashlib
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xmedia_mock import MockConfig, serve
from xmedia_mock.testing import GIF_HEAD, PNG_HEAD, USER, Mock, fake_mp4, make_mock, sha256


def test_out_of_order_appends_assemble_in_index_order(mock: Mock) -> None:
    data = fake_mp4(10_000)
    media_id = mock.init(len(data))
    pieces = [data[i : i + 3000] for i in range(0, len(data), 3000)]
    for index in (3, 1, 0, 2):
        assert mock.append(media_id, index, pieces[index]).status_code == 200
    assert mock.finalize(media_id).status_code == 200
    assert mock.state.upload_digest(media_id).sha256 == sha256(data)


def test_resent_segment_replaces_the_old_one_and_is_counted(mock: Mock) -> None:
    data = fake_mp4(2000)
    media_id = mock.init(len(data))
    mock.append(media_id, 0, b"X" * 1000)  # wrong bytes first
    mock.append(media_id, 1, data[1000:])
    mock.append(media_id, 0, data[:1000])  # the retry replaces them
    assert mock.finalize(media_id).status_code == 200
    digest = mock.state.upload_digest(media_id)
    assert digest.sha256 == sha256(data)
    assert digest.append_counts == {0: 2, 1: 1}
    assert digest.segment_count == 2


def test_segments_live_on_disk_not_in_memory(mock: Mock) -> None:
    data = fake_mp4(5000)
    media_id = mock.init(len(data))
    mock.append(media_id, 0, data)
    upload = mock.state.get_upload(media_id)
    assert upload is not None
    assert upload.segment_path(0).read_bytes() == data
    assert upload.segment_path(0).is_relative_to(mock.state.data_dir)


def test_finalize_rejects_segments_not_adding_up(mock: Mock) -> None:
    media_id = mock.init(1000)
    mock.append(media_id, 0, fake_mp4(999))
    response = mock.finalize(media_id)
    assert response.status_code == 400
    body = response.json()
    assert body["type"].endswith("/2/problems/invalid-request")
    assert body["errors"][0]["message"] == "Segments do not add up to provided total file size."
    assert response.headers["content-type"] == "application/problem+json"


def test_finalize_twice_answers_the_same(mock: Mock) -> None:
    media_id, first = mock.upload(fake_mp4(100), 100)
    second = mock.finalize(media_id)
    assert second.status_code == 200
    assert second.json()["data"]["media_key"] == first.json()["data"]["media_key"]
    assert mock.append(media_id, 1, b"late").status_code == 400


@pytest.mark.parametrize(
    ("media_type", "category", "head", "prefix", "expires"),
    [
        ("image/png", "tweet_image", PNG_HEAD, "3", 86400),
        ("image/gif", "tweet_gif", GIF_HEAD, "16", 86400),
        ("video/mp4", "tweet_video", fake_mp4(64), "7", 86400),
        ("video/mp4", "amplify_video", fake_mp4(64), "13", 1295999),
        ("video/mp4", None, fake_mp4(64), "7", 86400),
    ],
)
def test_media_key_prefix_and_expiry_per_category(
    mock: Mock, media_type: str, category: str | None, head: bytes, prefix: str, expires: int
) -> None:
    body: dict[str, object] = {"media_type": media_type, "total_bytes": len(head)}
    if category:
        body["media_category"] = category
    init = mock.client.post("/2/media/upload/initialize", json=body, headers=USER).json()["data"]
    assert init["media_key"] == f"{prefix}_{init['id']}"
    assert init["expires_after_secs"] == expires
    mock.append(init["id"], 0, head)
    final = mock.finalize(init["id"])
    assert final.status_code == 200, final.text
    assert final.json()["data"]["media_key"] == init["media_key"]


def test_image_finalize_reports_image_and_dimensions(mock: Mock) -> None:
    _, final = mock.upload(PNG_HEAD, 1000, "image/png", "tweet_image")
    data = final.json()["data"]
    assert "processing_info" not in data
    assert data["image"] == {"image_type": "image/png", "w": 256, "h": 128}


def test_expired_upload_is_refused(mock: Mock) -> None:
    media_id = mock.init(10)
    mock.clock.advance(86400)
    response = mock.append(media_id, 0, b"x" * 10)
    assert response.status_code == 400
    assert "expired" in response.json()["errors"][0]["message"]
    assert mock.finalize(media_id).status_code == 400


def test_json_base64_append(mock: Mock) -> None:
    data = fake_mp4(3000)
    media_id = mock.init(len(data))
    response = mock.client.post(
        f"/2/media/upload/{media_id}/append",
        json={"media": base64.b64encode(data).decode(), "segment_index": 0},
        headers=USER,
    )
    assert response.status_code == 200, response.text
    assert mock.finalize(media_id).status_code == 200
    assert mock.state.upload_digest(media_id).sha256 == sha256(data)


def test_command_style_shares_state_with_v2_endpoints(mock: Mock) -> None:
    data = fake_mp4(5000)
    init = mock.client.post(
        "/2/media/upload",
        params={
            "command": "INIT",
            "total_bytes": len(data),
            "media_type": "video/mp4",
            "media_category": "tweet_video",
        },
        headers=USER,
    )
    assert init.status_code == 200, init.text
    media_id = init.json()["data"]["id"]
    first = mock.client.post(
        "/2/media/upload",
        params={"command": "APPEND", "media_id": media_id},
        files={"media": ("blob", data[:2500])},
        data={"segment_index": "0"},
        headers=USER,
    )
    assert first.status_code == 204 and first.content == b""
    assert mock.append(media_id, 1, data[2500:]).status_code == 200  # v2 APPEND, same upload
    final = mock.client.post(
        "/2/media/upload", params={"command": "FINALIZE", "media_id": media_id}, headers=USER
    )
    assert final.status_code == 200
    assert final.json()["data"]["processing_info"]["state"] == "pending"
    assert mock.status(media_id).status_code == 200
    assert mock.state.upload_digest(media_id).sha256 == sha256(data)


def test_command_style_urlencoded_body(mock: Mock) -> None:
    response = mock.client.post(
        "/2/media/upload?command=INIT",
        data={"total_bytes": "10", "media_type": "image/png"},
        headers=USER,
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["media_key"].startswith("3_")


def test_one_shot_upload_multipart_and_json(mock: Mock) -> None:
    multipart = mock.client.post(
        "/2/media/upload",
        files={"media": ("a.png", PNG_HEAD)},
        data={"media_category": "tweet_image"},
        headers=USER,
    )
    assert multipart.status_code == 200, multipart.text
    assert multipart.json()["data"]["media_key"].startswith("3_")
    assert multipart.json()["data"]["size"] == len(PNG_HEAD)
    as_json = mock.client.post(
        "/2/media/upload",
        json={"media": base64.b64encode(GIF_HEAD).decode(), "media_category": "tweet_gif"},
        headers=USER,
    )
    assert as_json.status_code == 200, as_json.text
    assert as_json.json()["data"]["processing_info"]["state"] == "pending"
    missing = mock.client.post("/2/media/upload", files={"media": ("a", PNG_HEAD)}, headers=USER)
    assert missing.status_code == 400


def test_parallel_appends_over_a_real_socket() -> None:
    data = fake_mp4(40 * 1024 + 7)
    chunk = 1024
    with (
        serve(MockConfig()) as server,
        httpx.Client(base_url=server.base_url, headers=USER) as client,
    ):
        media_id = client.post(
            "/2/media/upload/initialize", json={"media_type": "video/mp4", "total_bytes": len(data)}
        ).json()["data"]["id"]

        def send(index: int) -> int:
            piece = data[index * chunk : (index + 1) * chunk]
            return client.post(
                f"/2/media/upload/{media_id}/append",
                files={"media": ("b", piece)},
                data={"segment_index": str(index)},
            ).status_code

        indexes = list(range((len(data) + chunk - 1) // chunk))
        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(send, reversed(indexes))) == {200}
        assert client.post(f"/2/media/upload/{media_id}/finalize").status_code == 200
        digest = server.state.upload_digest(media_id)
    assert digest.sha256 == hashlib.sha256(data).hexdigest()
    assert digest.segment_count == len(indexes)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.binary(min_size=1, max_size=20_000),
    chunk=st.integers(min_value=1, max_value=5000),
    order_seed=st.randoms(use_true_random=False),
)
def test_any_bytes_any_chunking_any_order_round_trip(body: bytes, chunk: int, order_seed) -> None:
    data = fake_mp4(16) + body
    for mock in make_mock():
        media_id = mock.init(len(data))
        pieces = [(i, data[o : o + chunk]) for i, o in enumerate(range(0, len(data), chunk))][:1000]
        if len(pieces) * chunk < len(data):
            return  # would need more than 1000 segments
        order_seed.shuffle(pieces)
        for index, piece in pieces:
            assert mock.append(media_id, index, piece).status_code == 200
        assert mock.finalize(media_id).status_code == 200
        digest = mock.state.upload_digest(media_id)
        assert digest.sha256 == sha256(data)
        assert digest.size == len(data)


def test_finalize_frees_the_segment_files_unless_told_to_keep_them() -> None:
    for keep in (False, True):
        for mock in make_mock(keep_segments_after_finalize=keep):
            data = fake_mp4(300)
            media_id, _ = mock.upload(data, 100)
            upload = mock.state.get_upload(media_id)
            assert upload is not None
            assert [upload.segment_path(i).exists() for i in range(3)] == [keep] * 3
            digest = mock.state.upload_digest(media_id)
            assert digest.sha256 == sha256(data) and digest.segment_count == 3


def test_json_append_tolerates_mime_line_breaks(mock: Mock) -> None:
    data = fake_mp4(500)
    media_id = mock.init(len(data))
    body: dict[str, Any] = {"media": base64.encodebytes(data).decode(), "segment_index": 0}
    assert "\n" in body["media"]
    response = mock.client.post(f"/2/media/upload/{media_id}/append", json=body, headers=USER)
    assert response.status_code == 200
    assert mock.state.upload_digest(media_id).sha256 == sha256(data)
