"""Plain, immutable values returned to users (no generated-client types leak out)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

__all__ = [
    "MediaInfo",
    "ProblemDetail",
    "ProcessingInfo",
    "ProgressEvent",
    "UploadedMedia",
]

#: Processing states X documents; others may appear and mean "keep polling".
TERMINAL_STATES = frozenset({"succeeded", "failed"})


@dataclass(frozen=True, slots=True)
class ProblemDetail:
    """A problem object found in ``errors[]`` beside ``data`` in a successful answer."""

    title: str | None
    detail: str | None
    type: str | None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __str__(self) -> str:
        return " — ".join(p for p in (self.title, self.detail) if p) or str(self.type or "problem")


@dataclass(frozen=True, slots=True)
class ProcessingInfo:
    """Server-side processing of a video or GIF after FINALIZE."""

    state: str
    check_after_secs: int | None = None
    progress_percent: int | None = None
    error_code: int | None = None
    error_name: str | None = None
    error_message: str | None = None

    @property
    def is_terminal(self) -> bool:
        return self.state in TERMINAL_STATES

    @property
    def succeeded(self) -> bool:
        return self.state == "succeeded"

    @property
    def failed(self) -> bool:
        return self.state == "failed"


@dataclass(frozen=True, slots=True)
class UploadedMedia:
    """An uploaded media item: what FINALIZE or STATUS said about it."""

    media_id: str
    media_key: str | None
    size: int | None
    expires_at: datetime | None
    media_type: str | None
    media_category: str | None
    processing: ProcessingInfo | None = None
    warnings: tuple[ProblemDetail, ...] = ()

    @property
    def ready(self) -> bool:
        """True when the media can be attached to a post (no processing, or it succeeded)."""
        return self.processing is None or self.processing.succeeded


ProgressPhase = Literal["upload", "processing", "retry", "rate_limit", "resumed"]


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """Reported to ``on_progress``.

    ``phase``:

    - ``upload``: after each acknowledged segment;
    - ``processing``: after each status poll (``state``, ``progress_percent``);
    - ``retry``: a request failed and is tried again after ``wait_seconds`` (``operation``,
      ``attempt`` that failed, ``reason``);
    - ``rate_limit``: X answered 429; waiting ``wait_seconds`` until ``reset_at`` (epoch
      seconds) before ``operation`` is tried again;
    - ``resumed``: a journal was used: ``segments_done`` were already sent and verified (or,
      after FINALIZE, the media is polled again).
    """

    phase: ProgressPhase
    bytes_sent: int
    total_bytes: int
    segments_done: int
    segments_total: int
    state: str | None = None
    progress_percent: int | None = None
    media_id: str | None = None
    operation: str | None = None
    attempt: int | None = None
    wait_seconds: float | None = None
    reset_at: float | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """One media object from a lookup by media keys."""

    media_key: str
    type: str | None = None
    url: str | None = None
    preview_image_url: str | None = None
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    alt_text: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
