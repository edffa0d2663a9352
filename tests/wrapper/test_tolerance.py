"""What X sent across versions is understood: unknown fields, problem types on both hosts,
``application/json`` problems, empty or non-JSON error bodies (sync and async alike)."""

from __future__ import annotations

import io
from collections.abc import Callable

import anyio
import httpx
import pytest
from xmedia import (
    AsyncXMedia,
    InvalidRequestError,
    NotFoundError,
    OAuth2UserToken,
    PayloadTooLargeError,
    ServerError,
    UnsupportedAuthenticationError,
    UploadConfig,
    UploadedMedia,
    XMedia,
    XMediaError,
)
from xmedia.testing import Runtime
from xmedia_mock.testing import fake_mp4

Handler = Callable[[httpx.Request], httpx.Response]
CONFIG = UploadConfig(chunk_size=1000, journal=False, max_attempts=2)
NO_WAITS = Runtime(sleep=lambda s: None)


async def _no_sleep(seconds: float) -> None:
    return None


def _run(handler: Handler, driver: str) -> UploadedMedia:
    """Upload 2500 bytes as video/mp4 through ``handler`` with the chosen driver."""
    data = fake_mp4(2500)
    if driver == "sync":
        http = httpx.Client(transport=httpx.MockTransport(handler))
        with XMedia(
            OAuth2UserToken("t"), base_url="https://api.x.com", http_client=http, config=CONFIG,
            runtime=NO_WAITS,
        ) as client:  # fmt: skip
            return client.upload(io.BytesIO(data), media_type="video/mp4")

    async def scenario() -> UploadedMedia:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with AsyncXMedia(
            OAuth2UserToken("t"), base_url="https://api.x.com", http_client=http, config=CONFIG,
            runtime=Runtime(async_sleep=_no_sleep),
        ) as client:  # fmt: skip
            return await client.upload(io.BytesIO(data), media_type="video/mp4")

    return anyio.run(scenario)


def _server(**overrides: httpx.Response) -> Handler:
    """A well-behaved server except for the answers given per operation (init/append/...)."""
    answers = {
        "initialize": httpx.Response(200, json={"data": {"id": "9", "expires_after_secs": 600}}),
        "append": httpx.Response(204),
        "finalize": httpx.Response(200, json={"data": {"id": "9", "media_key": "7_9"}}),
        **overrides,
    }

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        for name in ("initialize", "append", "finalize"):
            if path.endswith(f"/{name}"):
                return answers[name]
        return answers.get("status", httpx.Response(404))

    return handler


DRIVERS = pytest.mark.parametrize("driver", ["sync", "async"])


@DRIVERS
def test_unknown_fields_in_every_answer_are_ignored(driver: str) -> None:
    future = {"novel_field": {"nested": [1, 2]}, "another": "x"}
    handler = _server(
        initialize=httpx.Response(
            200,
            json={"data": {"id": "9", "expires_after_secs": 600, **future}, "meta": future},
        ),
        append=httpx.Response(200, json={"data": {"expires_at": 1, **future}}),
        finalize=httpx.Response(
            200,
            json={
                "data": {"id": "9", "media_key": "7_9", "size": 2500, "image": future, **future},
                "includes": future,
            },
        ),
    )
    media = _run(handler, driver)
    assert (media.media_id, media.media_key, media.size) == ("9", "7_9", 2500)


@DRIVERS
@pytest.mark.parametrize("host", ["https://api.twitter.com", "https://api.x.com"])
@pytest.mark.parametrize("content_type", ["application/problem+json", "application/json"])
def test_problems_on_both_hosts_and_either_content_type_are_typed(
    driver: str, host: str, content_type: str
) -> None:
    problem = (
        b'{"type": "' + host.encode() + b'/2/problems/invalid-request", "title": "Invalid '
        b'Request", "detail": "One or more parameters to your request was invalid.", '
        b'"errors": [{"message": "total_bytes must be positive"}]}'
    )
    handler = _server(
        initialize=httpx.Response(400, content=problem, headers={"content-type": content_type})
    )
    with pytest.raises(InvalidRequestError) as info:
        _run(handler, driver)
    error = info.value
    assert error.problem_type == f"{host}/2/problems/invalid-request"
    assert "total_bytes must be positive" in str(error)


@DRIVERS
def test_an_empty_413_on_append_is_payload_too_large(driver: str) -> None:
    handler = _server(append=httpx.Response(413, content=b""))
    with pytest.raises(PayloadTooLargeError) as info:
        _run(handler, driver)
    assert info.value.status == 413 and "smaller chunk size" in str(info.value)
    assert info.value.media_id == "9"


@DRIVERS
def test_a_non_json_error_body_is_described_and_retried(driver: str) -> None:
    seen: list[str] = []
    inner = _server(finalize=httpx.Response(502, text="<html>Bad Gateway</html>"))

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path.rsplit("/", 1)[-1])
        return inner(request)

    with pytest.raises(ServerError) as info:
        _run(handler, driver)
    assert "non-JSON body" in str(info.value) and "Bad Gateway" in str(info.value)
    assert seen.count("finalize") == 2  # retried up to max_attempts


@DRIVERS
def test_problems_inside_an_errors_array_are_typed_by_their_type(driver: str) -> None:
    body = {
        "errors": [
            {
                "type": "https://api.twitter.com/2/problems/unsupported-authentication",
                "title": "Unsupported Authentication",
                "detail": "Authenticating with OAuth 2.0 Application-Only is forbidden",
            }
        ]
    }
    handler = _server(initialize=httpx.Response(403, json=body))
    with pytest.raises(UnsupportedAuthenticationError) as info:
        _run(handler, driver)
    assert "Application-Only" in str(info.value)


@DRIVERS
def test_an_empty_error_body_still_names_the_status(driver: str) -> None:
    handler = _server(finalize=httpx.Response(404, content=b""))
    with pytest.raises(XMediaError) as info:
        _run(handler, driver)
    # A finalize 404 means the upload id is gone: typed as expired, with the media id.
    assert info.value.media_id == "9"
    assert isinstance(info.value.__cause__, NotFoundError)
    assert "HTTP 404" in str(info.value.__cause__)
