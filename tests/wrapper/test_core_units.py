"""Unit tests of the sans-IO core, pre-flight, journal, auth and error mapping (no server)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from xmedia import (
    CategoryMismatchError,
    ConfigError,
    EmptyFileError,
    ForbiddenError,
    InvalidRequestError,
    MediaTooLargeError,
    NotFoundError,
    OAuth1User,
    OAuth2UserToken,
    PaymentRequiredError,
    PostUploadError,
    ProcessingError,
    ProcessingInfo,
    ProcessingTimeoutError,
    ProgressCallbackError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
    UnexpectedResponseError,
    UnsupportedAuthenticationError,
    UnsupportedMediaTypeError,
    UploadedMedia,
    UploadExpiredError,
    XMedia,
    auth_from_env,
    media_id_of,
)
from xmedia._auth import check_base_url
from xmedia._core import (
    TRANSITIONS,
    Done,
    DropJournal,
    Event,
    Fail,
    Finalize,
    Initialize,
    JournalTarget,
    Phase,
    Poll,
    Report,
    ResumeFrom,
    SetAltText,
    StartAppends,
    Step,
    UploadCore,
    VerifySource,
    WriteJournal,
)
from xmedia._errors import api_error_from_response
from xmedia._journal import Journal
from xmedia._media import choose_media, sniff_media_type
from xmedia._plan import SegmentPlan
from xmedia._record import JournalRecord, unusable_reason
from xmedia._requests import Reply
from xmedia_mock.testing import GIF_HEAD, MP4_HEAD, PNG_HEAD


def _reply(body: object, status: int = 200) -> Reply:
    return Reply.from_raw(status, {}, json.dumps(body).encode())


def _core(total: int = 10, chunk: int = 4, **kwargs: object) -> UploadCore:
    return UploadCore(
        plan=SegmentPlan(total, chunk),
        media_type="video/mp4",
        media_category="tweet_video",
        now=0,
        **kwargs,  # type: ignore[arg-type]
    )


def _main(core: UploadCore, now: float = 0) -> Step:
    """The next main-lane step, skipping progress reports (they are asserted elsewhere)."""
    while isinstance(step := core.next_step(now), Report):
        pass
    return step


def _append_all(core: UploadCore) -> list[int]:
    step = _main(core)
    assert isinstance(step, StartAppends)
    sent = []
    while (append := core.next_append()) is not None:
        sent.append(append.request.segment.index)
        core.on_append(append, _reply({}), f"sha{append.request.segment.index}")
    assert isinstance(_main(core), VerifySource)
    return sent


# --- the state machine -------------------------------------------------------------------------


def test_transition_table_reaches_done_and_failed_only_through_declared_edges() -> None:
    assert {target for target in TRANSITIONS.values()} == set(Phase)
    for phase in (Phase.INIT, Phase.APPENDING, Phase.FINALIZING, Phase.POLLING):
        assert TRANSITIONS[(phase, Event.FATAL)] is Phase.FAILED
    assert not any(source in (Phase.DONE, Phase.FAILED) for source, _ in TRANSITIONS)


def test_full_walk_with_processing_unknown_state_and_missing_check_after() -> None:
    core = _core(default_check_after=7.0, poll_deadline=100.0)
    init = _main(core)
    assert isinstance(init, Initialize) and init.request.total_bytes == 10
    core.on_reply(
        init, _reply({"data": {"id": "42", "media_key": "7_42", "expires_after_secs": 60}}), 0
    )
    assert _append_all(core) == [0, 1, 2]
    finalize = _main(core)
    assert isinstance(finalize, Finalize)
    core.on_reply(
        finalize, _reply({"data": {"id": "42", "processing_info": {"state": "pending"}}}), 10
    )
    assert core.phase is Phase.POLLING
    poll = _main(core, 10)
    assert isinstance(poll, Poll) and poll.delay == 7.0  # no check_after_secs: the default
    transcoding = {"state": "transcoding", "check_after_secs": 3}
    core.on_reply(poll, _reply({"data": {"id": "42", "processing_info": transcoding}}), 17)
    poll = _main(core, 17)
    assert isinstance(poll, Poll) and poll.delay == 3  # unknown state: keep polling
    core.on_reply(
        poll, _reply({"data": {"id": "42", "processing_info": {"state": "succeeded"}}}), 20
    )
    done = _main(core, 20)
    assert isinstance(done, Done) and done.media.media_key == "7_42"
    assert [step[1] for step in core.history][-1] is Event.SUCCEEDED


def test_deadline_allows_one_last_poll_then_times_out() -> None:
    core = UploadCore.for_wait(
        "9", now=0, poll_deadline=10, default_check_after=4, max_check_after=60
    )
    pending = _reply({"data": {"id": "9", "processing_info": {"state": "in_progress"}}})
    now = 0.0
    polls = 0
    while isinstance(step := _main(core, now), Poll):
        now += step.delay
        assert now <= 10
        core.on_reply(step, pending, now)
        polls += 1
    assert isinstance(step, Fail) and isinstance(step.error, ProcessingTimeoutError)
    assert polls == 4  # at 0, 4, 8 and the deadline (10)
    assert core.phase is Phase.FAILED


def test_processing_failed_fails_with_code_name_message_and_drops_the_journal() -> None:
    core = UploadCore.for_wait(
        "9", now=0, poll_deadline=10, default_check_after=1, max_check_after=60
    )
    failed = {"state": "failed", "error": {"code": 3, "name": "UnsupportedMedia", "message": "no"}}
    poll = _main(core)
    assert isinstance(poll, Poll)
    core.on_reply(poll, _reply({"data": {"id": "9", "processing_info": failed}}), 0)
    assert isinstance(_main(core), DropJournal)
    step = _main(core)
    assert isinstance(step, Fail) and isinstance(step.error, ProcessingError)
    error = step.error
    assert (error.code, error.name, error.message, error.media_id) == (
        3,
        "UnsupportedMedia",
        "no",
        "9",
    )


def test_warnings_beside_data_are_surfaced() -> None:
    core = _core(total=3, chunk=4, wait=False)
    core.on_reply(Initialize(core.next_step(0).request), _reply({"data": {"id": "5"}}), 0)  # type: ignore[union-attr, arg-type]
    _append_all(core)
    body = {"data": {"id": "5"}, "errors": [{"title": "Partial", "detail": "owner skipped"}]}
    finalize = _main(core)
    assert isinstance(finalize, Finalize)
    core.on_reply(finalize, _reply(body), 0)
    done = _main(core)
    assert isinstance(done, Done)
    assert [str(w) for w in done.media.warnings] == ["Partial — owner skipped"]


def test_malformed_success_bodies_are_unexpected_responses() -> None:
    core = _core()
    init = _main(core)
    assert isinstance(init, Initialize)
    with pytest.raises(UnexpectedResponseError):
        core.on_reply(init, Reply.from_raw(200, {}, b"<html>proxy</html>"), 0)
    with pytest.raises(UnexpectedResponseError):
        core.on_reply(init, _reply({"data": {}}), 0)


def _record(
    state: str = "uploading", acked: dict[int, str] | None = None, **changes: object
) -> JournalRecord:
    base: dict[str, object] = {
        "state": state,
        "media_id": "7",
        "media_key": "7_7",
        "path": "/a.mp4",
        "chunk_size": 4,
        "total_bytes": 10,
        "media_type": "video/mp4",
        "media_category": "tweet_video",
        "expires_at": 1000.0,
        "acked": acked or {},
    }
    base.update(changes)
    return JournalRecord(**base)  # type: ignore[arg-type]


def test_resume_sends_only_unverified_segments() -> None:
    record = _record(acked={0: "a", 1: "b", 2: "c"})
    resume = ResumeFrom(record, SegmentPlan(10, 4), verified={0: "a", 2: "c"})
    core = _core(resume=resume)
    assert core.phase is Phase.APPENDING and core.media_id == "7"
    assert _append_all(core) == [1]  # segment 1 changed in the file: sent again


def test_resume_of_a_finished_upload_returns_the_record_without_a_request() -> None:
    media = UploadedMedia("7", "7_7", 10, None, "video/mp4", "tweet_video")
    record = _record("finished", acked={0: "a", 1: "b", 2: "c"}, media=media)
    core = _core(resume=ResumeFrom(record, SegmentPlan(10, 4), {0: "a", 1: "b", 2: "c"}))
    done = _main(core)
    assert isinstance(done, Done) and done.media.media_id == "7"


def test_resume_after_finalize_polls_the_recorded_media() -> None:
    media = UploadedMedia(
        "7", "7_7", 10, None, "video/mp4", "tweet_video", ProcessingInfo("in_progress")
    )
    record = _record("finalized", acked={0: "a", 1: "b", 2: "c"}, media=media)
    core = _core(resume=ResumeFrom(record, SegmentPlan(10, 4), {0: "a", 1: "b", 2: "c"}))
    poll = _main(core)
    assert isinstance(poll, Poll) and poll.request.media_id == "7" and poll.delay == 0


def test_a_resumed_media_that_expired_restarts_once_with_a_fresh_init() -> None:
    record = _record(acked={0: "a"})
    core = _core(resume=ResumeFrom(record, SegmentPlan(10, 4), {0: "a"}))
    _main(core)  # StartAppends
    append = core.next_append()
    assert append is not None
    core.on_failure(NotFoundError(404, "Not Found", "media id unknown"), 0)
    assert isinstance(_main(core), DropJournal)
    assert isinstance(_main(core), Initialize)
    assert core.media_id is None and not core.acked
    core.on_reply(Initialize(core.next_step(0).request), _reply({"data": {"id": "8"}}), 0)  # type: ignore[union-attr, arg-type]
    assert isinstance(_main(core), StartAppends)
    core.on_failure(NotFoundError(404, "Not Found", "gone"), 0)  # a fresh upload: no restart
    assert isinstance(_main(core), DropJournal)
    step = _main(core)
    assert isinstance(step, Fail) and isinstance(step.error, UploadExpiredError)
    assert step.error.media_id == "8"


def test_first_error_wins_and_carries_the_media_id() -> None:
    core = _core()
    core.on_reply(Initialize(core.next_step(0).request), _reply({"data": {"id": "3"}}), 0)  # type: ignore[union-attr, arg-type]
    first, second = RuntimeError("first"), RuntimeError("second")
    core.on_failure(first, 0)
    core.on_failure(second, 0)
    step = _main(core)
    assert isinstance(step, Fail) and step.error is first
    assert getattr(first, "media_id", None) == "3" and core.next_append() is None


def test_interrupts_carry_the_media_id_and_keep_the_journal() -> None:
    core = _core(journal=JournalTarget("/a.mp4", 1))
    core.on_reply(Initialize(core.next_step(0).request), _reply({"data": {"id": "3"}}), 0)  # type: ignore[union-attr, arg-type]
    assert isinstance(core.next_step(0), WriteJournal)
    interrupt = KeyboardInterrupt()
    core.on_failure(interrupt, 0)
    step = core.next_step(0)
    assert isinstance(step, Fail) and step.error is interrupt  # no DropJournal before it
    assert media_id_of(interrupt) == "3"


def test_alt_text_failure_after_upload_keeps_the_media() -> None:
    core = _core(total=3, alt_text="a cat", wait=False)
    core.on_reply(Initialize(core.next_step(0).request), _reply({"data": {"id": "5"}}), 0)  # type: ignore[union-attr, arg-type]
    _append_all(core)
    finalize = _main(core)
    assert isinstance(finalize, Finalize)
    core.on_reply(finalize, _reply({"data": {"id": "5", "media_key": "3_5"}}), 0)
    describe = _main(core)
    assert isinstance(describe, SetAltText) and describe.request.alt_text == "a cat"
    cause = InvalidRequestError(400, "Invalid Request", "alt text refused")
    core.on_failure(cause, 0)
    step = _main(core)
    assert isinstance(step, Fail) and isinstance(step.error, PostUploadError)
    assert step.error.media.media_key == "3_5" and step.error.media_id == "5"
    assert step.error.error is cause and step.error.__cause__ is cause


def test_worker_count_is_decided_by_the_core() -> None:
    core = _core(total=10, chunk=4, concurrency=8)
    core.on_reply(Initialize(core.next_step(0).request), _reply({"data": {"id": "1"}}), 0)  # type: ignore[union-attr, arg-type]
    step = _main(core)
    assert isinstance(step, StartAppends) and step.workers == 3  # never more than segments


# --- pre-flight --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (MP4_HEAD, None, "video/mp4"),
        (PNG_HEAD, None, "image/png"),
        (GIF_HEAD, None, "image/gif"),
        (b"1\n00:00:00,000 --> 00:00:01,000\nhi\n", "a.srt", "text/srt"),
        (b"WEBVTT\n\n", None, "text/vtt"),
        (b"plain words", None, None),
    ],
)
def test_sniffing(head: bytes, name: str | None, expected: str | None) -> None:
    assert sniff_media_type(head, name) == expected


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_still_signatures_name_what_puremagic_names(fmt: str) -> None:
    """The still-image fast path (no puremagic import) gives puremagic's own answer for real
    files, so skipping puremagic changes how fast a type is found, never which."""
    import io

    import puremagic
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, fmt)
    head = buffer.getvalue()[:4096]
    fast = sniff_media_type(head)
    named = {m.mime_type for m in puremagic.magic_string(head)}
    assert fast is not None and fast in named, (fast, named)


@pytest.mark.parametrize(
    ("head", "given", "refused"),
    [
        (PNG_HEAD, "video/mp4", True),  # another kind
        (PNG_HEAD, "image/jpeg", True),  # a still's signature is certain
        (b"\xff\xd8\xff\xe0" + bytes(60), "image/pjpeg", False),  # an alias of its own type
        (PNG_HEAD, "image/png", False),
        (MP4_HEAD, "video/quicktime", False),  # same kind: the caller's call
        (MP4_HEAD, "image/png", True),
        (b"plain words", "video/mp4", False),  # nothing recognised: nothing to hold against it
    ],
)
def test_a_given_media_type_the_content_contradicts_is_refused(
    head: bytes, given: str, refused: bool
) -> None:
    def choose() -> object:
        return choose_media(path="f", size=1000, head=head, media_type=given, media_category=None)

    if refused:
        with pytest.raises(UnsupportedMediaTypeError, match=f"but the media type given is {given}"):
            choose()
    else:
        choose()


def test_category_choice_and_limits() -> None:
    assert (
        choose_media(
            path="a", size=10, head=GIF_HEAD, media_type=None, media_category=None
        ).media_category
        == "tweet_gif"
    )
    assert (
        choose_media(
            path="a", size=10, head=MP4_HEAD, media_type=None, media_category="amplify_video"
        ).media_category
        == "amplify_video"
    )
    with pytest.raises(EmptyFileError):
        choose_media(path="a", size=0, head=b"", media_type=None, media_category=None)
    with pytest.raises(CategoryMismatchError, match="tweet_image"):
        choose_media(
            path="a", size=10, head=MP4_HEAD, media_type=None, media_category="tweet_image"
        )
    with pytest.raises(MediaTooLargeError, match="tweet_image"):
        choose_media(
            path="a", size=6 * 1024 * 1024, head=PNG_HEAD, media_type=None, media_category=None
        )
    with pytest.raises(UnsupportedMediaTypeError):
        choose_media(path="a", size=10, head=b"plain", media_type=None, media_category=None)
    with pytest.raises(UnsupportedMediaTypeError):
        choose_media(path="a", size=10, head=b"", media_type="application/pdf", media_category=None)
    with pytest.raises(ConfigError):
        choose_media(path="a", size=10, head=MP4_HEAD, media_type=None, media_category="nope")


# --- journal ---------------------------------------------------------------------------------


@given(
    acked=st.dictionaries(
        st.integers(0, 999), st.text("0123456789abcdef", min_size=64, max_size=64), max_size=50
    ),
    expires=st.none() | st.floats(0, 1e10),
    state=st.sampled_from(["uploading", "finalized", "finished"]),
)
def test_journal_round_trips(
    tmp_path_factory: pytest.TempPathFactory,
    acked: dict[int, str],
    expires: float | None,
    state: str,
) -> None:
    journal = Journal(tmp_path_factory.mktemp("j"), "key")
    media = None
    if state != "uploading":
        media = UploadedMedia(
            "1", "7_1", 10, None, "video/mp4", "tweet_video", ProcessingInfo("pending", 5)
        )
    record = _record(state, acked, expires_at=expires, media=media)
    journal.save(record)
    loaded = journal.load()
    assert loaded is not None and loaded.to_json() == record.to_json()
    assert not [p for p in journal.directory.iterdir() if p.name.endswith(".tmp")]


def test_corrupt_or_foreign_journals_mean_start_over(tmp_path: Path) -> None:
    journal = Journal(tmp_path, "key")
    journal.file.write_text("{not json")
    assert journal.load() is None
    journal.file.write_text(json.dumps({"version": 1, "media_id": "1"}))  # the old format
    assert journal.load() is None
    record = _record(expires_at=1000.0)
    kwargs = {"total_bytes": 10, "media_type": "video/mp4", "media_category": "tweet_video"}
    assert unusable_reason(record, now=0, **kwargs) is None  # type: ignore[arg-type]
    assert unusable_reason(record, now=900, **kwargs)  # type: ignore[arg-type]
    assert unusable_reason(record, now=0, **{**kwargs, "total_bytes": 11})  # type: ignore[arg-type]


def test_older_journal_snapshots_never_overwrite_newer_ones(tmp_path: Path) -> None:
    journal = Journal(tmp_path, "key")
    journal.save(_record(acked={0: "a", 1: "b"}), seq=2)
    journal.save(_record(acked={0: "a"}), seq=1)  # a slower worker's older snapshot
    loaded = journal.load()
    assert loaded is not None and set(loaded.acked) == {0, 1}


# --- auth and base URL -------------------------------------------------------------------------


def test_auth_from_env() -> None:
    assert isinstance(auth_from_env({"X_ACCESS_TOKEN": "tok"}), OAuth2UserToken)
    four = {
        "X_API_KEY": "k",
        "X_API_SECRET": "s",
        "X_ACCESS_TOKEN": "t",
        "X_ACCESS_TOKEN_SECRET": "ts",
    }
    assert isinstance(auth_from_env(four), OAuth1User)
    with pytest.raises(ConfigError, match="X_ACCESS_TOKEN"):
        auth_from_env({})
    with pytest.raises(ConfigError, match="X_API_SECRET") as info:
        auth_from_env({"X_API_KEY": "k", "X_ACCESS_TOKEN": "secret-token-value"})
    assert "secret-token-value" not in str(info.value)


def test_base_url_policy() -> None:
    assert check_base_url("https://api.x.com/") == "https://api.x.com"
    assert check_base_url("http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    assert check_base_url("http://localhost:1") == "http://localhost:1"
    for bad in ("http://api.x.com", "ftp://x", "https://user:pw@api.x.com", "api.x.com"):
        with pytest.raises(ConfigError):
            check_base_url(bad)
    with pytest.raises(ConfigError):
        XMedia(OAuth2UserToken("t"), base_url="http://example.com")


def test_secrets_stay_out_of_reprs() -> None:
    creds = OAuth1User("key-1", "secret-2", "token-3", "tsecret-4")
    bearer = OAuth2UserToken("token-5")
    text = repr(creds) + str(creds) + repr(bearer) + repr(bearer.httpx_auth())
    text += repr(creds.httpx_auth()) + repr(XMedia(bearer, base_url="https://api.x.com"))
    for secret in ("key-1", "secret-2", "token-3", "tsecret-4", "token-5"):
        assert secret not in text


def test_oauth1_signs_header_and_keeps_the_body() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": {"id": "1"}})

    auth = OAuth1User("ck", "cs", "at", "ats").httpx_auth()
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as http:
        http.post("https://api.x.com/2/media/metadata", json={"id": "1"})
        http.post("https://api.x.com/2/media/upload/1/append", files={"media": b"abc"})
    assert all(r.headers["authorization"].startswith("OAuth ") for r in seen)
    assert 'oauth_signature_method="HMAC-SHA1"' in seen[0].headers["authorization"]
    assert seen[0].content == b'{"id":"1"}' and b"abc" in seen[1].content


# --- error mapping -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "problem_type", "expected"),
    [
        (400, "https://api.twitter.com/2/problems/invalid-request", InvalidRequestError),
        (400, "https://api.x.com/2/problems/invalid-request", InvalidRequestError),
        (401, "about:blank", UnauthorizedError),
        (
            403,
            "https://api.x.com/2/problems/unsupported-authentication",
            UnsupportedAuthenticationError,
        ),
        (403, "https://api.twitter.com/2/problems/client-forbidden", ForbiddenError),
        (404, "https://api.x.com/2/problems/resource-not-found", NotFoundError),
        (402, "https://api.x.com/2/problems/credits", PaymentRequiredError),
        (429, "https://api.twitter.com/2/problems/usage-capped", PaymentRequiredError),
        (429, "about:blank", RateLimitedError),
        (503, "about:blank", ServerError),
        (500, "https://api.x.com/2/problems/invalid-request", ServerError),
        (302, None, UnexpectedResponseError),
    ],
)
def test_problem_type_then_status_picks_the_class(
    status: int, problem_type: str | None, expected: type[Exception]
) -> None:
    body = {"title": "T", "detail": "D", "status": status}
    if problem_type:
        body["type"] = problem_type
    error = api_error_from_response(
        status, json.dumps(body).encode(), {"x-rate-limit-reset": "99", "set-cookie": "s=1"}
    )
    assert type(error) is expected
    assert error.status == status and error.title == "T" and error.detail == "D"
    assert "set-cookie" not in error.headers


def test_html_error_page_is_described() -> None:
    error = api_error_from_response(502, b"<html><body>Bad gateway</body></html>", {})
    assert isinstance(error, ServerError) and "non-JSON" in str(error.detail)


def test_progress_never_goes_backwards() -> None:
    seen: list[int] = []
    core = _core(total=12, chunk=4, on_progress=lambda e: seen.append(e.segments_done))
    core.on_reply(Initialize(core.next_step(0).request), _reply({"data": {"id": "1"}}), 0)  # type: ignore[union-attr, arg-type]
    appends = [core.next_append() for _ in range(3)]
    reports = [
        next(s for s in core.on_append(a, _reply({}), "d") if isinstance(s, Report))
        for a in appends
        if a is not None
    ]
    for report in (reports[1], reports[0], reports[2]):  # journal writes finished out of order
        core.report(report.event)
    assert seen == [2, 3]


def test_a_raising_progress_callback_becomes_a_typed_error_with_the_media_id() -> None:
    def callback(event: object) -> None:
        raise ValueError("display broke")

    core = _core(total=4, chunk=4, on_progress=callback)
    core.on_reply(Initialize(core.next_step(0).request), _reply({"data": {"id": "1"}}), 0)  # type: ignore[union-attr, arg-type]
    append = core.next_append()
    assert append is not None
    report = next(s for s in core.on_append(append, _reply({}), "d") if isinstance(s, Report))
    with pytest.raises(ProgressCallbackError) as info:
        core.report(report.event)
    assert info.value.media_id == "1" and isinstance(info.value.__cause__, ValueError)
