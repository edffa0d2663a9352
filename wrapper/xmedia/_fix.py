"""``xmedia.fix``: re-encode media into the form X recommends, so that it passes ``inspect``.

Video (and an animated GIF over X's GIF limits) becomes an MP4: H.264 High, 8-bit yuv420p, closed
GOP,
progressive (deinterlaced if needed), square pixels, at most 60 fps, scaled into 1280x1024 keeping
the
display aspect ratio, AAC-LC mono/stereo audio, ``faststart`` (index first). Images over 5 MiB or
in a
format X refuses become JPEG (PNG when they have transparency). A file that already passes is
copied.

Frames stream through decoder → filter graph → encoder → muxer one at a time, so memory does not
grow
with the file. The result is written to a temporary file beside the output and renamed over it only
when complete and inspected; the input is never written to.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xmedia_limits import media_constraints as mc

from ._errors import ConfigError, InputError
from ._inspect import MediaReport, MediaToolsMissingError, inspect, media_tools_missing

if TYPE_CHECKING:
    import av.container
    import av.filter

__all__ = ["FixError", "FixProgress", "FixResult", "fix"]

#: ``on_progress(done_seconds, total_seconds)``: media time written so far, and in all (None:
#: unknown).
FixProgress = Callable[[float, float | None], None]

VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov")
_IMAGE_SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
AUDIO_BITRATE = 128_000  # X's recommended minimum audio bitrate
AUDIO_RATES = (44100, 48000)
GOP_SECONDS = 2


class FixError(InputError):
    """The file cannot be repaired (unreadable, or a failure re-encoding cannot mend)."""


@dataclass(frozen=True, slots=True)
class FixResult:
    """What ``fix`` did: the output, the changes made, and inspections before and after."""

    source: str
    output: str
    #: Human-readable changes, e.g. "scaled 1920x1080 to 1280x720".
    actions: tuple[str, ...]
    before: MediaReport
    after: MediaReport
    #: True when the source already met X's constraints and was copied unchanged.
    copied: bool
    frames: int
    seconds: float


def _display_size(width: int, height: int, sar: Fraction | None) -> tuple[float, float]:
    return width * float(sar or 1), float(height)


def _target_size(width: int, height: int, sar: Fraction | None) -> tuple[int, int]:
    """The encoded size: square pixels, inside 32x32..1280x1024, aspect kept, even sides (4:2:0)."""
    display_w, display_h = _display_size(width, height, sar)
    scale = min(1.0, mc.VIDEO_MAX_WIDTH / display_w, mc.VIDEO_MAX_HEIGHT / display_h)
    scale = max(scale, mc.VIDEO_MIN_WIDTH / display_w, mc.VIDEO_MIN_HEIGHT / display_h)

    def even(value: float, low: int, high: int) -> int:
        rounded = 2 * round(value / 2)
        return max(low + low % 2, min(high - high % 2, rounded))

    return (
        even(display_w * scale, mc.VIDEO_MIN_WIDTH, mc.VIDEO_MAX_WIDTH),
        even(display_h * scale, mc.VIDEO_MIN_HEIGHT, mc.VIDEO_MAX_HEIGHT),
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _prepare_output(
    src: Path, out: Path, overwrite: bool, suffixes: tuple[str, ...], label: str
) -> None:
    if _same_file(src, out):
        raise ConfigError(
            f"{out}: is the input file; fix never overwrites its input — choose another -o/--output"
        )
    if out.suffix.lower() not in suffixes:
        raise ConfigError(
            f"{out}: the fixed file is {label}; name the output with "
            f"{'one of ' if len(suffixes) > 1 else ''}{', '.join(suffixes) or 'no suffix'}"
        )
    if out.exists() and not overwrite:
        raise ConfigError(f"{out}: already exists; pass --overwrite (overwrite=True) to replace it")
    if not out.parent.is_dir():
        raise ConfigError(f"{out}: its directory {out.parent} does not exist")


def _default_output(source: Path, suffixes: tuple[str, ...]) -> Path:
    """Beside the source: NAME.fixed.mp4 (video), NAME.fixed.jpg/png (image), or the same suffix."""
    suffix = source.suffix.lower()
    chosen = suffix if suffix in suffixes and suffixes != VIDEO_SUFFIXES else suffixes[0]
    return source.with_name(f"{source.stem}.fixed{chosen}")


def _temp_beside(out: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    return Path(name)


def fix(
    src: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    *,
    overwrite: bool = False,
    force: bool = False,
    crf: int = 20,
    preset: str = "veryfast",
    on_progress: FixProgress | None = None,
) -> FixResult:
    """Write to ``out`` a version of ``src`` that meets X's media constraints.

    ``out`` defaults to ``NAME.fixed.mp4`` beside ``src`` (an image: ``NAME.fixed.jpg``/``.png``).

    Raises :class:`ConfigError` when ``out`` is ``src`` or exists (unless ``overwrite``), or names
    the wrong kind of file; :class:`MediaToolsMissingError` without the ``media`` extra;
    :class:`FixError` when ``src`` is unreadable or fails a constraint re-encoding cannot mend
    (aspect ratio). ``force`` re-encodes even a file that already passes. ``crf`` / ``preset`` are
    libx264's quality and speed settings.
    """
    source = Path(src)
    missing = media_tools_missing()
    if missing:
        raise MediaToolsMissingError("xmedia fix", missing)
    started = time.monotonic()
    before = inspect(source)
    if before.facts.unreadable is not None:
        raise FixError(str(source), f"cannot be fixed: {before.facts.unreadable}")
    unfixable = [c for c in before.failures if not c.fixable and c.name != "readable"]
    if unfixable:
        reasons = "; ".join(f"{c.name} {c.value}: {c.reason}" for c in unfixable)
        raise FixError(str(source), f"cannot be fixed by re-encoding: {reasons}")
    needs_work = force or bool(before.failures) or any(c.fixable for c in before.warnings)
    suffixes: tuple[str, ...]
    if not needs_work:
        suffixes, label = (source.suffix.lower(),), "a copy of the input"
    elif before.kind == "image":
        suffixes, label = tuple(_IMAGE_SUFFIXES), "an image"
    else:
        suffixes, label = VIDEO_SUFFIXES, "an MP4 video"
    output = Path(out) if out is not None else _default_output(source, suffixes)
    _prepare_output(source, output, overwrite, suffixes, label)

    temp = _temp_beside(output)
    try:
        frames = 0
        if not needs_work:
            shutil.copyfile(source, temp)
            actions: tuple[str, ...] = ("already meets X's constraints: copied unchanged",)
        elif before.kind == "image":
            actions = _fix_image(source, temp, output.suffix.lower())
        else:
            actions, frames = _transcode(source, temp, before, crf, preset, on_progress)
        after = inspect(temp, media_type=None)
        if not after.ok:
            reasons = "; ".join(f"{c.name} {c.value}: {c.reason}" for c in after.failures)
            raise FixError(str(source), f"the re-encoded file still fails: {reasons}")
        os.replace(temp, output)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    after = _renamed(after, str(output))
    return FixResult(
        source=str(source),
        output=str(output),
        actions=actions,
        before=before,
        after=after,
        copied=not needs_work,
        frames=frames,
        seconds=time.monotonic() - started,
    )


def _renamed(report: MediaReport, path: str) -> MediaReport:
    from dataclasses import replace

    return replace(report, path=path, facts=replace(report.facts, path=path))


# --- images ---------------------------------------------------------------------------------------


def _fix_image(source: Path, temp: Path, suffix: str) -> tuple[str, ...]:
    from PIL import Image

    fmt = _IMAGE_SUFFIXES.get(suffix, "JPEG")
    actions = []
    with Image.open(source) as original:
        image = original.convert("RGBA" if fmt != "JPEG" and _has_alpha(original) else "RGB")
        if original.format != fmt:
            actions.append(f"converted {original.format} to {fmt}")
    scale = 1.0
    for _ in range(8):
        current = (
            image
            if scale == 1.0
            else image.resize(
                (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                Image.Resampling.LANCZOS,
            )
        )
        current.save(temp, format=fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
        if temp.stat().st_size <= mc.IMAGE_MAX_BYTES:
            if scale != 1.0:
                actions.append(
                    f"scaled {image.width}x{image.height} to {current.width}x{current.height} "
                    f"to fit {mc.IMAGE_MAX_BYTES // mc.MIB} MiB"
                )
            return tuple(actions)
        scale *= 0.8 * math.sqrt(mc.IMAGE_MAX_BYTES / temp.stat().st_size)
    raise FixError(str(source), f"could not bring it under {mc.IMAGE_MAX_BYTES // mc.MIB} MiB")


def _has_alpha(image: Any) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


# --- video and animated GIF -----------------------------------------------------------------------


def _transcode(
    source: Path,
    temp: Path,
    before: MediaReport,
    crf: int,
    preset: str,
    on_progress: FixProgress | None,
) -> tuple[tuple[str, ...], int]:
    import av

    actions: list[str] = []
    with av.open(str(source)) as inp:
        vin = inp.streams.video[0]
        vin.thread_type = "AUTO"
        ain = inp.streams.audio[0] if inp.streams.audio else None
        ctx = vin.codec_context
        sar = Fraction(vin.sample_aspect_ratio) if vin.sample_aspect_ratio else None
        width, height = _target_size(ctx.width, ctx.height, sar)
        if (width, height) != (ctx.width, ctx.height):
            actions.append(f"scaled {ctx.width}x{ctx.height} to {width}x{height}")
        source_rate = vin.average_rate or vin.guessed_rate
        is_gif = before.kind == "gif"
        rate = Fraction(source_rate) if source_rate else Fraction(30)
        use_fps_filter = is_gif or rate > mc.VIDEO_MAX_FPS
        if rate > mc.VIDEO_MAX_FPS:
            rate = Fraction(int(mc.VIDEO_MAX_FPS))
            actions.append(f"frame rate {float(source_rate or 0):g} to {rate} fps")
        elif is_gif:
            rate = min(rate, Fraction(int(mc.VIDEO_MAX_FPS))).limit_denominator(1001)
        interlaced = before.facts.video is not None and before.facts.video.scan == "interlaced"
        duration = before.facts.duration
        too_short = duration is not None and duration < mc.VIDEO_MIN_DURATION
        if too_short:
            actions.append(f"held the last frame to reach {mc.VIDEO_MIN_DURATION:g} s")
        if interlaced:
            actions.append("deinterlaced")
        if before.facts.damaged is not None:
            actions.append(f"kept what could be read of a damaged source ({before.facts.damaged})")
        graph = _video_graph(vin, width, height, rate if use_fps_filter else None, interlaced)
        time_base = (1 / rate) if use_fps_filter else vin.time_base
        if time_base is None:
            time_base = 1 / rate

        with av.open(str(temp), "w", format="mp4", options={"movflags": "+faststart"}) as out:
            vout = out.add_stream("libx264", rate=rate)
            vout.width, vout.height, vout.pix_fmt = width, height, "yuv420p"
            vout.time_base = time_base
            vout.codec_context.time_base = time_base
            keyint = max(1, round(float(rate) * GOP_SECONDS))
            vout.options = {
                "crf": str(crf),
                "preset": preset,
                "profile": "high",
                "x264-params": f"open-gop=0:keyint={keyint}:min-keyint={keyint}:scenecut=0",
            }
            audio = _AudioPath(out, ain, actions) if ain is not None else None
            facts = before.facts.video
            parts = () if facts is None else (facts.codec, facts.profile, facts.pixel_format)
            was = " ".join(part for part in parts if part)
            if is_gif:
                was = "the GIF"
            actions.append(f"re-encoded {was or 'the video'} as H.264 High yuv420p, closed GOP")
            if is_gif:
                actions.append("turned the animated GIF into an MP4 video")
            video = _VideoPath(graph, vout, out, on_progress, duration)
            streams = [vin] if ain is None else [vin, ain]
            for packet in inp.demux(*streams):
                if packet.stream.type == "video":
                    for frame in packet.decode():
                        video.push(frame)
                elif audio is not None:
                    audio.feed(packet.decode())
            video.finish(hold_until=mc.VIDEO_MIN_DURATION + 1 / float(rate) if too_short else None)
            frames = video.frames
            if audio is not None:
                audio.finish()
    actions.append("moved the index to the front (faststart)")
    return tuple(actions), frames


def _video_graph(
    vin: Any,
    width: int,
    height: int,
    rate: Fraction | None,
    interlaced: bool,
) -> av.filter.Graph:
    import av.filter

    graph = av.filter.Graph()
    nodes = [graph.add_buffer(template=vin)]
    if interlaced:
        nodes.append(graph.add("yadif", "mode=send_frame:parity=auto:deint=all"))
    if rate is not None:
        nodes.append(graph.add("fps", f"fps={rate.numerator}/{rate.denominator}"))
    nodes.append(graph.add("scale", f"{width}:{height}:flags=bicubic"))
    nodes.append(graph.add("setsar", "1"))
    nodes.append(graph.add("format", "yuv420p"))
    nodes.append(graph.add("buffersink"))
    graph.link_nodes(*nodes).configure()
    return graph


class _VideoPath:
    """Filtered frames → libx264 → muxer; remembers the last frame to hold it (too-short clips)."""

    def __init__(
        self,
        graph: av.filter.Graph,
        stream: Any,
        out: av.container.OutputContainer,
        on_progress: FixProgress | None,
        total: float | None,
    ) -> None:
        self.graph, self.stream, self.out = graph, stream, out
        self.on_progress, self.total = on_progress, total
        self.frames = 0
        self.last: Any = None

    def push(self, frame: Any) -> None:
        self.graph.push(frame)
        self._drain()

    def finish(self, hold_until: float | None) -> None:
        self.graph.push(None)
        self._drain()
        if hold_until is not None and self.last is not None and self.last.time_base is not None:
            step = round(1 / (float(self.stream.average_rate or 30) * self.last.time_base))
            pts = self.last.pts
            while float(pts * self.last.time_base) < hold_until:
                pts += max(1, step)
                self.last.pts = pts
                self._encode(self.last)
        for packet in self.stream.encode(None):
            self.out.mux(packet)

    def _drain(self) -> None:
        import av

        while True:
            try:
                frame = self.graph.pull()
            except (BlockingIOError, EOFError):
                return
            except av.FFmpegError as exc:
                if getattr(exc, "errno", None) == 11:  # EAGAIN: the graph needs more input
                    return
                raise
            self._encode(frame)

    def _encode(self, frame: Any) -> None:
        import av.video.frame

        frame.pict_type = av.video.frame.PictureType.NONE
        for packet in self.stream.encode(frame):
            self.out.mux(packet)
        self.frames += 1
        self.last = frame
        if self.on_progress is not None and frame.pts is not None and frame.time_base is not None:
            self.on_progress(float(frame.pts * frame.time_base), self.total)


class _AudioPath:
    """Decoded audio → mono/stereo float planar at 44.1/48 kHz → 1024-sample AAC-LC frames."""

    def __init__(self, out: av.container.OutputContainer, ain: Any, actions: list[str]) -> None:
        import av
        import av.audio.fifo
        import av.audio.resampler

        ctx = ain.codec_context
        channels = (getattr(ctx.layout, "nb_channels", None) or ctx.channels or 2) if ctx else 2
        layout = "mono" if channels == 1 else "stereo"
        rate = ctx.sample_rate if ctx.sample_rate in AUDIO_RATES else 48000
        self.stream = out.add_stream("aac", rate=rate)
        self.stream.layout = layout
        self.stream.bit_rate = AUDIO_BITRATE
        self.resampler = av.audio.resampler.AudioResampler(format="fltp", layout=layout, rate=rate)
        self.fifo = av.audio.fifo.AudioFifo()
        self.out = out
        self.samples = 0
        self.rate = rate
        if channels > 2:
            actions.append(f"downmixed {channels} audio channels to stereo")
        profile = ctx.profile if ctx else None
        if ctx.name != "aac" or profile != "LC":
            actions.append(
                f"re-encoded {ctx.name} {profile or ''} audio as AAC-LC".replace("  ", " ")
            )

    def feed(self, frames: Any) -> None:
        for frame in frames:
            frame.pts = None
            for resampled in self.resampler.resample(frame):
                self.fifo.write(resampled)
        self._encode(final=False)

    def _encode(self, *, final: bool) -> None:
        size = self.stream.codec_context.frame_size or 1024
        while self.fifo.samples >= size or (final and self.fifo.samples > 0):
            chunk = self.fifo.read(min(size, self.fifo.samples))
            if chunk is None:
                return
            chunk.pts = self.samples
            chunk.time_base = Fraction(1, self.rate)
            self.samples += chunk.samples
            for packet in self.stream.encode(chunk):
                self.out.mux(packet)

    def finish(self) -> None:
        for resampled in self.resampler.resample(None):
            self.fifo.write(resampled)
        self._encode(final=True)
        for packet in self.stream.encode(None):
            self.out.mux(packet)
