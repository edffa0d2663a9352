"""The mock on real sockets with a manual clock, its OAuth 2.0 server, and an upload to run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from xmedia import OAuth2User, UploadConfig
from xmedia._oauth2 import OAuth2Token
from xmedia_mock import ManualClock, MockConfig, RunningServer, serve
from xmedia_mock.oauth2 import OAuth2Server, oauth2_server
from xmedia_mock.testing import PNG_HEAD

PUBLIC_CLIENT = "mock-client-id"
CONFIDENTIAL_CLIENT = "mock-confidential-client-id"
CLIENT_SECRET = "mock-client-secret"
UPLOAD_SCOPES = frozenset({"tweet.read", "users.read", "media.write", "offline.access"})
TWO_HOURS = 7200.0


@dataclass
class AuthMock:
    server: RunningServer
    clock: ManualClock

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def oauth2(self) -> OAuth2Server:
        return oauth2_server(self.server.state)

    def count(self, operation: str, status: int | None = None) -> int:
        return int(self.server.state.request_count(operation, status))

    def issue(
        self, scopes: frozenset[str] = UPLOAD_SCOPES, client_id: str = PUBLIC_CLIENT
    ) -> dict[str, Any]:
        return self.oauth2.issue(client_id, scopes)

    def credential(
        self,
        scopes: frozenset[str] = UPLOAD_SCOPES,
        *,
        confidential: bool = False,
        saved: list[OAuth2Token] | None = None,
        **options: Any,
    ) -> OAuth2User:
        """An OAuth2User holding a freshly issued pair; refreshed tokens go to ``saved``."""
        client_id = CONFIDENTIAL_CLIENT if confidential else PUBLIC_CLIENT
        body = self.issue(scopes, client_id)
        token = OAuth2Token.from_response(body, now=self.clock.now())
        return OAuth2User(
            token.access_token,
            refresh_token=token.refresh_token,
            client_id=client_id,
            client_secret=CLIENT_SECRET if confidential else None,
            expires_at=token.expires_at,
            scopes=token.scopes,
            on_refresh=saved.append if saved is not None else None,
            **options,
        )


def running_mock() -> Iterator[AuthMock]:
    clock = ManualClock(start=1_800_000_000.0)
    with serve(MockConfig(clock=clock, rate_limits_enabled=False)) as server:
        yield AuthMock(server, clock)


def upload_config(**changes: Any) -> UploadConfig:
    options: dict[str, Any] = {
        "chunk_size": 1024,
        "chunk_size_forced": True,
        "concurrency": 4,
        "journal": False,
        "backoff_initial": 0.0,
        "backoff_max": 0.0,
    }
    options.update(changes)
    return UploadConfig(**options)


def png_file(directory: Path, size: int = 24 * 1024, name: str = "picture.png") -> Path:
    path = directory / name
    path.write_bytes((PNG_HEAD + bytes(range(256)) * (size // 256 + 1))[:size])
    return path


def form_of(request: httpx.Request) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(request.content.decode()))
