"""Segment planning and on-demand chunk reads.

The plan is pure arithmetic. Sources read one segment at a time, only when asked (after the caller
has taken a concurrency slot), so file data in memory is bounded by the number of slots.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import stat
import tempfile
import threading
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from ._config import DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, MAX_SEGMENTS
from ._errors import (
    MediaTooLargeError,
    SourceChangedError,
    TooManySegmentsError,
    UnreadableFileError,
)

__all__ = [
    "MAX_UPLOAD_BYTES",
    "ChunkSource",
    "Fingerprint",
    "PathSource",
    "Segment",
    "SegmentPlan",
    "StreamSource",
    "plan_segments",
]

#: The most one chunked upload can carry: 1000 segments of 5 MiB.
MAX_UPLOAD_BYTES = MAX_SEGMENTS * MAX_CHUNK_SIZE

#: Bytes hashed at each end of a file for its fingerprint (cheap, catches most rewrites).
_FINGERPRINT_SAMPLE = 64 * 1024
#: Copy buffer when spooling a non-seekable stream to a temporary file.
_SPOOL_BUFFER = 1024 * 1024


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


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Identity of a file's content for resume: size, mtime and a hash of both ends."""

    size: int
    mtime_ns: int
    sample_sha256: str

    def as_dict(self) -> dict[str, object]:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "sample_sha256": self.sample_sha256}


class ChunkSource(Protocol):
    """Where segment bytes come from. ``read`` is thread-safe."""

    @property
    def total_bytes(self) -> int: ...

    @property
    def name(self) -> str | None: ...

    def head(self, size: int) -> bytes: ...

    def read(self, segment: Segment) -> bytes: ...

    def check_unchanged(self) -> None: ...

    def close(self) -> None: ...


def _stat_key(st: os.stat_result) -> tuple[int, int]:
    return (st.st_size, st.st_mtime_ns)


class PathSource:
    """A regular file read with ``os.pread`` (no shared file position, so reads run in parallel)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        try:
            st = os.stat(self.path)
        except OSError as exc:
            raise UnreadableFileError(
                self.path, f"cannot read the file ({exc.strerror or exc}); check the path"
            ) from None
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableFileError(self.path, "is a directory; give a media file")
        try:
            self._fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            raise UnreadableFileError(
                self.path, f"cannot open the file ({exc.strerror or exc}); check its permissions"
            ) from None
        self._initial = _stat_key(os.fstat(self._fd))
        self._total = self._initial[0]
        self._closed = False

    @property
    def total_bytes(self) -> int:
        return self._total

    @property
    def name(self) -> str | None:
        return self.path

    def head(self, size: int) -> bytes:
        return os.pread(self._fd, min(size, self._total), 0)

    def fingerprint(self) -> Fingerprint:
        digest = hashlib.sha256()
        digest.update(os.pread(self._fd, _FINGERPRINT_SAMPLE, 0))
        if self._total > _FINGERPRINT_SAMPLE:
            tail_offset = max(_FINGERPRINT_SAMPLE, self._total - _FINGERPRINT_SAMPLE)
            digest.update(os.pread(self._fd, _FINGERPRINT_SAMPLE, tail_offset))
        return Fingerprint(self._initial[0], self._initial[1], digest.hexdigest())

    def read(self, segment: Segment) -> bytes:
        try:
            data = os.pread(self._fd, segment.length, segment.offset)
        except OSError as exc:
            raise UnreadableFileError(
                self.path, f"read failed at byte {segment.offset} ({exc.strerror or exc})"
            ) from None
        if len(data) != segment.length:
            raise SourceChangedError(
                self.path,
                f"the file shrank while uploading (segment {segment.index} got {len(data)} of "
                f"{segment.length} bytes); nothing was finalized, upload again once it is stable",
            )
        self.check_unchanged()
        return data

    def check_unchanged(self) -> None:
        """Raise SourceChangedError if size or mtime changed, or the path now names another file."""
        try:
            now_fd = _stat_key(os.fstat(self._fd))
            now_path = _stat_key(os.stat(self.path))
        except OSError:
            now_fd, now_path = self._initial, (-1, -1)
        if now_fd != self._initial or now_path != self._initial:
            raise SourceChangedError(
                self.path,
                "the file changed while uploading (size or modification time differ); nothing "
                "was finalized, upload again once it is stable",
            )

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            os.close(self._fd)


class StreamSource:
    """A binary stream, uploaded from its current position to its end.

    A seekable stream is read under a lock (seek + read). A non-seekable one (a pipe) is first
    spooled to an anonymous temporary file, since INIT needs the total size up front.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._lock = threading.Lock()
        self._spool: BinaryIO | None = None
        try:
            probe = stream.read(0)
        except (OSError, ValueError) as exc:
            raise UnreadableFileError(None, f"cannot read the stream ({exc})") from None
        if not isinstance(probe, bytes):
            raise UnreadableFileError(
                None, "the stream is not binary (text mode?); open the file with mode 'rb'"
            )
        seekable = False
        try:
            seekable = stream.seekable()
        except (AttributeError, ValueError, OSError):
            seekable = False
        if seekable:
            try:
                self._start = stream.tell()
                end = stream.seek(0, io.SEEK_END)
                stream.seek(self._start)
            except (OSError, ValueError) as exc:
                raise UnreadableFileError(None, f"cannot seek the stream ({exc})") from None
            self._stream = stream
            self._total = end - self._start
        else:
            spool: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
            try:
                shutil.copyfileobj(stream, spool, _SPOOL_BUFFER)
            except (OSError, ValueError) as exc:
                spool.close()
                raise UnreadableFileError(None, f"cannot read the stream ({exc})") from None
            self._spool = spool
            self._stream = spool
            self._start = 0
            self._total = spool.tell()
        self._name = (
            getattr(stream, "name", None)
            if isinstance(getattr(stream, "name", None), str)
            else None
        )

    @property
    def total_bytes(self) -> int:
        return self._total

    @property
    def name(self) -> str | None:
        return self._name

    def head(self, size: int) -> bytes:
        return self.read(Segment(0, 0, min(size, self._total)))

    def read(self, segment: Segment) -> bytes:
        with self._lock:
            try:
                self._stream.seek(self._start + segment.offset)
                data = self._stream.read(segment.length)
            except (OSError, ValueError) as exc:
                raise UnreadableFileError(self._name, f"stream read failed ({exc})") from None
        if len(data) != segment.length:
            raise SourceChangedError(
                self._name,
                f"the stream ended early (segment {segment.index} got {len(data)} of "
                f"{segment.length} bytes); nothing was finalized",
            )
        return data

    def check_unchanged(self) -> None:
        with self._lock:
            try:
                end = self._stream.seek(0, io.SEEK_END)
            except (OSError, ValueError):
                return
        if end - self._start != self._total:
            raise SourceChangedError(
                self._name, "the stream's size changed while uploading; nothing was finalized"
            )

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None
