"""Helpers for tests that drive the mock: credentials, fake media bytes, an in-process client."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import anyio.from_thread
import httpx

from .app import create_app
from .clock import ManualClock
from .config import MockConfig
from .state import MockState

USER = {"Authorization": "Bearer mock-user-token"}
USER2 = {"Authorization": "Bearer mock-user-token-2"}
APP = {"Authorization": "Bearer mock-app-token"}
READONLY = {"Authorization": "Bearer mock-readonly-token"}

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
PNG_HEAD = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\x80\x08\x06\x00\x00\x00"
)
GIF_HEAD = b"GIF89a\x10\x00\x20\x00\x00\x00\x00"


def fake_mp4(size: int) -> bytes:
    return (MP4_HEAD + bytes(range(256)) * (size // 256 + 1))[:size]


class SyncASGITransport(httpx.BaseTransport):
    """Drive an ASGI app from a plain ``httpx.Client`` (an anyio portal runs the event loop).

    Exceptions the app raises (e.g. an injected in-process abort) reach the caller unchanged.
    """

    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._portal_cm = anyio.from_thread.start_blocking_portal()
        self._portal = self._portal_cm.__enter__()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()

        async def send() -> httpx.Response:
            async_request = httpx.Request(
                request.method, request.url, headers=request.headers, content=_aiter(body)
            )
            response = await self._inner.handle_async_request(async_request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return self._portal.call(send)

    def close(self) -> None:
        self._portal_cm.__exit__(None, None, None)


async def _aiter(body: bytes) -> AsyncIterator[bytes]:
    yield body


def asgi_client(app: Any, **kwargs: Any) -> httpx.Client:
    """A sync httpx client bound to ``app`` in-process (base URL http://mock)."""
    return httpx.Client(transport=SyncASGITransport(app), base_url="http://mock", **kwargs)


@dataclass
class Mock:
    client: httpx.Client
    app: Any
    clock: ManualClock
    config: MockConfig

    @property
    def state(self) -> MockState:
        state: MockState = self.app.state.mock
        return state

    def init(
        self,
        total: int,
        media_type: str = "video/mp4",
        category: str | None = "tweet_video",
        headers: dict[str, str] = USER,
    ) -> str:
        body: dict[str, object] = {"media_type": media_type, "total_bytes": total}
        if category is not None:
            body["media_category"] = category
        response = self.client.post("/2/media/upload/initialize", json=body, headers=headers)
        assert response.status_code == 200, response.text
        return str(response.json()["data"]["id"])

    def append(
        self, media_id: str, index: int, chunk: bytes, headers: dict[str, str] = USER
    ) -> httpx.Response:
        return self.client.post(
            f"/2/media/upload/{media_id}/append",
            files={"media": ("blob", chunk, "application/octet-stream")},
            data={"segment_index": str(index)},
            headers=headers,
        )

    def finalize(self, media_id: str, headers: dict[str, str] = USER) -> httpx.Response:
        return self.client.post(f"/2/media/upload/{media_id}/finalize", headers=headers)

    def status(self, media_id: str, headers: dict[str, str] = USER) -> httpx.Response:
        return self.client.get(
            "/2/media/upload", params={"media_id": media_id, "command": "STATUS"}, headers=headers
        )

    def upload(
        self,
        data: bytes,
        chunk: int,
        media_type: str = "video/mp4",
        category: str | None = "tweet_video",
    ) -> tuple[str, httpx.Response]:
        media_id = self.init(len(data), media_type, category)
        for index, offset in enumerate(range(0, len(data), chunk)):
            response = self.append(media_id, index, data[offset : offset + chunk])
            assert response.status_code == 200, response.text
        return media_id, self.finalize(media_id)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_mock(**changes: object) -> Iterator[Mock]:
    clock = ManualClock(start=1_800_000_000.0)
    config = MockConfig(clock=clock, **changes)  # type: ignore[arg-type]
    app = create_app(config)
    with asgi_client(app) as client:
        yield Mock(client, app, clock, config)
    app.state.mock.close()
