"""The generated client works: every operation, called the way the wrapper calls it, sends the right
request and parses every answer X gives (success, partial errors, problems, rate limits) into typed
objects.

Canned responses are checked against the contract spec before use, so they are shapes X may send.
"""

from __future__ import annotations

import asyncio
import datetime
import io
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import xmedia_generated.api.media
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator
from starlette.datastructures import UploadFile
from starlette.requests import Request as StarletteRequest
from xmedia_generated import AuthenticatedClient, Client
from xmedia_generated.api.media import (
    append_media_upload,
    create_media_metadata,
    create_media_subtitles,
    delete_media_subtitles,
    finalize_media_upload,
    get_media_analytics,
    get_media_by_media_key,
    get_media_by_media_keys,
    get_media_upload_status,
    initialize_media_upload,
    media_upload,
)
from xmedia_generated.models import (
    AppendMediaUploadRequest,
    AppendMediaUploadResponse,
    CreateMediaMetadataMetadata,
    CreateMediaMetadataMetadataAltText,
    CreateMediaMetadataRequest,
    CreateMediaMetadataResponse,
    CreateMediaSubtitlesRequest,
    CreateMediaSubtitlesRequestMediaCategory,
    CreateMediaSubtitlesResponse,
    CreateMediaSubtitlesSubtitles,
    DeleteMediaSubtitlesRequest,
    DeleteMediaSubtitlesResponse,
    FinalizeMediaUploadResponse,
    GetMediaAnalyticsGranularity,
    GetMediaAnalyticsResponse,
    GetMediaByMediaKeyMediaFieldsItem,
    GetMediaByMediaKeyResponse,
    GetMediaByMediaKeysMediaFieldsItem,
    GetMediaByMediaKeysResponse,
    GetMediaUploadStatusCommand,
    GetMediaUploadStatusResponse,
    InitializeMediaUploadRequest,
    InitializeMediaUploadRequestMediaCategory,
    InitializeMediaUploadRequestMediaType,
    InitializeMediaUploadResponse,
    MediaUploadCommand,
    MediaUploadMediaCategory,
    MediaUploadMultipartRequest,
    MediaUploadMultipartRequestMediaCategory,
    MediaUploadResponse,
    Problem,
    ProcessingInfo,
)
from xmedia_generated.types import UNSET, File, Response, Unset

ROOT = Path(__file__).resolve().parents[2]
SPEC: dict[str, Any] = yaml.safe_load((ROOT / "spec" / "x-media.openapi.yaml").read_text("utf-8"))
BASE_URL = "https://api.x.com"
MEDIA_ID = "1146654567674912769"
MEDIA_KEY = "7_1146654567674912769"
RATE_LIMIT = {
    "x-rate-limit-limit": "1875",
    "x-rate-limit-remaining": "0",
    "x-rate-limit-reset": "1700000900",
}


# --- canned answers, checked against the contract -------------------------------------------------


def spec_validator(schema_ref: str) -> OAS30Validator:
    return OAS30Validator({"$ref": schema_ref, "components": SPEC["components"]})


def conforming(schema_name: str, body: dict[str, Any]) -> dict[str, Any]:
    """body, after checking it is valid for the named contract schema (fails the test otherwise)."""
    spec_validator(f"#/components/schemas/{schema_name}").validate(body)
    return body


PROCESSING_PENDING = {"state": "pending", "check_after_secs": 1, "progress_percent": 0}
NOT_FOUND = {
    "title": "Not Found Error",
    "detail": "Could not find media with media_keys: [3_9].",
    "type": "https://api.twitter.com/2/problems/resource-not-found",
    "resource_type": "media",
    "parameter": "media_keys",
    "value": "3_9",
    "resource_id": "3_9",
}

PROBLEMS: dict[int, tuple[str, dict[str, Any]]] = {
    400: (
        "application/problem+json",
        {
            "errors": [
                {
                    "message": "segment_index must be <= 999",
                    "parameters": {"segment_index": ["1000"]},
                }
            ],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request",
        },
    ),
    401: (
        "application/json",
        {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"},
    ),
    402: (
        "application/problem+json",
        {
            "title": "CreditsDepleted",
            "detail": "Your enrolled account does not have any credits to fulfill this request.",
            "type": "https://api.x.com/2/problems/credits",
            "account_id": "42",
        },
    ),
    403: (
        "application/problem+json",
        {
            "title": "Unsupported Authentication",
            "detail": "Authenticating with OAuth 2.0 Application-Only is forbidden.",
            "type": "https://api.twitter.com/2/problems/unsupported-authentication",
            "status": 403,
        },
    ),
    404: ("application/problem+json", NOT_FOUND),
    413: ("application/json", {"title": "Payload Too Large", "type": "about:blank", "status": 413}),
    429: (
        "application/json",
        {
            "title": "Too Many Requests",
            "detail": "Too Many Requests",
            "type": "about:blank",
            "status": 429,
        },
    ),
    500: (
        "application/problem+json",
        {
            "title": "Internal Error",
            "detail": "x",
            "type": "https://api.x.com/2/problems/internal-error",
        },
    ),
    503: (
        "application/json",
        {"title": "Service Unavailable", "type": "about:blank", "status": 503},
    ),
}
for _content_type, _problem in PROBLEMS.values():
    conforming("Problem", _problem)


# --- a fake X behind httpx.MockTransport ----------------------------------------------------------


@dataclass
class Canned:
    status: int
    body: dict[str, Any] | bytes | None = None
    content_type: str = "application/json"
    headers: dict[str, str] | None = None


class FakeX:
    """Answers every request with one canned response and records what was sent."""

    def __init__(self, answer: Canned) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        headers = dict(self.answer.headers or {})
        if isinstance(self.answer.body, dict):
            content = json.dumps(self.answer.body).encode()
            headers["content-type"] = self.answer.content_type
        else:
            content = self.answer.body or b""
            if content:
                headers["content-type"] = self.answer.content_type
        return httpx.Response(self.answer.status, content=content, headers=headers)

    @property
    def request(self) -> httpx.Request:
        assert len(self.requests) == 1
        return self.requests[0]


def client_for(fake: FakeX) -> Client:
    """A plain Client around the caller's own httpx client, the way the wrapper builds it."""
    http = httpx.Client(base_url=BASE_URL, transport=httpx.MockTransport(fake))
    async_http = httpx.AsyncClient(base_url=BASE_URL, transport=httpx.MockTransport(fake))
    return Client(base_url=BASE_URL).set_httpx_client(http).set_async_httpx_client(async_http)


# --- every operation ------------------------------------------------------------------------------

Call = Callable[[Client], Response[Any]]
AsyncCall = Callable[[Client], Any]


@dataclass
class Operation:
    module: Any
    method: str
    path: str
    call: Call
    acall: AsyncCall
    success: Canned
    expected_type: type
    check: Callable[[Any], None]


def segment(index: int, payload: bytes) -> AppendMediaUploadRequest:
    media = File(
        payload=io.BytesIO(payload),
        file_name=f"segment-{index:04d}",
        mime_type="application/octet-stream",
    )
    return AppendMediaUploadRequest(media=media, segment_index=index)


def initialize_body() -> InitializeMediaUploadRequest:
    return InitializeMediaUploadRequest(
        media_type=InitializeMediaUploadRequestMediaType.VIDEO_MP4,
        total_bytes=10_485_760,
        media_category=InitializeMediaUploadRequestMediaCategory.TWEET_VIDEO,
        additional_owners=["2244994945", "12"],
        shared=False,
    )


def metadata_body() -> CreateMediaMetadataRequest:
    alt_text = CreateMediaMetadataMetadataAltText(text="A cat on a keyboard")
    return CreateMediaMetadataRequest(
        id=MEDIA_ID, metadata=CreateMediaMetadataMetadata(alt_text=alt_text)
    )


def subtitles_body() -> CreateMediaSubtitlesRequest:
    return CreateMediaSubtitlesRequest(
        id=MEDIA_ID,
        media_category=CreateMediaSubtitlesRequestMediaCategory.TWEETVIDEO,
        subtitles=CreateMediaSubtitlesSubtitles(
            display_name="English", id="1146654567674912770", language_code="EN"
        ),
    )


def delete_subtitles_body() -> DeleteMediaSubtitlesRequest:
    return DeleteMediaSubtitlesRequest(id=MEDIA_ID, media_category="TweetVideo", language_code="EN")


START = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
END = datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC)


def check_initialize(parsed: InitializeMediaUploadResponse) -> None:
    assert not isinstance(parsed.data, Unset)
    assert (parsed.data.id, parsed.data.media_key, parsed.data.expires_after_secs) == (
        MEDIA_ID,
        MEDIA_KEY,
        86400,
    )


def check_append(parsed: AppendMediaUploadResponse) -> None:
    assert not isinstance(parsed.data, Unset)
    assert parsed.data.expires_at == 1_700_086_400


def check_finalize(parsed: FinalizeMediaUploadResponse) -> None:
    assert not isinstance(parsed.data, Unset)
    assert parsed.data.id == MEDIA_ID and parsed.data.size == 10_485_760
    info = parsed.data.processing_info
    assert isinstance(info, ProcessingInfo)
    assert (info.state, info.check_after_secs, info.progress_percent) == ("pending", 1, 0)


def check_status(parsed: GetMediaUploadStatusResponse) -> None:
    assert not isinstance(parsed.data, Unset)
    info = parsed.data.processing_info
    assert isinstance(info, ProcessingInfo) and not isinstance(info.error, Unset)
    assert (info.state, info.progress_percent) == ("failed", 40)
    assert (info.error.code, info.error.name, info.error.message) == (
        1,
        "InvalidMedia",
        "Unsupported video format",
    )
    assert isinstance(info.check_after_secs, Unset)


def check_media_upload(parsed: MediaUploadResponse) -> None:
    assert not isinstance(parsed.data, Unset)
    assert parsed.data.id == MEDIA_ID
    assert not isinstance(parsed.data.image, Unset) and parsed.data.image.w == 640


def check_lookup(parsed: GetMediaByMediaKeysResponse) -> None:
    assert not isinstance(parsed.data, Unset) and not isinstance(parsed.errors, Unset)
    assert [media.media_key for media in parsed.data] == [MEDIA_KEY]
    assert parsed.data[0].type_ == "video"
    assert parsed.errors[0].type_ == NOT_FOUND["type"] and parsed.errors[0].resource_id == "3_9"


def check_lookup_one(parsed: GetMediaByMediaKeyResponse) -> None:
    assert not isinstance(parsed.data, Unset)
    assert (parsed.data.media_key, parsed.data.alt_text) == (MEDIA_KEY, "A cat")


def check_analytics(parsed: GetMediaAnalyticsResponse) -> None:
    assert not isinstance(parsed.data, Unset)
    assert parsed.data[0].media_key == MEDIA_KEY and parsed.data[0].video_views == 12


def check_metadata(parsed: CreateMediaMetadataResponse) -> None:
    assert not isinstance(parsed.data, Unset) and parsed.data.id == MEDIA_ID


def check_subtitles(parsed: CreateMediaSubtitlesResponse) -> None:
    assert not isinstance(parsed.data, Unset) and parsed.data.id == MEDIA_ID


def check_delete_subtitles(parsed: DeleteMediaSubtitlesResponse) -> None:
    assert not isinstance(parsed.data, Unset) and parsed.data.deleted is True


def ok(schema: str, body: dict[str, Any]) -> Canned:
    return Canned(200, conforming(schema, body), headers={"x-rate-limit-remaining": "1874"})


OPERATIONS = {
    "initialize_media_upload": Operation(
        initialize_media_upload,
        "POST",
        "/2/media/upload/initialize",
        lambda c: initialize_media_upload.sync_detailed(client=c, body=initialize_body()),
        lambda c: initialize_media_upload.asyncio_detailed(client=c, body=initialize_body()),
        ok(
            "InitializeMediaUploadResponse",
            {"data": {"id": MEDIA_ID, "media_key": MEDIA_KEY, "expires_after_secs": 86400}},
        ),
        InitializeMediaUploadResponse,
        check_initialize,
    ),
    "append_media_upload": Operation(
        append_media_upload,
        "POST",
        f"/2/media/upload/{MEDIA_ID}/append",
        lambda c: append_media_upload.sync_detailed(MEDIA_ID, client=c, body=segment(3, b"abc")),
        lambda c: append_media_upload.asyncio_detailed(MEDIA_ID, client=c, body=segment(3, b"abc")),
        ok("AppendMediaUploadResponse", {"data": {"expires_at": 1_700_086_400}}),
        AppendMediaUploadResponse,
        check_append,
    ),
    "finalize_media_upload": Operation(
        finalize_media_upload,
        "POST",
        f"/2/media/upload/{MEDIA_ID}/finalize",
        lambda c: finalize_media_upload.sync_detailed(MEDIA_ID, client=c),
        lambda c: finalize_media_upload.asyncio_detailed(MEDIA_ID, client=c),
        ok(
            "FinalizeMediaUploadResponse",
            {
                "data": {
                    "id": MEDIA_ID,
                    "media_key": MEDIA_KEY,
                    "size": 10_485_760,
                    "expires_after_secs": 86400,
                    "processing_info": PROCESSING_PENDING,
                }
            },
        ),
        FinalizeMediaUploadResponse,
        check_finalize,
    ),
    "get_media_upload_status": Operation(
        get_media_upload_status,
        "GET",
        "/2/media/upload",
        lambda c: get_media_upload_status.sync_detailed(
            client=c, media_id=MEDIA_ID, command=GetMediaUploadStatusCommand.STATUS
        ),
        lambda c: get_media_upload_status.asyncio_detailed(
            client=c, media_id=MEDIA_ID, command=GetMediaUploadStatusCommand.STATUS
        ),
        ok(
            "GetMediaUploadStatusResponse",
            {
                "data": {
                    "id": MEDIA_ID,
                    "media_key": MEDIA_KEY,
                    "processing_info": {
                        "state": "failed",
                        "progress_percent": 40,
                        "error": {
                            "code": 1,
                            "name": "InvalidMedia",
                            "message": "Unsupported video format",
                        },
                    },
                }
            },
        ),
        GetMediaUploadStatusResponse,
        check_status,
    ),
    "media_upload": Operation(
        media_upload,
        "POST",
        "/2/media/upload",
        lambda c: media_upload.sync_detailed(
            client=c,
            body=MediaUploadMultipartRequest(
                media=File(
                    payload=io.BytesIO(b"\x89PNG"), file_name="cat.png", mime_type="image/png"
                ),
                media_category=MediaUploadMultipartRequestMediaCategory.TWEET_IMAGE,
            ),
        ),
        lambda c: media_upload.asyncio_detailed(
            client=c,
            body=MediaUploadMultipartRequest(
                media=File(
                    payload=io.BytesIO(b"\x89PNG"), file_name="cat.png", mime_type="image/png"
                ),
                media_category=MediaUploadMultipartRequestMediaCategory.TWEET_IMAGE,
            ),
        ),
        ok(
            "MediaUploadResponse",
            {
                "data": {
                    "id": MEDIA_ID,
                    "media_key": "3_1146654567674912769",
                    "size": 4,
                    "image": {"image_type": "image/png", "w": 640, "h": 480},
                }
            },
        ),
        MediaUploadResponse,
        check_media_upload,
    ),
    "get_media_by_media_keys": Operation(
        get_media_by_media_keys,
        "GET",
        "/2/media",
        lambda c: get_media_by_media_keys.sync_detailed(
            client=c,
            media_keys=[MEDIA_KEY, "3_9"],
            media_fields=[
                GetMediaByMediaKeysMediaFieldsItem.TYPE,
                GetMediaByMediaKeysMediaFieldsItem.URL,
            ],
        ),
        lambda c: get_media_by_media_keys.asyncio_detailed(client=c, media_keys=[MEDIA_KEY, "3_9"]),
        ok(
            "GetMediaByMediaKeysResponse",
            {"data": [{"media_key": MEDIA_KEY, "type": "video"}], "errors": [NOT_FOUND]},
        ),
        GetMediaByMediaKeysResponse,
        check_lookup,
    ),
    "get_media_by_media_key": Operation(
        get_media_by_media_key,
        "GET",
        f"/2/media/{MEDIA_KEY}",
        lambda c: get_media_by_media_key.sync_detailed(
            MEDIA_KEY, client=c, media_fields=[GetMediaByMediaKeyMediaFieldsItem.ALT_TEXT]
        ),
        lambda c: get_media_by_media_key.asyncio_detailed(MEDIA_KEY, client=c),
        ok(
            "GetMediaByMediaKeyResponse",
            {"data": {"media_key": MEDIA_KEY, "alt_text": "A cat", "type": "photo"}},
        ),
        GetMediaByMediaKeyResponse,
        check_lookup_one,
    ),
    "get_media_analytics": Operation(
        get_media_analytics,
        "GET",
        "/2/media/analytics",
        lambda c: get_media_analytics.sync_detailed(
            client=c,
            media_keys=[MEDIA_KEY],
            start_time=START,
            end_time=END,
            granularity=GetMediaAnalyticsGranularity.HOURLY,
        ),
        lambda c: get_media_analytics.asyncio_detailed(
            client=c, media_keys=[MEDIA_KEY], start_time=START, end_time=END
        ),
        ok(
            "GetMediaAnalyticsResponse",
            {
                "data": [
                    {
                        "media_key": MEDIA_KEY,
                        "video_views": 12,
                        "timestamped_metrics": [
                            {
                                "timestamp": "2026-11-01T00:00:00Z",
                                "metrics": {"video_views": 7, "playback25": "n/a"},
                            }
                        ],
                    }
                ]
            },
        ),
        GetMediaAnalyticsResponse,
        check_analytics,
    ),
    "create_media_metadata": Operation(
        create_media_metadata,
        "POST",
        "/2/media/metadata",
        lambda c: create_media_metadata.sync_detailed(client=c, body=metadata_body()),
        lambda c: create_media_metadata.asyncio_detailed(client=c, body=metadata_body()),
        ok(
            "CreateMediaMetadataResponse",
            {
                "data": {
                    "id": MEDIA_ID,
                    "associated_metadata": {"alt_text": {"text": "A cat on a keyboard"}},
                }
            },
        ),
        CreateMediaMetadataResponse,
        check_metadata,
    ),
    "create_media_subtitles": Operation(
        create_media_subtitles,
        "POST",
        "/2/media/subtitles",
        lambda c: create_media_subtitles.sync_detailed(client=c, body=subtitles_body()),
        lambda c: create_media_subtitles.asyncio_detailed(client=c, body=subtitles_body()),
        ok(
            "CreateMediaSubtitlesResponse",
            {"data": {"id": MEDIA_ID, "media_category": "TweetVideo"}},
        ),
        CreateMediaSubtitlesResponse,
        check_subtitles,
    ),
    "delete_media_subtitles": Operation(
        delete_media_subtitles,
        "DELETE",
        "/2/media/subtitles",
        lambda c: delete_media_subtitles.sync_detailed(client=c, body=delete_subtitles_body()),
        lambda c: delete_media_subtitles.asyncio_detailed(client=c, body=delete_subtitles_body()),
        ok("DeleteMediaSubtitlesResponse", {"data": {"deleted": True}}),
        DeleteMediaSubtitlesResponse,
        check_delete_subtitles,
    ),
}


def test_every_generated_operation_is_exercised() -> None:
    generated = {
        module.name for module in pkgutil.iter_modules(xmedia_generated.api.media.__path__)
    }
    assert generated == set(OPERATIONS)


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_success_sync(name: str) -> None:
    operation = OPERATIONS[name]
    fake = FakeX(operation.success)
    response = operation.call(client_for(fake))
    assert (fake.request.method, fake.request.url.path) == (operation.method, operation.path)
    assert response.status_code == 200
    assert response.headers["x-rate-limit-remaining"] == "1874"
    assert isinstance(response.parsed, operation.expected_type)
    operation.check(response.parsed)


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_success_async(name: str) -> None:
    operation = OPERATIONS[name]
    fake = FakeX(operation.success)
    response = asyncio.run(operation.acall(client_for(fake)))
    assert (fake.request.method, fake.request.url.path) == (operation.method, operation.path)
    assert isinstance(response.parsed, operation.expected_type)
    operation.check(response.parsed)


@pytest.mark.parametrize("status", sorted(PROBLEMS))
@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_problem_responses_parse_into_problem(name: str, status: int) -> None:
    content_type, body = PROBLEMS[status]
    headers = RATE_LIMIT if status == 429 else None
    fake = FakeX(Canned(status, body, content_type=content_type, headers=headers))
    response = OPERATIONS[name].call(client_for(fake))
    assert response.status_code == status
    problem = response.parsed
    assert isinstance(problem, Problem)
    assert problem.type_ == body["type"] and problem.title == body["title"]
    assert problem.detail == body.get("detail", UNSET)
    if status == 400:
        assert not isinstance(problem.errors, Unset)
        assert problem.errors[0].message == "segment_index must be <= 999"
        assert not isinstance(problem.errors[0].parameters, Unset)
        assert problem.errors[0].parameters["segment_index"] == ["1000"]
    if status == 402:
        assert problem.account_id == "42"
    if status == 429:
        assert {name: response.headers[name] for name in RATE_LIMIT} == RATE_LIMIT


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (502, b"<html><body>Bad Gateway</body></html>", "text/html"),
        (503, b"", "text/plain"),
        (500, b'["not", "an", "object"]', "application/json"),
    ],
)
def test_error_bodies_that_are_not_json_objects_still_parse(
    status: int, body: bytes, content_type: str
) -> None:
    fake = FakeX(Canned(status, body, content_type=content_type))
    response = OPERATIONS["finalize_media_upload"].call(client_for(fake))
    assert isinstance(response.parsed, Problem)
    assert (response.parsed.type_, response.parsed.status) == ("about:blank", status)


def test_unknown_problem_type_and_fields_are_kept() -> None:
    body = {
        "type": "https://api.x.com/2/problems/brand-new",
        "title": "New",
        "detail": "d",
        "extra": {"a": 1},
    }
    fake = FakeX(Canned(409, body, content_type="application/problem+json"))
    response = OPERATIONS["initialize_media_upload"].call(client_for(fake))
    assert isinstance(response.parsed, Problem)
    assert response.parsed.type_ == body["type"] and response.parsed["extra"] == {"a": 1}


def test_the_legacy_error_shape_parses() -> None:
    fake = FakeX(Canned(400, {"code": 324, "message": "Invalid media id"}))
    response = OPERATIONS["finalize_media_upload"].call(client_for(fake))
    assert isinstance(response.parsed, Problem)
    assert (response.parsed.code, response.parsed.message) == (324, "Invalid media id")


# --- request encoding -----------------------------------------------------------------------------


def test_initialize_sends_json() -> None:
    fake = FakeX(OPERATIONS["initialize_media_upload"].success)
    OPERATIONS["initialize_media_upload"].call(client_for(fake))
    assert fake.request.headers["content-type"] == "application/json"
    assert json.loads(fake.request.content) == {
        "media_type": "video/mp4",
        "total_bytes": 10_485_760,
        "media_category": "tweet_video",
        "additional_owners": ["2244994945", "12"],
        "shared": False,
    }


async def _parse_form(
    request: httpx.Request,
) -> dict[str, tuple[str | None, str | None, bytes] | str]:
    """Parse a multipart body the way the mock server (Starlette / python-multipart) does."""
    scope = {
        "type": "http",
        "method": request.method,
        "path": request.url.path,
        "query_string": request.url.query,
        "headers": [
            (key.lower().encode(), value.encode()) for key, value in request.headers.items()
        ],
    }
    body = request.content

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    form = await StarletteRequest(scope, receive).form()
    parsed: dict[str, tuple[str | None, str | None, bytes] | str] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            parsed[key] = (value.filename, value.content_type, await value.read())
        else:
            parsed[key] = value
    return parsed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=999),
    payload=st.binary(min_size=0, max_size=2048)
    | st.sampled_from([b"\r\n--+++\r\n", b"--+++--", b"\x00" * 64, b"\r\n\r\n"]),
)
def test_append_sends_media_as_a_file_part_and_segment_index(index: int, payload: bytes) -> None:
    fake = FakeX(Canned(204))
    response = append_media_upload.sync_detailed(
        MEDIA_ID, client=client_for(fake), body=segment(index, payload)
    )
    assert response.status_code == 204 and response.parsed is None
    request = fake.request
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    assert not content_type.endswith("boundary=+++"), (
        "a fixed boundary can occur inside media bytes"
    )
    form = asyncio.run(_parse_form(request))
    assert form["media"] == (f"segment-{index:04d}", "application/octet-stream", payload)
    assert form["segment_index"] == str(index)


def test_command_style_init_append_finalize() -> None:
    client_calls: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        request.read()
        client_calls.append(request)
        command = request.url.params["command"]
        if command == "APPEND":
            return httpx.Response(204)
        data: dict[str, Any] = {"id": MEDIA_ID, "media_key": MEDIA_KEY, "expires_after_secs": 86400}
        if command == "FINALIZE":
            data |= {"size": 6, "processing_info": PROCESSING_PENDING}
        return httpx.Response(200, json=conforming("MediaUploadResponse", {"data": data}))

    http = httpx.Client(base_url=BASE_URL, transport=httpx.MockTransport(answer))
    client = Client(base_url=BASE_URL).set_httpx_client(http)

    init = media_upload.sync_detailed(
        client=client,
        command=MediaUploadCommand.INIT,
        total_bytes=6,
        media_type="video/mp4",
        media_category=MediaUploadMediaCategory.TWEET_VIDEO,
        additional_owners=["2244994945", "12"],
    )
    assert isinstance(init.parsed, MediaUploadResponse) and not isinstance(init.parsed.data, Unset)
    media_id = init.parsed.data.id
    appended = media_upload.sync_detailed(
        client=client,
        command=MediaUploadCommand.APPEND,
        media_id=media_id,
        body=MediaUploadMultipartRequest(
            media=File(
                payload=io.BytesIO(b"abcdef"),
                file_name="blob",
                mime_type="application/octet-stream",
            ),
            segment_index=0,
        ),
    )
    assert appended.status_code == 204 and appended.parsed is None
    final = media_upload.sync_detailed(
        client=client, command=MediaUploadCommand.FINALIZE, media_id=media_id
    )
    assert isinstance(final.parsed, MediaUploadResponse) and not isinstance(
        final.parsed.data, Unset
    )
    assert isinstance(final.parsed.data.processing_info, ProcessingInfo)

    init_request, append_request, finalize_request = client_calls
    assert dict(init_request.url.params) == {
        "command": "INIT",
        "total_bytes": "6",
        "media_type": "video/mp4",
        "media_category": "tweet_video",
        "additional_owners": "2244994945,12",
    }
    # INIT and FINALIZE carry no body, so no Content-Type either.
    assert init_request.content == b"" and "content-type" not in init_request.headers
    assert finalize_request.content == b"" and "content-type" not in finalize_request.headers
    assert dict(finalize_request.url.params) == {"command": "FINALIZE", "media_id": MEDIA_ID}
    assert dict(append_request.url.params) == {"command": "APPEND", "media_id": MEDIA_ID}
    form = asyncio.run(_parse_form(append_request))
    assert form == {"media": ("blob", "application/octet-stream", b"abcdef"), "segment_index": "0"}


def test_array_query_parameters_are_comma_separated() -> None:
    fake = FakeX(OPERATIONS["get_media_by_media_keys"].success)
    OPERATIONS["get_media_by_media_keys"].call(client_for(fake))
    params = fake.request.url.params
    assert params.get_list("media_keys") == [f"{MEDIA_KEY},3_9"]
    assert params.get_list("media.fields") == ["type,url"]


def test_analytics_query_encoding() -> None:
    fake = FakeX(OPERATIONS["get_media_analytics"].success)
    OPERATIONS["get_media_analytics"].call(client_for(fake))
    assert dict(fake.request.url.params) == {
        "media_keys": MEDIA_KEY,
        "start_time": START.isoformat(),
        "end_time": END.isoformat(),
        "granularity": "hourly",
    }


def test_delete_subtitles_sends_a_json_body() -> None:
    fake = FakeX(OPERATIONS["delete_media_subtitles"].success)
    OPERATIONS["delete_media_subtitles"].call(client_for(fake))
    assert fake.request.method == "DELETE"
    assert json.loads(fake.request.content) == {
        "id": MEDIA_ID,
        "media_category": "TweetVideo",
        "language_code": "EN",
    }


# --- tolerant parsing of what X may add -----------------------------------------------------------


@pytest.mark.parametrize("state", ["pending", "in_progress", "succeeded", "failed", "queued", ""])
def test_any_processing_state_parses_and_check_after_secs_may_be_missing(state: str) -> None:
    body = {
        "data": {
            "id": MEDIA_ID,
            "processing_info": {"state": state, "progress_percent": 5, "eta": 3},
        }
    }
    fake = FakeX(Canned(200, body))
    response = OPERATIONS["get_media_upload_status"].call(client_for(fake))
    assert isinstance(response.parsed, GetMediaUploadStatusResponse)
    assert not isinstance(response.parsed.data, Unset)
    info = response.parsed.data.processing_info
    assert isinstance(info, ProcessingInfo)
    assert info.state == state and isinstance(info.check_after_secs, Unset)
    assert info["eta"] == 3


def test_processing_info_without_state_parses() -> None:
    fake = FakeX(Canned(200, {"data": {"id": MEDIA_ID, "processing_info": {}}}))
    response = OPERATIONS["finalize_media_upload"].call(client_for(fake))
    assert isinstance(response.parsed, FinalizeMediaUploadResponse)
    assert not isinstance(response.parsed.data, Unset)
    assert isinstance(response.parsed.data.processing_info, ProcessingInfo)
    assert isinstance(response.parsed.data.processing_info.state, Unset)


def test_authenticated_client_sends_the_bearer_token() -> None:
    fake = FakeX(OPERATIONS["finalize_media_upload"].success)
    client = AuthenticatedClient(
        base_url=BASE_URL,
        token="mock-user-token",
        httpx_args={"transport": httpx.MockTransport(fake)},
    )
    response = finalize_media_upload.sync_detailed(MEDIA_ID, client=client)
    assert isinstance(response.parsed, FinalizeMediaUploadResponse)
    assert fake.request.headers["authorization"] == "Bearer mock-user-token"
    assert "mock-user-token" not in repr(client)
