"""xmedia.fix: every fixable file becomes one that passes inspect; the input is never touched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import xmedia
from xmedia import CheckStatus, ConfigError, FixError

from .media_support import MediaLibrary

FIXABLE = [
    "short",
    "yuv444",
    "10bit",
    "1080p",
    "gif_frames",
    "open_gop",
    "interlaced",
    "surround",
    "fast",
    "mpegts",
    "truncated",
    "bmp",
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", FIXABLE)
def test_fix_turns_each_fixable_file_into_one_that_passes(
    media: MediaLibrary, tmp_path: Path, name: str
) -> None:
    source = media.path(name)
    before = _digest(source)
    suffix = ".jpg" if name == "bmp" else ".mp4"
    events: list[tuple[float, float | None]] = []
    result = xmedia.fix(
        source, tmp_path / f"out{suffix}", on_progress=lambda d, t: events.append((d, t))
    )
    assert _digest(source) == before, "the input was modified"
    assert not result.copied
    assert result.actions
    again = xmedia.inspect(result.output)  # an independent look at what was written
    assert again.ok, again.failures
    assert again.verdict in (CheckStatus.PASS, CheckStatus.WARN)
    if name != "bmp":
        values = {check.name: check.value for check in again.checks}
        assert values["codec"] == "h264 High"
        assert values["pixel format"] == "yuv420p"
        assert values["GOP"] == "closed"
        assert values["scan"] == "progressive"
        assert events and events[-1][0] > 0
    assert list(tmp_path.iterdir()) == [tmp_path / f"out{suffix}"]  # no temporary file left
    CHANGES.get(name, lambda result: None)(result)


def _scaled_keeping_aspect(result: xmedia.FixResult) -> None:
    assert result.after.facts.video is not None
    assert (result.after.facts.video.width, result.after.facts.video.height) == (1280, 720)
    assert any("1920x1080 to 1280x720" in action for action in result.actions)


def _gif_became_mp4(result: xmedia.FixResult) -> None:
    assert result.after.kind == "video"
    assert result.after.media_type == "video/mp4"
    assert result.frames >= 350
    assert "tweet_video" in result.after.categories


def _held_to_half_a_second(result: xmedia.FixResult) -> None:
    assert result.after.facts.duration is not None
    assert result.after.facts.duration >= 0.5


def _frame_rate_capped(result: xmedia.FixResult) -> None:
    assert result.after.facts.video is not None
    assert result.after.facts.video.frame_rate == 60


def _downmixed(result: xmedia.FixResult) -> None:
    assert result.after.facts.audio is not None
    assert result.after.facts.audio.channels == 2
    assert result.after.facts.audio.profile == "LC"


def _converted_to_jpeg(result: xmedia.FixResult) -> None:
    assert result.after.media_type == "image/jpeg"


CHANGES = {
    "1080p": _scaled_keeping_aspect,
    "gif_frames": _gif_became_mp4,
    "short": _held_to_half_a_second,
    "fast": _frame_rate_capped,
    "surround": _downmixed,
    "bmp": _converted_to_jpeg,
}


def test_a_file_that_passes_is_copied_unchanged(media: MediaLibrary, tmp_path: Path) -> None:
    source = media.path("valid")
    result = xmedia.fix(source, tmp_path / "copy.mp4")
    assert result.copied
    assert _digest(Path(result.output)) == _digest(source)
    forced = xmedia.fix(source, tmp_path / "forced.mp4", force=True)
    assert not forced.copied and forced.after.ok


def test_fix_never_overwrites_its_input(media: MediaLibrary, tmp_path: Path) -> None:
    source = tmp_path / "in.mp4"
    source.write_bytes(media.path("yuv444").read_bytes())
    before = _digest(source)
    with pytest.raises(ConfigError, match="is the input file"):
        xmedia.fix(source, source)
    with pytest.raises(ConfigError, match="is the input file"):
        xmedia.fix(source, tmp_path / "." / "in.mp4")
    link = tmp_path / "link.mp4"
    link.hardlink_to(source)
    with pytest.raises(ConfigError, match="is the input file"):
        xmedia.fix(source, link, overwrite=True)
    assert _digest(source) == before


def test_fix_refuses_an_existing_output_unless_told(media: MediaLibrary, tmp_path: Path) -> None:
    out = tmp_path / "out.mp4"
    out.write_bytes(b"keep me")
    with pytest.raises(ConfigError, match="already exists"):
        xmedia.fix(media.path("yuv444"), out)
    assert out.read_bytes() == b"keep me"
    xmedia.fix(media.path("yuv444"), out, overwrite=True)
    assert xmedia.inspect(out).ok


def test_fix_refuses_an_output_of_the_wrong_kind(media: MediaLibrary, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\.mp4"):
        xmedia.fix(media.path("gif_frames"), tmp_path / "still.gif")


def test_unfixable_media_is_refused_before_any_work(media: MediaLibrary, tmp_path: Path) -> None:
    with pytest.raises(FixError, match="cannot be fixed"):
        xmedia.fix(media.path("corrupt"), tmp_path / "x.mp4")
    with pytest.raises(FixError, match="aspect ratio"):
        xmedia.fix(media.path("tall"), tmp_path / "y.mp4")
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_fix_leaves_nothing_behind(media: MediaLibrary, tmp_path: Path) -> None:
    def interrupt(done: float, total: float | None) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        xmedia.fix(media.path("open_gop"), tmp_path / "out.mp4", on_progress=interrupt)
    assert list(tmp_path.iterdir()) == []


def test_the_default_output_sits_beside_the_input(media: MediaLibrary, tmp_path: Path) -> None:
    source = tmp_path / "clip.webm.mp4"
    source.write_bytes(media.path("interlaced").read_bytes())
    result = xmedia.fix(source)
    assert result.output == str(tmp_path / "clip.webm.fixed.mp4")


def test_fix_without_the_media_extra_says_how_to_install(
    media: MediaLibrary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xmedia._fix

    monkeypatch.setattr(xmedia._fix, "media_tools_missing", lambda: ("av",))
    with pytest.raises(xmedia.MediaToolsMissingError, match=r"pip install 'xmedia\[media\]'"):
        xmedia.fix(media.path("yuv444"), tmp_path / "x.mp4")
