"""X's documented media format constraints (video, animated GIF, image) as data, each with its
source.

These are what X's processing checks after the bytes arrived, so a file that breaks one uploads
fine and
then fails with ``InvalidMedia`` / ``UnsupportedMedia``. ``media_checks`` applies them to what
``media_probe`` reads from a file; the wrapper's ``xmedia inspect`` / pre-flight and the bundled
mock's
processing both do, so they agree.

"must" rows are X's requirements; "recommended" rows are X's recommendations (never a failure); rows
marked ``inferred`` rest on what users report rather than on X's words, and say so in ``note``.
Sizes: X writes "MB"; like the rest of this project they are read as MiB (the lenient reading).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "AUDIO_CODEC",
    "AUDIO_MAX_CHANNELS",
    "AUDIO_PROFILES",
    "BEST_PRACTICES",
    "BEST_PRACTICES_LIMITS",
    "CONSTRAINTS",
    "GIF_MAX_BYTES",
    "GIF_MAX_FRAMES",
    "GIF_MAX_HEIGHT",
    "GIF_MAX_PIXELS_TOTAL",
    "GIF_MAX_WIDTH",
    "IMAGE_FORMATS",
    "IMAGE_MAX_BYTES",
    "MEDIA_INTRODUCTION",
    "VIDEO_ASPECT_MAX",
    "VIDEO_ASPECT_MIN",
    "VIDEO_CODEC",
    "VIDEO_CONTAINERS",
    "VIDEO_H264_PROFILES",
    "VIDEO_MAX_BYTES",
    "VIDEO_MAX_DURATION",
    "VIDEO_MAX_FPS",
    "VIDEO_MAX_HEIGHT",
    "VIDEO_MAX_WIDTH",
    "VIDEO_MIN_DURATION",
    "VIDEO_MIN_HEIGHT",
    "VIDEO_MIN_WIDTH",
    "VIDEO_PIXEL_FORMATS",
    "VIDEO_POST_MAX_BYTES",
    "VIDEO_POST_MAX_DURATION",
    "VIDEO_PREMIUM_MAX_BYTES",
    "VIDEO_PREMIUM_MAX_DURATION",
    "VIDEO_RECOMMENDED_FPS",
    "VIDEO_RECOMMENDED_PROFILE",
    "Constraint",
    "Source",
]

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    """Where X says it: a page of X's documentation and the repository file it is built from."""

    title: str
    url: str
    document: str


BEST_PRACTICES = Source(
    title="X API · Media · Best practices",
    url="https://docs.x.com/x-api/media/quickstart/best-practices",
    document="github.com/xdevplatform/docs x-api/media/quickstart/best-practices.mdx "
    "(read at 2026-08-22 head)",
)
#: The same page's later revision, with a per-category "Size and duration limits" table.
BEST_PRACTICES_LIMITS = Source(
    title="X API · Media · Best practices · Size and duration limits",
    url="https://docs.x.com/x-api/media/quickstart/best-practices#size-and-duration-limits",
    document="github.com/xdevplatform/docs x-api/media/quickstart/best-practices.mdx "
    "(later revision, stored at commit 0c986f00)",
)
MEDIA_INTRODUCTION = Source(
    title="X API · Media · Introduction",
    url="https://docs.x.com/x-api/media/introduction",
    document="github.com/xdevplatform/docs x-api/media/introduction.mdx (read at 2026-08-22 head)",
)

# --- video ("Video specifications and recommendations" → "Advanced" and "Recommended") -----------
VIDEO_MIN_DURATION = 0.5  # seconds
#: The limit for every video in the 2026-08-22 page, and for ``dm_video`` in its later revision;
#: longer video is Post video (``amplify_video`` / ``tweet_video``) only.
VIDEO_MAX_DURATION = 140.0
#: Post video (``tweet_video``, ``amplify_video``): 20 minutes by default, 125 for Premium/verified.
VIDEO_POST_MAX_DURATION = 20 * 60.0
VIDEO_PREMIUM_MAX_DURATION = 125 * 60.0
VIDEO_MIN_WIDTH = 32
VIDEO_MIN_HEIGHT = 32
VIDEO_MAX_WIDTH = 1280
VIDEO_MAX_HEIGHT = 1024
VIDEO_MAX_FPS = 60.0
VIDEO_RECOMMENDED_FPS = (30.0, 60.0)
VIDEO_ASPECT_MIN = 1 / 3  # width / height of the displayed picture
VIDEO_ASPECT_MAX = 3.0
#: ``dm_video`` (and every video in the 2026-08-22 page); Post video 8 GB, Premium 16 GB (the
#: same figures as the limits table's per-category rows).
VIDEO_MAX_BYTES = 512 * MIB
VIDEO_POST_MAX_BYTES = 8 * 1024 * MIB
VIDEO_PREMIUM_MAX_BYTES = 16 * 1024 * MIB
#: FFmpeg pixel formats that are 8-bit YUV 4:2:0 ("Only YUV 4:2:0 pixel format is supported").
VIDEO_PIXEL_FORMATS = frozenset({"yuv420p", "yuvj420p", "nv12", "nv21"})
VIDEO_CODEC = "h264"
#: H.264 profiles that carry 8-bit 4:2:0 (FFmpeg's names); the others (High 10, 4:2:2, 4:4:4) do
#: not.
VIDEO_H264_PROFILES = frozenset(
    {
        "Baseline",
        "Constrained Baseline",
        "Main",
        "Extended",
        "High",
        "Constrained High",
        "Progressive High",
    }
)
VIDEO_RECOMMENDED_PROFILE = "High"
#: Containers X's video guidance is written for (MP4 / QuickTime, as FFmpeg's mov demuxer names
#: them).
VIDEO_CONTAINERS = frozenset({"mp4", "mov"})

# --- audio
# ------------------------------------------------------------------------------------------
AUDIO_CODEC = "aac"
#: FFmpeg's name for AAC Low Complexity; HE-AAC ("HE-AAC", "HE-AACv2") is refused by X.
AUDIO_PROFILES = frozenset({"LC"})
AUDIO_MAX_CHANNELS = 2

# --- animated GIF ("Animated GIF recommendations")
# --------------------------------------------------
GIF_MAX_WIDTH = 1280
GIF_MAX_HEIGHT = 1080
GIF_MAX_FRAMES = 350
GIF_MAX_PIXELS_TOTAL = 300_000_000  # width x height x frames
GIF_MAX_BYTES = 15 * MIB

# --- images ("Image specifications and recommendations")
# --------------------------------------------
#: Pillow's format names for "JPG, PNG, GIF, WEBP".
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
IMAGE_MAX_BYTES = 5 * MIB

Level = Literal["must", "recommended"]
Kind = Literal["video", "gif", "image"]


@dataclass(frozen=True, slots=True)
class Constraint:
    """One documented rule: what X says (``rule``, close to X's words), how binding, and where."""

    key: str
    kind: Kind
    rule: str
    level: Level
    source: Source
    section: str
    inferred: bool = False
    note: str = ""


def _rows(*rows: Constraint) -> Mapping[str, Constraint]:
    return {row.key: row for row in rows}


_VIDEO_ADVANCED = "Video specifications and recommendations > Advanced"
_VIDEO_RECOMMENDED = "Video specifications and recommendations > Recommended"
_GIF = "Animated GIF recommendations"
_IMAGE = "Image specifications and recommendations"

#: Every rule the checks apply, by key (``media_checks.Check.constraint`` names one).
CONSTRAINTS: Mapping[str, Constraint] = _rows(
    Constraint(
        "video.container",
        "video",
        "MP4 or MOV container (X's video guidance and samples use MP4)",
        "must",
        BEST_PRACTICES,
        _VIDEO_RECOMMENDED,
        inferred=True,
        note="X names no container, but its API takes WebM and MPEG-TS types that users report "
        "failing processing unless they hold H.264/AAC",
    ),
    Constraint(
        "video.codec",
        "video",
        "H.264 video (High profile recommended)",
        "must",
        BEST_PRACTICES,
        _VIDEO_RECOMMENDED,
        inferred=True,
        note="X only recommends H.264; other codecs (VP9, HEVC, AV1) are reported to fail "
        "processing",
    ),
    Constraint(
        "video.profile",
        "video",
        "H.264 High profile recommended; 8-bit 4:2:0 profiles only",
        "recommended",
        BEST_PRACTICES,
        _VIDEO_RECOMMENDED,
    ),
    Constraint(
        "video.pixel_format",
        "video",
        "Only YUV 4:2:0 pixel format is supported",
        "must",
        BEST_PRACTICES,
        _VIDEO_ADVANCED,
        note="10-bit 4:2:0 is refused too (reported): 8-bit yuv420p is what X processes",
    ),
    Constraint(
        "video.dimensions",
        "video",
        f"Dimensions must be between {VIDEO_MIN_WIDTH}x{VIDEO_MIN_HEIGHT} and "
        f"{VIDEO_MAX_WIDTH}x{VIDEO_MAX_HEIGHT}",
        "must",
        BEST_PRACTICES,
        _VIDEO_ADVANCED,
        note="the same page says subscribed users can upload 1080p: larger may pass for "
        "some accounts",
    ),
    Constraint(
        "video.aspect_ratio",
        "video",
        "Aspect ratio must be between 1:3 and 3:1",
        "must",
        BEST_PRACTICES,
        _VIDEO_ADVANCED,
    ),
    Constraint(
        "video.pixel_aspect",
        "video",
        "Must have 1:1 pixel aspect ratio",
        "must",
        BEST_PRACTICES,
        _VIDEO_ADVANCED,
    ),
    Constraint(
        "video.frame_rate",
        "video",
        f"Frame rate must be {VIDEO_MAX_FPS:g} FPS or less (30 or 60 FPS recommended)",
        "must",
        BEST_PRACTICES,
        _VIDEO_ADVANCED,
    ),
    Constraint(
        "video.duration",
        "video",
        f"Duration must be at least {VIDEO_MIN_DURATION:g} seconds; at most 140 seconds for DM "
        "video, 20 minutes for Post video (125 for Premium / verified accounts)",
        "must",
        BEST_PRACTICES_LIMITS,
        "Size and duration limits",
        note="the 2026-08-22 revision said 0.5-140 s for every video; longer video is offered as "
        "amplify_video first, the category users long relied on for it",
    ),
    Constraint(
        "video.file_size",
        "video",
        "File size: 512 MB for DM video, 8 GB for Post video (16 GB for Premium / verified)",
        "must",
        BEST_PRACTICES_LIMITS,
        "Size and duration limits",
        note="the 2026-08-22 revision and the introduction page say 512 MB for every video",
    ),
    Constraint(
        "video.gop",
        "video",
        "Must not have open GOP",
        "must",
        BEST_PRACTICES,
        _VIDEO_ADVANCED,
    ),
    Constraint(
        "video.scan",
        "video",
        "Must use progressive scan",
        "must",
        BEST_PRACTICES,
        _VIDEO_ADVANCED,
    ),
    Constraint(
        "audio.codec",
        "video",
        "Audio must be AAC with Low Complexity profile; High-Efficiency AAC is not supported",
        "must",
        BEST_PRACTICES,
        _VIDEO_ADVANCED,
    ),
    Constraint(
        "audio.channels",
        "video",
        "Audio must be mono or stereo, not 5.1 or greater",
        "must",
        BEST_PRACTICES,
        _VIDEO_ADVANCED,
    ),
    Constraint(
        "gif.dimensions",
        "gif",
        f"Resolution should be <= {GIF_MAX_WIDTH}x{GIF_MAX_HEIGHT}",
        "must",
        BEST_PRACTICES,
        _GIF,
        note="X: a GIF over these 'may fail during Post creation even if it is within the "
        "file size limit'",
    ),
    Constraint(
        "gif.frames",
        "gif",
        f"Number of frames <= {GIF_MAX_FRAMES}",
        "must",
        BEST_PRACTICES,
        _GIF,
    ),
    Constraint(
        "gif.pixels",
        "gif",
        "Number of pixels (width * height * num_frames) <= 300 million",
        "must",
        BEST_PRACTICES,
        _GIF,
    ),
    Constraint(
        "gif.file_size",
        "gif",
        "Animated GIF size <= 15 MB",
        "must",
        BEST_PRACTICES,
        _GIF,
    ),
    Constraint(
        "image.format",
        "image",
        "Supported image media types: JPG, PNG, GIF, WEBP",
        "must",
        BEST_PRACTICES,
        _IMAGE,
    ),
    Constraint(
        "image.file_size",
        "image",
        "Image size <= 5 MB",
        "must",
        BEST_PRACTICES,
        _IMAGE,
    ),
)
