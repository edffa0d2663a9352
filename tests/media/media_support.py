"""Real media for the media tests, written with PyAV and Pillow (small and fast: ~0.1 s each).

Each maker writes one file that breaks (or keeps) one of X's constraints. ``MediaLibrary`` builds a
file the first time a test asks for it and keeps it for the session.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

av = pytest.importorskip("av")
Image = pytest.importorskip("PIL.Image")


def _fill(frame: Any, index: int) -> None:
    """A moving gradient, so the encoder has something to code (flat frames compress to nothing)."""
    for number, plane in enumerate(frame.planes):
        width = plane.line_size
        height = plane.buffer_size // width
        base = (index * 7 + number * 50) % 200
        row = bytes((base + x) % 220 + 16 for x in range(width))
        plane.update(b"".join(row[y % 7 :] + row[: y % 7] for y in range(height)))


def write_video(
    path: Path,
    *,
    width: int = 160,
    height: int = 120,
    fps: int = 30,
    seconds: float = 1.0,
    pix_fmt: str = "yuv420p",
    codec: str = "libx264",
    options: dict[str, str] | None = None,
    audio_layout: str | None = None,
    container_format: str | None = None,
    container_options: dict[str, str] | None = None,
) -> Path:
    """An H.264 (or ``codec``) clip of moving gradients, optionally with an AAC track."""
    with av.open(str(path), "w", format=container_format, options=container_options or {}) as out:
        stream = out.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, pix_fmt
        stream.options = {"preset": "ultrafast", **(options or {})} if codec == "libx264" else {}
        audio = None
        if audio_layout is not None:
            audio = out.add_stream("aac", rate=44100)
            audio.layout = audio_layout
        for index in range(max(1, round(seconds * fps))):
            frame = av.VideoFrame(width, height, "yuv420p")
            _fill(frame, index)
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            for packet in stream.encode(frame.reformat(format=pix_fmt)):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
        if audio is not None:
            _write_silence(out, audio, seconds)
    return path


def _write_silence(out: Any, audio: Any, seconds: float) -> None:
    samples = round(seconds * 44100)
    size = audio.codec_context.frame_size or 1024
    for start in range(0, samples, size):
        frame = av.AudioFrame(format="fltp", layout=audio.layout.name, samples=size)
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        frame.sample_rate = 44100
        frame.pts = start
        for packet in audio.encode(frame):
            out.mux(packet)
    for packet in audio.encode(None):
        out.mux(packet)


def write_gif(path: Path, *, frames: int, width: int = 24, height: int = 16) -> Path:
    images = [Image.new("P", (width, height), index % 256) for index in range(frames)]
    palette = [value % 256 for value in range(768)]
    for image in images:
        image.putpalette(palette)
    images[0].save(
        path, save_all=True, append_images=images[1:], duration=40, loop=0, optimize=False
    )
    return path


def write_truncated(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def _sample(path: Path) -> Path:
    from make_sample_video import write_sample_mp4

    write_sample_mp4(path, seconds=1.0, width=160, height=112)
    return path


#: name → (file name, maker). The makers are what the verdict tests parametrize over.
MAKERS: dict[str, tuple[str, Callable[[Path, MediaLibrary], Path]]] = {
    "valid": (
        "valid.mp4",
        lambda p, lib: write_video(p, audio_layout="stereo", options={"preset": "veryfast"}),
    ),
    "short": ("short.mp4", lambda p, lib: write_video(p, seconds=0.3)),
    "yuv444": ("yuv444.mp4", lambda p, lib: write_video(p, pix_fmt="yuv444p")),
    "10bit": ("tenbit.mp4", lambda p, lib: write_video(p, pix_fmt="yuv420p10le")),
    "long": ("long.mp4", lambda p, lib: write_video(p, width=32, height=32, fps=1, seconds=150)),
    "1080p": ("full_hd.mp4", lambda p, lib: write_video(p, width=1920, height=1080, fps=4)),
    "gif_frames": ("many_frames.gif", lambda p, lib: write_gif(p, frames=400)),
    "gif_ok": ("small.gif", lambda p, lib: write_gif(p, frames=20)),
    "corrupt": (
        "corrupt.mp4",
        lambda p, lib: _write_bytes(p, b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 8),
    ),
    "truncated": ("truncated.mp4", lambda p, lib: write_truncated(p, lib.path("faststart"))),
    "faststart": (
        "faststart.mp4",
        lambda p, lib: write_video(p, seconds=2, container_options={"movflags": "+faststart"}),
    ),
    "open_gop": (
        "open_gop.mp4",
        lambda p, lib: write_video(
            p,
            seconds=2,
            options={
                "preset": "veryfast",
                "bf": "3",
                "x264-params": "open-gop=1:keyint=15:min-keyint=15:scenecut=0",
            },
        ),
    ),
    "interlaced": (
        "interlaced.mp4",
        lambda p, lib: write_video(
            p, options={"flags": "+ildct+ilme", "x264-params": "interlaced=1"}
        ),
    ),
    "surround": ("surround.mp4", lambda p, lib: write_video(p, audio_layout="5.1")),
    "fast": ("fast.mp4", lambda p, lib: write_video(p, fps=120)),
    "mpegts": ("clip.ts", lambda p, lib: write_video(p, container_format="mpegts")),
    "sample": ("sample.mp4", lambda p, lib: _sample(p)),
    "png": ("still.png", lambda p, lib: _image(p, "PNG")),
    "bmp": ("still.bmp", lambda p, lib: _image(p, "BMP")),
    "tall": ("tall.mp4", lambda p, lib: write_video(p, width=32, height=160)),
    "bomb": ("bomb.gif", lambda p, lib: _claiming_billions_of_pixels(p)),
}


def _claiming_billions_of_pixels(path: Path) -> Path:
    """A tiny GIF whose header says 65535x65535 (Pillow refuses it as a decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, format="GIF")
    data = bytearray(buffer.getvalue())
    data[6:10] = b"\xff\xff\xff\xff"
    path.write_bytes(bytes(data))
    return path


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _image(path: Path, fmt: str) -> Path:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    image.save(path, format=fmt)
    return path


class MediaLibrary:
    """Builds each named file once per session, on first use."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._built: dict[str, Path] = {}

    def path(self, name: str) -> Path:
        if name not in self._built:
            file_name, maker = MAKERS[name]
            self._built[name] = maker(self.directory / file_name, self)
        return self._built[name]
