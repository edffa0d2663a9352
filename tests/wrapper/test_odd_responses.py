"""Answers the mock does not give but real networks do: proxy pages, redirects, partial errors,
unknown processing states, non-standard statuses — through the full client (sync and async)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import anyio
import httpx
import pytest
from xmedia import (
    AsyncXMedia,
    OAuth2UserToken,
    PaymentRequiredError,
    ServerError,
    UnexpectedResponseError,
    UploadConfig,
    XMedia,
)
from xmedia.testing import Runtime
from xmedia_mock.testing import fake_mp4

Handler = Callable[[httpx.Request], httpx.Response]


def _scripted(routes: dict[str, list[httpx.Response]]) -> tuple[Handler, list[str]]:
    """Answers per path suffix, in order; the last answer repeats (a fresh copy each time)."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        for suffix, answers in routes.items():
            if request.url.path.endswith(suffix):
                seen.append(suffix)
                answer = answers.pop(0) if len(answers) > 1 else answers[0]
                return httpx.Response(
                    answer.status_code, headers=answer.headers, content=answer.content
                )
        return httpx.Response(404, json={"title": "Not Found"})

    return handler, seen


def client_again(handler: Handler, config: UploadConfig) -> XMedia:
    return _client(handler, config)


def _ok(data: dict[str, object], **extra: object) -> httpx.Response:
    return httpx.Response(200, json={"data": data, **extra})


INIT = _ok({"id": "11", "media_key": "7_11", "expires_after_secs": 86400})
APPEND = httpx.Response(204)
CONFIG = UploadConfig(chunk_size=1000, journal=False, max_attempts=3)
NO_WAITS = Runtime(sleep=lambda s: None)


def _client(handler: Handler, config: UploadConfig = CONFIG) -> XMedia:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return XMedia(
        OAuth2UserToken("t"),
        base_url="https://api.x.com",
        http_client=http,
        config=config,
        runtime=NO_WAITS,
    )


def test_html_page_from_a_proxy_is_an_unexpected_response() -> None:
    handler, _ = _scripted({"/initialize": [httpx.Response(200, text="<html>Welcome</html>")]})
    with _client(handler) as client, pytest.raises(UnexpectedResponseError, match="data"):
        client.upload(io.BytesIO(fake_mp4(100)))


def test_redirect_is_not_followed() -> None:
    redirect = httpx.Response(
        301, headers={"location": "http://api.x.com/2/media/upload/initialize"}
    )
    handler, seen = _scripted({"/initialize": [redirect]})
    with _client(handler) as client, pytest.raises(UnexpectedResponseError, match="redirect"):
        client.upload(io.BytesIO(fake_mp4(100)))
    assert seen == ["/initialize"]


def test_partial_errors_unknown_states_and_missing_check_after() -> None:
    finalize = _ok(
        {"id": "11", "size": 2500, "processing_info": {"state": "pending"}},
        errors=[{"title": "Partial Error", "detail": "additional owner 5 ignored"}],
    )
    statuses = [
        _ok({"id": "11", "processing_info": {"state": "transcoding", "progress_percent": 40}}),
        _ok({"id": "11", "processing_info": {"state": "succeeded", "progress_percent": 100}}),
    ]
    handler, seen = _scripted(
        {
            "/initialize": [INIT],
            "/append": [APPEND],
            "/finalize": [finalize],
            "/media/upload": statuses,
        }
    )
    sleeps: list[float] = []
    now = [1000.0]

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    http = httpx.Client(transport=httpx.MockTransport(handler))
    config = UploadConfig(chunk_size=1000, journal=False, default_check_after=4.0)
    with XMedia(
        OAuth2UserToken("t"),
        base_url="https://api.x.com",
        http_client=http,
        config=config,
        runtime=Runtime(sleep=sleep, clock=lambda: now[0]),
    ) as client:
        media = client.upload(io.BytesIO(fake_mp4(2500)), media_type="video/mp4")
    assert media.processing is not None and media.processing.succeeded
    assert [str(w) for w in media.warnings] == ["Partial Error — additional owner 5 ignored"]
    assert sleeps == [4.0, 4.0]  # no check_after_secs: the configured default
    assert seen.count("/append") == 3 and seen.count("/media/upload") == 2


def test_non_standard_5xx_is_retried_then_raised() -> None:
    handler, seen = _scripted({"/initialize": [httpx.Response(520, text="origin error")]})
    with _client(handler) as client, pytest.raises(ServerError) as info:
        client.upload(io.BytesIO(fake_mp4(100)))
    assert info.value.status == 520 and seen == ["/initialize"] * 3


def test_async_client_handles_the_same_answers() -> None:
    finalize = _ok({"id": "11", "processing_info": {"state": "in_progress", "check_after_secs": 2}})
    statuses = [
        _ok(
            {
                "id": "11",
                "processing_info": {
                    "state": "failed",
                    "error": {"code": 3, "name": "UnsupportedMedia", "message": "bad codec"},
                },
            }
        )
    ]
    handler, _ = _scripted(
        {
            "/initialize": [INIT],
            "/append": [APPEND],
            "/finalize": [finalize],
            "/media/upload": statuses,
        }
    )

    async def no_sleep(seconds: float) -> None:
        return None

    async def scenario() -> None:
        from xmedia import ProcessingError

        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        config = UploadConfig(chunk_size=1000, journal=False)
        async with AsyncXMedia(
            OAuth2UserToken("t"),
            base_url="https://api.x.com",
            http_client=http,
            config=config,
            runtime=Runtime(async_sleep=no_sleep),
        ) as client:
            with pytest.raises(ProcessingError) as info:
                await client.upload(io.BytesIO(fake_mp4(1500)), media_type="video/mp4")
            assert info.value.name == "UnsupportedMedia" and info.value.code == 3
        await http.aclose()

    anyio.run(scenario)


def test_request_bodies_are_what_the_api_expects() -> None:
    bodies: dict[str, list[bytes]] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        key = request.url.path.rsplit("/", 1)[-1]
        bodies.setdefault(key, []).append(request.read())
        if key == "initialize":
            return INIT
        if key == "append":
            return APPEND
        return _ok({"id": "11", "media_key": "7_11"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with XMedia(
        OAuth2UserToken("t"), base_url="https://api.x.com", http_client=http, config=CONFIG
    ) as client:
        client.upload(io.BytesIO(fake_mp4(1500)), media_category="tweet_video")
    init = json.loads(bodies["initialize"][0])
    assert init == {"media_type": "video/mp4", "total_bytes": 1500, "media_category": "tweet_video"}
    assert len(bodies["append"]) == 2
    assert all(b'name="segment_index"' in body for body in bodies["append"])


def test_html_answer_to_an_append_is_not_taken_as_success() -> None:
    page = httpx.Response(200, text="<html>Login to the hotel wifi</html>")
    handler, seen = _scripted({"/initialize": [INIT], "/append": [page]})
    with _client(handler) as client, pytest.raises(UnexpectedResponseError, match="non-JSON"):
        client.upload(io.BytesIO(fake_mp4(500)))
    assert "/finalize" not in seen


def test_credits_depleted_is_payment_required_and_not_retried() -> None:
    problem = {
        "title": "CreditsDepleted",
        "detail": "Your enrolled account does not have any credits left.",
        "type": "https://api.x.com/2/problems/credits",
        "status": 402,
    }
    answer = httpx.Response(402, json=problem, headers={"content-type": "application/problem+json"})
    handler, seen = _scripted({"/initialize": [answer]})
    with _client(handler) as client, pytest.raises(PaymentRequiredError) as info:
        client.upload(io.BytesIO(fake_mp4(100)))
    assert seen == ["/initialize"] and info.value.title == "CreditsDepleted"
    assert "credits" in str(info.value)


def test_unusable_finalize_answer_keeps_the_journal_for_resume(tmp_path: Path) -> None:
    proxy_page = httpx.Response(200, text="<html>proxy</html>")
    good = _ok({"id": "11", "media_key": "7_11", "size": 2500})
    handler, seen = _scripted(
        {"/initialize": [INIT], "/append": [APPEND], "/finalize": [proxy_page, good]}
    )
    path = tmp_path / "clip.mp4"
    path.write_bytes(fake_mp4(2500))
    config = UploadConfig(chunk_size=1000, journal_dir=tmp_path / "j")
    with _client(handler, config) as client:
        with pytest.raises(UnexpectedResponseError):
            client.upload(path)
        assert list((tmp_path / "j").glob("*.json"))  # still resumable
        media = client.upload(path, resume=True)
    assert media.media_key == "7_11"
    assert seen == ["/initialize", "/append", "/append", "/append", "/finalize", "/finalize"]
    # The journal now records the finished upload: a third run returns it without uploading.
    assert client_again(handler, config).upload(path, resume=True).media_id == media.media_id
    assert len(seen) == 6
