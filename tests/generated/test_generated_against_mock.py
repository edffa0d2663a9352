"""Smoke test: the generated client drives a whole upload against the bundled mock, in process.

The mock is a separate engineer's work; this only checks that what the generated functions send is
what a server implementing the contract accepts, and that its answers parse.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from typing import Any

import httpx
import pytest
from xmedia_generated import Client
from xmedia_generated.api.media import (
    append_media_upload,
    finalize_media_upload,
    get_media_upload_status,
    initialize_media_upload,
    media_upload,
)
from xmedia_generated.models import (
    AppendMediaUploadRequest,
    FinalizeMediaUploadResponse,
    GetMediaUploadStatusCommand,
    GetMediaUploadStatusResponse,
    InitializeMediaUploadRequest,
    InitializeMediaUploadRequestMediaCategory,
    InitializeMediaUploadRequestMediaType,
    InitializeMediaUploadResponse,
    MediaUploadCommand,
    MediaUploadMediaCategory,
    MediaUploadMultipartRequest,
    MediaUploadResponse,
    Problem,
    ProcessingInfo,
)
from xmedia_generated.types import File, Unset

xmedia_mock = pytest.importorskip("xmedia_mock")

BASE_URL = "http://mock.test"
PAYLOAD = bytes(range(256)) * 40  # 10240 bytes, every byte value, several segments


def segment(index: int, chunk: bytes) -> AppendMediaUploadRequest:
    media = File(
        payload=io.BytesIO(chunk), file_name="segment", mime_type="application/octet-stream"
    )
    return AppendMediaUploadRequest(media=media, segment_index=index)


def chunks(size: int) -> list[bytes]:
    return [PAYLOAD[start : start + size] for start in range(0, len(PAYLOAD), size)]


async def with_client(token: str, scenario: Any) -> Any:
    config = xmedia_mock.MockConfig(verify_media_bytes=False)
    app = xmedia_mock.create_app(config)
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=BASE_URL, transport=transport, headers=headers) as http:
        client = Client(base_url=BASE_URL).set_async_httpx_client(http)
        return await scenario(client, app.state.mock)


def test_dedicated_endpoints_upload_and_poll() -> None:
    async def scenario(client: Client, state: Any) -> None:
        init = await initialize_media_upload.asyncio_detailed(
            client=client,
            body=InitializeMediaUploadRequest(
                media_type=InitializeMediaUploadRequestMediaType.VIDEO_MP4,
                total_bytes=len(PAYLOAD),
                media_category=InitializeMediaUploadRequestMediaCategory.TWEET_VIDEO,
            ),
        )
        assert isinstance(init.parsed, InitializeMediaUploadResponse), init.content
        assert not isinstance(init.parsed.data, Unset)
        media_id = init.parsed.data.id
        # Out of order, as parallel appends arrive.
        for index, chunk in reversed(list(enumerate(chunks(4096)))):
            appended = await append_media_upload.asyncio_detailed(
                media_id, client=client, body=segment(index, chunk)
            )
            assert appended.status_code in (200, 204), appended.content
        final = await finalize_media_upload.asyncio_detailed(media_id, client=client)
        assert isinstance(final.parsed, FinalizeMediaUploadResponse), final.content
        assert not isinstance(final.parsed.data, Unset)
        assert final.parsed.data.size == len(PAYLOAD)
        assert isinstance(final.parsed.data.processing_info, ProcessingInfo)
        status = await get_media_upload_status.asyncio_detailed(
            client=client, media_id=media_id, command=GetMediaUploadStatusCommand.STATUS
        )
        assert isinstance(status.parsed, GetMediaUploadStatusResponse), status.content
        assert not isinstance(status.parsed.data, Unset)
        assert isinstance(status.parsed.data.processing_info, ProcessingInfo)
        digest = state.upload_digest(media_id)
        assert (digest.size, digest.segment_count) == (len(PAYLOAD), 3)
        assert digest.sha256 == hashlib.sha256(PAYLOAD).hexdigest()

    asyncio.run(with_client(xmedia_mock.DEFAULT_USER_TOKEN, scenario))


def test_command_style_upload() -> None:
    async def scenario(client: Client, state: Any) -> None:
        init = await media_upload.asyncio_detailed(
            client=client,
            command=MediaUploadCommand.INIT,
            total_bytes=len(PAYLOAD),
            media_type="image/png",
            media_category=MediaUploadMediaCategory.TWEET_IMAGE,
        )
        assert isinstance(init.parsed, MediaUploadResponse), init.content
        assert not isinstance(init.parsed.data, Unset)
        media_id = init.parsed.data.id
        for index, chunk in enumerate(chunks(5000)):
            media = File(
                payload=io.BytesIO(chunk), file_name="blob", mime_type="application/octet-stream"
            )
            appended = await media_upload.asyncio_detailed(
                client=client,
                command=MediaUploadCommand.APPEND,
                media_id=media_id,
                body=MediaUploadMultipartRequest(media=media, segment_index=index),
            )
            assert appended.status_code in (200, 204), appended.content
        final = await media_upload.asyncio_detailed(
            client=client, command=MediaUploadCommand.FINALIZE, media_id=media_id
        )
        assert isinstance(final.parsed, MediaUploadResponse), final.content
        assert state.upload_digest(media_id).sha256 == hashlib.sha256(PAYLOAD).hexdigest()

    asyncio.run(with_client(xmedia_mock.DEFAULT_USER_TOKEN, scenario))


def test_errors_from_the_mock_parse_into_problems() -> None:
    async def scenario(client: Client, state: Any) -> None:
        wrong_index = await append_media_upload.asyncio_detailed(
            "1880000000000000000", client=client, body=segment(1000, b"x")
        )
        assert wrong_index.status_code in (400, 404)
        assert isinstance(wrong_index.parsed, Problem) and isinstance(wrong_index.parsed.type_, str)
        missing = await finalize_media_upload.asyncio_detailed("1", client=client)
        assert missing.status_code in (400, 404)
        assert isinstance(missing.parsed, Problem) and isinstance(missing.parsed.title, str)

    asyncio.run(with_client(xmedia_mock.DEFAULT_USER_TOKEN, scenario))

    async def unauthorized(client: Client, state: Any) -> None:
        response = await finalize_media_upload.asyncio_detailed("1", client=client)
        assert response.status_code == 401
        assert isinstance(response.parsed, Problem)
        assert (response.parsed.type_, response.parsed.title) == ("about:blank", "Unauthorized")

    asyncio.run(with_client("not-a-token", unauthorized))
