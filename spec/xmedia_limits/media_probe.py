"""Read what X's constraints need from a media file: headers and a bounded number of packets.

Video goes through PyAV (FFmpeg), images and GIFs through Pillow; both are the optional extra
``xmedia[media]`` and imported only when a file is probed. Without them the facts say what is
missing
and the checks report those properties as unchecked.

Nothing is fully decoded. The container and codec headers give codec, profile, pixel format, size,
pixel aspect, frame rate, duration, audio profile and channels (FFmpeg's stream probe decodes a few
frames for some of these, which also sets the field order: progressive or interlaced). The GOP is
judged from the NAL unit types of the first keyframes: a keyframe that is not an IDR picture is a
recovery point of an open GOP. That reads at most ``GOP_SCAN_KEYFRAMES`` keyframes or
``GOP_SCAN_BYTES`` of packets, so a 512 MiB file costs about as much as a small one.

This module lives beside the constraints, not in the wrapper, so that the bundled mock (which must
not
import ``xmedia``) processes uploads with exactly the inspection the client runs before uploading.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from fractions import Fraction
from typing import IO, TYPE_CHECKING, Any, Literal

from .media_checks import AudioFacts, ImageFacts, MediaFacts, MediaKind, VideoFacts

if TYPE_CHECKING:
    import av.container

__all__ = ["GOP_SCAN_BYTES", "GOP_SCAN_KEYFRAMES", "kind_from_head", "probe", "probe_stream"]

#: Keyframes after the first whose coded type is read to decide open or closed GOP.
GOP_SCAN_KEYFRAMES = 8
#: Stop reading packets for the GOP decision after this many bytes.
GOP_SCAN_BYTES = 64 * 1024 * 1024

_IMAGE_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"BM", 0, "image/bmp"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
)

# FFmpeg's field_order: AV_FIELD_PROGRESSIVE = 1; TT, BB, TB, BT (2..5) are interlaced.
_FIELD_PROGRESSIVE = 1
_FIELD_INTERLACED = frozenset({2, 3, 4, 5})
# H.264 NAL unit types: 5 IDR slice, 1 non-IDR slice. HEVC: 16-20 BLA/IDR (closed), 21 CRA (open).
_H264_IDR, _H264_NON_IDR = 5, 1
_HEVC_CLOSED = frozenset({16, 17, 18, 19, 20})
_HEVC_CRA = 21


def kind_from_head(head: bytes) -> tuple[MediaKind, str | None]:
    """The kind of media the first bytes announce, and its media type when they name one."""
    if head[:4] == b"GIF8":
        return "gif", "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "image/webp"
    for magic, offset, media_type in _IMAGE_MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return "image", media_type
    if len(head) >= 8 and head[4:8] == b"ftyp":
        return "video", "video/quicktime" if head[8:12] == b"qt  " else "video/mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "video", "video/webm"
    if head[:1] == b"\x47" and len(head) > 188 and head[188:189] == b"\x47":
        return "video", "video/mp2t"
    # No signature we know: let FFmpeg try (MOV without ftyp, raw streams, …).
    return "video", None


def probe(path: str | os.PathLike[str], media_type: str | None = None) -> MediaFacts:
    """Read the facts X's constraints need from the file at ``path`` (never raises for bad
    media)."""
    name = os.fspath(path)
    size = os.stat(name).st_size
    with open(name, "rb") as handle:
        head = handle.read(512)
    return _probe(name, name, size, head, media_type)


def probe_stream(
    stream: IO[bytes], size: int, *, name: str = "<stream>", media_type: str | None = None
) -> MediaFacts:
    """Like :func:`probe` for a seekable binary stream of ``size`` bytes (the mock's stored
    upload)."""
    stream.seek(0)
    head = stream.read(512)
    stream.seek(0)
    return _probe(name, stream, size, head, media_type)


def _probe(
    name: str, source: str | IO[bytes], size: int, head: bytes, media_type: str | None
) -> MediaFacts:
    if size == 0:
        return MediaFacts(name, 0, "unknown", media_type, unreadable="the file is empty (0 bytes)")
    kind, sniffed = kind_from_head(head)
    media_type = media_type or sniffed
    if media_type is not None and media_type.startswith("image/") and kind == "video":
        kind = "gif" if media_type == "image/gif" else "image"
    if kind in ("gif", "image"):
        return _probe_image(name, source, size, kind, media_type)
    return _probe_video(name, source, size, media_type)


# --- images and GIFs (Pillow) ---------------------------------------------------------------------


def _probe_image(
    name: str, source: str | IO[bytes], size: int, kind: MediaKind, media_type: str | None
) -> MediaFacts:
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:
        return MediaFacts(
            name, size, kind, media_type, container=_short(media_type), missing=("Pillow",)
        )
    try:
        with Image.open(source) as image:
            frames = int(getattr(image, "n_frames", 1))
            facts = ImageFacts(
                format=image.format,
                width=image.width,
                height=image.height,
                frames=frames,
                mode=image.mode,
            )
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        return MediaFacts(
            name, size, kind, media_type, unreadable=f"not a readable image ({_one_line(exc)})"
        )
    except Image.DecompressionBombError as exc:  # a header claiming billions of pixels
        return MediaFacts(
            name, size, kind, media_type, unreadable=f"not a usable image ({_one_line(exc)})"
        )
    container = (facts.format or "").lower() or _short(media_type)
    if facts.format == "GIF":
        kind = "gif"
    return MediaFacts(name, size, kind, media_type, container=container, image=facts)


def _short(media_type: str | None) -> str | None:
    return media_type.split("/", 1)[1] if media_type else None


def _one_line(exc: BaseException) -> str:
    # FFmpeg errors carry a readable strerror; str(exc) adds the errno and file name.
    text = getattr(exc, "strerror", None) or str(exc)
    text = " ".join(str(text).split()) or type(exc).__name__
    return text[:200]


# --- video (PyAV) ---------------------------------------------------------------------------------


def _probe_video(
    name: str, source: str | IO[bytes], size: int, media_type: str | None
) -> MediaFacts:
    try:
        import av
    except ImportError:
        return MediaFacts(
            name, size, "video", media_type, container=_short(media_type), missing=("av",)
        )
    try:
        container = av.open(source, mode="r")
    except (av.FFmpegError, OSError, ValueError, UnicodeDecodeError) as exc:
        return MediaFacts(
            name,
            size,
            "unknown" if media_type is None else "video",
            media_type,
            unreadable=f"FFmpeg could not read it as media ({_one_line(exc)})",
        )
    try:
        return _read_container(name, container, size, media_type)
    finally:
        container.close()


def _container_name(container: av.container.InputContainer, video_codec: str | None) -> str:
    names = set(container.format.name.split(","))
    if "mp4" in names or "mov" in names:
        brand = str(container.metadata.get("major_brand", "")).strip()
        return "mov" if brand == "qt" else "mp4"
    if "webm" in names or "matroska" in names:
        return "webm" if video_codec in (None, "vp8", "vp9", "av1") else "matroska"
    return container.format.name.split(",")[0]


def _read_container(
    name: str, container: av.container.InputContainer, size: int, media_type: str | None
) -> MediaFacts:
    videos = [
        s
        for s in container.streams.video
        if not (int(s.disposition) & 0x400)  # AV_DISPOSITION_ATTACHED_PIC: cover art, not video
    ]
    audios = list(container.streams.audio)
    duration = container.duration / 1_000_000 if container.duration else None
    video_facts: VideoFacts | None = None
    damaged: str | None = None
    if videos:
        stream = videos[0]
        ctx = stream.codec_context
        if duration is None and stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        sar = stream.sample_aspect_ratio or ctx.sample_aspect_ratio
        rate = stream.average_rate or stream.guessed_rate
        field_order = int(getattr(ctx, "field_order", 0) or 0)
        scan: Literal["progressive", "interlaced"] | None = None
        if field_order == _FIELD_PROGRESSIVE:
            scan = "progressive"
        elif field_order in _FIELD_INTERLACED:
            scan = "interlaced"
        gop, keyframes, damaged = _scan_gop(container, stream)
        if damaged is None:
            damaged = _check_tail(container, stream, size)
        video_facts = VideoFacts(
            codec=ctx.name,
            profile=ctx.profile,
            pixel_format=ctx.pix_fmt,
            width=ctx.width or None,
            height=ctx.height or None,
            pixel_aspect=Fraction(sar) if sar else None,
            frame_rate=float(rate) if rate else None,
            frame_count=stream.frames or None,
            scan=scan,
            gop=gop,
            keyframes_checked=keyframes,
        )
    audio_facts: AudioFacts | None = None
    if audios:
        actx = audios[0].codec_context
        layout = getattr(actx, "layout", None)
        channels = getattr(layout, "nb_channels", None) or getattr(actx, "channels", None)
        audio_facts = AudioFacts(
            codec=actx.name,
            profile=actx.profile,
            channels=int(channels) if channels else None,
            sample_rate=actx.sample_rate or None,
        )
    codec = video_facts.codec if video_facts is not None else None
    kind: MediaKind = "video" if videos else "unknown"
    return MediaFacts(
        name,
        size,
        kind,
        media_type,
        container=_container_name(container, codec),
        duration=duration,
        video=video_facts,
        audio=audio_facts,
        audio_streams=len(audios),
        damaged=damaged,
    )


def _scan_gop(
    container: av.container.InputContainer, stream: Any
) -> tuple[Literal["closed", "open"] | None, int, str | None]:
    """(open/closed/None, keyframes read, why reading failed) from the first keyframes' NAL
    types."""
    import av

    codec = stream.codec_context.name
    if codec not in ("h264", "hevc"):
        return None, 0, None
    extradata = bytes(stream.codec_context.extradata or b"")
    length_size = _nal_length_size(codec, extradata)
    keyframes = 0
    open_gop = False
    read = 0
    try:
        for packet in container.demux(stream):
            if packet.size == 0:
                continue
            read += packet.size
            if packet.is_keyframe:
                kinds = set(_nal_types(codec, bytes(packet), length_size))
                keyframes += 1
                if _is_open_keyframe(codec, kinds):
                    open_gop = True
                    break
                if keyframes > GOP_SCAN_KEYFRAMES:
                    break
            if read > GOP_SCAN_BYTES:
                break
    except (av.FFmpegError, OSError, ValueError) as exc:
        return None, keyframes, f"the media data is damaged ({_one_line(exc)})"
    if keyframes == 0:
        return None, 0, None
    return ("open" if open_gop else "closed"), keyframes, None


def _check_tail(container: av.container.InputContainer, stream: Any, size: int) -> str | None:
    """Why the last frames cannot be read (a truncated file), or None; reads one packet near the
    end.

    Demuxers stop quietly at a cut, so the index's last samples are asked for directly.
    """
    import av

    if not stream.duration or not stream.frames or stream.frames < 2:
        return None
    frame_ticks = stream.duration // stream.frames
    try:
        container.seek(
            max(0, stream.start_time or 0) + stream.duration - frame_ticks,
            stream=stream,
            backward=True,
            any_frame=True,
        )
        packet = next((p for p in container.demux(stream)), None)
    except (av.FFmpegError, OSError, ValueError) as exc:
        return f"the end of the media cannot be read ({_one_line(exc)})"
    if packet is None or packet.size == 0:
        return "the file is truncated: its last frames are missing"
    if packet.pos is not None and packet.pos + packet.size > size:
        return "the file is truncated: its last frames end beyond the end of the file"
    return None


def _is_open_keyframe(codec: str, kinds: set[int]) -> bool:
    if codec == "h264":
        return _H264_IDR not in kinds and _H264_NON_IDR in kinds
    return _HEVC_CRA in kinds and not (kinds & _HEVC_CLOSED)


def _nal_length_size(codec: str, extradata: bytes) -> int | None:
    """Bytes per NAL length prefix from avcC / hvcC; None for Annex B (start codes)."""
    if codec == "h264" and len(extradata) >= 5 and extradata[0] == 1:
        return (extradata[4] & 0x03) + 1
    if codec == "hevc" and len(extradata) >= 23 and extradata[0] == 1:
        return (extradata[21] & 0x03) + 1
    return None


def _nal_types(codec: str, data: bytes, length_size: int | None) -> Iterator[int]:
    for header in _nal_headers(data, length_size):
        yield header & 0x1F if codec == "h264" else (header >> 1) & 0x3F


def _nal_headers(data: bytes, length_size: int | None) -> Iterator[int]:
    if length_size is not None:
        offset = 0
        while offset + length_size < len(data):
            length = int.from_bytes(data[offset : offset + length_size], "big")
            if length <= 0:
                return
            yield data[offset + length_size]
            offset += length_size + length
        return
    start = data.find(b"\x00\x00\x01")
    while start != -1 and start + 3 < len(data):
        yield data[start + 3]
        start = data.find(b"\x00\x00\x01", start + 3)
