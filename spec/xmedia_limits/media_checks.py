"""X's media constraints applied to what a probe read from a file: pure functions, no I/O.

``evaluate(facts)`` turns :class:`MediaFacts` (filled by ``media_probe.probe``, or by hand in tests)
into a :class:`MediaReport`: one :class:`Check` per property with pass / warn / fail / unchecked and
the reason, and the media categories the file fits. Keeping the rules pure lets the wrapper's
pre-flight, ``xmedia inspect`` and the mock's processing share them, and lets property tests drive
them
with any facts (for instance HE-AAC audio, which no bundled encoder can produce).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from . import media_constraints as mc

if TYPE_CHECKING:
    from fractions import Fraction

__all__ = [
    "AudioFacts",
    "Check",
    "ImageFacts",
    "MediaFacts",
    "MediaKind",
    "MediaReport",
    "Status",
    "VideoFacts",
    "evaluate",
]

MediaKind = Literal["video", "gif", "image", "unknown"]

VIDEO_CATEGORIES = ("tweet_video", "amplify_video", "dm_video")
#: Over DM video's limits: Post video only, amplify_video first (the category long video went as).
LONG_VIDEO_CATEGORIES = ("amplify_video", "tweet_video")
GIF_CATEGORIES = ("tweet_gif", "dm_gif")
IMAGE_CATEGORIES = ("tweet_image", "dm_image")

INSTALL_HINT = "pip install 'xmedia[media]'"


class Status(StrEnum):
    """A check's outcome, from best to worst (``unchecked``: could not be determined)."""

    PASS = "pass"  # noqa: S105 — a check outcome, not a password
    UNCHECKED = "unchecked"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Status.PASS: 0, Status.UNCHECKED: 1, Status.WARN: 2, Status.FAIL: 3}


@dataclass(frozen=True, slots=True)
class VideoFacts:
    """The first video stream, as its headers and packets describe it (None: not determinable)."""

    codec: str | None = None
    profile: str | None = None
    pixel_format: str | None = None
    width: int | None = None
    height: int | None = None
    #: Sample (pixel) aspect ratio; None when the file leaves it unspecified, which means square.
    pixel_aspect: Fraction | None = None
    frame_rate: float | None = None
    frame_count: int | None = None
    scan: Literal["progressive", "interlaced"] | None = None
    gop: Literal["closed", "open"] | None = None
    #: Keyframes whose coded type was read to decide ``gop``.
    keyframes_checked: int = 0


@dataclass(frozen=True, slots=True)
class AudioFacts:
    codec: str | None = None
    #: FFmpeg's profile name: "LC", "HE-AAC", "HE-AACv2", …
    profile: str | None = None
    channels: int | None = None
    sample_rate: int | None = None


@dataclass(frozen=True, slots=True)
class ImageFacts:
    #: Pillow's format name: "JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", …
    format: str | None = None
    width: int | None = None
    height: int | None = None
    frames: int | None = None
    mode: str | None = None


@dataclass(frozen=True, slots=True)
class MediaFacts:
    """Everything a probe learnt about one file."""

    path: str
    size: int
    kind: MediaKind
    media_type: str | None = None
    #: Short container name: "mp4", "mov", "webm", "matroska", "mpegts", "gif", "png", …
    container: str | None = None
    duration: float | None = None
    video: VideoFacts | None = None
    audio: AudioFacts | None = None
    audio_streams: int = 0
    image: ImageFacts | None = None
    #: Why the file could not be read at all (damaged, not media); None when it was read.
    unreadable: str | None = None
    #: Why reading stopped part-way (truncated or damaged data after a readable start).
    damaged: str | None = None
    #: Python packages that were missing, so parts could not be checked ("av", "Pillow").
    missing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Check:
    """One property of the file against one of X's constraints."""

    name: str
    value: str
    status: Status
    reason: str
    #: Key into ``media_constraints.CONSTRAINTS``; None for checks of the file itself (readable).
    constraint: str | None = None
    #: True when ``xmedia fix`` can repair a failure of this check by re-encoding.
    fixable: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data


@dataclass(frozen=True, slots=True)
class MediaReport:
    """What ``inspect`` found: every check, the overall verdict and the categories the file fits."""

    path: str
    size: int
    kind: MediaKind
    media_type: str | None
    checks: tuple[Check, ...]
    #: Media categories the file fits as it is, best first (empty when a check failed).
    categories: tuple[str, ...]
    facts: MediaFacts = field(repr=False)

    @property
    def verdict(self) -> Status:
        """The worst status of any check."""
        return max(
            (check.status for check in self.checks), key=_RANK.__getitem__, default=Status.PASS
        )

    @property
    def ok(self) -> bool:
        """No check failed (warnings and unchecked properties allowed)."""
        return self.verdict is not Status.FAIL

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if check.status is Status.FAIL)

    @property
    def warnings(self) -> tuple[Check, ...]:
        return tuple(
            check for check in self.checks if check.status in (Status.WARN, Status.UNCHECKED)
        )

    @property
    def fixable(self) -> bool:
        """Every failure is one ``xmedia fix`` repairs (and there is at least one)."""
        return bool(self.failures) and all(check.fixable for check in self.failures)

    @property
    def category(self) -> str | None:
        """The category to upload it as: the first that fits, else None."""
        return self.categories[0] if self.categories else None

    def most_likely_cause(self) -> Check | None:
        """The check that best explains a processing failure at X: the first failure, else
        warning."""
        return next(iter(self.failures), None) or next(
            (check for check in self.checks if check.status is Status.WARN), None
        )

    def summary(self) -> str:
        """One line: the verdict and the failed / warned properties with their reasons."""
        problems = self.failures or self.warnings
        if not problems:
            fits = ", ".join(self.categories) or "no category"
            return f"{self.path}: meets X's constraints (fits {fits})"
        listed = "; ".join(f"{check.name}: {check.reason}" for check in problems)
        return f"{self.path}: {self.verdict.value}: {listed}"

    def to_dict(self) -> dict[str, Any]:
        facts = asdict(self.facts)
        if self.facts.video is not None and self.facts.video.pixel_aspect is not None:
            facts["video"]["pixel_aspect"] = str(self.facts.video.pixel_aspect)
        return {
            "file": self.path,
            "size": self.size,
            "kind": self.kind,
            "media_type": self.media_type,
            "verdict": self.verdict.value,
            "categories": list(self.categories),
            "checks": [check.to_dict() for check in self.checks],
            "facts": facts,
        }


def _rule(key: str) -> str:
    return mc.CONSTRAINTS[key].rule


def _mib(size: int) -> str:
    """Binary units, like the rest of xmedia's output: 812 B, 23.3 KiB, 5.3 MiB."""
    value = float(size)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024 or unit == "MiB":
            return f"{int(value)} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"  # pragma: no cover - the loop always returns


def _fps(rate: float) -> str:
    return f"{rate:.3f}".rstrip("0").rstrip(".") + " fps"


def _missing_reason(facts: MediaFacts) -> str:
    tools = " and ".join(facts.missing) or "a media reader"
    return f"not checked: {tools} not installed ({INSTALL_HINT})"


def _unchecked(name: str, facts: MediaFacts, constraint: str | None = None) -> Check:
    return Check(name, "?", Status.UNCHECKED, _missing_reason(facts), constraint)


# --- video ----------------------------------------------------------------------------------------


def _video_checks(facts: MediaFacts) -> Iterator[Check]:
    video = facts.video
    yield _video_size(facts)
    if video is None:
        if facts.missing:
            for name, key in (
                ("codec", "video.codec"),
                ("pixel format", "video.pixel_format"),
                ("resolution", "video.dimensions"),
                ("frame rate", "video.frame_rate"),
                ("duration", "video.duration"),
                ("audio", "audio.codec"),
                ("GOP", "video.gop"),
                ("scan", "video.scan"),
            ):
                yield _unchecked(name, facts, key)
        else:
            yield Check("video stream", "none", Status.FAIL, "the file holds no video stream")
        return
    yield _container(facts)
    yield _codec(video)
    yield _pixel_format(video)
    yield _resolution(video)
    yield _aspect_ratio(video)
    yield _pixel_aspect(video)
    yield _frame_rate(video)
    yield _duration(facts.duration)
    yield _audio(facts)
    if facts.audio is not None:
        yield _channels(facts.audio)
    yield _gop(video)
    yield _scan(video)


def _video_size(facts: MediaFacts) -> Check:
    value = _mib(facts.size)
    key = "video.file_size"
    if facts.size > mc.VIDEO_PREMIUM_MAX_BYTES:
        return Check(
            "file size",
            value,
            Status.FAIL,
            f"over {_mib(mc.VIDEO_PREMIUM_MAX_BYTES)}, X's largest video (Premium accounts)",
            key,
            fixable=True,
        )
    if facts.size > mc.VIDEO_POST_MAX_BYTES:
        reason = f"over {_mib(mc.VIDEO_POST_MAX_BYTES)}: only Premium / verified accounts"
        return Check("file size", value, Status.WARN, reason, key, fixable=True)
    if facts.size > mc.VIDEO_MAX_BYTES:
        reason = f"over {_mib(mc.VIDEO_MAX_BYTES)}: too large for dm_video; Post video only"
        return Check("file size", value, Status.WARN, reason, key)
    return Check("file size", value, Status.PASS, f"≤ {_mib(mc.VIDEO_MAX_BYTES)}", key)


def _container(facts: MediaFacts) -> Check:
    name = facts.container or "?"
    if facts.container in mc.VIDEO_CONTAINERS:
        return Check("container", name, Status.PASS, "MP4/MOV", "video.container")
    return Check(
        "container",
        name,
        Status.WARN,
        f"{name} is not MP4/MOV; X's processing is reported to fail on other containers",
        "video.container",
        fixable=True,
    )


def _codec(video: VideoFacts) -> Check:
    codec = video.codec or "?"
    profile = video.profile
    value = f"{codec} {profile}" if profile else codec
    if video.codec != mc.VIDEO_CODEC:
        return Check(
            "codec",
            value,
            Status.FAIL,
            f"{codec} is not H.264, the codec X processes (High profile recommended)",
            "video.codec",
            fixable=True,
        )
    if profile is not None and profile not in mc.VIDEO_H264_PROFILES:
        return Check(
            "codec",
            value,
            Status.FAIL,
            f"{profile} is not an 8-bit 4:2:0 profile (X: YUV 4:2:0 only)",
            "video.profile",
            fixable=True,
        )
    if profile != mc.VIDEO_RECOMMENDED_PROFILE:
        return Check(
            "codec",
            value,
            Status.PASS,
            f"H.264 {profile or '(profile unknown)'}; X recommends High profile",
            "video.profile",
        )
    return Check("codec", value, Status.PASS, "H.264 High, as X recommends", "video.profile")


def _pixel_format(video: VideoFacts) -> Check:
    pix = video.pixel_format
    if pix is None:
        return Check(
            "pixel format", "?", Status.UNCHECKED, "not in the headers", "video.pixel_format"
        )
    if pix in mc.VIDEO_PIXEL_FORMATS:
        return Check("pixel format", pix, Status.PASS, "8-bit YUV 4:2:0", "video.pixel_format")
    return Check(
        "pixel format",
        pix,
        Status.FAIL,
        "not 8-bit YUV 4:2:0 (yuv420p), the only pixel format X supports",
        "video.pixel_format",
        fixable=True,
    )


def _resolution(video: VideoFacts) -> Check:
    if video.width is None or video.height is None:
        return Check("resolution", "?", Status.UNCHECKED, "not in the headers", "video.dimensions")
    value = f"{video.width}x{video.height}"
    bounds = (
        f"{mc.VIDEO_MIN_WIDTH}x{mc.VIDEO_MIN_HEIGHT} to {mc.VIDEO_MAX_WIDTH}x{mc.VIDEO_MAX_HEIGHT}"
    )
    if video.width < mc.VIDEO_MIN_WIDTH or video.height < mc.VIDEO_MIN_HEIGHT:
        return Check(
            "resolution",
            value,
            Status.FAIL,
            f"under {mc.VIDEO_MIN_WIDTH}x{mc.VIDEO_MIN_HEIGHT}",
            "video.dimensions",
            fixable=True,
        )
    if video.width > mc.VIDEO_MAX_WIDTH or video.height > mc.VIDEO_MAX_HEIGHT:
        return Check(
            "resolution",
            value,
            Status.FAIL,
            f"over {mc.VIDEO_MAX_WIDTH}x{mc.VIDEO_MAX_HEIGHT} (X allows 1080p only for some "
            "subscribed accounts)",
            "video.dimensions",
            fixable=True,
        )
    return Check("resolution", value, Status.PASS, f"within {bounds}", "video.dimensions")


def _display_aspect(video: VideoFacts) -> float | None:
    if not video.width or not video.height:
        return None
    return video.width / video.height * float(video.pixel_aspect or 1)


def _aspect_ratio(video: VideoFacts) -> Check:
    aspect = _display_aspect(video)
    if aspect is None:
        return Check(
            "aspect ratio", "?", Status.UNCHECKED, "not in the headers", "video.aspect_ratio"
        )
    value = f"{aspect:.3f}:1"
    # A hair of tolerance: 1:3 stored as a float must not fail a 1:3 picture.
    if mc.VIDEO_ASPECT_MIN - 1e-9 <= aspect <= mc.VIDEO_ASPECT_MAX + 1e-9:
        return Check(
            "aspect ratio", value, Status.PASS, "between 1:3 and 3:1", "video.aspect_ratio"
        )
    return Check(
        "aspect ratio",
        value,
        Status.FAIL,
        "outside X's 1:3 to 3:1; crop it (fix does not crop)",
        "video.aspect_ratio",
    )


def _pixel_aspect(video: VideoFacts) -> Check:
    par = video.pixel_aspect
    if par is None or par == 1:
        return Check("pixel aspect", "1:1", Status.PASS, "square pixels", "video.pixel_aspect")
    return Check(
        "pixel aspect",
        f"{par.numerator}:{par.denominator}",
        Status.FAIL,
        "non-square pixels; X: must have 1:1 pixel aspect ratio",
        "video.pixel_aspect",
        fixable=True,
    )


def _frame_rate(video: VideoFacts) -> Check:
    rate = video.frame_rate
    if rate is None or rate <= 0:
        return Check("frame rate", "?", Status.UNCHECKED, "not in the headers", "video.frame_rate")
    if rate > mc.VIDEO_MAX_FPS + 0.01:
        return Check(
            "frame rate",
            _fps(rate),
            Status.FAIL,
            f"over {mc.VIDEO_MAX_FPS:g} fps; X: frame rate must be 60 FPS or less",
            "video.frame_rate",
            fixable=True,
        )
    recommended = any(abs(rate - r) < 0.05 for r in mc.VIDEO_RECOMMENDED_FPS)
    reason = f"≤ {mc.VIDEO_MAX_FPS:g} fps" + ("" if recommended else " (30 or 60 recommended)")
    return Check("frame rate", _fps(rate), Status.PASS, reason, "video.frame_rate")


def _duration(duration: float | None) -> Check:
    key = "video.duration"
    if duration is None:
        return Check("duration", "?", Status.UNCHECKED, "not in the headers", key)
    value = f"{duration:.2f} s"
    if duration < mc.VIDEO_MIN_DURATION:
        reason = f"shorter than {mc.VIDEO_MIN_DURATION:g} s, X's minimum"
        return Check("duration", value, Status.FAIL, reason, key, fixable=True)
    if duration > mc.VIDEO_PREMIUM_MAX_DURATION:
        reason = f"over {mc.VIDEO_PREMIUM_MAX_DURATION / 60:g} min, X's longest (Premium accounts)"
        return Check("duration", value, Status.FAIL, reason, key)
    if duration > mc.VIDEO_POST_MAX_DURATION:
        reason = (
            f"over {mc.VIDEO_POST_MAX_DURATION / 60:g} min: only Premium / verified accounts "
            f"(≤ {mc.VIDEO_PREMIUM_MAX_DURATION / 60:g} min)"
        )
        return Check("duration", value, Status.WARN, reason, key)
    if duration > mc.VIDEO_MAX_DURATION:
        reason = (
            f"over {mc.VIDEO_MAX_DURATION:g} s: too long for dm_video; Post video "
            f"(amplify_video, tweet_video) takes up to {mc.VIDEO_POST_MAX_DURATION / 60:g} min"
        )
        return Check("duration", value, Status.WARN, reason, key)
    reason = f"{mc.VIDEO_MIN_DURATION:g}-{mc.VIDEO_MAX_DURATION:g} s"
    return Check("duration", value, Status.PASS, reason, key)


def _audio(facts: MediaFacts) -> Check:
    audio = facts.audio
    if audio is None:
        return Check("audio", "none", Status.PASS, "no audio track", "audio.codec")
    codec = audio.codec or "?"
    value = f"{codec} {audio.profile}" if audio.profile else codec
    if facts.audio_streams > 1:
        value += f" (+{facts.audio_streams - 1} more)"
    if audio.codec != mc.AUDIO_CODEC:
        return Check(
            "audio",
            value,
            Status.FAIL,
            f"{codec} is not AAC; X takes AAC Low Complexity only",
            "audio.codec",
            fixable=True,
        )
    if audio.profile is not None and audio.profile not in mc.AUDIO_PROFILES:
        return Check(
            "audio",
            value,
            Status.FAIL,
            f"AAC {audio.profile} is not Low Complexity; X: High-Efficiency AAC is not supported",
            "audio.codec",
            fixable=True,
        )
    if audio.profile is None:
        return Check(
            "audio", value, Status.UNCHECKED, "AAC profile not in the headers", "audio.codec"
        )
    return Check("audio", value, Status.PASS, "AAC-LC", "audio.codec")


def _channels(audio: AudioFacts) -> Check:
    channels = audio.channels
    if channels is None:
        return Check(
            "audio channels", "?", Status.UNCHECKED, "not in the headers", "audio.channels"
        )
    value = {1: "mono", 2: "stereo"}.get(channels, f"{channels} channels")
    if channels > mc.AUDIO_MAX_CHANNELS:
        return Check(
            "audio channels",
            value,
            Status.FAIL,
            "more than stereo; X takes mono or stereo, not 5.1 or greater",
            "audio.channels",
            fixable=True,
        )
    return Check("audio channels", value, Status.PASS, "mono or stereo", "audio.channels")


def _gop(video: VideoFacts) -> Check:
    if video.gop is None:
        return Check(
            "GOP",
            "?",
            Status.UNCHECKED,
            f"not determinable for {video.codec or 'this codec'} from packets",
            "video.gop",
        )
    checked = (
        f"{video.keyframes_checked} keyframe{'s' if video.keyframes_checked != 1 else ''} read"
    )
    if video.gop == "open":
        return Check(
            "GOP",
            "open",
            Status.FAIL,
            f"a keyframe is not IDR ({checked}); X: no open GOP",
            "video.gop",
            fixable=True,
        )
    return Check("GOP", "closed", Status.PASS, f"every keyframe is IDR ({checked})", "video.gop")


def _scan(video: VideoFacts) -> Check:
    if video.scan is None:
        return Check("scan", "?", Status.UNCHECKED, "not signalled in the stream", "video.scan")
    if video.scan == "interlaced":
        return Check(
            "scan",
            "interlaced",
            Status.FAIL,
            _rule("video.scan"),
            "video.scan",
            fixable=True,
        )
    return Check("scan", "progressive", Status.PASS, "progressive", "video.scan")


# --- GIF and images -------------------------------------------------------------------------------


def _gif_checks(facts: MediaFacts) -> Iterator[Check]:
    image = facts.image
    size = _mib(facts.size)
    if facts.size > mc.GIF_MAX_BYTES:
        yield Check(
            "file size",
            size,
            Status.FAIL,
            f"over {_mib(mc.GIF_MAX_BYTES)}; {_rule('gif.file_size')}",
            "gif.file_size",
            fixable=True,
        )
    else:
        yield Check("file size", size, Status.PASS, f"≤ {_mib(mc.GIF_MAX_BYTES)}", "gif.file_size")
    if image is None or image.width is None or image.height is None:
        for name, key in (("resolution", "gif.dimensions"), ("frames", "gif.frames")):
            yield _unchecked(name, facts, key)
        return
    value = f"{image.width}x{image.height}"
    if image.width > mc.GIF_MAX_WIDTH or image.height > mc.GIF_MAX_HEIGHT:
        yield Check(
            "resolution",
            value,
            Status.FAIL,
            f"over {mc.GIF_MAX_WIDTH}x{mc.GIF_MAX_HEIGHT}; {_rule('gif.dimensions')}",
            "gif.dimensions",
            fixable=True,
        )
    else:
        yield Check(
            "resolution",
            value,
            Status.PASS,
            f"≤ {mc.GIF_MAX_WIDTH}x{mc.GIF_MAX_HEIGHT}",
            "gif.dimensions",
        )
    if image.frames is None:
        yield _unchecked("frames", facts, "gif.frames")
        return
    if image.frames > mc.GIF_MAX_FRAMES:
        yield Check(
            "frames",
            str(image.frames),
            Status.FAIL,
            f"over {mc.GIF_MAX_FRAMES}; {_rule('gif.frames')}",
            "gif.frames",
            fixable=True,
        )
    else:
        yield Check(
            "frames", str(image.frames), Status.PASS, f"≤ {mc.GIF_MAX_FRAMES}", "gif.frames"
        )
    pixels = image.width * image.height * image.frames
    if pixels > mc.GIF_MAX_PIXELS_TOTAL:
        yield Check(
            "total pixels",
            f"{pixels / 1e6:.1f} million",
            Status.FAIL,
            f"over 300 million; {_rule('gif.pixels')}",
            "gif.pixels",
            fixable=True,
        )
    else:
        yield Check(
            "total pixels",
            f"{pixels / 1e6:.1f} million",
            Status.PASS,
            "≤ 300 million",
            "gif.pixels",
        )


def _image_checks(facts: MediaFacts) -> Iterator[Check]:
    image = facts.image
    size = _mib(facts.size)
    if facts.size > mc.IMAGE_MAX_BYTES:
        yield Check(
            "file size",
            size,
            Status.FAIL,
            f"over {_mib(mc.IMAGE_MAX_BYTES)}; {_rule('image.file_size')}",
            "image.file_size",
            fixable=True,
        )
    else:
        yield Check(
            "file size", size, Status.PASS, f"≤ {_mib(mc.IMAGE_MAX_BYTES)}", "image.file_size"
        )
    if image is None or image.format is None:
        yield _unchecked("format", facts, "image.format")
        return
    if image.format in mc.IMAGE_FORMATS:
        yield Check("format", image.format, Status.PASS, "JPG, PNG, GIF or WEBP", "image.format")
    else:
        yield Check(
            "format",
            image.format,
            Status.FAIL,
            f"{image.format} is not accepted; {_rule('image.format')}",
            "image.format",
            fixable=True,
        )
    if image.width is not None and image.height is not None:
        yield Check(
            "resolution", f"{image.width}x{image.height}", Status.PASS, "no documented limit"
        )


# --- the report -----------------------------------------------------------------------------------


def _categories(facts: MediaFacts, checks: tuple[Check, ...]) -> tuple[str, ...]:
    if any(check.status is Status.FAIL for check in checks) or facts.unreadable is not None:
        return ()
    if facts.kind == "video":
        too_long = facts.duration is not None and facts.duration > mc.VIDEO_MAX_DURATION
        if too_long or facts.size > mc.VIDEO_MAX_BYTES:
            return LONG_VIDEO_CATEGORIES
        return VIDEO_CATEGORIES
    if facts.kind == "gif":
        still = facts.image is not None and facts.image.frames == 1
        if still and facts.size <= mc.IMAGE_MAX_BYTES:
            return GIF_CATEGORIES + IMAGE_CATEGORIES
        return GIF_CATEGORIES
    if facts.kind == "image":
        return IMAGE_CATEGORIES
    return ()


def evaluate(facts: MediaFacts) -> MediaReport:
    """Check ``facts`` against every constraint that applies to their kind."""
    checks: tuple[Check, ...]
    if facts.unreadable is not None:
        checks = (Check("readable", "no", Status.FAIL, facts.unreadable),)
    elif facts.kind == "video":
        checks = tuple(_video_checks(facts))
    elif facts.kind == "gif":
        checks = tuple(_gif_checks(facts))
    elif facts.kind == "image":
        checks = tuple(_image_checks(facts))
    elif facts.missing:
        checks = (_unchecked("media", facts),)
    else:
        checks = (
            Check(
                "media type",
                facts.media_type or "?",
                Status.FAIL,
                "not a video, GIF or image X accepts",
            ),
        )
    if facts.damaged is not None and facts.unreadable is None:
        checks = (Check("readable", "damaged", Status.FAIL, facts.damaged), *checks)
    return MediaReport(
        path=facts.path,
        size=facts.size,
        kind=facts.kind,
        media_type=facts.media_type,
        checks=checks,
        categories=_categories(facts, checks),
        facts=facts,
    )
