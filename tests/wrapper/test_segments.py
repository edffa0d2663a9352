"""Segment planning and chunk sources."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from xmedia._config import DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, MAX_SEGMENTS
from xmedia._errors import (
    MediaTooLargeError,
    SourceChangedError,
    TooManySegmentsError,
    UnreadableFileError,
)
from xmedia._plan import MAX_UPLOAD_BYTES, plan_segments
from xmedia._sources import PathSource, StreamSource


@given(total=st.integers(1, MAX_UPLOAD_BYTES), chunk=st.sampled_from([None, DEFAULT_CHUNK_SIZE]))
def test_automatic_plan_covers_file_within_limits(total: int, chunk: int | None) -> None:
    plan = plan_segments(total, chunk)
    assert plan.count <= MAX_SEGMENTS
    assert DEFAULT_CHUNK_SIZE <= plan.chunk_size <= MAX_CHUNK_SIZE
    segments = [plan.segment(i) for i in (0, plan.count - 1)]
    assert segments[0].offset == 0
    last = segments[-1]
    assert last.offset + last.length == total
    assert 0 < last.length <= plan.chunk_size


@given(total=st.integers(1, 10_000), chunk=st.integers(1, 4096))
def test_forced_plan_segments_tile_the_file(total: int, chunk: int) -> None:
    if -(-total // chunk) > MAX_SEGMENTS:
        with pytest.raises(TooManySegmentsError) as info:
            plan_segments(total, chunk)
        assert "1000" in str(info.value) and str(chunk) in str(info.value)
        return
    plan = plan_segments(total, chunk)
    assert plan.chunk_size == chunk
    covered = 0
    for index in range(plan.count):
        segment = plan.segment(index)
        assert segment.offset == covered and segment.length > 0
        covered += segment.length
    assert covered == total


def test_default_chunk_is_enlarged_for_big_files() -> None:
    total = 4500 * 1024 * 1024  # 4500 MiB needs more than 1000 chunks of 4 MiB
    plan = plan_segments(total)
    assert plan.chunk_size > DEFAULT_CHUNK_SIZE and plan.count <= MAX_SEGMENTS


def test_too_large_file_names_both_limits() -> None:
    with pytest.raises(MediaTooLargeError) as info:
        plan_segments(MAX_UPLOAD_BYTES + 1, path="big.mp4")
    message = str(info.value)
    assert "1000 segments" in message and str(MAX_CHUNK_SIZE) in message and "big.mp4" in message


def test_path_source_reads_segments_and_detects_changes(tmp_path: Path) -> None:
    file = tmp_path / "a.bin"
    file.write_bytes(b"0123456789")
    source = PathSource(file)
    plan = plan_segments(10, 4)
    assert [source.read(plan.segment(i)) for i in range(plan.count)] == [b"0123", b"4567", b"89"]
    with open(file, "ab") as handle:
        handle.write(b"x")
    with pytest.raises(SourceChangedError):
        source.check_unchanged()
    source.close()


def test_path_source_detects_shrinking(tmp_path: Path) -> None:
    file = tmp_path / "a.bin"
    file.write_bytes(b"0123456789")
    source = PathSource(file)
    os.truncate(file, 5)
    with pytest.raises(SourceChangedError):
        source.read(plan_segments(10, 4).segment(2))
    source.close()


def test_unreadable_paths_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match=r"missing\.mp4"):
        PathSource(tmp_path / "missing.mp4")
    with pytest.raises(UnreadableFileError, match="directory"):
        PathSource(tmp_path)


def test_stream_source_uploads_from_current_position() -> None:
    stream = io.BytesIO(b"headerPAYLOAD")
    stream.seek(6)
    source = StreamSource(stream)
    assert source.total_bytes == 7
    assert source.read(plan_segments(7, 4).segment(1)) == b"OAD"


class _Pipe(io.RawIOBase):
    """A non-seekable stream, like stdin from a pipe."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        view = buffer.cast("B")
        chunk = self._data.read(len(view))
        view[: len(chunk)] = chunk
        return len(chunk)


def test_non_seekable_stream_is_spooled() -> None:
    source = StreamSource(io.BufferedReader(_Pipe(b"x" * 1000)))
    assert source.total_bytes == 1000
    assert source.read(plan_segments(1000, 300).segment(3)) == b"x" * 100
    source.close()


def test_text_streams_are_refused(tmp_path: Path) -> None:
    file = tmp_path / "a.txt"
    file.write_text("hello")
    with file.open("r") as handle, pytest.raises(UnreadableFileError, match="'rb'"):
        StreamSource(handle)  # type: ignore[arg-type]
