"""The mock's OAuth 2.0 endpoints answer as X documents (or as users report X answering)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xmedia_mock.oauth2 import oauth2_server
from xmedia_mock.testing import Mock, make_mock

from .support import CLIENT_SECRET, CONFIDENTIAL_CLIENT, PUBLIC_CLIENT

REDIRECT = "http://127.0.0.1:53682/callback"
VERIFIER = "a-verifier-that-is-long-enough-0123456789-abcdefghijklmnop"


def challenge_of(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@pytest.fixture
def mock() -> Iterator[Mock]:
    yield from make_mock()


def authorize(mock: Mock, **overrides: str) -> httpx.Response:
    params = {
        "response_type": "code",
        "client_id": PUBLIC_CLIENT,
        "redirect_uri": REDIRECT,
        "scope": "tweet.read users.read media.write offline.access",
        "state": "state-123",
        "code_challenge": challenge_of(VERIFIER),
        "code_challenge_method": "S256",
    }
    params.update(overrides)
    return mock.client.get("/i/oauth2/authorize", params=params)


def redirect_params(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT.split("?")[0])
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def exchange(mock: Mock, code: str, verifier: str = VERIFIER, **extra: str) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
        "client_id": PUBLIC_CLIENT,
    }
    form.update(extra)
    return mock.client.post("/2/oauth2/token", data=form)


def login(mock: Mock) -> dict[str, str]:
    code = redirect_params(authorize(mock))["code"]
    response = exchange(mock, code)
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


def test_the_whole_code_flow_issues_tokens_that_upload(mock: Mock) -> None:
    params = redirect_params(authorize(mock))
    assert params["state"] == "state-123"
    body = exchange(mock, params["code"]).json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 7200
    assert set(body["scope"].split()) == {
        "tweet.read",
        "users.read",
        "media.write",
        "offline.access",
    }
    assert body["refresh_token"] and body["access_token"]
    auth = {"Authorization": f"Bearer {body['access_token']}"}
    assert mock.init(100, "image/png", None, headers=auth)
    mock.clock.advance(7200)  # two hours later the access token is dead
    response = mock.client.post(
        "/2/media/upload/initialize",
        json={"media_type": "image/png", "total_bytes": 100},
        headers=auth,
    )
    assert response.status_code == 401
    assert response.json() == {
        "title": "Unauthorized",
        "type": "about:blank",
        "status": 401,
        "detail": "Unauthorized",
    }


def test_without_offline_access_there_is_no_refresh_token(mock: Mock) -> None:
    code = redirect_params(authorize(mock, scope="media.write"))["code"]
    assert "refresh_token" not in exchange(mock, code).json()


def test_a_wrong_verifier_or_a_reused_or_late_code_is_refused(mock: Mock) -> None:
    code = redirect_params(authorize(mock))["code"]
    refused = exchange(mock, code, verifier="not-the-verifier")
    assert refused.status_code == 400
    assert refused.json() == {
        "error": "invalid_request",
        "error_description": "Value passed for the authorization code was invalid.",
    }
    assert exchange(mock, code).status_code == 400  # a code is good for one try only
    late = redirect_params(authorize(mock))["code"]
    mock.clock.advance(30)
    assert exchange(mock, late).status_code == 400
    other_redirect = redirect_params(authorize(mock))["code"]
    assert exchange(mock, other_redirect, redirect_uri=REDIRECT + "x").status_code == 400


def test_plain_pkce_as_in_x_examples(mock: Mock) -> None:
    code = redirect_params(
        authorize(mock, code_challenge="challenge", code_challenge_method="plain")
    )
    assert exchange(mock, code["code"], verifier="challenge").status_code == 200


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    verifier=st.text(
        alphabet="abcdefghijklmnopqrstuvwxyz0123456789-._~", min_size=43, max_size=128
    ),
    other=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-._~", min_size=43, max_size=128),
)
def test_s256_accepts_exactly_the_matching_verifier(mock: Mock, verifier: str, other: str) -> None:
    code = redirect_params(authorize(mock, code_challenge=challenge_of(verifier)))["code"]
    response = exchange(mock, code, verifier=other)
    assert (response.status_code == 200) == (other == verifier)


def test_authorize_refusals(mock: Mock) -> None:
    unknown_client = authorize(mock, client_id="nobody")
    assert unknown_client.status_code == 400 and "location" not in unknown_client.headers
    foreign = authorize(mock, redirect_uri="https://evil.example/callback")
    assert foreign.status_code == 400 and "location" not in foreign.headers
    assert redirect_params(authorize(mock, scope="media.write made.up"))["error"] == "invalid_scope"
    assert redirect_params(authorize(mock, code_challenge=""))["error"] == "invalid_request"
    assert redirect_params(authorize(mock, response_type="token"))["error"] == (
        "unsupported_response_type"
    )
    oauth2_server(mock.state).consent = "deny"
    denied = redirect_params(authorize(mock))
    assert denied == {
        "state": "state-123",
        "error": "access_denied",
        "error_description": "The user denied the request",
    }


def test_loopback_redirects_match_any_port_others_exactly(mock: Mock) -> None:
    for uri in ("http://127.0.0.1:1/callback", "http://localhost:65000/callback"):
        response = authorize(mock, redirect_uri=uri)
        assert response.status_code == 302 and response.headers["location"].startswith(uri)
    for uri in (
        "http://127.0.0.1:1/other",
        "http://10.0.0.1:1/callback",
        "http://127.0.0.1:1/callback?x=1",
    ):
        assert authorize(mock, redirect_uri=uri).status_code == 400


def test_refresh_rotates_and_the_spent_token_is_refused(mock: Mock) -> None:
    first = login(mock)
    refresh = {"grant_type": "refresh_token", "client_id": PUBLIC_CLIENT}
    second = mock.client.post(
        "/2/oauth2/token", data={**refresh, "refresh_token": first["refresh_token"]}
    )
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]
    assert second.headers["cache-control"] == "no-store"
    again = mock.client.post(
        "/2/oauth2/token", data={**refresh, "refresh_token": first["refresh_token"]}
    )
    assert again.status_code == 400
    assert again.json()["error_description"] == "Value passed for the token was invalid."


def test_confidential_clients_must_use_basic_auth(mock: Mock) -> None:
    server = oauth2_server(mock.state)
    pair = server.issue(CONFIDENTIAL_CLIENT, frozenset({"media.write", "offline.access"}))
    form = {"grant_type": "refresh_token", "refresh_token": pair["refresh_token"]}
    in_body = mock.client.post("/2/oauth2/token", data={**form, "client_id": CONFIDENTIAL_CLIENT})
    assert in_body.status_code == 401
    assert in_body.json() == {
        "error": "unauthorized_client",
        "error_description": "Missing valid authorization header",
    }
    wrong = mock.client.post("/2/oauth2/token", data=form, auth=(CONFIDENTIAL_CLIENT, "wrong"))
    assert wrong.status_code == 401
    right = mock.client.post(
        "/2/oauth2/token", data=form, auth=(CONFIDENTIAL_CLIENT, CLIENT_SECRET)
    )
    assert right.status_code == 200


def test_revoke_kills_the_grant(mock: Mock) -> None:
    body = login(mock)
    auth = {"Authorization": f"Bearer {body['access_token']}"}
    revoked = mock.client.post(
        "/2/oauth2/revoke", data={"token": body["refresh_token"], "client_id": PUBLIC_CLIENT}
    )
    assert revoked.status_code == 200 and revoked.json() == {"revoked": True}
    response = mock.client.post(
        "/2/media/upload/initialize",
        json={"media_type": "image/png", "total_bytes": 9},
        headers=auth,
    )
    assert response.status_code == 401
    unknown = mock.client.post(
        "/2/oauth2/revoke", data={"token": "nope", "client_id": PUBLIC_CLIENT}
    )
    assert unknown.json() == {"revoked": True}


def test_missing_media_write_is_x_403_on_upload_endpoints(mock: Mock) -> None:
    server = oauth2_server(mock.state)
    pair = server.issue(PUBLIC_CLIENT, frozenset({"tweet.read", "users.read"}))
    response = mock.client.post(
        "/2/media/upload/initialize",
        json={"media_type": "image/png", "total_bytes": 9},
        headers={"Authorization": f"Bearer {pair['access_token']}"},
    )
    assert response.status_code == 403
    assert response.json() == {
        "title": "Forbidden",
        "type": "about:blank",
        "status": 403,
        "detail": "Forbidden",
    }


def test_token_requests_must_be_form_encoded(mock: Mock) -> None:
    response = mock.client.post("/2/oauth2/token", json={"grant_type": "refresh_token"})
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    odd = mock.client.post(
        "/2/oauth2/token", data={"grant_type": "password", "client_id": PUBLIC_CLIENT}
    )
    assert odd.json()["error"] == "unsupported_grant_type"


def test_admin_route_sets_consent_and_issues_tokens(mock: Mock) -> None:
    assert mock.client.patch("/_mock/oauth2", json={"consent": "deny"}).json()["consent"] == "deny"
    assert redirect_params(authorize(mock))["error"] == "access_denied"
    assert mock.client.patch("/_mock/oauth2", json={"consent": "maybe"}).status_code == 400
    issued = mock.client.post("/_mock/oauth2", json={"scopes": ["media.write"]}).json()
    auth = {"Authorization": f"Bearer {issued['access_token']}"}
    assert mock.init(100, "image/png", None, headers=auth)
    assert mock.client.delete("/_mock/oauth2").json()["counts"] == {}
