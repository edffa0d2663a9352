"""Magic-byte checks: do the uploaded bytes look like the declared media_type?"""

from __future__ import annotations

import struct
from collections.abc import Callable


def _is_mp4_like(head: bytes) -> bool:
    return len(head) >= 8 and head[4:8] == b"ftyp"


def _is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


MAGIC_CHECKS: dict[str, Callable[[bytes], bool]] = {
    "video/mp4": _is_mp4_like,
    "video/quicktime": lambda h: _is_mp4_like(h) or h[4:8] in (b"moov", b"mdat", b"wide"),
    "video/webm": lambda h: h[:4] == b"\x1a\x45\xdf\xa3",
    "video/mp2t": lambda h: h[:1] == b"\x47",
    "image/gif": lambda h: h[:4] == b"GIF8",
    "image/png": lambda h: h[:8] == b"\x89PNG\r\n\x1a\n",
    "image/jpeg": lambda h: h[:3] == b"\xff\xd8\xff",
    "image/pjpeg": lambda h: h[:3] == b"\xff\xd8\xff",
    "image/bmp": lambda h: h[:2] == b"BM",
    "image/webp": _is_webp,
    "image/tiff": lambda h: h[:4] in (b"II*\x00", b"MM\x00*"),
    "text/vtt": lambda h: h.lstrip(b"\xef\xbb\xbf")[:6] == b"WEBVTT",
}


def matches_declared_type(media_type: str, head: bytes) -> bool:
    """True when the first bytes fit ``media_type``; types without a signature always fit."""
    check = MAGIC_CHECKS.get(media_type)
    return True if check is None else bool(check(head))


def sniff_type(head: bytes) -> str | None:
    """The media type the bytes look like (for the one-shot upload, which names no type)."""
    for media_type in (
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/bmp",
        "video/webm",
        "video/mp4",
    ):
        if MAGIC_CHECKS[media_type](head):
            return media_type
    return None


def sniff_dimensions(head: bytes) -> tuple[int | None, int | None]:
    """(width, height) for PNG and GIF headers; (None, None) otherwise."""
    if head[:8] == b"\x89PNG\r\n\x1a\n" and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return int(width), int(height)
    if head[:4] == b"GIF8" and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return int(width), int(height)
    return None, None
