"""OAuth 2.0 user credentials that refresh themselves: before expiry, and once after a 401.

X's OAuth 2.0 user access tokens last two hours; with the ``offline.access`` scope a refresh
token comes with them, and each refresh answers a new access token *and* a new refresh token
(the old one is spent). :class:`OAuth2User` keeps the current pair, refreshes it through the
same httpx client the request uses (same transport, proxy and TLS settings), and hands every new
pair to ``on_refresh`` so it can be persisted before the spent one is needed again.

Parallel requests share one refresh: the first request that needs one does it, the others wait
for its result (sync threads and async tasks alike), and a request that got a 401 after another
one already refreshed just retries with the new token. A generation counter tells them apart.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

from ._errors import ConfigError
from ._oauth2_errors import TokenRefreshError

__all__ = [
    "DEFAULT_REFRESH_MARGIN",
    "TOKEN_PATH",
    "OAuth2Token",
    "OAuth2User",
    "TokenRefreshError",
    "basic_client_auth",
    "check_endpoint_url",
]

log = logging.getLogger("xmedia")

#: X's token endpoint, relative to the API host (https://api.x.com/2/oauth2/token).
TOKEN_PATH = "/2/oauth2/token"  # noqa: S105 (a URL path)
#: Refresh this many seconds before the access token expires.
DEFAULT_REFRESH_MARGIN = 60.0
# Token endpoint answers that mean "this refresh token will never work again" (RFC 6749 §5.2;
# X answers a spent or revoked refresh token with 400 invalid_request).
_REFUSED_STATUSES = frozenset({400, 401, 403})


@dataclass(frozen=True, slots=True)
class OAuth2Token:
    """One access token (and its refresh token) as the token endpoint answered it."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    #: Epoch seconds, computed from ``expires_in`` when the answer arrived; None if unknown.
    expires_at: float | None = None
    scopes: tuple[str, ...] | None = None
    token_type: str = "bearer"  # noqa: S105 (a token kind)

    def __repr__(self) -> str:
        refresh = "***" if self.refresh_token else None
        return (
            f"OAuth2Token(access_token=***, refresh_token={refresh}, "
            f"expires_at={self.expires_at!r}, scopes={self.scopes!r})"
        )

    @classmethod
    def from_response(
        cls, body: Mapping[str, Any], *, now: float, previous: OAuth2Token | None = None
    ) -> OAuth2Token:
        """Parse a token endpoint answer (RFC 6749 §5.1); keeps the previous refresh token and
        scopes when the answer omits them (§6 allows it)."""
        access = body.get("access_token")
        if not isinstance(access, str) or not access:
            raise ValueError("the token endpoint answered without an access_token")
        token_type = body.get("token_type", "bearer")
        if not isinstance(token_type, str) or token_type.lower() != "bearer":
            raise ValueError(f"the token endpoint answered token_type {token_type!r}, not bearer")
        refresh = body.get("refresh_token")
        if not isinstance(refresh, str) or not refresh:
            refresh = previous.refresh_token if previous is not None else None
        expires_in = body.get("expires_in")
        expires_at = (
            now + float(expires_in)
            if isinstance(expires_in, int | float) and not isinstance(expires_in, bool)
            else None
        )
        scope = body.get("scope")
        scopes: tuple[str, ...] | None
        if isinstance(scope, str):
            scopes = tuple(scope.split())
        else:
            scopes = previous.scopes if previous is not None else None
        return cls(access, refresh, expires_at, scopes, "bearer")


def check_endpoint_url(url: str, name: str) -> str:
    """An OAuth endpoint URL: https, or plain http to loopback only (tokens travel in it)."""
    from ._auth import _is_loopback

    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigError(f"{name} {url!r} is not an http(s) URL")
    if parts.username or parts.password:
        raise ConfigError(f"{name} must not contain credentials")
    if parts.scheme == "http" and not _is_loopback(host):
        raise ConfigError(
            f"{name} {url!r} uses plain http to a non-loopback host; tokens would be sent in "
            "clear text. Use https (http is allowed only for 127.0.0.1/localhost)"
        )
    return url.strip()


def basic_client_auth(client_id: str, client_secret: str) -> str:
    """The ``Authorization`` value for a confidential client (RFC 6749 §2.3.1, as X documents)."""
    pair = f"{quote(client_id, safe='')}:{quote(client_secret, safe='')}"
    return "Basic " + base64.b64encode(pair.encode()).decode("ascii")


class OAuth2User:
    """An OAuth 2.0 user token that refreshes itself.

    With ``refresh_token`` and ``client_id`` (plus ``client_secret`` for a confidential client)
    the access token is refreshed ``refresh_margin`` seconds before ``expires_at`` and once
    after a 401, and ``on_refresh`` receives each new :class:`OAuth2Token` (persist it: X's
    refresh tokens are single-use). Without them it behaves like :class:`OAuth2UserToken`.

    ``reload`` (optional) returns the token as saved elsewhere: when the token endpoint refuses
    the refresh token because another process (sharing the same store) already spent it, the
    token that process saved is used instead.

    ``token_url=None`` uses the API host's ``/2/oauth2/token`` (so a base-URL override, e.g. the
    bundled mock, also moves the token endpoint). ``clock`` returns epoch seconds.

    Thread-safe; one instance may serve several clients, sync and async.
    """

    def __init__(
        self,
        access_token: str,
        *,
        refresh_token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        expires_at: float | None = None,
        scopes: Sequence[str] | None = None,
        token_url: str | None = None,
        on_refresh: Callable[[OAuth2Token], None] | None = None,
        reload: Callable[[], OAuth2Token | None] | None = None,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not isinstance(access_token, str) or not access_token.strip():
            raise ConfigError("OAuth2User needs a non-empty access token string")
        if refresh_token is not None and not (isinstance(client_id, str) and client_id.strip()):
            raise ConfigError(
                "OAuth2User with a refresh token needs the app's client_id (the OAuth 2.0 "
                "Client ID from the developer console) to refresh it"
            )
        if client_secret is not None and not client_secret:
            raise ConfigError("client_secret must be a non-empty string or None")
        if token_url is not None:
            token_url = check_endpoint_url(token_url, "token_url")
        self._client_id = client_id
        self._client_secret = client_secret
        self._token_url = token_url
        self._on_refresh = on_refresh
        self._reload = reload
        self._margin = max(0.0, float(refresh_margin))
        self._clock = clock
        self._lock = threading.Lock()
        self._token = OAuth2Token(
            access_token.strip(),
            refresh_token or None,
            expires_at,
            tuple(scopes) if scopes is not None else None,
        )
        self._generation = 0
        self._in_flight: Future[OAuth2Token | None] | None = None
        self._refused: TokenRefreshError | None = None
        #: How many refreshes this credential performed (for tests and diagnostics).
        self.refresh_count = 0

    # --- read-only views (never the secrets) ---

    def __repr__(self) -> str:
        token = self._snapshot()[0]
        return (
            f"OAuth2User(access_token=***, refresh_token={'***' if token.refresh_token else None}"
            f", expires_at={token.expires_at!r}, scopes={token.scopes!r})"
        )

    @property
    def token(self) -> OAuth2Token:
        """The current token (its repr hides the secrets)."""
        return self._snapshot()[0]

    @property
    def can_refresh(self) -> bool:
        return self._snapshot()[0].refresh_token is not None and self._client_id is not None

    @property
    def is_confidential(self) -> bool:
        return self._client_secret is not None

    def httpx_auth(self) -> httpx.Auth:
        return _RefreshingBearerAuth(self)

    # --- state ---

    def _snapshot(self) -> tuple[OAuth2Token, int]:
        with self._lock:
            return self._token, self._generation

    def _needs_refresh(self, token: OAuth2Token) -> bool:
        return (
            token.refresh_token is not None
            and self._client_id is not None
            and token.expires_at is not None
            and self._clock() >= token.expires_at - self._margin
        )

    def _claim(self, seen: int) -> tuple[str, Any]:
        """Who refreshes: ``("fresh", token)`` someone already did since ``seen``;
        ``("refused", error)`` the refresh token is dead; ``("wait", future)`` a refresh is
        running; ``("lead", future)`` the caller must do it and then call :meth:`_settle`."""
        with self._lock:
            if self._refused is not None:
                return "refused", self._refused
            if self._generation != seen:
                return "fresh", self._token
            if self._in_flight is not None:
                return "wait", self._in_flight
            future: Future[OAuth2Token | None] = Future()
            future.set_running_or_notify_cancel()  # nobody can cancel the shared result
            self._in_flight = future
            return "lead", future

    def _settle(self, future: Future[OAuth2Token | None], outcome: OAuth2Token | Exception) -> None:
        """Publish a refresh's outcome to every waiter (exactly once per lead)."""
        new_token: OAuth2Token | None = None
        with self._lock:
            if self._in_flight is future:
                self._in_flight = None
            if isinstance(outcome, OAuth2Token):
                self._token = outcome
                self._generation += 1
                self.refresh_count += 1
                new_token = outcome
            elif isinstance(outcome, TokenRefreshError):
                self._refused = outcome
        if new_token is not None:
            future.set_result(new_token)
            self._notify(new_token)
        else:
            future.set_result(None)

    def _adopt_saved(self, spent: OAuth2Token) -> OAuth2Token | None:
        """After a refusal: the token another process saved meanwhile (it spent our refresh
        token first), or None."""
        if self._reload is None:
            return None
        try:
            saved = self._reload()
        except Exception as exc:  # an unreadable store leaves the refusal as it is
            log.warning("could not re-read the saved OAuth 2.0 token (%s)", type(exc).__name__)
            return None
        if saved is None or saved.refresh_token in (None, spent.refresh_token):
            return None
        log.info("the refresh token was spent by another process; using the one it saved")
        return saved

    def _notify(self, token: OAuth2Token) -> None:
        if self._on_refresh is None:
            return
        try:
            self._on_refresh(token)
        except Exception as exc:  # a failed save must not fail the upload that is running
            log.warning(
                "could not save the refreshed OAuth 2.0 token (%s); the next run may need "
                "a new login",
                type(exc).__name__,
            )

    # --- the refresh request ---

    def _token_endpoint(self, request: httpx.Request) -> str:
        if self._token_url is not None:
            return self._token_url
        url = request.url
        path = url.path
        cut = path.find("/2/")
        prefix = path[:cut] if cut > 0 else ""
        port = f":{url.port}" if url.port is not None else ""
        return f"{url.scheme}://{url.host}{port}{prefix}{TOKEN_PATH}"

    def _refresh_request(self, request: httpx.Request, token: OAuth2Token) -> httpx.Request:
        assert token.refresh_token is not None and self._client_id is not None
        form = {"grant_type": "refresh_token", "refresh_token": token.refresh_token}
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        user_agent = request.headers.get("User-Agent")
        if user_agent:
            headers["User-Agent"] = user_agent
        if self._client_secret is not None:
            headers["Authorization"] = basic_client_auth(self._client_id, self._client_secret)
        else:
            form["client_id"] = self._client_id  # public clients name themselves in the body
        return httpx.Request(
            "POST",
            self._token_endpoint(request),
            content=urlencode(form).encode("ascii"),
            headers=headers,
            # Without the caller's timeout a raw Request would wait forever.
            extensions={
                "timeout": request.extensions.get("timeout", httpx.Timeout(30.0).as_dict())
            },
        )

    def _judge_refresh(
        self, response: httpx.Response, previous: OAuth2Token
    ) -> OAuth2Token | TokenRefreshError | None:
        """The new token; a refusal (the refresh token is dead); or None (transient: the
        token endpoint's answer is handed to the retry policy as the request's answer)."""
        status = response.status_code
        body: Any = None
        try:
            body = json.loads(response.content) if response.content else None
        except (ValueError, UnicodeDecodeError):
            body = None
        if 200 <= status < 300:
            try:
                if not isinstance(body, dict):
                    raise ValueError("the token endpoint's answer is not a JSON object")
                return OAuth2Token.from_response(body, now=self._clock(), previous=previous)
            except ValueError as exc:
                return TokenRefreshError(
                    status, "Unusable token response", str(exc), operation="token refresh"
                )
        if status in _REFUSED_STATUSES:
            error = body.get("error") if isinstance(body, dict) else None
            description = body.get("error_description") if isinstance(body, dict) else None
            return TokenRefreshError(
                status,
                error if isinstance(error, str) else "refused",
                description if isinstance(description, str) else None,
                operation="token refresh",
            )
        return None

    # --- the refresh as steps, driven by the sync or the async flow ---

    def _expired(self, token: OAuth2Token) -> bool:
        return token.expires_at is not None and self._clock() >= token.expires_at

    def _refresh_steps(self, request: httpx.Request, seen: int) -> _Steps:
        """Make sure a token newer than generation ``seen`` exists, refreshing if needed.

        Yields ``_Send(request)`` (answer: the response, already read) or ``_Wait(future)``
        (answer: None, once the future is done). Returns the token to use, its generation and,
        when the token endpoint failed transiently, its response."""
        kind, value = self._claim(seen)
        if kind == "refused":
            raise _copy_refusal(value)
        if kind == "fresh":
            return value, self._snapshot()[1], None
        if kind == "wait":
            yield _Wait(value)
            token, generation = self._current_or_raise()
            return token, generation, None
        future: Future[OAuth2Token | None] = value
        outcome: OAuth2Token | Exception = RuntimeError("refresh interrupted")
        try:
            previous = self._snapshot()[0]
            response = yield _Send(self._refresh_request(request, previous))
            assert response is not None
            verdict = self._judge_refresh(response, previous)
            if isinstance(verdict, TokenRefreshError):
                verdict = self._adopt_saved(previous) or verdict
            if verdict is None:
                log.info(
                    "token refresh answered HTTP %d; handled like the request's own answer",
                    response.status_code,
                )
                token, generation = self._snapshot()
                return token, generation, response
            outcome = verdict
        finally:
            self._settle(future, outcome)
        if isinstance(outcome, TokenRefreshError):
            raise outcome
        log.info("refreshed the OAuth 2.0 access token")
        token, generation = self._snapshot()
        return token, generation, None

    def _current_or_raise(self) -> tuple[OAuth2Token, int]:
        with self._lock:
            if self._refused is not None:
                raise _copy_refusal(self._refused)
            return self._token, self._generation


@dataclass(frozen=True, slots=True)
class _Send:
    request: httpx.Request


@dataclass(frozen=True, slots=True)
class _Wait:
    future: Future[OAuth2Token | None]


_Steps = Generator[
    "_Send | _Wait", "httpx.Response | None", "tuple[OAuth2Token, int, httpx.Response | None]"
]


def _copy_refusal(error: TokenRefreshError) -> TokenRefreshError:
    # A fresh instance per request: one exception object raised in many threads would share
    # (and keep growing) one traceback.
    return TokenRefreshError(error.status, error.title, error.detail, operation=error.operation)


async def _wait_for(future: Future[OAuth2Token | None]) -> None:
    """Wait for another request's refresh without blocking the event loop."""
    import asyncio  # here: the blocking client never needs it (start-up time)

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # another event loop (trio): poll below
        pass
    else:
        # The future is RUNNING, so a cancelled waiter cannot cancel the shared result.
        await asyncio.wrap_future(future)
        return
    import anyio

    while not future.done():
        await anyio.sleep(0.005)


class _RefreshingBearerAuth(httpx.Auth):
    """Bearer token per request; refreshes before expiry and retries once after a 401.

    Re-sending after a 401 replays the request body: httpx re-iterates byte and multipart
    bodies (files are sought back to 0), so no copy of the chunk is kept for it.
    """

    def __init__(self, credential: OAuth2User) -> None:
        self._credential = credential

    def __repr__(self) -> str:
        return "_RefreshingBearerAuth(***)"

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        credential = self._credential
        token, generation = credential._snapshot()
        if credential._needs_refresh(token):
            steps = credential._refresh_steps(request, generation)
            token, generation, failed = yield from _drive_sync(steps)
            if failed is not None and credential._expired(token):
                return  # httpx answers the token endpoint's failure; the retry policy judges it
        request.headers["Authorization"] = f"Bearer {token.access_token}"
        response = yield request
        if response.status_code != 401 or not credential.can_refresh:
            return
        steps = credential._refresh_steps(request, generation)
        token, generation, failed = yield from _drive_sync(steps)
        if failed is not None:
            return
        request.headers["Authorization"] = f"Bearer {token.access_token}"
        yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        credential = self._credential
        token, generation = credential._snapshot()
        refresh_now = credential._needs_refresh(token)
        retried = False
        while True:
            if refresh_now:
                steps = credential._refresh_steps(request, generation)
                failed: httpx.Response | None = None
                try:
                    step = next(steps)
                    while True:
                        if isinstance(step, _Wait):
                            await _wait_for(step.future)
                            step = steps.send(None)
                        else:
                            answer = yield step.request
                            await answer.aread()
                            step = steps.send(answer)
                except StopIteration as done:
                    token, generation, failed = done.value
                finally:
                    steps.close()
                if failed is not None and (retried or credential._expired(token)):
                    return
            request.headers["Authorization"] = f"Bearer {token.access_token}"
            response = yield request
            if retried or response.status_code != 401 or not credential.can_refresh:
                return
            retried = refresh_now = True


def _drive_sync(
    steps: _Steps,
) -> Generator[httpx.Request, httpx.Response, tuple[OAuth2Token, int, httpx.Response | None]]:
    try:
        step = next(steps)
        while True:
            if isinstance(step, _Wait):
                step.future.result()
                step = steps.send(None)
            else:
                answer = yield step.request
                answer.read()
                step = steps.send(answer)
    except StopIteration as done:
        result: tuple[OAuth2Token, int, httpx.Response | None] = done.value
        return result
    finally:
        steps.close()
