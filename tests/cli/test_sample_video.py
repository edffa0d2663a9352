"""scripts/make_sample_video.py writes a well-formed ISO-BMFF/H.264 file (checked structurally).

It was also decoded frame by frame with FFmpeg (PyAV) once by hand; FFmpeg is not a test
dependency, so this test checks the structure a decoder relies on instead.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import puremagic
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from make_sample_video import sample_mp4_bytes, write_sample_mp4


def boxes(data: bytes, start: int = 0, end: int | None = None) -> dict[bytes, tuple[int, int]]:
    """Child boxes of a region: type → (payload start, payload end)."""
    found: dict[bytes, tuple[int, int]] = {}
    position, end = start, len(data) if end is None else end
    while position < end:
        size, kind = struct.unpack_from(">I4s", data, position)
        assert size >= 8 and position + size <= end, (kind, size)
        found[kind] = (position + 8, position + size)
        position += size
    assert position == end
    return found


def child(data: bytes, region: tuple[int, int], *path: bytes, skip: int = 0) -> tuple[int, int]:
    for kind in path:
        region = boxes(data, region[0] + skip, region[1])[kind]
        skip = 0
    return region


def test_box_tree_sample_table_and_h264_stream_agree() -> None:
    frames, fps = 6, 24
    data = sample_mp4_bytes(seconds=frames / fps, width=48, height=32, fps=fps)
    top = boxes(data)
    assert list(top) == [b"ftyp", b"moov", b"mdat"]
    assert data[top[b"ftyp"][0] : top[b"ftyp"][0] + 4] == b"isom"

    stbl = child(data, top[b"moov"], b"trak", b"mdia", b"minf", b"stbl")
    tables = boxes(data, *stbl)
    sizes_start = tables[b"stsz"][0] + 4
    sample_size, count = struct.unpack_from(">II", data, sizes_start)
    sizes = struct.unpack_from(f">{count}I", data, sizes_start + 8)
    assert sample_size == 0 and count == frames
    (chunk_offset,) = struct.unpack_from(">I", data, tables[b"stco"][0] + 8)
    mdat_start, mdat_end = top[b"mdat"]
    assert chunk_offset == mdat_start and sum(sizes) == mdat_end - mdat_start

    # stsd → avc1 (78 bytes of fields) → avcC with the SPS and PPS.
    avc1 = child(data, tables[b"stsd"], b"avc1", skip=8)
    width, height = struct.unpack_from(">HH", data, avc1[0] + 24)
    assert (width, height) == (48, 32)
    avcc_start, _ = child(data, avc1, b"avcC", skip=78)
    assert data[avcc_start] == 1 and data[avcc_start + 1] == 66  # version 1, Baseline
    sps_length = struct.unpack_from(">H", data, avcc_start + 6)[0]
    assert data[avcc_start + 8] & 0x1F == 7  # NAL type 7: SPS

    # Every sample is one length-prefixed IDR NAL unit filling the sample exactly.
    position = mdat_start
    for size in sizes:
        (nal_length,) = struct.unpack_from(">I", data, position)
        assert nal_length + 4 == size
        assert data[position + 4] == 0x65  # nal_ref_idc 3, type 5: IDR slice
        position += size
    assert sps_length > 4


def test_recognised_as_mp4_by_the_sniffer(tmp_path: Path) -> None:
    path = tmp_path / "sample.mp4"
    size = write_sample_mp4(path, seconds=0.1, width=16, height=16)
    assert size == path.stat().st_size
    assert puremagic.from_file(str(path), mime=True) == "video/mp4"


@pytest.mark.parametrize(("width", "height"), [(15, 16), (16, 0), (0, 16)])
def test_dimensions_must_be_whole_macroblocks(width: int, height: int) -> None:
    with pytest.raises(ValueError, match="multiples of 16"):
        sample_mp4_bytes(seconds=0.1, width=width, height=height)
