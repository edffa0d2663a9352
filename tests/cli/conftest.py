"""Shared helpers for the CLI tests: a CliRunner and a scripted stand-in for ``XMedia``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from typer.testing import CliRunner
from xmedia import ProcessingInfo, ProgressEvent, UploadConfig, UploadedMedia
from xmedia import cli as cli_module

# A secret-looking value: tests assert it never reaches stdout or stderr.
SECRET_TOKEN = "s3cr3t-token-value-abcdef"


def uploaded_media(media_id: str = "1880000000000000001", **changes: Any) -> UploadedMedia:
    values: dict[str, Any] = {
        "media_id": media_id,
        "media_key": f"7_{media_id}",
        "size": 1234,
        "expires_at": datetime(2030, 1, 1, tzinfo=UTC),
        "media_type": "video/mp4",
        "media_category": "tweet_video",
        "processing": ProcessingInfo(state="succeeded", progress_percent=100),
    }
    values.update(changes)
    return UploadedMedia(**values)


@dataclass
class FakeClient:
    """Records what the CLI asked for; answers with `results` (media or exceptions) in order."""

    results: list[UploadedMedia | BaseException] = field(default_factory=list)
    base_url: str | None = None
    config: UploadConfig | None = None
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    closed: bool = False

    def __enter__(self) -> FakeClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.closed = True

    def _next(self) -> UploadedMedia:
        result = self.results.pop(0) if self.results else uploaded_media()
        if isinstance(result, BaseException):
            raise result
        return result

    def upload(self, source: Path, **options: Any) -> UploadedMedia:
        self.calls.append(("upload", {"source": source, **options}))
        on_progress: Callable[[ProgressEvent], None] | None = options.get("on_progress")
        if on_progress is not None:
            on_progress(ProgressEvent("upload", 600, 1234, 1, 2))
            on_progress(ProgressEvent("upload", 1234, 1234, 2, 2))
            on_progress(ProgressEvent("processing", 1234, 1234, 2, 2, "in_progress", 40))
        return self._next()

    def status(self, media_id: str) -> UploadedMedia:
        self.calls.append(("status", {"media_id": media_id}))
        return self._next()

    def wait(self, media_id: str, **options: Any) -> UploadedMedia:
        self.calls.append(("wait", {"media_id": media_id, **options}))
        on_progress = options.get("on_progress")
        if on_progress is not None:
            on_progress(ProgressEvent("processing", 0, 0, 0, 0, "in_progress", 70))
        return self._next()


@pytest.fixture
def fake_client(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeClient]:
    client = FakeClient()

    def make_client(base_url: str | None, config: UploadConfig | None = None) -> FakeClient:
        client.base_url = base_url or "https://api.x.com"
        client.config = config
        return client

    monkeypatch.setattr(cli_module, "_make_client", make_client)
    yield client


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No credentials or base URL leak in from the developer's shell; journals go to tmp."""
    for name in (
        "X_ACCESS_TOKEN",
        "X_API_KEY",
        "X_API_SECRET",
        "X_ACCESS_TOKEN_SECRET",
        "X_API_BASE_URL",
        "XMEDIA_DEBUG",
        # CI services often force rich into terminal mode; these tests read plain stderr.
        "FORCE_COLOR",
        "TTY_COMPATIBLE",
        "TTY_INTERACTIVE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XMEDIA_JOURNAL_DIR", str(tmp_path / "journal"))
    # Nor a login stored by `xmedia login` in the developer's config directory.
    monkeypatch.setenv("XMEDIA_TOKEN_FILE", str(tmp_path / "config" / "credentials.json"))


@pytest.fixture
def runner(clean_env: None) -> CliRunner:
    return CliRunner()


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"\x00\x00\x00\x20ftypisom" + bytes(1222))
    return path
