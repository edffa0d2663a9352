"""Pre-flight in upload: X's media constraints checked before INIT, against the bundled mock.

Advisory by default (the result's warnings say what fails; the category the file fits is used;
a processing failure names the likely cause), ``inspect="strict"`` refuses before any request,
``inspect="off"`` skips. The mock processes like X (its inspection fails what X would fail).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import xmedia
from xmedia import OAuth2UserToken, UploadConfig, XMedia
from xmedia.testing import Runtime
from xmedia_mock.clock import ManualClock
from xmedia_mock.config import MockConfig
from xmedia_mock.server import RunningServer, serve

from .media_support import MediaLibrary


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[RunningServer, ManualClock]]:
    clock = ManualClock(start=1_800_000_000.0)
    config = MockConfig(clock=clock, processing_pending_secs=1.0, processing_secs=2.0)
    with serve(config) as running:
        yield running, clock


def _client(server: tuple[RunningServer, ManualClock], **config: object) -> XMedia:
    running, clock = server
    return XMedia(
        OAuth2UserToken("mock-user-token"),
        base_url=running.base_url,
        config=UploadConfig(journal=False, **config),  # type: ignore[arg-type]
        runtime=Runtime(clock=clock.now, sleep=clock.sleep),
    )


def _initialized(server: tuple[RunningServer, ManualClock]) -> int:
    return int(server[0].state.request_count("initialize", None))


def test_a_valid_clip_uploads_with_no_inspection_warning(server, media: MediaLibrary) -> None:
    with _client(server) as client:
        uploaded = client.upload(media.path("valid"))
    assert uploaded.ready and uploaded.media_category == "tweet_video"
    assert not uploaded.warnings


def test_a_long_video_goes_as_amplify_video_with_the_reason(server, media: MediaLibrary) -> None:
    with _client(server) as client:
        uploaded = client.upload(media.path("long"))
        explicit = client.upload(media.path("long"), media_category="tweet_video")
    assert uploaded.media_category == "amplify_video" and uploaded.ready
    (warning,) = uploaded.warnings
    assert "duration" in str(warning) and "dm_video" in str(warning)
    assert explicit.media_category == "tweet_video"  # the caller's choice stands


def test_advisory_uploads_and_the_failure_names_the_likely_cause(
    server, media: MediaLibrary
) -> None:
    with _client(server) as client, pytest.raises(xmedia.ProcessingError) as failed:
        client.upload(media.path("open_gop"))
    message = str(failed.value)
    assert "InvalidMedia" in message
    assert "most likely cause: GOP open" in message and "xmedia fix" in message


def test_strict_refuses_before_any_request(server, media: MediaLibrary) -> None:
    before = _initialized(server)
    with (
        _client(server, inspect="strict") as client,
        pytest.raises(xmedia.MediaCheckError) as refused,
    ):
        client.upload(media.path("10bit"))
    assert "pixel format yuv420p10le" in str(refused.value)
    assert _initialized(server) == before


def test_off_skips_the_inspection(server, media: MediaLibrary) -> None:
    with _client(server, inspect="off") as client:
        uploaded = client.upload(media.path("long"))
    assert uploaded.media_category == "tweet_video" and not uploaded.warnings


def test_a_file_checked_then_uploaded_is_probed_once_and_again_when_it_changes(
    server, media: MediaLibrary, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI checks every file before the first upload, then uploads each: one probe per file
    content, not two; a file changed in between is probed again."""
    import os
    import shutil

    from xmedia_limits import media_probe

    calls: list[str] = []
    real_probe = media_probe.probe

    def counting(path, *args, **kwargs):
        calls.append(os.fspath(path))
        return real_probe(path, *args, **kwargs)

    monkeypatch.setattr(media_probe, "probe", counting)
    clip = tmp_path / "clip.mp4"
    shutil.copyfile(media.path("valid"), clip)
    with _client(server) as client:
        client.check(clip)
        client.upload(clip)
        assert len(calls) == 1
        stat = clip.stat()
        os.utime(clip, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        client.upload(clip)
    assert len(calls) == 2
