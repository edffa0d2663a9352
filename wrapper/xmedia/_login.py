"""The OAuth 2.0 authorization code flow with PKCE, the way a command-line tool does it.

A one-shot HTTP server on 127.0.0.1 (a free port, or the one asked for) receives X's redirect;
the authorization URL is printed and opened in a browser when one is available. authlib builds
the URL (S256 code challenge) and exchanges the code; ``state`` is compared in constant time
and the verifier never leaves this process except to the token endpoint.

X matches redirect URIs exactly (its OAuth 2.0 page): register
``http://127.0.0.1:<port>/callback`` in the app's settings and log in with that ``port``.
"""

from __future__ import annotations

import hmac
import html
import os
import sys
import threading
import time
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from ._auth import DEFAULT_BASE_URL, check_base_url
from ._errors import ConfigError
from ._oauth2 import TOKEN_PATH, OAuth2Token
from ._oauth2_errors import LoginDeniedError, LoginError, LoginStateError, LoginTimeoutError

__all__ = [
    "CALLBACK_PATH",
    "DEFAULT_SCOPES",
    "LoginResult",
    "OAuth2Endpoints",
    "browser_available",
    "revoke",
    "run_login",
]

X_AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
AUTHORIZE_PATH = "/i/oauth2/authorize"
REVOKE_PATH = "/2/oauth2/revoke"
CALLBACK_PATH = "/callback"
LOOPBACK_HOST = "127.0.0.1"
#: media.write to upload; offline.access for a refresh token; tweet.read + users.read because X's
#: own examples always ask for them and X refuses ``/2/users/me`` without both (reported).
DEFAULT_SCOPES = ("tweet.read", "users.read", "media.write", "offline.access")
_EXCHANGE_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class OAuth2Endpoints:
    authorize_url: str
    token_url: str
    revoke_url: str

    @classmethod
    def for_base_url(cls, base_url: str) -> OAuth2Endpoints:
        """X's endpoints for the default API; for any other base URL (the mock, a proxy) the
        same paths on that host."""
        base = check_base_url(base_url).rstrip("/")
        if base == DEFAULT_BASE_URL:
            return cls(
                X_AUTHORIZE_URL, DEFAULT_BASE_URL + TOKEN_PATH, DEFAULT_BASE_URL + REVOKE_PATH
            )
        return cls(base + AUTHORIZE_PATH, base + TOKEN_PATH, base + REVOKE_PATH)


@dataclass(frozen=True, slots=True)
class LoginResult:
    token: OAuth2Token
    redirect_uri: str


@dataclass
class _Callback:
    """What the browser brought back (the first request to the callback path)."""

    params: dict[str, str] | None = None
    done: threading.Event | None = None


def _make_handler(callback: _Callback, expected_state: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "xmedia-login"
        sys_version = ""
        timeout = 10  # a connection that sends nothing must not hold a thread forever

        def log_message(self, format: str, *args: Any) -> None:
            # The default logs the request line to stderr: it carries the code and state.
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path != CALLBACK_PATH:
                self._answer(404, "Not found.")
                return
            params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            done = callback.done
            if callback.params is not None:
                self._answer(409, "This login already received its answer; close this tab.")
                return
            callback.params = params
            if not hmac.compare_digest(params.get("state", ""), expected_state):
                self._answer(400, "This answer is not for the running xmedia login (state).")
            elif "error" in params:
                self._answer(200, "Authorization was not granted; see the terminal.")
            else:
                self._answer(200, "xmedia is authorized. You can close this tab.")
            if done is not None:
                done.set()

        def _answer(self, status: int, message: str) -> None:
            body = (
                "<!doctype html><meta charset=utf-8><title>xmedia login</title>"
                f"<p>{html.escape(message)}</p>"
            ).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def browser_available() -> bool:
    """A graphical browser can be opened (a console browser would take over the terminal)."""
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            return False
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


def _oauth2_client_class() -> Any:
    import warnings

    with warnings.catch_warnings():
        # authlib would rather use the "httpx2" package; httpx is the one this project pins.
        # Its warnings module installs an "always" filter when imported: import it first.
        import authlib.deprecate  # noqa: F401

        warnings.filterwarnings("ignore", "The httpx module is deprecated", DeprecationWarning)
        from authlib.integrations.httpx_client import OAuth2Client
    return OAuth2Client


def _bind(port: int) -> ThreadingHTTPServer:
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port must be 0..65535 (0: any free port); got {port}")
    try:
        return ThreadingHTTPServer((LOOPBACK_HOST, port), BaseHTTPRequestHandler)
    except OSError as exc:
        raise ConfigError(
            f"cannot listen on {LOOPBACK_HOST}:{port} for the login redirect ({exc.strerror});"
            " pick another --port (the one registered as callback URL in the app)"
        ) from None


def run_login(
    *,
    client_id: str,
    client_secret: str | None,
    endpoints: OAuth2Endpoints,
    scopes: Sequence[str] = DEFAULT_SCOPES,
    port: int = 0,
    timeout: float = 300.0,
    announce: Callable[[str, str], None],
    open_browser: Callable[[str], bool] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> LoginResult:
    """Run the whole login; returns the token. ``announce(url, redirect_uri)`` shows the URL
    to the user; ``open_browser(url)`` (if given) tries to open it."""
    if not client_id.strip():
        raise ConfigError("a client id is needed: pass --client-id or set X_CLIENT_ID")
    from authlib.common.security import generate_token

    OAuth2Client = _oauth2_client_class()
    server = _bind(port)
    redirect_uri = f"http://{LOOPBACK_HOST}:{server.server_address[1]}{CALLBACK_PATH}"
    client_options: dict[str, Any] = {
        "timeout": _EXCHANGE_TIMEOUT,
        "follow_redirects": False,
        "trust_env": True,
    }
    if transport is not None:
        client_options["transport"] = transport
    oauth = OAuth2Client(
        client_id=client_id,
        client_secret=client_secret,
        scope=" ".join(scopes),
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        **client_options,
    )
    try:
        verifier = generate_token(64)
        state = generate_token(32)
        url, _ = oauth.create_authorization_url(
            endpoints.authorize_url, state=state, code_verifier=verifier
        )
        callback = _Callback(done=threading.Event())
        server.RequestHandlerClass = _make_handler(callback, state)
        thread = threading.Thread(target=server.serve_forever, name="xmedia-login", daemon=True)
        thread.start()
        try:
            announce(url, redirect_uri)
            if open_browser is not None:
                open_browser(url)
            assert callback.done is not None
            if not callback.done.wait(timeout):
                raise LoginTimeoutError(
                    f"no answer reached {redirect_uri} within {timeout:g} s; open the URL above "
                    "in a browser on this machine, or rerun with a larger --timeout"
                )
        finally:
            server.shutdown()
        params = callback.params or {}
        if not hmac.compare_digest(params.get("state", ""), state):
            raise LoginStateError(
                "the redirect carried a state that this login did not send (a stale tab or a "
                "forged request); nothing was stored: run `xmedia login` again"
            )
        if "error" in params:
            error = params["error"]
            description = params.get("error_description", "")
            detail = f"{error}: {description}" if description else error
            if error == "access_denied":
                raise LoginDeniedError(
                    f"authorization was denied in the browser ({detail}); run `xmedia login`"
                    " again and choose Authorize app"
                )
            raise LoginError(
                f"X refused the authorization request ({detail}); check --client-id, --scope "
                "and the callback URL registered for the app"
            )
        code = params.get("code", "")
        if not code:
            raise LoginError("the redirect carried no authorization code; run `xmedia login` again")
        token = _exchange(oauth, endpoints.token_url, code, verifier)
        return LoginResult(token, redirect_uri)
    finally:
        server.server_close()
        oauth.close()


def _exchange(oauth: Any, token_url: str, code: str, verifier: str) -> OAuth2Token:
    from authlib.integrations.base_client.errors import OAuthError

    try:
        answer = oauth.fetch_token(token_url, code=code, code_verifier=verifier)
    except OAuthError as exc:
        raise LoginError(
            f"the token endpoint refused the authorization code ({exc.error}: "
            f"{exc.description or 'no description'}); X's codes expire 30 s after consent — "
            "run `xmedia login` again"
        ) from None
    except httpx.HTTPStatusError as exc:
        raise LoginError(
            f"the token endpoint answered HTTP {exc.response.status_code}; try again later"
        ) from None
    except httpx.HTTPError as exc:
        raise LoginError(
            f"could not reach the token endpoint {token_url} ({type(exc).__name__}); check the "
            "network and --base-url"
        ) from None
    try:
        return OAuth2Token.from_response(dict(answer), now=time.time())
    except ValueError as exc:
        raise LoginError(f"the token endpoint's answer is unusable: {exc}") from None


def revoke(
    *,
    client_id: str,
    client_secret: str | None,
    revoke_url: str,
    token: OAuth2Token,
    transport: httpx.BaseTransport | None = None,
) -> None:
    """Revoke the refresh token (the whole grant, on X) and the access token."""
    from authlib.integrations.base_client.errors import OAuthError

    OAuth2Client = _oauth2_client_class()
    options: dict[str, Any] = {"timeout": _EXCHANGE_TIMEOUT, "follow_redirects": False}
    if transport is not None:
        options["transport"] = transport
    oauth = OAuth2Client(client_id=client_id, client_secret=client_secret, **options)
    try:
        pairs = [(token.refresh_token, "refresh_token"), (token.access_token, "access_token")]
        for value, hint in pairs:
            if not value:
                continue
            try:
                response = oauth.revoke_token(revoke_url, token=value, token_type_hint=hint)
            except OAuthError as exc:
                raise LoginError(f"X refused to revoke the token ({exc.error})") from None
            except httpx.HTTPError as exc:
                raise LoginError(
                    f"could not reach {revoke_url} to revoke the token ({type(exc).__name__})"
                ) from None
            if response.status_code != 200:
                raise LoginError(
                    f"revoking the {hint.replace('_', ' ')} answered HTTP {response.status_code}"
                )
    finally:
        oauth.close()
