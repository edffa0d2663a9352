"""A scripted stand-in for ``XMedia`` and the media it answers with, for the CLI tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from xmedia import ProcessingInfo, ProgressEvent, UploadConfig, UploadedMedia

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

    def check(self, source: Any, **options: Any) -> None:
        """The network-free pre-flight: the scripted client accepts every file."""

    def resumable(self, path: Any) -> None:
        return None

    def status(self, media_id: str) -> UploadedMedia:
        self.calls.append(("status", {"media_id": media_id}))
        return self._next()

    def wait(self, media_id: str, **options: Any) -> UploadedMedia:
        self.calls.append(("wait", {"media_id": media_id, **options}))
        on_progress = options.get("on_progress")
        if on_progress is not None:
            on_progress(ProgressEvent("processing", 0, 0, 0, 0, "in_progress", 70))
        return self._next()
