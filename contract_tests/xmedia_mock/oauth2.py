"""X's OAuth 2.0 authorization code flow with PKCE: authorize, token (code and refresh), revoke.

Sources (X's documentation, "OAuth 2.0 Authorization Code Flow with PKCE", the pages
fundamentals/authentication/oauth-2-0/authorization-code and .../user-access-token):
- authorize: ``GET https://x.com/i/oauth2/authorize`` with ``response_type=code``, ``client_id``,
  ``redirect_uri``, ``scope`` (space separated), ``state`` (up to 500 characters),
  ``code_challenge`` and ``code_challenge_method`` (``S256`` or ``plain``); X redirects back with
  ``state`` and ``code``. The official OpenAPI document names ``/2/oauth2/authorize`` on the API
  host instead; both paths are served.
- the authorization code expires 30 seconds after it was issued.
- token: ``POST https://api.x.com/2/oauth2/token``, form-encoded; ``grant_type``
  ``authorization_code`` (``code``, ``redirect_uri``, ``code_verifier``) or ``refresh_token``;
  public clients put ``client_id`` in the body, confidential clients send HTTP Basic
  ``client_id:client_secret`` (then ``client_id`` in the body is not needed).
- access tokens last two hours; a refresh token is issued only with the ``offline.access`` scope.
- revoke: ``POST https://api.x.com/2/oauth2/revoke`` with ``token`` (+ client authentication).
- redirect_uri: exact match against the app's registered callback URLs.
Reported by users (issue threads of twitter-api-v2 #496, #319 and apps that refresh X tokens):
- a wrong or used code: 400 ``{"error": "invalid_request", "error_description": "Value passed
  for the authorization code was invalid."}``; a spent, revoked or unknown refresh token: 400
  ``{"error": "invalid_request", "error_description": "Value passed for the token was
  invalid."}``; a confidential client without Basic auth: 401 ``{"error":
  "unauthorized_client", "error_description": "Missing valid authorization header"}``.
- each refresh answers a new refresh token and the old one is spent (rotation).
Inferred (not documented by X; RFC 6749 / 7636 / 7009 / 8252 behaviour):
- loopback redirect URIs match whatever their port (RFC 8252 §7.3) when the client registered
  a loopback callback; errors about the client or the redirect URI are shown, not redirected
  (RFC 6749 §4.1.2.1); other authorize errors redirect with ``error`` and ``state``.
- revoking a refresh token also revokes the access tokens issued with it; revoke answers 200
  ``{"revoked": true}`` for unknown tokens too (RFC 7009 §2.2).
- a refresh keeps the scopes of the grant; the old access token stays valid until it expires.
- refresh tokens never expire unless ``refresh_token_lifetime`` is set (X documents no lifetime;
  tests set one to play an expired refresh token).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .config import USER_SCOPES, TokenGrant
from .problems import json_response
from .state import MockState

__all__ = [
    "AUTHORIZE_PATHS",
    "KNOWN_SCOPES",
    "REVOKE_PATH",
    "TOKEN_PATH",
    "OAuth2Client",
    "OAuth2Server",
    "issued_grant",
    "oauth2_routes",
    "oauth2_server",
]

AUTHORIZE_PATHS = ("/i/oauth2/authorize", "/2/oauth2/authorize")
TOKEN_PATH = "/2/oauth2/token"
REVOKE_PATH = "/2/oauth2/revoke"

#: The scopes of X's OAuth 2.0 (authorization-code page and the official OpenAPI document).
KNOWN_SCOPES = frozenset(
    {
        "tweet.read",
        "tweet.write",
        "tweet.moderate.write",
        "users.email",
        "users.read",
        "follows.read",
        "follows.write",
        "offline.access",
        "space.read",
        "mute.read",
        "mute.write",
        "like.read",
        "like.write",
        "list.read",
        "list.write",
        "block.read",
        "block.write",
        "bookmark.read",
        "bookmark.write",
        "dm.read",
        "dm.write",
        "media.write",
        "timeline.read",
        "broadcast.read",
        "broadcast.write",
    }
)

ACCESS_TOKEN_LIFETIME = 7200.0  # "two hours"
CODE_LIFETIME = 30.0  # "a time limit of 30 seconds"
MAX_STATE_LENGTH = 500

_BAD_CODE = "Value passed for the authorization code was invalid."
_BAD_TOKEN = "Value passed for the token was invalid."

Consent = Literal["approve", "deny"]


@dataclass(frozen=True)
class OAuth2Client:
    """A registered app: public (no secret) or confidential."""

    client_id: str
    client_secret: str | None = field(default=None, repr=False)
    #: Registered callback URLs (exact match); loopback ones match any port.
    redirect_uris: tuple[str, ...] = ("http://127.0.0.1/callback", "http://localhost/callback")


def default_clients() -> dict[str, OAuth2Client]:
    return {
        "mock-client-id": OAuth2Client("mock-client-id"),
        "mock-confidential-client-id": OAuth2Client(
            "mock-confidential-client-id", client_secret="mock-client-secret"
        ),
    }


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    scopes: frozenset[str]
    challenge: str
    method: str
    user_id: str
    expires_at: float
    used: bool = False


@dataclass
class _Grant:
    """One authorization: its current access and refresh tokens share it."""

    client_id: str
    user_id: str
    scopes: frozenset[str]
    revoked: bool = False


@dataclass
class _AccessToken:
    grant: _Grant
    expires_at: float
    revoked: bool = False


@dataclass
class _RefreshToken:
    grant: _Grant
    expires_at: float | None
    spent: bool = False


class OAuth2Server:
    """The authorization server's state; time is the mock's clock."""

    def __init__(self, state: MockState) -> None:
        self.state = state
        self.clients = default_clients()
        #: What the (imaginary) user answers on the consent page.
        self.consent: Consent = "approve"
        self.user_id = "1"
        self.access_token_lifetime = ACCESS_TOKEN_LIFETIME
        self.code_lifetime = CODE_LIFETIME
        self.refresh_token_lifetime: float | None = None
        self._codes: dict[str, _Code] = {}
        self._access: dict[str, _AccessToken] = {}
        self._refresh: dict[str, _RefreshToken] = {}
        self._lock = threading.Lock()
        #: Requests answered, by kind: "authorize", "authorization_code", "refresh_token",
        #: "revoke", and "refused:<kind>" for refusals.
        self.counts: Counter[str] = Counter()

    def now(self) -> float:
        return self.state.config.clock.now()

    # --- what the API side asks ---

    def grant_for(self, access_token: str) -> TokenGrant | None:
        """The grant a live access token stands for; None if unknown, expired or revoked."""
        with self._lock:
            entry = self._access.get(access_token)
            if entry is None or entry.revoked or entry.grant.revoked:
                return None
            if self.now() >= entry.expires_at:
                return None
            return TokenGrant(entry.grant.user_id, entry.grant.scopes)

    # --- issuing ---

    def issue(
        self, client_id: str, scopes: frozenset[str], user_id: str | None = None
    ) -> dict[str, Any]:
        """A fresh token pair for a new grant, as the token endpoint answers it (tests use
        this to skip the browser)."""
        grant = _Grant(client_id, user_id or self.user_id, scopes)
        with self._lock:
            return self._tokens_for(grant)

    def _tokens_for(self, grant: _Grant) -> dict[str, Any]:
        now = self.now()
        access = "mock-at-" + secrets.token_urlsafe(24)
        self._access[access] = _AccessToken(grant, now + self.access_token_lifetime)
        body: dict[str, Any] = {
            "token_type": "bearer",
            "expires_in": int(self.access_token_lifetime),
            "access_token": access,
            "scope": " ".join(sorted(grant.scopes)),
        }
        if "offline.access" in grant.scopes:
            refresh = "mock-rt-" + secrets.token_urlsafe(24)
            lifetime = self.refresh_token_lifetime
            self._refresh[refresh] = _RefreshToken(
                grant, now + lifetime if lifetime is not None else None
            )
            body["refresh_token"] = refresh
        return body

    def new_code(
        self,
        client: OAuth2Client,
        redirect_uri: str,
        scopes: frozenset[str],
        challenge: str,
        method: str,
    ) -> str:
        code = "mock-code-" + secrets.token_urlsafe(18)
        with self._lock:
            self._codes[code] = _Code(
                client.client_id,
                redirect_uri,
                scopes,
                challenge,
                method,
                self.user_id,
                self.now() + self.code_lifetime,
            )
        return code

    def redeem_code(
        self, client_id: str, code: str, redirect_uri: str, verifier: str
    ) -> dict[str, Any] | None:
        with self._lock:
            entry = self._codes.get(code)
            if entry is None or entry.used or self.now() >= entry.expires_at:
                return None
            entry.used = True  # one try only, right or wrong (RFC 6749 §4.1.2)
            if entry.client_id != client_id or entry.redirect_uri != redirect_uri:
                return None
            if not _verifier_matches(verifier, entry.challenge, entry.method):
                return None
            return self._tokens_for(_Grant(client_id, entry.user_id, entry.scopes))

    def redeem_refresh(self, client_id: str, refresh_token: str) -> dict[str, Any] | None:
        with self._lock:
            entry = self._refresh.get(refresh_token)
            if entry is None or entry.spent or entry.grant.revoked:
                return None
            if entry.grant.client_id != client_id:
                return None
            if entry.expires_at is not None and self.now() >= entry.expires_at:
                return None
            entry.spent = True
            return self._tokens_for(entry.grant)

    def revoke(self, client_id: str, token: str) -> None:
        with self._lock:
            access = self._access.get(token)
            if access is not None and access.grant.client_id == client_id:
                access.revoked = True
            refresh = self._refresh.get(token)
            if refresh is not None and refresh.grant.client_id == client_id:
                refresh.grant.revoked = True  # the whole grant: its access tokens too

    def reset(self) -> None:
        with self._lock:
            self._codes.clear()
            self._access.clear()
            self._refresh.clear()
            self.counts.clear()

    def describe(self) -> dict[str, Any]:
        return {
            "consent": self.consent,
            "user_id": self.user_id,
            "access_token_lifetime": self.access_token_lifetime,
            "refresh_token_lifetime": self.refresh_token_lifetime,
            "code_lifetime": self.code_lifetime,
            "clients": sorted(self.clients),
            "counts": dict(self.counts),
        }


def oauth2_server(state: MockState) -> OAuth2Server:
    """The OAuth 2.0 server of one mock instance (created on first use)."""
    server: OAuth2Server | None = getattr(state, "_oauth2_server", None)
    if server is None:
        server = OAuth2Server(state)
        state._oauth2_server = server  # type: ignore[attr-defined]
    return server


def issued_grant(state: MockState, access_token: str) -> TokenGrant | None:
    """What an access token issued by the token endpoint stands for (None: not one, or dead)."""
    server: OAuth2Server | None = getattr(state, "_oauth2_server", None)
    return server.grant_for(access_token) if server is not None else None


def _verifier_matches(verifier: str, challenge: str, method: str) -> bool:
    if method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    else:
        expected = verifier
    return hmac.compare_digest(expected, challenge)


def _is_loopback_uri(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


def _redirect_allowed(client: OAuth2Client, uri: str) -> bool:
    if uri in client.redirect_uris:
        return True
    if not _is_loopback_uri(uri):
        return False
    parts = urlsplit(uri)
    for registered in client.redirect_uris:
        reg = urlsplit(registered)
        if (
            _is_loopback_uri(registered)
            and reg.hostname == parts.hostname
            and reg.path == parts.path
            and not parts.query
            and not parts.fragment
        ):
            return True
    return False


def _oauth_error(status: int, error: str, description: str) -> Response:
    return json_response({"error": error, "error_description": description}, status)


def _page(status: int, message: str) -> Response:
    # Shown to the user in the browser: no redirect to an unverified redirect_uri.
    return HTMLResponse(f"<!doctype html><title>X</title><p>{message}</p>", status_code=status)


def _redirect_back(redirect_uri: str, params: dict[str, str]) -> Response:
    separator = "&" if urlsplit(redirect_uri).query else "?"
    return RedirectResponse(redirect_uri + separator + urlencode(params), status_code=302)


def oauth2_routes(state: MockState) -> list[Route]:
    server = oauth2_server(state)

    async def authorize(request: Request) -> Response:
        query = request.query_params
        server.counts["authorize"] += 1
        client = server.clients.get(query.get("client_id", ""))
        if client is None:
            return _page(400, "Something went wrong: unknown client_id.")
        redirect_uri = query.get("redirect_uri", "")
        if not redirect_uri or not _redirect_allowed(client, redirect_uri):
            return _page(
                400, "Something went wrong: redirect_uri does not match the app's callback URLs."
            )
        state_value = query.get("state", "")

        def back(**params: str) -> Response:
            if state_value:
                params = {"state": state_value, **params}
            return _redirect_back(redirect_uri, params)

        if query.get("response_type") != "code":
            return back(
                error="unsupported_response_type", error_description="response_type must be code"
            )
        if len(state_value) > MAX_STATE_LENGTH:
            return back(error="invalid_request", error_description="state is too long")
        challenge = query.get("code_challenge", "")
        method = query.get("code_challenge_method", "plain")
        if not challenge or method not in ("S256", "plain"):
            return back(
                error="invalid_request",
                error_description="code_challenge and code_challenge_method (S256, plain) required",
            )
        scopes = frozenset(query.get("scope", "").split())
        if not scopes or not scopes <= KNOWN_SCOPES:
            return back(error="invalid_scope", error_description="unknown or missing scope")
        if server.consent == "deny":
            server.counts["refused:authorize"] += 1
            return back(error="access_denied", error_description="The user denied the request")
        code = server.new_code(client, redirect_uri, scopes, challenge, method)
        return back(code=code)

    def client_of(request: Request, form: dict[str, str]) -> OAuth2Client | Response:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "basic" and value:
            try:
                raw = base64.b64decode(value.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raw = ""
            client_id, _, secret = raw.partition(":")
            client = server.clients.get(unquote(client_id))
            if (
                client is None
                or client.client_secret is None
                or not hmac.compare_digest(client.client_secret, unquote(secret))
            ):
                return _oauth_error(
                    401, "unauthorized_client", "Missing valid authorization header"
                )
            return client
        client = server.clients.get(form.get("client_id", ""))
        if client is None:
            return _oauth_error(400, "invalid_request", "Missing required parameter [client_id].")
        if client.client_secret is not None:
            return _oauth_error(401, "unauthorized_client", "Missing valid authorization header")
        return client

    async def read_form(request: Request) -> dict[str, str] | Response:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            return _oauth_error(
                400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded"
            )
        body = await request.body()
        if len(body) > 16 * 1024:
            return _oauth_error(400, "invalid_request", "Request body too large")
        try:
            return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            return _oauth_error(400, "invalid_request", "Body is not UTF-8")

    async def token(request: Request) -> Response:
        form = await read_form(request)
        if isinstance(form, Response):
            return form
        client = client_of(request, form)
        if isinstance(client, Response):
            server.counts["refused:client"] += 1
            return client
        grant_type = form.get("grant_type", "")
        if grant_type == "authorization_code":
            issued = server.redeem_code(
                client.client_id,
                form.get("code", ""),
                form.get("redirect_uri", ""),
                form.get("code_verifier", ""),
            )
            message = _BAD_CODE
        elif grant_type == "refresh_token":
            issued = server.redeem_refresh(client.client_id, form.get("refresh_token", ""))
            message = _BAD_TOKEN
        else:
            return _oauth_error(
                400,
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token",
            )
        if issued is None:
            server.counts[f"refused:{grant_type}"] += 1
            return _oauth_error(400, "invalid_request", message)
        server.counts[grant_type] += 1
        response = json_response(issued)
        response.headers["Cache-Control"] = "no-store"  # RFC 6749 §5.1
        return response

    async def revoke(request: Request) -> Response:
        form = await read_form(request)
        if isinstance(form, Response):
            return form
        client = client_of(request, form)
        if isinstance(client, Response):
            return client
        value = form.get("token", "")
        if not value:
            return _oauth_error(400, "invalid_request", "Missing required parameter [token].")
        server.counts["revoke"] += 1
        server.revoke(client.client_id, value)
        return json_response({"revoked": True})

    async def admin(request: Request) -> Response:
        """GET: settings and counters; PATCH {consent, access_token_lifetime,
        refresh_token_lifetime, code_lifetime}; POST {scopes, client_id}: issue a token pair;
        DELETE: forget every code and token."""
        if request.method == "DELETE":
            server.reset()
        elif request.method in ("PATCH", "POST"):
            import json

            try:
                body = json.loads(await request.body() or b"{}")
                if not isinstance(body, dict):
                    raise ValueError("body must be a JSON object")
                if request.method == "POST":
                    scopes = body.get("scopes", sorted(USER_SCOPES))
                    client_id = str(body.get("client_id", "mock-client-id"))
                    return json_response(server.issue(client_id, frozenset(map(str, scopes))))
                if "consent" in body:
                    if body["consent"] not in ("approve", "deny"):
                        raise ValueError("consent is approve or deny")
                    server.consent = body["consent"]
                for name in ("access_token_lifetime", "code_lifetime"):
                    if name in body:
                        setattr(server, name, float(body[name]))
                if "refresh_token_lifetime" in body:
                    value = body["refresh_token_lifetime"]
                    server.refresh_token_lifetime = None if value is None else float(value)
            except (ValueError, TypeError) as exc:
                return json_response({"error": str(exc)}, 400)
        return json_response(server.describe())

    return [
        *(Route(path, authorize, methods=["GET"]) for path in AUTHORIZE_PATHS),
        Route(TOKEN_PATH, token, methods=["POST"]),
        Route(REVOKE_PATH, revoke, methods=["POST"]),
        Route("/_mock/oauth2", admin, methods=["GET", "PATCH", "POST", "DELETE"]),
    ]
