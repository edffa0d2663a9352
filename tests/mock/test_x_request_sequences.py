"""X's own request sequences, replayed against the mock with plain httpx (not the wrapper).

- The chunked-upload quickstart (docs.x.com/x-api/media/quickstart/media-upload-chunked): its
  curl steps send the command style as multipart form fields (``-F command=INIT …``), poll STATUS
  with query parameters; its SDK snippets use the dedicated endpoints.
- X's v2 sample (github.com/xdevplatform/samples, ``Media Upload/media_upload_v2.py``): INIT and
  FINALIZE as query parameters (with a JSON content type and no body), APPEND's ``command`` and
  ``media_id`` as form fields beside the file, 4 MB chunks.
- xdk, X's Python SDK: JSON bodies for every step, the chunk base64-encoded in ``media``.
Each step checks what X's pages show in return.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
from xmedia_mock.testing import USER, Mock, fake_mp4, sha256

UPLOAD = "/2/media/upload"


def form(**fields: object) -> dict[str, tuple[None, str]]:
    """Fields as ``curl -F name=value`` sends them: multipart parts without a file name."""
    return {name: (None, str(value)) for name, value in fields.items()}


def poll_until_done(mock: Mock, media_id: str) -> dict[str, Any]:
    """Step 4: GET ?command=STATUS&media_id=… until succeeded or failed, sleeping check_after_secs
    on the mock's clock."""
    for _ in range(50):
        response = mock.client.get(
            UPLOAD, params={"command": "STATUS", "media_id": media_id}, headers=USER
        )
        assert response.status_code == 200, response.text
        info: dict[str, Any] = response.json()["data"]["processing_info"]
        if info["state"] in ("succeeded", "failed"):
            return info
        mock.clock.advance(info.get("check_after_secs", 1))
    raise AssertionError("processing never finished")


def test_quickstart_curl_sequence_command_style_as_form_fields(mock: Mock) -> None:
    video = fake_mp4(3 * 1024 * 1024)  # "split a 3 MB file into 3 chunks"
    chunks = [video[i : i + 1024 * 1024] for i in range(0, len(video), 1024 * 1024)]

    init = mock.client.post(
        UPLOAD,
        files=form(
            command="INIT",
            media_type="video/mp4",
            total_bytes=len(video),
            media_category="amplify_video",
        ),
        headers=USER,
    )
    assert init.status_code == 200, init.text
    data = init.json()["data"]
    media_id = data["id"]
    assert data["media_key"] == f"13_{media_id}"  # amplify_video, as in the example answer
    assert data["expires_after_secs"] == 1295999

    for index, chunk in enumerate(chunks):
        append = mock.client.post(
            UPLOAD,
            files={
                **form(command="APPEND", media_id=media_id, segment_index=index),
                "media": (f"chunk{index + 1}.mp4", chunk, "video/mp4"),
            },
            headers=USER,
        )
        assert append.is_success, append.text

    finalize = mock.client.post(
        UPLOAD, files=form(command="FINALIZE", media_id=media_id), headers=USER
    )
    assert finalize.status_code == 200, finalize.text
    data = finalize.json()["data"]
    assert (data["id"], data["media_key"], data["size"]) == (media_id, f"13_{media_id}", len(video))
    assert data["expires_after_secs"] == 86400  # the example answer's value after FINALIZE
    assert data["processing_info"]["state"] == "pending"
    assert data["processing_info"]["check_after_secs"] >= 1

    assert poll_until_done(mock, media_id)["state"] == "succeeded"
    digest = mock.state.upload_digest(media_id)
    assert (digest.sha256, digest.segment_count) == (sha256(video), 3)


def test_quickstart_sdk_steps_on_the_dedicated_endpoints_with_xdk_json_bodies(mock: Mock) -> None:
    video = fake_mp4(2 * 1024 * 1024 + 5)
    size = 1024 * 1024  # the snippets' "1 MB chunks"
    init = mock.client.post(
        f"{UPLOAD}/initialize",
        json={
            "media_type": "video/mp4",
            "total_bytes": len(video),
            "media_category": "amplify_video",
        },
        headers=USER,
    )
    assert init.status_code == 200, init.text
    media_id = init.json()["data"]["id"]

    for index, offset in enumerate(range(0, len(video), size)):
        chunk = video[offset : offset + size]
        append = mock.client.post(
            f"{UPLOAD}/{media_id}/append",
            json={"media": base64.b64encode(chunk).decode(), "segment_index": index},
            headers=USER,
        )
        assert append.status_code == 200, append.text
        assert isinstance(append.json()["data"]["expires_at"], int)

    finalize = mock.client.post(f"{UPLOAD}/{media_id}/finalize", headers=USER)
    assert finalize.status_code == 200, finalize.text
    assert finalize.json()["data"]["processing_info"]["state"] == "pending"
    assert poll_until_done(mock, media_id)["state"] == "succeeded"
    assert mock.state.upload_digest(media_id).sha256 == sha256(video)


def test_v2_sample_query_init_form_field_append_query_finalize(mock: Mock) -> None:
    video = fake_mp4(9 * 1024 * 1024)
    json_headers = USER | {
        "Content-Type": "application/json",
        "User-Agent": "MediaUploadSampleCode",
    }

    init = mock.client.post(
        UPLOAD,
        params={
            "command": "INIT",
            "media_type": "video/mp4",
            "total_bytes": len(video),
            "media_category": "tweet_video",
        },
        headers=json_headers,  # the sample's headers: a JSON content type, no body
    )
    assert init.status_code == 200, init.text
    media_id = init.json()["data"]["id"]
    assert init.json()["data"]["media_key"] == f"7_{media_id}"

    chunk_size = 4 * 1024 * 1024  # "4MB chunk size"
    for segment_id, offset in enumerate(range(0, len(video), chunk_size)):
        append = mock.client.post(
            UPLOAD,
            data={"command": "APPEND", "media_id": media_id, "segment_index": segment_id},
            files={
                "media": ("chunk", video[offset : offset + chunk_size], "application/octet-stream")
            },
            headers=USER | {"User-Agent": "MediaUploadSampleCode"},
        )
        assert 200 <= append.status_code <= 299, append.text  # the sample's own check

    finalize = mock.client.post(
        UPLOAD, params={"command": "FINALIZE", "media_id": media_id}, headers=json_headers
    )
    assert finalize.status_code == 200, finalize.text
    processing_info = finalize.json()["data"].get("processing_info")
    assert processing_info is not None and processing_info["state"] == "pending"
    assert poll_until_done(mock, media_id)["state"] == "succeeded"
    digest = mock.state.upload_digest(media_id)
    assert (digest.size, digest.sha256, digest.segment_count) == (len(video), sha256(video), 3)


def test_command_fields_in_the_form_and_the_query_agree_on_one_upload(mock: Mock) -> None:
    """Mixed: INIT in the form, APPEND with the command in the query and the rest in the form."""
    init = mock.client.post(
        UPLOAD, files=form(command="INIT", media_type="image/png", total_bytes=33), headers=USER
    )
    media_id = init.json()["data"]["id"]
    png = b"\x89PNG\r\n\x1a\n" + bytes(25)
    append = mock.client.post(
        UPLOAD,
        params={"command": "APPEND", "media_id": media_id},
        files={**form(segment_index=0), "media": ("blob", png, "image/png")},
        headers=USER,
    )
    assert append.status_code == 204, append.text
    finalize = mock.client.post(
        UPLOAD, data={"command": "FINALIZE", "media_id": media_id}, headers=USER
    )  # urlencoded, v1.1 style
    assert finalize.status_code == 200, finalize.text
    assert "processing_info" not in finalize.json()["data"]  # an image: ready at FINALIZE


def test_a_command_in_the_form_that_x_does_not_know_is_a_400(mock: Mock) -> None:
    response = mock.client.post(UPLOAD, files=form(command="RESUME", media_id="1"), headers=USER)
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameters"] == {"command": ["RESUME"]}


def test_a_form_field_append_over_the_chunk_limit_is_413_without_a_body(mock: Mock) -> None:
    mock.config.chunk_limit = 1024
    media_id = mock.init(4096)
    response = mock.client.post(
        UPLOAD,
        files={
            **form(command="APPEND", media_id=media_id, segment_index=0),
            "media": ("blob", fake_mp4(2048), "video/mp4"),
        },
        headers=USER,
    )
    assert response.status_code == 413
    assert response.content == b""
    assert mock.state.upload_digest(media_id).segment_count == 0


def test_plain_httpx_client_over_a_socket() -> None:
    """The same form-field INIT over a real connection (headers as the wire carries them)."""
    from xmedia_mock import MockConfig, serve

    with serve(MockConfig()) as server, httpx.Client(base_url=server.base_url) as client:
        init = client.post(
            UPLOAD, files=form(command="INIT", media_type="video/mp4", total_bytes=10), headers=USER
        )
        assert init.status_code == 200
        assert init.headers["content-type"] == "application/json"
        assert "x-rate-limit-remaining" in init.headers
