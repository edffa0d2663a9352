"""Where segment bytes come from: a path, a binary stream, or bytes in memory.

Sources read one segment at a time, only when asked (after the caller has taken a concurrency
slot), so file data in memory is bounded by the number of slots.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import stat
import tempfile
import threading
from typing import BinaryIO, Protocol

from ._errors import NotARegularFileError, SourceChangedError, UnreadableFileError
from ._plan import Segment

__all__ = [
    "BytesSource",
    "ChunkSource",
    "PathSource",
    "StreamSource",
    "digest",
]

#: Copy buffer when spooling a non-seekable stream to a temporary file.
_SPOOL_BUFFER = 1024 * 1024


class ChunkSource(Protocol):
    """Where segment bytes come from. ``read`` is thread-safe."""

    @property
    def total_bytes(self) -> int: ...

    @property
    def name(self) -> str | None: ...

    def head(self, size: int) -> bytes: ...

    def read(self, segment: Segment) -> bytes: ...

    def read_with_digest(self, segment: Segment) -> tuple[bytes, str]: ...

    def check_unchanged(self) -> None: ...

    def close(self) -> None: ...


def digest(data: bytes | memoryview) -> str:
    """SHA-256 of a segment's bytes, as the journal records it."""
    return hashlib.sha256(data).hexdigest()


def _stat_key(st: os.stat_result) -> tuple[int, int]:
    return (st.st_size, st.st_mtime_ns)


_KINDS = (
    (stat.S_ISDIR, "is a directory; give a media file"),
    (stat.S_ISFIFO, "is a FIFO (named pipe); pipe it to stdin instead, or save it to a file"),
    (stat.S_ISSOCK, "is a socket; give a media file"),
    (stat.S_ISCHR, "is a character device; give a media file"),
    (stat.S_ISBLK, "is a block device; give a media file"),
)


def _require_regular(path: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    for test, reason in _KINDS:
        if test(mode):
            raise NotARegularFileError(path, reason)
    raise NotARegularFileError(path, "is not a regular file; give a media file")


class PathSource:
    """A regular file read with ``os.pread`` (no shared file position, so reads run in parallel).

    Anything but a regular file (a FIFO nobody writes to, a device, a socket, a directory) is
    refused after ``stat`` and before ``open``: opening a FIFO can block forever.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fsdecode(os.fspath(path))
        try:
            st = os.stat(self.path)
        except OSError as exc:
            raise UnreadableFileError(
                self.path, f"cannot read the file ({exc.strerror or exc}); check the path"
            ) from None
        _require_regular(self.path, st.st_mode)
        try:
            # O_NONBLOCK: if the path was swapped for a FIFO after the stat, open cannot block.
            self._fd = os.open(
                self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
            )
        except OSError as exc:
            raise UnreadableFileError(
                self.path, f"cannot open the file ({exc.strerror or exc}); check its permissions"
            ) from None
        opened = os.fstat(self._fd)
        if not stat.S_ISREG(opened.st_mode):
            os.close(self._fd)
            _require_regular(self.path, opened.st_mode)
        self.real_path = os.path.realpath(self.path)
        self._initial = _stat_key(opened)
        self._total = self._initial[0]
        self._closed = False

    @property
    def mtime_ns(self) -> int:
        return self._initial[1]

    @property
    def total_bytes(self) -> int:
        return self._total

    @property
    def name(self) -> str | None:
        return self.path

    def head(self, size: int) -> bytes:
        return os.pread(self._fd, min(size, self._total), 0)

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

    def read_with_digest(self, segment: Segment) -> tuple[bytes, str]:
        data = self.read(segment)
        return data, digest(data)

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

    def read_with_digest(self, segment: Segment) -> tuple[bytes, str]:
        data = self.read(segment)
        return data, digest(data)

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


class BytesSource:
    """``bytes``, ``bytearray`` or ``memoryview`` in memory (copied once, so later changes by
    the caller cannot alter what is uploaded)."""

    def __init__(self, data: bytes | bytearray | memoryview, name: str | None = None) -> None:
        self._data = bytes(data)
        self._name = name

    @property
    def total_bytes(self) -> int:
        return len(self._data)

    @property
    def name(self) -> str | None:
        return self._name

    def head(self, size: int) -> bytes:
        return self._data[:size]

    def read(self, segment: Segment) -> bytes:
        return self._data[segment.offset : segment.offset + segment.length]

    def read_with_digest(self, segment: Segment) -> tuple[bytes, str]:
        data = self.read(segment)
        return data, digest(data)

    def check_unchanged(self) -> None:
        return None

    def close(self) -> None:
        return None
