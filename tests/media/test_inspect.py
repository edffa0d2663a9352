"""xmedia.inspect on real generated media: each file gets the verdict X's constraints give it."""

from __future__ import annotations

import json
import os
import sys

import pytest
import xmedia
from xmedia import CheckStatus, MediaReport, UnreadableFileError

from .media_support import MediaLibrary

VIDEO = ("tweet_video", "amplify_video", "dm_video")

# name → (verdict, the checks that are not "pass" with their status, categories it fits)
EXPECTED: dict[str, tuple[str, dict[str, str], tuple[str, ...]]] = {
    "valid": ("pass", {}, VIDEO),
    "sample": ("pass", {}, VIDEO),
    "faststart": ("pass", {}, VIDEO),
    "short": ("fail", {"duration": "fail"}, ()),
    "yuv444": ("fail", {"codec": "fail", "pixel format": "fail"}, ()),
    "10bit": ("fail", {"codec": "fail", "pixel format": "fail"}, ()),
    "long": ("warn", {"duration": "warn"}, ("amplify_video",)),
    "1080p": ("fail", {"resolution": "fail"}, ()),
    "gif_frames": ("fail", {"frames": "fail"}, ()),
    "gif_ok": ("pass", {}, ("tweet_gif", "dm_gif")),
    "corrupt": ("fail", {"readable": "fail"}, ()),
    "truncated": ("fail", {"readable": "fail"}, ()),
    "open_gop": ("fail", {"GOP": "fail"}, ()),
    "interlaced": ("fail", {"scan": "fail"}, ()),
    "surround": ("fail", {"audio channels": "fail"}, ()),
    "fast": ("fail", {"frame rate": "fail"}, ()),
    "mpegts": ("warn", {"container": "warn"}, VIDEO),
    "png": ("pass", {}, ("tweet_image", "dm_image")),
    "bmp": ("fail", {"format": "fail"}, ()),
    "tall": ("fail", {"aspect ratio": "fail"}, ()),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_gets_the_verdict_x_would_give(media: MediaLibrary, name: str) -> None:
    verdict, not_passing, categories = EXPECTED[name]
    report = xmedia.inspect(media.path(name))
    assert isinstance(report, MediaReport)
    found = {
        check.name: check.status.value for check in report.checks if check.status.value != "pass"
    }
    assert found == not_passing, [c for c in report.checks if c.status is not CheckStatus.PASS]
    assert report.verdict.value == verdict
    assert report.categories == categories
    assert report.ok is (verdict != "fail")
    for check in report.checks:
        assert check.reason, check  # every verdict says why


def test_a_valid_clip_reports_what_it_is(media: MediaLibrary) -> None:
    report = xmedia.inspect(media.path("valid"))
    values = {check.name: check.value for check in report.checks}
    assert values["codec"] == "h264 High"
    assert values["pixel format"] == "yuv420p"
    assert values["resolution"] == "160x120"
    assert values["frame rate"] == "30 fps"
    assert values["audio"] == "aac LC"
    assert values["audio channels"] == "stereo"
    assert values["GOP"] == "closed"
    assert values["scan"] == "progressive"
    assert report.media_type == "video/mp4"
    assert report.category == "tweet_video"


def test_failures_name_the_constraint_and_its_source(media: MediaLibrary) -> None:
    from xmedia_limits.media_constraints import CONSTRAINTS

    report = xmedia.inspect(media.path("open_gop"))
    (failure,) = report.failures
    assert failure.constraint == "video.gop"
    assert CONSTRAINTS["video.gop"].rule in failure.reason
    assert "best-practices" in CONSTRAINTS["video.gop"].source.document
    assert report.most_likely_cause() is failure
    assert report.fixable


def test_a_long_video_is_chosen_as_amplify_video(media: MediaLibrary) -> None:
    report = xmedia.inspect(media.path("long"))
    assert report.category == "amplify_video"
    (warning,) = report.warnings
    assert "amplify_video" in warning.reason


def test_unreadable_paths_raise_typed_errors(tmp_path: os.PathLike[str]) -> None:
    missing = os.path.join(tmp_path, "nope.mp4")
    with pytest.raises(UnreadableFileError, match="no such file"):
        xmedia.inspect(missing)
    with pytest.raises(UnreadableFileError, match="not a regular file"):
        xmedia.inspect(tmp_path)
    if hasattr(os, "mkfifo"):
        fifo = os.path.join(tmp_path, "pipe")
        os.mkfifo(fifo)
        with pytest.raises(UnreadableFileError, match="not a regular file"):
            xmedia.inspect(fifo)  # must not block opening the FIFO


def test_an_empty_file_fails_without_reading_media(tmp_path: os.PathLike[str]) -> None:
    empty = os.path.join(tmp_path, "empty.mp4")
    open(empty, "wb").close()
    report = xmedia.inspect(empty)
    assert report.verdict is CheckStatus.FAIL
    assert "empty" in report.failures[0].reason


def test_json_record_round_trips(media: MediaLibrary) -> None:
    record = json.loads(json.dumps(xmedia.inspect(media.path("10bit")).to_dict()))
    assert record["verdict"] == "fail"
    assert record["categories"] == []
    assert {c["name"] for c in record["checks"] if c["status"] == "fail"} == {
        "codec",
        "pixel format",
    }
    assert record["facts"]["video"]["pixel_format"] == "yuv420p10le"


def test_without_the_media_extra_inspect_says_what_it_could_not_check(
    media: MediaLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    video, gif = media.path("valid"), media.path("gif_ok")
    monkeypatch.setitem(sys.modules, "av", None)  # import av → ImportError
    monkeypatch.setitem(sys.modules, "PIL", None)
    for path in (video, gif):
        report = xmedia.inspect(path)
        unchecked = [c for c in report.checks if c.status is CheckStatus.UNCHECKED]
        assert unchecked, report.checks
        assert all("pip install 'xmedia[media]'" in c.reason for c in unchecked)
        assert report.verdict is CheckStatus.UNCHECKED
        assert report.ok  # advisory: upload works as before
    from xmedia._inspect import media_tools_missing

    assert media_tools_missing() == ("av", "Pillow")


def test_the_gop_scan_reads_annex_b_streams(media: MediaLibrary) -> None:
    report = xmedia.inspect(media.path("mpegts"))
    gop = next(c for c in report.checks if c.name == "GOP")
    assert gop.value == "closed"
