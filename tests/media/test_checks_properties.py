"""The constraint rules as pure functions, driven by Hypothesis over any facts a probe could report.

These cover what no bundled encoder can produce (HE-AAC, non-square pixels, extreme sizes) and
pin the relations between checks, verdict and categories.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st
from xmedia._fix import _target_size
from xmedia_limits import media_constraints as mc
from xmedia_limits.media_checks import (
    AudioFacts,
    ImageFacts,
    MediaFacts,
    Status,
    VideoFacts,
    evaluate,
)

videos = st.builds(
    VideoFacts,
    codec=st.sampled_from(["h264", "hevc", "vp9", None]),
    profile=st.sampled_from(
        ["High", "Main", "Constrained Baseline", "High 10", "High 4:4:4 Predictive", None]
    ),
    pixel_format=st.sampled_from(
        ["yuv420p", "yuvj420p", "yuv444p", "yuv420p10le", "yuv422p", None]
    ),
    width=st.one_of(st.none(), st.integers(1, 8000)),
    height=st.one_of(st.none(), st.integers(1, 8000)),
    pixel_aspect=st.one_of(st.none(), st.fractions(min_value=Fraction(1, 4), max_value=4)),
    frame_rate=st.one_of(st.none(), st.floats(1, 240)),
    scan=st.sampled_from(["progressive", "interlaced", None]),
    gop=st.sampled_from(["closed", "open", None]),
    keyframes_checked=st.integers(0, 9),
)
audios = st.one_of(
    st.none(),
    st.builds(
        AudioFacts,
        codec=st.sampled_from(["aac", "mp3", "opus"]),
        profile=st.sampled_from(["LC", "HE-AAC", "HE-AACv2", None]),
        channels=st.one_of(st.none(), st.integers(1, 8)),
    ),
)
video_facts = st.builds(
    MediaFacts,
    path=st.just("clip.mp4"),
    size=st.one_of(st.integers(1, 2 * mc.VIDEO_MAX_BYTES), st.integers(1, 20 * 1024 * mc.MIB)),
    kind=st.just("video"),
    container=st.sampled_from(["mp4", "mov", "webm", "mpegts"]),
    duration=st.one_of(st.none(), st.floats(0.01, 1000), st.floats(0.01, 10_000)),
    video=videos,
    audio=audios,
)


def _violations(facts: MediaFacts) -> set[str]:
    """X's "must" rules a file breaks, computed independently of the checks' code."""
    v, a = facts.video, facts.audio
    assert v is not None
    broken = set()
    if facts.size > 16 * 1024 * mc.MIB:  # Premium Post video, X's largest
        broken.add("size")
    if v.codec != "h264" or (v.profile is not None and v.profile not in mc.VIDEO_H264_PROFILES):
        broken.add("codec")
    if v.pixel_format is not None and v.pixel_format not in ("yuv420p", "yuvj420p"):
        broken.add("pixel format")
    if v.width is not None and v.height is not None:
        if not (32 <= v.width <= 1280 and 32 <= v.height <= 1024):
            broken.add("resolution")
        aspect = Fraction(v.width, v.height) * (v.pixel_aspect or 1)
        if not Fraction(1, 3) <= aspect <= 3:
            broken.add("aspect ratio")
    if v.pixel_aspect is not None and v.pixel_aspect != 1:
        broken.add("pixel aspect")
    if v.frame_rate is not None and v.frame_rate > 60.01:
        broken.add("frame rate")
    if facts.duration is not None and not 0.5 <= facts.duration <= 125 * 60:
        broken.add("duration")
    if a is not None and (a.codec != "aac" or (a.profile is not None and a.profile != "LC")):
        broken.add("audio")
    if a is not None and a.channels is not None and a.channels > 2:
        broken.add("audio channels")
    if v.gop == "open":
        broken.add("GOP")
    if v.scan == "interlaced":
        broken.add("scan")
    return broken


NAMES = {"size": "file size"}


@given(video_facts)
def test_a_video_fails_exactly_the_rules_it_breaks(facts: MediaFacts) -> None:
    report = evaluate(facts)
    failed = {check.name for check in report.failures}
    assert failed == {NAMES.get(name, name) for name in _violations(facts)}
    assert report.ok is (not failed)
    assert (report.verdict is Status.FAIL) is bool(failed)


@given(video_facts)
def test_categories_follow_the_verdict_and_the_duration(facts: MediaFacts) -> None:
    report = evaluate(facts)
    if not report.ok:
        assert report.categories == ()
    elif (facts.duration is not None and facts.duration > 140) or facts.size > 512 * mc.MIB:
        # Too long or too large for a DM: Post video only, and a warning says why.
        assert report.categories == ("amplify_video", "tweet_video")
        assert any(
            c.name in ("duration", "file size") and c.status is Status.WARN for c in report.checks
        )
    else:
        assert report.categories == ("tweet_video", "amplify_video", "dm_video")


@given(video_facts)
def test_the_most_likely_cause_is_a_failure_when_there_is_one(facts: MediaFacts) -> None:
    report = evaluate(facts)
    cause = report.most_likely_cause()
    if report.failures:
        assert cause is report.failures[0]
    elif cause is not None:
        assert cause.status is Status.WARN


@given(st.sampled_from(["HE-AAC", "HE-AACv2"]))
def test_he_aac_always_fails(profile: str) -> None:
    facts = MediaFacts(
        "a.mp4",
        1000,
        "video",
        container="mp4",
        duration=5,
        video=VideoFacts(
            "h264", "High", "yuv420p", 640, 360, None, 30, None, "progressive", "closed"
        ),
        audio=AudioFacts("aac", profile, 2),
    )
    (failure,) = evaluate(facts).failures
    assert failure.name == "audio" and "High-Efficiency AAC is not supported" in failure.reason


@given(
    width=st.integers(1, 1500),
    height=st.integers(1, 1200),
    frames=st.integers(1, 800),
    size=st.integers(1, 30 * mc.MIB),
)
def test_gif_limits(width: int, height: int, frames: int, size: int) -> None:
    facts = MediaFacts("a.gif", size, "gif", image=ImageFacts("GIF", width, height, frames))
    report = evaluate(facts)
    broken = (
        width > 1280
        or height > 1080
        or frames > 350
        or width * height * frames > 300_000_000
        or size > mc.GIF_MAX_BYTES
    )
    assert report.ok is not broken
    if report.ok:
        assert report.categories[:2] == ("tweet_gif", "dm_gif")
        assert ("tweet_image" in report.categories) is (frames == 1 and size <= mc.IMAGE_MAX_BYTES)


@given(
    width=st.integers(2, 8000),
    height=st.integers(2, 8000),
    sar=st.one_of(st.none(), st.fractions(min_value=Fraction(1, 2), max_value=2)),
)
def test_fix_scales_into_bounds_keeping_the_aspect_ratio(
    width: int, height: int, sar: Fraction | None
) -> None:
    display = width * float(sar or 1) / height
    new_width, new_height = _target_size(width, height, sar)
    assert new_width % 2 == 0 and new_height % 2 == 0
    assert 32 <= new_width <= 1280 and 32 <= new_height <= 1024
    if 32 / 1024 * 1.5 < display < 1280 / 32 / 1.5 and 1 / 3 <= display <= 3:
        # Within X's aspect range, the rounding to even sides is the only distortion.
        assert abs(new_width / new_height - display) / display < 0.1
