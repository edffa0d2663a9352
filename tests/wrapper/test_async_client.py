"""The async client against the mock in process (httpx.ASGITransport), on a ManualClock."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from xmedia import (
    AsyncXMedia,
    OAuth2UserToken,
    ProcessingTimeoutError,
    ProgressCallbackError,
    ProgressEvent,
    ServerError,
    UnsupportedAuthenticationError,
    UploadConfig,
)
from xmedia.testing import Runtime
from xmedia_mock import FaultPlan, ManualClock, MockConfig, create_app
from xmedia_mock.testing import fake_mp4


class _Crash(Exception):
    pass


def _run(
    scenario: Callable[[AsyncXMedia, Any, ManualClock], Awaitable[None]],
    *,
    token: str = "mock-user-token",
    faults: str = "",
    mock_changes: dict[str, Any] | None = None,
    **config: Any,
) -> Any:
    clock = ManualClock(start=1_800_000_000.0)
    mock_config = MockConfig(
        clock=clock,
        chunk_limit=8192,
        verify_media_bytes=False,
        faults=FaultPlan.parse(faults),
        processing_pending_secs=1,
        processing_secs=4,
        check_after_secs=1,
    )
    for name, value in (mock_changes or {}).items():
        setattr(mock_config, name, value)
    app = create_app(mock_config)

    async def advance(seconds: float) -> None:
        clock.advance(seconds)

    options: dict[str, Any] = {
        "chunk_size": 1024,
        "journal": False,
    }
    options.update(config)

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as http:
            client = AsyncXMedia(
                OAuth2UserToken(token),
                base_url="http://127.0.0.1",
                http_client=http,
                config=UploadConfig(**options),
                runtime=Runtime(clock=clock.now, async_sleep=advance),
            )
            async with client:
                await scenario(client, app.state.mock, clock)

    anyio.run(main)
    return app.state.mock


def test_async_resume_sends_only_missing_segments(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    data = fake_mp4(6 * 1024)
    path.write_bytes(data)

    def crash(event: ProgressEvent) -> None:
        if event.phase == "upload" and event.segments_done == 4:
            raise _Crash

    async def scenario(client: AsyncXMedia, state: Any, clock: ManualClock) -> None:
        with pytest.raises(ProgressCallbackError):
            await client.upload(path, on_progress=crash)
        media = await client.upload(path, resume=True)
        digest = state.upload_digest(media.media_id)
        assert digest.sha256 == hashlib.sha256(data).hexdigest()
        assert state.request_count("initialize") == 1
        assert sorted(digest.append_counts.values()) == [1] * 6

    _run(scenario, concurrency=1, journal=True, journal_dir=tmp_path / "journal")


def test_async_first_fatal_error_cancels_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(fake_mp4(40 * 1024))

    async def scenario(client: AsyncXMedia, state: Any, clock: ManualClock) -> None:
        with pytest.raises(ServerError) as info:
            await client.upload(path)
        assert info.value.status == 503
        assert state.request_count("append") < 40 and state.request_count("finalize") == 0

    _run(scenario, faults="append#2:error=503;*:latency=2", concurrency=4, max_attempts=1)


def test_async_status_wait_alt_text_and_lookup(tmp_path: Path) -> None:
    async def scenario(client: AsyncXMedia, state: Any, clock: ManualClock) -> None:
        events: list[ProgressEvent] = []
        media = await client.upload(_bytes_file(tmp_path, 3000), wait=False)
        assert (await client.status(media.media_id)).processing is not None
        done = await client.wait(media.media_id, on_progress=events.append)
        assert done.ready and events[-1].state == "succeeded"
        await client.set_alt_text(media.media_id, "alt")
        assert media.media_key is not None
        [info] = await client.lookup([media.media_key])
        assert info.alt_text == "alt"

    _run(scenario)


def test_async_wait_deadline(tmp_path: Path) -> None:
    async def scenario(client: AsyncXMedia, state: Any, clock: ManualClock) -> None:
        media = await client.upload(_bytes_file(tmp_path, 3000), wait=False)
        with pytest.raises(ProcessingTimeoutError):
            await client.wait(media.media_id, timeout=20)

    _run(scenario, mock_changes={"processing_secs": 10_000})


def test_async_app_only_token_is_refused(tmp_path: Path) -> None:
    async def scenario(client: AsyncXMedia, state: Any, clock: ManualClock) -> None:
        with pytest.raises(UnsupportedAuthenticationError):
            await client.upload(_bytes_file(tmp_path, 100))

    _run(scenario, token="mock-app-token")


def _bytes_file(tmp_path: Path, size: int) -> Path:
    path = tmp_path / f"clip-{size}.mp4"
    path.write_bytes(fake_mp4(size))
    return path
