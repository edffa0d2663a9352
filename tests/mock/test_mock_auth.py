"""Credentials: bearer tokens, OAuth 1.0a signatures verified for real, 401/403/404 as X."""

from __future__ import annotations

import time

import httpx
import pytest
from authlib.oauth1.rfc5849.client_auth import ClientAuth
from xmedia_mock.testing import APP, READONLY, USER2, Mock, fake_mp4

OAUTH1 = dict(
    client_id="mock-consumer-key",
    client_secret="mock-consumer-secret",
    token="1-mock-access-token",
    token_secret="mock-access-token-secret",
)
INIT_BODY = {"media_type": "video/mp4", "total_bytes": 10}


@pytest.fixture(autouse=True)
def _plain_http_oauth1(monkeypatch: pytest.MonkeyPatch) -> None:
    # authlib refuses to sign http:// URLs unless told this is a test.
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")


def sign(request: httpx.Request, **changes: str) -> httpx.Request:
    """OAuth 1.0a HMAC-SHA1 as a client does it: urlencoded bodies signed, multipart not."""
    creds = OAUTH1 | changes
    client = ClientAuth(
        creds["client_id"], creds["client_secret"], creds["token"], creds["token_secret"]
    )
    body = request.read()
    form = "application/x-www-form-urlencoded" in request.headers.get("content-type", "")
    headers = {"Content-Type": request.headers.get("content-type", "")}
    _, signed, _ = client.prepare(request.method, str(request.url), headers, body if form else b"")
    request.headers["Authorization"] = signed["Authorization"]
    return request


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer "},
    ],
)
def test_missing_or_unknown_credentials_get_401(mock: Mock, headers: dict[str, str]) -> None:
    response = mock.client.post("/2/media/upload/initialize", json=INIT_BODY, headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "title": "Unauthorized",
        "type": "about:blank",
        "status": 401,
        "detail": "Unauthorized",
    }
    assert "x-rate-limit-limit" in response.headers


def test_app_only_bearer_on_upload_is_unsupported_authentication(mock: Mock) -> None:
    response = mock.client.post("/2/media/upload/initialize", json=INIT_BODY, headers=APP)
    assert response.status_code == 403
    assert (
        response.json()["type"] == "https://api.twitter.com/2/problems/unsupported-authentication"
    )


def test_app_only_bearer_may_look_media_up(mock: Mock) -> None:
    _, final = mock.upload(fake_mp4(10), 10)
    key = final.json()["data"]["media_key"]
    response = mock.client.get(f"/2/media/{key}", headers=APP)
    assert response.status_code == 200
    assert response.json()["data"]["media_key"] == key


def test_token_without_media_write_gets_403(mock: Mock) -> None:
    response = mock.client.post("/2/media/upload/initialize", json=INIT_BODY, headers=READONLY)
    assert response.status_code == 403
    assert response.json()["type"] == "about:blank"


def test_another_users_media_is_not_found(mock: Mock) -> None:
    media_id = mock.init(10)
    for response in (
        mock.append(media_id, 0, b"x" * 10, headers=USER2),
        mock.finalize(media_id, headers=USER2),
        mock.status(media_id, headers=USER2),
    ):
        assert response.status_code == 404
        body = response.json()
        assert body["type"].endswith("/2/problems/resource-not-found")
        assert body["resource_type"] == "media"
    # ...exactly what an id that never existed answers.
    unknown = mock.finalize("1234567890123456789", headers=USER2).json()
    assert unknown["title"] == "Not Found Error"


def test_oauth1_signed_requests_are_accepted(mock: Mock) -> None:
    client = mock.client
    init = client.send(
        sign(client.build_request("POST", "/2/media/upload/initialize", json=INIT_BODY))
    )
    assert init.status_code == 200, init.text
    media_id = init.json()["data"]["id"]
    # multipart body: not part of the base string
    append = client.build_request(
        "POST",
        f"/2/media/upload/{media_id}/append",
        files={"media": ("b", fake_mp4(10))},
        data={"segment_index": "0"},
    )
    assert client.send(sign(append)).status_code == 200
    # query parameters and an urlencoded body are part of it
    command = client.build_request(
        "POST",
        "/2/media/upload?command=INIT",
        data={"total_bytes": "10", "media_type": "image/png"},
    )
    assert client.send(sign(command)).status_code == 200
    status = client.build_request("GET", "/2/media/upload", params={"media_id": media_id})
    assert client.send(sign(status)).status_code == 400  # signed fine; not finalized yet


@pytest.mark.parametrize(
    "changes",
    [
        {"client_secret": "wrong"},
        {"token_secret": "wrong"},
        {"client_id": "unknown-consumer"},
        {"token": "2-unknown-token"},
    ],
)
def test_oauth1_bad_signature_or_unknown_keys_get_401(mock: Mock, changes: dict[str, str]) -> None:
    request = mock.client.build_request("POST", "/2/media/upload/initialize", json=INIT_BODY)
    response = mock.client.send(sign(request, **changes))
    assert response.status_code == 401


def test_oauth1_tampered_query_gets_401(mock: Mock) -> None:
    request = mock.client.build_request("GET", "/2/media/upload", params={"media_id": "1"})
    signed = sign(request)
    tampered = mock.client.build_request(
        "GET", "/2/media/upload", params={"media_id": "2"}, headers=signed.headers
    )
    assert mock.client.send(tampered).status_code == 401


def test_oauth1_nonce_reuse_is_refused(mock: Mock) -> None:
    request = mock.client.build_request("POST", "/2/media/upload/initialize", json=INIT_BODY)
    signed = sign(request)
    assert mock.client.send(signed).status_code == 200
    replay = mock.client.build_request(
        "POST", "/2/media/upload/initialize", json=INIT_BODY, headers=signed.headers
    )
    assert mock.client.send(replay).status_code == 401


def test_oauth1_stale_timestamp_is_refused(mock: Mock, monkeypatch: pytest.MonkeyPatch) -> None:
    request = mock.client.build_request("POST", "/2/media/upload/initialize", json=INIT_BODY)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 3600)
    signed = sign(request)
    monkeypatch.setattr(time, "time", real_time)
    assert mock.client.send(signed).status_code == 401


def test_secrets_never_appear_in_config_repr(mock: Mock) -> None:
    text = repr(mock.config)
    for secret in ("mock-user-token", "mock-consumer-secret", "mock-access-token-secret"):
        assert secret not in text
