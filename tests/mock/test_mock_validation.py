"""Validation in X's RFC 7807 shape, limits as data, 413 without reading the body, never a 5xx."""

from __future__ import annotations

import asyncio
import json
from collections.abc import MutableMapping
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xmedia_mock import MockConfig, create_app
from xmedia_mock.config import CategoryLimit, default_category_limits
from xmedia_mock.testing import USER, Mock, fake_mp4, make_mock


def assert_invalid_request(response: httpx.Response, parameter: str) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["type"] == "https://api.twitter.com/2/problems/invalid-request"
    assert body["title"] == "Invalid Request"
    assert parameter in body["errors"][0]["parameters"]
    assert body["errors"][0]["message"]


MP4 = {"media_type": "video/mp4", "total_bytes": 10}
TOO_BIG_IMAGE = {"media_type": "image/png", "total_bytes": 5 * 1024 * 1024 + 1}


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"total_bytes": 10}, "media_type"),
        ({"media_type": "video/mp4"}, "total_bytes"),
        ({"media_type": "video/avi", "total_bytes": 10}, "media_type"),
        (MP4 | {"media_category": "tweet_hologram"}, "media_category"),
        (MP4 | {"total_bytes": -1}, "total_bytes"),
        (MP4 | {"total_bytes": "ten"}, "total_bytes"),
        (MP4 | {"total_bytes": True}, "total_bytes"),
        (MP4 | {"surprise": 1}, "surprise"),
        (MP4 | {"additional_owners": ["x"]}, "additional_owners"),
        (MP4 | {"additional_owners": ["1"] * 101}, "additional_owners"),
        (TOO_BIG_IMAGE | {"media_category": "tweet_image"}, "total_bytes"),
    ],
)
def test_initialize_validation(mock: Mock, body: dict[str, Any], parameter: str) -> None:
    response = mock.client.post("/2/media/upload/initialize", json=body, headers=USER)
    assert_invalid_request(response, parameter)


def test_category_limits_are_data() -> None:
    limits = default_category_limits() | {"tweet_image": CategoryLimit(100, "3", "photo", False)}
    for mock in make_mock(category_limits=limits):
        body = {"media_type": "image/png", "total_bytes": 101, "media_category": "tweet_image"}
        response = mock.client.post("/2/media/upload/initialize", json=body, headers=USER)
        assert_invalid_request(response, "total_bytes")
        body["total_bytes"] = 100
        assert (
            mock.client.post("/2/media/upload/initialize", json=body, headers=USER).status_code
            == 200
        )


@pytest.mark.parametrize("index", ["-1", "1000", "abc", "", "1.5"])
def test_segment_index_outside_0_to_999_is_refused(mock: Mock, index: str) -> None:
    media_id = mock.init(10)
    response = mock.client.post(
        f"/2/media/upload/{media_id}/append",
        files={"media": ("b", b"x")},
        data={"segment_index": index},
        headers=USER,
    )
    assert_invalid_request(response, "segment_index")
    assert mock.state.upload_digest(media_id).segment_count == 0


def test_append_needs_media_and_segment_index(mock: Mock) -> None:
    media_id = mock.init(10)
    url = f"/2/media/upload/{media_id}/append"
    no_media = mock.client.post(
        url, files={"other": ("b", b"x")}, data={"segment_index": "0"}, headers=USER
    )
    assert_invalid_request(no_media, "other")
    no_index = mock.client.post(url, files={"media": ("b", b"x")}, headers=USER)
    assert_invalid_request(no_index, "segment_index")
    bad_b64 = mock.client.post(url, json={"media": "!!!", "segment_index": 0}, headers=USER)
    assert_invalid_request(bad_b64, "media")


def test_malformed_media_id_is_400_and_unknown_is_404(mock: Mock) -> None:
    assert_invalid_request(mock.finalize("abc"), "id")
    assert mock.finalize("99").status_code == 404


def test_append_over_chunk_limit_is_413() -> None:
    for mock in make_mock(chunk_limit=1000):
        media_id = mock.init(2000)
        response = mock.append(media_id, 0, fake_mp4(1001))
        assert response.status_code == 413
        assert response.content == b""  # as X's edge answers it (trypost #31)
        assert mock.append(media_id, 0, fake_mp4(1000)).status_code == 200
        assert mock.state.upload_digest(media_id).append_counts == {0: 1}


def test_oversized_append_is_refused_without_reading_the_whole_body() -> None:
    """A streamed (no Content-Length) 64 MiB APPEND stops being read soon after 1 MiB."""
    chunk_limit = 1024 * 1024
    app = create_app(MockConfig(chunk_limit=chunk_limit))
    yielded = 0
    boundary = b"xmediaboundary"

    async def body() -> Any:
        nonlocal yielded
        yield (
            b"--"
            + boundary
            + b'\r\nContent-Disposition: form-data; name="segment_index"\r\n\r\n0\r\n'
            b"--" + boundary + b'\r\nContent-Disposition: form-data; name="media"; filename="b"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n"
        )
        for _ in range(1024):  # 1024 x 64 KiB = 64 MiB
            yielded += 1
            yield b"\0" * 65536
        yield b"\r\n--" + boundary + b"--\r\n"

    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://mock", headers=USER
        ) as client:
            init = await client.post(
                "/2/media/upload/initialize", json={"media_type": "video/mp4", "total_bytes": 10}
            )
            media_id = init.json()["data"]["id"]
            return await client.post(
                f"/2/media/upload/{media_id}/append",
                content=body(),
                headers={"Content-Type": "multipart/form-data; boundary=" + boundary.decode()},
            )

    response = asyncio.run(run())
    assert response.status_code == 413
    assert yielded < 64  # ~17 chunks read (1 MiB + one over), not 1024
    app.state.mock.close()


def test_declared_oversized_content_length_is_refused_before_any_read() -> None:
    app = create_app(MockConfig(chunk_limit=1000))
    state = app.state.mock
    upload = state.new_upload(
        "1", "video/mp4", None, state.config.category_limits["tweet_video"], 10
    )
    reads = 0
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": f"/2/media/upload/{upload.media_id}/append",
        "raw_path": b"",
        "query_string": b"",
        "headers": [
            (b"authorization", b"Bearer mock-user-token"),
            (b"content-type", b"multipart/form-data; boundary=x"),
            (b"content-length", b"1000000000"),
        ],
        "scheme": "http",
        "server": ("mock", 80),
        "client": ("127.0.0.1", 1),
        "http_version": "1.1",
        "root_path": "",
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert reads == 0
    state.close()


def test_unknown_query_parameter_is_400(mock: Mock) -> None:
    response = mock.client.get(
        "/2/media/upload", params={"media_id": "1", "foo": "bar"}, headers=USER
    )
    assert_invalid_request(response, "foo")


def test_unknown_route_and_method_are_problems(mock: Mock) -> None:
    missing = mock.client.get("/2/media/upload/1/nothing", headers=USER)
    assert missing.status_code == 404 and missing.json()["type"] == "about:blank"
    wrong_method = mock.client.put("/2/media/upload/initialize", headers=USER)
    assert wrong_method.status_code == 405
    assert "x-rate-limit-limit" in wrong_method.headers


ENDPOINTS = [
    ("POST", "/2/media/upload/initialize"),
    ("POST", "/2/media/upload/{id}/append"),
    ("POST", "/2/media/upload/{id}/finalize"),
    ("GET", "/2/media/upload"),
    ("POST", "/2/media/upload"),
    ("POST", "/2/media/metadata"),
    ("POST", "/2/media/subtitles"),
    ("DELETE", "/2/media/subtitles"),
    ("GET", "/2/media"),
    ("GET", "/2/media/{key}"),
    ("GET", "/2/media/analytics"),
]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)
field_names = st.sampled_from(
    [
        "media",
        "segment_index",
        "media_type",
        "total_bytes",
        "media_category",
        "id",
        "metadata",
        "subtitles",
        "language_code",
        "additional_owners",
        "command",
        "media_id",
        "x",
    ]
)
query_values = st.text(max_size=12) | st.sampled_from(
    ["INIT", "APPEND", "FINALIZE", "STATUS", "1", "3_1"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    endpoint=st.sampled_from(ENDPOINTS),
    path_value=st.sampled_from(["1880000000000000001", "0", "abc", "3_1880000000000000001", "%00"]),
    query=st.dictionaries(field_names | st.text(max_size=5), query_values, max_size=3),
    body_kind=st.sampled_from(["json", "multipart", "form", "raw", "none"]),
    body=st.dictionaries(field_names, json_values, max_size=4),
    raw=st.binary(max_size=64),
)
def test_malformed_input_never_gets_a_5xx(
    fuzz_mock: Mock,
    endpoint: tuple[str, str],
    path_value: str,
    query: dict[str, str],
    body_kind: str,
    body: dict[str, Any],
    raw: bytes,
) -> None:
    method, template = endpoint
    url = template.replace("{id}", path_value).replace("{key}", path_value)
    kwargs: dict[str, Any] = {"params": query, "headers": USER}
    if body_kind == "json":
        kwargs["json"] = body
    elif body_kind == "multipart":
        kwargs["files"] = {"media": ("b", raw)}
        kwargs["data"] = {
            k: json.dumps(v) if not isinstance(v, str) else v
            for k, v in body.items()
            if k != "media"
        }
    elif body_kind == "form":
        kwargs["data"] = {k: str(v) for k, v in body.items()}
    elif body_kind == "raw":
        kwargs["content"] = raw
        kwargs["headers"] = USER | {"Content-Type": "application/json"}
    response = fuzz_mock.client.request(method, url, **kwargs)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        problem = response.json()
        assert problem["type"] and problem["title"]


@pytest.fixture(scope="module")
def fuzz_mock() -> Any:
    # One upload that exists, so some fuzzed ids hit real state.
    for mock in make_mock(rate_limits_enabled=False, first_media_id=1880000000000000000):
        mock.init(10)
        yield mock


@pytest.mark.parametrize(
    "field", ["media_category", "media_type", "additional_owners", "shared", "total_bytes"]
)
def test_null_is_not_a_value_in_initialize(mock: Mock, field: str) -> None:
    body: dict[str, Any] = {"media_type": "video/mp4", "total_bytes": 10, field: None}
    response = mock.client.post("/2/media/upload/initialize", json=body, headers=USER)
    assert_invalid_request(response, field)


def test_head_on_a_get_route_is_not_a_server_error(mock: Mock) -> None:
    response = mock.client.head("/2/media", params={"media_keys": "3_1"}, headers=USER)
    assert response.status_code == 200
    assert response.content == b""
