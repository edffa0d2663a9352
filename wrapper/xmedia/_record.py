"""The resume journal's content and the decisions about it (pure; files live in ``_journal``).

A record says how far one upload of one file got:

- ``uploading``: INIT returned ``media_id``; ``acked`` maps each acknowledged segment to the
  SHA-256 of the bytes sent;
- ``finalized``: FINALIZE was answered and the media is processing; resuming polls it;
- ``finished``: the upload is done; ``media`` is the result, returned again by a resume within
  its expiry instead of uploading a duplicate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from ._models import ProcessingInfo, UploadedMedia
from ._plan import MAX_CHUNK_SIZE

__all__ = [
    "EXPIRY_MARGIN_SECONDS",
    "FINISHED_FALLBACK_LIFETIME",
    "JournalRecord",
    "RecordState",
    "media_from_json",
    "media_to_json",
    "unusable_reason",
]

VERSION = 2
#: Continue appending only when the media id is valid for at least this much longer.
EXPIRY_MARGIN_SECONDS = 300.0
#: How long a finished upload is assumed usable when X gave no expiry (X keeps media ids for
#: about 24 hours; inferred, not documented per answer).
FINISHED_FALLBACK_LIFETIME = 24 * 3600.0

RecordState = Literal["uploading", "finalized", "finished"]
_STATES: frozenset[str] = frozenset({"uploading", "finalized", "finished"})


def media_to_json(media: UploadedMedia) -> dict[str, Any]:
    info = media.processing
    return {
        "media_id": media.media_id,
        "media_key": media.media_key,
        "size": media.size,
        "expires_at": None if media.expires_at is None else media.expires_at.timestamp(),
        "media_type": media.media_type,
        "media_category": media.media_category,
        "processing": None
        if info is None
        else {
            "state": info.state,
            "check_after_secs": info.check_after_secs,
            "progress_percent": info.progress_percent,
            "error_code": info.error_code,
            "error_name": info.error_name,
            "error_message": info.error_message,
        },
    }


def media_from_json(data: Mapping[str, Any]) -> UploadedMedia:
    processing = data.get("processing")
    expires = data.get("expires_at")
    return UploadedMedia(
        media_id=str(data["media_id"]),
        media_key=data.get("media_key"),
        size=data.get("size"),
        expires_at=None if expires is None else datetime.fromtimestamp(float(expires), UTC),
        media_type=data.get("media_type"),
        media_category=data.get("media_category"),
        processing=None if not isinstance(processing, dict) else ProcessingInfo(**processing),
    )


@dataclass(frozen=True, slots=True)
class JournalRecord:
    state: RecordState
    media_id: str
    media_key: str | None
    path: str
    chunk_size: int
    total_bytes: int
    media_type: str
    media_category: str | None
    expires_at: float | None
    acked: Mapping[int, str] = field(default_factory=dict)
    media: UploadedMedia | None = None
    mtime_ns: int | None = None

    def with_state(self, state: RecordState, media: UploadedMedia | None) -> JournalRecord:
        expires = self.expires_at
        if media is not None and media.expires_at is not None:
            expires = media.expires_at.timestamp()
        return replace(self, state=state, media=media, expires_at=expires)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "state": self.state,
            "media_id": self.media_id,
            "media_key": self.media_key,
            "path": self.path,
            "mtime_ns": self.mtime_ns,
            "chunk_size": self.chunk_size,
            "total_bytes": self.total_bytes,
            "media_type": self.media_type,
            "media_category": self.media_category,
            "expires_at": self.expires_at,
            "acked": {str(i): digest for i, digest in sorted(self.acked.items())},
            "media": None if self.media is None else media_to_json(self.media),
        }

    @classmethod
    def from_json(cls, data: Any) -> JournalRecord | None:
        """Parse a journal; None for anything unexpected (a bad journal just means start over)."""
        try:
            if not isinstance(data, dict) or data.get("version") != VERSION:
                return None
            state = data["state"]
            if state not in _STATES:
                return None
            acked = {int(i): str(d) for i, d in dict(data.get("acked") or {}).items()}
            media = data.get("media")
            return cls(
                state=state,
                media_id=str(data["media_id"]),
                media_key=data.get("media_key"),
                path=str(data["path"]),
                mtime_ns=None if data.get("mtime_ns") is None else int(data["mtime_ns"]),
                chunk_size=int(data["chunk_size"]),
                total_bytes=int(data["total_bytes"]),
                media_type=str(data["media_type"]),
                media_category=data.get("media_category"),
                expires_at=None if data.get("expires_at") is None else float(data["expires_at"]),
                acked=acked,
                media=None if not isinstance(media, dict) else media_from_json(media),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def is_expired(self, now: float) -> bool:
        """The media id is gone, or (while uploading) too close to expiry to finish."""
        if self.expires_at is None:
            return False
        margin = EXPIRY_MARGIN_SECONDS if self.state == "uploading" else 0.0
        return self.expires_at - margin <= now


def unusable_reason(
    record: JournalRecord,
    *,
    total_bytes: int,
    media_type: str,
    media_category: str | None,
    now: float,
) -> str | None:
    """Why ``record`` cannot continue this upload, or None when it can (content is verified
    segment by segment afterwards)."""
    if record.total_bytes != total_bytes:
        return "the file's size changed"
    if record.media_type != media_type or record.media_category != media_category:
        return "the media type or category differs"
    if not 1 <= record.chunk_size <= MAX_CHUNK_SIZE:
        return "the journal's chunk size is invalid"
    if record.is_expired(now):
        return "the media id has expired (or expires within 5 minutes)"
    if record.state != "uploading" and record.media is None:
        return "the journal holds no result"
    return None
