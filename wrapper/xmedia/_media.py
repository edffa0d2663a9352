"""Pre-flight: media type (sniffed from magic bytes), category, and per-category size limits.

Limits and accepted types are data (tables below), not code.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from xmedia_limits import LIMITS

from ._errors import (
    CategoryMismatchError,
    ConfigError,
    EmptyFileError,
    MediaTooLargeError,
    UnsupportedMediaTypeError,
)

__all__ = [
    "CATEGORY_LIMITS",
    "SUPPORTED_MEDIA_TYPES",
    "MediaChoice",
    "category_for",
    "choose_media",
    "sniff_media_type",
]

MB = 1024 * 1024

#: Media types the X API accepts on initialize.
SUPPORTED_MEDIA_TYPES = frozenset(
    {
        "video/mp4",
        "video/webm",
        "video/mp2t",
        "video/quicktime",
        "text/srt",
        "text/vtt",
        "image/jpeg",
        "image/gif",
        "image/bmp",
        "image/png",
        "image/webp",
        "image/pjpeg",
        "image/tiff",
        "model/gltf-binary",
        "model/vnd.usdz+zip",
    }
)

#: Maximum bytes per category: the shared limits table (spec/xmedia_limits, each row with its X
#: source), the same the bundled mock enforces. The 1000 x 5 MiB chunking cap applies on top.
CATEGORY_LIMITS: dict[str, int] = LIMITS.max_bytes_by_category()

#: Which media types each category takes (by prefix or exact type).
_CATEGORY_TYPES: dict[str, tuple[str, ...]] = {
    "tweet_image": ("image/",),
    "dm_image": ("image/",),
    "tweet_gif": ("image/gif",),
    "dm_gif": ("image/gif",),
    "tweet_video": ("video/",),
    "amplify_video": ("video/",),
    "dm_video": ("video/",),
    "subtitles": ("text/srt", "text/vtt"),
}

#: Aliases puremagic or mimetypes may produce, mapped to what X expects.
_TYPE_ALIASES = {
    "image/jpg": "image/jpeg",
    "application/x-subrip": "text/srt",
    "application/x-srt": "text/srt",
    "video/mp2ts": "video/mp2t",
    "video/x-matroska": "video/webm",
    "model/gltf+binary": "model/gltf-binary",
}

# Text formats have no reliable magic; the extension decides for them.
_EXTENSION_TYPES = {
    ".srt": "text/srt",
    ".vtt": "text/vtt",
    ".ts": "video/mp2t",
    ".glb": "model/gltf-binary",
}


def _normalise(media_type: str) -> str:
    lowered = media_type.strip().lower()
    return _TYPE_ALIASES.get(lowered, lowered)


#: Still images by their fixed signatures. Most uploads are one of these, and recognising them
#: here spares the CLI loading puremagic's signature database (about 13 ms of a whole process);
#: everything else is puremagic's to name. A test checks puremagic names each the same.
_STILL_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


_JPEG_ALIASES = {"image/pjpeg": "image/jpeg"}
#: The types a fixed signature makes certain (the table above, and WebP's RIFF header).
_STILL_TYPES = frozenset({*(known for _, known in _STILL_SIGNATURES), "image/webp"})


def sniff_media_type(head: bytes, name: str | None = None) -> str | None:
    """The media type from the first bytes (puremagic), else from the file name; None if unknown."""
    if head.startswith(b"WEBVTT"):
        return "text/vtt"
    for signature, media_type in _STILL_SIGNATURES:
        if head.startswith(signature):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    try:
        import puremagic

        for match in puremagic.magic_string(head):
            candidate = _normalise(match.mime_type or "")
            if candidate in SUPPORTED_MEDIA_TYPES:
                return candidate
    except Exception:  # noqa: S110 — puremagic raises its own PureError (and more) for unknown data
        pass
    if name:
        lowered = name.lower()
        for extension, media_type in _EXTENSION_TYPES.items():
            if lowered.endswith(extension):
                return media_type
        guessed, _ = mimetypes.guess_type(lowered)
        if guessed and _normalise(guessed) in SUPPORTED_MEDIA_TYPES:
            return _normalise(guessed)
    return None


def category_for(media_type: str) -> str | None:
    """The category X expects for a type: gif → tweet_gif, image → tweet_image, video →
    tweet_video, srt/vtt → subtitles; None for 3D models (no category)."""
    if media_type == "image/gif":
        return "tweet_gif"
    if media_type.startswith("image/"):
        return "tweet_image"
    if media_type.startswith("video/"):
        return "tweet_video"
    if media_type in ("text/srt", "text/vtt"):
        return "subtitles"
    return None


@dataclass(frozen=True, slots=True)
class MediaChoice:
    media_type: str
    media_category: str | None


def choose_media(
    *,
    path: str | None,
    size: int,
    head: bytes,
    media_type: str | None,
    media_category: str | None,
) -> MediaChoice:
    """Validate type, category and size before any request is made."""
    if size == 0:
        raise EmptyFileError(path, "is empty (0 bytes); X refuses empty media")
    if media_category is not None and media_category not in CATEGORY_LIMITS:
        raise ConfigError(
            f"unknown media_category {media_category!r}; "
            f"use one of {', '.join(sorted(CATEGORY_LIMITS))}"
        )
    if media_type is None:
        sniffed = sniff_media_type(head, path)
        if sniffed is None:
            raise UnsupportedMediaTypeError(
                path,
                "the media type could not be recognised from its content; pass media_type= "
                f"(--media-type in the CLI), one of {', '.join(sorted(SUPPORTED_MEDIA_TYPES))}",
            )
        media_type = sniffed
    else:
        media_type = _normalise(media_type)
        if media_type not in SUPPORTED_MEDIA_TYPES:
            raise UnsupportedMediaTypeError(
                path,
                f"media type {media_type!r} is not accepted by X; use one of "
                f"{', '.join(sorted(SUPPORTED_MEDIA_TYPES))}",
            )
        # A given type the content contradicts (a PNG sent as video/mp4 or image/jpeg) would be
        # uploaded whole and then refused at FINALIZE or in X's processing. A still image's
        # signature is certain; for other media only the kind is held against the given type
        # (mp4 / quicktime is the caller's call).
        content = sniff_media_type(head)  # the content alone: the name cannot contradict it
        if content is not None and (
            content.split("/")[0] != media_type.split("/")[0]
            or (content in _STILL_TYPES and _JPEG_ALIASES.get(media_type, media_type) != content)
        ):
            raise UnsupportedMediaTypeError(
                path,
                f"its content is {content}, but the media type given is {media_type}; leave "
                "the media type out (it is read from the content) or correct it",
            )
    category = media_category if media_category is not None else category_for(media_type)
    if category is not None:
        accepted = _CATEGORY_TYPES[category]
        if not any(
            media_type == a or (a.endswith("/") and media_type.startswith(a)) for a in accepted
        ):
            raise CategoryMismatchError(
                path,
                f"media category {category!r} does not take {media_type!r} (it takes "
                f"{', '.join(accepted)}); pass a matching media_category or leave it out",
            )
        limit = CATEGORY_LIMITS[category]
        if size > limit:
            raise MediaTooLargeError(
                path,
                f"{size} bytes is over the {limit}-byte limit for {category}; "
                "compress the media or use another category",
            )
    return MediaChoice(media_type=media_type, media_category=category)
