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
    ProcessingError,
    ProcessingTimeoutError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
    UnexpectedResponseError,
    UnsupportedAuthenticationError,
    UnsupportedMediaTypeError,
    XMedia,
    auth_from_env,
)
from xmedia._auth import check_base_url
from xmedia._errors import api_error_from_response
from xmedia._journal import Journal, JournalEntry
from xmedia._media import choose_media, sniff_media_type
from xmedia._segments import Fingerprint, SegmentPlan
from xmedia._session import TRANSITIONS, Event, Phase, Reply, ResumePoint, UploadSession
from xmedia_mock.testing import GIF_HEAD, MP4_HEAD, PNG_HEAD


def _reply(body: object, status: int = 200) -> Reply:
    return Reply.from_raw(status, {}, json.dumps(body).encode())


def _session(total: int = 10, chunk: int = 4, **kwargs: object) -> UploadSession:
    return UploadSession(
        plan=SegmentPlan(total, chunk),
        media_type="video/mp4",
        media_category="tweet_video",
        **kwargs,  # type: ignore[arg-type]
    )


# --- the state machine -------------------------------------------------------------------------


def test_transition_table_reaches_done_and_failed_only_through_declared_edges() -> None:
    assert {target for target in TRANSITIONS.values()} == set(Phase) - {Phase.INIT}
    for phase in (Phase.INIT, Phase.APPENDING, Phase.FINALIZING, Phase.POLLING):
        assert TRANSITIONS[(phase, Event.FATAL)] is Phase.FAILED
    assert not any(source in (Phase.DONE, Phase.FAILED) for source, _ in TRANSITIONS)


def test_full_walk_with_processing_unknown_state_and_missing_check_after() -> None:
    session = _session(default_check_after=7.0, poll_deadline=100.0)
    assert session.init_request().total_bytes == 10
    session.on_init(
        _reply({"data": {"id": "42", "media_key": "7_42", "expires_after_secs": 60}}), 0
    )
    claimed = [session.claim_segment() for _ in range(4)]
    assert [c.segment.index for c in claimed if c] == [0, 1, 2] and claimed[3] is None
    for request in reversed([c for c in claimed if c]):
        session.on_append(request, _reply({}))
    assert session.phase is Phase.FINALIZING
    session.on_finalize(_reply({"data": {"id": "42", "processing_info": {"state": "pending"}}}), 10)
    assert session.phase is Phase.POLLING
    assert session.poll_delay(10) == 7.0  # no check_after_secs: the default
    session.on_status(
        _reply(
            {
                "data": {
                    "id": "42",
                    "processing_info": {"state": "transcoding", "check_after_secs": 3},
                }
            }
        ),
        17,
    )
    assert session.phase is Phase.POLLING and session.poll_delay(17) == 3  # unknown: keep polling
    session.on_status(_reply({"data": {"id": "42", "processing_info": {"state": "succeeded"}}}), 20)
    assert session.phase is Phase.DONE and session.poll_delay(20) is None
    assert session.result is not None and session.result.media_key == "7_42"
    assert [step[1] for step in session.history][-1] is Event.SUCCEEDED


def test_deadline_allows_one_last_poll_then_times_out() -> None:
    session = UploadSession.for_wait(
        "9", now=0, poll_deadline=10, default_check_after=4, max_check_after=60
    )
    pending = _reply({"data": {"id": "9", "processing_info": {"state": "in_progress"}}})
    now = 0.0
    polls = 0
    with pytest.raises(ProcessingTimeoutError):
        while True:
            now += session.poll_delay(now) or 0.0
            assert now <= 10
            session.on_status(pending, now)
            polls += 1
    assert polls == 4  # at 0, 4, 8 and the deadline (10)
    assert session.phase is Phase.FAILED


def test_processing_failed_raises_with_code_name_message() -> None:
    session = UploadSession.for_wait(
        "9", now=0, poll_deadline=10, default_check_after=1, max_check_after=60
    )
    failed = {"state": "failed", "error": {"code": 3, "name": "UnsupportedMedia", "message": "no"}}
    with pytest.raises(ProcessingError) as info:
        session.on_status(_reply({"data": {"id": "9", "processing_info": failed}}), 0)
    assert (info.value.code, info.value.name, info.value.message) == (3, "UnsupportedMedia", "no")


def test_warnings_beside_data_are_surfaced() -> None:
    session = _session(total=3, chunk=4, wait=False)
    session.on_init(_reply({"data": {"id": "5"}}), 0)
    request = session.claim_segment()
    assert request is not None
    session.on_append(request, _reply({}))
    body = {"data": {"id": "5"}, "errors": [{"title": "Partial", "detail": "owner skipped"}]}
    session.on_finalize(_reply(body), 0)
    assert session.result is not None
    assert [str(w) for w in session.result.warnings] == ["Partial — owner skipped"]


def test_malformed_success_bodies_are_unexpected_responses() -> None:
    session = _session()
    with pytest.raises(UnexpectedResponseError):
        session.on_init(Reply.from_raw(200, {}, b"<html>proxy</html>"), 0)
    with pytest.raises(UnexpectedResponseError):
        session.on_init(_reply({"data": {}}), 0)


def test_resume_skips_acknowledged_segments() -> None:
    session = _session(total=10, chunk=4, resume=ResumePoint("7", None, None, frozenset({0, 2})))
    assert session.phase is Phase.APPENDING
    request = session.claim_segment()
    assert request is not None and request.segment.index == 1 and session.claim_segment() is None


def test_first_error_wins() -> None:
    session = _session()
    first, second = RuntimeError("first"), RuntimeError("second")
    assert session.fail(first) is first and session.fail(second) is first
    assert session.phase is Phase.FAILED and session.claim_segment() is None


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


# --- journal -----------------------------------------------------------------------------------


@given(acked=st.sets(st.integers(0, 999), max_size=50), expires=st.none() | st.floats(0, 1e10))
def test_journal_round_trips(
    tmp_path_factory: pytest.TempPathFactory, acked: set[int], expires: float | None
) -> None:
    journal = Journal(tmp_path_factory.mktemp("j"), "key")
    entry = JournalEntry(
        "1",
        "7_1",
        "/a.mp4",
        Fingerprint(10, 5, "ab"),
        4,
        10,
        "video/mp4",
        "tweet_video",
        expires,
        acked,
    )
    journal.save(entry)
    loaded = journal.load()
    assert loaded is not None and loaded.to_json() == entry.to_json()
    assert not [p for p in journal.directory.iterdir() if p.name.endswith(".tmp")]


def test_corrupt_or_foreign_journals_mean_start_over(tmp_path: Path) -> None:
    journal = Journal(tmp_path, "key")
    journal.file.write_text("{not json")
    assert journal.load() is None
    journal.file.write_text(json.dumps({"version": 99}))
    assert journal.load() is None
    entry = JournalEntry(
        "1", None, "/a", Fingerprint(10, 5, "ab"), 4, 10, "video/mp4", None, 1000.0
    )
    assert entry.usable_for(Fingerprint(10, 5, "ab"), now=0)
    assert not entry.usable_for(Fingerprint(10, 6, "ab"), now=0)  # file touched
    assert not entry.usable_for(Fingerprint(10, 5, "ab"), now=900)  # about to expire


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
    session = _session(total=12, chunk=4, on_progress=lambda e: seen.append(e.segments_done))
    session.on_init(_reply({"data": {"id": "1"}}), 0)
    requests = [session.claim_segment() for _ in range(3)]
    events = [session.on_append(r, _reply({})) for r in requests if r is not None]
    for event in (events[1], events[0], events[2]):  # journal writes finished out of order
        session.emit(event)
    assert seen == [2, 3]
