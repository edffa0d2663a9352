"""Who is calling: OAuth 2.0 bearer tokens and OAuth 1.0a HMAC-SHA1 signatures, verified."""

from __future__ import annotations

import hmac
import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote

from authlib.oauth1.rfc5849.signature import construct_base_string, hmac_sha1_signature
from starlette.requests import Request

from .config import USER_SCOPES, MockConfig
from .problems import ApiError, Problems
from .state import MockState


@dataclass(frozen=True)
class Principal:
    kind: str  # "oauth2-user" | "oauth2-app" | "oauth1-user"
    user_id: str | None
    scopes: frozenset[str]
    app_access: str = "ok"  # TokenGrant.app_access

    @property
    def is_user(self) -> bool:
        return self.user_id is not None

    @property
    def rate_key(self) -> str:
        return f"user:{self.user_id}" if self.user_id is not None else f"app:{self.kind}"


_OAUTH_PARAM = re.compile(r'([A-Za-z0-9_]+)="([^"]*)"')


def parse_oauth_header(value: str) -> dict[str, str]:
    return {key: unquote(raw) for key, raw in _OAUTH_PARAM.findall(value)}


def _is_form_urlencoded(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded"


async def authenticate(request: Request, state: MockState) -> Principal:
    """The caller's identity, or ApiError 401 (missing, unknown or badly signed credentials)."""
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        grant = state.config.tokens.get(credentials.strip())
        if grant is None:
            raise Problems.unauthorized()
        if grant.user_id is None:
            return Principal("oauth2-app", None, grant.scopes, grant.app_access)
        return Principal("oauth2-user", grant.user_id, grant.scopes, grant.app_access)
    if scheme.lower() == "oauth":
        return await _verify_oauth1(request, state, credentials)
    raise Problems.unauthorized()


async def _verify_oauth1(request: Request, state: MockState, header_value: str) -> Principal:
    config: MockConfig = state.config
    oauth = parse_oauth_header(header_value)
    consumer_key = oauth.get("oauth_consumer_key", "")
    token = oauth.get("oauth_token", "")
    signature = oauth.get("oauth_signature", "")
    if oauth.get("oauth_signature_method") != "HMAC-SHA1" or not signature:
        raise Problems.unauthorized()
    creds = next(
        (
            c
            for c in config.oauth1
            if hmac.compare_digest(c.consumer_key, consumer_key)
            and hmac.compare_digest(c.access_token, token)
        ),
        None,
    )
    if creds is None:
        raise Problems.unauthorized()
    try:
        timestamp = int(oauth.get("oauth_timestamp", ""))
    except ValueError:
        raise Problems.unauthorized() from None
    wall_now = time.time()
    if abs(wall_now - timestamp) > config.oauth1_timestamp_window:
        raise Problems.unauthorized()

    # Base string: oauth params (minus signature/realm) + query + urlencoded form body.
    # Multipart bodies are not part of it (RFC 5849 §3.4.1.3.1).
    # authlib unescapes oauth_* values itself, so hand it the raw (still percent-encoded) ones.
    raw_oauth = dict(_OAUTH_PARAM.findall(header_value))
    params = [(k, v) for k, v in raw_oauth.items() if k not in ("oauth_signature", "realm")]
    params += parse_qsl(request.url.query, keep_blank_values=True)
    if _is_form_urlencoded(request):
        body = await request.body()
        try:
            params += parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            raise Problems.unauthorized() from None
    uri = str(request.url.replace(query="", fragment=""))
    base_string = construct_base_string(request.method, uri, params)
    expected = hmac_sha1_signature(base_string, creds.consumer_secret, creds.access_token_secret)
    if not hmac.compare_digest(expected, signature):
        raise Problems.unauthorized()
    nonce = oauth.get("oauth_nonce", "")
    if not nonce or not state.use_nonce(
        consumer_key, token, nonce, wall_now, config.oauth1_timestamp_window
    ):
        raise Problems.unauthorized()
    return Principal("oauth1-user", creds.user_id, USER_SCOPES)


def require(principal: Principal, scope: str, problems: Problems, user_only: bool) -> None:
    """403s X gives: app-only on a user-context endpoint, or a token lacking ``scope``."""
    if not principal.is_user:
        if user_only:
            raise problems.unsupported_authentication()
        return
    if scope not in principal.scopes:
        raise ApiError(403, Problems.forbidden().body)
