"""OAuth2User's httpx flow against a scripted transport: who refreshes, when, and how often."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xmedia import ConfigError, OAuth2User, UnauthorizedError
from xmedia._auth import Credentials, is_oauth2_user
from xmedia._oauth2 import OAuth2Token, TokenRefreshError, basic_client_auth

from .support import form_of

API = "https://api.example.test/2/media/upload/initialize"
TOKEN_URL = "https://api.example.test/2/oauth2/token"


@dataclass
class Server:
    """A token endpoint plus an API that accepts only the newest access token."""

    current: str = "access-0"
    refresh: str = "refresh-0"
    token_requests: list[httpx.Request] = field(default_factory=list)
    #: (Authorization header, body) of each API request as it was sent (httpx re-sends the
    #: same Request object, so the object itself shows only its last state).
    api_requests: list[tuple[str | None, bytes]] = field(default_factory=list)
    token_answer: Callable[[httpx.Request], httpx.Response] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    before_401: Callable[[], object] | None = None

    def issue(self) -> httpx.Response:
        with self.lock:
            number = len(self.token_requests)
            self.current = f"access-{number}"
            self.refresh = f"refresh-{number}"
        body = {
            "token_type": "bearer",
            "expires_in": 7200,
            "access_token": self.current,
            "refresh_token": self.refresh,
            "scope": "media.write offline.access",
        }
        return httpx.Response(200, json=body)

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/2/oauth2/token"):
            with self.lock:
                self.token_requests.append(request)
            if self.token_answer is not None:
                return self.token_answer(request)
            form = form_of(request)
            if form.get("refresh_token") != self.refresh:
                return httpx.Response(
                    400,
                    json={"error": "invalid_request", "error_description": "Value passed..."},
                )
            return self.issue()
        with self.lock:
            self.api_requests.append((request.headers.get("authorization"), request.read()))
        if request.headers.get("authorization") == f"Bearer {self.current}":
            return httpx.Response(200, json={"data": {"id": "1"}})
        if self.before_401 is not None:
            self.before_401()
        return httpx.Response(401, json={"title": "Unauthorized", "status": 401})


def stale_server() -> Server:
    """The server already moved on from access-0 (it expired): every first try gets 401."""
    server = Server()
    server.current = "access-expired"
    return server


def credential(**options: object) -> OAuth2User:
    values: dict[str, object] = {
        "refresh_token": "refresh-0",
        "client_id": "client-1",
        "expires_at": None,
    }
    values.update(options)
    return OAuth2User("access-0", **values)  # type: ignore[arg-type]


def test_a_401_refreshes_once_and_retries_with_the_new_token() -> None:
    server = stale_server()
    saved: list[OAuth2Token] = []
    user = credential(on_refresh=saved.append)
    with httpx.Client(transport=httpx.MockTransport(server.handle)) as client:
        response = client.post(API, json={"a": 1}, auth=user.httpx_auth())
    assert response.status_code == 200
    assert len(server.token_requests) == 1
    assert [auth for auth, _ in server.api_requests] == ["Bearer access-0", "Bearer access-1"]
    assert server.api_requests[0][1] == server.api_requests[1][1] == b'{"a":1}'
    assert [t.access_token for t in saved] == ["access-1"]
    assert saved[0].refresh_token == "refresh-1"
    assert user.token.refresh_token == "refresh-1"
    assert user.refresh_count == 1


def test_a_multipart_body_is_sent_again_byte_for_byte_after_the_401() -> None:
    server = stale_server()
    user = credential()
    chunk = bytes(range(256)) * 64
    with httpx.Client(transport=httpx.MockTransport(server.handle)) as client:
        response = client.post(
            API,
            files={"media": ("media", chunk, "application/octet-stream")},
            data={"segment_index": "3"},
            auth=user.httpx_auth(),
        )
    assert response.status_code == 200
    (_, first), (_, second) = server.api_requests
    assert len(first) > len(chunk)
    assert first == second


def test_public_clients_name_themselves_in_the_body_confidential_ones_in_basic_auth() -> None:
    server = stale_server()
    with httpx.Client(transport=httpx.MockTransport(server.handle)) as client:
        client.post(API, auth=credential().httpx_auth())
        server.current = "access-expired"
        server.refresh = "refresh-0"
        client.post(API, auth=credential(client_secret="s3cret-value").httpx_auth())
    public, confidential = server.token_requests
    assert form_of(public) == {
        "grant_type": "refresh_token",
        "refresh_token": "refresh-0",
        "client_id": "client-1",
    }
    assert "authorization" not in public.headers
    assert public.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form_of(confidential) == {"grant_type": "refresh_token", "refresh_token": "refresh-0"}
    assert confidential.headers["authorization"] == basic_client_auth("client-1", "s3cret-value")
    assert basic_client_auth("Aladdin", "open sesame") == "Basic QWxhZGRpbjpvcGVuJTIwc2VzYW1l"


def test_no_refresh_without_a_refresh_token_the_401_is_the_answer() -> None:
    server = stale_server()
    user = OAuth2User("access-0", expires_at=0.0)
    with httpx.Client(transport=httpx.MockTransport(server.handle)) as client:
        response = client.post(API, auth=user.httpx_auth())
    assert response.status_code == 401
    assert server.token_requests == []


def test_a_second_401_after_the_refresh_is_returned_not_looped() -> None:
    server = stale_server()

    def issue_but_api_still_refuses(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"token_type": "bearer", "access_token": "useless", "expires_in": 60}
        )

    server.token_answer = issue_but_api_still_refuses
    user = credential()
    with httpx.Client(transport=httpx.MockTransport(server.handle)) as client:
        response = client.post(API, auth=user.httpx_auth())
    assert response.status_code == 401
    assert len(server.token_requests) == 1
    assert len(server.api_requests) == 2
    # The answer had no refresh_token: the previous one is kept (RFC 6749 §6).
    assert user.token.refresh_token == "refresh-0"


def test_refresh_before_expiry_sends_no_request_with_the_old_token() -> None:
    server = Server()
    now = 1_000_000.0
    user = credential(expires_at=now + 30.0, clock=lambda: now)  # inside the 60 s margin
    with httpx.Client(transport=httpx.MockTransport(server.handle)) as client:
        response = client.post(API, auth=user.httpx_auth())
    assert response.status_code == 200
    assert len(server.token_requests) == 1
    assert [auth for auth, _ in server.api_requests] == ["Bearer access-1"]
    assert user.token.expires_at == now + 7200


def test_a_token_far_from_expiry_is_not_refreshed() -> None:
    server = Server()
    now = 1_000_000.0
    user = credential(expires_at=now + 3600.0, clock=lambda: now)
    with httpx.Client(transport=httpx.MockTransport(server.handle)) as client:
        assert client.post(API, auth=user.httpx_auth()).status_code == 200
    assert server.token_requests == []


def test_a_refused_refresh_raises_a_typed_error_and_is_not_retried() -> None:
    server = stale_server()
    server.refresh = "someone-else-spent-it"
    user = credential()
    with (
        httpx.Client(transport=httpx.MockTransport(server.handle)) as client,
        pytest.raises(TokenRefreshError) as caught,
    ):
        client.post(API, auth=user.httpx_auth())
        with pytest.raises(TokenRefreshError):
            client.post(API, auth=user.httpx_auth())
    assert len(server.token_requests) == 1  # the dead refresh token is not tried again
    error = caught.value
    assert isinstance(error, UnauthorizedError)
    assert error.status == 400
    assert "xmedia login" in str(error)
    assert "refresh-0" not in str(error) and "access-0" not in str(error)


def test_a_transient_token_endpoint_failure_becomes_the_requests_answer() -> None:
    server = stale_server()
    answers = iter([httpx.Response(503, json={"title": "Service Unavailable"})])

    def flaky(request: httpx.Request) -> httpx.Response:
        try:
            return next(answers)
        except StopIteration:
            server.token_answer = None
            return server.handle(request)

    server.token_answer = flaky
    user = credential()
    with httpx.Client(transport=httpx.MockTransport(server.handle)) as client:
        first = client.post(API, auth=user.httpx_auth())
        second = client.post(API, auth=user.httpx_auth())
    # The retry policy sees a 503 (retryable), not the 401 (final); the retry then refreshes.
    assert first.status_code == 503
    assert second.status_code == 200
    assert user.refresh_count == 1


def test_a_network_failure_during_refresh_propagates_and_frees_the_waiters() -> None:
    server = stale_server()
    calls = {"n": 0}

    def down_once(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            raise httpx.ConnectError("token endpoint unreachable")
        server.token_answer = None
        return server.handle(request)

    server.token_answer = down_once
    user = credential()
    with (
        httpx.Client(transport=httpx.MockTransport(server.handle)) as client,
        pytest.raises(httpx.ConnectError),
    ):
        client.post(API, auth=user.httpx_auth())
        assert client.post(API, auth=user.httpx_auth()).status_code == 200


def test_parallel_401s_share_exactly_one_refresh_threads() -> None:
    workers = 8
    server = stale_server()
    barrier = threading.Barrier(workers, timeout=10)
    server.before_401 = barrier.wait  # every first try is answered 401 at the same moment
    user = credential()
    with httpx.Client(transport=httpx.MockTransport(server.handle)) as client:

        def send(_: int) -> int:
            return client.post(API, auth=user.httpx_auth()).status_code

        with ThreadPoolExecutor(workers) as pool:
            statuses = list(pool.map(send, range(workers)))
    assert statuses == [200] * workers
    assert len(server.token_requests) == 1
    assert user.refresh_count == 1


def test_parallel_401s_share_exactly_one_refresh_async() -> None:
    workers = 8
    server = stale_server()
    arrived = 0
    released = asyncio.Event()

    async def handle(request: httpx.Request) -> httpx.Response:
        nonlocal arrived
        if request.url.path != "/2/oauth2/token" and (
            request.headers.get("authorization") != f"Bearer {server.current}"
        ):
            arrived += 1
            if arrived == workers:
                released.set()
            await asyncio.wait_for(released.wait(), 10)
        await asyncio.sleep(0)
        return server.handle(request)

    user = credential()

    async def main() -> list[int]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handle)) as client:
            responses = await asyncio.gather(
                *(client.post(API, auth=user.httpx_auth()) for _ in range(workers))
            )
        return [r.status_code for r in responses]

    assert asyncio.run(main()) == [200] * workers
    assert len(server.token_requests) == 1
    assert user.refresh_count == 1


def test_async_refresh_before_expiry_and_refusal() -> None:
    now = 1_000_000.0
    server = Server()
    user = credential(expires_at=now - 1, clock=lambda: now)

    async def main() -> int:
        async with httpx.AsyncClient(transport=httpx.MockTransport(server.handle)) as client:
            return (await client.post(API, auth=user.httpx_auth())).status_code

    assert asyncio.run(main()) == 200
    assert [auth for auth, _ in server.api_requests] == ["Bearer access-1"]
    server.current = "access-expired"
    server.refresh = "gone"
    with pytest.raises(TokenRefreshError):
        asyncio.run(main())


def test_a_failing_save_callback_is_logged_without_secrets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = stale_server()

    def broken_store(token: OAuth2Token) -> None:
        raise PermissionError(f"cannot write {token.access_token}")

    user = credential(on_refresh=broken_store)
    with (
        caplog.at_level(logging.DEBUG),
        httpx.Client(transport=httpx.MockTransport(server.handle)) as client,
    ):
        assert client.post(API, auth=user.httpx_auth()).status_code == 200
    assert "could not save the refreshed" in caplog.text
    assert "access-1" not in caplog.text and "refresh-1" not in caplog.text


def test_token_endpoint_follows_the_api_base_url() -> None:
    server = stale_server()
    with httpx.Client(transport=httpx.MockTransport(server.handle)) as client:
        client.post("http://127.0.0.1:9/prefix/2/media/upload", auth=credential().httpx_auth())
    assert str(server.token_requests[0].url) == "http://127.0.0.1:9/prefix/2/oauth2/token"


def test_explicit_token_url_is_checked_and_used() -> None:
    with pytest.raises(ConfigError, match="plain http"):
        credential(token_url="http://tokens.example.test/2/oauth2/token")
    server = stale_server()
    with httpx.Client(transport=httpx.MockTransport(server.handle)) as client:
        client.post(API, auth=credential(token_url=TOKEN_URL.replace("api.", "auth.")).httpx_auth())
    assert server.token_requests[0].url.host == "auth.example.test"


def test_a_refresh_token_needs_a_client_id() -> None:
    with pytest.raises(ConfigError, match="client_id"):
        OAuth2User("access", refresh_token="refresh")
    with pytest.raises(ConfigError):
        OAuth2User(" ")


def test_it_is_a_credential_and_an_oauth2_user() -> None:
    user = credential()
    assert isinstance(user, Credentials)
    assert is_oauth2_user(user)
    assert user.can_refresh and not user.is_confidential


def test_unusable_token_answers_are_refusals() -> None:
    server = stale_server()
    server.token_answer = lambda request: httpx.Response(200, content=b"<html>proxy</html>")
    with (
        httpx.Client(transport=httpx.MockTransport(server.handle)) as client,
        pytest.raises(TokenRefreshError, match="not a JSON object"),
    ):
        client.post(API, auth=credential().httpx_auth())
    with pytest.raises(ValueError, match="bearer"):
        OAuth2Token.from_response({"access_token": "x", "token_type": "mac"}, now=0)


_secret = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=12, max_size=40
)


@settings(max_examples=60, deadline=None)
@given(access=_secret, refresh=_secret, client_secret=_secret)
def test_reprs_and_errors_never_show_the_secrets(
    access: str, refresh: str, client_secret: str
) -> None:
    user = OAuth2User(
        access,
        refresh_token=refresh,
        client_id="client",
        client_secret=client_secret,
        scopes=("media.write",),
    )
    token = OAuth2Token.from_response(
        {"access_token": access, "refresh_token": refresh, "expires_in": 7200}, now=0
    )
    error = TokenRefreshError(400, "invalid_request", "Value passed for the token was invalid.")
    texts = [
        repr(user),
        str(user),
        repr(user.token),
        repr(token),
        repr(user.httpx_auth()),
        str(error),
        json.dumps(error.__dict__, default=str),
    ]
    for text in texts:
        for secret in (access.strip(), refresh, client_secret):
            assert secret not in text
