"""The mock as a real server on a ManualClock, and clients whose sleep advances that clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xmedia import AsyncXMedia, OAuth2UserToken, UploadConfig, XMedia
from xmedia.testing import Runtime
from xmedia_mock import FaultPlan, ManualClock, MockConfig, RunningServer, serve

USER_TOKEN = "mock-user-token"


@dataclass
class MockServer:
    """One running mock (real sockets) shared by a module; reset before each test."""

    server: RunningServer
    clock: ManualClock

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def state(self) -> Any:
        return self.server.state

    @property
    def config(self) -> MockConfig:
        return self.server.config

    def faults(self, text: str, seed: int = 0) -> None:
        self.state.faults.set_plan(FaultPlan.parse(text, seed=seed))

    def count(self, operation: str, status: int | None = None) -> int:
        return int(self.state.request_count(operation, status))

    def upload_config(self, journal_dir: Path | None = None, **changes: Any) -> UploadConfig:
        base: dict[str, Any] = {
            "chunk_size": 1024,
            "journal": journal_dir is not None,
            "journal_dir": journal_dir,
        }
        base.update(changes)
        return UploadConfig(**base)

    def runtime(self, **changes: Any) -> Runtime:
        """The mock's clock, and waits that advance it (instant tests)."""

        async def advance(seconds: float) -> None:
            self.clock.sleep(seconds)

        base: dict[str, Any] = {
            "clock": self.clock.now,
            "sleep": self.clock.sleep,
            "async_sleep": advance,
        }
        base.update(changes)
        return Runtime(**base)

    def client(
        self, journal_dir: Path | None = None, token: str = USER_TOKEN, **changes: Any
    ) -> XMedia:
        """``changes`` are UploadConfig fields, or Runtime fields (clock, sleep, rng)."""
        seams = {k: changes.pop(k) for k in ("clock", "sleep", "rng") if k in changes}
        return XMedia(
            OAuth2UserToken(token),
            base_url=self.base_url,
            config=self.upload_config(journal_dir, **changes),
            runtime=self.runtime(**seams),
        )

    def async_client(
        self, journal_dir: Path | None = None, token: str = USER_TOKEN, **changes: Any
    ) -> AsyncXMedia:
        """The async client on the same clock: its sleeps advance the clock too."""
        seams = {k: changes.pop(k) for k in ("clock", "sleep", "rng") if k in changes}
        return AsyncXMedia(
            OAuth2UserToken(token),
            base_url=self.base_url,
            config=self.upload_config(journal_dir, **changes),
            runtime=self.runtime(**seams),
        )


def _mock_config(clock: ManualClock) -> MockConfig:
    return MockConfig(
        clock=clock,
        chunk_limit=8192,
        verify_media_bytes=False,
        processing_pending_secs=2.0,
        processing_secs=6.0,
        check_after_secs=2,
    )


@contextmanager
def running_mock_server() -> Iterator[MockServer]:
    clock = ManualClock(start=1_800_000_000.0)
    with serve(_mock_config(clock)) as server:
        yield MockServer(server, clock)


def reset(mock_server: MockServer) -> MockServer:
    """Fresh state, no faults and the default settings, on the same server and clock."""
    mock_server.state.reset()
    mock_server.faults("")
    fresh = _mock_config(mock_server.clock)
    for name in (
        "chunk_limit",
        "verify_media_bytes",
        "processing_pending_secs",
        "processing_secs",
        "check_after_secs",
        "rate_limits_enabled",
        "rate_limits",
        "expires_after_secs",
    ):
        setattr(mock_server.config, name, getattr(fresh, name))
    return mock_server
