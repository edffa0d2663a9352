"""Synchronous client: httpx.Client + a thread pool driving the sans-IO upload core."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import BinaryIO

import httpx

from ._auth import Credentials
from ._config import UploadConfig
from ._models import MediaInfo, ProgressEvent, UploadedMedia

__all__ = ["XMedia"]

ProgressCallback = Callable[[ProgressEvent], None]


class XMedia:
    """Client for the X API v2 media endpoints (blocking; safe to share between threads).

    ``auth=None`` reads credentials from the environment (see :func:`xmedia.auth_from_env`);
    ``base_url=None`` reads ``X_API_BASE_URL`` (default ``https://api.x.com``). Pass
    ``http_client`` to reuse your own ``httpx.Client`` (it is not closed by :meth:`close`).
    """

    def __init__(
        self,
        auth: Credentials | None = None,
        *,
        base_url: str | None = None,
        http_client: httpx.Client | None = None,
        config: UploadConfig | None = None,
    ) -> None:
        raise NotImplementedError

    def __enter__(self) -> XMedia:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        raise NotImplementedError

    def upload(
        self,
        source: str | os.PathLike[str] | BinaryIO,
        *,
        media_category: str | None = None,
        media_type: str | None = None,
        alt_text: str | None = None,
        wait: bool = True,
        resume: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> UploadedMedia:
        """Upload a file or binary stream; returns once finalized (and processed if ``wait``)."""
        raise NotImplementedError

    def status(self, media_id: str) -> UploadedMedia:
        raise NotImplementedError

    def wait(
        self,
        media_id: str,
        *,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> UploadedMedia:
        raise NotImplementedError

    def set_alt_text(self, media_id: str, text: str) -> None:
        raise NotImplementedError

    def create_subtitles(
        self,
        media_id: str,
        *,
        subtitles_media_id: str,
        language_code: str,
        display_name: str | None = None,
        media_category: str = "TweetVideo",
    ) -> None:
        raise NotImplementedError

    def delete_subtitles(
        self, media_id: str, *, language_code: str, media_category: str = "TweetVideo"
    ) -> None:
        raise NotImplementedError

    def lookup(self, media_keys: Sequence[str]) -> list[MediaInfo]:
        raise NotImplementedError
