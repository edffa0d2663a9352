"""Segment planning: pure arithmetic over sizes (no I/O).

X takes at most 1000 APPEND segments (``segment_index`` 0..999) of at most 5 MiB each.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._errors import MediaTooLargeError, TooManySegmentsError

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "MAX_CHUNK_SIZE",
    "MAX_SEGMENTS",
    "MAX_UPLOAD_BYTES",
    "MiB",
    "Segment",
    "SegmentPlan",
    "plan_segments",
]

MiB = 1024 * 1024
#: 4 MiB: X documents 5 MB per APPEND but sometimes answers 413 at 5 MB; 4 MiB is safe.
DEFAULT_CHUNK_SIZE = 4 * MiB
#: The documented ceiling for one APPEND.
MAX_CHUNK_SIZE = 5 * MiB
#: ``segment_index`` is 0..999.
MAX_SEGMENTS = 1000
#: The most one chunked upload can carry: 1000 segments of 5 MiB.
MAX_UPLOAD_BYTES = MAX_SEGMENTS * MAX_CHUNK_SIZE


@dataclass(frozen=True, slots=True)
class Segment:
    index: int
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class SegmentPlan:
    total_bytes: int
    chunk_size: int

    @property
    def count(self) -> int:
        return max(1, -(-self.total_bytes // self.chunk_size))

    def segment(self, index: int) -> Segment:
        if not 0 <= index < self.count:
            raise IndexError(index)
        offset = index * self.chunk_size
        return Segment(index, offset, min(self.chunk_size, self.total_bytes - offset))


def plan_segments(
    total_bytes: int,
    chunk_size: int | None = None,
    *,
    forced: bool = False,
    path: str | None = None,
) -> SegmentPlan:
    """Choose the chunk size for ``total_bytes`` so that at most 1000 segments are needed.

    ``chunk_size`` None or the 4 MiB default is automatic: enlarged (up to 5 MiB) when needed.
    Any other size, or ``forced``, is used as given and refused if it needs > 1000 segments.
    """
    if total_bytes > MAX_UPLOAD_BYTES:
        raise MediaTooLargeError(
            path,
            f"{total_bytes} bytes cannot be uploaded: X allows at most {MAX_SEGMENTS} segments of "
            f"at most {MAX_CHUNK_SIZE} bytes (5 MiB) each, i.e. {MAX_UPLOAD_BYTES} bytes",
        )
    automatic = not forced and chunk_size in (None, DEFAULT_CHUNK_SIZE)
    size = DEFAULT_CHUNK_SIZE if chunk_size is None else chunk_size
    if not 1 <= size <= MAX_CHUNK_SIZE:
        raise TooManySegmentsError(
            path, f"chunk size {size} is outside 1..{MAX_CHUNK_SIZE} bytes (5 MiB per APPEND)"
        )
    needed = -(-total_bytes // size)
    if needed > MAX_SEGMENTS:
        if not automatic:
            minimum = -(-total_bytes // MAX_SEGMENTS)
            raise TooManySegmentsError(
                path,
                f"chunk size {size} would need {needed} segments but X allows at most "
                f"{MAX_SEGMENTS}; use a chunk size of at least {minimum} bytes "
                f"(at most {MAX_CHUNK_SIZE}), or leave it automatic",
            )
        size = -(-total_bytes // MAX_SEGMENTS)
    return SegmentPlan(total_bytes=total_bytes, chunk_size=size)
