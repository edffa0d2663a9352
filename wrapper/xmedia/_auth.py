"""Credentials and base-URL policy.

Two kinds of user-context credentials work for media upload: an OAuth 2.0 user token (sent as a
Bearer token) and OAuth 1.0a user credentials (HMAC-SHA1 signed with authlib). Secrets are kept
out of ``repr`` and never put into messages.

authlib's own ``OAuth1Auth`` for httpx replaces any body that is not form-encoded with ``b""``
(it omits the body from the signature *and* from the request), which would empty every JSON and
multipart request; so we sign with authlib's ``ClientAuth`` and attach only the header.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from ._errors import ConfigError
from ._oauth2 import OAuth2User

__all__ = [
    "DEFAULT_BASE_URL",
    "Credentials",
    "OAuth1User",
    "OAuth2User",
    "OAuth2UserToken",
    "auth_from_env",
    "base_url_from_env",
    "check_base_url",
    "is_oauth2_user",
]

DEFAULT_BASE_URL = "https://api.x.com"

ENV_ACCESS_TOKEN = "X_ACCESS_TOKEN"  # noqa: S105 (a variable name)
ENV_API_KEY = "X_API_KEY"
ENV_API_SECRET = "X_API_SECRET"  # noqa: S105
ENV_ACCESS_TOKEN_SECRET = "X_ACCESS_TOKEN_SECRET"  # noqa: S105
ENV_BASE_URL = "X_API_BASE_URL"


@dataclass(frozen=True, slots=True)
class OAuth2UserToken:
    """An OAuth 2.0 user access token with the ``media.write`` scope."""

    token: str = field(repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.token, str) or not self.token.strip():
            raise ConfigError("OAuth2UserToken needs a non-empty token string")

    def __repr__(self) -> str:
        return "OAuth2UserToken(token=***)"

    def httpx_auth(self) -> httpx.Auth:
        return _BearerAuth(self.token)


@dataclass(frozen=True, slots=True)
class OAuth1User:
    """OAuth 1.0a user credentials: the app's key and secret plus the user's token and secret."""

    api_key: str = field(repr=False)
    api_secret: str = field(repr=False)
    access_token: str = field(repr=False)
    access_token_secret: str = field(repr=False)

    def __post_init__(self) -> None:
        names = ("api_key", "api_secret", "access_token", "access_token_secret")
        missing = [
            n for n in names if not isinstance(getattr(self, n), str) or not getattr(self, n)
        ]
        if missing:
            raise ConfigError(f"OAuth1User is missing: {', '.join(missing)}")

    def __repr__(self) -> str:
        return "OAuth1User(api_key=***, api_secret=***, access_token=***, access_token_secret=***)"

    def httpx_auth(self) -> httpx.Auth:
        return _OAuth1HeaderAuth(self)


Credentials = OAuth2UserToken | OAuth2User | OAuth1User


def is_oauth2_user(auth: object) -> bool:
    """True for OAuth 2.0 user credentials (static or refreshing): the kind whose 403 on an
    upload endpoint usually means the token lacks the ``media.write`` scope."""
    return isinstance(auth, OAuth2UserToken | OAuth2User)


class _BearerAuth(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def __repr__(self) -> str:
        return "_BearerAuth(***)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


class _OAuth1HeaderAuth(httpx.Auth):
    """Signs each request (query parameters included, body excluded: we send JSON/multipart)."""

    def __init__(self, creds: OAuth1User) -> None:
        from authlib.oauth1 import ClientAuth  # imported lazily: only OAuth 1.0a users need it

        self._signer: Any = ClientAuth(
            client_id=creds.api_key,
            client_secret=creds.api_secret,
            token=creds.access_token,
            token_secret=creds.access_token_secret,
        )

    def __repr__(self) -> str:
        return "_OAuth1HeaderAuth(***)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        headers: dict[str, str] = {}
        _, signed_headers, _ = self._signer.sign(request.method, str(request.url), headers, b"")
        request.headers["Authorization"] = signed_headers["Authorization"]
        yield request


def auth_from_env(environ: Mapping[str, str] | None = None) -> Credentials:
    """Credentials from the environment.

    All four of ``X_API_KEY``, ``X_API_SECRET``, ``X_ACCESS_TOKEN``, ``X_ACCESS_TOKEN_SECRET`` →
    OAuth 1.0a; otherwise ``X_ACCESS_TOKEN`` alone → OAuth 2.0 user token.
    """
    env = os.environ if environ is None else environ
    values = {
        name: env.get(name, "").strip()
        for name in (ENV_API_KEY, ENV_API_SECRET, ENV_ACCESS_TOKEN, ENV_ACCESS_TOKEN_SECRET)
    }
    oauth1_names = (ENV_API_KEY, ENV_API_SECRET, ENV_ACCESS_TOKEN_SECRET)
    if all(values.values()):
        return OAuth1User(
            api_key=values[ENV_API_KEY],
            api_secret=values[ENV_API_SECRET],
            access_token=values[ENV_ACCESS_TOKEN],
            access_token_secret=values[ENV_ACCESS_TOKEN_SECRET],
        )
    partial = [n for n in oauth1_names if values[n]]
    if partial and values[ENV_ACCESS_TOKEN]:
        missing = [n for n in (*oauth1_names, ENV_ACCESS_TOKEN) if not values[n]]
        raise ConfigError(
            f"incomplete OAuth 1.0a credentials in the environment: {', '.join(missing)} "
            "not set; set all four, or only X_ACCESS_TOKEN for an OAuth 2.0 user token"
        )
    if values[ENV_ACCESS_TOKEN]:
        return OAuth2UserToken(values[ENV_ACCESS_TOKEN])
    raise ConfigError(
        "no credentials: pass auth=OAuth2UserToken(...) or OAuth1User(...), or set "
        "X_ACCESS_TOKEN (OAuth 2.0 user token), or X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN "
        "and X_ACCESS_TOKEN_SECRET (OAuth 1.0a)"
    )


def base_url_from_env(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    return env.get(ENV_BASE_URL, "").strip() or DEFAULT_BASE_URL


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """Return the normalised base URL, refusing anything but https (http only to loopback)."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (urlsplit checks the port only when it is asked for)
    except ValueError as exc:  # "Invalid IPv6 URL", "Port out of range 0-65535", …
        raise ConfigError(
            f"base URL {url!r} is not a valid URL ({exc}); use e.g. {DEFAULT_BASE_URL}"
        ) from None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigError(f"base URL {url!r} is not an http(s) URL; use e.g. {DEFAULT_BASE_URL}")
    if parts.username or parts.password:
        raise ConfigError("base URL must not contain credentials; pass auth=... instead")
    extras = [
        f"the path {parts.path!r}" if parts.path not in ("", "/") else "",
        "a query" if parts.query or "?" in url else "",
        "a fragment" if parts.fragment or "#" in url else "",
    ]
    if any(extras):
        # Requests would go to the wrong place and come back as a misleading 404.
        raise ConfigError(
            f"base URL {url!r} has {' and '.join(e for e in extras if e)}; give only the API's "
            f"origin, e.g. {parts.scheme}://{parts.netloc} (xmedia adds /2/media/... itself)"
        )
    if parts.scheme == "http" and not _is_loopback(host):
        raise ConfigError(
            f"base URL {url!r} uses plain http to a non-loopback host; credentials would be "
            "sent in clear text. Use https (http is allowed only for 127.0.0.1/localhost)"
        )
    return url.strip().rstrip("/")
