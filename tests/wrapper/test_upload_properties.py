"""Property: whatever the size, chunk size, concurrency and fault schedule, the server assembles
exactly the file's bytes (or the upload fails with a typed error) — for sync and async."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xmedia import AsyncXMedia, EmptyFileError, OAuth2UserToken, UploadConfig
from xmedia.testing import Runtime
from xmedia_mock import FaultPlan, ManualClock, MockConfig, create_app
from xmedia_mock.testing import fake_mp4

from tests.support.mock_server import USER_TOKEN, MockServer

# Faults that a correct client must absorb: transient 5xx, 429, dropped connections.
FAULT_KINDS = ["error=503", "error=500", "rate_limit", "abort", "truncate", "drop"]


@st.composite
def fault_schedules(draw: st.DrawFn) -> str:
    rules = []
    for _ in range(draw(st.integers(0, 4))):
        target = draw(st.sampled_from(["append", "append", "initialize", "finalize", "status"]))
        occurrence = draw(st.integers(1, 6))
        rules.append(f"{target}#{occurrence}:{draw(st.sampled_from(FAULT_KINDS))}")
    return ";".join(rules)


SIZES = st.one_of(st.integers(0, 64), st.integers(65, 5 * 2048))
CHUNKS = st.sampled_from([512, 1000, 2048])
PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(
    size=SIZES,
    chunk=CHUNKS,
    concurrency=st.integers(1, 4),
    faults=fault_schedules(),
    category=st.sampled_from([None, "tweet_video"]),
)
def test_sync_upload_is_byte_exact(
    mock_server: MockServer,
    tmp_path: Path,
    size: int,
    chunk: int,
    concurrency: int,
    faults: str,
    category: str | None,
) -> None:
    mock_server.state.reset()
    mock_server.faults(faults)
    data = fake_mp4(size)
    file = tmp_path / "clip.mp4"
    file.write_bytes(data)
    with mock_server.client(chunk_size=chunk, concurrency=concurrency) as client:
        if size == 0:
            with pytest.raises(EmptyFileError):
                client.upload(file, media_type="video/mp4")
            assert mock_server.count("initialize") == 0
            return
        media = client.upload(file, media_type="video/mp4", media_category=category)
    digest = mock_server.state.upload_digest(media.media_id)
    assert digest.sha256 == hashlib.sha256(data).hexdigest()
    assert digest.size == size == media.size
    assert digest.segment_count == -(-size // chunk)
    assert media.ready


@PROPERTY_SETTINGS
@given(
    size=SIZES,
    chunk=CHUNKS,
    concurrency=st.integers(1, 4),
    faults=fault_schedules(),
    seekable=st.booleans(),
)
def test_async_upload_is_byte_exact(
    size: int, chunk: int, concurrency: int, faults: str, seekable: bool
) -> None:
    clock = ManualClock(start=1_800_000_000.0)
    config = MockConfig(
        clock=clock,
        chunk_limit=8192,
        verify_media_bytes=False,
        faults=FaultPlan.parse(faults),
        processing_pending_secs=1,
        processing_secs=3,
    )
    app = create_app(config)
    data = fake_mp4(size)

    async def advance(seconds: float) -> None:
        clock.advance(seconds)

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport) as http:
            client = AsyncXMedia(
                OAuth2UserToken(USER_TOKEN),
                base_url="http://127.0.0.1",
                http_client=http,
                config=UploadConfig(
                    chunk_size=chunk,
                    concurrency=concurrency,
                    journal=False,
                ),
                runtime=Runtime(clock=clock.now, async_sleep=advance),
            )
            stream = io.BytesIO(data) if seekable else io.BufferedReader(_Pipe(data))
            if size == 0:
                with pytest.raises(EmptyFileError):
                    await client.upload(stream, media_type="video/mp4")
                return
            media = await client.upload(
                stream, media_type="video/mp4", media_category="tweet_video"
            )
            digest = app.state.mock.upload_digest(media.media_id)
            assert digest.sha256 == hashlib.sha256(data).hexdigest()
            assert digest.size == size
            assert media.processing is not None and media.processing.succeeded

    anyio.run(scenario)


class _Pipe(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        view = buffer.cast("B")
        chunk = self._data.read(len(view))
        view[: len(chunk)] = chunk
        return len(chunk)
