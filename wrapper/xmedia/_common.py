"""Small pieces both clients share: connection settings and answers to the simple operations."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import httpx

from ._auth import Credentials, auth_from_env, base_url_from_env, check_base_url
from ._config import UploadConfig
from ._errors import ConfigError, UnexpectedResponseError
from ._models import MediaInfo
from ._retry import RetryPolicy
from ._session import Judge, Reply, warnings_of

__all__ = [
    "ALT_TEXT_MAX",
    "check_alt_text",
    "check_media_keys",
    "new_judge",
    "parse_lookup",
    "resolve_connection",
]

log = logging.getLogger("xmedia")

ALT_TEXT_MAX = 1000
MAX_LOOKUP_KEYS = 100


def resolve_connection(
    auth: Credentials | None,
    base_url: str | None,
    client_auth: httpx.Auth | None,
) -> tuple[str, httpx.Auth | None]:
    """The checked base URL and the httpx auth to send with each request.

    ``auth=None`` reads the environment, unless the caller's own httpx client already carries
    an auth of its own (then that is used).
    """
    url = check_base_url(base_url if base_url is not None else base_url_from_env())
    if auth is not None:
        if not isinstance(auth, Credentials):
            raise ConfigError(
                f"auth must be OAuth2UserToken or OAuth1User, not {type(auth).__name__}"
            )
        return url, auth.httpx_auth()
    if client_auth is not None:
        return url, None
    return url, auth_from_env().httpx_auth()


def httpx_timeout(config: UploadConfig) -> httpx.Timeout:
    return httpx.Timeout(config.request_timeout)


def new_judge(config: UploadConfig, segments: int = 0) -> Judge:
    """A judge for one operation; an upload gets one extra retry per segment, so the budget
    grows with the file instead of failing big uploads on a mildly flaky network."""
    return Judge(RetryPolicy.from_config(config), config.retry_budget + segments, config.rng)


def check_alt_text(text: str) -> None:
    if not isinstance(text, str) or not text:
        raise ConfigError("alt text must be a non-empty string")
    if len(text) > ALT_TEXT_MAX:
        raise ConfigError(
            f"alt text is {len(text)} characters; X allows at most {ALT_TEXT_MAX}, shorten it"
        )


def check_media_keys(media_keys: Sequence[str]) -> tuple[str, ...]:
    if isinstance(media_keys, str):
        media_keys = [media_keys]
    keys = tuple(media_keys)
    if not 1 <= len(keys) <= MAX_LOOKUP_KEYS:
        raise ConfigError(f"lookup takes 1 to {MAX_LOOKUP_KEYS} media keys; got {len(keys)}")
    return keys


def _opt_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def parse_lookup(reply: Reply) -> list[MediaInfo]:
    body = reply.body
    if not isinstance(body, dict):
        raise UnexpectedResponseError(
            reply.status,
            "Malformed response",
            "lookup answer is not a JSON object",
            headers=reply.headers,
            operation="lookup",
        )
    for problem in warnings_of(reply):
        log.warning("lookup: %s", problem)
    items = body.get("data") or []
    if not isinstance(items, list):
        raise UnexpectedResponseError(
            reply.status,
            "Malformed response",
            "lookup 'data' is not a list",
            headers=reply.headers,
            operation="lookup",
        )
    found = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("media_key"), str):
            continue
        found.append(
            MediaInfo(
                media_key=item["media_key"],
                type=_opt_str(item.get("type")),
                url=_opt_str(item.get("url")),
                preview_image_url=_opt_str(item.get("preview_image_url")),
                width=_opt_int(item.get("width")),
                height=_opt_int(item.get("height")),
                duration_ms=_opt_int(item.get("duration_ms")),
                alt_text=_opt_str(item.get("alt_text")),
                raw=item,
            )
        )
    return found
