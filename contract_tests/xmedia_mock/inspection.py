"""Processing like X's: uploaded video and GIFs are checked against X's documented constraints.

X fails processing (``state: failed``, ``error {code 1, name InvalidMedia, message "Invalid or
Unsupported media, Reason: UnsupportedMedia."}`` — the shape users report, e.g. twitter-api-v2 #243)
for media that breaks its best-practices rules: 10-bit or 4:4:4 video, open GOP, 5.1 audio, over
60 fps, over 1280x1024, shorter than 0.5 s, a GIF over 350 frames… This runs the very inspection the
client's pre-flight runs (``xmedia_limits.media_probe`` + ``media_checks``: the mock must not import
``xmedia``), over the stored segments without assembling them.

Only when PyAV / Pillow are installed (the ``media`` extra), and only for bytes FFmpeg can read:
the synthetic "MP4" the suites upload (an ``ftyp`` box and noise) keeps the magic-byte rule, as
when the extra is absent. Which rule failed is kept on the upload (``Upload.inspection``); X's
answer names none.
"""

from __future__ import annotations

import io
import logging
import os
from importlib.util import find_spec
from typing import Any

from xmedia_limits import media_constraints

from .state import Upload

__all__ = ["INVALID_MEDIA", "processing_failure"]

log = logging.getLogger("xmedia_mock")

#: X's processing error for media it cannot process (the reported shape; X gives no reason).
INVALID_MEDIA = {
    "code": 1,
    "name": "InvalidMedia",
    "message": "Invalid or Unsupported media, Reason: UnsupportedMedia.",
}


class _Segments(io.RawIOBase):
    """The upload's segment files read as one seekable stream (no assembled copy on disk)."""

    def __init__(self, upload: Upload) -> None:
        segments = sorted(upload.segments.items())
        self._parts = [(upload.segment_path(index), size) for index, size in segments]
        self._size = sum(size for _, size in self._parts)
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._position, os.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        start, written = 0, 0
        for path, size in self._parts:
            end = start + size
            if self._position < end and written < len(view):
                with path.open("rb") as handle:
                    handle.seek(self._position - start)
                    chunk = handle.read(min(end - self._position, len(view) - written))
                view[written : written + len(chunk)] = chunk
                written += len(chunk)
                self._position += len(chunk)
            start = end
        return written


def processing_failure(upload: Upload) -> tuple[dict[str, Any], str] | None:
    """X's processing error and the failed rule for ``upload``, or None when it passes (or when
    it cannot be judged here: the extra is missing, or FFmpeg cannot read the bytes)."""
    if not upload.processed or find_spec("av") is None or find_spec("PIL") is None:
        return None
    from xmedia_limits.media_checks import evaluate
    from xmedia_limits.media_probe import probe_stream

    stream = _Segments(upload)
    try:
        facts = probe_stream(
            io.BufferedReader(stream, 1 << 20),
            stream.seek(0, os.SEEK_END),
            media_type=upload.media_type,
        )
    except Exception:  # the mock must answer; a fault here leaves the magic-byte verdict
        log.exception("media inspection failed for upload %s", upload.media_id)
        return None
    if facts.unreadable is not None or facts.missing:
        return None
    report = evaluate(facts)
    cause = report.most_likely_cause()
    if not report.ok and cause is not None:
        return INVALID_MEDIA, f"{cause.name} {cause.value}: {cause.reason}"
    # Duration caps per category for a default account (the mock has no Premium users).
    cap = (
        media_constraints.VIDEO_MAX_DURATION
        if upload.media_category == "dm_video"
        else media_constraints.VIDEO_POST_MAX_DURATION
    )
    if facts.kind == "video" and facts.duration is not None and facts.duration > cap:
        reason = f"duration {facts.duration:.2f} s: over {cap:g} s for {upload.media_category}"
        return INVALID_MEDIA, reason
    return None
