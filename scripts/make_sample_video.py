"""Write a small, well-formed H.264/MP4 file without ffmpeg or any network.

The video is real: every frame is an H.264 Baseline IDR picture whose macroblocks are
coded as I_PCM (raw samples, no entropy coding), so a standard decoder plays it — a
drifting colour pattern. The container is a plain "fast start" ISO-BMFF file:
ftyp, moov (mvhd, trak/tkhd/mdia/mdhd/hdlr/minf/vmhd/dinf/stbl with avcC), mdat.

Usage: python scripts/make_sample_video.py OUT.mp4 [--seconds 2] [--width 320] [--height 240]
"""

from __future__ import annotations

import argparse
import re
import struct
from pathlib import Path

MACROBLOCK = 16
TRACK_ID = 1
MOVIE_TIMESCALE = 1000
# One PCM macroblock in 4:2:0: 16x16 luma + two 8x8 chroma planes.
PCM_BYTES_PER_MACROBLOCK = 256 + 64 + 64


class BitWriter:
    """Big-endian bit writer with the Exp-Golomb codes H.264 headers use."""

    def __init__(self) -> None:
        self._bits: list[int] = []

    def bits(self, value: int, count: int) -> None:
        for shift in range(count - 1, -1, -1):
            self._bits.append((value >> shift) & 1)

    def flag(self, value: bool) -> None:
        self.bits(int(value), 1)

    def ue(self, value: int) -> None:
        code = value + 1
        self.bits(0, code.bit_length() - 1)
        self.bits(code, code.bit_length())

    def se(self, value: int) -> None:
        self.ue(2 * value - 1 if value > 0 else -2 * value)

    def align_zero(self) -> None:
        while len(self._bits) % 8:
            self._bits.append(0)

    def trailing_bits(self) -> None:
        self._bits.append(1)
        self.align_zero()

    @property
    def aligned(self) -> bool:
        return len(self._bits) % 8 == 0

    def to_bytes(self) -> bytes:
        assert self.aligned
        out = bytearray()
        for start in range(0, len(self._bits), 8):
            byte = 0
            for bit in self._bits[start : start + 8]:
                byte = (byte << 1) | bit
            out.append(byte)
        return bytes(out)


def _nal(header: int, rbsp: bytes) -> bytes:
    # Emulation prevention: 00 00 0x (x <= 3) must never appear inside a NAL unit.
    escaped = re.sub(rb"\x00\x00(?=[\x00-\x03])", b"\x00\x00\x03", rbsp)
    return bytes([header]) + escaped


def sequence_parameter_set(width_mbs: int, height_mbs: int) -> bytes:
    w = BitWriter()
    w.bits(66, 8)  # profile_idc: Baseline
    w.bits(0b11000000, 8)  # constraint_set0/1 flags, reserved zeros
    w.bits(30, 8)  # level_idc 3.0
    w.ue(0)  # seq_parameter_set_id
    w.ue(0)  # log2_max_frame_num_minus4 -> frame_num is 4 bits
    w.ue(2)  # pic_order_cnt_type 2: output order = decode order
    w.ue(1)  # max_num_ref_frames
    w.flag(False)  # gaps_in_frame_num_value_allowed_flag
    w.ue(width_mbs - 1)
    w.ue(height_mbs - 1)
    w.flag(True)  # frame_mbs_only_flag
    w.flag(True)  # direct_8x8_inference_flag
    w.flag(False)  # frame_cropping_flag
    w.flag(False)  # vui_parameters_present_flag
    w.trailing_bits()
    return _nal(0x67, w.to_bytes())


def picture_parameter_set() -> bytes:
    w = BitWriter()
    w.ue(0)  # pic_parameter_set_id
    w.ue(0)  # seq_parameter_set_id
    w.flag(False)  # entropy_coding_mode_flag: CAVLC
    w.flag(False)  # bottom_field_pic_order_in_frame_present_flag
    w.ue(0)  # num_slice_groups_minus1
    w.ue(0)  # num_ref_idx_l0_default_active_minus1
    w.ue(0)  # num_ref_idx_l1_default_active_minus1
    w.flag(False)  # weighted_pred_flag
    w.bits(0, 2)  # weighted_bipred_idc
    w.se(0)  # pic_init_qp_minus26
    w.se(0)  # pic_init_qs_minus26
    w.se(0)  # chroma_qp_index_offset
    w.flag(False)  # deblocking_filter_control_present_flag
    w.flag(False)  # constrained_intra_pred_flag
    w.flag(False)  # redundant_pic_cnt_present_flag
    w.trailing_bits()
    return _nal(0x68, w.to_bytes())


def _clamp(value: float) -> int:
    # Stay inside video range (16..235), which also keeps zero bytes out of the samples.
    return max(16, min(235, int(value)))


def idr_frame(index: int, width_mbs: int, height_mbs: int) -> bytes:
    """One IDR picture; every macroblock is I_PCM with a flat colour that drifts with time."""
    header = BitWriter()
    header.ue(0)  # first_mb_in_slice
    header.ue(7)  # slice_type: I (all slices of the picture)
    header.ue(0)  # pic_parameter_set_id
    header.bits(0, 4)  # frame_num (always 0 for IDR)
    header.ue(index % 2)  # idr_pic_id: consecutive IDR pictures must differ
    header.flag(False)  # no_output_of_prior_pics_flag
    header.flag(False)  # long_term_reference_flag
    header.se(0)  # slice_qp_delta
    header.ue(25)  # mb_type of the first macroblock: I_PCM
    header.align_zero()  # pcm_alignment_zero_bits
    body = bytearray(header.to_bytes())
    # After a PCM block the stream is byte aligned, so the next "mb_type = I_PCM" plus its
    # alignment bits is always the same two bytes: 0000 1101 0|000 0000.
    next_pcm_prefix = b"\x0d\x00"
    total = width_mbs * height_mbs
    for mb in range(total):
        x, y = mb % width_mbs, mb // width_mbs
        luma = _clamp(60 + 150 * ((x + y + index) % 16) / 15)
        cb = _clamp(128 + 90 * ((x - index) % 8 - 3.5) / 3.5)
        cr = _clamp(128 + 90 * ((y + index) % 8 - 3.5) / 3.5)
        if mb:
            body += next_pcm_prefix
        body += bytes([luma]) * 256 + bytes([cb]) * 64 + bytes([cr]) * 64
    body += b"\x80"  # rbsp_slice_trailing_bits: stop bit + alignment
    return _nal(0x65, bytes(body))


def box(kind: bytes, *parts: bytes) -> bytes:
    payload = b"".join(parts)
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full_box(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return box(kind, struct.pack(">I", (version << 24) | flags), *parts)


UNITY_MATRIX = struct.pack(">9I", 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)


def _moov(
    sps: bytes,
    pps: bytes,
    sample_sizes: list[int],
    width: int,
    height: int,
    fps: int,
    chunk_offset: int,
) -> bytes:
    media_timescale = fps * 1000
    sample_delta = 1000
    media_duration = len(sample_sizes) * sample_delta
    movie_duration = media_duration * MOVIE_TIMESCALE // media_timescale

    mvhd = full_box(
        b"mvhd",
        0,
        0,
        struct.pack(">IIII", 0, 0, MOVIE_TIMESCALE, movie_duration),
        struct.pack(">IH", 0x00010000, 0x0100),  # rate 1.0, volume 1.0
        bytes(10),
        UNITY_MATRIX,
        bytes(24),  # pre_defined
        struct.pack(">I", TRACK_ID + 1),  # next_track_ID
    )
    tkhd = full_box(
        b"tkhd",
        0,
        0x000003,  # track enabled, in movie
        struct.pack(">IIII", 0, 0, TRACK_ID, 0),
        struct.pack(">I", movie_duration),
        bytes(8),
        struct.pack(">hhhH", 0, 0, 0, 0),  # layer, alternate_group, volume, reserved
        UNITY_MATRIX,
        struct.pack(">II", width << 16, height << 16),
    )
    mdhd = full_box(
        b"mdhd",
        0,
        0,
        struct.pack(">IIII", 0, 0, media_timescale, media_duration),
        struct.pack(">HH", 0x55C4, 0),  # language "und"
    )
    hdlr = full_box(b"hdlr", 0, 0, bytes(4), b"vide", bytes(12), b"VideoHandler\x00")
    vmhd = full_box(b"vmhd", 0, 1, bytes(8))
    dinf = box(b"dinf", full_box(b"dref", 0, 0, struct.pack(">I", 1), full_box(b"url ", 0, 1)))
    avcc = box(
        b"avcC",
        bytes([1, sps[1], sps[2], sps[3], 0xFF, 0xE1]),  # 4-byte NAL lengths, one SPS
        struct.pack(">H", len(sps)),
        sps,
        bytes([1]),
        struct.pack(">H", len(pps)),
        pps,
    )
    avc1 = box(
        b"avc1",
        bytes(6),
        struct.pack(">H", 1),  # data_reference_index
        bytes(16),
        struct.pack(">HH", width, height),
        struct.pack(">II", 0x00480000, 0x00480000),  # 72 dpi
        bytes(4),
        struct.pack(">H", 1),  # frame_count
        bytes([10]) + b"xmedia-pcm".ljust(31, b"\x00"),  # compressorname (Pascal string)
        struct.pack(">Hh", 0x0018, -1),  # depth, pre_defined
        avcc,
    )
    stbl = box(
        b"stbl",
        full_box(b"stsd", 0, 0, struct.pack(">I", 1), avc1),
        full_box(b"stts", 0, 0, struct.pack(">III", 1, len(sample_sizes), sample_delta)),
        full_box(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, len(sample_sizes), 1)),
        full_box(
            b"stsz",
            0,
            0,
            struct.pack(">II", 0, len(sample_sizes)),
            struct.pack(f">{len(sample_sizes)}I", *sample_sizes),
        ),
        full_box(b"stco", 0, 0, struct.pack(">II", 1, chunk_offset)),
    )
    minf = box(b"minf", vmhd, dinf, stbl)
    trak = box(b"trak", tkhd, box(b"mdia", mdhd, hdlr, minf))
    return box(b"moov", mvhd, trak)


def sample_mp4_bytes(
    seconds: float = 2.0, width: int = 320, height: int = 240, fps: int = 24
) -> bytes:
    """The whole file in memory (a few MB at the defaults: PCM is deliberately uncompressed)."""
    if width % MACROBLOCK or height % MACROBLOCK or width <= 0 or height <= 0:
        raise ValueError("width and height must be positive multiples of 16")
    width_mbs, height_mbs = width // MACROBLOCK, height // MACROBLOCK
    frame_count = max(1, round(seconds * fps))
    sps = sequence_parameter_set(width_mbs, height_mbs)
    pps = picture_parameter_set()
    samples = []
    for index in range(frame_count):
        nal = idr_frame(index, width_mbs, height_mbs)
        samples.append(struct.pack(">I", len(nal)) + nal)
    sizes = [len(sample) for sample in samples]
    ftyp = box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isom", b"iso2", b"avc1", b"mp41")
    # The moov size does not depend on the offset value, so build it once to measure it.
    moov_size = len(_moov(sps, pps, sizes, width, height, fps, 0))
    mdat_payload_offset = len(ftyp) + moov_size + 8
    moov = _moov(sps, pps, sizes, width, height, fps, mdat_payload_offset)
    return ftyp + moov + box(b"mdat", *samples)


def write_sample_mp4(
    path: Path, seconds: float = 2.0, width: int = 320, height: int = 240, fps: int = 24
) -> int:
    """Write the sample video to `path`; returns its size in bytes."""
    data = sample_mp4_bytes(seconds, width, height, fps)
    path.write_bytes(data)
    return len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--width", type=int, default=320)
    parser.add_argument("--height", type=int, default=240)
    parser.add_argument("--fps", type=int, default=24)
    args = parser.parse_args()
    size = write_sample_mp4(args.out, args.seconds, args.width, args.height, args.fps)
    print(f"wrote {args.out} ({size} bytes)")


if __name__ == "__main__":
    main()
