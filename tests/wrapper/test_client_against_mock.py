"""Behaviour of the sync client against the in-process mock: polling, deadline, processing
failure, resume, source changes, cancellation on the first fatal error, and API error classes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from xmedia import (
    APIError,
    ForbiddenError,
    InvalidRequestError,
    NotFoundError,
    OAuth1User,
    OAuth2UserToken,
    PayloadTooLargeError,
    ProcessingError,
    ProcessingTimeoutError,
    ProgressCallbackError,
    ProgressEvent,
    RateLimitedError,
    ServerError,
    SourceChangedError,
    TransportError,
    UnauthorizedError,
    UnsupportedAuthenticationError,
    UploadConfig,
    UploadExpiredError,
    XMedia,
)
from xmedia.testing import Runtime
from xmedia_mock import RateLimit
from xmedia_mock.testing import PNG_HEAD, fake_mp4

from tests.support.mock_server import MockServer


def _file(tmp_path: Path, size: int, name: str = "clip.mp4") -> tuple[Path, bytes]:
    data = fake_mp4(size)
    path = tmp_path / name
    path.write_bytes(data)
    return path, data


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Crash(Exception):
    """Stands in for the process dying mid-upload."""


# --- happy paths, polling --------------------------------------------------------------------


def test_video_upload_polls_until_succeeded_honouring_check_after(
    mock_server: MockServer, tmp_path: Path
) -> None:
    mock_server.config.check_after_secs = 3
    path, data = _file(tmp_path, 5000)
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        mock_server.clock.advance(seconds)

    events: list[ProgressEvent] = []
    with mock_server.client(sleep=sleep) as client:
        media = client.upload(path, on_progress=events.append)
    assert media.media_category == "tweet_video" and media.media_type == "video/mp4"
    assert media.media_key and media.media_key.startswith("7_")
    assert media.processing is not None and media.processing.succeeded
    assert sleeps and all(s == 3 for s in sleeps)
    upload_events = [e for e in events if e.phase == "upload"]
    done = [e.segments_done for e in upload_events]
    assert done == sorted(set(done)) and done[-1] == 5  # never backwards, ends complete
    assert upload_events[-1].bytes_sent == 5000
    processing = [e for e in events if e.phase == "processing"]
    assert processing[-1].state == "succeeded" and processing[-1].progress_percent == 100
    assert mock_server.state.upload_digest(media.media_id).sha256 == _sha(data)


def test_image_is_ready_at_finalize_without_status(mock_server: MockServer, tmp_path: Path) -> None:
    path = tmp_path / "pic.png"
    path.write_bytes(PNG_HEAD + b"\0" * 3000)
    with mock_server.client() as client:
        media = client.upload(path)
    assert media.media_category == "tweet_image" and media.processing is None and media.ready
    assert mock_server.count("status") == 0


def test_no_wait_returns_pending_then_wait_finishes(
    mock_server: MockServer, tmp_path: Path
) -> None:
    path, _ = _file(tmp_path, 3000)
    with mock_server.client() as client:
        media = client.upload(path, wait=False)
        assert media.processing is not None and not media.processing.is_terminal
        assert mock_server.count("status") == 0
        status = client.status(media.media_id)
        assert status.processing is not None and status.processing.state == "pending"
        done = client.wait(media.media_id)
    assert done.processing is not None and done.processing.succeeded


def test_polling_deadline_gives_processing_timeout(mock_server: MockServer, tmp_path: Path) -> None:
    mock_server.config.processing_secs = 10_000
    path, _ = _file(tmp_path, 2000)
    with (
        mock_server.client(poll_deadline=30) as client,
        pytest.raises(ProcessingTimeoutError) as info,
    ):
        client.upload(path)
    assert info.value.last_state == "in_progress" and info.value.deadline_seconds == 30
    assert str(info.value.media_id) in str(info.value)


def test_processing_failure_carries_x_code_name_message(
    mock_server: MockServer, tmp_path: Path
) -> None:
    mock_server.config.verify_media_bytes = True
    path = tmp_path / "fake.mp4"
    path.write_bytes(b"not really a video" * 100)
    with mock_server.client() as client, pytest.raises(ProcessingError) as info:
        client.upload(path, media_type="video/mp4")
    assert info.value.code == 1 and info.value.name == "InvalidMedia"
    assert info.value.message and "Unsupported" in info.value.message


def test_alt_text_lookup_and_subtitles(mock_server: MockServer, tmp_path: Path) -> None:
    path, _ = _file(tmp_path, 2000)
    srt = tmp_path / "en.srt"
    srt.write_bytes(b"1\n00:00:00,000 --> 00:00:01,000\nHello\n")
    with mock_server.client() as client:
        video = client.upload(path, alt_text="A test clip")
        subtitles = client.upload(srt)
        assert subtitles.media_category == "subtitles"
        client.create_subtitles(
            video.media_id,
            subtitles_media_id=subtitles.media_id,
            language_code="EN",
            display_name="English",
        )
        client.delete_subtitles(video.media_id, language_code="EN")
        assert video.media_key is not None
        [info] = client.lookup([video.media_key])
    assert info.media_key == video.media_key and info.alt_text == "A test clip"


def test_oauth1_user_uploads(mock_server: MockServer, tmp_path: Path) -> None:
    path, data = _file(tmp_path, 3000)
    auth = OAuth1User(
        "mock-consumer-key",
        "mock-consumer-secret",
        "1-mock-access-token",
        "mock-access-token-secret",
    )
    with XMedia(
        auth,
        base_url=mock_server.base_url,
        config=mock_server.upload_config(),
        runtime=mock_server.runtime(),
    ) as client:
        media = client.upload(path, alt_text="signed, with a comma")
        other = client.upload(path)
        assert media.media_key and other.media_key
        # A query with a comma-joined list: the signature base string must match the server's.
        found = client.lookup([media.media_key, other.media_key])
    assert mock_server.state.upload_digest(media.media_id).sha256 == _sha(data)
    assert {m.media_key for m in found} == {media.media_key, other.media_key}


# --- retries -----------------------------------------------------------------------------------


def test_transient_faults_are_retried_and_segments_resent(
    mock_server: MockServer, tmp_path: Path
) -> None:
    mock_server.faults(
        "initialize#1:error=503;append#2:abort;append#3:rate_limit;finalize#1:error=500"
    )
    path, data = _file(tmp_path, 4096)
    with mock_server.client(concurrency=1) as client:
        media = client.upload(path)
    digest = mock_server.state.upload_digest(media.media_id)
    assert digest.sha256 == _sha(data)
    assert mock_server.count("initialize") == 2 and mock_server.count("finalize", 200) == 1


def test_persistent_5xx_gives_server_error_after_max_attempts(
    mock_server: MockServer, tmp_path: Path
) -> None:
    mock_server.faults("finalize:error=503")
    path, _ = _file(tmp_path, 1000)
    with mock_server.client(max_attempts=3) as client, pytest.raises(ServerError) as info:
        client.upload(path)
    assert info.value.status == 503 and mock_server.count("finalize") == 3


def test_rate_limit_too_far_away_is_raised_with_reset_time(
    mock_server: MockServer, tmp_path: Path
) -> None:
    mock_server.config.rate_limits = {"upload": RateLimit(2)}
    path, _ = _file(tmp_path, 3000)
    with (
        mock_server.client(max_rate_limit_wait=60) as client,
        pytest.raises(RateLimitedError) as info,
    ):
        client.upload(path)
    assert info.value.status == 429 and info.value.reset_at is not None
    assert info.value.reset_at > mock_server.clock.now() + 60


def test_rate_limit_within_wait_is_waited_out(mock_server: MockServer, tmp_path: Path) -> None:
    mock_server.config.rate_limits = {"upload": RateLimit(3, window_secs=60)}
    path, data = _file(tmp_path, 5000)
    with mock_server.client(concurrency=1) as client:
        media = client.upload(path)
    assert mock_server.state.upload_digest(media.media_id).sha256 == _sha(data)


def test_unreachable_server_gives_transport_error(tmp_path: Path) -> None:
    path, _ = _file(tmp_path, 100)
    config = UploadConfig(max_attempts=2, journal=False, request_timeout=2)
    client = XMedia(
        OAuth2UserToken("t"),
        base_url="http://127.0.0.1:9",
        config=config,
        runtime=Runtime(sleep=lambda s: None),
    )
    with client, pytest.raises(TransportError) as info:
        client.upload(path)
    assert info.value.attempts == 2


# --- fatal errors ------------------------------------------------------------------------------


def test_first_fatal_error_cancels_the_rest_and_is_raised(
    mock_server: MockServer, tmp_path: Path
) -> None:
    mock_server.faults("append#2:error=503;*:latency=2")
    path, _ = _file(tmp_path, 40 * 1024)
    client = mock_server.client(concurrency=4, chunk_size=1024, max_attempts=1)
    with client, pytest.raises(ServerError) as info:
        client.upload(path)
    assert info.value.status == 503
    assert mock_server.count("append") < 40  # the other workers stopped
    assert mock_server.count("finalize") == 0


@pytest.mark.parametrize(
    ("token", "error"),
    [
        ("wrong-token", UnauthorizedError),
        ("mock-app-token", UnsupportedAuthenticationError),
        ("mock-readonly-token", ForbiddenError),
    ],
)
def test_auth_errors_are_typed_and_never_retried(
    mock_server: MockServer, tmp_path: Path, token: str, error: type[APIError]
) -> None:
    path, _ = _file(tmp_path, 100)
    with mock_server.client(token=token) as client, pytest.raises(error) as info:
        client.upload(path)
    assert mock_server.count("initialize") == 1
    assert token not in str(info.value) and token not in repr(info.value.headers)


def test_not_found_and_invalid_request(mock_server: MockServer, tmp_path: Path) -> None:
    with mock_server.client() as client:
        with pytest.raises(NotFoundError):
            client.status("1234567890123")
        with pytest.raises(InvalidRequestError) as info:
            client.lookup(["not-a-key"])
    assert info.value.status == 400


def test_chunk_over_the_server_limit_gives_payload_too_large(
    mock_server: MockServer, tmp_path: Path
) -> None:
    mock_server.config.chunk_limit = 1000
    path, _ = _file(tmp_path, 3000)
    with mock_server.client(chunk_size=2048) as client, pytest.raises(PayloadTooLargeError):
        client.upload(path)


def test_expired_upload_is_typed(mock_server: MockServer, tmp_path: Path) -> None:
    mock_server.config.expires_after_secs = 100
    path, _ = _file(tmp_path, 4096)

    def expire(event: ProgressEvent) -> None:
        if event.segments_done == 1:
            mock_server.clock.advance(1000)

    with mock_server.client(concurrency=1) as client, pytest.raises(UploadExpiredError) as info:
        client.upload(path, on_progress=expire)
    assert str(info.value.media_id) in str(info.value)


def test_file_changing_during_upload_is_refused_before_finalize(
    mock_server: MockServer, tmp_path: Path
) -> None:
    path, _ = _file(tmp_path, 4096)

    def tamper(event: ProgressEvent) -> None:
        if event.segments_done == 1:
            with path.open("r+b") as handle:
                handle.write(b"XXXX")

    with mock_server.client(concurrency=1) as client, pytest.raises(SourceChangedError):
        client.upload(path, on_progress=tamper)
    assert mock_server.count("finalize") == 0


# --- resume ------------------------------------------------------------------------------------


def _crash_after(segments: int):
    def on_progress(event: ProgressEvent) -> None:
        if event.phase == "upload" and event.segments_done == segments:
            raise _Crash

    return on_progress


def test_resume_sends_only_missing_segments(mock_server: MockServer, tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    path, data = _file(tmp_path, 8 * 1024)
    with mock_server.client(journal, concurrency=1) as client:
        with pytest.raises(ProgressCallbackError):
            client.upload(path, on_progress=_crash_after(3))
        assert mock_server.count("initialize") == 1 and mock_server.count("append") == 3
        media = client.upload(path, resume=True)
    digest = mock_server.state.upload_digest(media.media_id)
    assert digest.sha256 == _sha(data)
    assert mock_server.count("initialize") == 1  # same media id, no new INIT
    assert sorted(digest.append_counts.values()) == [1] * 8  # every segment sent exactly once
    (record,) = [json.loads(f.read_text()) for f in journal.glob("*.json")]
    assert record["state"] == "finished" and record["media_id"] == media.media_id


def test_resume_starts_over_when_the_file_changed(mock_server: MockServer, tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    path, _ = _file(tmp_path, 4096)
    with mock_server.client(journal, concurrency=1) as client:
        with pytest.raises(ProgressCallbackError):
            client.upload(path, on_progress=_crash_after(2))
        data = b"\x01" + fake_mp4(5000)[1:]
        path.write_bytes(data)
        media = client.upload(path, resume=True, media_type="video/mp4")
    assert mock_server.count("initialize") == 2
    assert mock_server.state.upload_digest(media.media_id).sha256 == _sha(data)


def test_resume_starts_over_when_the_media_expired(mock_server: MockServer, tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    path, data = _file(tmp_path, 4096)
    with mock_server.client(journal, concurrency=1) as client:
        with pytest.raises(ProgressCallbackError):
            client.upload(path, on_progress=_crash_after(2))
        mock_server.clock.advance(2 * 86400)
        media = client.upload(path, resume=True)
    assert mock_server.count("initialize") == 2
    assert mock_server.state.upload_digest(media.media_id).sha256 == _sha(data)


def test_resume_starts_over_when_the_server_forgot_the_media(
    mock_server: MockServer, tmp_path: Path
) -> None:
    journal = tmp_path / "journal"
    path, data = _file(tmp_path, 4096)
    with mock_server.client(journal, concurrency=1) as client:
        with pytest.raises(ProgressCallbackError):
            client.upload(path, on_progress=_crash_after(2))
        mock_server.state.reset()  # the server lost the upload (e.g. expired early)
        media = client.upload(path, resume=True)
    assert mock_server.state.upload_digest(media.media_id).sha256 == _sha(data)


# --- bounded memory ----------------------------------------------------------------------------


@pytest.mark.parametrize("concurrency", [1, 3])
def test_at_most_concurrency_chunks_are_held(
    mock_server: MockServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, concurrency: int
) -> None:
    import threading

    from xmedia import _core, _plan, _sources
    from xmedia._requests import Reply

    held = 0
    peak = 0
    lock = threading.Lock()
    original = _sources.PathSource.read

    def counting_read(self: _sources.PathSource, segment: _plan.Segment) -> bytes:
        nonlocal held, peak
        with lock:
            held += 1
            peak = max(peak, held)
        return original(self, segment)

    original_ack = _core.UploadCore.on_append

    def counting_ack(
        self: _core.UploadCore, step: _core.Append, reply: Reply, digest: str
    ) -> list[_core.LocalStep]:
        nonlocal held
        with lock:
            held -= 1  # the chunk was dropped once its APPEND was answered
        return original_ack(self, step, reply, digest)

    monkeypatch.setattr(_sources.PathSource, "read", counting_read)
    monkeypatch.setattr(_core.UploadCore, "on_append", counting_ack)
    mock_server.faults("*:latency=5")
    path, _ = _file(tmp_path, 30 * 1024)
    with mock_server.client(concurrency=concurrency) as client:
        client.upload(path)
    assert 1 <= peak <= concurrency


def test_python_memory_stays_near_concurrency_times_chunk(
    mock_server: MockServer, tmp_path: Path
) -> None:
    """With the cyclic GC off (worst case), Python allocations stay near concurrency x chunk,
    far below the file size: no chunk outlives its request."""
    import gc
    import tracemalloc

    mib = 1024 * 1024
    mock_server.config.chunk_limit = 2 * mib
    path, _ = _file(tmp_path, 24 * mib)
    with mock_server.client(chunk_size=mib, concurrency=2) as client:
        client.upload(_file(tmp_path, 1000, "warmup.mp4")[0])  # imports, connections
        gc.collect()
        gc.disable()
        tracemalloc.start()
        try:
            client.upload(path)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            gc.enable()
    # 2 x 1 MiB held by the client, plus the in-process mock's transient request buffers.
    assert peak < 8 * mib


def test_resume_after_every_segment_was_acknowledged_only_finalizes(
    mock_server: MockServer, tmp_path: Path
) -> None:
    journal = tmp_path / "journal"
    path, data = _file(tmp_path, 3 * 1024)
    with mock_server.client(journal, concurrency=2) as client:
        with pytest.raises(ProgressCallbackError):
            client.upload(path, on_progress=_crash_after(3))
        media = client.upload(path, resume=True)
    assert mock_server.count("append") == 3 and mock_server.count("initialize") == 1
    assert mock_server.state.upload_digest(media.media_id).sha256 == _sha(data)


def test_fatal_error_on_the_only_worker_stops_before_finalize(
    mock_server: MockServer, tmp_path: Path
) -> None:
    mock_server.faults("append#1:error=503")
    path, _ = _file(tmp_path, 2048)
    with mock_server.client(max_attempts=1, concurrency=1) as client, pytest.raises(ServerError):
        client.upload(path)
    assert mock_server.count("finalize") == 0


def test_credentials_and_base_url_from_the_environment(
    mock_server: MockServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("X_ACCESS_TOKEN", "mock-user-token-2")
    monkeypatch.setenv("X_API_BASE_URL", mock_server.base_url)
    path, _ = _file(tmp_path, 1500)
    with XMedia(config=mock_server.upload_config(), runtime=mock_server.runtime()) as client:
        assert client.base_url == mock_server.base_url
        media = client.upload(path)
    assert mock_server.state.get_upload(media.media_id).owner == "2"


def test_a_request_over_its_timeout_is_retried(
    mock_server: MockServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mock_server.faults("append#1:latency=2500")  # real time: this one APPEND stalls
    path, data = _file(tmp_path, 2048)
    with (
        caplog.at_level("INFO", logger="xmedia"),
        mock_server.client(request_timeout=1.0, concurrency=1) as client,
    ):
        media = client.upload(path)
    assert mock_server.state.upload_digest(media.media_id).sha256 == _sha(data)
    # Reported as what ended it: the whole-request deadline (not the socket read it cut short).
    assert "retrying append of segment 0" in caplog.text and "1 s request deadline" in caplog.text


def test_an_unwritable_journal_costs_resume_not_the_upload(
    mock_server: MockServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the journal directory should be")
    path, data = _file(tmp_path, 2048)
    with (
        caplog.at_level("WARNING", logger="xmedia"),
        mock_server.client(blocker / "journal") as client,
    ):
        media = client.upload(path, resume=True)
    assert mock_server.state.upload_digest(media.media_id).sha256 == _sha(data)
    assert "resume journal disabled" in caplog.text


def test_resume_with_a_smaller_explicit_chunk_size_keeps_the_media_id(
    mock_server: MockServer, tmp_path: Path
) -> None:
    journal = tmp_path / "journal"
    path, data = _file(tmp_path, 4096)
    with mock_server.client(journal, concurrency=1, chunk_size=2048) as client:
        with pytest.raises(ProgressCallbackError):
            client.upload(path, on_progress=_crash_after(1))
        first_id = next(iter(mock_server.state.uploads))
    with mock_server.client(journal, concurrency=1, chunk_size=1024) as client:  # e.g. after a 413
        media = client.upload(path, resume=True)
    assert media.media_id == first_id and mock_server.count("initialize") == 1
    digest = mock_server.state.upload_digest(media.media_id)
    assert digest.sha256 == _sha(data) and digest.segment_count == 4


def test_resume_with_a_larger_explicit_chunk_size_starts_over(
    mock_server: MockServer, tmp_path: Path
) -> None:
    journal = tmp_path / "journal"
    path, data = _file(tmp_path, 4096)
    with (
        mock_server.client(journal, concurrency=1, chunk_size=512) as client,
        pytest.raises(ProgressCallbackError),
    ):
        client.upload(path, on_progress=_crash_after(5))
    with mock_server.client(journal, concurrency=1, chunk_size=2048) as client:
        media = client.upload(path, resume=True)
    assert mock_server.count("initialize") == 2
    assert mock_server.state.upload_digest(media.media_id).sha256 == _sha(data)
